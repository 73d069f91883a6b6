import { NodeWorkerPool } from '@equitensor/tensor/node';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMaceModel, MacePool, MacePotential } from '../../src/index.ts';
import { atomsOf, reference } from './reference.ts';

const pools = [1, 2, 3].map((k) => new NodeWorkerPool({ workers: k }));
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

describe('MACE on the worker pool (MaceModel.usePool)', () => {
  it('gives mace 0.3.6 energies, per-atom energies and forces of all five structures with 1, 2 and 3 workers', () => {
    const { json } = reference();
    for (const pool of pools) {
      const potential = new MacePotential(loadMaceModel(json).usePool(pool));
      for (const s of json.structures) {
        const r = potential.compute(atomsOf(s), { perAtomEnergies: true });
        // float64 on both sides; issue 20's tolerance, 1e-10 relative (the serial model agrees to ~1e-15)
        expect(Math.abs(r.energy - s.energy)).toBeLessThanOrEqual(1e-10 * Math.abs(s.energy));
        const fMax = Math.max(...s.forces.map(Math.abs));
        for (let i = 0; i < s.forces.length; i++)
          expect(Math.abs((r.forces[i] as number) - (s.forces[i] as number))).toBeLessThanOrEqual(1e-10 * fMax);
        const eMax = Math.max(...s.node_energy.map(Math.abs));
        for (let i = 0; i < s.node_energy.length; i++)
          expect(Math.abs((r.perAtomEnergies?.[i] as number) - (s.node_energy[i] as number))).toBeLessThanOrEqual(1e-10 * eMax);
      }
    }
  });

  it('is the serial model bit for bit for any number of workers (every sum in the serial order), exact and tabulated', () => {
    const { json } = reference();
    const periodic = json.structures[4];
    if (!periodic) throw new Error('reference lacks the periodic structure');
    const atoms = atomsOf(periodic);
    for (const knots of [0, 512]) {
      const serial = new MacePotential(loadMaceModel(json).tabulateRadial(knots)).compute(atoms);
      for (const pool of pools) {
        const model = loadMaceModel(json).tabulateRadial(knots).usePool(pool);
        const potential = new MacePotential(model);
        for (let step = 0; step < 2; step++) {
          // a second call reuses the shared buffers; a displaced atom changes every edge vector of its neighbours
          const a = { ...atoms, positions: Float64Array.from(atoms.positions, (x, i) => (i === 4 && step === 1 ? x + 0.01 : x)) };
          const r = potential.compute(a);
          const ref = step === 0 ? serial : new MacePotential(loadMaceModel(json).tabulateRadial(knots)).compute(a);
          expect(r.energy).toBe(ref.energy);
          expect(Array.from(r.forces)).toEqual(Array.from(ref.forces));
          expect(Array.from(r.virial)).toEqual(Array.from(ref.virial));
        }
        model.usePool(null);
        expect(potential.compute(atoms).energy).toBe(serial.energy);
      }
    }
  });

  it('runs each symmetric contraction, forward and backward, as SymmetricContraction does bit for bit (nodes split unevenly)', () => {
    const { model } = reference();
    const blocks = [0, 1].map((t) => model.block(t));
    // 7 nodes of mixed elements: 7 = 2 + 2 + 3 over three workers, 3 + 4 over two
    const elements = Int32Array.of(0, 2, 1, 1, 0, 2, 0);
    const nodes = elements.length;
    let seed = 1;
    const rand = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647 - 0.5;
    };
    const empty = { senders: new Int32Array(0), receivers: new Int32Array(0), sh: new Float64Array(0), radial: new Float64Array(0) };
    const graph = { ...empty, radialIndex: new Int32Array(0), rowLengths: new Float64Array(0), attrs: new Float64Array(0), elements };
    for (const pool of pools) {
      const macePool = new MacePool(
        blocks.map((b) => b.interaction),
        model.config.numBessel,
        pool,
        blocks.map((b) => b.product),
      );
      macePool.prepare(graph, nodes);
      blocks.forEach(({ product }, t) => {
        const x = Float64Array.from({ length: nodes * product.channels * product.numEll }, rand);
        const gOut = Float64Array.from({ length: nodes * product.irrepsOut.dim }, rand);
        expect(Array.from(macePool.productForward(t, x))).toEqual(Array.from(product.forward(x, elements)));
        expect(Array.from(macePool.productBackward(t, x, gOut))).toEqual(Array.from(product.backward(x, elements, gOut)));
      });
    }
  });

  it('stays bit for bit when two models share one pool and their calls interleave', () => {
    const { json } = reference();
    const periodic = json.structures[4];
    if (!periodic) throw new Error('reference lacks the periodic structure');
    const atoms = atomsOf(periodic);
    const moved = { ...atoms, positions: Float64Array.from(atoms.positions, (x, i) => (i === 4 ? x + 0.01 : x)) };
    const pool = pools[1] as NodeWorkerPool;
    const a = new MacePotential(loadMaceModel(json).usePool(pool));
    const b = new MacePotential(loadMaceModel(json).tabulateRadial(512).usePool(pool));
    const serialA = new MacePotential(loadMaceModel(json));
    const serialB = new MacePotential(loadMaceModel(json).tabulateRadial(512));
    // a, b, a, b: each call must use its own model's buffers, not the ones the other model loaded last
    for (const s of [atoms, moved]) {
      for (const [p, q] of [
        [a, serialA],
        [b, serialB],
      ] as const) {
        const r = p.compute(s);
        const ref = q.compute(s);
        expect(r.energy).toBe(ref.energy);
        expect(Array.from(r.forces)).toEqual(Array.from(ref.forces));
      }
    }
  });
});
