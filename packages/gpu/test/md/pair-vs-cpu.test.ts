import { type AtomsState, LennardJones, Morse } from '@equitensor/md';
import { assertClose, assertScalarClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { createGpuLennardJones, createGpuMorse, gridGeometry } from '../../src/index.ts';
import { fileGpu } from '../gpu.ts';

const gpu = await fileGpu();

/** A jittered lattice of n³ atoms with spacing a inside `cell` (rows), fractional jitter ±j. */
function jitteredCrystal(n: number, cell: number[], pbc: [boolean, boolean, boolean], seed: number, jitter = 0.06): AtomsState {
  const rng = new SeededRng(seed);
  const positions = new Float64Array(3 * n * n * n);
  let k = 0;
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++)
      for (let c = 0; c < n; c++) {
        const s = [
          (a + 0.5) / n + rng.uniformIn(-jitter, jitter) / n,
          (b + 0.5) / n + rng.uniformIn(-jitter, jitter) / n,
          (c + 0.5) / n + rng.uniformIn(-jitter, jitter) / n,
        ];
        for (let x = 0; x < 3; x++)
          positions[3 * k + x] =
            (s[0] as number) * (cell[x] as number) +
            (s[1] as number) * (cell[3 + x] as number) +
            (s[2] as number) * (cell[6 + x] as number);
        k++;
      }
  return { numbers: new Int32Array(k).fill(18), positions, cell: new Float64Array(cell), pbc };
}

// Float32 tolerances (README): energy 1e-5 relative; forces 2e-4·max|F|, virial 5e-5·max|W| absolute.
function compare(
  label: string,
  gpuResult: { energy: number; forces: Float64Array; virial: Float64Array },
  cpu: { energy: number; forces: Float64Array; virial: Float64Array },
): void {
  const fmax = Math.max(...Array.from(cpu.forces, Math.abs));
  expect(fmax).toBeGreaterThan(0);
  assertScalarClose(gpuResult.energy, cpu.energy, { rtol: 1e-5, atol: 1e-5 }, `${label} energy`);
  assertClose(gpuResult.forces, cpu.forces, { rtol: 0, atol: 2e-4 * fmax }, `${label} forces`);
  const wmax = Math.max(...Array.from(cpu.virial, Math.abs));
  assertClose(gpuResult.virial, cpu.virial, { rtol: 0, atol: 5e-5 * wmax }, `${label} virial`);
}

describe('GPU pair potentials vs @equitensor/md (float64)', () => {
  const triclinic = [7.2, 0, 0, 1.9, 6.8, 0, -1.3, 1.1, 7.0];
  it('Lennard-Jones, shifted, triclinic periodic cell (cell list with 3+ bins per axis)', async () => {
    const atoms = jitteredCrystal(
      6,
      triclinic.map((x) => 1.5 * x),
      [true, true, true],
      1,
    );
    const geometry = gridGeometry(atoms, 2.5);
    expect(Math.min(...geometry.dims)).toBeGreaterThanOrEqual(3);
    const cpu = new LennardJones({ epsilon: 1, sigma: 1, cutoff: 2.5, shift: true }).compute(atoms);
    const g = await createGpuLennardJones(gpu, { epsilon: 1, sigma: 1, cutoff: 2.5, shift: true }).computeAsync(atoms);
    compare('lj triclinic', g, cpu);
  });

  it('Lennard-Jones with a cutoff larger than half the box (image stencil)', async () => {
    const atoms = jitteredCrystal(3, [3.3, 0, 0, 0.4, 3.1, 0, 0, 0.3, 3.4], [true, true, true], 2, 0.1);
    const cpu = new LennardJones({ epsilon: 1, sigma: 1, cutoff: 2.9 }).compute(atoms);
    const g = await createGpuLennardJones(gpu, { epsilon: 1, sigma: 1, cutoff: 2.9 }).computeAsync(atoms);
    compare('lj small box', g, cpu);
  });

  it('Morse, open boundaries and mixed periodicity (Å, eV: Cu Girifalco-Weizer)', async () => {
    const cell = [14.5, 0, 0, 0, 14.5, 0, 0, 0, 14.5];
    const morse = { D: 0.3429, alpha: 1.3588, r0: 2.866, cutoff: 6 };
    for (const pbc of [
      [false, false, false],
      [true, false, true],
    ] as [boolean, boolean, boolean][]) {
      const atoms = jitteredCrystal(6, cell, pbc, 3);
      const open = pbc.every((p) => !p) ? { ...atoms, cell: null } : atoms;
      const cpu = new Morse(morse).compute(open);
      const g = await createGpuMorse(gpu, morse).computeAsync(open);
      compare(`morse pbc=${pbc}`, g, cpu);
    }
  });

  it('concurrent calls on one potential do not mix their results', async () => {
    const lj = createGpuLennardJones(gpu, { epsilon: 1, sigma: 1, cutoff: 2.5 });
    const a = jitteredCrystal(5, [8.4, 0, 0, 0, 8.4, 0, 0, 0, 8.4], [true, true, true], 11);
    const b = jitteredCrystal(5, [8.6, 0, 0, 0, 8.6, 0, 0, 0, 8.6], [true, true, true], 12);
    const cpu = new LennardJones({ epsilon: 1, sigma: 1, cutoff: 2.5 });
    const [ga, gb] = await Promise.all([lj.computeAsync(a), lj.computeAsync(b)]);
    compare('first', ga, cpu.compute(a));
    compare('second', gb, cpu.compute(b));
  });

  it('a dilute gas with more bins than one scan block (1,728 bins: three-pass prefix sum)', async () => {
    const rng = new SeededRng(13);
    const n = 1000;
    const box = 30.5;
    // Random positions at least 0.95σ apart (rejection sampling): a dilute LJ gas.
    const positions = new Float64Array(3 * n);
    for (let placed = 0; placed < n; ) {
      const p = [rng.uniformIn(0, box), rng.uniformIn(0, box), rng.uniformIn(0, box)];
      let ok = true;
      for (let j = 0; j < placed && ok; j++) {
        const d = [0, 1, 2].map((c) => {
          const x = (p[c] as number) - (positions[3 * j + c] as number);
          return x - box * Math.round(x / box);
        });
        ok = Math.hypot(...d) >= 0.95;
      }
      if (ok) positions.set(p, 3 * placed++);
    }
    const atoms: AtomsState = {
      numbers: new Int32Array(n).fill(18),
      positions,
      cell: new Float64Array([box, 0, 0, 0, box, 0, 0, 0, box]),
      pbc: [true, true, true],
    };
    const geometry = gridGeometry(atoms, 2.5);
    expect(geometry.cellCount).toBeGreaterThan(1024);
    const params = { epsilon: 1, sigma: 1, cutoff: 2.5, shift: true };
    const cpu = new LennardJones(params).compute(atoms);
    const g = await createGpuLennardJones(gpu, params).computeAsync(atoms);
    compare('dilute', g, cpu);
  });
});
