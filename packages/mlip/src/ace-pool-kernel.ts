/**
 * The pooled ACE kernel (plain JavaScript source, compiled in each worker of a `WorkerPool` from `@equitensor/tensor`)
 * of {@link AcePool}: worker w takes the atoms `ranges[w] … ranges[w + 1]` (a fixed partition, about equal numbers of
 * neighbours each) and, per atom i, writes its energy Σ_k c_{s_i,k} B_ik into `perAtom[i]` and, per neighbour entry e
 * of i, g_e = ∂E_i/∂r_ij into `grad[3e …]`. The forces and the virial are then added up on the calling thread from
 * `grad`, in the serial code's order.
 *
 * Each step is `AceDescriptor.evaluate`'s for the sparse kinds (`cg`, `gaunt`) with the same operations in the same
 * order — the harmonics of so3's `sphericalHarmonicsWithGradient` (its fast path, e3nn's `integral` normalisation), the
 * radial basis of `RadialBasis.evaluate`, the density, the order-1/2 values and adjoints, so3's sparse triple product
 * (`values`, `weightedAdjoint`) and `QuadrupleCoupling` (`load`, `values`, `weightedAdjoint`), and the per-neighbour
 * chain rule — so energies, per-atom energies and forces are the serial potential's bit for bit, for any number of
 * workers. Deliberate repetition: a pool kernel is self-contained source text (it can import nothing).
 *
 * Buffers (see {@link AcePool}): `info` (Int32: S, nmax, nlm, lmax, F, T, pairs, quadruples, tSize), `real`
 * (Float64: rcut, λ, r_in, expm1(λ)), `shA`/`shB`/`shDiag`/`shSub`/`shScale`/`shScale2` (the harmonics' recurrence and
 * scales), `order`/`dOff`/`factorL` (features), `coef`, the triple tables `tOff`/`tOut`/`tPath`, the quadruple tables
 * `pPath`/`pO1`/`pO2`/`pT`/`qK`/`qLeft`/`qRight`/`qDim`, the sparse paths `pathStart`/`pI1`/`pI2`/`pI3`/`pW`, and per
 * call `dyn` (Int32: atoms, largest neighbour count), `ranges`, `start`, `neighbors`, `vectors`, `species`, `perAtom`,
 * `grad`.
 *
 * @example
 * ```ts
 * pool.load({ source: ACE_POOL_KERNEL, buffers });
 * pool.run(0); // perAtom and grad of every atom
 * ```
 */
