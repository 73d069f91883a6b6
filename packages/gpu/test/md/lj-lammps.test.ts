import { parseExtxyz, repeat, type Structure } from '@equitensor/io';
import { assertClose, assertScalarClose, readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { createGpuLennardJones, evaluateForceField, TimestampProfiler } from '../../src/index.ts';
import { fileGpu } from '../gpu.ts';

// LAMMPS' own reference (lj units, rc 2.5, unshifted, 256 atoms): a real oracle independent of
// our CPU code. Float32 tolerances: see README.
const gpu = await fileGpu();

function reference(): Structure {
  const frame = parseExtxyz(readFixtureText('lammps/ref_lj_fcc256_rattled.xyz'), { fileName: 'ref_lj_fcc256_rattled.xyz' })[0];
  if (frame === undefined) throw new Error('no frame');
  return frame;
}

function arrayOf(s: Structure, name: string): Float64Array {
  const a = s.arrays[name];
  if (a === undefined) throw new Error(`missing array ${name}`);
  return a.data as Float64Array;
}

describe('GPU Lennard-Jones vs LAMMPS', () => {
  it('matches the rattled fcc reference (small box: one bin, image stencil)', async () => {
    const ref = reference();
    const lj = createGpuLennardJones(gpu, { epsilon: 1, sigma: 1, cutoff: 2.5 });
    const result = await lj.computeAsync(ref, { perAtomEnergies: true });
    expect(lj.field.buffers).toBeDefined();
    assertScalarClose(result.energy, ref.info.energy as number, { rtol: 2e-6 }, 'energy');
    assertClose(result.forces, arrayOf(ref, 'forces'), { rtol: 1e-4, atol: 1e-4 }, 'forces');
    assertClose(result.perAtomEnergies ?? [], arrayOf(ref, 'energies'), { rtol: 1e-5, atol: 1e-5 }, 'per-atom energies');
    // The file's stress is ASE's σ = −W/V (eV/Å³ in lj units), so W = −σV.
    const stress = ref.info.stress as number[] | Float64Array;
    const cell = ref.cell as Float64Array;
    const volume = (cell[0] as number) * (cell[4] as number) * (cell[8] as number);
    assertClose(
      result.virial,
      Array.from(stress, (s) => -s * volume),
      { rtol: 1e-4, atol: 1e-3 },
      'virial',
    );
  });

  it('a 2×2×2 repeat (cell-list path with 5 bins per axis) gives 8× the energy and the same forces', async () => {
    const ref = reference();
    const big = repeat(ref, 2);
    const lj = createGpuLennardJones(gpu, { epsilon: 1, sigma: 1, cutoff: 2.5 });
    const result = await lj.computeAsync(big);
    expect(lj.field).toBeDefined();
    assertScalarClose(result.energy, 8 * (ref.info.energy as number), { rtol: 2e-6 }, 'energy');
    const forces = arrayOf(ref, 'forces');
    const n = ref.numbers.length;
    for (let copy = 0; copy < 8; copy++) {
      assertClose(result.forces.subarray(3 * n * copy, 3 * n * (copy + 1)), forces, { rtol: 1e-4, atol: 1e-4 }, `forces copy ${copy}`);
    }
  });

  it('times each pass of an evaluation with GPU timestamps and gives the same result', async () => {
    const ref = reference();
    const lj = createGpuLennardJones(gpu, { epsilon: 1, sigma: 1, cutoff: 2.5 });
    const profiler = new TimestampProfiler(gpu, 8);
    expect(profiler.enabled).toBe(true); // SwiftShader and every recent GPU have timestamp-query
    const result = await evaluateForceField(lj.field, ref, {}, profiler);
    const timings = await profiler.read();
    expect(timings.map((t) => t.label)).toEqual([
      'cell-list/bin',
      'cell-list/scan',
      'cell-list/scan-blocks',
      'cell-list/scan-offsets',
      'cell-list/scatter',
      'lj/forces',
    ]);
    for (const t of timings) expect(t.nanoseconds).toBeGreaterThanOrEqual(0);
    assertScalarClose(result.energy, ref.info.energy as number, { rtol: 2e-6 }, 'energy');
    profiler.destroy();
  });
});
