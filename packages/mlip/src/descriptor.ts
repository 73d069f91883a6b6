import type { AtomsState } from '@equitensor/md';
import { sphericalHarmonicsWithGradient } from '@equitensor/so3';
import { type AceBasisSpec, enumerateFeatures, FACTOR_SLOTS, type FeatureList } from './basis.ts';
import { createCoupling, SH_NORMALIZATION, type TensorProductKind, type TripleCoupling } from './coupling.ts';
import { buildLayout, type FeatureLayout } from './layout.ts';
import type { NeighborData } from './neighbor-data.ts';
import { QuadrupleCoupling } from './quadruple.ts';
import { RadialBasis } from './radial.ts';

const SLOTS = FACTOR_SLOTS;

/**
 * The derivatives of one configuration's summed features, the rows of the least-squares design:
 * `energy[c]` = Σ_i B_i,c; `forces[(3j + α)·P + c]` = −∂(Σ_i B_i,c)/∂r_jα; `virial[(3α + β)·P + c]` =
 * −∂(Σ_i B_i,c)/∂ε_αβ, where the column c = s_i·F + k runs over (centre species, feature).
 *
 * @example
 * ```ts
 * const block = descriptor.design(atoms, neighborData(atoms, descriptor.cutoff));
 * ```
 */
export interface DesignBlock {
  readonly columns: number;
  readonly energy: Float64Array;
  readonly forces: Float64Array;
  readonly virial: Float64Array;
}

/**
 * The energy (without E0), forces and virial of a linear model on the features.
 *
 * @example
 * ```ts
 * const { energy, forces, virial } = descriptor.evaluate(atoms, nd, coefficients);
 * ```
 */
export interface DescriptorEvaluation {
  readonly energy: number;
  readonly forces: Float64Array;
  readonly virial: Float64Array;
  readonly perAtomEnergies: Float64Array;
}

/**
 * The ACE descriptor: radial basis × spherical harmonics (from `@equitensor/so3`) → atomic density →
 * invariants of correlation order ≤ 4, with the chain rule to forces and virials.
 *
 * @example
 * ```ts
 * const descriptor = new AceDescriptor({ species: [14], order: 3, maxDegree: [8, 8, 8], wL: 1.5, rcut: 5, lambda: 2 }, 'cg');
 * const block = descriptor.design(atoms, neighborData(atoms, descriptor.cutoff));
 * ```
 */
export class AceDescriptor {
  readonly spec: AceBasisSpec;
  readonly kind: TensorProductKind;
  readonly features: FeatureList;
  readonly layout: FeatureLayout;
  readonly radial: RadialBasis;
  readonly coupling: TripleCoupling;
  /** Coupling of the order-4 features (real CG, whatever the kind). */
  readonly quadruple: QuadrupleCoupling;
  /** Columns of the linear model: species count × feature count. */
  readonly columns: number;
  private readonly speciesOf = new Map<number, number>();

  // Per-atom work buffers (grown on demand).
  private R = new Float64Array(0);
  private dR = new Float64Array(0);
  private readonly A: Float64Array;
  private readonly B: Float64Array;
  private readonly adjoint: Float64Array;
  private readonly gradA: Float64Array;
  private readonly dA: Float64Array;

  constructor(spec: AceBasisSpec, kind: TensorProductKind, options: { cpRank?: number } = {}) {
    this.spec = spec;
    this.kind = kind;
    spec.species.forEach((z, s) => {
      this.speciesOf.set(z, s);
    });
    this.features = enumerateFeatures(spec);
    this.layout = buildLayout(this.features, spec.species.length);
    this.radial = new RadialBasis({ nmax: this.layout.nmax, rcut: spec.rcut, lambda: spec.lambda, rin: spec.rin ?? 0 });
    this.coupling = createCoupling(kind, this.layout, options);
    this.quadruple = new QuadrupleCoupling(this.layout);
    this.columns = spec.species.length * this.features.count;
    this.A = new Float64Array(this.layout.densitySize);
    this.B = new Float64Array(this.features.count);
    this.adjoint = new Float64Array(this.layout.adjointSize);
    this.gradA = new Float64Array(this.layout.densitySize);
    this.dA = new Float64Array(this.layout.nmax * this.layout.nlm * 3);
  }

