/** Σ_i x_i ⊗ F_i (row-major), written by {@link outerSums}. */
const sums = new Float64Array(9);

/**
 * Σ_i x_i ⊗ F_i into {@link sums}. Its own function with nothing after the loop but stores with constant indices: with
 * the rest of `virialFromForces` after the loop, V8 entered the loop by on-stack replacement and deoptimised at the code
 * after it on every call (that code had no type feedback).
 */
function outerSums(x: Float64Array, f: Float64Array): void {
  let xx = 0,
    xy = 0,
    xz = 0,
    yx = 0,
    yy = 0,
    yz = 0,
    zx = 0,
    zy = 0,
    zz = 0;
  for (let k = 0; k < x.length; k += 3) {
    const px = x[k] as number,
      py = x[k + 1] as number,
      pz = x[k + 2] as number;
    const fx = f[k] as number,
      fy = f[k + 1] as number,
      fz = f[k + 2] as number;
    xx += px * fx;
    xy += px * fy;
    xz += px * fz;
    yx += py * fx;
    yy += py * fy;
    yz += py * fz;
    zx += pz * fx;
    zy += pz * fy;
    zz += pz * fz;
  }
  sums[0] = xx;
  sums[1] = xy;
  sums[2] = xz;
  sums[3] = yx;
  sums[4] = yy;
  sums[5] = yz;
  sums[6] = zx;
  sums[7] = zy;
  sums[8] = zz;
}

/**
 * The virial of pairwise forces from the per-atom forces: W = Σ_i x_i ⊗ F_i + Σ_{image pairs} S ⊗ f
 * (LAMMPS' `virial_fdotr_compute` with image shifts in place of ghost atoms), symmetrised. `imagePart`
 * is Σ S ⊗ f (row-major) over the pairs whose displacement includes a lattice shift S.
 *
 * @example
 * ```ts
 * const virial = virialFromForces(positions, forces, imagePart);
 * ```
 */
export function virialFromForces(x: Float64Array, f: Float64Array, imagePart: readonly number[]): Float64Array {
  outerSums(x, f);
  const out = new Float64Array(9);
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b < 3; b++) {
      const ab = 3 * a + b,
        ba = 3 * b + a;
      out[ab] = 0.5 * ((sums[ab] as number) + (imagePart[ab] as number) + ((sums[ba] as number) + (imagePart[ba] as number)));
    }
  }
  return out;
}
