const W1 = 1 / (2 - 2 ** (1 / 3));
const SUZUKI_YOSHIDA = [W1, 1 - 2 * W1, W1];

/**
 * @internal One half step (dt/2) of a Nosé–Hoover chain thermostatting `nf` degrees of freedom whose
 * kinetic energy is ke2/2 (Martyna, Tuckerman & Klein 1996: `nc` sub-steps, each a 3rd-order Suzuki–Yoshida
 * composition). Updates the chain positions `xi` and velocities `vxi` (masses `q`, all of length M) in place
 * and returns the factor the thermostatted velocities must be multiplied by. `g` is scratch of length M.
 */
export function chainHalfStep(
  ke2: number,
  nf: number,
  kT: number,
  q: Float64Array,
  xi: Float64Array,
  vxi: Float64Array,
  g: Float64Array,
  dt: number,
  nc: number,
): number {
  const M = q.length;
  let scale = 1;
  for (let step = 0; step < nc; step++) {
    for (const w of SUZUKI_YOSHIDA) {
      const d = (w * dt) / nc; // the whole composition covers dt/2 with quarter/eighth factors below
      g[0] = (ke2 - nf * kT) / (q[0] as number);
      for (let k = 1; k < M; k++) g[k] = ((q[k - 1] as number) * (vxi[k - 1] as number) ** 2 - kT) / (q[k] as number);
      vxi[M - 1] = (vxi[M - 1] as number) + 0.25 * d * (g[M - 1] as number);
      for (let k = M - 2; k >= 0; k--) {
        const aa = Math.exp(-0.125 * d * (vxi[k + 1] as number));
        vxi[k] = (vxi[k] as number) * aa * aa + 0.25 * d * (g[k] as number) * aa;
      }
      const s = Math.exp(-0.5 * d * (vxi[0] as number));
      scale *= s;
      ke2 *= s * s;
      for (let k = 0; k < M; k++) xi[k] = (xi[k] as number) + 0.5 * d * (vxi[k] as number);
      g[0] = (ke2 - nf * kT) / (q[0] as number);
      for (let k = 0; k < M - 1; k++) {
        const aa = Math.exp(-0.125 * d * (vxi[k + 1] as number));
        vxi[k] = (vxi[k] as number) * aa * aa + 0.25 * d * (g[k] as number) * aa;
        g[k + 1] = ((q[k] as number) * (vxi[k] as number) ** 2 - kT) / (q[k + 1] as number);
      }
      vxi[M - 1] = (vxi[M - 1] as number) + 0.25 * d * (g[M - 1] as number);
    }
  }
  return scale;
}

/** @internal The chain's energy Σ Qₖvξₖ²/2 + nf·kT·ξ₁ + kT·Σₖ₍≥₂₎ ξₖ. */
export function chainEnergy(nf: number, kT: number, q: Float64Array, xi: Float64Array, vxi: Float64Array): number {
  let e = 0;
  for (let k = 0; k < q.length; k++) {
    e += 0.5 * (q[k] as number) * (vxi[k] as number) ** 2;
    e += (k === 0 ? nf * kT : kT) * (xi[k] as number);
  }
  return e;
}
