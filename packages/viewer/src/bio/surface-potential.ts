/**
 * The electrostatic potential at surface points, exact near the charges and interpolated far from them: the points
 * are grouped by the cells of a coarse grid (spacing h); the potential of all charges is computed at the nodes of the
 * cells that hold points (by a caller's exact method, e.g. direct summation), interpolated trilinearly to each point,
 * and corrected exactly for the charges within `cutoff` of the cell: their Coulomb potential at the point minus the
 * interpolation of the same charges' potential at the nodes (a local correction, as in particle-particle
 * particle-mesh methods). What is left is the interpolation error of the far charges' potential, which is smooth on
 * the scale of the cutoff: at most (h²/8)·Σ_axes max|∂²φ_far| over the cell.
 */

/** Options of {@link surfacePotential}. */
export interface SurfacePotentialOptions {
  /**
   * The potential of all the charges at nodes (flat 3K), in the unit wanted (e.g. electrostatics'
   * `directPotentialAtPoints(positions, charges, nodes)`, V). A charge exactly at a node is left out of that node.
   */
  readonly potentialAt: (nodes: Float64Array) => Float64Array;
  /** Charges within this distance (Å) of a point's cell are summed exactly (default 8). */
  readonly cutoff?: number;
  /** Spacing of the coarse grid, Å (default cutoff / 2). */
  readonly spacing?: number;
  /** The Coulomb constant in the unit of `potentialAt` per e/Å (default 14.399645478 V·Å/e). */
  readonly coulombConstant?: number;
}

/**
 * The potential of `charges` (e) at `positions` (Å) at the surface `points` (flat 3M, Å); see the module comment.
 * Cost: `potentialAt` on the nodes of the occupied cells, plus O(M·n_near) for the local corrections.
 *
 * @example
 * ```ts
 * import { directPotentialAtPoints } from '@equitensor/electrostatics';
 * const phi = surfacePotential(mesh.positions, protein.positions, charges, {
 *   potentialAt: (nodes) => directPotentialAtPoints(protein.positions, charges, nodes),
 * });
 * ```
 */
