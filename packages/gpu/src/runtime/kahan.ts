/**
 * WGSL of a Kahan-compensated float32 sum, written once and composed into every kernel that accumulates in float32
 * (so3's sparse tensor product and grid projection, MACE's convolution and contraction): `sum` and `carry` open at
 * the kernel's indent, {@link kahanAddWgsl} adds one term. The kernels are built from these strings, so each
 * compiled shader is the same text as when the loop was written into it by hand.
 *
 * @example
 * ```ts
 * const body = `${KAHAN_OPEN_WGSL}\n  for (var p = 0u; p < n; p++) {\n${kahanAddWgsl('a[p] * b[p]', '    ')}\n  }\n  out[t] = sum;`;
 * ```
 */
export const KAHAN_OPEN_WGSL = `  var sum = 0.0;
  var carry = 0.0;`;

/**
 * WGSL adding `term` (an f32 expression) to the Kahan pair `sum`/`carry` opened by {@link KAHAN_OPEN_WGSL}, each line
 * at `indent`.
 *
 * @example
 * ```ts
 * kahanAddWgsl('v', '    '); // "    let term = v - carry;\n    let next = sum + term;\n …"
 * ```
 */
export function kahanAddWgsl(term: string, indent: string): string {
  return [`let term = ${term} - carry;`, 'let next = sum + term;', 'carry = (next - sum) - term;', 'sum = next;']
    .map((line) => indent + line)
    .join('\n');
}
