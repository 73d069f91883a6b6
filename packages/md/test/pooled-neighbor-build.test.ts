import { NodeWorkerPool } from '@equitensor/tensor/node';
import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { type AtomsState, createSystem, LennardJones, ljUnits, NeighborList, velocityVerlet } from '../src/index.ts';
import { scatterBuildTypeScript } from '../src/neighbor-scatter.ts';
import { ParallelLennardJones, PooledNeighborBuild } from '../src/node/index.ts';
import { atomsIn, layout, ljLiquid, stepSideBySide } from './helpers.ts';

/**
 * The pooled build must write exactly the arrays of the O(N²) all-pairs search (the outside reference: every pair and
 * image tested directly) and of the serial cell-list build, for every worker count: integer arrays and shifts compared
 * with equality, no tolerance.
 */
describe('PooledNeighborBuild (neighbour-list build on the shared worker pool)', () => {
  const geometries = [
    { name: 'orthorhombic', cell: [13, 0, 0, 0, 12, 0, 0, 0, 14], spread: 0.4 },
    { name: 'triclinic', cell: [12, 0, 0, 2.5, 11.5, 0, -1.5, 1.8, 12.5], spread: 0.4 },
    { name: 'atoms unwrapped by up to 20 boxes', cell: [12, 0, 0, 0, 12, 0, 0, 0, 12], spread: 40 },
  ];
  for (const workers of [1, 2, 3]) {
    it(`k = ${workers}: the all-pairs and serial layouts (order, images, shifts), half and full, repeatably`, async () => {
      const pool = new NodeWorkerPool({ workers });
      try {
        for (const g of geometries) {
          const atoms = atomsIn(new SeededRng(21), 400, g.cell, g.spread);
          for (const kind of ['half', 'full'] as const) {
            const pooled = new NeighborList({ cutoff: 2.6, skin: 0.3, kind });
            const build = new PooledNeighborBuild(pool);
            pooled.fastPath = build.build;
            const serial = new NeighborList({ cutoff: 2.6, skin: 0.3, kind });
            const brute = new NeighborList({ cutoff: 2.6, skin: 0.3, kind, method: 'all-pairs' });
            pooled.build(atoms);
            serial.build(atoms);
            brute.build(atoms);
            expect(build.builds, `${g.name}: built on the pool`).toBe(1);
            expect(pooled.size).toBeGreaterThan(400);
            expect(layout(pooled, 400), `${g.name}, ${kind}`).toEqual(layout(brute, 400));
            expect(layout(pooled, 400)).toEqual(layout(serial, 400));
            expect(pooled.neighbors.buffer).toBeInstanceOf(SharedArrayBuffer);
            pooled.build(atoms); // a second build reuses the shared storage and gives the same list
            expect(build.builds).toBe(2);
            expect(layout(pooled, 400)).toEqual(layout(brute, 400));
          }
        }
      } finally {
        await pool.close();
      }
    });
  }

  it("the workers' WebAssembly search writes the JavaScript search's arrays (and the all-pairs ones), half and full", async () => {
    const pool = new NodeWorkerPool({ workers: 2 });
    try {
      for (const g of geometries) {
        const atoms = atomsIn(new SeededRng(8), 400, g.cell, g.spread);
        for (const kind of ['half', 'full'] as const) {
          const lists = (['wasm', 'typescript'] as const).map((search) => {
            const list = new NeighborList({ cutoff: 2.6, skin: 0.3, kind });
            list.fastPath = new PooledNeighborBuild(pool, { search }).build;
            list.build(atoms);
            return layout(list, 400);
          });
          const brute = new NeighborList({ cutoff: 2.6, skin: 0.3, kind, method: 'all-pairs' });
          brute.build(atoms);
          expect(lists[0], `${g.name}, ${kind}`).toEqual(lists[1]);
          expect(lists[0], `${g.name}, ${kind}`).toEqual(layout(brute, 400));
        }
      }
    } finally {
      await pool.close();
    }
  });

  it("more atoms per worker than one call of the WebAssembly search takes: the TypeScript search's arrays, k = 2 and 3", async () => {
    // 5,000 atoms: 1,667 to 2,500 per worker, two or three calls of WASM_SEARCH_CHUNK = 1024 atoms each
    const atoms = atomsIn(new SeededRng(13), 5000, [36, 0, 0, 0, 35, 0, 0, 0, 34], 0.3);
    const reference = new NeighborList({ cutoff: 2.6, skin: 0.3 });
    reference.fastPath = scatterBuildTypeScript;
    reference.build(atoms);
    for (const workers of [2, 3]) {
      const pool = new NodeWorkerPool({ workers });
      try {
        const pooled = new NeighborList({ cutoff: 2.6, skin: 0.3 });
        pooled.fastPath = new PooledNeighborBuild(pool).build;
        pooled.build(atoms);
        expect(pooled.size).toBeGreaterThan(5000);
        expect(layout(pooled, 5000), `k = ${workers}`).toEqual(layout(reference, 5000));
      } finally {
        await pool.close();
      }
    }
  });

  it("splits the next build's atoms by this build's pairs (a dense lower half of the indices), same arrays", async () => {
    // atoms 0 … 999 in the corner eighth of a 24 Å box (8× the mean density), 1000 … 1999 spread over the whole box: the
    // half list's pairs (i < j, counted for j) are mostly the first thousand's, so worker 0 should get fewer atoms
    const rng = new SeededRng(17);
    const positions = new Float64Array(6000).map((_, c) => rng.uniformIn(0, c < 3000 ? 12 : 24));
    const atoms = createSystem({ numbers: new Int32Array(2000).fill(18), positions, cell: [24, 0, 0, 0, 24, 0, 0, 0, 24], pbc: true });
    const pool = new NodeWorkerPool({ workers: 2 });
    try {
      const build = new PooledNeighborBuild(pool);
      const pooled = new NeighborList({ cutoff: 3, skin: 0.3 });
      pooled.fastPath = build.build;
      const serial = new NeighborList({ cutoff: 3, skin: 0.3 });
      serial.build(atoms);
      pooled.build(atoms); // on equal ranges; then the ranges of the next build
      expect(layout(pooled, 2000)).toEqual(layout(serial, 2000));
      const [, split] = Array.from(Reflect.get(build, 'ranges') as Int32Array);
      expect(split, 'worker 0 takes fewer of the dense atoms').toBeLessThan(1000);
      expect(split).toBeGreaterThan(0);
      pooled.build(atoms);
      expect(layout(pooled, 2000), 'the build on the new ranges').toEqual(layout(serial, 2000));
    } finally {
      await pool.close();
    }
  });

  /** A list built on a 2-worker pool beside the all-pairs search; the pooled build's count and both layouts. */
  async function pooledAndBrute(atoms: AtomsState, n: number, cutoff: number) {
    const pool = new NodeWorkerPool({ workers: 2 });
    try {
      const pooled = new NeighborList({ cutoff, skin: 0.3 });
      const build = new PooledNeighborBuild(pool);
      pooled.fastPath = build.build;
      const brute = new NeighborList({ cutoff, skin: 0.3, method: 'all-pairs' });
      pooled.build(atoms);
      brute.build(atoms);
      return { builds: build.builds, pooled: layout(pooled, n), brute: layout(brute, n) };
    } finally {
      await pool.close();
    }
  }

  it('grows its per-worker pair slices when atoms are far denser than the box average (a clump)', async () => {
    // 300 atoms in the corner eighth of a 16 Å box: 8× the mean density, so far more pairs than the 1.5× reserve
    const rng = new SeededRng(5);
    const positions = new Float64Array(900).map(() => rng.uniformIn(0, 8));
    const atoms = createSystem({ numbers: new Int32Array(300).fill(18), positions, cell: [16, 0, 0, 0, 16, 0, 0, 0, 16], pbc: true });
    const { builds, pooled, brute } = await pooledAndBrute(atoms, 300, 3.5);
    expect(builds).toBe(1);
    expect(pooled).toEqual(brute);
  });

  it('falls back to the general search (on this thread) where the fast path does not apply: a box under 2 (rc + skin)', async () => {
    const { builds, pooled, brute } = await pooledAndBrute(atomsIn(new SeededRng(3), 60, [6, 0, 0, 0, 6, 0, 0, 0, 6], 0.2), 60, 3);
    expect(builds).toBe(0);
    expect(pooled).toEqual(brute);
  });

  it("ParallelLennardJones builds its list on its pool, MD matches the serial potential's, and close() restores the serial build", async () => {
    const parallel = new ParallelLennardJones({ cutoff: 2.5, workers: 2 });
    const pa = velocityVerlet(parallel, { dt: 0.005, units: ljUnits });
    const pb = velocityVerlet(new LennardJones({ cutoff: 2.5 }), { dt: 0.005, units: ljUnits });
    const [sa, sb] = stepSideBySide(pa, pb, () => ljLiquid(6, 1.44, 3), 30);
    const list = parallel.neighborList;
    expect(list.buildCount).toBeGreaterThan(1);
    expect(parallel.listBuild.builds).toBe(list.buildCount);
    // the lists are the serial build's, so only the force sums' reassociation separates the runs (as parallel.test.ts)
    expect(Math.abs(sa.potentialEnergy - sb.potentialEnergy)).toBeLessThan(1e-9 * Math.abs(sb.potentialEnergy));
    await parallel.close();
    const builds = parallel.listBuild.builds;
    list.build(sa.system);
    expect(parallel.listBuild.builds).toBe(builds);
    expect(list.buildCount).toBe(builds + 1);
  });
});
