import { NeighborList, type NeighborRebuildOptions } from '../neighbor-list.ts';
import { type AtomsState, type ComputeOptions, forcesOutput, type Potential, type PotentialResult } from '../potential.ts';
import { type LjConstants, LjWasmKernel } from '../wasm/lj-wasm.ts';
import { virialFromForces } from './virial.ts';

/** Parameters of {@link LennardJones}. */
export interface LennardJonesOptions {
  /** Well depth ε (default 1: reduced units). */
  readonly epsilon?: number;
  /** Zero crossing σ (default 1). */
  readonly sigma?: number;
  /** Cutoff radius (default 2.5 σ). */
  readonly cutoff?: number;
  /** Subtract φ(rc) so the energy is continuous at the cutoff (default false, LAMMPS `pair_modify shift no`). */
  readonly shift?: boolean;
  /** Verlet skin of the neighbour list (default 0.3 σ, as LAMMPS' `neighbor 0.3`). */
  readonly skin?: number;
  /** `cells` (default) or `all-pairs` (O(N²) reference). */
  readonly neighborMethod?: 'cells' | 'all-pairs';
  /** Rebuild schedule of the neighbour list (LAMMPS' `neigh_modify every/delay/check`; default: check every step). */
  readonly rebuild?: NeighborRebuildOptions;
  /**
   * The force loop: `auto` (default) the WebAssembly SIMD kernel where the runtime supports it, else TypeScript;
   * `typescript` the TypeScript loop (the reference); `wasm` the WebAssembly kernel or a thrown error. Both give the
   * same numbers bit for bit. Per-atom energies, and lists beyond the kernel's 2 GiB memory (≈ 200 million pairs), use the
   * TypeScript loop.
   */
  readonly kernel?: 'auto' | 'typescript' | 'wasm';
}

/**
 * The 12-6 Lennard-Jones pair potential φ(r) = 4ε[(σ/r)¹² − (σ/r)⁶] (− φ(rc) when shifted), as LAMMPS'
 * `pair_style lj/cut`, for every pair of atoms regardless of species. Units are whatever ε and σ are in:
 * reduced units by default, or eV and Å (e.g. argon ε = 0.0104 eV, σ = 3.40 Å).
 *
 * @example
 * ```ts
 * const lj = new LennardJones({ epsilon: 1, sigma: 1, cutoff: 2.5 });
 * const { energy, forces, virial } = lj.compute(system);
 * ```
 */
export class LennardJones implements Potential {
  readonly name: string;
  readonly cutoff: number;
  readonly epsilon: number;
  readonly sigma: number;
  readonly shift: boolean;
  /** The neighbour list this potential keeps between calls (rebuilt only when needed). */
  readonly neighborList: NeighborList;
  /** Which force loop runs: `wasm-simd` (WebAssembly f64x2) or `typescript` (see {@link LennardJonesOptions.kernel}). */
  readonly kernel: 'wasm-simd' | 'typescript';
  private readonly energyShift: number;
  private readonly wasm: LjWasmKernel | null;

  constructor(options: LennardJonesOptions = {}) {
    this.epsilon = options.epsilon ?? 1;
    this.sigma = options.sigma ?? 1;
    this.cutoff = options.cutoff ?? 2.5 * this.sigma;
    this.shift = options.shift ?? false;
    if (!(this.sigma > 0) || !Number.isFinite(this.epsilon) || !(this.cutoff > 0)) {
      throw new RangeError(
        `Lennard-Jones needs σ > 0, finite ε and cutoff > 0 (got σ=${this.sigma}, ε=${this.epsilon}, rc=${this.cutoff})`,
      );
    }
    const sr6 = (this.sigma / this.cutoff) ** 6;
    this.energyShift = this.shift ? 4 * this.epsilon * (sr6 * sr6 - sr6) : 0;
    this.name = this.shift ? 'lj/shifted' : 'lj';
    const kernel = options.kernel ?? 'auto';
    this.wasm = kernel === 'typescript' ? null : LjWasmKernel.create();
    if (kernel === 'wasm' && this.wasm === null) throw new Error('this runtime has no WebAssembly SIMD: use kernel "typescript"');
    this.kernel = this.wasm === null ? 'typescript' : 'wasm-simd';
    this.neighborList = new NeighborList({
      cutoff: this.cutoff,
      skin: options.skin ?? 0.3 * this.sigma,
      kind: 'half',
      method: options.neighborMethod ?? 'cells',
      ...options.rebuild,
    });
  }

  /** The constants of the pool and WebAssembly kernels: r_c², σ², 4ε, 24ε, the energy shift. */
  get constants(): LjConstants {
    return [this.cutoff * this.cutoff, this.sigma * this.sigma, 4 * this.epsilon, 24 * this.epsilon, this.energyShift];
  }

