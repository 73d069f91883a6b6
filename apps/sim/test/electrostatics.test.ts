import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { directCoulomb, ewaldCoulomb } from '@equitensor/electrostatics';
import { parseExtxyz, parseNpy, parsePqr } from '@equitensor/io';
import { fixturePath } from '@equitensor/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { runEquitensor } from './run-cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'equitensor-electrostatics-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `equitensor electrostatics --input INPUT --method METHOD …options --json`. */
const electrostatics = (input: string, method: string, ...options: string[]) =>
  runEquitensor(['electrostatics', '--input', input, '--method', method, ...options, '--json']);

describe('equitensor electrostatics', () => {
  it('direct: the open NaCl cube energy, and the potential grid as .npy', () => {
    const out = join(scratch, 'potential.npy');
    const r = electrostatics(fixturePath('crystals/NaCl_cluster_8x8x8_open.xyz'), 'direct', '--grid', '12', '--potential-out', out);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      energy: number;
      atoms: number;
      forces: { maxAbs: number };
      seconds: number;
      potential: { shape: number[] };
    };
    expect(report.atoms).toBe(512);
    expect(Math.abs(report.energy + 2214.2922941889) / 2214.2922941889).toBeLessThan(1e-10);
    expect(report.forces.maxAbs).toBeGreaterThan(0.1);
    expect(report.seconds).toBeGreaterThanOrEqual(0);
    const npy = parseNpy(new Uint8Array(readFileSync(out)));
    expect(npy.shape).toEqual([12, 12, 12]);
    expect(report.potential.shape).toEqual([12, 12, 12]);
    // The cube is neutral and symmetric under inversion through its centre up to sign: φ(centre + d) = −φ(centre − d).
    const at = (i: number, j: number, k: number) => npy.data[(i * 12 + j) * 12 + k] as number;
    expect(Math.abs(at(2, 3, 4) + at(9, 8, 7))).toBeLessThan(1e-9 * Math.abs(at(2, 3, 4)) + 1e-12);
  });

  it('ewald: the stored ZnS energy with its parameters', () => {
    const r = electrostatics(fixturePath('crystals/ZnS_conventional.xyz'), 'ewald', '--accuracy', '1e-12');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { energy: number; ewald: { alpha: number; kmax: number[] }; forces: { maxAbs: number } };
    expect(Math.abs(report.energy + 161.123383121416) / 161.123383121416).toBeLessThan(1e-9);
    expect(report.ewald.kmax).toHaveLength(3);
    expect(report.forces.maxAbs).toBeLessThan(1e-10);
  });

  it('ewald: the potential of rock salt on a fractional grid as .npy', () => {
    const input = fixturePath('crystals/NaCl_conventional.xyz');
    const out = join(scratch, 'ewald-potential.npy');
    const r = electrostatics(input, 'ewald', '--accuracy', '1e-12', '--grid', '8,8,10', '--potential-out', out);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { potential: { shape: number[]; offset: number[]; units: string; range: number[] } };
    expect(report.potential.shape).toEqual([8, 8, 10]);
    expect(report.potential.units).toBe('V');
    const npy = parseNpy(new Uint8Array(readFileSync(out)));
    expect(npy.shape).toEqual([8, 8, 10]);
    const at = (i: number, j: number, k: number) => npy.data[(i * 8 + j) * 10 + k] as number;
    // Translating by a/2 along x swaps Na and Cl: φ(r + a/2 x̂) = −φ(r).
    expect(Math.abs(at(1, 2, 3) + at(5, 2, 3))).toBeLessThan(1e-9 * Math.abs(at(1, 2, 3)));
    // φ at a node is dE/dq of a test charge there (E from ewaldCoulomb, quadratic in q: central difference is exact).
    const crystal = parseExtxyz(readFileSync(input, 'utf8'))[0]!;
    const charges = (crystal.arrays.charges as { data: Float64Array }).data;
    const a = crystal.cell![0]!;
    const node = [(1 + 0.5) / 8, (2 + 0.5) / 8, (3 + 0.5) / 10].map((s) => s * a);
    const energy = (q: number) =>
      ewaldCoulomb(new Float64Array([...crystal.positions, ...node]), new Float64Array([...charges, q]), crystal.cell!, { accuracy: 1e-12 })
        .energy;
    const phi = (energy(0.5) - energy(-0.5)) / 1;
    expect(Math.abs(at(1, 2, 3) - phi)).toBeLessThan(1e-9 * Math.abs(phi));
  });

  it('rs: a PQR protein with Tucker ranks, agreeing with direct to the requested accuracy', () => {
    const input = fixturePath('pqr/1ajj.pqr');
    const out = join(scratch, 'rs-potential.npy');
    const rs = electrostatics(input, 'rs', '--accuracy', '1e-4', '--potential-out', out);
    expect(rs.code, rs.stderr).toBe(0);
    const protein = parsePqr(readFileSync(input, 'utf8'))[0]!;
    const d = directCoulomb(protein.positions, (protein.arrays.charges as { data: Float64Array }).data);
    const report = JSON.parse(rs.stdout) as { energy: number; ranks: number[]; rs: { canonicalRank: number; gridSize: number } };
    const n = report.rs.gridSize;
    const npy = parseNpy(new Uint8Array(readFileSync(out)));
    expect(npy.shape).toEqual([n, n, n]);
    expect(Array.from(npy.data).every((v) => Number.isFinite(v as number))).toBe(true);
    expect(report.ranks).toHaveLength(3);
    expect(report.ranks[0]).toBeLessThan(report.rs.canonicalRank);
    expect(Math.abs(report.energy - d.energy) / Math.abs(d.energy)).toBeLessThan(1e-4);
  });

  it('exits with 2 on a structure without charges, a periodic input for rs and a bad ewald grid', () => {
    const noCharges = join(scratch, 'plain.xyz');
    writeFileSync(noCharges, '2\nProperties=species:S:1:pos:R:3 pbc="F F F"\nNa 0 0 0\nCl 2.8 0 0\n');
    const cases = [
      ['--input', noCharges],
      ['--input', fixturePath('crystals/NaCl_conventional.xyz'), '--method', 'rs'],
      [
        '--input',
        fixturePath('crystals/NaCl_conventional.xyz'),
        '--method',
        'ewald',
        '--grid',
        '8,8',
        '--potential-out',
        join(scratch, 'x.npy'),
      ],
    ];
    for (const args of cases) {
      const r = runEquitensor(['electrostatics', ...args, '--json']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/equitensor: /);
    }
  });
});
