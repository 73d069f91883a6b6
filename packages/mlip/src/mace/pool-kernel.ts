/**
 * The pooled MACE kernel (plain JavaScript source, compiled in each worker of a `WorkerPool` from
 * `@equitensor/tensor`), for interaction `t = params[0]` of {@link MacePool}:
 *
 * - phase 0 — radial MLP forward: worker w takes radial rows `⌊rows·w/k⌋ … ⌊rows·(w+1)/k⌋` and writes their
 *   per-edge weights (`L{t}_out`) and the tape (each hidden layer's SiLU derivative `L{t}_dz{l}` and output `L{t}_a{l}`);
 * - phase 1 — edge convolution forward: worker w takes the receivers `recvRanges[w] … recvRanges[w+1]`, walking their
 *   edges in edge order (`recvOrder`), and writes `summed` for those receivers only;
 * - phase 2 — edge convolution backward: worker w takes senders `sendRanges[w] …` in edge order (`sendOrder`) and
 *   writes `gUp` of its senders, `gSh` and `gWedge` of its edges;
 * - phase 3 — per radial row, `gW` = the row's edges' `gWedge` added in edge order, then (when `params[4]` = 1) the
 *   radial MLP backward from it into `gRadial` (rows × num_bessel);
 * - phase 4 — symmetric contraction forward (each output irrep's kernel of `SymmetricContraction.kernels()`): worker w takes
 *   nodes `⌊nodes·w/k⌋ … ⌊nodes·(w+1)/k⌋` (`params[1]` = nodes) and writes their rows of `scOut` from `scX`;
 * - phase 5 — its backward: the same nodes' rows of `scGx` from `scX` and `scG`.
 *
 * The convolutions and contractions run the very kernels the serial model compiles (`EdgeConvolution.source`,
 * `SymmetricContraction.kernels()`, generated for the model and pasted into this source); the radial MLP loops are
 * `RadialMlp`'s with the same operations in the same order. Every sum has one writer walking its terms in the serial
 * order, so the result is the serial model's bit for bit, for any number of workers. Deliberate repetition (the MLP
 * loops): a pool kernel is self-contained source text (it can import nothing).
 *
 * @example
 * ```ts
 * pool.load({ source: macePoolKernel(convSources, contractionSources), buffers });
 * pool.run(0); // radial MLP of interaction params[0]
 * ```
 */
