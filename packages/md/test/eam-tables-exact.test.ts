import { assertClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import {
  createSystem,
  EmbeddedAtom,
  funcflSplines,
  parseEamFuncfl,
  parseEamSetfl,
  setflSplines,
  splineCoefficients,
} from '../src/index.ts';
import { readPotentialText } from './helpers.ts';

// md-eam mutation survivors (issue 21): the EAM tables' grid and the spline ends against exact identities and LAMMPS'
// own rules (pair_eam.cpp file2array/interpolate, pair_eam_alloy.cpp file2array), not against what the code returned.

describe('EAM spline tables: exact identities and LAMMPS grid rules', () => {
  it('the spline of a linear table is that line in every interval, ends included (interpolate’s slope estimates are exact for lines)', () => {
    // f(m) = 3 + 2m on spacing 0.5: every slope estimate of LAMMPS' interpolate (forward/backward at the ends, central
    // next to them, the 5-point stencil inside) is exactly 2 per point, so the Hermite cubic is the line itself. All
    // numbers are small integers or halves: exact in binary floating point, hence tolerance 0.
    const n = 9,
      delta = 0.5;
    const f = new Float64Array(n + 1);
    for (let m = 1; m <= n; m++) f[m] = 3 + 2 * m;
    const s = splineCoefficients(f, n, delta);
    for (let m = 1; m < n; m++) {
      for (const p of [0, 0.25, 0.5, 1]) {
        const c = 7 * m;
        const value = ((s[c + 3]! * p + s[c + 4]!) * p + s[c + 5]!) * p + s[c + 6]!;
        const slope = (s[c]! * p + s[c + 1]!) * p + s[c + 2]!;
        expect(value, `value at m = ${m}, p = ${p}`).toBe(3 + 2 * (m + p));
        expect(slope, `derivative at m = ${m}, p = ${p}`).toBe(2 / delta);
      }
    }
  });

  it('funcfl: the common grid is LAMMPS’ (nr = ⌊r_max/dr + ½⌋), and one file keeps its own node values', () => {
    const cu = parseEamFuncfl(readPotentialText('lammps/potentials/Cu_u3.eam'), { fileName: 'Cu_u3.eam' });
    const sp = funcflSplines([cu]);
    // pair_eam.cpp file2array: rmax = (nr − 1)·dr = 4.99 Å, nr = int(rmax/dr + 0.5) = 499 (one fewer than the file)
    expect(sp.nr).toBe(499);
    expect(sp.nrho).toBe(499);
    expect(sp.rhomax).toBe((cu.nrho - 1) * cu.drho);
    // 4-point Lagrange interpolation at the table's own nodes returns the node values; r = (m − 1)·dr divided by dr
    // lands within a few ulp of m ≤ 512 (ulp 1.1e-13), so the offset p is off by ≤ ~2.3e-13 and the value by at most
    // that times the Lagrange slope (< 2) times the largest change between neighbouring nodes: atol 5e-13·max|Δf|.
    // The pair term is LAMMPS' r·φ = 27.2·0.529·Z(r)² (Hartree·Bohr to eV·Å); its node at r = 0 (Z = 10) is the one
    // where the first Lagrange coefficient is 1.
    const e = cu.elements[0]!;
    const nodes = (s: Float64Array, count: number) => Array.from({ length: count }, (_, m) => s[7 * (m + 1) + 6]!);
    const expectNodes = (s: Float64Array, table: ArrayLike<number>, count: number, label: string) => {
      const want = Array.from({ length: count }, (_, m) => table[m + 1]!);
      const step = Math.max(...want.slice(1).map((v, m) => Math.abs(v - want[m]!)));
      assertClose(nodes(s, count), want, { rtol: 1e-15, atol: 5e-13 * step }, label);
    };
    expectNodes(sp.frho[0]!, e.frho, sp.nrho, 'F nodes');
    expectNodes(sp.rhor[0]!, e.rhor, sp.nr, 'rho nodes');
    const z = e.zr!;
    expectNodes(
      sp.z2r[0]!,
      z.map((v) => 27.2 * 0.529 * v * v),
      sp.nr,
      'r·phi nodes',
    );
  });

  it('setfl: ρ_max = (Nrho − 1)·dρ on the file’s own grid (pair_eam_alloy.cpp file2array)', () => {
    const file = parseEamSetfl(readPotentialText('lammps/potentials/Cu_mishin1.eam.alloy'), { fileName: 'Cu_mishin1.eam.alloy' });
    const sp = setflSplines(file);
    expect(sp.nrho).toBe(file.nrho);
    expect(sp.nr).toBe(file.nr);
    expect(sp.rhomax).toBe((file.nrho - 1) * file.drho);
  });
});

describe('EmbeddedAtom: file kinds, lookups and results', () => {
  const cuText = () => readPotentialText('lammps/potentials/Cu_u3.eam');

  it('a name ending in .eam is funcfl even if .setfl occurs earlier in it; dr = 0 is refused', () => {
    expect(EmbeddedAtom.fromFile(cuText(), 'Cu.setfl.eam').name).toBe('eam:Cu.setfl.eam');
    const lines = cuText().split('\n');
    lines[2] = '500 0.1 500 0 4.95';
    expect(() => parseEamFuncfl(lines.join('\n'), { fileName: 'z.eam' })).toThrow(/expected positive drho, dr and cutoff, found .*dr=0,/);
  });

  it('atomic number 256 is not an element; per-atom energies only on request', () => {
    const eam = EmbeddedAtom.fromFile(cuText(), 'Cu_u3.eam');
    expect(() => eam.massesFor(Int32Array.of(256))).toThrow(/atom 0 has atomic number 256/);
    const dimer = createSystem({ numbers: [29, 29], positions: [0, 0, 0, 2.5, 0, 0] });
    expect(eam.compute(dimer).perAtomEnergies).toBeUndefined();
    expect(eam.compute(dimer, { perAtomEnergies: true }).perAtomEnergies).toHaveLength(2);
  });
});
