import { readFileSync } from 'node:fs';
import { rockSalt, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { BornMayerHuggins, CoulombPme, type PotentialResult, systemFromStructure } from '../src/index.ts';
import { ionicKernelBinaryModule, ionicKernelBytes } from '../src/wasm/ionic-kernel.ts';
import { IONIC_KERNEL_BASE64 } from '../src/wasm/ionic-kernel-binary.ts';
import { IonicWasmKernel, ionicKernelBinary } from '../src/wasm/ionic-wasm.ts';
import { readPotentialText, readReference } from './helpers.ts';

// The WebAssembly walk does `sumIonicPairs`' IEEE-754 operations on the same operands in the same order (only the
// + 0 shift of zero-image pairs is skipped, which can change nothing but the sign of an exactly zero difference), so
// the tolerance against the TypeScript reference is zero: any reassociation would show up here.
function expectIdentical(a: PotentialResult, b: PotentialResult, what: string) {
  expect(a.energy, `${what} energy`).toBe(b.energy);
  let differing = 0;
  for (let c = 0; c < a.forces.length; c++) if (a.forces[c] !== b.forces[c]) differing++;
  expect(differing, `${what}: force components that differ`).toBe(0);
  expect(Array.from(a.virial), `${what} virial`).toEqual(Array.from(b.virial));
}

/** The same CoulombPme evaluation with the WebAssembly and the TypeScript walks. */
function bothKernels(
  atoms: Parameters<CoulombPme['compute']>[0],
  options: { accuracy: number; cutoff: number; shortRange?: BornMayerHuggins },
) {
  const wasm = new CoulombPme({ ...options, kernel: 'wasm' });
  const ts = new CoulombPme({ ...options, kernel: 'typescript' });
  return { wasm: wasm.compute(atoms), ts: ts.compute(atoms), kernel: wasm.kernel };
}

describe('the WebAssembly PME real-space kernel', () => {
  it('is the committed binary of its source (regenerate with `pnpm tsx packages/md/scripts/generate-wasm.ts`)', () => {
    const committed = readFileSync(new URL('../src/wasm/ionic-kernel-binary.ts', import.meta.url), 'utf8');
    expect(committed).toBe(ionicKernelBinaryModule());
    expect(Array.from(ionicKernelBinary())).toEqual(Array.from(ionicKernelBytes()));
    expect(IONIC_KERNEL_BASE64.length).toBeGreaterThan(1000);
  });

  it("compiles in Node and is CoulombPme's default walk for Coulomb alone", () => {
    expect(IonicWasmKernel.create()).not.toBeNull();
    for (const tabulated of [false, true])
      expect(Array.from(ionicKernelBinary(tabulated))).toEqual(Array.from(ionicKernelBytes(tabulated)));
    expect(new CoulombPme().kernel).toBe('wasm');
    expect(new CoulombPme({ kernel: 'typescript' }).kernel).toBe('typescript');
  });

  it('equals the TypeScript walk bit for bit on the LAMMPS NaCl reference frame, at two accuracies', () => {
    const system = systemFromStructure(readReference('lammps/ref_NaCl_tosi_fumi_216_rattled.xyz'));
    for (const accuracy of [1e-5, 1e-10]) {
      const { wasm, ts, kernel } = bothKernels(system, { accuracy, cutoff: 8 });
      expect(kernel).toBe('wasm');
      expectIdentical(wasm, ts, `accuracy ${accuracy}`);
    }
    // the kernel itself walked the pairs (none closer than 1 Å here)
    const pme = new CoulombPme({ accuracy: 1e-5, cutoff: 8, kernel: 'typescript' });
    pme.compute(system);
    const table = (pme as unknown as { table: Parameters<IonicWasmKernel['compute']>[3] }).table;
    const forces = new Float64Array(system.positions.length);
    expect(IonicWasmKernel.create()!.compute(pme.neighborList, system.positions, system.charges!, table, 14.4, 64, forces)).not.toBeNull();
  });

  it('walks the species-pair table (Coulomb + Tosi-Fumi Born in one loop) bit for bit as sumTabulatedPairs', () => {
    const system = systemFromStructure(readReference('lammps/ref_NaCl_tosi_fumi_216_rattled.xyz'));
    const born = BornMayerHuggins.fromFile(readPotentialText('lammps/NaCl_tosi_fumi.born'));
    for (const accuracy of [1e-5, 1e-10]) {
      const { wasm, ts } = bothKernels(system, { accuracy, cutoff: 8, shortRange: born });
      expectIdentical(wasm, ts, `Born + PME, accuracy ${accuracy}`);
    }
    // the kernel itself walked the pairs (no pair closer than a row's exact-below distance here)
    const pme = new CoulombPme({ accuracy: 1e-5, cutoff: 8, shortRange: born });
    pme.compute(system);
    const types = born.pairTerms(system.numbers).types;
    const forces = new Float64Array(system.positions.length);
    expect(IonicWasmKernel.create()!.computeTabulated(pme.neighborList, system.positions, types, pme.pairTable!, forces)).not.toBeNull();
    expect(new CoulombPme({ accuracy: 1e-5, cutoff: 8, shortRange: born }).compute(system).energy).toBe(
      new CoulombPme({ accuracy: 1e-5, cutoff: 8, shortRange: born, kernel: 'typescript' }).compute(system).energy,
    );
  });

  it('equals the TypeScript walk bit for bit with many image pairs, uncharged and fractional charges', () => {
    // a sheared 2×2×2 cell (11.3 Å) with r_c = 9 Å: most pairs cross the boundary, atoms meet their own images
    const rng = new SeededRng(21);
    const cell = new Float64Array([11.28, 0, 0, 1.3, 11.28, 0, -0.9, 0.7, 11.28]);
    const salt = rockSalt(2, { cell, displace: () => 0.6 * (rng.uniform() - 0.5) });
    const charges = salt.charges.map((q, i) => (i % 7 === 3 ? 0 : q * (0.8 + 0.01 * (i % 5))));
    const numbers = Int32Array.from(charges, (q) => (q >= 0 ? 11 : 17));
    const atoms = { numbers, positions: salt.positions, cell, pbc: [true, true, true] as const, charges };
    const { wasm, ts } = bothKernels(atoms, { accuracy: 1e-6, cutoff: 9 });
    expectIdentical(wasm, ts, 'sheared cell');
  });

  it('leaves pairs closer than the table start (1 Å) to the TypeScript walk: same result, and per-atom energies too', () => {
    const salt = rockSalt(2);
    const positions = salt.positions.slice();
    // atom 1 moved to 0.8 Å from atom 0
    positions.set([positions[0]! + 0.8, positions[1]!, positions[2]!], 3);
    const numbers = Int32Array.from(salt.charges, (q) => (q > 0 ? 11 : 17));
    const atoms = { numbers, positions, cell: salt.cell, pbc: [true, true, true] as const, charges: salt.charges };
    const { wasm, ts } = bothKernels(atoms, { accuracy: 1e-6, cutoff: 5 });
    expectIdentical(wasm, ts, 'close pair');
    const kernel = IonicWasmKernel.create()!;
    const pme = new CoulombPme({ accuracy: 1e-6, cutoff: 5, kernel: 'typescript' });
    pme.compute(atoms);
    const table = (pme as unknown as { table: Parameters<IonicWasmKernel['compute']>[3] }).table;
    const forces = new Float64Array(positions.length).fill(7);
    expect(kernel.compute(pme.neighborList, positions, salt.charges, table, 14.4, 25, forces)).toBeNull();
    expect(forces.every((f) => f === 7)).toBe(true);
    const perAtom = new CoulombPme({ accuracy: 1e-6, cutoff: 5 }).compute(
      { ...atoms, positions: salt.positions },
      { perAtomEnergies: true },
    );
    const reference = new CoulombPme({ accuracy: 1e-6, cutoff: 5, kernel: 'typescript' }).compute(
      { ...atoms, positions: salt.positions },
      { perAtomEnergies: true },
    );
    expect(Array.from(perAtom.perAtomEnergies!)).toEqual(Array.from(reference.perAtomEnergies!));
  });
});
