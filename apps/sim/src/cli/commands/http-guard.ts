/**
 * The local server's rules for a request before anything is served: the method (GET and HEAD only),
 * the `Host` (only the bound loopback address, against DNS rebinding), the request target (a path that
 * decodes, no NUL), and the security headers sent with every answer.
 */
import type { IncomingMessage } from 'node:http';

/** The structure archives the app may download from (open by PDB ID): RCSB and PDBe. */
export const STRUCTURE_ARCHIVES: readonly string[] = ['https://files.rcsb.org', 'https://www.ebi.ac.uk'];

/**
 * What every answer carries: no MIME sniffing, a Content-Security-Policy, no framing, no referrer, and cross-origin
 * isolation (`Cross-Origin-Opener-Policy: same-origin` with `Cross-Origin-Embedder-Policy: require-corp`), which
 * gives the page `SharedArrayBuffer`, so that the simulation worker's pool of Web Workers can share memory. Under
 * `require-corp` everything the app loads is its own (same origin, `Cross-Origin-Resource-Policy: same-origin`) or
 * fetched with CORS (the structure archives).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': contentSecurityPolicy(false),
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

/**
 * The Content-Security-Policy of the app. Everything comes from the server itself ('self'): the module
 * scripts, the Web Workers (module workers from /assets), the stylesheet, `fetch` of /api/* and /data/*.
 * `data:` images are the favicon (`<link rel="icon" href="data:,">`); `blob:` covers the downloads the
 * app offers (object URLs); `fetch` of `data:` and `blob:` URLs (the viewer's PNG export read back) stays
 * local; `fetch` may also reach the RCSB and PDBe download servers ({@link STRUCTURE_ARCHIVES}). No inline script, no plugins, no framing, no forms, no `<base>`.
 * With `allowEval` (the worker scripts only) `new Function` is allowed: so3's generated Clebsch-Gordan
 * kernels run in the simulation worker (without it they fall back to a slower closure, same results), and so are
 * `blob:` workers: the worker pool of `@equitensor/tensor` starts its Web Workers from a Blob URL (they inherit this
 * policy and compile the pooled kernels with `new Function`).
 *
 * @example
 * ```ts
 * response.setHeader('content-security-policy', contentSecurityPolicy(false));
 * ```
 */
export function contentSecurityPolicy(allowEval: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self'${allowEval ? " 'unsafe-eval'" : ''}`,
    `worker-src 'self'${allowEval ? ' blob:' : ''}`,
    `connect-src 'self' data: blob: ${STRUCTURE_ARCHIVES.join(' ')}`,
    "img-src 'self' data: blob:",
    "style-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A refused request: the status and a one-line reason (plain text). */
export interface Refusal {
  readonly status: number;
  readonly reason: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The methods the server answers. */
export const ALLOWED_METHODS = ['GET', 'HEAD'] as const;

/**
 * The `host:port` spellings of the loopback address the server is bound to (127.0.0.1, localhost, [::1]),
 * lower case.
 *
 * @example
 * ```ts
 * allowedHosts(8080); // ['127.0.0.1:8080', 'localhost:8080', '[::1]:8080']
 * ```
 */
export function allowedHosts(port: number): string[] {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  // a browser leaves the default port out of `Host`
  return [...names.map((name) => `${name}:${port}`), ...(port === 80 ? names : [])];
}

/**
 * Check a request and return its decoded path, or a {@link Refusal} (405 for another method, 403 for
 * another `Host`, 400 for a target that is not a valid URL or whose path does not decode).
 *
 * @example
 * ```ts
 * const checked = checkRequest(request, allowedHosts(8080));
 * if ('status' in checked) response.writeHead(checked.status).end(checked.reason);
 * else serve(checked.path);
 * ```
 */
export function checkRequest(
  request: Pick<IncomingMessage, 'method' | 'url' | 'headers'>,
  hosts: readonly string[],
): { path: string } | Refusal {
  const method = request.method ?? '';
  if (!(ALLOWED_METHODS as readonly string[]).includes(method)) {
    return { status: 405, reason: `method ${method} not allowed`, headers: { allow: ALLOWED_METHODS.join(', ') } };
  }
  const host = (request.headers.host ?? '').toLowerCase();
  if (!hosts.includes(host)) return { status: 403, reason: `host "${host}" not allowed (this server answers ${hosts.join(', ')})` };
  const target = request.url ?? '/';
  let url: URL;
  try {
    // origin-form (`/path`) is read as a path even when it starts with `//`; absolute-form (`http://host/path`) as a URL
    url = new URL(target.startsWith('/') ? `http://${host}${target}` : target);
  } catch {
    return { status: 400, reason: 'bad request target' };
  }
  // an absolute-form target names its own authority: it must be ours too
  if (url.protocol !== 'http:' || !hosts.includes(url.host.toLowerCase()))
    return { status: 403, reason: 'the request target names another host' };
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return { status: 400, reason: 'bad percent-encoding in the path' };
  }
  if (path.includes('\0')) return { status: 400, reason: 'NUL in the path' };
  return { path };
}
