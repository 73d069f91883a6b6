/** The `serve` and `view` commands' checks that happen before anything is built (bad options, bad files). */
import { describe, expect, it } from 'vitest';
import { runEquitensor } from './run-cli.ts';

const equitensor = (args: readonly string[]) => runEquitensor(args);

describe('equitensor serve / view: bad input exits 2 before building', () => {
  it('rejects a bad --port', () => {
    const r = equitensor(['serve', '--port', '70000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--port must be an integer in 0…65535, got "70000"/);
  });

  it('rejects a file of unknown type', () => {
    const r = equitensor(['view', 'apps/sim/package.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/package\.json: unknown file type/);
  });

  it('names the line and column of a bad file (io ParseError)', () => {
    const r = equitensor(['view', 'apps/sim/test/fixtures/broken.pdb']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.pdb:3:\d+: expected/);
  });
});
