import { rangeSeparatedCoulomb, uniformGrid } from '@equitensor/electrostatics';
import { parseExtxyz } from '@equitensor/io';
import { assertClose, readFixtureText, SeededRng } from '@equitensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { GpuRangeSeparatedField } from '../../src/index.ts';
import { fileGpu } from '../gpu.ts';

const gpu = await fileGpu();

/** The 4×4×4 corner (64 ions) of the shared 512-ion open NaCl cube, with its charges. */
function naclCorner(): { positions: Float64Array; charges: Float64Array } {
  const frame = parseExtxyz(readFixtureText('crystals/NaCl_cluster_8x8x8_open.xyz'), { fileName: 'NaCl_cluster_8x8x8_open.xyz' })[0];
  if (frame === undefined) throw new Error('no frame');
  const q = frame.arrays.charges?.data ?? frame.arrays.initial_charges?.data;
  if (q === undefined) throw new Error('no charges');
  const pos: number[] = [];
  const chg: number[] = [];
  const n = frame.numbers.length;
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3 * n; i++) min = Math.min(min, frame.positions[i] as number);
  for (let i = 0; i < n; i++) {
    const p = [0, 1, 2].map((c) => frame.positions[3 * i + c] as number);
    if (p.every((x) => x < min + 4 * 2.82 - 0.1)) {
      pos.push(...p);
      chg.push(q[i] as number);
    }
  }
  return { positions: new Float64Array(pos), charges: new Float64Array(chg) };
}

describe('GPU range-separated potential vs @equitensor/electrostatics (float64)', () => {
  const { positions, charges } = naclCorner();
  // Accuracy 1e-4 keeps the CPU construction to a second or two; σ = 3.5 Å puts nearest neighbours (2.82 Å) in the short range.
  let rs: ReturnType<typeof rangeSeparatedCoulomb>;
  let lo: readonly [number, number, number];
  let hi: [number, number, number];
  beforeAll(() => {
    rs = rangeSeparatedCoulomb(positions, charges, { accuracy: 1e-4, splitRadius: 3.5 });
    lo = rs.model.grid.lo;
    hi = lo.map((x) => x + rs.model.grid.h * (rs.model.grid.n - 1)) as [number, number, number];
  });

  it('at points: equals the CPU model’s potentialAt within float32 tolerance, and rejects points outside the box', async () => {
    expect(charges.length).toBe(64);
    const rng = new SeededRng(9);
    const points = new Float64Array(3 * 200);
    for (let p = 0; p < 200; p++)
      for (let c = 0; c < 3; c++) points[3 * p + c] = rng.uniformIn((lo[c] as number) + 0.5, (hi[c] as number) - 0.5);
    const field = new GpuRangeSeparatedField(gpu, rs.model);
    const g = await field.potentialAt(points);
    const cpu = rs.model.potentialAt(points);
    const scale = Math.max(...Array.from(cpu, Math.abs));
    expect(scale).toBeGreaterThan(0.1);
    assertClose(g, cpu, { rtol: 0, atol: 2e-5 * scale }, 'GPU vs CPU RS model');
    await expect(field.potentialAt(new Float64Array([lo[0] - 10, 0, 0]))).rejects.toThrow(RangeError);
    field.destroy();
  });

  it('on a tensor grid (mode products) equals the model at the same nodes', async () => {
    const grid = uniformGrid([lo[0] + 0.3, lo[1] + 0.3, lo[2] + 0.3], [hi[0] - 0.3, hi[1] - 0.3, hi[2] - 0.3], [9, 8, 7]);
    const field = new GpuRangeSeparatedField(gpu, rs.model);
    const g = await field.potentialOnGrid(grid);
    const nodes = new Float64Array(3 * 9 * 8 * 7);
    let k = 0;
    for (const x of grid.x) for (const y of grid.y) for (const z of grid.z) nodes.set([x, y, z], 3 * k++);
    const cpu = rs.model.potentialAt(nodes);
    const scale = Math.max(...Array.from(cpu, Math.abs));
    assertClose(g, cpu, { rtol: 0, atol: 2e-5 * scale }, 'grid');
    field.destroy();
  });

  it('energy of the charges (long, self and short-range pair parts) equals rangeSeparatedCoulomb', async () => {
    const field = new GpuRangeSeparatedField(gpu, rs.model);
    const g = await field.energy();
    // Float32 potentials summed in float64: 1e-5 of the largest part.
    const scale = Math.max(Math.abs(rs.parts.long), Math.abs(rs.parts.self), Math.abs(rs.parts.short));
    // The short-range part is small by construction (narrow Gaussians within σ) but not zero here.
    expect(Math.abs(rs.parts.short)).toBeGreaterThan(1e-4);
    expect(Math.abs(g.parts.short - rs.parts.short)).toBeLessThan(1e-4 * Math.abs(rs.parts.short));
    expect(Math.abs(g.parts.long - rs.parts.long)).toBeLessThan(1e-5 * scale);
    expect(Math.abs(g.parts.self - rs.parts.self)).toBeLessThan(1e-9 * scale);
    expect(Math.abs(g.parts.selfInterpolation - rs.parts.selfInterpolation)).toBeLessThan(1e-9 * scale);
    expect(Math.abs(g.energy - rs.energy)).toBeLessThan(2e-5 * scale);
    field.destroy();
  });

  it('forces on the charges and the virial equal rangeSeparatedCoulomb', async () => {
    const field = new GpuRangeSeparatedField(gpu, rs.model);
    const g = await field.forces();
    const fmax = Math.max(...Array.from(rs.forces, Math.abs));
    expect(fmax).toBeGreaterThan(0.1);
    // Float32 gradients of the interpolated Tucker tensor: 1e-4·max|F| (README).
    assertClose(g.forces, rs.forces, { rtol: 0, atol: 1e-4 * fmax }, 'forces');
    assertClose(g.virial, rs.virial, { rtol: 0, atol: 1e-4 * Math.max(...Array.from(rs.virial, Math.abs)) }, 'virial');
    field.destroy();
  });
});
