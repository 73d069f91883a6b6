import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCif, parseExtxyz, parseLammpsData, parsePqr } from '@equitensor/io';
import { fixturePath, readFixtureText } from '@equitensor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runEquitensorAsync } from './run-cli.ts';

/** Run the real CLI as `pnpm equitensor` does, asynchronously so the runs below overlap. */
const runEquitensor = (args: readonly string[]): Promise<CliRun> => runEquitensorAsync(args);

const dir = mkdtempSync(join(tmpdir(), 'equitensor-convert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const paths = {
  xyz: join(dir, '1ajj.xyz'),
  data: join(dir, 'nacl.out'),
  bad: join(dir, 'bad.xyz'),
  never: join(dir, 'never.pdb'),
  bead: join(dir, 'bead.pdb'),
  beadXyz: join(dir, 'bead.xyz'),
  beadRefused: join(dir, 'bead-refused.xyz'),
};
const runs: Record<string, CliRun> = {};
beforeAll(async () => {
  writeFileSync(paths.bad, '2\nenergy=1\nH 0 0 0\nH 0 zero 0\n');
  // a coarse-grained bead whose element columns 77-78 hold "Qq", no element symbol
  writeFileSync(paths.bead, 'ATOM      1  B1  BEA A   1       1.000   2.000   3.000  1.00  0.00          Qq\nEND\n');
  const jobs: Record<string, string[]> = {
    pqr: ['convert', fixturePath('pqr/1ajj.pqr'), paths.xyz, '--json'],
    cif: ['convert', fixturePath('crystals/NaCl_symmetric.cif'), paths.data, '--to', 'lammps-data', '--json'],
    bad: ['convert', paths.bad, paths.never],
    unknown: ['convert', fixturePath('pqr/ion.pqr'), join(dir, 'x.unknown')],
    noCharges: ['convert', fixturePath('crystals/NaCl_symmetric.cif'), join(dir, 'z.pqr')],
    beadRefused: ['convert', paths.bead, paths.beadRefused],
    beadAsX: ['convert', paths.bead, paths.beadXyz, '--unknown-elements-as-x', '--json'],
  };
  const entries = Object.entries(jobs);
  const results = await Promise.all(entries.map(([, args]) => runEquitensor(args)));
  entries.forEach(([name], k) => {
    runs[name] = results[k]!;
  });
}, 60_000);

describe('equitensor convert', () => {
  it('PQR → extxyz with --json: one JSON object with frames and atoms, nothing lost', () => {
    const out = paths.xyz;
    const r = runs.pqr!;
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ from: 'pqr', to: 'extxyz', frames: 1, atoms: 519, totalAtoms: 519 });
    const [original] = parsePqr(readFixtureText('pqr/1ajj.pqr'));
    const [converted] = parseExtxyz(readFileSync(out, 'utf8'));
    expect(Array.from(converted!.positions)).toEqual(Array.from(original!.positions));
    expect(Array.from(converted!.arrays.charges!.data as Float64Array)).toEqual(Array.from(original!.arrays.charges!.data as Float64Array));
  });

  it('symmetric CIF → LAMMPS data with an explicit --to', () => {
    const data = paths.data;
    const r = runs.cif!;
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ from: 'cif', to: 'lammps-data', frames: 1, atoms: 8, formula: { Na: 4, Cl: 4 } });
    const [s] = parseLammpsData(readFileSync(data, 'utf8'));
    const [cif] = parseCif(readFixtureText('crystals/NaCl_symmetric.cif'));
    expect(Array.from(s!.positions)).toEqual(Array.from(cif!.positions));
  });

  it('a bad file exits 2 with a message naming file, line and column, and writes nothing', () => {
    const r = runs.bad!;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${paths.bad}:4:5: expected a real number for pos`);
    expect(r.stdout).toBe('');
    expect(existsSync(paths.never)).toBe(false);
  });

  it('an unknown element symbol exits 2 naming line and column; --unknown-elements-as-x reads it as X', () => {
    const refused = runs.beadRefused!;
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${paths.bead}:1:77:`);
    expect(existsSync(paths.beadRefused)).toBe(false);
    const asX = runs.beadAsX!;
    expect(asX.code, asX.stderr).toBe(0);
    const [bead] = parseExtxyz(readFileSync(paths.beadXyz, 'utf8'), { unknownElements: 'X' });
    expect(Array.from(bead!.numbers)).toEqual([0]);
    expect(Array.from(bead!.positions)).toEqual([1, 2, 3]);
  });

  it('usage errors exit 2: unknown extension, a format that cannot hold the data', () => {
    const unknown = runs.unknown!;
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/cannot tell the format/);
    const noCharges = runs.noCharges!;
    expect(noCharges.code).toBe(2);
    expect(noCharges.stderr).toMatch(/charges/);
  });
});
