import { invertCell, planeSpacings } from '@equitensor/io';
import { ScatterScratch, scatterBuild } from './neighbor-scatter.ts';
import type { AtomsState } from './potential.ts';

/** Whether a list stores each pair once (i < j, "half", Newton's third law) or from both atoms ("full"). */
export type NeighborListKind = 'half' | 'full';

/** Options of {@link NeighborList}. */
export interface NeighborListOptions {
  /** Interaction cutoff (Å, or σ in reduced units). */
  readonly cutoff: number;
  /**
   * Verlet skin added to the cutoff when building (default 0.3). The list is rebuilt only when atoms moved
   * far enough that a pair could have crossed the skin (the two largest displacements sum to more than the
   * skin, hence some atom moved more than skin/2), or the pbc or atom count changed. 0 rebuilds on every update.
   * A periodic cell that changed (a barostat) keeps the list when no pair can have entered the cutoff (see
   * {@link NeighborList.update}); its image shifts are then recomputed for the new cell.
   */
  readonly skin?: number;
  /** `half` (default): each pair once, from its lower index; `full`: from both atoms. */
  readonly kind?: NeighborListKind;
  /** `cells` (default): O(N) binning; `all-pairs`: O(N²) reference search over every pair and image. */
  readonly method?: 'cells' | 'all-pairs';
  /**
   * LAMMPS' `neigh_modify every N`: consider a rebuild only on every N-th {@link NeighborList.update}
   * (one update per force evaluation, i.e. per MD step). Default 1.
   */
  readonly every?: number;
  /** LAMMPS' `neigh_modify delay D`: no rebuild until D updates after the last build. Default 0. */
  readonly delay?: number;
  /**
   * LAMMPS' `neigh_modify check yes|no`. `true` (default): at a scheduled update, rebuild only when some pair
   * could have crossed the skin (safe: results never depend on the schedule). `false`: rebuild at every
   * scheduled update without checking, as LAMMPS' bench `in.lj` (`every 20 check no`); pairs that enter
   * the cutoff between rebuilds are then missed, so results depend on the schedule (and a restart
   * restarts the schedule). A changed pbc or atom count always rebuilds, and so does a changed cell with `check` false.
   */
  readonly check?: boolean;
}

/**
 * The rebuild schedule of a potential's neighbour list (LAMMPS' `neigh_modify every N delay D check yes|no`);
 * the default (every 1, delay 0, check true) is safe: results never depend on when lists are rebuilt.
 *
 * @example
 * ```ts
 * const lj = new LennardJones({ cutoff: 2.5, rebuild: { every: 20, check: false } }); // as LAMMPS' in.lj
 * ```
 */
export type NeighborRebuildOptions = Pick<NeighborListOptions, 'every' | 'delay' | 'check'>;

/**
 * A Verlet neighbour list built with cell lists, for triclinic periodic cells (any cutoff, also larger
 * than half the box: several periodic images of one atom are separate entries), open boundaries and
 * mixed pbc.
 *
 * Layout (CSR): the neighbours of atom i are `neighbors[k]` for `k` in `start[i] … start[i+1]−1`, and
 * the displacement from i to that neighbour is
 * `positions[j] − positions[i] + shifts[images[k]]` (the shift is an integer combination of the lattice
 * vectors, so positions never need wrapping). Within one atom, the zero-image neighbours come first
 * (up to `mid[i]`), then the others, each group sorted by (j, image): sums over a list are independent
 * of when it was built, so cell-list MD and all-pairs MD give identical bits.
 * Storage grows as needed (never overflows silently). Periodic boxes at least twice `cutoff + skin` across
 * are searched by a faster path (`neighbor-scatter.ts`; its candidate search in WebAssembly where available,
 * `wasm/neighbor-kernel.ts`) that writes exactly the same arrays.
 * The rebuild schedule follows LAMMPS' `neigh_modify every/delay/check` (default: check every update).
 *
 * @example
 * ```ts
 * const list = new NeighborList({ cutoff: 2.5, skin: 0.3 });
 * list.update(atoms); // builds, later calls rebuild only when needed
 * for (let i = 0; i < n; i++)
 *   for (let k = list.start[i]!; k < list.start[i + 1]!; k++) {
 *     const j = list.neighbors[k]!, s = 3 * list.images[k]!;
 *     const dx = atoms.positions[3 * j]! - atoms.positions[3 * i]! + list.shifts[s]!;
 *   }
 * ```
 */
export class NeighborList {
  readonly cutoff: number;
  readonly skin: number;
  readonly kind: NeighborListKind;
  readonly method: 'cells' | 'all-pairs';
  /** Rebuild schedule (LAMMPS' `neigh_modify every/delay/check`), see {@link NeighborListOptions}. */
  readonly every: number;
  readonly delay: number;
  readonly check: boolean;
  /** CSR offsets, length N + 1. */
  start: Int32Array = new Int32Array(1);
  /**
   * Per atom, the end of its zero-image entries: `start[i] … mid[i]−1` have image 0 (displacement
   * `positions[j] − positions[i]`), `mid[i] … start[i+1]−1` need `shifts`. Fast loops use this split.
   */
  mid: Int32Array = new Int32Array(0);
  /** Neighbour indices (valid up to `start[N]`). */
  neighbors: Int32Array = new Int32Array(1024);
  /** Per-entry index into `shifts` / `imageCells`. */
  images: Int32Array = new Int32Array(1024);
  /** Cartesian image shifts, 3 per image; image 0 is always (0, 0, 0). */
  shifts: Float64Array = new Float64Array(3);
  /** Integer lattice coordinates of each image, 3 per image. */
  imageCells: Int32Array = new Int32Array(3);
  /** Number of builds so far. */
  buildCount = 0;
  /** Number of times `shifts` changed without a rebuild (the cell was deformed, see {@link update}). */
  deformCount = 0;