export function surfacePotential(
  points: ArrayLike<number>,
  positions: ArrayLike<number>,
  charges: ArrayLike<number>,
  options: SurfacePotentialOptions,
): Float64Array {
  const rc = options.cutoff ?? 8;
  const h = options.spacing ?? rc / 2;
  const k = options.coulombConstant ?? 14.399645478;
  const n = charges.length;
  if (positions.length !== 3 * n) throw new RangeError(`surfacePotential: ${positions.length} coordinates for ${n} charges`);
  if (!(rc > 0 && h > 0)) throw new RangeError(`surfacePotential: cutoff and spacing must be positive, got ${rc} and ${h}`);
  const m = points.length / 3;
  const out = new Float64Array(m);
  if (m === 0) return out;
  const origin = [Infinity, Infinity, Infinity];
  for (let p = 0; p < m; p++) for (let d = 0; d < 3; d++) origin[d] = Math.min(origin[d]!, points[3 * p + d]!);
  const [ox, oy, oz] = origin as [number, number, number];
  // the points of each occupied cell
  const cellKey = (i: number, j: number, l: number): number => (i * 4096 + j) * 4096 + l;
  const byCell = new Map<number, number[]>();
  for (let p = 0; p < m; p++) {
    const key = cellKey(
      Math.floor((points[3 * p]! - ox) / h),
      Math.floor((points[3 * p + 1]! - oy) / h),
      Math.floor((points[3 * p + 2]! - oz) / h),
    );
    let list = byCell.get(key);
    if (!list) byCell.set(key, (list = []));
    list.push(p);
  }
  // the nodes of the occupied cells, each once, and the potential there
  const nodeIndex = new Map<number, number>();
  const nodeCoords: number[] = [];
  const cellNodes = new Map<number, Int32Array>();
  for (const key of byCell.keys()) {
    const i = Math.floor(key / (4096 * 4096));
    const j = Math.floor(key / 4096) % 4096;
    const l = key % 4096;
    const nodes = new Int32Array(8);
    for (let c = 0; c < 8; c++) {
      const ni = i + (c >> 2);
      const nj = j + ((c >> 1) & 1);
      const nl = l + (c & 1);
      const nk = cellKey(ni, nj, nl);
      let index = nodeIndex.get(nk);
      if (index === undefined) {
        index = nodeCoords.length / 3;
        nodeIndex.set(nk, index);
        nodeCoords.push(ox + ni * h, oy + nj * h, oz + nl * h);
      }
      nodes[c] = index;
    }
    cellNodes.set(key, nodes);
  }
  const nodeXyz = Float64Array.from(nodeCoords);
  const nodePotential = options.potentialAt(nodeXyz);
  if (nodePotential.length !== nodeXyz.length / 3)
    throw new RangeError(`surfacePotential: potentialAt returned ${nodePotential.length} values for ${nodeXyz.length / 3} nodes`);
  // the charges by cells of side rc, to find those near a cell
  const chargeCells = new Map<number, number[]>();
  const rcKey = (x: number, y: number, z: number): number =>
    cellKey(Math.floor((x - ox) / rc) + 1024, Math.floor((y - oy) / rc) + 1024, Math.floor((z - oz) / rc) + 1024);
  for (let a = 0; a < n; a++) {
    if (charges[a] === 0) continue;
    const key = rcKey(positions[3 * a]!, positions[3 * a + 1]!, positions[3 * a + 2]!);
    let list = chargeCells.get(key);
    if (!list) chargeCells.set(key, (list = []));
    list.push(a);
  }
  const halfDiagonal = (Math.sqrt(3) * h) / 2;
  const reach = rc + halfDiagonal;
  const span = Math.ceil(reach / rc);
  const near: number[] = [];
  const corner = new Float64Array(8);
  for (const [key, list] of byCell) {
    const i = Math.floor(key / (4096 * 4096));
    const j = Math.floor(key / 4096) % 4096;
    const l = key % 4096;
    const cx = ox + (i + 0.5) * h;
    const cy = oy + (j + 0.5) * h;
    const cz = oz + (l + 0.5) * h;
    // charges within rc of some point of the cell: within rc + half the diagonal of its centre
    near.length = 0;
    const bx = Math.floor((cx - ox) / rc) + 1024;
    const by = Math.floor((cy - oy) / rc) + 1024;
    const bz = Math.floor((cz - oz) / rc) + 1024;
    for (let a = bx - span; a <= bx + span; a++)
      for (let b = by - span; b <= by + span; b++)
        for (let c = bz - span; c <= bz + span; c++) {
          const charged = chargeCells.get(cellKey(a, b, c));
          if (!charged) continue;
          for (const q of charged) {
            const dx = positions[3 * q]! - cx;
            const dy = positions[3 * q + 1]! - cy;
            const dz = positions[3 * q + 2]! - cz;
            if (dx * dx + dy * dy + dz * dz < reach * reach) near.push(q);
          }
        }
    // the near charges' potential at the cell's 8 nodes (0 from a charge sitting on a node, as potentialAt leaves it out)
    const nodes = cellNodes.get(key)!;
    for (let c = 0; c < 8; c++) {
      const nx = ox + (i + (c >> 2)) * h;
      const ny = oy + (j + ((c >> 1) & 1)) * h;
      const nz = oz + (l + (c & 1)) * h;
      let s = 0;
      for (const q of near) {
        const r = Math.hypot(positions[3 * q]! - nx, positions[3 * q + 1]! - ny, positions[3 * q + 2]! - nz);
        if (r > 0) s += charges[q]! / r;
      }
      corner[c] = nodePotential[nodes[c]!]! - k * s;
    }
    for (const p of list) {
      const x = points[3 * p]!;
      const y = points[3 * p + 1]!;
      const z = points[3 * p + 2]!;
      const tx = (x - ox) / h - i;
      const ty = (y - oy) / h - j;
      const tz = (z - oz) / h - l;
      let far = 0;
      for (let c = 0; c < 8; c++) far += (c >> 2 ? tx : 1 - tx) * ((c >> 1) & 1 ? ty : 1 - ty) * (c & 1 ? tz : 1 - tz) * corner[c]!;
      let exact = 0;
      for (const q of near) {
        const r = Math.hypot(positions[3 * q]! - x, positions[3 * q + 1]! - y, positions[3 * q + 2]! - z);
        if (r > 0) exact += charges[q]! / r;
      }
      out[p] = far + k * exact;
    }
  }
  return out;
}
