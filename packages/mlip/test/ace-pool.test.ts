import { parseExtxyz } from '@equitensor/io';
import type { AtomsState } from '@equitensor/md';
import { NodeWorkerPool } from '@equitensor/tensor/node';
import { maxDeviation, readFixtureText, SeededRng } from '@equitensor/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { type AceBasisSpec, AceDescriptor, AcePool, MlipPotential, neighborData, type TensorProductKind } from '../src/index.ts';

const pools = [1, 2, 3].map((workers) => new NodeWorkerPool({ workers }));
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

const frames = parseExtxyz(readFixtureText('mlip/Si_tiny.xyz'), { fileName: 'Si_tiny.xyz' });

function atomsOf(index: number, relabel: boolean): AtomsState {
  const f = frames.filter((s) => s.numbers.length > 1)[index];
  if (!f?.cell) throw new Error(`Si_tiny.xyz lacks periodic frame ${index}`);
  // every third atom a carbon: a two-species system, so the species offsets of the density and the chain rule matter
  const numbers = Int32Array.from(f.numbers, (z, i) => (relabel && i % 3 === 1 ? 6 : z));
  return { positions: Float64Array.from(f.positions), numbers, cell: f.cell, pbc: f.pbc };
}

/** An order-4 model with seeded random coefficients (every feature weighted, so every adjoint path contributes). */
function model(kind: TensorProductKind, species: number[]): MlipPotential {
  const spec: AceBasisSpec = { species, order: 4, maxDegree: [8, 7, 6, 6], wL: 1, rcut: 4.5, lambda: 1.5, rin: 0.5, constant: true };
  const descriptor = new AceDescriptor(spec, kind);
  const rng = new SeededRng(16);
  const coefficients = Float64Array.from({ length: descriptor.columns }, () => rng.uniformIn(-1, 1));
  return new MlipPotential(descriptor, new Map(species.map((z) => [z, -1.5])), coefficients);
}

/** Largest |a − b| over the largest |b| (testing's maxDeviation). */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const { err, scale } = maxDeviation(a, b);
  return scale === 0 ? err : err / scale;
}

describe('the ACE potential on the shared-memory worker pool (MlipPotential.usePool)', () => {
  for (const kind of ['cg', 'gaunt'] as const) {
    it(`${kind}: energy, per-atom energies, forces and virial equal AceDescriptor.evaluate on this thread and 1, 2, 3 workers`, () => {
      for (const [index, relabel, species] of [
        [frames.filter((s) => s.numbers.length > 1).length - 1, true, [6, 14]],
        [0, false, [14]],
      ] as const) {
        const atoms = atomsOf(index, relabel);
        const m = model(kind, [...species]);
        const runners = [
          new AcePool(m.descriptor, m.coefficients, null),
          ...pools.map((pool) => new AcePool(m.descriptor, m.coefficients, pool)),
        ];
        for (let step = 0; step < 2; step++) {
          // the second call moves one atom (every vector of its neighbours changes) and reuses the shared buffers
          const a = { ...atoms, positions: Float64Array.from(atoms.positions, (x, i) => (i === 1 && step === 1 ? x + 0.03 : x)) };
          const nd = neighborData(a, m.cutoff);
          // the oracle: the descriptor's own evaluation (tested against finite differences and ACE reference values)
          const ref = m.descriptor.evaluate(a, nd, m.coefficients);
          expect(Math.max(...Array.from(ref.forces, Math.abs))).toBeGreaterThan(1e-3); // not trivially zero
          for (const runner of runners) {
            const r = runner.evaluate(a, nd);
            // issue 16: pooled = serial within 1e-12 relative (the kernel repeats the serial operations in the serial
            // order, so the two are in fact equal bit for bit; the exact checks below hold that)
            expect(Math.abs(r.energy - ref.energy)).toBeLessThanOrEqual(1e-12 * Math.abs(ref.energy));
            expect(relativeError(r.forces, ref.forces)).toBeLessThanOrEqual(1e-12);
            expect(relativeError(r.virial, ref.virial)).toBeLessThanOrEqual(1e-12);
            expect(relativeError(r.perAtomEnergies, ref.perAtomEnergies)).toBeLessThanOrEqual(1e-12);
            expect(r.energy).toBe(ref.energy);
            expect(Array.from(r.forces)).toEqual(Array.from(ref.forces));
            expect(Array.from(r.virial)).toEqual(Array.from(ref.virial));
            expect(Array.from(r.perAtomEnergies)).toEqual(Array.from(ref.perAtomEnergies));
          }
        }
      }
    });
  }

  it('MlipPotential: one thread and usePool(pool) give the same MD-step results bit for bit and say how many workers ran', () => {
    const atoms = atomsOf(frames.filter((s) => s.numbers.length > 1).length - 1, true);
    const m = model('cg', [6, 14]);
    for (const pool of pools) {
      const pooled = m.usePool(pool);
      expect([m.workerCount, pooled.workerCount]).toEqual([1, pool.size]);
      for (let step = 0; step < 2; step++) {
        const a = { ...atoms, positions: Float64Array.from(atoms.positions, (x, i) => (i === 4 && step === 1 ? x - 0.02 : x)) };
        const ref = m.compute(a, { perAtomEnergies: true });
        const r = pooled.compute(a, { perAtomEnergies: true });
        expect(r.energy).toBe(ref.energy);
        expect(Array.from(r.forces)).toEqual(Array.from(ref.forces));
        expect(Array.from(r.perAtomEnergies ?? [])).toEqual(Array.from(ref.perAtomEnergies ?? []));
      }
    }
  });

  it('gives the same numbers on every run with the same workers (deterministic reduction)', () => {
    const atoms = atomsOf(frames.filter((s) => s.numbers.length > 1).length - 1, true);
    const pooled = model('cg', [6, 14]).usePool(pools[1] as NodeWorkerPool);
    const first = pooled.compute(atoms);
    const second = pooled.compute(atoms);
    expect(second.energy).toBe(first.energy);
    expect(Array.from(second.forces)).toEqual(Array.from(first.forces));
  });

  it('refuses the kinds without a pooled kernel (grid, cp) and a coefficient vector of the wrong length', () => {
    const pool = pools[0] as NodeWorkerPool;
    expect(() => model('grid', [14]).usePool(pool)).toThrow(/pooled ACE kernel runs the kinds cg and gaunt, not 'grid'/);
    const m = model('cg', [14]);
    expect(() => new AcePool(m.descriptor, new Float64Array(3), pool)).toThrow(RangeError);
  });
});
