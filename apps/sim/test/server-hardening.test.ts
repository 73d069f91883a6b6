/**
 * The local server (`equitensor serve` / `view`) cannot be knocked over: raw malformed requests over a
 * socket (bad escapes, absolute-form targets, huge headers, garbage), a file that vanished, other methods
 * and other hosts each get a 4xx/5xx, and the server answers the next request. Served from a small
 * stand-in app folder, so no build is needed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveApp } from '../src/cli/commands/app-server.ts';
import { allowedHosts, checkRequest } from '../src/cli/commands/http-guard.ts';

/** One raw HTTP exchange: the status, the headers (lower-case names) and the body. */
interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Send `text` as is over a new TCP connection and read until the server closes it. */
function raw(port: number, text: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const all = Buffer.concat(chunks).toString('latin1');
      const [head = '', body = ''] = all.split('\r\n\r\n', 2);
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
    // not `end`: a half-closed client may be dropped before an asynchronous answer; `connection: close` ends it
    socket.write(text);
  });
}

/** A request line plus headers, closing the connection after the answer. */
function request(port: number, target: string, options: { method?: string; host?: string; extra?: string } = {}): Promise<RawAnswer> {
  const host = options.host ?? `127.0.0.1:${port}`;
  return raw(port, `${options.method ?? 'GET'} ${target} HTTP/1.1\r\nhost: ${host}\r\n${options.extra ?? ''}connection: close\r\n\r\n`);
}

describe('the local server survives malformed and hostile requests', () => {
  let dir: string;
  let server: Server;
  let port: number;
  const viewed = () => join(dir, 'viewed.xyz');
  const alive = async (): Promise<void> => {
    const answer = await request(port, '/');
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('stand-in app');
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'equitensor-server-'));
    mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><title>stand-in app</title>\n');
    writeFileSync(join(dir, 'dist', 'assets', 'sim.worker-abc123.js'), 'self.onmessage = () => {};\n');
    writeFileSync(viewed(), '1\n\nH 0 0 0\n');
    const served = await serveApp(join(dir, 'dist'), 0, { name: 'viewed.xyz', path: viewed() });
    server = served.server;
    port = Number(new URL(served.url).port);
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a malformed percent-escape (GET /%) with 400 and keeps serving', async () => {
    const answer = await request(port, '/%');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(/percent-encoding/);
    await alive();
  });

  it('answers an unparsable absolute-form target (http://[x/) with 400 and keeps serving', async () => {
    expect((await request(port, 'http://[x/')).status).toBe(400);
    await alive();
  });

  it('refuses an absolute-form target naming another host, accepts one naming itself', async () => {
    expect((await request(port, 'http://evil.example/index.html')).status).toBe(403);
    expect((await request(port, `http://127.0.0.1:${port}/index.html`)).status).toBe(200);
  });

  it('answers headers over the size limit with 431 and keeps serving', async () => {
    const answer = await request(port, '/', { extra: `x-big: ${'a'.repeat(100_000)}\r\n` });
    expect(answer.status).toBe(431);
    await alive();
  });

  it('answers garbage that is not HTTP with 400 and keeps serving', async () => {
    expect((await raw(port, '\x00\x01\x02 not http at all\r\n\r\n')).status).toBe(400);
    expect((await raw(port, 'GET / HTTP/1.1\r\nbad header line\r\n\r\n')).status).toBe(400);
    await alive();
  });

  it('answers GET /api/file with 404 once the viewed file is removed, and serves it again when it is back', async () => {
    const before = await request(port, '/api/file');
    expect(before.status).toBe(200);
    expect(before.body).toBe('1\n\nH 0 0 0\n');
    rmSync(viewed());
    const gone = await request(port, '/api/file');
    expect(gone.status).toBe(404);
    expect(gone.body).toMatch(/viewed\.xyz is no longer there/);
    await alive();
    writeFileSync(viewed(), '1\n\nHe 0 0 0\n');
    expect((await request(port, '/api/file')).body).toBe('1\n\nHe 0 0 0\n');
  });

  it('answers GET and HEAD only: 405 with an Allow header otherwise', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
      const answer = await request(port, '/', { method, extra: 'content-length: 0\r\n' });
      expect(answer.status, method).toBe(405);
      expect(answer.headers.allow).toBe('GET, HEAD');
    }
    const head = await request(port, '/index.html', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    expect(head.body).toBe('');
  });

  it('refuses a Host that is not the bound address (DNS rebinding) with 403', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`, `127.0.0.1.evil.example:${port}`]) {
      const answer = await request(port, '/api/file', { host });
      expect(answer.status, host).toBe(403);
    }
    // HTTP/1.1 without any Host
    expect((await raw(port, 'GET / HTTP/1.1\r\nconnection: close\r\n\r\n')).status).toBe(400);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`])
      expect((await request(port, '/', { host })).status, host).toBe(200);
  });

  it('keeps paths inside the app folder and rejects NUL', async () => {
    expect((await request(port, '/..%2f..%2fetc%2fpasswd')).status).toBe(403);
    expect((await request(port, '/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
    expect((await request(port, '/index.html%00.js')).status).toBe(400);
    expect((await request(port, '/assets')).status).toBe(404);
    await alive();
  });

  it('sends nosniff and a Content-Security-Policy with every answer; eval only for worker scripts', async () => {
    for (const target of ['/', '/api/startup', '/api/file', '/missing', '/%']) {
      const answer = await request(port, target);
      expect(answer.headers['x-content-type-options'], target).toBe('nosniff');
      expect(answer.headers['content-security-policy'], target).toMatch(/default-src 'self'/);
    }
    const page = (await request(port, '/')).headers['content-security-policy']!;
    expect(page).toMatch(/script-src 'self'(;|$)/);
    expect(page).toMatch(/frame-ancestors 'none'/);
    const worker = await request(port, '/assets/sim.worker-abc123.js');
    expect(worker.status).toBe(200);
    expect(worker.headers['content-type']).toMatch(/^text\/javascript/);
    expect(worker.headers['content-security-policy']).toMatch(/script-src 'self' 'unsafe-eval'/);
  });
});

describe('checkRequest (the rules alone)', () => {
  const ask = (host: string | undefined, url: string, method = 'GET') =>
    checkRequest({ method, url, headers: host === undefined ? {} : { host } }, allowedHosts(80));

  it('on port 80 accepts the Host a browser sends without the port, and with it', () => {
    expect(ask('localhost', '/a%20b')).toEqual({ path: '/a b' });
    expect(ask('127.0.0.1:80', '/')).toEqual({ path: '/' });
    expect(ask('localhost', 'http://127.0.0.1/x')).toEqual({ path: '/x' });
    expect(ask('localhost:8080', '/')).toMatchObject({ status: 403 });
    expect(ask(undefined, '/')).toMatchObject({ status: 403 });
  });

  it('reads an origin-form target starting with // as a path, not as another host', () => {
    expect(ask('localhost', '//evil.example/x')).toEqual({ path: '//evil.example/x' });
    expect(ask('localhost', 'https://localhost/')).toMatchObject({ status: 403 });
    expect(ask('localhost', '*', 'GET')).toMatchObject({ status: 400 });
  });
});
