/** A symmetry operation on fractional coordinates: s' = R·s + t (R row-major 3×3). */
export interface SymmetryOperation {
  rotation: number[];
  translation: number[];
}

/**
 * Parse a symmetry operation written as in CIF (`x,y+1/2,-z+1/2`, `-x+y, 1/2+z, 0.25-y`), or return a
 * message saying what is wrong.
 * @internal
 */
export function parseSymmetryOperation(text: string): SymmetryOperation | string {
  const parts = text.replace(/\s+/g, '').toLowerCase().split(',');
  if (parts.length !== 3) return `three comma-separated components, got ${parts.length}`;
  const rotation = new Array<number>(9).fill(0);
  const translation = [0, 0, 0];
  for (let row = 0; row < 3; row++) {
    const expr = parts[row]!;
    if (expr.length === 0) return `component ${row + 1} is empty`;
    const term = /([+-]?)(\d+(?:\.\d*)?(?:\/\d+(?:\.\d*)?)?|\.\d+)?\*?([xyz])?/g;
    let at = 0;
    while (at < expr.length) {
      term.lastIndex = at;
      const m = term.exec(expr);
      if (m === null || m.index !== at || m[0].length === 0 || (m[2] === undefined && m[3] === undefined))
        return `a term like +x, -1/2 or 2*y at "${expr.slice(at)}"`;
      const sign = m[1] === '-' ? -1 : 1;
      let value = 1;
      if (m[2] !== undefined) {
        const [num, den] = m[2].split('/');
        value = Number(num) / (den === undefined ? 1 : Number(den));
        if (!Number.isFinite(value)) return `a finite number at "${m[2]}"`;
      }
      if (m[3] === undefined) translation[row]! += sign * value;
      else rotation[3 * row + 'xyz'.indexOf(m[3])]! += sign * value;
      at += m[0].length;
    }
  }
  return { rotation, translation };
}

/** Apply an operation to a fractional position and wrap into [0, 1). @internal */
export function applyOperation(op: SymmetryOperation, s: readonly number[]): number[] {
  const out = [0, 0, 0];
  for (let r = 0; r < 3; r++) {
    let v = op.translation[r]!;
    for (let c = 0; c < 3; c++) v += op.rotation[3 * r + c]! * s[c]!;
    v -= Math.floor(v);
    if (v >= 1 - 1e-12) v = 0;
    out[r] = v;
  }
  return out;
}

/** Whether two fractional positions coincide modulo lattice translations within `tolerance`. @internal */
export function samePeriodicSite(a: readonly number[], b: readonly number[], tolerance: number): boolean {
  for (let k = 0; k < 3; k++) {
    let d = a[k]! - b[k]!;
    d -= Math.round(d);
    if (Math.abs(d) > tolerance) return false;
  }
  return true;
}
