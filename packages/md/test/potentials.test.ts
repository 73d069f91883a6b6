import { assertClose, assertScalarClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import {
  createSystem,
  cubicLattice,
  EmbeddedAtom,
  LennardJones,
  ljUnits,
  Morse,
  type Potential,
  parseEamFuncfl,
  SumPotential,
  stressTensor,
} from '../src/index.ts';
import { LAMMPS_NKTV2P_METAL, pressVector, readPotentialText, readReference, systemOf } from './helpers.ts';

/** Compare a potential with a LAMMPS reference frame: energy, forces and per-atom energies to 1e-9 relative. */
function checkReference(potential: Potential, file: string, forceScale: number) {
  const frame = readReference(file);
  const system = systemOf(frame);
  const result = potential.compute(system, { perAtomEnergies: true });
  assertScalarClose(result.energy, frame.info.energy as number, { rtol: 1e-9 }, `${file} energy`);
  const forces = frame.arrays.forces!.data as Float64Array;
  assertClose(result.forces, forces, { rtol: 1e-9, atol: 1e-9 * forceScale }, `${file} forces`);
  assertClose(result.perAtomEnergies!, frame.arrays.energies!.data as Float64Array, { rtol: 1e-9 }, `${file} per-atom energies`);
  return { frame, system, result };
}

describe('Lennard-Jones against LAMMPS (lj/cut 2.5, unshifted)', () => {
  for (const file of ['lammps/ref_lj_fcc256_perfect.xyz', 'lammps/ref_lj_fcc256_rattled.xyz']) {
    it(file, () => {
      const { frame, system, result } = checkReference(new LennardJones({ cutoff: 2.5 }), file, 10);
      // LJ units: the file's stress is −(LAMMPS pressure tensor) at rest
      const stress = stressTensor(system, result.virial, ljUnits, { includeKinetic: false });
      assertClose(stress, frame.info.stress as number[], { rtol: 1e-9, atol: 1e-12 }, 'stress');
    });
  }

  it('shifting subtracts φ(rc) per pair inside the cutoff and leaves forces unchanged', () => {
    const frame = readReference('lammps/ref_lj_fcc256_rattled.xyz');
    const system = systemOf(frame);
    const plain = new LennardJones({ cutoff: 2.5 }).compute(system);
    const shifted = new LennardJones({ cutoff: 2.5, shift: true }).compute(system);
    let pairs = 0;
    const list = new LennardJones({ cutoff: 2.5, skin: 0 });
    list.compute(system);
    const nl = list.neighborList;
    for (let k = 0; k < nl.size; k++) pairs++;
    const phiRc = 4 * (2.5 ** -12 - 2.5 ** -6);
    assertScalarClose(shifted.energy, plain.energy - pairs * phiRc, { rtol: 1e-12 }, 'shifted energy');
    assertClose(shifted.forces, plain.forces, { rtol: 0, atol: 0 }, 'forces');
  });
});

describe('EAM against LAMMPS', () => {
  it('funcfl Cu_u3.eam, perfect fcc (−3.54 eV/atom)', () => {
    const eam = EmbeddedAtom.fromFile(readPotentialText('lammps/potentials/Cu_u3.eam'), 'Cu_u3.eam');
    const { frame, system, result } = checkReference(eam, 'lammps/ref_Cu_u3_fcc108_perfect.xyz', 1);
    assertScalarClose(result.energy / 108, -3.54, { rtol: 1e-8 }, 'cohesive energy');
    const press = pressVector(stressTensor(system, result.virial, undefined, { includeKinetic: false }), LAMMPS_NKTV2P_METAL);
    // the perfect crystal's pressure (0.03 bar) is a cancellation of ~1e5-bar terms: compare absolutely
    assertClose(press, frame.info.lammps_press_tensor as number[], { rtol: 1e-6, atol: 1e-9 }, 'pressure tensor');
  });

  it('setfl Cu_mishin1.eam.alloy, rattled fcc (pressure tensor to 1e-9 with LAMMPS’ nktv2p)', () => {
    const eam = EmbeddedAtom.fromFile(readPotentialText('lammps/potentials/Cu_mishin1.eam.alloy'), 'Cu_mishin1.eam.alloy');
    const { frame, system, result } = checkReference(eam, 'lammps/ref_Cu_mishin1_fcc256_rattled.xyz', 2);
    const stress = stressTensor(system, result.virial, undefined, { includeKinetic: false });
    assertClose(
      pressVector(stress, LAMMPS_NKTV2P_METAL),
      frame.info.lammps_press_tensor as number[],
      { rtol: 1e-9, atol: 1e-6 },
      'pressure tensor',
    );
    // the file's eV/Å³ stress was converted with a slightly different constant (ratio 1 + 7.5e-8)
    assertClose(stress, frame.info.stress as number[], { rtol: 2e-7 }, 'stress');
  });

  it('setfl with two elements (synthetic Cu/Ni file, LAMMPS eam/alloy reference)', () => {
    const eam = EmbeddedAtom.fromFile(readPotentialText('local:CuX_synthetic.eam.alloy'), 'CuX_synthetic.eam.alloy');
    expect(eam.splines.symbols).toEqual(['Cu', 'Ni']);
    const { frame, system, result } = checkReference(eam, 'local:ref_CuX_setfl_rattled.xyz', 2);
    const press = pressVector(stressTensor(system, result.virial, undefined, { includeKinetic: false }), LAMMPS_NKTV2P_METAL);
    assertClose(press, frame.info.lammps_press_tensor as number[], { rtol: 1e-9, atol: 1e-5 }, 'pressure tensor');
  });

  it('two funcfl files combined as LAMMPS pair_style eam does', () => {
    const files = [
      parseEamFuncfl(readPotentialText('lammps/potentials/Cu_u3.eam'), { fileName: 'Cu_u3.eam' }),
      parseEamFuncfl(readPotentialText('local:X_synthetic.eam'), { fileName: 'X_synthetic.eam' }),
    ];
    const eam = EmbeddedAtom.fromFuncfl(files);
    const { frame, system, result } = checkReference(eam, 'local:ref_CuX_funcfl_rattled.xyz', 2);
    const press = pressVector(stressTensor(system, result.virial, undefined, { includeKinetic: false }), LAMMPS_NKTV2P_METAL);
    assertClose(press, frame.info.lammps_press_tensor as number[], { rtol: 1e-9, atol: 1e-5 }, 'pressure tensor');
  });

  it('names the atom that the potential does not describe', () => {
    const eam = EmbeddedAtom.fromFile(readPotentialText('lammps/potentials/Cu_u3.eam'), 'Cu_u3.eam');
    const system = createSystem({ numbers: [29, 13], positions: [0, 0, 0, 2.5, 0, 0] });
    expect(() => eam.compute(system)).toThrow(/atom 1 has atomic number 13/);
  });

  it('rejects a truncated file with its line and column', () => {
    const text = readPotentialText('lammps/potentials/Cu_u3.eam').split('\n').slice(0, 50).join('\n');
    expect(() => parseEamFuncfl(text, { fileName: 'cut.eam' })).toThrow(
      /cut\.eam:50:1: expected F\(rho\) value \d+ of 500, found end of file/,
    );
    const lines = readPotentialText('lammps/potentials/Cu_u3.eam').split('\n');
    lines[2] = lines[2]!.replace(/\S+\s*$/, 'oops');
    const bad = lines.join('\n');
    expect(() => parseEamFuncfl(bad, { fileName: 'bad.eam' })).toThrow(/bad\.eam:3:\d+: expected the cutoff, found "oops"/);
  });
});

/** Central finite differences of the energy: forces and the virial W = −∂E/∂ε (symmetric strain). */
function finiteDifferenceCheck(potential: Potential, system: ReturnType<typeof createSystem>, h = 1e-5) {
  const base = potential.compute(system);
  const n = system.masses.length;
  const x = system.positions;
  for (const a of [0, 4, 3 * n - 1]) {
    const x0 = x[a]!;
    x[a] = x0 + h;
    const ep = potential.compute(system).energy;
    x[a] = x0 - h;
    const em = potential.compute(system).energy;
    x[a] = x0;
    assertScalarClose(base.forces[a]!, -(ep - em) / (2 * h), { rtol: 1e-6, atol: 1e-7 }, `force ${a}`);
  }
  const cell0 = Float64Array.from(system.cell!);
  const x0 = Float64Array.from(x);
  const strained = (e: number, p: number, q: number) => {
    const eps = new Float64Array(9);
    eps[3 * p + q] = eps[3 * p + q]! + e / 2;
    eps[3 * q + p] = eps[3 * q + p]! + e / 2;
    const apply = (src: Float64Array, dst: Float64Array, rows: number) => {
      for (let r = 0; r < rows; r++)
        for (let k = 0; k < 3; k++)
          dst[3 * r + k] = src[3 * r + k]! + src[3 * r]! * eps[k]! + src[3 * r + 1]! * eps[3 + k]! + src[3 * r + 2]! * eps[6 + k]!;
    };
    const s = createSystem({ numbers: system.numbers, positions: x0, cell: cell0, pbc: system.pbc, masses: system.masses });
    apply(x0, s.positions, n);
    apply(cell0, s.cell!, 3);
    return potential.compute(s).energy;
  };
  for (const [p, q] of [
    [0, 0],
    [1, 2],
    [0, 1],
  ] as const) {
    const dE = (strained(h, p, q) - strained(-h, p, q)) / (2 * h);
    assertScalarClose(base.virial[3 * p + q]!, -dE, { rtol: 1e-6, atol: 1e-6 }, `virial ${p}${q}`);
  }
}

describe('Morse', () => {
  it('has its minimum −D at r0 and the analytic dimer energy elsewhere', () => {
    const morse = new Morse({ D: 0.3429, alpha: 1.3588, r0: 2.866, cutoff: 9 });
    const at = (r: number) => morse.compute(createSystem({ numbers: [29, 29], positions: [0, 0, 0, r, 0, 0] }));
    const eq = at(2.866);
    assertScalarClose(eq.energy, -0.3429, { rtol: 1e-14 }, 'E(r0)');
    expect(Math.abs(eq.forces[0]!)).toBeLessThan(1e-14);
    const r = 3.4;
    const e = Math.exp(-1.3588 * (r - 2.866));
    assertScalarClose(at(r).energy, 0.3429 * (e * e - 2 * e), { rtol: 1e-14 }, 'E(3.4)');
    // attraction beyond r0: the force on atom 1 points back towards atom 0
    expect(at(r).forces[3]!).toBeLessThan(0);
  });

  it('forces and virial are the derivatives of the energy (finite differences, triclinic cell)', () => {
    const rng = new SeededRng(4);
    const cell = [7, 0, 0, 1, 6.5, 0, 0.5, -0.7, 6.8];
    const base = cubicLattice({ structure: 'fcc', a: 3.3, repeat: [2, 2, 2], number: 29 });
    const positions = base.positions.map((v) => v + rng.normal() * 0.15);
    const system = createSystem({ numbers: base.numbers, positions, cell, pbc: true });
    // h small: the force of a shifted potential jumps at the cutoff, where some pairs sit
    finiteDifferenceCheck(new Morse({ D: 0.3, alpha: 1.4, r0: 2.8, cutoff: 5.5, shift: true }), system, 1e-6);
  });
});

describe('SumPotential', () => {
  it('adds energies, forces, virials and per-atom energies of its terms', () => {
    const frame = readReference('lammps/ref_lj_fcc256_rattled.xyz');
    const system = systemOf(frame);
    const a = new LennardJones({ cutoff: 2.5 });
    const b = new Morse({ D: 0.5, alpha: 2, r0: 1.1, cutoff: 2 });
    const sum = new SumPotential([a, b]).compute(system, { perAtomEnergies: true });
    const ra = a.compute(system, { perAtomEnergies: true });
    const rb = b.compute(system, { perAtomEnergies: true });
    assertScalarClose(sum.energy, ra.energy + rb.energy, { rtol: 1e-14 }, 'energy');
    assertClose(
      sum.forces,
      ra.forces.map((v, k) => v + rb.forces[k]!),
      { rtol: 1e-14, atol: 1e-14 },
      'forces',
    );
    assertClose(
      sum.virial,
      ra.virial.map((v, k) => v + rb.virial[k]!),
      { rtol: 1e-14 },
      'virial',
    );
    assertClose(
      sum.perAtomEnergies!,
      ra.perAtomEnergies!.map((v, k) => v + rb.perAtomEnergies![k]!),
      { rtol: 1e-13 },
      'per-atom',
    );
  });

  it('LJ and EAM forces and virials are energy derivatives (finite differences)', () => {
    const rng = new SeededRng(8);
    const cu = cubicLattice({ structure: 'fcc', a: 3.615, repeat: [2, 2, 2], number: 29 });
    const positions = cu.positions.map((v) => v + rng.normal() * 0.1);
    const cell = [7.23, 0, 0, 0.4, 7.1, 0, -0.3, 0.2, 7.3];
    const system = createSystem({ numbers: cu.numbers, positions, cell, pbc: true });
    finiteDifferenceCheck(
      EmbeddedAtom.fromFile(readPotentialText('lammps/potentials/Cu_mishin1.eam.alloy'), 'Cu_mishin1.eam.alloy'),
      system,
      1e-5,
    );
    finiteDifferenceCheck(new LennardJones({ epsilon: 0.4, sigma: 2.3, cutoff: 5, shift: true }), system, 1e-6);
  });
});
