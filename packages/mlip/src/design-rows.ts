/**
 * Rows of a weighted least-squares design: `rows` rows of P columns, row-major in `data` from `offset` (elements),
 * all with one weight and their targets.
 *
 * @example
 * ```ts
 * const forces: DesignRows = { data: block.forces, offset: 0, rows: 3 * N, targets: config.forces, weight: 1 };
 * ```
 */
export interface DesignRows {
  readonly data: Float64Array;
  readonly offset?: number;
  readonly rows: number;
  readonly targets: ArrayLike<number>;
  readonly weight: number;
}

/**
 * The column scale D (D_k = ‖W A_k‖ · p_k, 1 for an all-zero column, p the optional smoothness prior), the
 * right-hand side AᵀW²y and ‖Wy‖² of weighted design rows, in one pass: the unit-diagonal scaling of `ridgePath`, without the
 * normal matrix.
 *
 * @example
 * ```ts
 * const { scale, rhs } = designScale(rows, P, prior);
 * ```
 */
export function designScale(
  rows: readonly DesignRows[],
  P: number,
  prior?: Float64Array,
): { readonly scale: Float64Array; readonly rhs: Float64Array; readonly targetSquare: number } {
  const scale = new Float64Array(P);
  const rhs = new Float64Array(P);
  let targetSquare = 0;
  for (const r of rows) {
    const off = r.offset ?? 0;
    const w2 = r.weight * r.weight;
    for (let i = 0; i < r.rows; i++) {
      const base = off + i * P;
      const t = w2 * (r.targets[i] as number);
      targetSquare += t * (r.targets[i] as number);
      for (let k = 0; k < P; k++) {
        const a = r.data[base + k] as number;
        scale[k] = (scale[k] as number) + w2 * a * a;
        rhs[k] = (rhs[k] as number) + t * a;
      }
    }
  }
  for (let k = 0; k < P; k++) {
    const d = Math.sqrt(scale[k] as number);
    scale[k] = (d > 0 ? d : 1) * (prior ? (prior[k] as number) : 1);
  }
  return { scale, rhs, targetSquare };
}

/**
 * Adds AᵀW²A u to `out` (P entries) from the weighted design rows, the normal matrix never formed: one pass over the
 * rows, four at a time (u and out are read once per four rows; each row is read twice from cache), 2·n·P
 * multiply-adds for n rows.
 *
 * @example
 * ```ts
 * const out = new Float64Array(P);
 * gramTimes(rows, P, u, out);
 * ```
 */
export function gramTimes(rows: readonly DesignRows[], P: number, u: Float64Array, out: Float64Array): void {
  for (const r of rows) {
    const off = r.offset ?? 0;
    const w2 = r.weight * r.weight;
    const d = r.data;
    let i = 0;
    for (; i + 4 <= r.rows; i += 4) {
      const b0 = off + i * P;
      const b1 = b0 + P;
      const b2 = b1 + P;
      const b3 = b2 + P;
      let t0 = 0;
      let t1 = 0;
      let t2 = 0;
      let t3 = 0;
      for (let k = 0; k < P; k++) {
        const uk = u[k] as number;
        t0 += (d[b0 + k] as number) * uk;
        t1 += (d[b1 + k] as number) * uk;
        t2 += (d[b2 + k] as number) * uk;
        t3 += (d[b3 + k] as number) * uk;
      }
      t0 *= w2;
      t1 *= w2;
      t2 *= w2;
      t3 *= w2;
      for (let k = 0; k < P; k++)
        out[k] =
          (out[k] as number) +
          t0 * (d[b0 + k] as number) +
          t1 * (d[b1 + k] as number) +
          t2 * (d[b2 + k] as number) +
          t3 * (d[b3 + k] as number);
    }
    for (; i < r.rows; i++) {
      const base = off + i * P;
      let t = 0;
      for (let k = 0; k < P; k++) t += (d[base + k] as number) * (u[k] as number);
      t *= w2;
      if (t === 0) continue;
      for (let k = 0; k < P; k++) out[k] = (out[k] as number) + t * (d[base + k] as number);
    }
  }
}

/**
 * Writes the weighted products w_i a_iᵀu of every design row into `out` (one entry per row, in order), and returns
 * the rows written: A's action for rows that are only predicted (a held-out split), n·P multiply-adds.
 *
 * @example
 * ```ts
 * const out = new Float64Array(rowCount(rows));
 * weightedRowTimes(rows, P, u, out);
 * ```
 */
export function weightedRowTimes(rows: readonly DesignRows[], P: number, u: Float64Array, out: Float64Array): number {
  let o = 0;
  for (const r of rows) {
    const off = r.offset ?? 0;
    const d = r.data;
    for (let i = 0; i < r.rows; i++, o++) {
      const base = off + i * P;
      let t = 0;
      for (let k = 0; k < P; k++) t += (d[base + k] as number) * (u[k] as number);
      out[o] = r.weight * t;
    }
  }
  return o;
}

/**
 * Rows of a list of design rows.
 *
 * @example
 * ```ts
 * rowCount([{ data, rows: 3, targets, weight: 1 }]); // 3
 * ```
 */
export function rowCount(rows: readonly DesignRows[]): number {
  let n = 0;
  for (const r of rows) n += r.rows;
  return n;
}
