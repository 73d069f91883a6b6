/**
 * Ewald forces, energy and stress against LAMMPS (`born/coul/long 8.0` + `kspace_style ewald 1e-12`, 29 Sep 2021) on
 * the shared 216-ion rattled NaCl (../shared/data/lammps/ref_NaCl_tosi_fumi_216_rattled.xyz), the Tosi-Fumi
 * Born-Mayer-Huggins term computed here from NaCl_tosi_fumi.born (this package does not depend on md); and the
 * accuracy that `ewaldParameters` delivers for a requested δ, measured against the same LAMMPS forces.
 * The reference's own precision comes from LAMMPS re-runs with other erfc tables (fixtures/generate_lammps_ewald.py).
 */
import { readFileSync } from 'node:fs';
import { parseExtxyz } from '@equitensor/io';
import { readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { ewaldCoulomb } from '../src/index.ts';

/** LAMMPS' k_e in metal units (force.cpp: qqr2e = 14.399645), used by the reference. */
const LAMMPS_QQR2E = 14.399645;
/** LAMMPS' bar per eV/Å³ in metal units (force.cpp: nktv2p = 1.6021765e6). */
const LAMMPS_NKTV2P = 1.6021765e6;
/** The two-charge force of LAMMPS' relative accuracy: k_e·(1 e)²/(1 Å)², eV/Å. */
const TWO_CHARGE_FORCE = LAMMPS_QQR2E;

const frame = parseExtxyz(readFixtureText('lammps/ref_NaCl_tosi_fumi_216_rattled.xyz'), {
  fileName: 'ref_NaCl_tosi_fumi_216_rattled.xyz',
})[0]!;
const positions = frame.positions;
const charges = frame.arrays.charges!.data as Float64Array;
const cell = frame.cell!;
const reference = frame.arrays.forces!.data as Float64Array;
const referenceStress = frame.info.stress as number[];
const n = charges.length;
const L = cell[0]!;
const volume = L * L * L;

/**
 * LAMMPS `pair_style born` (truncated, not shifted) on an orthorhombic cell whose half-edge exceeds the cutoff:
 * E = A exp((σ − r)/ρ) − C/r⁶ + D/r⁸ per pair within the cutoff, by minimum image; forces and virial W = Σ f⊗r.
 */
function bornMayerHuggins(): { energy: number; forces: Float64Array; virial: Float64Array } {
  const table = new Map<string, number[]>();
  for (const line of readFixtureText('lammps/NaCl_tosi_fumi.born').split('\n')) {
    const t = line.split('#')[0]!.trim().split(/\s+/);
    if (t.length !== 8) continue;
    table.set(`${t[0]} ${t[1]}`, t.slice(2).map(Number));
    table.set(`${t[1]} ${t[0]}`, t.slice(2).map(Number));
  }
  const symbol = Array.from(frame.numbers, (z) => (z === 11 ? 'Na' : 'Cl'));
  const forces = new Float64Array(3 * n);
  const virial = new Float64Array(9);
  let energy = 0;
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const d = [0, 1, 2].map((a) => {
        const x = positions[3 * i + a]! - positions[3 * j + a]!;
        return x - cell[4 * a]! * Math.round(x / cell[4 * a]!);
      });
      const r = Math.hypot(d[0]!, d[1]!, d[2]!);
      const [A, rho, sigma, C, D, cutoff] = table.get(`${symbol[i]} ${symbol[j]}`)!;
      if (r >= cutoff!) continue;
      const repulsion = A! * Math.exp((sigma! - r) / rho!);
      energy += repulsion - C! / r ** 6 + D! / r ** 8;
      const dEdr = -repulsion / rho! + (6 * C!) / r ** 7 - (8 * D!) / r ** 9;
      for (let a = 0; a < 3; a++) {
        const f = (-dEdr * d[a]!) / r;
        forces[3 * i + a]! += f;
        forces[3 * j + a]! -= f;
        for (let b = 0; b < 3; b++) virial[3 * a + b]! += f * d[b]!;
      }
    }
  return { energy, forces, virial };
}

const born = bornMayerHuggins();

/**
 * The reference's precision: how far LAMMPS re-runs with `pair_modify table 0` (polynomial erfc) and `table 16` lie
 * from it (the reference used table 12). Its error is of that size; twice the spread covers it, and our float64
 * Ewald at δ = 1e-12 adds nothing visible.
 */
