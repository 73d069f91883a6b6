import { parseExtxyz } from '@equitensor/io';
import { createSystem, LennardJones } from '@equitensor/md';
import type { ParallelLennardJones } from '@equitensor/md/node';
import { NodeWorkerPool } from '@equitensor/tensor/node';
import { assertClose, assertScalarClose, readFixtureText } from '@equitensor/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { potentialOnPool } from '../src/worker/pooled-potential.ts';

// LAMMPS lj/cut 2.5 on 256 rattled fcc atoms: energy and forces written with 10 significant digits
const [frame] = parseExtxyz(readFixtureText('lammps/ref_lj_fcc256_rattled.xyz'));
if (frame === undefined) throw new Error('ref_lj_fcc256_rattled.xyz has no frame');
const system = createSystem({
  numbers: frame.numbers,
  positions: frame.positions,
  cell: frame.cell,
  pbc: frame.pbc,
  masses: new Float64Array(frame.numbers.length).fill(1),
});

describe('potentialOnPool (the app and md run --workers): Lennard-Jones options reach the pooled potential', () => {
  const pool = new NodeWorkerPool({ workers: 2 });
  afterAll(() => pool.close());

  for (const kernel of ['typescript', 'wasm'] as const)
    it(`keeps the ${kernel} force loop and the all-pairs neighbour search; LAMMPS' energy and forces`, () => {
      const serial = new LennardJones({ cutoff: 2.5, kernel, neighborMethod: 'all-pairs' });
      const pooled = potentialOnPool(serial, () => pool) as ParallelLennardJones;
      // before: every pooled LJ ran the default (WebAssembly where the runtime has it) with the cell search
      expect(pooled.kernel).toBe(kernel === 'wasm' ? 'wasm-simd' : 'typescript');
      expect(pooled.neighborList.method).toBe('all-pairs');
      expect(pooled.workerCount).toBe(2);
      const r = pooled.compute(system);
      // the reference values carry 10 significant digits (as md's lj-wasm.test.ts checks the serial loops)
      assertScalarClose(r.energy, frame.info.energy as number, { rtol: 1e-9 }, 'energy');
      assertClose(r.forces, frame.arrays.forces!.data as Float64Array, { rtol: 1e-9, atol: 1e-8 }, 'forces');
      // the kernel every worker ran, reported after the step (a worker without WebAssembly would say typescript)
      expect(pooled.kernel).toBe(kernel === 'wasm' ? 'wasm-simd' : 'typescript');
    });
});