export const ACE_POOL_KERNEL = `(b, w, k) => {
  const I = new Int32Array(b.info);
  const S = I[0], nmax = I[1], nlm = I[2], lmax = I[3], F = I[4], T = I[5], nPairs = I[6], nQuads = I[7], tSize = I[8];
  const Rl = new Float64Array(b.real);
  const rcut = Rl[0], lambda = Rl[1], rin = Rl[2], expLambdaM1 = Rl[3];
  const shA = new Float64Array(b.shA), shB = new Float64Array(b.shB), diag = new Float64Array(b.shDiag), sub = new Float64Array(b.shSub);
  const scale = new Float64Array(b.shScale), sc2 = new Float64Array(b.shScale2);
  const order = new Int32Array(b.order), dOff = new Int32Array(b.dOff), factorL = new Int32Array(b.factorL);
  const coef = new Float64Array(b.coef);
  const tOff = new Int32Array(b.tOff), tOut = new Int32Array(b.tOut), tPath = new Int32Array(b.tPath);
  const pPath = new Int32Array(b.pPath), pO1 = new Int32Array(b.pO1), pO2 = new Int32Array(b.pO2), pT = new Int32Array(b.pT);
  const qK = new Int32Array(b.qK), qLeft = new Int32Array(b.qLeft), qRight = new Int32Array(b.qRight), qDim = new Int32Array(b.qDim);
  const pathStart = new Int32Array(b.pathStart), pI1 = new Int32Array(b.pI1), pI2 = new Int32Array(b.pI2), pI3 = new Int32Array(b.pI3);
  const pW = new Float64Array(b.pW);
  const dyn = new Int32Array(b.dyn);
  const maxCount = dyn[1];
  const ranges = new Int32Array(b.ranges), start = new Int32Array(b.start), neighbors = new Int32Array(b.neighbors);
  const vectors = new Float64Array(b.vectors), species = new Int32Array(b.species);
  const perAtom = new Float64Array(b.perAtom), grad = new Float64Array(b.grad);
  const R = new Float64Array(Math.max(1, maxCount * nmax)), dR = new Float64Array(Math.max(1, maxCount * nmax));
  const Y = new Float64Array(Math.max(1, maxCount * nlm)), dY = new Float64Array(Math.max(1, 3 * maxCount * nlm));
  const densitySize = S * nmax * nlm;
  const A = new Float64Array(densitySize), gA = new Float64Array(densitySize), B = new Float64Array(Math.max(1, F));
  const TT = new Float64Array(Math.max(1, tSize)), gT = new Float64Array(Math.max(1, tSize));
  const rcut2 = rcut * rcut;
  const lo = ranges[w], hi = ranges[w + 1];
  for (let i = lo; i < hi; i++) {
    const si = species[i], cOff = si * F;
    const e0 = start[i], count = start[i + 1] - e0;
    // harmonics and gradients of the neighbour directions (fastHarmonicsWithGradient, normalised)
    const L = lmax;
    for (let iv = 0; iv < count; iv++) {
      let x = vectors[3 * (e0 + iv)], y = vectors[3 * (e0 + iv) + 1], z = vectors[3 * (e0 + iv) + 2];
      let r = Math.sqrt(x * x + y * y + z * z);
      if (r > 0) { x /= r; y /= r; z /= r; }
      const rho = x * x + y * y + z * z;
      const o = iv * nlm;
      let q2 = 0, q1 = 1, u2 = 0, u1 = 0, r2 = 0, r1 = 0;
      for (let l = 0; l <= L; l++) {
        let q = 1, qu = 0, qr = 0;
        if (l === 1) { q = sub[1] * y; qu = sub[1]; }
        else if (l >= 2) {
          const t = (l * (l + 1)) >> 1;
          const AA = shA[t], BB = shB[t];
          q = AA * y * q1 - BB * rho * q2;
          qu = AA * (q1 + y * u1) - BB * rho * u2;
          qr = AA * y * r1 - BB * (q2 + rho * r2);
        }
        if (l >= 1) { q2 = q1; u2 = u1; r2 = r1; }
        q1 = q; u1 = qu; r1 = qr;
        const sc = scale[l];
        const kk = o + l * l + l;
        Y[kk] = sc * q;
        const dqr = 2 * qr;
        dY[3 * kk] = sc * dqr * x;
        dY[3 * kk + 1] = sc * (qu + dqr * y);
        dY[3 * kk + 2] = sc * dqr * z;
      }
      let qmm = 1, cm = 1, sm = 0;
      for (let m = 1; m <= L; m++) {
        const cm1 = cm, sm1 = sm;
        cm = z * cm1 - x * sm1;
        sm = z * sm1 + x * cm1;
        qmm *= diag[m];
        q2 = 0; u2 = 0; r2 = 0; q1 = qmm; u1 = 0; r1 = 0;
        for (let l = m; l <= L; l++) {
          let q = qmm, qu = 0, qr = 0;
          if (l === m + 1) { q = sub[l] * y * qmm; qu = sub[l] * qmm; }
          else if (l >= m + 2) {
            const t = ((l * (l + 1)) >> 1) + m;
            const AA = shA[t], BB = shB[t];
            q = AA * y * q1 - BB * rho * q2;
            qu = AA * (q1 + y * u1) - BB * rho * u2;
            qr = AA * y * r1 - BB * (q2 + rho * r2);
          }
          if (l > m) { q2 = q1; u2 = u1; r2 = r1; }
          q1 = q; u1 = qu; r1 = qr;
          const f = sc2[l];
          const c0 = o + l * l + l;
          Y[c0 + m] = f * q * cm;
          Y[c0 - m] = f * q * sm;
          const dqr = 2 * qr;
          const dy = qu + dqr * y;
          const gp = 3 * (c0 + m);
          dY[gp] = f * (dqr * x * cm - q * m * sm1);
          dY[gp + 1] = f * dy * cm;
          dY[gp + 2] = f * (dqr * z * cm + q * m * cm1);
          const gm = 3 * (c0 - m);
          dY[gm] = f * (dqr * x * sm + q * m * cm1);
          dY[gm + 1] = f * dy * sm;
          dY[gm + 2] = f * (dqr * z * sm + q * m * sm1);
        }
      }
      for (let l = 0; l <= L; l++) {
        for (let kk = o + l * l; kk < o + (l + 1) * (l + 1); kk++) {
          if (!(r > 0)) { dY[3 * kk] = 0; dY[3 * kk + 1] = 0; dY[3 * kk + 2] = 0; continue; }
          const p = l * Y[kk];
          dY[3 * kk] = (dY[3 * kk] - p * x) / r;
          dY[3 * kk + 1] = (dY[3 * kk + 1] - p * y) / r;
          dY[3 * kk + 2] = (dY[3 * kk + 2] - p * z) / r;
        }
      }
    }
    // radial basis (RadialBasis.evaluate) and the density
    A.fill(0);
    for (let e = 0; e < count; e++) {
      const x = vectors[3 * (e0 + e)], y = vectors[3 * (e0 + e) + 1], z = vectors[3 * (e0 + e) + 2];
      const r = Math.sqrt(x * x + y * y + z * z);
      const off0 = e * nmax;
      if (r >= rcut) {
        for (let n = 0; n < nmax; n++) { R[off0 + n] = 0; dR[off0 + n] = 0; }
      } else {
        const width = rcut - rin;
        let xx, dxdr;
        if (r <= rin) { xx = -1; dxdr = 0; }
        else {
          const u = (r - rin) / width;
          if (lambda === 0) { xx = 2 * u - 1; dxdr = 2 / width; }
          else {
            const ee = Math.exp(-lambda * (u - 1));
            xx = 1 - (2 * (ee - 1)) / expLambdaM1;
            dxdr = (2 * lambda * ee) / (width * expLambdaM1);
          }
        }
        const u = r / rcut;
        const s = 1 - u * u;
        const env = s * s * s;
        const denv = (-6 * u * s * s) / rcut;
        let tPrev = 1, dPrev = 0, t = xx, d = 1;
        for (let n = 0; n < nmax; n++) {
          let tn, dn;
          if (n === 0) { tn = 1; dn = 0; }
          else if (n === 1) { tn = xx; dn = 1; }
          else {
            const tNext = 2 * xx * t - tPrev;
            const dNext = 2 * t + 2 * xx * d - dPrev;
            tPrev = t; dPrev = d; t = tNext; d = dNext; tn = t; dn = d;
          }
          R[off0 + n] = tn * env;
          dR[off0 + n] = dn * dxdr * env + tn * denv;
        }
      }
      const aBase = species[neighbors[e0 + e]] * nmax * nlm;
      for (let n = 0; n < nmax; n++) {
        const Rn = R[off0 + n];
        if (Rn === 0) continue;
        const off = aBase + n * nlm;
        for (let lm = 0; lm < nlm; lm++) A[off + lm] = A[off + lm] + Rn * Y[e * nlm + lm];
      }
    }
    // feature values: orders 0-2, the triple product, the quadruple pair products and dot products
    for (let kf = 0; kf < F; kf++) {
      const ord = order[kf];
      if (ord === 0) B[kf] = 1;
      else if (ord === 1) B[kf] = A[dOff[4 * kf]];
      else if (ord === 2) {
        const o1 = dOff[4 * kf], o2 = dOff[4 * kf + 1];
        const d = 2 * factorL[4 * kf] + 1;
        let s = 0;
        for (let m = 0; m < d; m++) s += A[o1 + m] * A[o2 + m];
        B[kf] = s;
      }
    }
    for (let t = 0; t < T; t++) {
      const p = tPath[t], pe = pathStart[p + 1];
      const o1 = tOff[3 * t], o2 = tOff[3 * t + 1], o3 = tOff[3 * t + 2];
      let s = 0;
      for (let e = pathStart[p]; e < pe; e++) s += pW[e] * A[o1 + pI1[e]] * A[o2 + pI2[e]] * A[o3 + pI3[e]];
      B[tOut[t]] = s;
    }
    if (nQuads > 0) {
      TT.fill(0);
      for (let q = 0; q < nPairs; q++) {
        const p = pPath[q], pe = pathStart[p + 1], o1 = pO1[q], o2 = pO2[q], t0 = pT[q];
        for (let e = pathStart[p]; e < pe; e++) {
          const j = t0 + pI3[e];
          TT[j] = TT[j] + pW[e] * A[o1 + pI1[e]] * A[o2 + pI2[e]];
        }
      }
      for (let q = 0; q < nQuads; q++) {
        const a = pT[qLeft[q]], bb = pT[qRight[q]], d = qDim[q];
        let s = 0;
        for (let m = 0; m < d; m++) s += TT[a + m] * TT[bb + m];
        B[qK[q]] = s;
      }
    }
    let ei = 0;
    for (let kf = 0; kf < F; kf++) ei += coef[cOff + kf] * B[kf];
    perAtom[i] = ei;
    // the weighted adjoint dE_i/dA
    gA.fill(0);
    for (let kf = 0; kf < F; kf++) {
      const ord = order[kf];
      const c = coef[cOff + kf];
      if (ord === 1) {
        const o = dOff[4 * kf];
        gA[o] = gA[o] + c;
      } else if (ord === 2) {
        const o1 = dOff[4 * kf], o2 = dOff[4 * kf + 1];
        const d = 2 * factorL[4 * kf] + 1;
        for (let m = 0; m < d; m++) {
          gA[o1 + m] = gA[o1 + m] + c * A[o2 + m];
          gA[o2 + m] = gA[o2 + m] + c * A[o1 + m];
        }
      }
    }
    for (let t = 0; t < T; t++) {
      const c = coef[cOff + tOut[t]];
      if (c === 0) continue;
      const p = tPath[t], pe = pathStart[p + 1];
      const o1 = tOff[3 * t], o2 = tOff[3 * t + 1], o3 = tOff[3 * t + 2];
      for (let e = pathStart[p]; e < pe; e++) {
        const ww = c * pW[e];
        const j1 = o1 + pI1[e], j2 = o2 + pI2[e], j3 = o3 + pI3[e];
        const x1 = A[j1], x2 = A[j2], x3 = A[j3];
        gA[j1] = gA[j1] + ww * x2 * x3;
        gA[j2] = gA[j2] + ww * x1 * x3;
        gA[j3] = gA[j3] + ww * x1 * x2;
      }
    }
    if (nQuads > 0) {
      gT.fill(0);
      for (let q = 0; q < nQuads; q++) {
        const c = coef[cOff + qK[q]];
        if (c === 0) continue;
        const a = pT[qLeft[q]], bb = pT[qRight[q]], d = qDim[q];
        for (let m = 0; m < d; m++) {
          gT[a + m] = gT[a + m] + c * TT[bb + m];
          gT[bb + m] = gT[bb + m] + c * TT[a + m];
        }
      }
      for (let q = 0; q < nPairs; q++) {
        const p = pPath[q], pe = pathStart[p + 1], o1 = pO1[q], o2 = pO2[q], t0 = pT[q];
        for (let e = pathStart[p]; e < pe; e++) {
          const gm = pW[e] * gT[t0 + pI3[e]];
          if (gm === 0) continue;
          const m1 = pI1[e], m2 = pI2[e];
          gA[o1 + m1] = gA[o1 + m1] + gm * A[o2 + m2];
          gA[o2 + m2] = gA[o2 + m2] + gm * A[o1 + m1];
        }
      }
    }
    // the chain rule per neighbour: g = dE_i/dr_ij
    for (let e = 0; e < count; e++) {
      const ge = 3 * (e0 + e);
      const vx = vectors[ge], vy = vectors[ge + 1], vz = vectors[ge + 2];
      const rr = vx * vx + vy * vy + vz * vz;
      if (rr >= rcut2) { grad[ge] = 0; grad[ge + 1] = 0; grad[ge + 2] = 0; continue; }
      const r = Math.sqrt(rr);
      let sy = 0, gx = 0, gy = 0, gz = 0;
      const gBase = species[neighbors[e0 + e]] * nmax * nlm;
      // Deliberate repetition of AceDescriptor.evaluate's chain rule (descriptor.ts): a pool kernel imports nothing.
      for (let n = 0; n < nmax; n++) {
        const Rn = R[e * nmax + n], dRn = dR[e * nmax + n];
        let ty = 0, tx0 = 0, tx1 = 0, tx2 = 0;
        const off = gBase + n * nlm;
        for (let lm = 0; lm < nlm; lm++) {
          const ww = gA[off + lm];
          if (ww === 0) continue;
          ty += ww * Y[e * nlm + lm];
          const q = (e * nlm + lm) * 3;
          tx0 += ww * dY[q];
          tx1 += ww * dY[q + 1];
          tx2 += ww * dY[q + 2];
        }
        sy += dRn * ty;
        gx += Rn * tx0;
        gy += Rn * tx1;
        gz += Rn * tx2;
      }
      gx += (sy * vx) / r;
      gy += (sy * vy) / r;
      gz += (sy * vz) / r;
      grad[ge] = gx;
      grad[ge + 1] = gy;
      grad[ge + 2] = gz;
    }
  }
}`;
