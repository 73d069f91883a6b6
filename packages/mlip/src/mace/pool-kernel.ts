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
 * - phase 4 — symmetric contraction forward (`SymmetricContraction.forward` on its `flatOrders`): worker w takes
 *   nodes `⌊nodes·w/k⌋ … ⌊nodes·(w+1)/k⌋` (`params[1]` = nodes) and writes their rows of `scOut` from `scX`;
 * - phase 5 — its backward: the same nodes' rows of `scGx` from `scX` and `scG`.
 *
 * Each loop is the serial code's (`EdgeConvolution`, `RadialMlp`, `SymmetricContraction`) with the same operations
 * in the same order, and every sum has one writer walking its terms in the serial order, so the result is the serial
 * model's bit for bit, for any number of workers. Deliberate repetition: a pool kernel is self-contained source text (it can import
 * nothing).
 *
 * @example
 * ```ts
 * pool.load({ source: MACE_POOL_KERNEL, buffers });
 * pool.run(0); // radial MLP of interaction params[0]
 * ```
 */
export const MACE_POOL_KERNEL = `(b, w, k, phase) => {
  const P = new Int32Array(b.params);
  const t = P[0], rows = P[1], edges = P[2], withMlp = P[4];
  const pre = 'L' + t + '_';
  if (phase === 4 || phase === 5) {
    const nodes = P[1];
    const S = new Int32Array(b[pre + 'scInfo']);
    const C = S[0], L = S[1], dOut = S[2], nOrders = S[3];
    const info = new Int32Array(b[pre + 'scOrders']), idx = new Int32Array(b[pre + 'scIdx']), mm = new Int32Array(b[pre + 'scM']);
    const pk = new Int32Array(b[pre + 'scPacked']), coef = new Float64Array(b[pre + 'scCoef']);
    const el = new Int32Array(b.elements), x = new Float64Array(b.scX);
    const lo = Math.floor((nodes * w) / k), hi = Math.floor((nodes * (w + 1)) / k);
    if (phase === 4) {
      const out = new Float64Array(b.scOut);
      out.fill(0, lo * dOut, hi * dOut);
      for (let n = lo; n < hi; n++) {
        const e = el[n];
        for (let q = 0; q < nOrders; q++) {
          const start = info[7 * q], dim = info[7 * q + 1], nu = info[7 * q + 2], T = info[7 * q + 3];
          const to = info[7 * q + 4], cb = info[7 * q + 5], ib = info[7 * q + 6];
          for (let c = 0; c < C; c++) {
            const xo = (n * C + c) * L, co = cb + (e * C + c) * T, yo = n * dOut + start + c * dim;
            if (nu === 3) {
              for (let s = 0; s < T; s++) {
                const qq = pk[to + s];
                const v = coef[co + s] * x[xo + (qq & 255)] * x[xo + ((qq >> 8) & 255)] * x[xo + ((qq >> 16) & 255)];
                const y = yo + (qq >>> 24);
                out[y] = out[y] + v;
              }
            } else {
              for (let s = 0; s < T; s++) {
                let v = coef[co + s];
                for (let j = 0; j < nu; j++) v *= x[xo + idx[ib + s * nu + j]];
                out[yo + mm[to + s]] = out[yo + mm[to + s]] + v;
              }
            }
          }
        }
      }
      return;
    }
    const gOut = new Float64Array(b.scG), gx = new Float64Array(b.scGx);
    gx.fill(0, lo * C * L, hi * C * L);
    for (let n = lo; n < hi; n++) {
      const e = el[n];
      for (let q = 0; q < nOrders; q++) {
        const start = info[7 * q], dim = info[7 * q + 1], nu = info[7 * q + 2], T = info[7 * q + 3];
        const to = info[7 * q + 4], cb = info[7 * q + 5], ib = info[7 * q + 6];
        for (let c = 0; c < C; c++) {
          const xo = (n * C + c) * L, co = cb + (e * C + c) * T, yo = n * dOut + start + c * dim;
          if (nu === 3) {
            for (let s = 0; s < T; s++) {
              const qq = pk[to + s];
              const g = coef[co + s] * gOut[yo + (qq >>> 24)];
              const i0 = xo + (qq & 255), i1 = xo + ((qq >> 8) & 255), i2 = xo + ((qq >> 16) & 255);
              const x0 = x[i0], x1 = x[i1], x2 = x[i2];
              gx[i0] = gx[i0] + g * x1 * x2;
              gx[i1] = gx[i1] + g * x0 * x2;
              gx[i2] = gx[i2] + g * x0 * x1;
            }
            continue;
          }
          for (let s = 0; s < T; s++) {
            const g = coef[co + s] * gOut[yo + mm[to + s]];
            if (g === 0) continue;
            const bb = ib + s * nu;
            for (let j = 0; j < nu; j++) {
              let v = g;
              for (let r = 0; r < nu; r++) if (r !== j) v *= x[xo + idx[bb + r]];
              const i = xo + idx[bb + j];
              gx[i] = gx[i] + v;
            }
          }
        }
      }
    }
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
  const paths = new Int32Array(b[pre + 'paths']);
  const pi = new Int32Array(b[pre + 'pi']), pj = new Int32Array(b[pre + 'pj']), pk = new Int32Array(b[pre + 'pk']);
  const pc = new Float64Array(b[pre + 'pc']);
  const senders = new Int32Array(b.senders), receivers = new Int32Array(b.receivers), row = new Int32Array(b.radialIndex);
  const sh = new Float64Array(b.sh), x = new Float64Array(b[pre + 'up']), wts = new Float64Array(b[pre + 'out']);
  const maxBlock = I[8 + nLayers];
  const M = new Float64Array(maxBlock), GM = new Float64Array(maxBlock);
  if (phase === 1) {
    const out = new Float64Array(b.summed), order = new Int32Array(b.recvOrder), ranges = new Int32Array(b.recvRanges);
    const nodeLo = ranges[w], nodeHi = ranges[w + 1];
    out.fill(0, nodeLo * dOut, nodeHi * dOut);
    const start = new Int32Array(b.recvStart);
    for (let q = start[nodeLo]; q < start[nodeHi]; q++) {
      const e = order[q];
      const xs = senders[e] * dIn, yo = receivers[e] * dOut, ys = e * dSh, ws = row[e] * numel;
      for (let p = 0; p < nPaths; p++) {
        const mul = paths[9 * p], d1 = paths[9 * p + 1], d3 = paths[9 * p + 2], s1 = paths[9 * p + 3], s2 = paths[9 * p + 4];
        const so = paths[9 * p + 5], offset = paths[9 * p + 6], n0 = paths[9 * p + 7], n1 = paths[9 * p + 8];
        M.fill(0, 0, d1 * d3);
        for (let n = n0; n < n1; n++) {
          const qq = pi[n] * d3 + pk[n];
          M[qq] = M[qq] + pc[n] * sh[ys + s2 + pj[n]];
        }
        if (d1 === 1) {
          const wb = ws + offset, xb = xs + s1, ob = yo + so;
          for (let u = 0; u < mul; u++) {
            const a = wts[wb + u] * x[xb + u], oo = ob + u * d3;
            for (let kk = 0; kk < d3; kk++) out[oo + kk] = out[oo + kk] + a * M[kk];
          }
          continue;
        }
        for (let u = 0; u < mul; u++) {
          const wu = wts[ws + offset + u], xo = xs + s1 + u * d1, oo = yo + so + u * d3;
          for (let kk = 0; kk < d3; kk++) {
            let tt = 0;
            for (let i = 0; i < d1; i++) tt += x[xo + i] * M[i * d3 + kk];
            out[oo + kk] = out[oo + kk] + wu * tt;
          }
        }
      }
    }
    return;
  }
  // phase 2
  const gOut = new Float64Array(b.gSummed), gx = P[3] === 1 ? new Float64Array(b.gUp) : null;
  const gSh = new Float64Array(b.gSh), gW = new Float64Array(b.gWedge);
  const order = new Int32Array(b.sendOrder), ranges = new Int32Array(b.sendRanges), start = new Int32Array(b.sendStart);
  const nodeLo = ranges[w], nodeHi = ranges[w + 1];
  if (gx) gx.fill(0, nodeLo * dIn, nodeHi * dIn);
  for (let q = start[nodeLo]; q < start[nodeHi]; q++) {
    const e = order[q];
    const xs = senders[e] * dIn, go = receivers[e] * dOut, ys = e * dSh, ws = row[e] * numel, we = e * numel;
    for (let p = 0; p < nPaths; p++) {
      const mul = paths[9 * p], d1 = paths[9 * p + 1], d3 = paths[9 * p + 2], s1 = paths[9 * p + 3], s2 = paths[9 * p + 4];
      const so = paths[9 * p + 5], offset = paths[9 * p + 6], n0 = paths[9 * p + 7], n1 = paths[9 * p + 8];
      const block = d1 * d3;
      M.fill(0, 0, block);
      GM.fill(0, 0, block);
      for (let n = n0; n < n1; n++) {
        const qq = pi[n] * d3 + pk[n];
        M[qq] = M[qq] + pc[n] * sh[ys + s2 + pj[n]];
      }
      for (let u = 0; u < mul; u++) {
        const wu = wts[ws + offset + u], xo = xs + s1 + u * d1, oo = go + so + u * d3;
        let gw = 0;
        for (let i = 0; i < d1; i++) {
          const xi = x[xo + i], wxi = wu * xi, base = i * d3;
          let acc = 0;
          for (let kk = 0; kk < d3; kk++) {
            const g = gOut[oo + kk];
            acc += M[base + kk] * g;
            GM[base + kk] = GM[base + kk] + wxi * g;
          }
          gw += xi * acc;
          if (gx) gx[xo + i] = gx[xo + i] + wu * acc;
        }
        gW[we + offset + u] = 0 + gw;
      }
      for (let n = n0; n < n1; n++) {
        const qq = pi[n] * d3 + pk[n], j = ys + s2 + pj[n];
        gSh[j] = gSh[j] + pc[n] * GM[qq];
      }
    }
  }
}`;
