/**
 * Building the browser app with Vite's `build` API and serving it on 127.0.0.1 with a small static
 * server (Node's `http`, GET and HEAD only), plus two routes for `equitensor view`: `/api/startup`
 * (what to open) and `/api/file` (the file's bytes).
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { allowedHosts, checkRequest, contentSecurityPolicy, SECURITY_HEADERS } from './http-guard.ts';

/** The app's folder (apps/sim) and its build output folder. */
export const APP_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DIST_DIR = join(APP_ROOT, 'dist');

/**
 * Build the app into `apps/sim/dist` (Vite, production mode). Returns the output folder.
 *
 * @example
 * ```ts
 * const dist = await buildApp();
 * ```
 */
export async function buildApp(outDir = DIST_DIR): Promise<string> {
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: APP_ROOT,
    base: './',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 5000, reportCompressedSize: false },
    worker: { format: 'es' },
  });
  return outDir;
}

/** A file the server offers to the app at start-up (`equitensor view FILE`). */
export interface ServedFile {
  readonly name: string;
  readonly path: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
};

/**
 * Serve a built app folder on 127.0.0.1 (`port` 0 picks a free port). Resolves once listening.
 * No request can stop it: each answer is a 2xx, or a 4xx/5xx with a one-line reason (see http-guard.ts
 * for the method, `Host` and target rules and the security headers); a file that vanished or cannot be
 * read is a 404 or 500, and a read failing midway ends that response only.
 *
 * @example
 * ```ts
 * const { url, server } = await serveApp(DIST_DIR, 0);
 * console.log(url); // http://127.0.0.1:41234/
 * server.close();
 * ```
 */
export function serveApp(dist: string, port: number, file: ServedFile | null = null): Promise<{ url: string; server: Server }> {
  const root = resolve(dist);
  let hosts: string[] = [];
  const server = createServer((request, response) => {
    try {
      answer(request, response);
    } catch (error) {
      fail(response, 500, `internal error: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  const answer = (request: IncomingMessage, response: ServerResponse): void => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    const checked = checkRequest(request, hosts);
    if ('status' in checked) {
      fail(response, checked.status, checked.reason, checked.headers);
      return;
    }
    const { path } = checked;
    const head = request.method === 'HEAD';
    if (path === '/api/startup') {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(file ? { file: { name: file.name, url: './api/file' } } : {}));
      return;
    }
    if (path === '/api/file' && file) {
      // streamed, with its length, so the app can show the first frames and its progress while the rest arrives
      sendFile(response, file.path, 'text/plain; charset=utf-8', head, `${file.name} is no longer there`);
      return;
    }
    const target = normalize(join(root, path === '/' ? 'index.html' : path));
    if (target !== root && !target.startsWith(root + sep)) {
      fail(response, 403, 'forbidden');
      return;
    }
    // the worker scripts get a policy of their own that lets so3 compile its kernels (see http-guard.ts)
    if (/\.worker-[^/]*\.js$/.test(target)) response.setHeader('content-security-policy', contentSecurityPolicy(true));
    sendFile(response, target, CONTENT_TYPES[extname(target)] ?? 'application/octet-stream', head, 'not found');
  };
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // malformed requests, headers over Node's limit: answer when the socket still can, never throw
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      hosts = allowedHosts(actual);
      resolvePromise({ url: `http://127.0.0.1:${actual}/`, server });
    });
  });
}

/** Answer with a status and a one-line plain-text reason. */
function fail(response: ServerResponse, status: number, reason: string, headers: Readonly<Record<string, string>> = {}): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  response.end(`${reason}\n`);
}

/**
 * Send a regular file with its length, streamed. A file that is missing (or not a regular file) is a 404
 * with `missing`; one that cannot be opened a 500; a read that fails once the headers are out cuts the
 * connection (the client sees a short body, never a complete-looking one).
 */
function sendFile(response: ServerResponse, path: string, contentType: string, head: boolean, missing: string): void {
  let size: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) {
      fail(response, 404, missing);
      return;
    }
    size = stats.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(
      response,
      code === 'ENOENT' || code === 'ENOTDIR' ? 404 : 500,
      code === 'ENOENT' || code === 'ENOTDIR' ? missing : 'cannot read the file',
    );
    return;
  }
  if (size === 0 || head) {
    response.writeHead(200, { 'content-type': contentType, 'content-length': String(size), 'cache-control': 'no-store' });
    response.end();
    return;
  }
  // at most the bytes announced, should the file grow meanwhile
  const stream = createReadStream(path, { start: 0, end: size - 1 });
  stream.once('open', () => {
    response.writeHead(200, { 'content-type': contentType, 'content-length': String(size), 'cache-control': 'no-store' });
    pipeline(stream, response, () => {
      // a failure midway (the file shrank or vanished, the client left) ends this response only
    });
  });
  stream.once('error', (error: NodeJS.ErrnoException) => {
    if (!response.headersSent)
      fail(response, error.code === 'ENOENT' ? 404 : 500, error.code === 'ENOENT' ? missing : 'cannot read the file');
  });
}
