/** One weighted `uvu` path of the edge convolution, as {@link EdgeConvolution} resolves it. */
export interface ConvPathSpec {
  readonly mul: number;
  readonly d1: number;
  readonly d3: number;
  /** Start of the input irrep in a node row, of the harmonic in an edge row, of the output in a message row. */
  readonly s1: number;
  readonly s2: number;
  readonly so: number;
  /** Offset of the path's mul weights in a weight row. */
  readonly offset: number;
  /** 3j non-zeros (i, j, k), values times the path weight. */
  readonly i: Int32Array;
  readonly j: Int32Array;
  readonly k: Int32Array;
  readonly c: Float64Array;
}

/** Row widths of the convolution's arrays. */
export interface ConvDims {
  readonly dIn: number;
  readonly dSh: number;
  readonly dOut: number;
  readonly numel: number;
}

/** A number as JavaScript source that parses back to the same double. */
function lit(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

/** Per path, the entries M_ik = Σ_j c_ijk·Y_j as source terms, one list of (j, c) per (i, k) that has any. */
function harmonicBlocks(paths: readonly ConvPathSpec[]): Map<string, { j: number; c: number }[]>[] {
  return paths.map((p) => {
    const block = new Map<string, { j: number; c: number }[]>();
    for (let n = 0; n < p.c.length; n++) {
      const key = `${p.i[n]}_${p.k[n]}`;
      const list = block.get(key) ?? [];
      list.push({ j: p.s2 + (p.j[n] as number), c: p.c[n] as number });
      block.set(key, list);
    }
    return block;
  });
}

/** The paths grouped by input irrep (same start s1, same multiplicity), in path order within a group. */
function inputGroups(paths: readonly ConvPathSpec[]): { s1: number; mul: number; d1: number; members: number[] }[] {
  const groups: { s1: number; mul: number; d1: number; members: number[] }[] = [];
  paths.forEach((p, q) => {
    const g = groups.find((x) => x.s1 === p.s1);
    if (g) g.members.push(q);
    else groups.push({ s1: p.s1, mul: p.mul, d1: p.d1, members: [q] });
  });
  return groups;
}

/** The harmonics of the edge and each path's block M as constants: `const y3 = sh[ys + 3]; const m2_0_1 = …`. */
function edgePrologue(blocks: Map<string, { j: number; c: number }[]>[]): string[] {
  const used = new Set<number>();
  for (const b of blocks) for (const list of b.values()) for (const { j } of list) used.add(j);
  const lines = [...used].sort((a, b) => a - b).map((j) => `const y${j} = sh[ys + ${j}];`);
  blocks.forEach((b, q) => {
    for (const [key, list] of b) lines.push(`const m${q}_${key} = ${list.map(({ j, c }) => `${lit(c)} * y${j}`).join(' + ')};`);
  });
  return lines;
}

/**
 * JavaScript source of MACE's edge convolution specialised to one interaction's paths (every loop over paths,
 * components and 3j non-zeros unrolled, the harmonic blocks M_ik = Σ_j c_ijk·Y_j held in locals, the channel loop
 * left): `forward(x, senders, receivers, sh, w, row, out, order, qLo, qHi)` adds the messages of edges
 * `order[q]` (or q when `order` is null), q in [qLo, qHi), into `out[receiver]`; `backward(x, senders, receivers, sh,
 * w, row, gOut, gx, gSh, gW, perEdge, order, qLo, qHi)` adds their gradients into gx (when not null) and gSh, and
 * dE/dw into gW's row `row[e]` (added) or, with `perEdge`, row e (written). The serial model and the worker pool
 * compile the same text, so they do the same operations in the same order.
 *
 * @example
 * ```ts
 * const { forward, backward } = convKernelSource(paths, { dIn: 64, dSh: 16, dOut: 640, numel: 160 });
 * const f = new Function(`return (${forward});`)();
 * ```
 */
export function convKernelSource(paths: readonly ConvPathSpec[], dims: ConvDims): { forward: string; backward: string } {
  const blocks = harmonicBlocks(paths);
  const groups = inputGroups(paths);
  const prologue = edgePrologue(blocks);
  const { dIn, dSh, dOut, numel } = dims;
  const head = (extra: string) =>
    [
      'for (let q = qLo; q < qHi; q++) {',
      'const e = order === null ? q : order[q];',
      `const xs = senders[e] * ${dIn}, yo = receivers[e] * ${dOut}, ys = e * ${dSh}, ws = row[e] * ${numel};`,
      extra,
      ...prologue,
    ].join('\n');

  const fwd: string[] = [];
  for (const g of groups) {
    fwd.push(`for (let u = 0; u < ${g.mul}; u++) {`);
    fwd.push(`const xb = xs + ${g.s1} + u * ${g.d1};`);
    for (let i = 0; i < g.d1; i++) fwd.push(`const x${i} = x[xb + ${i}];`);
    for (const q of g.members) {
      const p = paths[q] as ConvPathSpec;
      const b = blocks[q] as Map<string, { j: number; c: number }[]>;
      fwd.push(`{ const wu = w[ws + ${p.offset} + u]; const o = yo + ${p.so} + u * ${p.d3};`);
      if (p.d1 === 1) fwd.push('const a = wu * x0;');
      for (let k = 0; k < p.d3; k++) {
        const terms: string[] = [];
        for (let i = 0; i < p.d1; i++) if (b.has(`${i}_${k}`)) terms.push(p.d1 === 1 ? `a * m${q}_${i}_${k}` : `x${i} * m${q}_${i}_${k}`);
        if (terms.length === 0) continue;
        const at = k === 0 ? 'o' : `o + ${k}`;
        fwd.push(p.d1 === 1 ? `out[${at}] += ${terms[0]};` : `out[${at}] += wu * (${terms.join(' + ')});`);
      }
      fwd.push('}');
    }
    fwd.push('}');
  }
  const forward = `(x, senders, receivers, sh, w, row, out, order, qLo, qHi) => {\n${head('')}\n${fwd.join('\n')}\n}\n}`;

  const bwd: string[] = [];
  // gradient of each M entry, summed over channels: G_ik = Σ_u w_u·x_ui·g_uk
  blocks.forEach((b, q) => {
    for (const key of b.keys()) bwd.push(`let G${q}_${key} = 0;`);
  });
  for (const g of groups) {
    bwd.push(`for (let u = 0; u < ${g.mul}; u++) {`);
    bwd.push(`const xb = xs + ${g.s1} + u * ${g.d1};`);
    for (let i = 0; i < g.d1; i++) bwd.push(`const x${i} = x[xb + ${i}];`);
    for (let i = 0; i < g.d1; i++) bwd.push(`let h${i} = 0;`);
    for (const q of g.members) {
      const p = paths[q] as ConvPathSpec;
      const b = blocks[q] as Map<string, { j: number; c: number }[]>;
      bwd.push(`{ const wu = w[ws + ${p.offset} + u]; const o = yo + ${p.so} + u * ${p.d3};`);
      const ks = Array.from({ length: p.d3 }, (_, k) => k).filter((k) =>
        Array.from({ length: p.d1 }, (_, i) => i).some((i) => b.has(`${i}_${k}`)),
      );
      for (const k of ks) bwd.push(`const g${k} = gOut[${k === 0 ? 'o' : `o + ${k}`}];`);
      const accs: string[] = [];
      for (let i = 0; i < p.d1; i++) {
        const terms = ks.filter((k) => b.has(`${i}_${k}`)).map((k) => `m${q}_${i}_${k} * g${k}`);
        if (terms.length === 0) continue;
        bwd.push(`const acc${i} = ${terms.join(' + ')};`);
        accs.push(`x${i} * acc${i}`);
        bwd.push(`h${i} += wu * acc${i};`);
        bwd.push(`const wx${i} = wu * x${i};`);
        for (const k of ks) if (b.has(`${i}_${k}`)) bwd.push(`G${q}_${i}_${k} += wx${i} * g${k};`);
      }
      const at = `wo + ${p.offset} + u`;
      // dE/dw_u = Σ_i x_i·acc_i, added as one number (the pool adds per-edge values in the same order)
      bwd.push(`gW[${at}] = (perEdge ? 0 : gW[${at}]) + (${accs.length > 0 ? accs.join(' + ') : '0'});`);
      bwd.push('}');
    }
    bwd.push('if (gx !== null) {');
    for (let i = 0; i < g.d1; i++) bwd.push(`gx[xb + ${i}] += h${i};`);
    bwd.push('}');
    bwd.push('}');
  }
  // dE/dY_j = Σ c_ijk·G_ik over every path's non-zeros
  const bySh = new Map<number, string[]>();
  blocks.forEach((b, q) => {
    for (const [key, list] of b) for (const { j, c } of list) bySh.set(j, [...(bySh.get(j) ?? []), `${lit(c)} * G${q}_${key}`]);
  });
  for (const [j, terms] of [...bySh].sort((a, b) => a[0] - b[0])) bwd.push(`gSh[ys + ${j}] += ${terms.join(' + ')};`);
  const backward = `(x, senders, receivers, sh, w, row, gOut, gx, gSh, gW, perEdge, order, qLo, qHi) => {\n${head(
    `const wo = (perEdge ? e : row[e]) * ${numel};`,
  )}\n${bwd.join('\n')}\n}\n}`;
  return { forward, backward };
}

/** Compile a kernel source (a function expression) on this thread. */
export function compileKernel<F>(source: string): F {
  return new Function(`return (${source});`)() as F;
}
