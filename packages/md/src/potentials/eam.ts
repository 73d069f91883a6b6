import { NeighborList, type NeighborRebuildOptions } from '../neighbor-list.ts';
import { type AtomsState, type ComputeOptions, forcesOutput, type Potential, type PotentialResult } from '../potential.ts';
import { type EamFile, parseEamFuncfl, parseEamSetfl } from './eam-file.ts';
import { type EamSplines, funcflSplines, setflSplines } from './eam-tables.ts';
import { virialFromForces } from './virial.ts';

/** Options of {@link EmbeddedAtom}. */
export interface EmbeddedAtomOptions {
  /** Verlet skin (default 1 Å, as LAMMPS' in.eam). */
  readonly skin?: number;
  /** Rebuild schedule of the neighbour list (LAMMPS' `neigh_modify every/delay/check`; default: check every step). */
  readonly rebuild?: NeighborRebuildOptions;
}

/**
 * The embedded-atom method E = Σᵢ Fᵢ(Σⱼ ρⱼ(rᵢⱼ)) + ½ Σᵢ≠ⱼ φᵢⱼ(rᵢⱼ), evaluated exactly as LAMMPS'
 * `pair_style eam` / `eam/alloy`: the same cubic-spline coefficients on the tabulated grid, the same
 * clamping at the table ends and the same linear extrapolation of F above ρ_max. Atoms are matched to
 * the file's elements by atomic number. Per-atom energies are Fᵢ + ½ Σⱼ φᵢⱼ (LAMMPS' `pe/atom`).
 *
 * @example
 * ```ts
 * const eam = EmbeddedAtom.fromFile(readFileSync('Cu_u3.eam', 'utf8'), 'Cu_u3.eam');
 * const { energy, forces } = eam.compute(system);
 * ```
 */
export class EmbeddedAtom implements Potential {
  readonly name: string;
  readonly cutoff: number;
  readonly splines: EamSplines;
  readonly neighborList: NeighborList;
  private readonly elementOf = new Int32Array(256).fill(-1);
  private rho = new Float64Array(0);
  private fp = new Float64Array(0);
  private species = new Int32Array(0);
  // the density pass's entries within the cutoff (j, or the list index k of an entry with an image shift; r) and their
  // per-atom bounds, reused between calls
  private compactJ = new Int32Array(0);
  private compactR = new Float64Array(0);
  private compactMid = new Int32Array(0);
  private compactEnd = new Int32Array(0);

  constructor(splines: EamSplines, name = 'eam', options: EmbeddedAtomOptions = {}) {
    this.splines = splines;
    this.name = name;
    this.cutoff = splines.cutoff;
    splines.atomicNumbers.forEach((z, e) => {
      if (z >= 0 && z < 256 && (this.elementOf[z] as number) < 0) this.elementOf[z] = e;
    });
    this.neighborList = new NeighborList({ cutoff: splines.cutoff, skin: options.skin ?? 1.0, kind: 'half', ...options.rebuild });
  }

  /**
   * Read a funcfl (`.eam`) or setfl (`.eam.alloy`, `.setfl`) file; the format is chosen by the file name
   * (`.eam.alloy`/`.setfl` → setfl, otherwise funcfl).
   *
   * @example
   * ```ts
   * const eam = EmbeddedAtom.fromFile(text, 'Cu_mishin1.eam.alloy');
   * ```
   */
  static fromFile(text: string, fileName: string, options: EmbeddedAtomOptions = {}): EmbeddedAtom {
    const base = fileName.split(/[\\/]/).pop() ?? fileName;
    if (/\.(eam\.alloy|setfl)$/i.test(base)) return EmbeddedAtom.fromSetfl(parseEamSetfl(text, { fileName }), options);
    return EmbeddedAtom.fromFuncfl([parseEamFuncfl(text, { fileName })], options);
  }

