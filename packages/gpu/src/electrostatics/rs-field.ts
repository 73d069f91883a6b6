import { interpolatedSelfKernel, type RangeSeparatedModel, type TensorGrid } from '@equitensor/electrostatics';
import { BufferSet } from '../runtime/buffers.ts';
import type { GpuContext } from '../runtime/device.ts';
import { runDispatches } from '../runtime/dispatch.ts';
import { GpuParameterError } from '../runtime/errors.ts';
import { type DispatchPlan, linearWorkgroups } from '../runtime/kernel.ts';
import { SerialQueue } from '../runtime/serial.ts';
import {
  RS_MAX_RANK,
  RS_UNIFORM_BYTES,
  rsGradientKernel,
  rsGridShortKernel,
  rsInterpolateKernel,
  rsModeProductKernel,
  rsPointsKernel,
} from './rs-kernels.ts';

/**
 * The potential of `@equitensor/electrostatics`' range-separated (RS) model on the GPU, from its
 * Tucker form: the long-range part by interpolating the factor matrices (degree-7 Lagrange, as the
 * CPU) and contracting the core, at arbitrary points (O(r³) each) or on a tensor grid (three mode
 * products, O(n·r³ + n²r² + n³r)); the short-range part as the Gaussians of the charges within σ
 * (every charge is visited: O(N) per point). Values in eV/e (k_e included), float32.
 *
 * @example
 * ```ts
 * const { model } = rangeSeparatedCoulomb(positions, charges);
 * const field = new GpuRangeSeparatedField(gpu, model);
 * const phi = await field.potentialAt(points);          // ≈ model.potentialAt(points)
 * const map = await field.potentialOnGrid(uniformGrid(lo, hi, [64, 64, 64]));
 * ```
 */
export class GpuRangeSeparatedField {
  private readonly buffers: BufferSet;
  private readonly queue = new SerialQueue();
  private readonly uniform: ArrayBuffer;
  /** p_s(0) = Σ of the short-range weights (float64). */
  private readonly shortAtZero: number;

  constructor(
    readonly gpu: GpuContext,
    readonly model: RangeSeparatedModel,
  ) {
    const [r0, r1, r2] = model.ranks;
    for (const r of [r0, r1, r2]) {
      if (r > RS_MAX_RANK) throw new GpuParameterError('model', `Tucker rank ${r} is above the GPU kernel's limit ${RS_MAX_RANK}`);
    }
    const { lo, h, n } = model.grid;
    if (n < 8) throw new GpuParameterError('model', `the grid needs at least 8 nodes per axis for interpolation, has ${n}`);
    const tucker = model.longRange.tucker;
    const factors = new Float32Array(n * (r0 + r1 + r2));
    let offset = 0;
    for (const f of tucker.factors) {
      factors.set(f.data, offset);
      offset += f.data.length;
    }
    const count = model.charges.length;
    const charges = new Float32Array(4 * Math.max(1, count));
    for (let j = 0; j < count; j++) {
      charges.set(
        [
          model.positions[3 * j] as number,
          model.positions[3 * j + 1] as number,
          model.positions[3 * j + 2] as number,
          model.charges[j] as number,
        ],
        4 * j,
      );
    }
    const { t, a } = model.split.quadrature;
    const shortCount = t.length - model.split.longCount;
    const terms = new Float32Array(2 * Math.max(1, shortCount));
    for (let k = 0; k < shortCount; k++) {
      const tk = t[model.split.longCount + k] as number;
      terms[2 * k] = tk * tk;
      terms[2 * k + 1] = a[model.split.longCount + k] as number;
    }
    this.uniform = new ArrayBuffer(RS_UNIFORM_BYTES);
    const f = new Float32Array(this.uniform);
    const u = new Uint32Array(this.uniform);
    f.set([lo[0], lo[1], lo[2], h], 0);
    u.set([r0, r1, r2, n, count, shortCount, 0, 0], 4);
    let ps0 = 0;
    for (let k = model.split.longCount; k < t.length; k++) ps0 += a[k] as number;
    this.shortAtZero = ps0;
    f[12] = model.split.sigma * model.split.sigma;
    f[13] = model.coulombConstant;
    f[14] = ps0;
    this.buffers = new BufferSet(gpu);
    this.buffers.upload('rs/factors', factors);
    this.buffers.upload('rs/charges', charges);
    this.buffers.upload('rs/short', terms);
    this.buffers.upload('rs/core', Float32Array.from(tucker.core.data));
  }

  private common(evaluations: number): GPUBuffer[] {
    new Uint32Array(this.uniform)[10] = evaluations;
    const b = this.buffers;
    return [b.uniform('rs/params', this.uniform), b.get('rs/factors'), b.get('rs/charges'), b.get('rs/short')];
  }

  /** k_e·P at each point (3M coordinates) inside the model's grid box; throws RangeError outside it, as the CPU. */
  potentialAt(points: Float64Array): Promise<Float64Array> {
    return this.queue.run(() => this.potentialAtNow(points));
  }

