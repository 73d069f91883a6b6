/** Python code (a function `dump(frames)`) that turns ASE Atoms into plain JSON for comparisons. */
export const ASE_DUMP = `
import json, math
import numpy as np
def plain(v):
    if isinstance(v, np.ndarray):
        return [plain(x) for x in v.ravel(order='C').tolist()]
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        v = float(v)
        return 'nan' if math.isnan(v) else ('inf' if v == math.inf else ('-inf' if v == -math.inf else v))
    if isinstance(v, (str, int, type(None))):
        return v
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    return str(v)
def dump(frames):
    out = []
    for a in frames:
        results = dict(a.calc.results) if a.calc is not None else {}
        out.append({
            'numbers': a.numbers.tolist(),
            'positions': a.positions.ravel().tolist(),
            'cell': a.cell.array.ravel().tolist(),
            'pbc': [bool(p) for p in a.pbc],
            'arrays': {k: plain(v) for k, v in a.arrays.items() if k not in ('numbers', 'positions')},
            'info': {k: plain(v) for k, v in a.info.items()},
            'results': {k: plain(v) for k, v in results.items()},
        })
    return out
`;

/** One frame as the dump above writes it. */
export interface AseFrame {
  numbers: number[];
  positions: number[];
  cell: number[];
  pbc: boolean[];
  arrays: Record<string, unknown[]>;
  info: Record<string, unknown>;
  results: Record<string, unknown>;
}