  private atomCount = -1;
  private referencePositions = new Float64Array(0);
  private referenceCell: Float64Array | null = null;
  private referenceInverse: Float64Array | null = null;
  /** The cell the current `shifts` were computed for (the reference cell, or the last followed deformation). */
  private shiftsCell: Float64Array | null = null;
  private referencePbc: readonly [boolean, boolean, boolean] = [false, false, false];
  private updatesSinceBuild = 0;
  private readonly scratch = new ScatterScratch();
  /**
   * The periodic fast path's build: `scatterBuild` (this thread), or a pooled build writing exactly the same arrays
   * (`PooledNeighborBuild` of `@equitensor/md/node`, which the pooled potentials attach to their list).
   */
  fastPath: typeof scatterBuild = scatterBuild;

  constructor(options: NeighborListOptions) {
    if (!(options.cutoff > 0) || !Number.isFinite(options.cutoff)) {
      throw new RangeError(`neighbour list cutoff must be a positive finite number, got ${options.cutoff}`);
    }
    const skin = options.skin ?? 0.3;
    if (!(skin >= 0) || !Number.isFinite(skin)) throw new RangeError(`neighbour list skin must be ≥ 0, got ${skin}`);
    this.cutoff = options.cutoff;
    this.skin = skin;
    this.kind = options.kind ?? 'half';
    this.method = options.method ?? 'cells';
    this.every = options.every ?? 1;
    this.delay = options.delay ?? 0;
    this.check = options.check ?? true;
    if (!Number.isInteger(this.every) || this.every < 1)
      throw new RangeError(`neighbour list every must be an integer ≥ 1, got ${this.every}`);
    if (!Number.isInteger(this.delay) || this.delay < 0)
      throw new RangeError(`neighbour list delay must be an integer ≥ 0, got ${this.delay}`);
  }

  /** Number of stored entries (pairs for a half list, twice that for a full one). */
  get size(): number {
    return this.start[this.start.length - 1] as number;
  }

  /**
   * True when the list must be rebuilt for these atoms: first use, a different atom count, cell or pbc,
   * or two atoms whose displacements since the last build add up to more than the skin (so never
   * later than LAMMPS' "check yes" criterion of one atom moving more than skin/2). Conservative for a changed
   * periodic cell, which {@link update} may follow without a rebuild.
   *
   * @example
   * ```ts
   * if (list.needsRebuild(atoms)) list.build(atoms);
   * ```
   */
  needsRebuild(atoms: AtomsState): boolean {
    return this.mustRebuild(atoms) || this.movedTooFar(atoms);
  }