  /** The cutoff in Å. */
  get cutoff(): number {
    return this.spec.rcut;
  }

  /** Index of an atomic number among the model's species; throws for an unknown element. */
  speciesIndex(z: number): number {
    const s = this.speciesOf.get(z);
    if (s === undefined) throw new RangeError(`element Z=${z} is not one of the model's species (${this.spec.species.join(', ')})`);
    return s;
  }

  private speciesIndices(atoms: AtomsState): Int32Array {
    const out = new Int32Array(atoms.numbers.length);
    for (let i = 0; i < out.length; i++) out[i] = this.speciesIndex(atoms.numbers[i] as number);
    return out;
  }

  /** Radial values, harmonics and the density of atom i; returns the harmonics and gradients. */
  private density(i: number, nd: NeighborData, species: Int32Array): { Y: Float64Array; dY: Float64Array; count: number; base: number } {
    const { nmax, nlm } = this.layout;
    const e0 = nd.start[i] as number;
    const count = (nd.start[i + 1] as number) - e0;
    if (this.R.length < count * nmax) {
      this.R = new Float64Array(2 * count * nmax);
      this.dR = new Float64Array(2 * count * nmax);
    }
    const vectors = nd.vectors.subarray(3 * e0, 3 * (e0 + count));
    const { values: Y, gradients: dY } = sphericalHarmonicsWithGradient(this.layout.lmax, vectors, true, SH_NORMALIZATION);
    const A = this.A;
    A.fill(0);
    for (let e = 0; e < count; e++) {
      const x = vectors[3 * e] as number;
      const y = vectors[3 * e + 1] as number;
      const z = vectors[3 * e + 2] as number;
      const r = Math.sqrt(x * x + y * y + z * z);
      this.radial.evaluate(r, this.R, this.dR, e * nmax);
      const s = species[nd.neighbors[e0 + e] as number] as number;
      const aBase = s * nmax * nlm;
      for (let n = 0; n < nmax; n++) {
        const Rn = this.R[e * nmax + n] as number;
        if (Rn === 0) continue;
        const off = aBase + n * nlm;
        for (let lm = 0; lm < nlm; lm++) A[off + lm] = (A[off + lm] as number) + Rn * (Y[e * nlm + lm] as number);
      }
    }
    return { Y, dY, count, base: e0 };
  }

  /** Feature values B of the current density (orders 0–2 here, 3 and 4 by the couplings). */
  private featureValues(): void {
    const { features, densityOffset: dOff } = this.layout;
    const A = this.A;
    const B = this.B;
    for (let k = 0; k < features.count; k++) {
      const order = features.order[k] as number;
      if (order === 0) B[k] = 1;
      else if (order === 1) B[k] = A[dOff[SLOTS * k] as number] as number;
      else if (order === 2) {
        const o1 = dOff[SLOTS * k] as number;
        const o2 = dOff[SLOTS * k + 1] as number;
        const d = 2 * (features.factorL[SLOTS * k] as number) + 1;
        let s = 0;
        for (let m = 0; m < d; m++) s += (A[o1 + m] as number) * (A[o2 + m] as number);
        B[k] = s;
      }
    }
    this.coupling.load(A);
    this.coupling.values(B);
    this.quadruple.load(A);
    this.quadruple.values(B);
  }