  /**
   * One or more funcfl files (one element each), combined as LAMMPS does for several `pair_coeff` lines.
   *
   * @example
   * ```ts
   * const eam = EmbeddedAtom.fromFuncfl([parseEamFuncfl(cuText), parseEamFuncfl(niText)]);
   * ```
   */
  static fromFuncfl(files: readonly EamFile[], options: EmbeddedAtomOptions = {}): EmbeddedAtom {
    const names = files.map((f) => f.fileName.split(/[\\/]/).pop() ?? f.fileName).join(',');
    return new EmbeddedAtom(funcflSplines(files), `eam:${names}`, options);
  }

  /**
   * A setfl file with any number of elements.
   *
   * @example
   * ```ts
   * const eam = EmbeddedAtom.fromSetfl(parseEamSetfl(text, { fileName: 'CuNi.eam.alloy' }));
   * ```
   */
  static fromSetfl(file: EamFile, options: EmbeddedAtomOptions = {}): EmbeddedAtom {
    return new EmbeddedAtom(setflSplines(file), `eam/alloy:${file.fileName.split(/[\\/]/).pop() ?? file.fileName}`, options);
  }

  /** The masses of the file's elements for these atoms (amu). */
  massesFor(numbers: Int32Array): Float64Array {
    const out = new Float64Array(numbers.length);
    for (let i = 0; i < numbers.length; i++) out[i] = this.splines.masses[this.elementIndex(numbers[i] as number, i)] as number;
    return out;
  }

  private elementIndex(z: number, atom: number): number {
    const e = z >= 0 && z < 256 ? (this.elementOf[z] as number) : -1;
    if (e < 0)
      throw new RangeError(
        `atom ${atom} has atomic number ${z}, which ${this.name} does not describe (elements: ${this.splines.symbols.join(', ')})`,
      );
    return e;
  }

  /** Room for `entries` compact entries (a quarter more when it grows) and the per-atom bounds of n atoms. */
  private ensureCompact(entries: number): void {
    if (this.compactJ.length < entries) {
      const capacity = Math.ceil(1.25 * entries);
      this.compactJ = new Int32Array(capacity);
      this.compactR = new Float64Array(capacity);
    }
    const n = this.rho.length;
    if (this.compactMid.length !== n) {
      this.compactMid = new Int32Array(n);
      this.compactEnd = new Int32Array(n);
    }
  }