  /**
   * Whether the list built for the reference cell H₀ and positions x₀ still holds every pair within the
   * cutoff after the cell became H (same atoms, fully periodic). With A = H₀⁻¹H (x = y·A maps the reference
   * box onto the current one) and y_i = x_i·A⁻¹, a pair (i, j, image n) that was ≥ rc + skin apart is now
   * at |(y_j + n·H₀ − y_i)·A| ≥ σ_min(A)·(rc + skin − |y_i − x₀_i| − |y_j − x₀_j|), and σ_min(A) ≥ 1 − ‖A − I‖_F
   * (Weyl). The list is kept when that bound, with the two largest |y − x₀|, is at least rc — exact for any
   * image, any cutoff and any cell; for an unchanged cell it is the usual displacement check.
   */
  private followsDeformation(atoms: AtomsState): boolean {
    const n = atoms.numbers.length;
    const cell = atoms.cell;
    const ref = this.referenceCell;
    const refInverse = this.referenceInverse;
    if (!this.check || this.skin === 0 || n !== this.atomCount || cell === null || ref === null || refInverse === null) return false;
    for (let k = 0; k < 3; k++) if (!atoms.pbc[k] || !this.referencePbc[k]) return false;
    const inverse = invertCell(cell);
    // A = H₀⁻¹H and A⁻¹ = H⁻¹H₀ (row-major 3×3)
    const a = multiply3(refInverse, cell);
    const aInverse = multiply3(inverse, ref);
    let frobenius = 0;
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) frobenius += ((a[3 * r + c] as number) - (r === c ? 1 : 0)) ** 2;
    const sigmaMin = 1 - Math.sqrt(frobenius);
    if (!(sigmaMin > 0)) return false;
    const x = atoms.positions;
    const x0 = this.referencePositions;
    const top = new TwoLargest();
    for (let i = 0; i < 3 * n; i += 3) {
      const px = x[i] as number,
        py = x[i + 1] as number,
        pz = x[i + 2] as number;
      const dx = px * (aInverse[0] as number) + py * (aInverse[3] as number) + pz * (aInverse[6] as number) - (x0[i] as number);
      const dy = px * (aInverse[1] as number) + py * (aInverse[4] as number) + pz * (aInverse[7] as number) - (x0[i + 1] as number);
      const dz = px * (aInverse[2] as number) + py * (aInverse[5] as number) + pz * (aInverse[8] as number) - (x0[i + 2] as number);
      top.add(dx * dx + dy * dy + dz * dz);
    }
    // a small relative margin covers the rounding of the transformed positions
    const bound = sigmaMin * (this.cutoff + this.skin - Math.sqrt(top.first) - Math.sqrt(top.second));
    return bound >= this.cutoff * (1 + 1e-12);
  }

  /** Recompute the Cartesian image shifts for a new cell (as a build computes them) and remember that cell. */
  private shiftsFor(cell: Float64Array): void {
    const m = this.imageCells;
    const shifts = this.shifts;
    for (let e = 0; e < shifts.length; e += 3) {
      const m0 = m[e] as number,
        m1 = m[e + 1] as number,
        m2 = m[e + 2] as number;
      for (let k = 0; k < 3; k++) shifts[e + k] = m0 * (cell[k] as number) + m1 * (cell[3 + k] as number) + m2 * (cell[6 + k] as number);
    }
    this.shiftsCell = Float64Array.from(cell);
    this.deformCount++;
  }

  private cellDiffersFromShifts(cell: Float64Array): boolean {
    const c = this.shiftsCell;
    if (c === null) return true;
    for (let k = 0; k < 9; k++) if (cell[k] !== c[k]) return true;
    return false;
  }

  /** First use, skin 0, or a changed atom count, cell or pbc: rebuild whatever the schedule. */
  private mustRebuild(atoms: AtomsState): boolean {
    const n = atoms.numbers.length;
    if (n !== this.atomCount || this.skin === 0) return true;
    const cell = atoms.cell;
    const ref = this.referenceCell;
    if ((cell === null) !== (ref === null)) return true;
    if (cell !== null && ref !== null) {
      for (let k = 0; k < 9; k++) if (cell[k] !== ref[k]) return true;
    }
    for (let k = 0; k < 3; k++) if (atoms.pbc[k] !== this.referencePbc[k]) return true;
    return false;
  }

  /** Whether two atoms' displacements since the last build add up to more than the skin. */
  private movedTooFar(atoms: AtomsState): boolean {
    // A pair can move from beyond rc + skin to within rc only if the two atoms together moved more than
    // the skin: rebuild when the two largest displacements sum to more than the skin (this implies the
    // usual "some atom moved more than skin/2" and is never less safe).
    return twoLargestDisplacements(atoms.positions, this.referencePositions, atoms.numbers.length) > this.skin;
  }

  /**
   * Rebuild when needed; returns whether it rebuilt. With the default schedule (`every` 1, `delay` 0,
   * `check` true) that is exactly when {@link needsRebuild} says so; otherwise LAMMPS' `neigh_modify` rules.
   * A changed fully periodic cell (same atoms, `check` true) is tested at every update: when no pair can have
   * entered the cutoff (see `followsDeformation`) only the image `shifts` are recomputed for the new cell and
   * `deformCount` grows; otherwise the list is rebuilt.
   *
   * @example
   * ```ts
   * const rebuilt = list.update(atoms);
   * ```
   */
  update(atoms: AtomsState): boolean {
    const cell = atoms.cell;
    if (this.mustRebuild(atoms)) {
      if (this.followsDeformation(atoms)) {
        // a deformed periodic cell: checked at every update whatever every/delay say
        if (this.cellDiffersFromShifts(cell as Float64Array)) this.shiftsFor(cell as Float64Array);
        return false;
      }
    } else {
      // back at the reference cell after following a deformation: shifts for this cell again
      if (cell !== null && this.cellDiffersFromShifts(cell)) this.shiftsFor(cell);
      const ago = ++this.updatesSinceBuild;
      if (ago < this.delay || ago % this.every !== 0) return false;
      if (this.check && !this.movedTooFar(atoms)) return false;
    }
    this.build(atoms);
    return true;
  }

  /**
   * Build the list from scratch for these atoms.
   *
   * @example
   * ```ts
   * list.build(atoms);
   * ```
   */
  build(atoms: AtomsState): void {
    const n = atoms.numbers.length;
    if (atoms.positions.length !== 3 * n) {
      throw new RangeError(`positions have ${atoms.positions.length} numbers, expected 3 × ${n} atoms`);
    }
    const frame = makeFrame(atoms, this.cutoff + this.skin);
    const periodic = frame.periodic[0] && frame.periodic[1] && frame.periodic[2];
    const fast =
      this.method === 'cells' &&
      periodic &&
      this.fastPath(this, this.scratch, atoms.positions, frame.cell, frame.inverse, frame.spacings, frame.rcut);
    if (!fast) {
      const search = new PairSearch(this, frame, n);
      if (this.method === 'all-pairs') search.allPairs(atoms.positions);
      else search.cells(atoms.positions);
    }
    this.atomCount = n;
    this.updatesSinceBuild = 0;
    if (this.referencePositions.length !== 3 * n) this.referencePositions = new Float64Array(3 * n);
    this.referencePositions.set(atoms.positions);
    this.referenceCell = atoms.cell === null ? null : Float64Array.from(atoms.cell);
    this.referenceInverse = atoms.cell === null ? null : invertCell(atoms.cell);
    this.shiftsCell = this.referenceCell;
    this.referencePbc = [atoms.pbc[0], atoms.pbc[1], atoms.pbc[2]];
    this.buildCount++;
  }

  /** @internal make room for at least `needed` entries, keeping the first `used`. */
  ensureCapacity(needed: number, used: number): void {
    if (needed <= this.neighbors.length) return;
    // 10 % headroom: a list fitted exactly is outgrown at the next build as atoms move (a new array, its pages faulted in)
    const capacity = Math.max(Math.ceil(needed * 1.1), Math.ceil(this.neighbors.length * 1.5));
    const neighbors = new Int32Array(capacity);
    neighbors.set(this.neighbors.subarray(0, used));
    const images = new Int32Array(capacity);
    images.set(this.images.subarray(0, used));
    this.neighbors = neighbors;
    this.images = images;
  }
}

