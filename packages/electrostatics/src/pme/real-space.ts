import { type CellGeometry, matrix3Entries } from '@equitensor/io';
import { binCharges, fractionalCoordinates } from '../ewald/bins.ts';
import type { ErfcTable } from './erfc-table.ts';

/** Plain double arrays reused by {@link pmeRealSpace} (V8 reads them more cheaply than typed arrays in the pair loop). */
const sorted = { x: doubles(), y: doubles(), z: doubles(), q: doubles(), fx: doubles(), fy: doubles(), fz: doubles(), e: doubles() };

/**
 * Real-space part of PME with k_e = 1: Σ over pairs (i, j, image n) within r_c of qᵢqⱼ erfc(αr)/r, each pair once.
 * The charges are binned on the same fractional grid as the Ewald real space (`ewald/bins.ts`, bins ~r_c/3 thick) and
 * counting-sorted by bin, their wrapped Cartesian positions and charges copied in that order into plain arrays: for
 * each atom and each row of neighbour bins (offsets o0, o1 of the half space), the bins along the last direction are
 * consecutive in the sorted order, so the candidates are one or two contiguous ranges (split where the row wraps
 * around the cell, each range with one image shift), scanned without a linked list. The pair functions are read from
 * the {@link ErfcTable}'s plain coefficients (erfc for pairs closer than its start). Forces are added into `forces`
 * (scaled by `scale`, i.e. k_e); per-atom halves into `perAtom` when given.
 *
 * @example
 * ```ts
 * const { energy, virial } = pmeRealSpace(positions, charges, cellGeometry(cell), new ErfcTable(α, r_c, δ), 14.4, forces);
 * ```
 */