  /** Per-feature adjoints ∂B_k/∂A of the current density. */
  private featureAdjoints(): void {
    const { features, densityOffset: dOff, adjointOffset: aOff } = this.layout;
    const A = this.A;
    const adj = this.adjoint;
    for (let k = 0; k < features.count; k++) {
      const order = features.order[k] as number;
      if (order === 1) adj[aOff[SLOTS * k] as number] = 1;
      else if (order === 2) {
        const o1 = dOff[SLOTS * k] as number;
        const o2 = dOff[SLOTS * k + 1] as number;
        const a1 = aOff[SLOTS * k] as number;
        const a2 = aOff[SLOTS * k + 1] as number;
        const d = 2 * (features.factorL[SLOTS * k] as number) + 1;
        for (let m = 0; m < d; m++) {
          adj[a1 + m] = A[o2 + m] as number;
          adj[a2 + m] = A[o1 + m] as number;
        }
      }
    }
    this.coupling.adjoints(adj);
    this.quadruple.adjoints(adj);
  }

  /** ∂A_(s_e, n, lm)/∂r_e for neighbour e into `dA[(n·nlm + lm)·3 + α]`. */
  private densityDerivative(e: number, Y: Float64Array, dY: Float64Array, vx: number, vy: number, vz: number): void {
    const { nmax, nlm } = this.layout;
    const r = Math.sqrt(vx * vx + vy * vy + vz * vz);
    const ux = vx / r;
    const uy = vy / r;
    const uz = vz / r;
    const dA = this.dA;
    for (let n = 0; n < nmax; n++) {
      const Rn = this.R[e * nmax + n] as number;
      const dRn = this.dR[e * nmax + n] as number;
      const off = n * nlm;
      for (let lm = 0; lm < nlm; lm++) {
        const y = Y[e * nlm + lm] as number;
        const g = (e * nlm + lm) * 3;
        const o = (off + lm) * 3;
        dA[o] = dRn * ux * y + Rn * (dY[g] as number);
        dA[o + 1] = dRn * uy * y + Rn * (dY[g + 1] as number);
        dA[o + 2] = dRn * uz * y + Rn * (dY[g + 2] as number);
      }
    }
  }

  /**
   * The design rows of one configuration (see {@link DesignBlock}); also returns per-atom features
   * `B[i·F + k]` when `perAtom` is set.
   */
  design(atoms: AtomsState, nd: NeighborData): DesignBlock {
    const N = atoms.numbers.length;
    const species = this.speciesIndices(atoms);
    const F = this.features.count;
    const P = this.columns;
    const energy = new Float64Array(P);
    const forces = new Float64Array(3 * N * P);
    const virial = new Float64Array(9 * P);
    const { features, slabOffset: sOff, adjointOffset: aOff } = this.layout;
    const fs = features.factorSpecies;
    const g = new Float64Array(3 * F);
    for (let i = 0; i < N; i++) {
      const si = species[i] as number;
      const { Y, dY, count, base } = this.density(i, nd, species);
      this.featureValues();
      this.featureAdjoints();
      const col0 = si * F;
      for (let k = 0; k < F; k++) energy[col0 + k] = (energy[col0 + k] as number) + (this.B[k] as number);
      const adj = this.adjoint;
      // Deliberate hot-loop specialisation: the same neighbour read as the weighted-adjoint pass below (energy and
      // forces from coefficients), each loop with its own per-neighbour work inlined.
      for (let e = 0; e < count; e++) {
        const j = nd.neighbors[base + e] as number;
        const sj = species[j] as number;
        const vx = nd.vectors[3 * (base + e)] as number;
        const vy = nd.vectors[3 * (base + e) + 1] as number;
        const vz = nd.vectors[3 * (base + e) + 2] as number;
        if (vx * vx + vy * vy + vz * vz >= this.spec.rcut * this.spec.rcut) continue;
        this.densityDerivative(e, Y, dY, vx, vy, vz);
        const dA = this.dA;
        for (let k = 0; k < F; k++) {
          const order = features.order[k] as number;
          let gx = 0;
          let gy = 0;
          let gz = 0;
          for (let q = 0; q < order; q++) {
            if ((fs[SLOTS * k + q] as number) !== sj) continue;
            const so = (sOff[SLOTS * k + q] as number) * 3;
            const a0 = aOff[SLOTS * k + q] as number;
            const d = 2 * (features.factorL[SLOTS * k + q] as number) + 1;
            for (let m = 0; m < d; m++) {
              const w = adj[a0 + m] as number;
              gx += w * (dA[so + 3 * m] as number);
              gy += w * (dA[so + 3 * m + 1] as number);
              gz += w * (dA[so + 3 * m + 2] as number);
            }
          }
          g[3 * k] = gx;
          g[3 * k + 1] = gy;
          g[3 * k + 2] = gz;
        }
        const vv = [vx, vy, vz];
        for (let a = 0; a < 3; a++) {
          const rowJ = (3 * j + a) * P + col0;
          const rowI = (3 * i + a) * P + col0;
          for (let k = 0; k < F; k++) {
            const ga = g[3 * k + a] as number;
            forces[rowJ + k] = (forces[rowJ + k] as number) - ga;
            forces[rowI + k] = (forces[rowI + k] as number) + ga;
          }
          const va = vv[a] as number;
          for (let b = 0; b < 3; b++) {
            const row = (3 * a + b) * P + col0;
            for (let k = 0; k < F; k++) virial[row + k] = (virial[row + k] as number) - va * (g[3 * k + b] as number);
          }
        }
      }
    }
    return { columns: P, energy, forces, virial };
  }