/** The search geometry: a (pseudo-)cell, its inverse, periodicity, and the origin of fractional coordinates. */
interface Frame {
  cell: Float64Array;
  inverse: Float64Array;
  periodic: [boolean, boolean, boolean];
  spacings: [number, number, number];
  rcut: number;
}

function makeFrame(atoms: AtomsState, rcut: number): Frame {
  const periodic: [boolean, boolean, boolean] = [atoms.pbc[0], atoms.pbc[1], atoms.pbc[2]];
  let cell: Float64Array;
  if (atoms.cell === null) {
    if (periodic[0] || periodic[1] || periodic[2]) throw new RangeError('periodic boundaries need a cell');
    cell = new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  } else {
    cell = Float64Array.from(atoms.cell);
    // A non-periodic axis may have a zero lattice vector: replace it by a unit normal so the frame is invertible.
    fixDegenerateAxes(cell, periodic);
  }
  return { cell, inverse: invertCell(cell), periodic, spacings: planeSpacings(cell), rcut };
}

function fixDegenerateAxes(cell: Float64Array, periodic: readonly boolean[]): void {
  for (let k = 0; k < 3; k++) {
    const len = Math.hypot(cell[3 * k] as number, cell[3 * k + 1] as number, cell[3 * k + 2] as number);
    if (len > 0) continue;
    if (periodic[k]) throw new RangeError(`periodic lattice vector ${'abc'[k]} has zero length`);
    const l = (k + 1) % 3,
      m = (k + 2) % 3;
    const lx = cell[3 * l] as number,
      ly = cell[3 * l + 1] as number,
      lz = cell[3 * l + 2] as number;
    const mx = cell[3 * m] as number,
      my = cell[3 * m + 1] as number,
      mz = cell[3 * m + 2] as number;
    let cx = ly * mz - lz * my,
      cy = lz * mx - lx * mz,
      cz = lx * my - ly * mx;
    let c = Math.hypot(cx, cy, cz);
    if (!(c > 0)) {
      cx = k === 0 ? 1 : 0;
      cy = k === 1 ? 1 : 0;
      cz = k === 2 ? 1 : 0;
      c = 1;
    }
    cell[3 * k] = cx / c;
    cell[3 * k + 1] = cy / c;
    cell[3 * k + 2] = cz / c;
  }
}

const IMAGE_BASE = 2048;
const IMAGE_OFFSET = 1024;
// Compact image codes for sorting keys: |m| < 64 per axis, 2²¹ codes.
const CODE_HALF = 64;
const CODE_BASE = 128;
const CODE_SPAN = 2097152;
const ZERO_CODE = (CODE_HALF * CODE_BASE + CODE_HALF) * CODE_BASE + CODE_HALF;

/** One build: wraps atoms into the frame, bins them, and writes sorted CSR entries into the list. */
class PairSearch {
  private readonly frac: Float64Array;
  private readonly wrap: Int32Array;
  private readonly imageMap = new Map<number, number>();
  private imageCount = 1;
  private shifts: number[] = [0, 0, 0];
  private imageLattice: number[] = [0, 0, 0];
  private used = 0;
  // Per-atom scratch: candidates as sortable keys j·2²¹ + image code (or, for far images, parallel arrays).
  /** @internal */
  scratchKey: Float64Array = new Float64Array(256);
  /** @internal */
  scratchCount = 0;
  private readonly wide: number[] = [];
  private readonly codeToImage = new Map<number, number>();
  private readonly list: NeighborList;
  private readonly frame: Frame;
  private readonly n: number;
  private readonly rcut2: number;
  private readonly half: boolean;

  constructor(list: NeighborList, frame: Frame, n: number) {
    this.list = list;
    this.frame = frame;
    this.n = n;
    this.rcut2 = frame.rcut * frame.rcut;
    this.half = list.kind === 'half';
    this.frac = new Float64Array(3 * n);
    this.wrap = new Int32Array(3 * n);
    this.imageMap.set(imageKey(0, 0, 0), 0);
    if (list.start.length !== n + 1) list.start = new Int32Array(n + 1);
    if (list.mid.length !== n) list.mid = new Int32Array(n);
  }

  /** Fractional coordinates, wrapped into [0, 1) along periodic axes (the integer part kept in `wrap`). */
  private fractional(x: Float64Array): void {
    const inv = this.frame.inverse;
    const p = this.frame.periodic;
    for (let i = 0; i < this.n; i++) {
      const rx = x[3 * i] as number,
        ry = x[3 * i + 1] as number,
        rz = x[3 * i + 2] as number;
      for (let k = 0; k < 3; k++) {
        let s = rx * (inv[k] as number) + ry * (inv[3 + k] as number) + rz * (inv[6 + k] as number);
        if (!Number.isFinite(s)) throw new RangeError(`atom ${i} has a non-finite position`);
        if (p[k]) {
          let w = Math.floor(s);
          s -= w;
          if (s >= 1) {
            // s − w rounds to 1 for a tiny negative s: the atom is at 0 of the next cell, not of this one
            s = 0;
            w += 1;
          }
          this.wrap[3 * i + k] = w;
        }
        this.frac[3 * i + k] = s;
      }
    }
  }