  private async potentialAtNow(points: Float64Array): Promise<Float64Array> {
    const parts = await this.partsAt(points);
    const m = points.length / 3;
    const out = new Float64Array(m);
    for (let p = 0; p < m; p++) {
      const short = (parts[4 * p + 1] as number) + (parts[4 * p + 2] as number) * this.shortAtZero;
      out[p] = this.model.coulombConstant * ((parts[4 * p] as number) + short);
    }
    return out;
  }

  /**
   * The Coulomb energy of the model's own charges from the GPU potentials at the particles:
   * E = k_e[½Σⱼ zⱼ P_l(xⱼ) − ½Σⱼ zⱼ² S̃(xⱼ) + ½Σⱼ zⱼ Σ_{i≠j} zᵢ p_s(rᵢⱼ)] with S̃ each charge's own term as the
   * interpolated tensor sees it (reported as p_l(0) in `self` plus the difference in `selfInterpolation`), the same split as
   * `rangeSeparatedCoulomb`'s `parts` (float32 potentials, float64 sums).
   *
   * @example
   * ```ts
   * const { energy, parts } = await field.energy(); // ≈ rangeSeparatedCoulomb(...).energy
   * ```
   */
  energy(): Promise<{ energy: number; parts: { long: number; self: number; short: number; selfInterpolation: number } }> {
    return this.queue.run(() => this.energyNow());
  }

  private async energyNow(): Promise<{ energy: number; parts: { long: number; self: number; short: number; selfInterpolation: number } }> {
    const { positions, charges, coulombConstant: k } = this.model;
    const values = await this.partsAt(positions);
    const { a } = this.model.split.quadrature;
    let pl0 = 0;
    for (let q = 0; q < this.model.split.longCount; q++) pl0 += a[q] as number;
    const own = this.ownTerms();
    let long = 0;
    let self = 0;
    let selfInterpolation = 0;
    let short = 0;
    for (let j = 0; j < charges.length; j++) {
      const z = charges[j] as number;
      long += 0.5 * z * (values[4 * j] as number);
      self -= 0.5 * z * z * pl0;
      // Each charge's own term is removed as the interpolated tensor sees it (float64), as the CPU model does.
      selfInterpolation -= 0.5 * z * z * ((own[4 * j] as number) - pl0);
      // Other charges only; a second charge at exactly the same place would add its p_s(0) term.
      short += 0.5 * z * ((values[4 * j + 1] as number) + ((values[4 * j + 2] as number) - z) * this.shortAtZero);
    }
    return {
      energy: k * (long + self + short + selfInterpolation),
      parts: { long: k * long, self: k * self, short: k * short, selfInterpolation: k * selfInterpolation },
    };
  }

  /**
   * Forces on the model's charges, F_j = −k_e z_j ∇(P_l + Σ_{i≠j} z_i p_s(r_ij))(x_j) (eV/Å), and the virial
   * W = Σ_j x_j ⊗ F_j (open boundaries), as `rangeSeparatedCoulomb` computes them.
   *
   * @example
   * ```ts
   * const { forces, virial } = await field.forces(); // ≈ rangeSeparatedCoulomb(...).forces
   * ```
   */
  forces(): Promise<{ forces: Float64Array; virial: Float64Array }> {
    return this.queue.run(() => this.forcesNow());
  }

  private async forcesNow(): Promise<{ forces: Float64Array; virial: Float64Array }> {
    const { positions, charges, coulombConstant: k } = this.model;
    const count = charges.length;
    const b = this.buffers;
    const out = b.storage('rs/gradients', 32 * Math.max(1, count));
    await runDispatches(this.gpu, [
      {
        kernel: rsGradientKernel,
        label: 'rs/gradient',
        workgroups: linearWorkgroups(count, 64),
        buffers: [...this.common(count), b.get('rs/core'), out],
      },
    ]);
    const g = await b.readFloat32(out, 8 * count);
    const own = this.ownTerms();
    const forces = new Float64Array(3 * count);
    const virial = new Float64Array(9);
    for (let j = 0; j < count; j++) {
      const z = charges[j] as number;
      const scale = -k * z;
      for (let c = 0; c < 3; c++)
        forces[3 * j + c] = scale * ((g[8 * j + c] as number) - z * (own[4 * j + 1 + c] as number) + (g[8 * j + 4 + c] as number));
      for (let a = 0; a < 3; a++)
        for (let c = 0; c < 3; c++)
          virial[3 * a + c] = (virial[3 * a + c] as number) + (positions[3 * j + a] as number) * (forces[3 * j + c] as number);
    }
    return { forces, virial };
  }

  /**
   * Each charge's own long-range term S̃(xⱼ) and its gradient as the interpolated tensor sees it (float64,
   * `interpolatedSelfKernel` of `@equitensor/electrostatics`), 4 numbers per charge: removing it instead of the
   * exact p_l(0) cancels the interpolation error of the self term, exactly as the CPU model does.
   */
  private ownTerms(): Float64Array {
    const { positions, charges, split, longRange } = this.model;
    const out = new Float64Array(4 * charges.length);
    const one = new Float64Array(4);
    for (let j = 0; j < charges.length; j++) {
      interpolatedSelfKernel(
        split,
        longRange.grid,
        longRange.centres,
        positions[3 * j]!,
        positions[3 * j + 1]!,
        positions[3 * j + 2]!,
        one,
      );
      out.set(one, 4 * j);
    }
    return out;
  }