  compute(atoms: AtomsState, options: ComputeOptions = {}): PotentialResult {
    const list = this.neighborList;
    list.update(atoms);
    // the WebAssembly kernel, unless per-atom energies are wanted or the list outgrows its memory (2 GiB)
    const fast =
      this.wasm !== null && options.perAtomEnergies !== true
        ? this.wasm.compute(list, atoms.positions, this.constants, options.forces)
        : null;
    if (fast !== null)
      return { energy: fast.energy, forces: fast.forces, virial: virialFromForces(atoms.positions, fast.forces, fast.image) };
    const n = atoms.numbers.length;
    const x = atoms.positions;
    const f = forcesOutput(options, 3 * n);
    const eAtom = options.perAtomEnergies === true ? new Float64Array(n) : null;
    const start = list.start,
      mid = list.mid,
      nbr = list.neighbors,
      img = list.images,
      S = list.shifts;
    const rc2 = this.cutoff * this.cutoff;
    const s2 = this.sigma * this.sigma;
    const e4 = 4 * this.epsilon,
      e24 = 24 * this.epsilon,
      eShift = this.energyShift;
    let energy = 0;
    // Virial: W = Σ_i x_i ⊗ F_i (accumulated after the loop) + Σ over image pairs S ⊗ f_j.
    let wxx = 0,
      wyy = 0,
      wzz = 0,
      wxy = 0,
      wxz = 0,
      wyz = 0,
      wyx = 0,
      wzx = 0,
      wzy = 0;
    // Deliberate hot-loop specialisation: pair-loop.ts' neighbour walk with the LJ kernel inlined and zero-image pairs apart (no call per pair).
    for (let i = 0; i < n; i++) {
      const i3 = 3 * i;
      const xi = x[i3] as number,
        yi = x[i3 + 1] as number,
        zi = x[i3 + 2] as number;
      let fxi = 0,
        fyi = 0,
        fzi = 0,
        ei = 0;
      const m = mid[i] as number;
      for (let k = start[i] as number; k < m; k++) {
        const j3 = 3 * (nbr[k] as number);
        const dx = (x[j3] as number) - xi;
        const dy = (x[j3 + 1] as number) - yi;
        const dz = (x[j3 + 2] as number) - zi;
        const r2 = dx * dx + dy * dy + dz * dz;
        if (r2 >= rc2) continue;
        const ir2 = 1 / r2;
        const sr2 = s2 * ir2;
        const sr6 = sr2 * sr2 * sr2;
        const fpair = e24 * sr6 * (2 * sr6 - 1) * ir2;
        const e = e4 * sr6 * (sr6 - 1) - eShift;
        ei += e;
        if (eAtom !== null) eAtom[j3 / 3] = (eAtom[j3 / 3] as number) + 0.5 * e;
        const fx = fpair * dx,
          fy = fpair * dy,
          fz = fpair * dz;
        fxi -= fx;
        fyi -= fy;
        fzi -= fz;
        f[j3] = (f[j3] as number) + fx;
        f[j3 + 1] = (f[j3 + 1] as number) + fy;
        f[j3 + 2] = (f[j3 + 2] as number) + fz;
      }
      const end = start[i + 1] as number;
      for (let k = m; k < end; k++) {
        const j3 = 3 * (nbr[k] as number);
        const s = 3 * (img[k] as number);
        const sx = S[s] as number,
          sy = S[s + 1] as number,
          sz = S[s + 2] as number;
        const dx = (x[j3] as number) + sx - xi;
        const dy = (x[j3 + 1] as number) + sy - yi;
        const dz = (x[j3 + 2] as number) + sz - zi;
        const r2 = dx * dx + dy * dy + dz * dz;
        if (r2 >= rc2) continue;
        const ir2 = 1 / r2;
        const sr2 = s2 * ir2;
        const sr6 = sr2 * sr2 * sr2;
        const fpair = e24 * sr6 * (2 * sr6 - 1) * ir2;
        const e = e4 * sr6 * (sr6 - 1) - eShift;
        ei += e;
        if (eAtom !== null) eAtom[j3 / 3] = (eAtom[j3 / 3] as number) + 0.5 * e;
        const fx = fpair * dx,
          fy = fpair * dy,
          fz = fpair * dz;
        fxi -= fx;
        fyi -= fy;
        fzi -= fz;
        f[j3] = (f[j3] as number) + fx;
        f[j3 + 1] = (f[j3 + 1] as number) + fy;
        f[j3 + 2] = (f[j3 + 2] as number) + fz;
        wxx += sx * fx;
        wyy += sy * fy;
        wzz += sz * fz;
        wxy += sx * fy;
        wxz += sx * fz;
        wyz += sy * fz;
        wyx += sy * fx;
        wzx += sz * fx;
        wzy += sz * fy;
      }
      energy += ei;
      if (eAtom !== null) eAtom[i] = (eAtom[i] as number) + 0.5 * ei;
      f[i3] = (f[i3] as number) + fxi;
      f[i3 + 1] = (f[i3 + 1] as number) + fyi;
      f[i3 + 2] = (f[i3 + 2] as number) + fzi;
    }
    const virial = virialFromForces(x, f, [wxx, wxy, wxz, wyx, wyy, wyz, wzx, wzy, wzz]);
    return eAtom === null ? { energy, forces: f, virial } : { energy, forces: f, virial, perAtomEnergies: eAtom };
  }
}
