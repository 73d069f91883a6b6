/** One monomial coef·x[i1]⋯x[iν] of an output component m, its indices sorted (i1 ≤ … ≤ iν). */
export interface ContractionTerm {
  readonly m: number;
  readonly idx: readonly number[];
  /** Where its coefficient sits in the order's own [element][channel][tuple] table. */
  readonly source: { readonly order: number; readonly t: number };
}

/** Layout of one output irrep's block: channels C, components per channel L (input), output start and dimension. */
export interface ContractionLayout {
  readonly channels: number;
  readonly numEll: number;
  readonly dimOut: number;
  readonly start: number;
  readonly dim: number;
  /** The output components this kernel writes, mLo…mHi − 1 (default all: 0…dim − 1). */
  readonly mLo?: number;
  readonly mHi?: number;
}

const pair = (a: number, b: number) => (a <= b ? `p${a}_${b}` : `p${b}_${a}`);

/**
 * The terms in kernel order: by output component m; within it the linear terms, the quadratic ones, then the
 * cubic (and higher) ones grouped by their leading pair (i1, i2), so the kernel factors p_i1i2·Σ coef·x_i3.
 */
export function orderTerms(terms: readonly ContractionTerm[], dim: number): ContractionTerm[] {
  const out: ContractionTerm[] = [];
  for (let m = 0; m < dim; m++) {
    const own = terms.filter((t) => t.m === m);
    out.push(...own.filter((t) => t.idx.length <= 2));
    const groups = new Map<string, ContractionTerm[]>();
    for (const t of own.filter((x) => x.idx.length > 2)) {
      const key = t.idx.slice(0, -1).join('_');
      groups.set(key, [...(groups.get(key) ?? []), t]);
    }
    for (const list of groups.values()) out.push(...list);
  }
  return out;
}

/** The product of some features as source: pair-product locals p_ab, an x local for an odd one out. */
function productSource(list: readonly number[]): string {
  const parts: string[] = [];
  let q = 0;
  for (; q + 1 < list.length; q += 2) parts.push(pair(list[q] as number, list[q + 1] as number));
  if (q < list.length) parts.push(`x${list[q]}`);
  return parts.join(' * ');
}

/** The monomial without its last index. */
const prefix = (idx: readonly number[]) => productSource(idx.slice(0, -1));

/** The monomial without its index at position j. */
const without = (idx: readonly number[], j: number) => productSource(idx.filter((_, q) => q !== j));

/** The x and pair-product locals a list of source expressions uses. */
function locals(code: string, numEll: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < numEll; i++)
    if (new RegExp(`\\bx${i}\\b`).test(code) || new RegExp(`\\bp(${i}_\\d+|\\d+_${i})\\b`).test(code))
      lines.push(`const x${i} = x[xo + ${i}];`);
  for (const name of new Set(code.match(/\bp\d+_\d+\b/g) ?? [])) {
    const [a, b] = name.slice(1).split('_');
    lines.push(`const ${name} = x${a} * x${b};`);
  }
  return lines;
}

/**
 * JavaScript source of one output irrep's symmetric contraction (or of its components mLo…mHi − 1), specialised to its monomials (indices and
 * output components as constants, the channel's features and their pair products in locals; coefficients read
 * from `coef`, laid out [element][channel][term] in {@link orderTerms}' order):
 * `forward(x, elements, coef, out, nLo, nHi)` writes the irrep's block of `out` for nodes nLo…nHi − 1, and
 * `backward(x, elements, coef, gOut, gx, nLo, nHi)` adds its gradient into those nodes' rows of gx. The serial model
 * and the worker pool compile the same text.
 *
 * @example
 * ```ts
 * const { forward, backward } = contractionKernelSource(orderTerms(terms, 3), { channels: 16, numEll: 16, dimOut: 64, start: 16, dim: 3 });
 * ```
 */
export function contractionKernelSource(
  terms: readonly ContractionTerm[],
  layout: ContractionLayout,
): { forward: string; backward: string } {
  const { channels: C, numEll: L, dimOut, start, dim } = layout;
  const T = terms.length;
  const head = [
    'for (let n = nLo; n < nHi; n++) {',
    'const e = elements[n];',
    `for (let c = 0; c < ${C}; c++) {`,
    `const xo = (n * ${C} + c) * ${L}, co = (e * ${C} + c) * ${T}, yo = n * ${dimOut} + ${start} + c * ${dim};`,
  ];
  const fwd: string[] = [];
  const bwd: string[] = [];
  const coefAt = (t: number) => `coef[co + ${t}]`;
  for (let m = layout.mLo ?? 0; m < (layout.mHi ?? dim); m++) {
    const parts: string[] = [];
    let t = terms.findIndex((x) => x.m === m);
    if (t < 0) {
      fwd.push(`out[yo + ${m}] = 0;`);
      continue;
    }
    bwd.push(`{ const g = gOut[yo + ${m}];`);
    while (t < T && (terms[t] as ContractionTerm).m === m) {
      const term = terms[t] as ContractionTerm;
      const nu = term.idx.length;
      if (nu <= 2) {
        parts.push(nu === 1 ? `${coefAt(t)} * x${term.idx[0]}` : `${coefAt(t)} * ${pair(term.idx[0] as number, term.idx[1] as number)}`);
        t++;
      } else {
        const key = prefix(term.idx);
        const inner: string[] = [];
        while (
          t < T &&
          (terms[t] as ContractionTerm).m === m &&
          (terms[t] as ContractionTerm).idx.length === nu &&
          prefix((terms[t] as ContractionTerm).idx) === key
        ) {
          inner.push(`${coefAt(t)} * x${(terms[t] as ContractionTerm).idx[nu - 1]}`);
          t++;
        }
        parts.push(`${key} * (${inner.join(' + ')})`);
      }
    }
    fwd.push(`out[yo + ${m}] = ${parts.join(' + ')};`);
    for (let q = terms.findIndex((x) => x.m === m); q < T && (terms[q] as ContractionTerm).m === m; q++) {
      const idx = (terms[q] as ContractionTerm).idx;
      bwd.push(`{ const v = ${coefAt(q)} * g;`);
      idx.forEach((i, j) => {
        const rest = without(idx, j);
        bwd.push(`h${i} += ${rest === '' ? 'v' : `v * ${rest}`};`);
      });
      bwd.push('}');
    }
    bwd.push('}');
  }
  const fBody = fwd.join('\n');
  const forward = `(x, elements, coef, out, nLo, nHi) => {\n${head.join('\n')}\n${locals(fBody, L).join('\n')}\n${fBody}\n}\n}\n}`;
  const bBody = bwd.join('\n');
  const used = Array.from({ length: L }, (_, i) => i).filter((i) => new RegExp(`\\bh${i}\\b`).test(bBody));
  const backward = `(x, elements, coef, gOut, gx, nLo, nHi) => {\n${head.join('\n')}\n${locals(bBody, L).join('\n')}\n${used
    .map((i) => `let h${i} = 0;`)
    .join('\n')}\n${bBody}\n${used.map((i) => `gx[xo + ${i}] += h${i};`).join('\n')}\n}\n}\n}`;
  return { forward, backward };
}