  /** Index of the image with integer lattice coordinates (m0, m1, m2), created on first use. */
  private image(m0: number, m1: number, m2: number): number {
    if (m0 === 0 && m1 === 0 && m2 === 0) return 0;
    const key = imageKey(m0, m1, m2);
    const found = this.imageMap.get(key);
    if (found !== undefined) return found;
    const c = this.frame.cell;
    const index = this.imageCount++;
    this.imageMap.set(key, index);
    for (let k = 0; k < 3; k++) {
      this.shifts.push(m0 * (c[k] as number) + m1 * (c[3 + k] as number) + m2 * (c[6 + k] as number));
    }
    this.imageLattice.push(m0, m1, m2);
    return index;
  }

  /** Double the key scratch (rare). */
  /** @internal */
  growKeys(): Float64Array {
    const key = new Float64Array(2 * this.scratchKey.length);
    key.set(this.scratchKey);
    this.scratchKey = key;
    return key;
  }

  /**
   * Append a candidate. Near images get a sortable key j·2²¹ + code in `scratchKey`; an image too far for
   * a code (|m| ≥ 64, atoms that drifted many boxes away) goes to the wide list, sorted separately.
   */
  /** @internal */
  pushCandidate(j: number, m0: number, m1: number, m2: number): void {
    if (m0 > -CODE_HALF && m0 < CODE_HALF && m1 > -CODE_HALF && m1 < CODE_HALF && m2 > -CODE_HALF && m2 < CODE_HALF) {
      if (this.scratchCount === this.scratchKey.length) this.growKeys();
      this.scratchKey[this.scratchCount++] =
        j * CODE_SPAN + ((m0 + CODE_HALF) * CODE_BASE + (m1 + CODE_HALF)) * CODE_BASE + (m2 + CODE_HALF);
      return;
    }
    this.wide.push(j, m0, m1, m2);
  }

  /** Sort atom i's candidates by (j, image) and append them to the list. */
  /** @internal */
  flushAtom(i: number): void {
    const count = this.scratchCount;
    const keys = this.scratchKey;
    const list = this.list;
    if (this.wide.length > 0) {
      this.flushWide(i);
      return;
    }
    list.ensureCapacity(this.used + count, this.used);
    const nbr = list.neighbors,
      img = list.images;
    // candidates arrive as a few sorted runs (one per bin): insertion sort is fast here
    for (let a = 1; a < count; a++) {
      const key = keys[a] as number;
      let b = a - 1;
      while (b >= 0 && (keys[b] as number) > key) {
        keys[b + 1] = keys[b] as number;
        b--;
      }
      keys[b + 1] = key;
    }
    // zero-image entries first (a property of the pair, so the order stays canonical), then the others
    let out = this.used;
    let others = 0;
    for (let a = 0; a < count; a++) {
      const key = keys[a] as number;
      const j = Math.floor(key / CODE_SPAN);
      if (key - j * CODE_SPAN !== ZERO_CODE) {
        others++;
        continue;
      }
      nbr[out] = j;
      img[out] = 0;
      out++;
    }
    list.mid[i] = out;
    if (others > 0) {
      for (let a = 0; a < count; a++) {
        const key = keys[a] as number;
        const j = Math.floor(key / CODE_SPAN);
        const code = key - j * CODE_SPAN;
        if (code === ZERO_CODE) continue;
        nbr[out] = j;
        img[out] = this.imageOfCode(code);
        out++;
      }
    }
    this.used = out;
    list.start[i + 1] = out;
    this.scratchCount = 0;
  }

  private imageOfCode(code: number): number {
    let index = this.codeToImage.get(code);
    if (index === undefined) {
      const m2 = (code % CODE_BASE) - CODE_HALF;
      const m1 = (Math.floor(code / CODE_BASE) % CODE_BASE) - CODE_HALF;
      const m0 = Math.floor(code / (CODE_BASE * CODE_BASE)) - CODE_HALF;
      index = this.image(m0, m1, m2);
      this.codeToImage.set(code, index);
    }
    return index;
  }

  /** The rare path: some image is too far for a key; sort all candidates with a comparator. */
  private flushWide(i: number): void {
    const entries: [number, number, number, number][] = [];
    for (let a = 0; a < this.scratchCount; a++) {
      const key = this.scratchKey[a] as number;
      const j = Math.floor(key / CODE_SPAN);
      const code = key - j * CODE_SPAN;
      entries.push([
        j,
        Math.floor(code / (CODE_BASE * CODE_BASE)) - CODE_HALF,
        (Math.floor(code / CODE_BASE) % CODE_BASE) - CODE_HALF,
        (code % CODE_BASE) - CODE_HALF,
      ]);
    }
    const w = this.wide;
    for (let a = 0; a < w.length; a += 4) entries.push([w[a] as number, w[a + 1] as number, w[a + 2] as number, w[a + 3] as number]);
    const zero = (e: [number, number, number, number]) => (e[1] === 0 && e[2] === 0 && e[3] === 0 ? 0 : 1);
    entries.sort((p, q) => zero(p) - zero(q) || p[0] - q[0] || p[1] - q[1] || p[2] - q[2] || p[3] - q[3]);
    const list = this.list;
    list.ensureCapacity(this.used + entries.length, this.used);
    list.mid[i] = this.used + entries.filter((e) => zero(e) === 0).length;
    for (const [j, m0, m1, m2] of entries) {
      list.neighbors[this.used] = j;
      list.images[this.used] = this.image(m0, m1, m2);
      this.used++;
    }
    list.start[i + 1] = this.used;
    this.scratchCount = 0;
    w.length = 0;
  }

