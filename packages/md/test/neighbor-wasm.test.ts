import { readFileSync } from 'node:fs';
import { SeededRng } from '@equitensor/testing';
import { describe, expect, it, vi } from 'vitest';
import { type AtomsState, createSystem, LennardJones, ljUnits, NeighborList, velocityVerlet } from '../src/index.ts';
import { type ScatterScratch, scatterBuildTypeScript } from '../src/neighbor-scatter.ts';
import { neighborKernelBinaryModule, neighborKernelBytes } from '../src/wasm/neighbor-kernel.ts';
import { NEIGHBOR_KERNEL_BASE64 } from '../src/wasm/neighbor-kernel-binary.ts';
import { NeighborWasmSearch, neighborKernelModule } from '../src/wasm/neighbor-wasm.ts';
import { atomsIn, layout, ljLiquid, stepSideBySide } from './helpers.ts';

/** The same atoms in a seeded random index order (index no longer follows position, as after a long liquid run). */
function shuffled(atoms: AtomsState, seed: number): AtomsState {
  const n = atoms.numbers.length;
  const rng = new SeededRng(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let k = n - 1; k > 0; k--) {
    const m = Math.floor(rng.uniformIn(0, k + 1));
    [order[k], order[m]] = [order[m] as number, order[k] as number];
  }
  const positions = new Float64Array(3 * n);
  order.forEach((i, k) => {
    positions.set(atoms.positions.subarray(3 * i, 3 * i + 3), 3 * k);
  });
  return { ...atoms, positions };
}

/** Whether the list's fast path ran the WebAssembly search (its scratch holds the kernel). */
function ranWasm(list: NeighborList): boolean {
  return (Reflect.get(list, 'scratch') as ScatterScratch).wasm instanceof NeighborWasmSearch;
}

/**
 * The WebAssembly candidate search must write exactly the arrays of the TypeScript search and of the O(N²) all-pairs
 * search (the outside reference: every pair and image tested directly): integer arrays and shifts compared with
 * equality, no tolerance — the kernel does the same float64 operations in the same order.
 */