  compute(atoms: AtomsState, options: ComputeOptions = {}): PotentialResult {
    const list = this.neighborList;
    list.update(atoms);
    const n = atoms.numbers.length;
    if (this.rho.length !== n) {
      this.rho = new Float64Array(n);
      this.fp = new Float64Array(n);
      this.species = new Int32Array(n);
    }
    const species = this.species;
    for (let i = 0; i < n; i++) species[i] = this.elementIndex(atoms.numbers[i] as number, i);
    const sp = this.splines;
    const single = sp.frho.length === 1;
    const rdr = 1.0 / sp.dr;
    const rdrho = 1.0 / sp.drho;
    const nr = sp.nr,
      nrho = sp.nrho,
      rhomax = sp.rhomax;
    const cut2 = sp.cutoff * sp.cutoff;
    const x = atoms.positions;
    const rho = this.rho.fill(0);
    const fp = this.fp;
    const start = list.start,
      mid = list.mid,
      nbr = list.neighbors,
      img = list.images,
      S = list.shifts;
    const eAtom = options.perAtomEnergies === true ? new Float64Array(n) : null;
    const rhor0 = sp.rhor[0] as Float64Array;

    // 1. densities. Per atom, the entries within the cutoff are first selected without a branch into the reused
    // compact arrays (j, or for an entry with an image shift its list index k; r², then r; `+(r² < r_c²)` advances the
    // cursor: a flag, not a mispredicted jump on the pairs in the skin), then their density terms added in list order;
    // the force pass walks the same compact entries.
    this.ensureCompact(list.size);
    const cj = this.compactJ,
      cr = this.compactR,
      cmid = this.compactMid,
      cend = this.compactEnd;
    let nq = 0;
    // Deliberate hot-loop specialisation: the half-list neighbour walk inlined per EAM pass (densities here, forces below), splines read in place.
    for (let i = 0; i < n; i++) {
      const i3 = 3 * i;
      const xi = x[i3] as number,
        yi = x[i3 + 1] as number,
        zi = x[i3 + 2] as number;
      const si = species[i] as number;
      const q0 = nq;
      const end = start[i + 1] as number;
      const zeroEnd = mid[i] as number;
      for (let k = start[i] as number; k < zeroEnd; k++) {
        const j = nbr[k] as number;
        const j3 = 3 * j;
        const dx = xi - (x[j3] as number);
        const dy = yi - (x[j3 + 1] as number);
        const dz = zi - (x[j3 + 2] as number);
        const r2 = dx * dx + dy * dy + dz * dz;
        cj[nq] = j;
        cr[nq] = r2;
        nq += +(r2 < cut2);
      }
      const qz = nq;
      cmid[i] = qz;
      for (let k = zeroEnd; k < end; k++) {
        const j = nbr[k] as number;
        const j3 = 3 * j;
        const s = 3 * (img[k] as number);
        const dx = xi - ((x[j3] as number) + (S[s] as number));
        const dy = yi - ((x[j3 + 1] as number) + (S[s + 1] as number));
        const dz = zi - ((x[j3 + 2] as number) + (S[s + 2] as number));
        const r2 = dx * dx + dy * dy + dz * dz;
        cj[nq] = k;
        cr[nq] = r2;
        nq += +(r2 < cut2);
      }
      cend[i] = nq;
      let rhoi = 0;
      for (let q = q0; q < nq; q++) {
        const j = q < qz ? (cj[q] as number) : (nbr[cj[q] as number] as number);
        const r = Math.sqrt(cr[q] as number);
        cr[q] = r;
        let p = r * rdr + 1.0;
        let m = Math.trunc(p);
        if (m > nr - 1) m = nr - 1;
        p -= m;
        if (p > 1.0) p = 1.0;
        const c = 7 * m;
        if (single) {
          const v = ((rhor0[c + 3]! * p + rhor0[c + 4]!) * p + rhor0[c + 5]!) * p + rhor0[c + 6]!;
          rhoi += v;
          rho[j] = (rho[j] as number) + v;
        } else {
          const a = sp.rhor[species[j] as number] as Float64Array;
          rhoi += ((a[c + 3]! * p + a[c + 4]!) * p + a[c + 5]!) * p + a[c + 6]!;
          const b = sp.rhor[si] as Float64Array;
          rho[j] = (rho[j] as number) + (((b[c + 3]! * p + b[c + 4]!) * p + b[c + 5]!) * p + b[c + 6]!);
        }
      }
      rho[i] = (rho[i] as number) + rhoi;
    }

    // 2. embedding energies and their derivatives
    let energy = 0;
    for (let i = 0; i < n; i++) {
      const r = rho[i] as number;
      let p = r * rdrho + 1.0;
      let m = Math.trunc(p);
      m = Math.max(1, Math.min(m, nrho - 1));
      p -= m;
      if (p > 1.0) p = 1.0;
      const F = sp.frho[species[i] as number] as Float64Array;
      const c = 7 * m;
      const d = (F[c]! * p + F[c + 1]!) * p + F[c + 2]!;
      fp[i] = d;
      let phi = ((F[c + 3]! * p + F[c + 4]!) * p + F[c + 5]!) * p + F[c + 6]!;
      if (r > rhomax) phi += d * (r - rhomax);
      energy += phi;
      if (eAtom !== null) eAtom[i] = phi;
    }

    // 3. forces
    const f = forcesOutput(options, 3 * n);
    const z2r0 = sp.z2r[0] as Float64Array;
    let wxx = 0,
      wyy = 0,
      wzz = 0,
      wxy = 0,
      wxz = 0,
      wyz = 0,
      wyx = 0,
      wzx = 0,
      wzy = 0;
    // Deliberate hot-loop specialisation: the density pass's compact entries (pairs within the cutoff, with r), with the
    // pair and embedding forces inlined.
    nq = 0;
    for (let i = 0; i < n; i++) {
      const i3 = 3 * i;
      const xi = x[i3] as number,
        yi = x[i3 + 1] as number,
        zi = x[i3 + 2] as number;
      const si = species[i] as number;
      const fpi = fp[i] as number;
      let fxi = 0,
        fyi = 0,
        fzi = 0,
        ei = 0;
      const end = cend[i] as number;
      const zeroEnd = cmid[i] as number;
      for (; nq < end; nq++) {
        let j = cj[nq] as number;
        let sx = 0,
          sy = 0,
          sz = 0;
        if (nq >= zeroEnd) {
          const s = 3 * (img[j] as number);
          j = nbr[j] as number;
          sx = S[s] as number;
          sy = S[s + 1] as number;
          sz = S[s + 2] as number;
        }
        const j3 = 3 * j;
        const dx = xi - ((x[j3] as number) + sx);
        const dy = yi - ((x[j3 + 1] as number) + sy);
        const dz = zi - ((x[j3 + 2] as number) + sz);
        const r = cr[nq] as number;
        let p = r * rdr + 1.0;
        let m = Math.trunc(p);
        if (m > nr - 1) m = nr - 1;
        p -= m;
        if (p > 1.0) p = 1.0;
        const c = 7 * m;
        let rhoip: number, rhojp: number, z2p: number, z2: number;
        if (single) {
          rhoip = (rhor0[c]! * p + rhor0[c + 1]!) * p + rhor0[c + 2]!;
          rhojp = rhoip;
          z2p = (z2r0[c]! * p + z2r0[c + 1]!) * p + z2r0[c + 2]!;
          z2 = ((z2r0[c + 3]! * p + z2r0[c + 4]!) * p + z2r0[c + 5]!) * p + z2r0[c + 6]!;
        } else {
          const sj = species[j] as number;
          const a = sp.rhor[si] as Float64Array;
          rhoip = (a[c]! * p + a[c + 1]!) * p + a[c + 2]!;
          const b = sp.rhor[sj] as Float64Array;
          rhojp = (b[c]! * p + b[c + 1]!) * p + b[c + 2]!;
          const hi = Math.max(si, sj),
            lo = Math.min(si, sj);
          const z = sp.z2r[(hi * (hi + 1)) / 2 + lo] as Float64Array;
          z2p = (z[c]! * p + z[c + 1]!) * p + z[c + 2]!;
          z2 = ((z[c + 3]! * p + z[c + 4]!) * p + z[c + 5]!) * p + z[c + 6]!;
        }
        const recip = 1.0 / r;
        const phi = z2 * recip;
        const phip = z2p * recip - phi * recip;
        const psip = fpi * rhojp + (fp[j] as number) * rhoip + phip;
        const fpair = -psip * recip;
        const fx = dx * fpair,
          fy = dy * fpair,
          fz = dz * fpair;
        fxi += fx;
        fyi += fy;
        fzi += fz;
        f[j3] = (f[j3] as number) - fx;
        f[j3 + 1] = (f[j3 + 1] as number) - fy;
        f[j3 + 2] = (f[j3 + 2] as number) - fz;
        ei += phi;
        if (eAtom !== null) {
          eAtom[i] = (eAtom[i] as number) + 0.5 * phi;
          eAtom[j] = (eAtom[j] as number) + 0.5 * phi;
        }
        if (nq >= zeroEnd) {
          // image part of the virial: S ⊗ (force on j) = −S ⊗ f
          wxx -= sx * fx;
          wxy -= sx * fy;
          wxz -= sx * fz;
          wyx -= sy * fx;
          wyy -= sy * fy;
          wyz -= sy * fz;
          wzx -= sz * fx;
          wzy -= sz * fy;
          wzz -= sz * fz;
        }
      }
      energy += ei;
      f[i3] = (f[i3] as number) + fxi;
      f[i3 + 1] = (f[i3 + 1] as number) + fyi;
      f[i3 + 2] = (f[i3 + 2] as number) + fzi;
    }
    const virial = virialFromForces(x, f, [wxx, wxy, wxz, wyx, wyy, wyz, wzx, wzy, wzz]);
    return eAtom === null ? { energy, forces: f, virial } : { energy, forces: f, virial, perAtomEnergies: eAtom };
  }
}