  /** Per point (P_l, P_s of the other charges, charge at the point, 0), without k_e. */
  private async partsAt(points: Float64Array): Promise<Float32Array> {
    if (points.length % 3 !== 0) throw new GpuParameterError('points', `length ${points.length} is not a multiple of 3`);
    const m = points.length / 3;
    const packed = new Float32Array(4 * Math.max(1, m));
    for (let p = 0; p < m; p++) {
      const x = points[3 * p] as number;
      const y = points[3 * p + 1] as number;
      const z = points[3 * p + 2] as number;
      this.model.checkInside(x, y, z);
      packed.set([x, y, z, 0], 4 * p);
    }
    const b = this.buffers;
    b.upload('rs/points', packed);
    const out = b.storage('rs/out', 16 * Math.max(1, m));
    await runDispatches(this.gpu, [
      {
        kernel: rsPointsKernel,
        label: 'rs/points',
        workgroups: linearWorkgroups(m, 64),
        buffers: [...this.common(m), b.get('rs/core'), b.get('rs/points'), out],
      },
    ]);
    return b.readFloat32(out, 4 * m);
  }

  /** k_e·P on every node of a tensor grid inside the box, C order (index (i·ny + j)·nz + k), as `directPotentialOnGrid`. */
  potentialOnGrid(grid: TensorGrid): Promise<Float64Array> {
    return this.queue.run(() => this.potentialOnGridNow(grid));
  }

  private async potentialOnGridNow(grid: TensorGrid): Promise<Float64Array> {
    const axes = [grid.x, grid.y, grid.z] as const;
    const [nx, ny, nz] = axes.map((a) => a.length) as [number, number, number];
    for (const [d, axis] of axes.entries()) {
      for (const v of axis)
        this.model.checkInside(
          d === 0 ? v : (this.model.grid.lo[0] as number),
          d === 1 ? v : (this.model.grid.lo[1] as number),
          d === 2 ? v : (this.model.grid.lo[2] as number),
        );
    }
    const [r0, r1, r2] = this.model.ranks;
    const b = this.buffers;
    const total = nx * ny * nz;
    const common = this.common(0);
    const plans: DispatchPlan[] = [];
    const rows: GPUBuffer[] = [];
    for (const [d, axis] of axes.entries()) {
      const r = [r0, r1, r2][d] as number;
      const coordinates = b.upload(`rs/axis${d}`, Float32Array.from(axis));
      const info = b.uniform(`rs/axisInfo${d}`, new Uint32Array([d, axis.length, 0, 0]));
      const out = b.storage(`rs/rows${d}`, 4 * axis.length * r);
      rows.push(out);
      plans.push({
        kernel: rsInterpolateKernel,
        label: `rs/interpolate${d}`,
        workgroups: linearWorkgroups(axis.length * r, 64),
        buffers: [...common, info, coordinates, out],
      });
    }
    const t1 = b.storage('rs/t1', 4 * nx * r1 * r2);
    const t2 = b.storage('rs/t2', 4 * nx * ny * r2);
    const values = b.storage('rs/grid', 4 * total);
    const sizes = (mode: number) => b.uniform(`rs/mode${mode}`, new Uint32Array([mode, nx, ny, nz]));
    plans.push(
      {
        kernel: rsModeProductKernel,
        label: 'rs/mode0',
        workgroups: linearWorkgroups(nx * r1 * r2, 64),
        buffers: [common[0] as GPUBuffer, sizes(0), rows[0] as GPUBuffer, b.get('rs/core'), t1],
      },
      {
        kernel: rsModeProductKernel,
        label: 'rs/mode1',
        workgroups: linearWorkgroups(nx * ny * r2, 64),
        buffers: [common[0] as GPUBuffer, sizes(1), rows[1] as GPUBuffer, t1, t2],
      },
      {
        kernel: rsModeProductKernel,
        label: 'rs/mode2',
        workgroups: linearWorkgroups(total, 64),
        buffers: [common[0] as GPUBuffer, sizes(2), rows[2] as GPUBuffer, t2, values],
      },
    );
    const allAxes = new Float32Array(nx + ny + nz);
    allAxes.set(grid.x, 0);
    allAxes.set(grid.y, nx);
    allAxes.set(grid.z, nx + ny);
    plans.push({
      kernel: rsGridShortKernel,
      label: 'rs/grid-short',
      workgroups: linearWorkgroups(total, 64),
      buffers: [...common, b.uniform('rs/modeShort', new Uint32Array([3, nx, ny, nz])), b.upload('rs/axes', allAxes), values],
    });
    await runDispatches(this.gpu, plans);
    return Float64Array.from(await b.readFloat32(values, total));
  }

  /** Free the device buffers. */
  destroy(): void {
    this.buffers.destroy();
  }
}