describe('the WebAssembly neighbour-list candidate search', () => {
  it('is the committed binary of its source (regenerate with `pnpm tsx packages/md/scripts/generate-wasm.ts`)', () => {
    const committed = readFileSync(new URL('../src/wasm/neighbor-kernel-binary.ts', import.meta.url), 'utf8');
    expect(committed).toBe(neighborKernelBinaryModule());
    expect(NEIGHBOR_KERNEL_BASE64.length).toBeGreaterThan(1000);
    expect(WebAssembly.validate(new Uint8Array(neighborKernelBytes()))).toBe(true);
    expect(neighborKernelModule()).not.toBeNull();
  });

  const geometries = [
    { name: 'orthorhombic', cell: [13, 0, 0, 0, 12, 0, 0, 0, 14], spread: 0.4, n: 400 },
    { name: 'triclinic', cell: [12, 0, 0, 2.5, 11.5, 0, -1.5, 1.8, 12.5], spread: 0.4, n: 400 },
    { name: 'tilted (b and c leaning 0.3 along x)', cell: [13, 0, 0, 3.9, 13, 0, 3.9, 0, 13], spread: 0.4, n: 400 },
    { name: 'atoms unwrapped by up to 20 boxes', cell: [12, 0, 0, 0, 12, 0, 0, 0, 12], spread: 40, n: 400 },
    // 6 Å ≥ 2 (2.6 + 0.3): four bins per axis and a five-bin stencil, so bins are visited twice, with two images
    { name: 'small cell, each bin seen through two images', cell: [6, 0, 0, 0, 6.2, 0, 0, 0, 6.1], spread: 0.4, n: 40 },
    { name: 'small triclinic cell', cell: [6.5, 0, 0, 0.8, 6.3, 0, -0.6, 0.5, 6.4], spread: 0.4, n: 50 },
  ];
  for (const g of geometries) {
    for (const order of ['in index order', 'shuffled'] as const) {
      it(`equals the TypeScript and all-pairs layouts (order, images, shifts), half and full: ${g.name}, ${order}`, () => {
        let atoms = atomsIn(new SeededRng(21), g.n, g.cell, g.spread);
        if (order === 'shuffled') atoms = shuffled(atoms, 5);
        for (const kind of ['half', 'full'] as const) {
          const wasm = new NeighborList({ cutoff: 2.6, skin: 0.3, kind });
          const ts = new NeighborList({ cutoff: 2.6, skin: 0.3, kind });
          ts.fastPath = scatterBuildTypeScript;
          const brute = new NeighborList({ cutoff: 2.6, skin: 0.3, kind, method: 'all-pairs' });
          wasm.build(atoms);
          ts.build(atoms);
          brute.build(atoms);
          expect(ranWasm(wasm), 'the default fast path runs the WebAssembly search').toBe(true);
          expect(ranWasm(ts)).toBe(false);
          expect(wasm.size).toBeGreaterThan(g.n);
          expect(layout(wasm, g.n), `${kind}`).toEqual(layout(ts, g.n));
          expect(layout(wasm, g.n), `${kind}`).toEqual(layout(brute, g.n));
        }
      });
    }
  }

  it('falls back to the TypeScript search, with the same lists, where WebAssembly is missing', async () => {
    const atoms = atomsIn(new SeededRng(4), 400, [12, 0, 0, 2.5, 11.5, 0, -1.5, 1.8, 12.5], 0.4);
    const brute = new NeighborList({ cutoff: 2.6, skin: 0.3, method: 'all-pairs' });
    brute.build(atoms);
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    try {
      const fresh = (await import('../src/neighbor-list.ts')) as typeof import('../src/neighbor-list.ts');
      const list = new fresh.NeighborList({ cutoff: 2.6, skin: 0.3 });
      list.build(atoms);
      expect((Reflect.get(list, 'scratch') as ScatterScratch).wasm, 'no kernel: the TypeScript search ran').toBeNull();
      expect(layout(list as unknown as NeighborList, 400)).toEqual(layout(brute, 400));
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });

  it('takes a build that fits its memory and leaves one beyond it to the TypeScript search', () => {
    const list = new NeighborList({ cutoff: 2.6, skin: 0.3 });
    const scratch = Reflect.get(list, 'scratch') as ScatterScratch;
    const search = NeighborWasmSearch.create(4) as NeighborWasmSearch; // four 64 KiB pages at most
    scratch.wasm = search;
    const calls = vi.spyOn(search, 'search');
    const ts = new NeighborList({ cutoff: 2.6, skin: 0.3 });
    ts.fastPath = scatterBuildTypeScript;
    for (const [atoms, n, count] of [
      [atomsIn(new SeededRng(6), 400, [12, 0, 0, 0, 12, 0, 0, 0, 12], 0.4), 400, 1], // ≈ 100 kB: fits, one call (400 atoms ≤ a chunk)
      [atomsIn(new SeededRng(7), 4000, [28, 0, 0, 0, 27, 0, 0, 0, 26], 0.2), 4000, 0], // ≈ 700 kB: does not fit
    ] as const) {
      calls.mockClear();
      list.build(atoms);
      ts.build(atoms);
      expect(calls).toHaveBeenCalledTimes(count);
      expect(layout(list, n)).toEqual(layout(ts, n));
    }
  });

  it('reserves more and searches again when atoms are far denser than the box average (a clump over two chunks)', () => {
    // 1,500 atoms in the corner eighth of a 24 Å box: 8× the mean density, so far more pairs than the 1.5× reserve;
    // 1,500 atoms are two calls of the kernel (WASM_SEARCH_CHUNK = 1024)
    const rng = new SeededRng(12);
    const positions = new Float64Array(4500).map(() => rng.uniformIn(0, 12));
    const atoms = createSystem({ numbers: new Int32Array(1500).fill(18), positions, cell: [24, 0, 0, 0, 24, 0, 0, 0, 24], pbc: true });
    const list = new NeighborList({ cutoff: 3.5, skin: 0.3 });
    const search = NeighborWasmSearch.create() as NeighborWasmSearch;
    (Reflect.get(list, 'scratch') as ScatterScratch).wasm = search;
    const calls = vi.spyOn(search, 'search');
    const ts = new NeighborList({ cutoff: 3.5, skin: 0.3 });
    ts.fastPath = scatterBuildTypeScript;
    const brute = new NeighborList({ cutoff: 3.5, skin: 0.3, method: 'all-pairs' });
    list.build(atoms);
    ts.build(atoms);
    brute.build(atoms);
    expect(
      calls.mock.results.some((r) => r.value === -1),
      'some call ran out of room',
    ).toBe(true);
    expect(calls.mock.results.at(-1)?.value).toBe(list.size);
    expect(layout(list, 1500)).toEqual(layout(ts, 1500));
    expect(layout(list, 1500)).toEqual(layout(brute, 1500));
  });

  it('reuses and grows its memory: a larger system after a smaller one, then the smaller again', () => {
    const small = atomsIn(new SeededRng(1), 300, [12, 0, 0, 0, 12, 0, 0, 0, 12], 0.2);
    const large = atomsIn(new SeededRng(2), 4000, [28, 0, 0, 0, 27, 0, 0, 0, 26], 0.2);
    const list = new NeighborList({ cutoff: 2.6, skin: 0.3 });
    const brute = new NeighborList({ cutoff: 2.6, skin: 0.3, method: 'all-pairs' });
    const ts = new NeighborList({ cutoff: 2.6, skin: 0.3 });
    ts.fastPath = scatterBuildTypeScript;
    for (const [atoms, n] of [
      [small, 300],
      [large, 4000],
      [small, 300],
    ] as const) {
      list.build(atoms);
      if (n === 300) {
        brute.build(atoms);
        expect(layout(list, n)).toEqual(layout(brute, n));
      } else {
        ts.build(atoms);
        expect(layout(list, n)).toEqual(layout(ts, n));
      }
    }
  });

  it('gives bit-identical MD to the TypeScript search (256 LJ atoms, 25 steps, rebuilds in between)', () => {
    const wasm = new LennardJones({ cutoff: 2.5, skin: 0.05 });
    const ts = new LennardJones({ cutoff: 2.5, skin: 0.05 });
    ts.neighborList.fastPath = scatterBuildTypeScript;
    const [sa, sb] = stepSideBySide(
      velocityVerlet(wasm, { dt: 0.005, units: ljUnits }),
      velocityVerlet(ts, { dt: 0.005, units: ljUnits }),
      () => ljLiquid(4, 3, 4),
      25,
    );
    expect(wasm.neighborList.buildCount).toBeGreaterThan(2);
    expect(ranWasm(wasm.neighborList)).toBe(true);
    expect(Array.from(sa.system.positions)).toEqual(Array.from(sb.system.positions));
    expect(Array.from(sa.system.velocities)).toEqual(Array.from(sb.system.velocities));
    expect(sa.potentialEnergy).toBe(sb.potentialEnergy);
  });
});
