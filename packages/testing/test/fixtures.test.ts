import { afterEach, describe, expect, it } from 'vitest';
import { dataRoot, fixturePath, MissingFixtureError, readFixtureBytes, readFixtureJson, readFixtureText } from '../src/fixtures.ts';

describe('fixtures', () => {
  const saved = process.env.EQUITENSOR_DATA;
  afterEach(() => {
    if (saved === undefined) delete process.env.EQUITENSOR_DATA;
    else process.env.EQUITENSOR_DATA = saved;
  });

  it('finds the shared data README and reads real files', () => {
    expect(readFixtureText('README.md')).toMatch(/Real data for tests/);
    const pqr = readFixtureText('pqr/ion.pqr');
    expect(pqr).toMatch(/ATOM/);
    const npy = readFixtureBytes('chebtuck/newton_cp_n256_U1r.npy');
    expect(Array.from(npy.subarray(1, 6), (b) => String.fromCharCode(b)).join('')).toBe('NUMPY');
    const w3j = readFixtureJson<unknown>('e3nn/e3nn_wigner_3j.json');
    expect(typeof w3j).toBe('object');
  });

  it('fails with a message naming the missing path', () => {
    expect(() => fixturePath('pqr/no-such-file.pqr')).toThrow(MissingFixtureError);
    expect(() => fixturePath('pqr/no-such-file.pqr')).toThrow(/pqr\/no-such-file\.pqr does not exist/);
  });

  it('honours EQUITENSOR_DATA', () => {
    process.env.EQUITENSOR_DATA = '/nonexistent/data';
    expect(dataRoot()).toBe('/nonexistent/data');
    expect(() => fixturePath('README.md')).toThrow(/\/nonexistent\/data\/README\.md does not exist/);
  });
});
