import { NodeWorkerPool } from '@equitensor/tensor/node';
import { assertClose, assertScalarClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { berendsenBarostat, LennardJones, ljUnits, velocityVerlet } from '../src/index.ts';
import { ParallelLennardJones } from '../src/node/index.ts';
import { ljLiquid, readReference, stepSideBySide, systemOf } from './helpers.ts';
import { expectPooledAgreement, expectSerialAgreement } from './pooled.ts';

describe('ParallelLennardJones (worker_threads over shared memory)', () => {
  for (const kernel of ['wasm', 'typescript'] as const) {
    it(`k = 1, 2, 3 workers equal the serial potential to 1e-12 and repeat bit for bit (LAMMPS reference frame, ${kernel} kernel)`, async () => {
      const frame = readReference('lammps/ref_lj_fcc256_rattled.xyz');
      const system = systemOf(frame);
      const b = new LennardJones({ cutoff: 2.5, kernel: 'typescript' }).compute(system);
      // the frame's energy is written by LAMMPS with 10 significant digits
      assertScalarClose(b.energy, frame.info.energy as number, { rtol: 1e-9 }, 'LAMMPS energy');
      // same pair terms added in another order: reassociation only, ~1e-15 relative per sum of ~40 terms; the same k
      // gives the same bits every time
      const make = (workers: number) => new ParallelLennardJones({ cutoff: 2.5, workers, kernel });
      await expectPooledAgreement(make, system, b, 3);
      // the kernel every worker ran (a worker that cannot compile the WebAssembly kernel reports the JavaScript walk)
      const two = make(2);
      try {
        two.compute(system);
        expect(two.kernel).toBe(kernel === 'wasm' ? 'wasm-simd' : 'typescript');
      } finally {
        await two.close();
      }
    });
  }

  it("one worker with the WebAssembly kernel gives the serial potential's bits (same walk, same order)", async () => {
    const system = systemOf(readReference('lammps/ref_lj_fcc256_rattled.xyz'));
    const parallel = new ParallelLennardJones({ cutoff: 2.5, workers: 1, kernel: 'wasm' });
    try {
      const a = parallel.compute(system);
      const b = new LennardJones({ cutoff: 2.5, kernel: 'typescript' }).compute(system);
      // one worker walks every atom in the serial order; its slot is the sum (one term per component)
      expect(parallel.kernel).toBe('wasm-simd');
      expect(a.energy).toBe(b.energy);
      expect(Array.from(a.forces)).toEqual(Array.from(b.forces));
    } finally {
      await parallel.close();
    }
  });

  it('follows changes of the atom count in one shared kernel memory (made anew, larger, when a list outgrows it)', async () => {
    // 256 atoms, then 864 (a list about 3.4 times longer than the memory was made for), then 256 again
    const [small, large] = [systemOf(readReference('lammps/ref_lj_fcc256_rattled.xyz')), ljLiquid(6, 1.44, 5)];
    const parallel = new ParallelLennardJones({ cutoff: 2.5, workers: 2, kernel: 'wasm' });
    try {
      for (const system of [small, large, small]) {
        const a = parallel.compute(system);
        expect(parallel.kernel).toBe('wasm-simd');
        // reassociation only (as expectPooledAgreement says): 1e-12
        expectSerialAgreement(a, new LennardJones({ cutoff: 2.5, kernel: 'typescript' }).compute(system), 2);
        // a fresh potential (its own memory, made for this list) gives the same bits: nothing stale is left behind
        const fresh = new ParallelLennardJones({ cutoff: 2.5, workers: 2, kernel: 'wasm' });
        try {
          const b = fresh.compute(system);
          expect(a.energy).toBe(b.energy);
          expect(Array.from(a.forces)).toEqual(Array.from(b.forces));
          expect(Array.from(a.virial)).toEqual(Array.from(b.virial));
        } finally {
          await fresh.close();
        }
      }
    } finally {
      await parallel.close();
    }
  });

  it('reads a list the pooled build scattered into its kernel memory as it reads one copied in', async () => {
    // 864 atoms through rebuilds: the pooled build writes the entries where the kernel reads them (no copy); with the
    // allocation hook off the build writes its own shared arrays and the workers copy them in (the layout before)
    const make = (inPlace: boolean) => {
      const lj = new ParallelLennardJones({ cutoff: 2.5, workers: 2, kernel: 'wasm' });
      if (!inPlace) lj.listBuild.entries = null;
      return lj;
    };
    const [a, b] = [make(true), make(false)];
    try {
      const nve = (lj: ParallelLennardJones) => velocityVerlet(lj, { dt: 0.005, units: ljUnits });
      const [sa, sb] = stepSideBySide(nve(a), nve(b), () => ljLiquid(6, 1.44, 7), 30);
      expect(a.listBuild.builds).toBeGreaterThan(1);
      expect(a.kernel).toBe('wasm-simd');
      // the in-place list is a view into the kernel memory (after its first arrays), the other one its own buffer
      expect(a.neighborList.neighbors.byteOffset).toBeGreaterThan(0);
      expect(b.neighborList.neighbors.byteOffset).toBe(0);
      // the same list, partition and kernel: the same bits
      expect(sa.potentialEnergy).toBe(sb.potentialEnergy);
      expect(Array.from(sa.system.positions)).toEqual(Array.from(sb.system.positions));
      expect(Array.from(sa.virial)).toEqual(Array.from(sb.virial));
      // and the serial potential to reassociation (1e-12, as expectPooledAgreement says)
      expectSerialAgreement(
        { energy: sa.potentialEnergy, forces: sa.forces, virial: sa.virial },
        new LennardJones({ cutoff: 2.5, kernel: 'typescript' }).compute(sa.system),
        2,
      );
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('walks in JavaScript, and says so, where no shared WebAssembly memory can be made', async () => {
    const system = systemOf(readReference('lammps/ref_lj_fcc256_rattled.xyz'));
    const serial = new LennardJones({ cutoff: 2.5, kernel: 'typescript' }).compute(system);
    const original = WebAssembly.Memory;
    // a runtime without shared WebAssembly memories (threads): private memories only
    const PrivateOnly = class extends original {
      constructor(descriptor: WebAssembly.MemoryDescriptor & { shared?: boolean }) {
        if (descriptor.shared === true) throw new TypeError('no shared WebAssembly.Memory here');
        super(descriptor);
      }
    };
    Object.defineProperty(WebAssembly, 'Memory', { value: PrivateOnly, configurable: true, writable: true });
    const parallel = new ParallelLennardJones({ cutoff: 2.5, workers: 2, kernel: 'wasm' });
    try {
      const a = parallel.compute(system);
      expect(parallel.kernel).toBe('typescript');
      // reassociation only (as expectPooledAgreement says): 1e-12
      expectSerialAgreement(a, serial, 2);
    } finally {
      Object.defineProperty(WebAssembly, 'Memory', { value: original, configurable: true, writable: true });
      await parallel.close();
    }
  });

  it('runs on a pool it is given and leaves that pool open', async () => {
    const frame = readReference('lammps/ref_lj_fcc256_rattled.xyz');
    const system = systemOf(frame);
    const pool = new NodeWorkerPool({ workers: 2 });
    try {
      const parallel = new ParallelLennardJones({ cutoff: 2.5, pool });
      expect(parallel.workerCount).toBe(2);
      const a = parallel.compute(system);
      await parallel.close();
      expect(() => parallel.compute(system)).toThrow(/closed/);
      const again = new ParallelLennardJones({ cutoff: 2.5, pool }).compute(system);
      expect(again.energy).toBe(a.energy);
    } finally {
      await pool.close();
    }
  });

  it('drives MD through neighbour-list rebuilds like the serial potential', async () => {
    const parallel = new ParallelLennardJones({ cutoff: 2.5, workers: 3 });
    try {
      const pa = velocityVerlet(parallel, { dt: 0.005, units: ljUnits });
      const pb = velocityVerlet(new LennardJones({ cutoff: 2.5 }), { dt: 0.005, units: ljUnits });
      const [sa, sb] = stepSideBySide(pa, pb, () => ljLiquid(6, 1.44, 3), 40);
      const [a, b] = [sa.system, sb.system];
      expect(parallel.neighborList.buildCount).toBeGreaterThan(1);
      // 40 steps of a chaotic melt amplify reassociation differences a little
      assertClose(a.positions, b.positions, { rtol: 0, atol: 1e-8 }, 'positions');
      assertScalarClose(sa.potentialEnergy, sb.potentialEnergy, { rtol: 1e-9 }, 'energy');
    } finally {
      await parallel.close();
    }
  });

  it('follows a barostat: cell changes without rebuilds reach the workers (new image shifts)', async () => {
    const parallel = new ParallelLennardJones({ cutoff: 2.5, workers: 2 });
    try {
      const barostat = { pressure: 2.5, tau: 0.5, bulkModulus: 20 };
      const pa = berendsenBarostat(velocityVerlet(parallel, { dt: 0.005, units: ljUnits }), barostat);
      const pb = berendsenBarostat(velocityVerlet(new LennardJones({ cutoff: 2.5 }), { dt: 0.005, units: ljUnits }), barostat);
      const [sa, sb] = stepSideBySide(pa, pb, () => ljLiquid(4, 1.5, 8), 40);
      const [a, b] = [sa.system, sb.system];
      expect(parallel.neighborList.deformCount).toBeGreaterThan(20);
      assertClose(a.cell as Float64Array, b.cell as Float64Array, { rtol: 1e-10, atol: 0 }, 'cell');
      assertClose(a.positions, b.positions, { rtol: 0, atol: 1e-8 }, 'positions');
      assertScalarClose(sa.potentialEnergy, sb.potentialEnergy, { rtol: 1e-9 }, 'energy');
    } finally {
      await parallel.close();
    }
  });
});