  /** Test the pair (i, image m of j) with actual positions and keep it when within rcut. */
  private consider(x: Float64Array, i: number, j: number, m0: number, m1: number, m2: number): void {
    if (j === i && m0 === 0 && m1 === 0 && m2 === 0) return;
    if (this.half && (j < i || (j === i && !lexPositive(m0, m1, m2)))) return;
    const c = this.frame.cell;
    const sx = m0 * (c[0] as number) + m1 * (c[3] as number) + m2 * (c[6] as number);
    const sy = m0 * (c[1] as number) + m1 * (c[4] as number) + m2 * (c[7] as number);
    const sz = m0 * (c[2] as number) + m1 * (c[5] as number) + m2 * (c[8] as number);
    const dx = (x[3 * j] as number) - (x[3 * i] as number) + sx;
    const dy = (x[3 * j + 1] as number) - (x[3 * i + 1] as number) + sy;
    const dz = (x[3 * j + 2] as number) - (x[3 * i + 2] as number) + sz;
    if (dx * dx + dy * dy + dz * dz >= this.rcut2) return;
    this.pushCandidate(j, m0, m1, m2);
  }

  private finish(): void {
    const list = this.list;
    list.start[0] = 0;
    list.shifts = Float64Array.from(this.shifts);
    list.imageCells = Int32Array.from(this.imageLattice);
  }

  /** Reference O(N²) search over every pair and every image within reach. */
  allPairs(x: Float64Array): void {
    this.fractional(x);
    const reach = [0, 0, 0];
    for (let k = 0; k < 3; k++) reach[k] = this.frame.periodic[k] ? Math.ceil(this.frame.rcut / (this.frame.spacings[k] as number)) + 1 : 0;
    const [r0, r1, r2] = reach as [number, number, number];
    const w = this.wrap;
    for (let i = 0; i < this.n; i++) {
      for (let j = this.half ? i : 0; j < this.n; j++) {
        for (let a = -r0; a <= r0; a++)
          for (let b = -r1; b <= r1; b++)
            for (let c = -r2; c <= r2; c++) {
              // image (a, b, c) of j in the wrapped frame, expressed for the unwrapped positions
              const m0 = a - (w[3 * j] as number) + (w[3 * i] as number);
              const m1 = b - (w[3 * j + 1] as number) + (w[3 * i + 1] as number);
              const m2 = c - (w[3 * j + 2] as number) + (w[3 * i + 2] as number);
              this.consider(x, i, j, m0, m1, m2);
            }
      }
      this.flushAtom(i);
    }
    this.finish();
  }