  /**
   * Per-atom features `B[i·F + k]` of a configuration (no derivatives).
   */
  atomFeatures(atoms: AtomsState, nd: NeighborData): Float64Array {
    const N = atoms.numbers.length;
    const species = this.speciesIndices(atoms);
    const F = this.features.count;
    const out = new Float64Array(N * F);
    for (let i = 0; i < N; i++) {
      this.density(i, nd, species);
      this.featureValues();
      out.set(this.B, i * F);
    }
    return out;
  }

  /**
   * Energy Σ_i Σ_k c_{s_i,k} B_ik (without E0), forces and virial, with the coefficients indexed by
   * column s·F + k. One adjoint pass per atom: ∂E_i/∂A, then one contraction per neighbour.
   */
  evaluate(atoms: AtomsState, nd: NeighborData, coefficients: Float64Array): DescriptorEvaluation {
    const N = atoms.numbers.length;
    const species = this.speciesIndices(atoms);
    const F = this.features.count;
    const { nmax, nlm, features, densityOffset: dOff } = this.layout;
    const forces = new Float64Array(3 * N);
    const virial = new Float64Array(9);
    const perAtom = new Float64Array(N);
    const A = this.A;
    const gA = this.gradA;
    let energy = 0;
    for (let i = 0; i < N; i++) {
      const si = species[i] as number;
      const cOff = si * F;
      const { Y, dY, count, base } = this.density(i, nd, species);
      this.featureValues();
      let ei = 0;
      for (let k = 0; k < F; k++) ei += (coefficients[cOff + k] as number) * (this.B[k] as number);
      perAtom[i] = ei;
      energy += ei;
      gA.fill(0);
      for (let k = 0; k < F; k++) {
        const order = features.order[k] as number;
        const c = coefficients[cOff + k] as number;
        if (order === 1) {
          const o = dOff[SLOTS * k] as number;
          gA[o] = (gA[o] as number) + c;
        } else if (order === 2) {
          const o1 = dOff[SLOTS * k] as number;
          const o2 = dOff[SLOTS * k + 1] as number;
          const d = 2 * (features.factorL[SLOTS * k] as number) + 1;
          for (let m = 0; m < d; m++) {
            gA[o1 + m] = (gA[o1 + m] as number) + c * (A[o2 + m] as number);
            gA[o2 + m] = (gA[o2 + m] as number) + c * (A[o1 + m] as number);
          }
        }
      }
      this.coupling.weightedAdjoint(coefficients, cOff, gA);
      this.quadruple.weightedAdjoint(coefficients, cOff, gA);
      const rcut2 = this.spec.rcut * this.spec.rcut;
      // Deliberate hot-loop specialisation of the feature-derivative pass's neighbour read (above).
      for (let e = 0; e < count; e++) {
        const j = nd.neighbors[base + e] as number;
        const sj = species[j] as number;
        const vx = nd.vectors[3 * (base + e)] as number;
        const vy = nd.vectors[3 * (base + e) + 1] as number;
        const vz = nd.vectors[3 * (base + e) + 2] as number;
        const r2 = vx * vx + vy * vy + vz * vz;
        if (r2 >= rcut2) continue;
        const r = Math.sqrt(r2);
        let sy = 0;
        let gx = 0;
        let gy = 0;
        let gz = 0;
        const gBase = sj * nmax * nlm;
        // Deliberate repetition: ace-pool-kernel.ts runs this chain rule again in worker source (it can import nothing).
        for (let n = 0; n < nmax; n++) {
          const Rn = this.R[e * nmax + n] as number;
          const dRn = this.dR[e * nmax + n] as number;
          let ty = 0;
          let tx0 = 0;
          let tx1 = 0;
          let tx2 = 0;
          const off = gBase + n * nlm;
          for (let lm = 0; lm < nlm; lm++) {
            const w = gA[off + lm] as number;
            if (w === 0) continue;
            ty += w * (Y[e * nlm + lm] as number);
            const q = (e * nlm + lm) * 3;
            tx0 += w * (dY[q] as number);
            tx1 += w * (dY[q + 1] as number);
            tx2 += w * (dY[q + 2] as number);
          }
          sy += dRn * ty;
          gx += Rn * tx0;
          gy += Rn * tx1;
          gz += Rn * tx2;
        }
        gx += (sy * vx) / r;
        gy += (sy * vy) / r;
        gz += (sy * vz) / r;
        addPairGradient(forces, virial, i, j, vx, vy, vz, gx, gy, gz);
      }
    }
    return { energy, forces, virial, perAtomEnergies: perAtom };
  }
}