export function pmeRealSpace(
  positions: Float64Array,
  charges: Float64Array,
  geometry: CellGeometry,
  table: ErfcTable,
  scale: number,
  forces: Float64Array,
  perAtom?: Float64Array,
): { energy: number; virial: Float64Array } {
  const n = charges.length;
  const cutoff = table.cutoff;
  const { cell } = geometry;
  const frac = fractionalCoordinates(positions, geometry);
  const { bins, reach, head, next, binOf } = binCharges(frac, geometry, cutoff);
  const [nb0, nb1, nb2] = bins;
  const [c00, c01, c02, c10, c11, c12, c20, c21, c22] = matrix3Entries(cell);
  // the atoms bin by bin (each bin's list is in increasing index order): atomAt[s], bin b's at binStart[b] … binStart[b + 1] − 1
  const binCount = nb0 * nb1 * nb2;
  const binStart = new Int32Array(binCount + 1);
  const atomAt = new Int32Array(n);
  let sortedCount = 0;
  for (let b = 0; b < binCount; b++) {
    binStart[b] = sortedCount;
    for (let i = head[b] as number; i >= 0; i = next[i] as number) atomAt[sortedCount++] = i;
  }
  binStart[binCount] = sortedCount;
  const { x: xs, y: ys, z: zs, q: qs, fx: fxs, fy: fys, fz: fzs, e: es } = sorted;
  for (const a of [xs, ys, zs, qs, fxs, fys, fzs, es]) a.length = 0;
  for (let s = 0; s < n; s++) {
    const i = atomAt[s] as number;
    const f0 = frac[3 * i] as number,
      f1 = frac[3 * i + 1] as number,
      f2 = frac[3 * i + 2] as number;
    xs.push(f0 * c00 + f1 * c10 + f2 * c20);
    ys.push(f0 * c01 + f1 * c11 + f2 * c21);
    zs.push(f0 * c02 + f1 * c12 + f2 * c22);
    qs.push(charges[i] as number);
    fxs.push(0);
    fys.push(0);
    fzs.push(0);
    es.push(0);
  }
  const coef = table.coefficientList;
  const r0 = table.start;
  const r02 = r0 * r0;
  const inverseSpacing = table.inverseSpacing;
  const cutoff2 = cutoff * cutoff;
  const kernel = new Float64Array(2);
  let energy = 0,
    wxx = 0,
    wyy = 0,
    wzz = 0,
    wxy = 0,
    wxz = 0,
    wyz = 0;
  // Deliberate hot-loop specialisation: md's neighbour-list pair walk (`sumIonicPairs`) written over sorted cell
  // bins with the erfc table inlined (a one-shot call builds no list).
  for (let si = 0; si < n; si++) {
    const qi = scale * (qs[si] as number);
    if (qi === 0) continue;
    const xi = xs[si] as number,
      yi = ys[si] as number,
      zi = zs[si] as number;
    const bi = binOf[atomAt[si] as number] as number;
    const bi2 = bi % nb2;
    const bi1 = ((bi - bi2) / nb2) % nb1;
    const bi0 = (bi - bi2 - bi1 * nb2) / (nb1 * nb2);
    let fxi = 0,
      fyi = 0,
      fzi = 0,
      ei = 0;
    // the half space of bin offsets: o0 > 0, or o0 = 0 and o1 > 0, or o0 = o1 = 0 and o2 ≥ 0 (at 0, only j after i)
    for (let o0 = 0; o0 <= reach[0]; o0++) {
      const b0 = bi0 + o0;
      const image0 = Math.floor(b0 / nb0);
      const w0 = b0 - image0 * nb0;
      for (let o1 = o0 === 0 ? 0 : -reach[1]; o1 <= reach[1]; o1++) {
        const b1 = bi1 + o1;
        const image1 = Math.floor(b1 / nb1);
        const w1 = b1 - image1 * nb1;
        const row = (w0 * nb1 + w1) * nb2;
        const lowest = o0 === 0 && o1 === 0;
        // the row's bins bi2 + o2 for o2 in [lo, hi], as runs of consecutive bins with one image each
        for (let o2 = lowest ? 0 : -reach[2]; o2 <= reach[2]; ) {
          const b2 = bi2 + o2;
          const image2 = Math.floor(b2 / nb2);
          const w2 = b2 - image2 * nb2;
          const run = Math.min(reach[2] - o2 + 1, nb2 - w2);
          const first = lowest && o2 === 0 ? si + 1 : (binStart[row + w2] as number);
          const last = binStart[row + w2 + run] as number;
          o2 += run;
          const tx = image0 * c00 + image1 * c10 + image2 * c20 - xi;
          const ty = image0 * c01 + image1 * c11 + image2 * c21 - yi;
          const tz = image0 * c02 + image1 * c12 + image2 * c22 - zi;
          for (let sj = first; sj < last; sj++) {
            const dx = (xs[sj] as number) + tx;
            const dy = (ys[sj] as number) + ty;
            const dz = (zs[sj] as number) + tz;
            const r2 = dx * dx + dy * dy + dz * dz;
            if (r2 >= cutoff2) continue;
            const qq = qi * (qs[sj] as number);
            let pair: number;
            let fpair: number;
            if (r2 >= r02) {
              const u = (Math.sqrt(r2) - r0) * inverseSpacing;
              const slot = u | 0;
              const t = u - slot;
              const o = slot << 3;
              pair =
                qq * ((coef[o] as number) + t * ((coef[o | 1] as number) + t * ((coef[o | 2] as number) + t * (coef[o | 3] as number))));
              fpair =
                qq *
                ((coef[o | 4] as number) + t * ((coef[o | 5] as number) + t * ((coef[o | 6] as number) + t * (coef[o | 7] as number))));
            } else {
              if (r2 === 0) {
                throw new RangeError(`pmeCoulomb: atom ${atomAt[si]} coincides with a periodic image of atom ${atomAt[sj]}`);
              }
              table.exactInto(Math.sqrt(r2), kernel);
              pair = qq * (kernel[0] as number);
              fpair = qq * (kernel[1] as number);
            }
            ei += pair;
            if (perAtom !== undefined) es[sj] = (es[sj] as number) + 0.5 * pair;
            const fx = fpair * dx,
              fy = fpair * dy,
              fz = fpair * dz;
            fxi -= fx;
            fyi -= fy;
            fzi -= fz;
            fxs[sj] = (fxs[sj] as number) + fx;
            fys[sj] = (fys[sj] as number) + fy;
            fzs[sj] = (fzs[sj] as number) + fz;
            wxx += dx * fx;
            wyy += dy * fy;
            wzz += dz * fz;
            wxy += dx * fy;
            wxz += dx * fz;
            wyz += dy * fz;
          }
        }
      }
    }
    energy += ei;
    es[si] = (es[si] as number) + 0.5 * ei;
    fxs[si] = (fxs[si] as number) + fxi;
    fys[si] = (fys[si] as number) + fyi;
    fzs[si] = (fzs[si] as number) + fzi;
  }
  for (let s = 0; s < n; s++) {
    const i = atomAt[s] as number;
    forces[3 * i] = (forces[3 * i] as number) + (fxs[s] as number);
    forces[3 * i + 1] = (forces[3 * i + 1] as number) + (fys[s] as number);
    forces[3 * i + 2] = (forces[3 * i + 2] as number) + (fzs[s] as number);
    if (perAtom !== undefined) perAtom[i] = (perAtom[i] as number) + (es[s] as number);
  }
  return { energy, virial: new Float64Array([wxx, wxy, wxz, wxy, wyy, wyz, wxz, wyz, wzz]) };
}

/** An empty array whose elements kind is already PACKED_DOUBLE. */
function doubles(): number[] {
  const a = [0.5];
  a.length = 0;
  return a;
}