export function macePoolKernel(
  convs: readonly { readonly forward: string; readonly backward: string }[],
  contractions: readonly (readonly { readonly forward: string; readonly backward: string }[])[],
): string {
  const kernels = (list: readonly { readonly forward: string; readonly backward: string }[]) =>
    `[${list.map((k) => `{ forward: ${k.forward},\n backward: ${k.backward} }`).join(',\n')}]`;
  return `(() => {
const CONV = ${kernels(convs)};
const SC = [${contractions.map(kernels).join(',\n')}];
return (b, w, k, phase) => {
  const P = new Int32Array(b.params);
  const t = P[0], rows = P[1], edges = P[2], withMlp = P[4];
  const pre = 'L' + t + '_';
  if (phase === 4 || phase === 5) {
    const nodes = P[1];
    const S = new Int32Array(b[pre + 'scInfo']);
    const C = S[0], L = S[1], nContractions = S[3];
    const el = new Int32Array(b.elements), x = new Float64Array(b.scX);
    const lo = Math.floor((nodes * w) / k), hi = Math.floor((nodes * (w + 1)) / k);
    const kernels = SC[t];
    if (phase === 4) {
      const out = new Float64Array(b.scOut);
      for (let q = 0; q < nContractions; q++) kernels[q].forward(x, el, new Float64Array(b[pre + 'scCoef' + q]), out, lo, hi);
      return;
    }
    const gOut = new Float64Array(b.scG), gx = new Float64Array(b.scGx);
    gx.fill(0, lo * C * L, hi * C * L);
    for (let q = 0; q < nContractions; q++) kernels[q].backward(x, el, new Float64Array(b[pre + 'scCoef' + q]), gOut, gx, lo, hi);
    return;
  }
  const I = new Int32Array(b[pre + 'info']);
  const dIn = I[0], dSh = I[1], dOut = I[2], numel = I[3], nLayers = I[4], nPaths = I[5], nb = I[6];
  const sizes = I.subarray(7, 7 + nLayers + 1);
  const c = new Float64Array(b[pre + 'act'])[0];
  const matMulRows = (x, xo, m, out, oo, lo, hi, nIn, nOut) => {
    let r = lo;
    for (; r + 3 < hi; r += 4) {
      const x0 = xo + r * nIn, x1 = x0 + nIn, x2 = x1 + nIn, x3 = x2 + nIn;
      for (let o = 0; o < nOut; o++) {
        const mo = o * nIn;
        let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        for (let i = 0; i < nIn; i++) {
          const v = m[mo + i];
          a0 += x[x0 + i] * v; a1 += x[x1 + i] * v; a2 += x[x2 + i] * v; a3 += x[x3 + i] * v;
        }
        out[oo + r * nOut + o] = a0; out[oo + (r + 1) * nOut + o] = a1;
        out[oo + (r + 2) * nOut + o] = a2; out[oo + (r + 3) * nOut + o] = a3;
      }
    }
    for (; r < hi; r++) {
      const x0 = xo + r * nIn;
      for (let o = 0; o < nOut; o++) {
        const mo = o * nIn;
        let a = 0;
        for (let i = 0; i < nIn; i++) a += x[x0 + i] * m[mo + i];
        out[oo + r * nOut + o] = a;
      }
    }
  };
  if (phase === 0 || phase === 3) {
    const lo = Math.floor((rows * w) / k), hi = Math.floor((rows * (w + 1)) / k);
    if (phase === 0) {
      let h = new Float64Array(b.radial);
      for (let l = 0; l < nLayers; l++) {
        const nIn = sizes[l], nOut = sizes[l + 1];
        const wt = new Float64Array(b[pre + 'wt' + l]);
        if (l === nLayers - 1) { matMulRows(h, 0, wt, new Float64Array(b[pre + 'out']), 0, lo, hi, nIn, nOut); break; }
        const z = new Float64Array(b[pre + 'dz' + l]), a = new Float64Array(b[pre + 'a' + l]);
        matMulRows(h, 0, wt, z, 0, lo, hi, nIn, nOut);
        for (let q = lo * nOut; q < hi * nOut; q++) {
          const v = z[q];
          const ex = Math.exp(-v);
          a[q] = (c * v) / (1 + ex);
          const s = 1 / (1 + ex);
          z[q] = c * s * (1 + v * (1 - s));
        }
        h = a;
      }
      return;
    }
    const gWedge = new Float64Array(b.gWedge), gW = new Float64Array(b.gW), rowEdges = new Int32Array(b.rowEdges);
    for (let r = lo; r < hi; r++) {
      const e0 = rowEdges[2 * r], e1 = rowEdges[2 * r + 1];
      for (let q = 0; q < numel; q++) gW[r * numel + q] = 0 + gWedge[e0 * numel + q];
      if (e1 >= 0) for (let q = 0; q < numel; q++) gW[r * numel + q] = gW[r * numel + q] + gWedge[e1 * numel + q];
    }
    if (withMlp !== 1) return;
    let g = gW;
    for (let l = nLayers - 1; l >= 0; l--) {
      const nIn = sizes[l], nOut = sizes[l + 1];
      const wl = new Float64Array(b[pre + 'w' + l]);
      const gIn = l === 0 ? new Float64Array(b.gRadial) : new Float64Array(b['gTmp' + (l & 1)]);
      matMulRows(g, 0, wl, gIn, 0, lo, hi, nOut, nIn);
      if (l === 0) return;
      const dz = new Float64Array(b[pre + 'dz' + (l - 1)]);
      for (let q = lo * nIn; q < hi * nIn; q++) gIn[q] = gIn[q] * dz[q];
      g = gIn;
    }
    return;
  }
  const senders = new Int32Array(b.senders), receivers = new Int32Array(b.receivers), row = new Int32Array(b.radialIndex);
  const sh = new Float64Array(b.sh), x = new Float64Array(b[pre + 'up']), wts = new Float64Array(b[pre + 'out']);
  if (phase === 1) {
    const out = new Float64Array(b.summed), order = new Int32Array(b.recvOrder), ranges = new Int32Array(b.recvRanges);
    const nodeLo = ranges[w], nodeHi = ranges[w + 1];
    out.fill(0, nodeLo * dOut, nodeHi * dOut);
    const start = new Int32Array(b.recvStart);
    CONV[t].forward(x, senders, receivers, sh, wts, row, out, order, start[nodeLo], start[nodeHi]);
    return;
  }
  // phase 2
  const gOut = new Float64Array(b.gSummed), gx = P[3] === 1 ? new Float64Array(b.gUp) : null;
  const gSh = new Float64Array(b.gSh), gW = new Float64Array(b.gWedge);
  const order = new Int32Array(b.sendOrder), ranges = new Int32Array(b.sendRanges), start = new Int32Array(b.sendStart);
  const nodeLo = ranges[w], nodeHi = ranges[w + 1];
  if (gx) gx.fill(0, nodeLo * dIn, nodeHi * dIn);
  CONV[t].backward(x, senders, receivers, sh, wts, row, gOut, gx, gSh, gW, true, order, start[nodeLo], start[nodeHi]);
};
})()`;
}
