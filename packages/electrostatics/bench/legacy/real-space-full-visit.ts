/**
 * The real-space Ewald sum as it was before the half neighbour search (each pair visited from both ends),
 * kept only so that bench/ewald-real-space.ts can time before and after side by side in one run.
 */

import type { CellGeometry } from '@equitensor/io';
import type { EwaldPart } from '../../src/ewald/real-space.ts';
import { erfc } from '../../src/special.ts';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * Real-space Ewald sum ½ Σᵢ Σ_{j,n}' qᵢqⱼ erfc(α|rⱼ + n·cell − rᵢ|)/|…| over every periodic image
 * within r_c, with k_e = 1. Atoms are binned on a fractional grid whose bins are about r_c/3 thick;
 * each (bin, image) pair is visited once, so small cells (r_c larger than the cell) need no special case.
 * Cost O(N · ρ r_c³).
 */
export function ewaldRealSpaceFullVisit(
  positions: Float64Array,
  charges: Float64Array,
  geometry: CellGeometry,
  alpha: number,
  cutoff: number,
): EwaldPart {
  const n = charges.length;
  const { cell, inverse, widths } = geometry;
  // Fractional coordinates wrapped to [0, 1).
  const frac = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const x = positions[3 * i]!;
    const y = positions[3 * i + 1]!;
    const z = positions[3 * i + 2]!;
    for (let d = 0; d < 3; d++) {
      const s = x * inverse[d]! + y * inverse[3 + d]! + z * inverse[6 + d]!;
      let w = s - Math.floor(s);
      if (w >= 1) w = 0;
      frac[3 * i + d] = w;
    }
  }
  // Bins a third of the cutoff thick: the searched volume is then ≈ (7/3)³ r_c³ instead of 27 whole cells.
  const bins = widths.map((w) => Math.max(1, Math.floor((3 * w) / cutoff))) as [number, number, number];
  const reach = widths.map((w, d) => Math.ceil((cutoff * bins[d]!) / w)) as [number, number, number];
  const binOf = new Int32Array(n);
  const binCount = bins[0] * bins[1] * bins[2];
  const head = new Int32Array(binCount).fill(-1);
  const next = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const b0 = Math.min(bins[0] - 1, Math.floor(frac[3 * i]! * bins[0]));
    const b1 = Math.min(bins[1] - 1, Math.floor(frac[3 * i + 1]! * bins[1]));
    const b2 = Math.min(bins[2] - 1, Math.floor(frac[3 * i + 2]! * bins[2]));
    const b = (b0 * bins[1] + b1) * bins[2] + b2;
    binOf[i] = b;
    next[i] = head[b]!;
    head[b] = i;
  }
  const cutoff2 = cutoff * cutoff;
  const alpha2 = alpha * alpha;
  const forces = new Float64Array(3 * n);
  const perAtom = new Float64Array(n);
  let energy = 0;
  let wxx = 0;
  let wyy = 0;
  let wzz = 0;
  let wxy = 0;
  let wxz = 0;
  let wyz = 0;
  const [c00, c01, c02, c10, c11, c12, c20, c21, c22] = Array.from(cell) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  for (let i = 0; i < n; i++) {
    const qi = charges[i]!;
    if (qi === 0) continue;
    const si0 = frac[3 * i]!;
    const si1 = frac[3 * i + 1]!;
    const si2 = frac[3 * i + 2]!;
    const bi = binOf[i]!;
    const bi2 = bi % bins[2];
    const bi1 = ((bi - bi2) / bins[2]) % bins[1];
    const bi0 = (bi - bi2 - bi1 * bins[2]) / (bins[1] * bins[2]);
    let fxi = 0;
    let fyi = 0;
    let fzi = 0;
    for (let o0 = -reach[0]; o0 <= reach[0]; o0++) {
      const nb0 = bi0 + o0;
      const image0 = Math.floor(nb0 / bins[0]);
      const w0 = nb0 - image0 * bins[0];
      for (let o1 = -reach[1]; o1 <= reach[1]; o1++) {
        const nb1 = bi1 + o1;
        const image1 = Math.floor(nb1 / bins[1]);
        const w1 = nb1 - image1 * bins[1];
        for (let o2 = -reach[2]; o2 <= reach[2]; o2++) {
          const nb2 = bi2 + o2;
          const image2 = Math.floor(nb2 / bins[2]);
          const w2 = nb2 - image2 * bins[2];
          const selfImage = image0 === 0 && image1 === 0 && image2 === 0;
          for (let j = head[(w0 * bins[1] + w1) * bins[2] + w2]!; j >= 0; j = next[j]!) {
            if (selfImage && j === i) continue;
            const d0 = frac[3 * j]! + image0 - si0;
            const d1 = frac[3 * j + 1]! + image1 - si1;
            const d2 = frac[3 * j + 2]! + image2 - si2;
            const dx = d0 * c00 + d1 * c10 + d2 * c20;
            const dy = d0 * c01 + d1 * c11 + d2 * c21;
            const dz = d0 * c02 + d1 * c12 + d2 * c22;
            const r2 = dx * dx + dy * dy + dz * dz;
            if (r2 >= cutoff2) continue;
            if (r2 === 0) throw new RangeError(`ewaldCoulomb: atom ${i} coincides with a periodic image of atom ${j}`);
            const r = Math.sqrt(r2);
            const qq = qi * charges[j]!;
            const screened = erfc(alpha * r) / r;
            energy += 0.5 * qq * screened;
            perAtom[i] = perAtom[i]! + 0.5 * qq * screened;
            // −φ'(r)/r: the force on j along r_ij divided by r.
            const s = (qq * (screened + TWO_OVER_SQRT_PI * alpha * Math.exp(-alpha2 * r2))) / r2;
            fxi -= s * dx;
            fyi -= s * dy;
            fzi -= s * dz;
            const h = 0.5 * s;
            wxx += h * dx * dx;
            wyy += h * dy * dy;
            wzz += h * dz * dz;
            wxy += h * dx * dy;
            wxz += h * dx * dz;
            wyz += h * dy * dz;
          }
        }
      }
    }
    forces[3 * i] = fxi;
    forces[3 * i + 1] = fyi;
    forces[3 * i + 2] = fzi;
  }
  return { energy, forces, virial: new Float64Array([wxx, wxy, wxz, wxy, wyy, wyz, wxz, wyz, wzz]), perAtom };
}
