import { readFileSync } from 'node:fs';
import { assertClose, assertScalarClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it, vi } from 'vitest';
import { LennardJones, ljUnits, type PotentialResult, stressTensor, velocityVerlet } from '../src/index.ts';
import { ljKernelBinaryModule, ljKernelBytes } from '../src/wasm/lj-kernel.ts';
import { LJ_KERNEL_BASE64 } from '../src/wasm/lj-kernel-binary.ts';
import { LjWasmKernel, ljKernelBinary, ljKernelModule } from '../src/wasm/lj-wasm.ts';
import { atomsIn, ljLiquid, readReference, stepSideBySide, systemOf } from './helpers.ts';

// The WebAssembly kernel does the TypeScript loop's IEEE-754 operations on the same operands in the same order (sums
// over neighbours lane 0 then lane 1; pairs beyond the cutoff add +0, which changes no sum), so the tolerance against
// the TypeScript reference is zero: any reassociation or fused operation would show up here.
function expectIdentical(a: PotentialResult, b: PotentialResult, what: string) {
  expect(a.energy, `${what} energy`).toBe(b.energy);
  expect(a.forces.length).toBe(b.forces.length);
  let differing = 0;
  for (let c = 0; c < a.forces.length; c++) if (a.forces[c] !== b.forces[c]) differing++;
  expect(differing, `${what}: force components that differ`).toBe(0);
  expect(Array.from(a.virial), `${what} virial`).toEqual(Array.from(b.virial));
}