function referencePrecision(): { energy: number; force: number; stress: number[] } {
  const fixture = JSON.parse(readFileSync(new URL('./fixtures/lammps_ewald_nacl.json', import.meta.url), 'utf8')) as {
    variants: Record<string, { energy: number; press: number[]; forces: number[][] }>;
  };
  const stressOrder = [0, 4, 8, 1, 2, 5]; // LAMMPS' Pxx Pyy Pzz Pxy Pxz Pyz in the row-major 3×3
  let energy = 0;
  let force = 0;
  const stress = new Array<number>(9).fill(0);
  for (const v of Object.values(fixture.variants)) {
    energy = Math.max(energy, Math.abs(v.energy - (frame.info.energy as number)));
    v.forces.forEach((row, i) => {
      row.forEach((f, a) => {
        force = Math.max(force, Math.abs(f - reference[3 * i + a]!));
      });
    });
    stressOrder.forEach((k, m) => {
      const s = -v.press[m]! / LAMMPS_NKTV2P;
      const spread = Math.abs(s - referenceStress[k]!);
      stress[k] = Math.max(stress[k]!, spread);
      const t = 3 * (k % 3) + Math.floor(k / 3); // the symmetric partner
      stress[t] = Math.max(stress[t]!, spread);
    });
  }
  return { energy, force, stress };
}

describe('Ewald against LAMMPS born/coul/long + ewald 1e-12 (216-ion rattled NaCl)', () => {
  const precision = referencePrecision();

  it('the reference is precise to ~1e-6 of its forces (LAMMPS erfc tables), the yardstick of the next tests', () => {
    expect(precision.energy / Math.abs(frame.info.energy as number)).toBeLessThan(1e-6);
    expect(precision.force).toBeGreaterThan(0);
    expect(precision.force).toBeLessThan(2e-6); // of forces up to 0.9 eV/Å
  });

  it.each([
    ['r_c = 8 Å (as LAMMPS)', { cutoff: 8 }],
    ['the cost-balanced α', {}],
  ])('all 648 force components, the energy and the 9 stress components, with %s', (_, extra) => {
    const ewald = ewaldCoulomb(positions, charges, cell, { accuracy: 1e-12, coulombConstant: LAMMPS_QQR2E, ...extra });
    const energy = ewald.energy + born.energy;
    expect(Math.abs(energy - (frame.info.energy as number))).toBeLessThanOrEqual(2 * precision.energy);
    let worst = 0;
    for (let k = 0; k < 3 * n; k++) worst = Math.max(worst, Math.abs(ewald.forces[k]! + born.forces[k]! - reference[k]!));
    expect(worst, 'max |ΔF| over 648 components').toBeLessThanOrEqual(2 * precision.force);
    for (let k = 0; k < 9; k++) {
      const stress = -(ewald.virial[k]! + born.virial[k]!) / volume;
      expect(Math.abs(stress - referenceStress[k]!), `stress component ${k}`).toBeLessThanOrEqual(2 * precision.stress[k]!);
    }
  });

  it.each([
    [1e-3, 5],
    [1e-4, 5],
    [1e-5, 5],
    [1e-3, 8],
    [1e-4, 8],
    [1e-5, 8],
    [1e-3, undefined],
    [1e-4, undefined],
    [1e-5, undefined],
  ])('ewaldParameters for δ = %s, r_c = %s delivers δ: RMS force error within δ·k_e e²/Å² and near Kolafa-Perram', (accuracy, cutoff) => {
    const ewald = ewaldCoulomb(positions, charges, cell, {
      accuracy,
      coulombConstant: LAMMPS_QQR2E,
      ...(cutoff === undefined ? {} : { cutoff }),
    });
    let sum = 0;
    for (let k = 0; k < 3 * n; k++) sum += (ewald.forces[k]! + born.forces[k]! - reference[k]!) ** 2;
    const rms = Math.sqrt(sum / n); // per-atom RMS of |ΔF|, the reference's own error (≤ 2e-6 per component) is far below
    // LAMMPS' relative accuracy: the absolute RMS force error over the force between two unit charges 1 Å apart
    expect(rms / TWO_CHARGE_FORCE).toBeLessThanOrEqual(accuracy);
    // Kolafa & Perram (Mol. Simul. 9, 351 (1992)) RMS force error for the chosen α, r_c, kmax, as LAMMPS' ewald.cpp
    // evaluates it: real space 2Q·exp(−α²r_c²)/√(N r_c V), reciprocal 2Qα/L·√(1/(π k N))·exp(−(πk/(αL))²) (Q = k_e Σq²).
    // The estimate assumes uncorrelated charges; within a factor 4 either way on an ionic crystal.
    const { alpha, cutoff: rc, kmax } = ewald.parameters;
    const Q = LAMMPS_QQR2E * charges.reduce((s, x) => s + x * x, 0);
    const real = (2 * Q * Math.exp(-alpha * alpha * rc * rc)) / Math.sqrt(n * rc * volume);
    const kspace = Math.hypot(
      ...kmax.map((k) => ((2 * Q * alpha) / L) * Math.sqrt(1 / (Math.PI * k * n)) * Math.exp(-(((Math.PI * k) / (alpha * L)) ** 2))),
    );
    const estimate = Math.hypot(real, kspace / Math.sqrt(3));
    expect(rms / estimate).toBeGreaterThan(1 / 4);
    expect(rms / estimate).toBeLessThan(4);
  });
});