  /** O(N) search with bins at least rcut wide (in plane spacing) along each axis. */
  cells(x: Float64Array): void {
    this.fractional(x);
    const n = this.n;
    const frame = this.frame;
    const nb = [1, 1, 1];
    const lo = [0, 0, 0];
    const extent = [1, 1, 1];
    for (let k = 0; k < 3; k++) {
      if (!frame.periodic[k] && n > 0) {
        let min = Number.POSITIVE_INFINITY;
        let max = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < n; i++) {
          const s = this.frac[3 * i + k] as number;
          if (s < min) min = s;
          if (s > max) max = s;
        }
        lo[k] = min;
        extent[k] = Math.max(max - min, 1e-12) * (1 + 1e-9); // keep the maximum inside the last bin
      }
      const length = (extent[k] as number) * (frame.spacings[k] as number);
      // bins at least one cutoff wide and a ±1 bin stencil
      nb[k] = Math.max(1, Math.min(4096, Math.floor(length / (frame.rcut * (1 + 1e-10)))));
    }
    // Keep the number of bins proportional to the number of atoms (sparse open systems).
    while ((nb[0] as number) * (nb[1] as number) * (nb[2] as number) > 8 * n + 64) {
      for (let k = 0; k < 3; k++) nb[k] = Math.ceil((nb[k] as number) / 2);
    }
    const width = [0, 0, 0];
    const reach = [1, 1, 1];
    for (let k = 0; k < 3; k++) {
      width[k] = (extent[k] as number) / (nb[k] as number);
      const binLength = (width[k] as number) * (frame.spacings[k] as number);
      reach[k] = Math.max(1, Math.ceil(frame.rcut / binLength));
      if (!frame.periodic[k]) reach[k] = Math.min(reach[k] as number, nb[k] as number);
    }
    const [nb0, nb1, nb2] = nb as [number, number, number];
    const binOf = new Int32Array(n);
    const binCount = new Int32Array(nb0 * nb1 * nb2 + 1);
    for (let i = 0; i < n; i++) {
      let b = 0;
      for (let k = 0; k < 3; k++) {
        let q = Math.floor(((this.frac[3 * i + k] as number) - (lo[k] as number)) / (width[k] as number));
        const nk = nb[k] as number;
        if (q < 0) q = 0;
        if (q >= nk) q = nk - 1;
        b = b * nk + q;
      }
      binOf[i] = b;
      binCount[b + 1] = (binCount[b + 1] as number) + 1;
    }
    for (let b = 0; b < nb0 * nb1 * nb2; b++) binCount[b + 1] = (binCount[b + 1] as number) + (binCount[b] as number);
    const binStart = Int32Array.from(binCount);
    const binAtoms = new Int32Array(n);
    const fill = binCount.subarray(0, nb0 * nb1 * nb2);
    for (let i = 0; i < n; i++) {
      const b = binOf[i] as number;
      binAtoms[fill[b] as number] = i;
      fill[b] = (fill[b] as number) + 1;
    }
    // Positions in the wrapped frame, stored bin by bin for locality.
    const c = frame.cell;
    const sorted = new Float64Array(3 * n);
    for (let t = 0; t < n; t++) {
      const j = binAtoms[t] as number;
      const f0 = this.frac[3 * j] as number,
        f1 = this.frac[3 * j + 1] as number,
        f2 = this.frac[3 * j + 2] as number;
      for (let k = 0; k < 3; k++) sorted[3 * t + k] = f0 * (c[k] as number) + f1 * (c[3 + k] as number) + f2 * (c[6 + k] as number);
    }
    const slotOf = new Int32Array(n);
    for (let t = 0; t < n; t++) slotOf[binAtoms[t] as number] = t;
    // Per bin, its stencil: the non-empty neighbouring (bin, image) pairs, ordered by their first atom
    // index so that candidates arrive nearly sorted (cheap insertion sort in flushAtom).
    const [k0, k1, k2] = reach as [number, number, number];
    const [p0, p1, p2] = frame.periodic;
    const nbins = nb0 * nb1 * nb2;
    const stencilStart = new Int32Array(nbins + 1);
    let stencilBin = new Int32Array(27 * nbins);
    let stencilImage = new Int32Array(3 * 27 * nbins);
    let stencilCount = 0;
    const order: number[] = [];
    const entries: number[] = [];
    for (let b = 0; b < nbins; b++) {
      stencilStart[b] = stencilCount;
      if ((binStart[b + 1] as number) === (binStart[b] as number)) continue; // no atom lives here
      const bz = b % nb2,
        by = Math.floor(b / nb2) % nb1,
        bx = Math.floor(b / (nb1 * nb2));
      entries.length = 0;
      for (let ox = -k0; ox <= k0; ox++) {
        const cx = bx + ox;
        if (!p0 && (cx < 0 || cx >= nb0)) continue;
        const ix = Math.floor(cx / nb0),
          qx = cx - ix * nb0;
        for (let oy = -k1; oy <= k1; oy++) {
          const cy = by + oy;
          if (!p1 && (cy < 0 || cy >= nb1)) continue;
          const iy = Math.floor(cy / nb1),
            qy = cy - iy * nb1;
          for (let oz = -k2; oz <= k2; oz++) {
            const cz = bz + oz;
            if (!p2 && (cz < 0 || cz >= nb2)) continue;
            const iz = Math.floor(cz / nb2),
              qz = cz - iz * nb2;
            const q = (qx * nb1 + qy) * nb2 + qz;
            if ((binStart[q + 1] as number) === (binStart[q] as number)) continue;
            entries.push(q, ix, iy, iz);
          }
        }
      }
      order.length = 0;
      for (let e = 0; e < entries.length; e += 4) order.push(e);
      order.sort(
        (u, v) =>
          (binAtoms[binStart[entries[u] as number] as number] as number) - (binAtoms[binStart[entries[v] as number] as number] as number),
      );
      if (stencilCount + order.length > stencilBin.length) {
        const grow = Math.max(2 * stencilBin.length, stencilCount + order.length);
        const nbin = new Int32Array(grow);
        nbin.set(stencilBin);
        stencilBin = nbin;
        const nimg = new Int32Array(3 * grow);
        nimg.set(stencilImage);
        stencilImage = nimg;
      }
      for (const e of order) {
        stencilBin[stencilCount] = entries[e] as number;
        stencilImage[3 * stencilCount] = entries[e + 1] as number;
        stencilImage[3 * stencilCount + 1] = entries[e + 2] as number;
        stencilImage[3 * stencilCount + 2] = entries[e + 3] as number;
        stencilCount++;
      }
    }
    stencilStart[nbins] = stencilCount;
    searchCells(this, {
      n,
      binOf,
      slotOf,
      sorted,
      binStart,
      binAtoms,
      stencilStart,
      stencilBin,
      stencilImage,
      wrap: this.wrap,
      half: this.half,
      rcut2: this.rcut2,
      cell: c,
    });
    this.finish();
  }
}

/** The arrays of one cell-list search (see {@link searchCells}). */
interface CellSearchArrays {
  n: number;
  binOf: Int32Array;
  slotOf: Int32Array;
  sorted: Float64Array;
  binStart: Int32Array;
  binAtoms: Int32Array;
  stencilStart: Int32Array;
  stencilBin: Int32Array;
  stencilImage: Int32Array;
  wrap: Int32Array;
  half: boolean;
  rcut2: number;
  cell: Float64Array;
}

