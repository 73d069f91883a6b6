/**
 * Building the browser app with Vite's `build` API and serving it on 127.0.0.1 with a small static
 * server (Node's `http`), plus two routes for `equitensor view`: `/api/startup` (what to open) and
 * `/api/file` (the file's bytes).
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (path === '/api/startup') {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(file ? { file: { name: file.name, url: './api/file' } } : {}));
      return;
    }
    if (path === '/api/file' && file) {
      // streamed, with its length, so the app can show the first frames and its progress while the rest arrives
      response.writeHead(200, {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': String(statSync(file.path).size),
        'cache-control': 'no-store',
      });
      createReadStream(file.path).pipe(response);
      return;
    }
    const target = normalize(join(root, path === '/' ? 'index.html' : path));
    if (target !== root && !target.startsWith(root + sep)) {
      response.writeHead(403).end('forbidden');
      return;
    }
    if (!existsSync(target) || !statSync(target).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(target)] ?? 'application/octet-stream' });
    response.end(readFileSync(target));
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      resolvePromise({ url: `http://127.0.0.1:${actual}/`, server });
    });
  });
}