describe('the WebAssembly SIMD Lennard-Jones kernel', () => {
  it('is the committed binary of its source (regenerate with `pnpm tsx packages/md/scripts/generate-wasm.ts`)', () => {
    const committed = readFileSync(new URL('../src/wasm/lj-kernel-binary.ts', import.meta.url), 'utf8');
    expect(committed).toBe(ljKernelBinaryModule());
    expect(Array.from(ljKernelBinary())).toEqual(Array.from(ljKernelBytes()));
    expect(LJ_KERNEL_BASE64.length).toBeGreaterThan(1000);
  });

  it("has a shared-memory variant: the same code, the memory import's limits shared with a 2 GiB maximum", () => {
    const [own, shared] = [ljKernelBytes(), ljKernelBytes('shared')];
    // limits: flag 0 (min only) or 3 (shared, min and max), min 1 page, max 32,768 pages (LEB128 80 80 02)
    const at = (bytes: Uint8Array, limits: number[]) =>
      bytes.findIndex((_, c) => limits.every((b, d) => bytes[c + d] === b) && bytes[c - 1] === 0x02 /* a memory import */);
    const ownAt = at(own, [0x00, 0x01, 0x03]); // min 1, then the function section's id
    const sharedAt = at(shared, [0x03, 0x01, 0x80, 0x80, 0x02]);
    expect(ownAt).toBeGreaterThan(0);
    expect(sharedAt).toBeGreaterThan(0);
    // everything after the limits (the function, export and code sections) is the same bytes
    expect(Array.from(shared.subarray(sharedAt + 5))).toEqual(Array.from(own.subarray(ownAt + 2)));
    const module = new WebAssembly.Module(shared as Uint8Array<ArrayBuffer>);
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
    expect(new WebAssembly.Instance(module, { env: { memory } }).exports.lj).toBeTypeOf('function');
    // a private memory does not fit the shared import (nor a shared one the private kernel's)
    expect(() => new WebAssembly.Instance(module, { env: { memory: new WebAssembly.Memory({ initial: 1 }) } })).toThrow();
    expect(() => new WebAssembly.Instance(ljKernelModule() as WebAssembly.Module, { env: { memory } })).toThrow();
  });

  it('compiles in Node (WebAssembly SIMD is part of V8 since Node 16.4) and is the default kernel', () => {
    expect(ljKernelModule()).not.toBeNull();
    expect(new LennardJones().kernel).toBe('wasm-simd');
    expect(new LennardJones({ kernel: 'typescript' }).kernel).toBe('typescript');
  });

  for (const file of ['lammps/ref_lj_fcc256_perfect.xyz', 'lammps/ref_lj_fcc256_rattled.xyz']) {
    it(`matches LAMMPS lj/cut 2.5 on ${file} (energy, forces, stress)`, () => {
      const frame = readReference(file);
      const system = systemOf(frame);
      const result = new LennardJones({ cutoff: 2.5, kernel: 'wasm' }).compute(system);
      // the reference file's values carry 10 significant digits (as in potentials.test.ts' TypeScript check)
      assertScalarClose(result.energy, frame.info.energy as number, { rtol: 1e-9 }, 'energy');
      assertClose(result.forces, frame.arrays.forces!.data as Float64Array, { rtol: 1e-9, atol: 1e-8 }, 'forces');
      const stress = stressTensor(system, result.virial, ljUnits, { includeKinetic: false });
      assertClose(stress, frame.info.stress as number[], { rtol: 1e-9, atol: 1e-12 }, 'stress');
    });
  }

  it('equals the TypeScript loop bit for bit: LAMMPS frame, shifted, other ε and σ', () => {
    const system = systemOf(readReference('lammps/ref_lj_fcc256_rattled.xyz'));
    for (const options of [{ cutoff: 2.5 }, { cutoff: 2.5, shift: true }, { epsilon: 0.0104, sigma: 1.1, cutoff: 2.2, shift: true }]) {
      const wasm = new LennardJones({ ...options, kernel: 'wasm' }).compute(system);
      const ts = new LennardJones({ ...options, kernel: 'typescript' }).compute(system);
      expectIdentical(wasm, ts, JSON.stringify(options));
    }
  });

  it('equals the TypeScript loop bit for bit with many image pairs (small triclinic cell, unwrapped atoms)', () => {
    // a cell of 2.6 σ planes with rc + skin = 2.8 σ: most pairs cross the boundary, atoms meet their own images
    const rng = new SeededRng(16);
    const cell = [3, 0, 0, 0.7, 3.1, 0, -0.4, 0.5, 2.9];
    const atoms = atomsIn(rng, 9, cell, 1.5);
    const wasm = new LennardJones({ cutoff: 2.5, kernel: 'wasm' }).compute(atoms);
    const ts = new LennardJones({ cutoff: 2.5, kernel: 'typescript' }).compute(atoms);
    expect(wasm.forces.some((f) => f !== 0)).toBe(true);
    expectIdentical(wasm, ts, 'small triclinic cell');
  });

  it('drives 60 steps of the in.lj melt through list rebuilds to the same bits as the TypeScript loop', () => {
    const wasm = new LennardJones({ cutoff: 2.5, skin: 0.3, kernel: 'wasm' });
    const ts = new LennardJones({ cutoff: 2.5, skin: 0.3, kernel: 'typescript' });
    const [a, b] = stepSideBySide(
      velocityVerlet(wasm, { dt: 0.005, units: ljUnits }),
      velocityVerlet(ts, { dt: 0.005, units: ljUnits }),
      () => ljLiquid(5, 1.44, 7),
      60,
    );
    expect(wasm.neighborList.buildCount).toBeGreaterThan(2);
    expect(a.potentialEnergy).toBe(b.potentialEnergy);
    expect(Array.from(a.system.positions)).toEqual(Array.from(b.system.positions));
    expect(Array.from(a.virial)).toEqual(Array.from(b.virial));
  });

  it('per-atom energies (TypeScript loop) sum to the WebAssembly energy', () => {
    const system = systemOf(readReference('lammps/ref_lj_fcc256_rattled.xyz'));
    const lj = new LennardJones({ cutoff: 2.5, kernel: 'wasm' });
    const perAtom = lj.compute(system, { perAtomEnergies: true });
    const plain = lj.compute(system);
    expectIdentical(plain, perAtom, 'with and without per-atom energies');
  });

  it('falls back to the TypeScript loop, and says so, where WebAssembly is missing', async () => {
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    try {
      const fresh = (await import('../src/potentials/lennard-jones.ts')) as typeof import('../src/potentials/lennard-jones.ts');
      const lj = new fresh.LennardJones({ cutoff: 2.5 });
      expect(lj.kernel).toBe('typescript');
      expect(() => new fresh.LennardJones({ kernel: 'wasm' })).toThrow(/WebAssembly SIMD/);
      const frame = readReference('lammps/ref_lj_fcc256_rattled.xyz');
      // LAMMPS' energy to its 10 printed digits, as above
      assertScalarClose(lj.compute(systemOf(frame)).energy, frame.info.energy as number, { rtol: 1e-9 }, 'energy');
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });

  it('declines a list that outgrows its memory (the caller runs the TypeScript loop) and takes it when it fits', () => {
    const system = systemOf(readReference('lammps/ref_lj_fcc256_rattled.xyz'));
    const lj = new LennardJones({ cutoff: 2.5, kernel: 'typescript' });
    const ts = lj.compute(system);
    // 256 atoms, 9,990 list entries: 80 kB of neighbour and image indices alone, more than one 64 KiB page
    expect(LjWasmKernel.create(1)?.compute(lj.neighborList, system.positions, lj.constants)).toBeNull();
    const roomy = LjWasmKernel.create(4)?.compute(lj.neighborList, system.positions, lj.constants);
    expect(roomy?.energy).toBe(ts.energy);
  });
});