/** The hot loop of a cell-list build, kept small and free of `this` so the JIT optimises it well. */
function searchCells(search: PairSearch, a: CellSearchArrays): void {
  const { n, binOf, slotOf, sorted, binStart, binAtoms, stencilStart, stencilBin, stencilImage, half, rcut2 } = a;
  const w = a.wrap;
  const c = a.cell;
  const c0 = c[0] as number,
    c1 = c[1] as number,
    c2 = c[2] as number;
  const c3 = c[3] as number,
    c4 = c[4] as number,
    c5 = c[5] as number;
  const c6 = c[6] as number,
    c7 = c[7] as number,
    c8 = c[8] as number;
  let keys: Float64Array = search.scratchKey;
  let count = 0;
  const cursor = binStart.slice(0, binStart.length - 1);
  for (let i = 0; i < n; i++) {
    const b = binOf[i] as number;
    const wi0 = w[3 * i] as number,
      wi1 = w[3 * i + 1] as number,
      wi2 = w[3 * i + 2] as number;
    const si = 3 * (slotOf[i] as number);
    const xi = sorted[si] as number,
      yi = sorted[si + 1] as number,
      zi = sorted[si + 2] as number;
    const stencilEnd = stencilStart[b + 1] as number;
    for (let e = stencilStart[b] as number; e < stencilEnd; e++) {
      const q = stencilBin[e] as number;
      const ix = stencilImage[3 * e] as number,
        iy = stencilImage[3 * e + 1] as number,
        iz = stencilImage[3 * e + 2] as number;
      const shx = ix * c0 + iy * c3 + iz * c6 - xi;
      const shy = ix * c1 + iy * c4 + iz * c7 - yi;
      const shz = ix * c2 + iy * c5 + iz * c8 - zi;
      const selfImage = ix !== 0 || iy !== 0 || iz !== 0;
      const end = binStart[q + 1] as number;
      let first = binStart[q] as number;
      if (half) {
        // atoms within a bin are in increasing index order and i only grows: a per-bin cursor skips those
        // below i (amortised O(1)); i itself stays only as a lexicographically positive periodic self-image
        let cur = cursor[q] as number;
        while (cur < end && (binAtoms[cur] as number) < i) cur++;
        cursor[q] = cur;
        first = cur;
        if (first < end && binAtoms[first] === i && !(selfImage && lexPositive(ix, iy, iz))) first++;
      }
      for (let t = first; t < end; t++) {
        const j = binAtoms[t] as number;
        if (!half && j === i && !selfImage) continue;
        const dx = (sorted[3 * t] as number) + shx;
        const dy = (sorted[3 * t + 1] as number) + shy;
        const dz = (sorted[3 * t + 2] as number) + shz;
        if (dx * dx + dy * dy + dz * dz >= rcut2) continue;
        const m0 = ix - (w[3 * j] as number) + wi0;
        const m1 = iy - (w[3 * j + 1] as number) + wi1;
        const m2 = iz - (w[3 * j + 2] as number) + wi2;
        if (m0 > -CODE_HALF && m0 < CODE_HALF && m1 > -CODE_HALF && m1 < CODE_HALF && m2 > -CODE_HALF && m2 < CODE_HALF) {
          if (count === keys.length) keys = search.growKeys();
          keys[count++] = j * CODE_SPAN + ((m0 + CODE_HALF) * CODE_BASE + (m1 + CODE_HALF)) * CODE_BASE + (m2 + CODE_HALF);
        } else {
          search.scratchCount = count;
          search.pushCandidate(j, m0, m1, m2);
          keys = search.scratchKey;
          count = search.scratchCount;
        }
      }
    }
    search.scratchCount = count;
    search.flushAtom(i);
    count = 0;
  }
}

function imageKey(m0: number, m1: number, m2: number): number {
  return ((m0 + IMAGE_OFFSET) * IMAGE_BASE + (m1 + IMAGE_OFFSET)) * IMAGE_BASE + (m2 + IMAGE_OFFSET);
}

/**
 * The sum of the two largest displacements |x_i − x0_i| of n atoms. Its own function, the two largest kept in locals and
 * nothing after the loop but square roots: as a loop inside `movedTooFar` (with a `TwoLargest`), V8 entered it by
 * on-stack replacement and deoptimised at the code after it on every check.
 */
function twoLargestDisplacements(x: Float64Array, x0: Float64Array, n: number): number {
  let first = 0,
    second = 0;
  for (let i = 0; i < 3 * n; i += 3) {
    const dx = (x[i] as number) - (x0[i] as number);
    const dy = (x[i + 1] as number) - (x0[i + 1] as number);
    const dz = (x[i + 2] as number) - (x0[i + 2] as number);
    const d2 = dx * dx + dy * dy + dz * dz;
    if (d2 > second) {
      if (d2 > first) {
        second = first;
        first = d2;
      } else second = d2;
    }
  }
  return Math.sqrt(first) + Math.sqrt(second);
}

/** The two largest of the numbers added (squared displacements ≥ 0, so both start at 0). */
class TwoLargest {
  first = 0;
  second = 0;

  add(d2: number): void {
    if (d2 > this.second) {
      if (d2 > this.first) {
        this.second = this.first;
        this.first = d2;
      } else this.second = d2;
    }
  }
}

function lexPositive(m0: number, m1: number, m2: number): boolean {
  return m0 > 0 || (m0 === 0 && (m1 > 0 || (m1 === 0 && m2 > 0)));
}

/** Row-major 3×3 product a·b. */
function multiply3(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(9);
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++)
      out[3 * r + c] =
        (a[3 * r] as number) * (b[c] as number) +
        (a[3 * r + 1] as number) * (b[3 + c] as number) +
        (a[3 * r + 2] as number) * (b[6 + c] as number);
  return out;
}
