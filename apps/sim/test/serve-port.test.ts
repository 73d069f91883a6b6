/** `equitensor serve`: a port in use is bad input (exit 2, before any build), not an internal error. */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runEquitensorAsync } from './run-cli.ts';

describe('equitensor serve: the port', () => {
  it('a port already in use: exit 2 naming it, no build started, no stack trace', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runEquitensorAsync(['serve', '--port', String(port), '--json']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`--port ${port}: listen EADDRINUSE`));
      expect(r.stderr).not.toMatch(/building the app|internal error/);
      expect(r.stdout).toBe('');
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