/**
 * Adds one neighbour pair's gradient g = ∂E_i/∂r_ij (r_ij = (vx, vy, vz)) to the forces and the virial: F_j −= g,
 * F_i += g, W −= r ⊗ g. The one reduction step of `AceDescriptor.evaluate` and of the pooled `AcePool`, so both add the
 * same numbers in the same order.
 *
 * @example
 * ```ts
 * addPairGradient(forces, virial, i, j, vx, vy, vz, gx, gy, gz);
 * ```
 */
export function addPairGradient(
  forces: Float64Array,
  virial: Float64Array,
  i: number,
  j: number,
  vx: number,
  vy: number,
  vz: number,
  gx: number,
  gy: number,
  gz: number,
): void {
  forces[3 * j] = (forces[3 * j] as number) - gx;
  forces[3 * j + 1] = (forces[3 * j + 1] as number) - gy;
  forces[3 * j + 2] = (forces[3 * j + 2] as number) - gz;
  forces[3 * i] = (forces[3 * i] as number) + gx;
  forces[3 * i + 1] = (forces[3 * i + 1] as number) + gy;
  forces[3 * i + 2] = (forces[3 * i + 2] as number) + gz;
  virial[0] = (virial[0] as number) - vx * gx;
  virial[1] = (virial[1] as number) - vx * gy;
  virial[2] = (virial[2] as number) - vx * gz;
  virial[3] = (virial[3] as number) - vy * gx;
  virial[4] = (virial[4] as number) - vy * gy;
  virial[5] = (virial[5] as number) - vy * gz;
  virial[6] = (virial[6] as number) - vz * gx;
  virial[7] = (virial[7] as number) - vz * gy;
  virial[8] = (virial[8] as number) - vz * gz;
}
