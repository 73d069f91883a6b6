/**
 * Protein residues and their secondary structure: α-helices (H) and β-strands (E, B for an isolated bridge) either
 * from the PDB's HELIX/SHEET records (`info.helices` / `info.sheets` from `@equitensor/io`) or computed from the
 * backbone by DSSP's rules (Kabsch & Sander, Biopolymers 22, 2577, 1983): the electrostatic H-bond energy
 * E = 0.084·332·(1/r_ON + 1/r_CH − 1/r_OH − 1/r_CN) kcal/mol with the amide H placed from the previous residue's C=O,
 * a bond below −0.5 kcal/mol (of the two best per residue, as DSSP keeps), n-turns, α-helices from two consecutive
 * 4-turns, bridges and ladders with β-bulges. 3₁₀ and π helices, turns and bends are not assigned.
 */
import type { Structure } from '@equitensor/io';
import { BIO_ARRAYS } from '@equitensor/io';
import { bioColumns } from './bio-columns.ts';

/** One amino-acid residue with the atom indices of its backbone (−1 when missing). */
export interface Residue {
  readonly chain: string;
  readonly number: number;
  readonly insertion: string;
  readonly name: string;
  readonly n: number;
  readonly ca: number;
  readonly c: number;
  readonly o: number;
  /** First and one-past-last atom index of the residue. */
  readonly start: number;
  readonly end: number;
}

/** Secondary structure of a residue: helix, strand, isolated bridge, or none. */
export type SecondaryStructure = 'H' | 'E' | 'B' | '-';

/**
 * The residues of a PDB/PQR structure that have a Cα, in file order (a residue = consecutive atoms with the same
 * chain, number and insertion code).
 *
 * @example
 * ```ts
 * residuesOf(parsePqr(text)[0]!).length; // 129 for 1A63
 * ```
 */
export function residuesOf(structure: Pick<Structure, 'numbers' | 'arrays'>): Residue[] {
  const bio = bioColumns(structure);
  const names = bio.atomNames;
  const numbers = bio.residueNumbers;
  if (!names || !numbers) return [];
  const chains = bio.chainIds;
  const insertion = structure.arrays[BIO_ARRAYS.insertionCodes];
  const codes = insertion?.type === 'S' ? insertion.data : undefined;
  const residueNames = bio.residueNames;
  const out: Residue[] = [];
  const n = structure.numbers.length;
  let start = 0;
  while (start < n) {
    let end = start + 1;
    const same = (a: number, b: number): boolean => numbers[a] === numbers[b] && chains?.[a] === chains?.[b] && codes?.[a] === codes?.[b];
    while (end < n && same(end, start)) end++;
    const find = (name: string): number => {
      for (let i = start; i < end; i++) if (names[i] === name) return i;
      return -1;
    };
    const ca = find('CA');
    if (ca >= 0 && structure.numbers[ca] === 6)
      out.push({
        chain: chains?.[start] ?? '.',
        number: numbers[start]!,
        insertion: codes?.[start] ?? '.',
        name: residueNames?.[start] ?? '',
        n: find('N'),
        ca,
        c: find('C'),
        o: (() => {
          const o = find('O');
          return o >= 0 ? o : find('OT1') >= 0 ? find('OT1') : find('O1');
        })(),
        start,
        end,
      });
    start = end;
  }
  return out;
}

/** Whether residue `b` follows `a` in the same chain without a break (C(a)–N(b) ≤ 2.5 Å, as DSSP). */
function bonded(p: ArrayLike<number>, a: Residue, b: Residue): boolean {
  if (a.chain !== b.chain || a.c < 0 || b.n < 0) return false;
  return dist(p, a.c, b.n) <= 2.5;
}

function dist(p: ArrayLike<number>, i: number, j: number): number {
  return Math.hypot(p[3 * i]! - p[3 * j]!, p[3 * i + 1]! - p[3 * j + 1]!, p[3 * i + 2]! - p[3 * j + 2]!);
}

/**
 * Secondary structure by DSSP's rules for α-helices and β-strands (see the module comment), one letter per residue.
 *
 * @example
 * ```ts
 * const residues = residuesOf(protein);
 * computeSecondaryStructure(protein.positions, residues).join(''); // '-BHHHHHH--HHH…'
 * ```
 */
export function computeSecondaryStructure(positions: ArrayLike<number>, residues: readonly Residue[]): SecondaryStructure[] {
  const m = residues.length;
  const p = positions;
  // amide H: N + unit(C(i−1) → O(i−1)) reversed, i.e. along O→C of the previous residue (DSSP); none for the first
  // residue of a chain segment and for proline
  const hx = new Float64Array(3 * m);
  const hasH = new Uint8Array(m);
  const broken = new Uint8Array(m); // residue i starts a new segment
  for (let i = 0; i < m; i++) {
    const r = residues[i]!;
    const prev = residues[i - 1];
    broken[i] = prev && bonded(p, prev, r) ? 0 : 1;
    if (broken[i] || r.n < 0 || r.name === 'PRO' || prev!.c < 0 || prev!.o < 0) continue;
    const cx = p[3 * prev!.c]! - p[3 * prev!.o]!;
    const cy = p[3 * prev!.c + 1]! - p[3 * prev!.o + 1]!;
    const cz = p[3 * prev!.c + 2]! - p[3 * prev!.o + 2]!;
    const l = Math.hypot(cx, cy, cz);
    hx[3 * i] = p[3 * r.n]! + cx / l;
    hx[3 * i + 1] = p[3 * r.n + 1]! + cy / l;
    hx[3 * i + 2] = p[3 * r.n + 2]! + cz / l;
    hasH[i] = 1;
  }
  // the two best H-bonds of each residue as donor (N-H → O of acceptor) and as acceptor (C=O ← H-N of donor)
  const donor = Array.from({ length: m }, () => [
    { partner: -1, energy: 0 },
    { partner: -1, energy: 0 },
  ]);
  const acceptor = Array.from({ length: m }, () => [
    { partner: -1, energy: 0 },
    { partner: -1, energy: 0 },
  ]);
  const keep = (list: { partner: number; energy: number }[], partner: number, energy: number): void => {
    if (energy < list[0]!.energy) {
      list[1] = list[0]!;
      list[0] = { partner, energy };
    } else if (energy < list[1]!.energy) list[1] = { partner, energy };
  };
  // candidate pairs by a cell list on Cα (DSSP considers Cα–Cα < 9 Å)
  // cells of 9 Å keyed by one integer: (a, b, c) shifted to 1 … span − 2 (a border of empty cells on each side)
  const cell = new Int32Array(3 * m);
  const low = [Infinity, Infinity, Infinity];
  const span = [0, 0, 0];
  for (let i = 0; i < m; i++)
    for (let d = 0; d < 3; d++) {
      cell[3 * i + d] = Math.floor(p[3 * residues[i]!.ca + d]! / 9);
      low[d] = Math.min(low[d]!, cell[3 * i + d]!);
    }
  for (let i = 0; i < m; i++) for (let d = 0; d < 3; d++) span[d] = Math.max(span[d]!, cell[3 * i + d]! - low[d]! + 3);
  const keyOf = (a: number, b: number, c: number): number =>
    ((a - low[0]! + 1) * span[1]! + (b - low[1]! + 1)) * span[2]! + (c - low[2]! + 1);
  const cells = new Map<number, number[]>();
  for (let i = 0; i < m; i++) {
    const key = keyOf(cell[3 * i]!, cell[3 * i + 1]!, cell[3 * i + 2]!);
    let list = cells.get(key);
    if (!list) cells.set(key, (list = []));
    list.push(i);
  }
  const COUPLING = 0.084 * 332; // kcal/mol·Å (partial charges 0.42 e and 0.20 e times 332 kcal·Å/mol·e²)
  for (let i = 0; i < m; i++) {
    if (!hasH[i]) continue;
    const ri = residues[i]!;
    const [a, b, c] = [cell[3 * i]!, cell[3 * i + 1]!, cell[3 * i + 2]!];
    for (let da = -1; da <= 1; da++)
      for (let db = -1; db <= 1; db++)
        for (let dc = -1; dc <= 1; dc++) {
          const list = cells.get(keyOf(a + da, b + db, c + dc));
          if (!list) continue;
          for (const j of list) {
            // DSSP leaves out the C=O of the residue just before the donor (the peptide bond between them)
            if (j === i || j === i - 1) continue;
            const rj = residues[j]!;
            if (rj.c < 0 || rj.o < 0 || dist(p, ri.ca, rj.ca) >= 9) continue;
            // acceptor j's C=O, donor i's N-H
            const rON = dist(p, rj.o, ri.n);
            const rCN = dist(p, rj.c, ri.n);
            const rOH = Math.hypot(p[3 * rj.o]! - hx[3 * i]!, p[3 * rj.o + 1]! - hx[3 * i + 1]!, p[3 * rj.o + 2]! - hx[3 * i + 2]!);
            const rCH = Math.hypot(p[3 * rj.c]! - hx[3 * i]!, p[3 * rj.c + 1]! - hx[3 * i + 1]!, p[3 * rj.c + 2]! - hx[3 * i + 2]!);
            let energy: number;
            if (rON < 0.5 || rCH < 0.5 || rOH < 0.5 || rCN < 0.5) energy = -9.9;
            else energy = COUPLING * (1 / rON + 1 / rCH - 1 / rOH - 1 / rCN);
            // DSSP: minimum −9.9 kcal/mol
            energy = Math.max(energy, -9.9);
            keep(donor[i]!, j, energy);
            keep(acceptor[j]!, i, energy);
          }
        }
  }
  /** An H-bond from the C=O of residue `a` to the N-H of residue `d` (DSSP's NoChainBreak not needed here). */
  const hbond = (a: number, d: number): boolean => {
    if (a < 0 || d < 0 || a >= m || d >= m) return false;
    const list = donor[d]!;
    return (list[0]!.partner === a && list[0]!.energy < -0.5) || (list[1]!.partner === a && list[1]!.energy < -0.5);
  };
  /** No chain break between residues a and b (a < b). */
  const unbroken = (a: number, b: number): boolean => {
    for (let k = a + 1; k <= b; k++) if (broken[k]) return false;
    return true;
  };
  const ss: SecondaryStructure[] = new Array(m).fill('-');
  // β-bridges (Kabsch & Sander's patterns), then ladders of consecutive bridges, then bulges
  type Bridge = { i: number; j: number; parallel: boolean };
  const bridges: Bridge[] = [];
  // residues i with i − 1, i, i + 1 unbroken, and the residues whose C=O or N-H has an H-bond at all
  const middle = new Uint8Array(m);
  for (let i = 1; i < m - 1; i++) middle[i] = broken[i] || broken[i + 1] ? 0 : 1;
  // the donors H-bonded to each residue's C=O: hbond(a, d) ⇔ d ∈ bondedTo[a]
  const bondedTo: number[][] = Array.from({ length: m }, () => []);
  for (let d = 0; d < m; d++) for (const { partner, energy } of donor[d]!) if (partner >= 0 && energy < -0.5) bondedTo[partner]!.push(d);
  for (let i = 1; i < m - 1; i++) {
    if (!middle[i]) continue;
    // each pattern below starts with hbond(i − 1, j), hbond(j − 1, i), hbond(i, j) or hbond(i − 1, j + 1): only the j
    // these allow can bridge with i (taken in increasing order, as a scan over all j would)
    const candidates = new Set<number>();
    for (const d of bondedTo[i - 1]!) candidates.add(d).add(d - 1);
    for (const d of bondedTo[i]!) candidates.add(d);
    for (const { partner, energy } of donor[i]!) if (partner >= 0 && energy < -0.5) candidates.add(partner + 1);
    for (const j of [...candidates].sort((x, y) => x - y)) {
      if (j < i + 3 || j >= m - 1 || !middle[j]) continue;
      const parallel = (hbond(i - 1, j) && hbond(j, i + 1)) || (hbond(j - 1, i) && hbond(i, j + 1));
      const anti = (hbond(i, j) && hbond(j, i)) || (hbond(i - 1, j + 1) && hbond(j - 1, i + 1));
      if (parallel || anti) bridges.push({ i, j, parallel });
    }
  }
  type Ladder = { parallel: boolean; i: number[]; j: number[] };
  const ladders: Ladder[] = [];
  for (const br of bridges) {
    const ladder = ladders.find(
      (l) =>
        l.parallel === br.parallel &&
        l.i.at(-1)! + 1 === br.i &&
        (br.parallel ? l.j.at(-1)! + 1 === br.j : l.j.at(-1)! - 1 === br.j) &&
        unbroken(l.i.at(-1)!, br.i),
    );
    if (ladder) {
      ladder.i.push(br.i);
      ladder.j.push(br.j);
    } else ladders.push({ parallel: br.parallel, i: [br.i], j: [br.j] });
  }
  const isE = new Uint8Array(m);
  const inBridge = new Uint8Array(m);
  for (const l of ladders) {
    for (const k of [...l.i, ...l.j]) inBridge[k] = 1;
    if (l.i.length > 1) for (const k of [...l.i, ...l.j]) isE[k] = 1;
  }
  // β-bulges: two ladders of the same kind whose gaps are at most 1 on one strand and 4 on the other
  for (let a = 0; a < ladders.length; a++)
    for (let b = 0; b < ladders.length; b++) {
      const la = ladders[a]!;
      const lb = ladders[b]!;
      if (a === b || la.parallel !== lb.parallel) continue;
      const iGap = lb.i[0]! - la.i.at(-1)!;
      if (iGap <= 0 || !unbroken(la.i.at(-1)!, lb.i[0]!)) continue;
      const jGap = la.parallel ? lb.j[0]! - la.j.at(-1)! : la.j.at(-1)! - lb.j[0]!;
      if (jGap <= 0) continue;
      if (!((iGap < 6 && jGap < 3) || (iGap < 3 && jGap < 6))) continue;
      for (let k = la.i.at(-1)!; k <= lb.i[0]!; k++) isE[k] = 1;
      const [j0, j1] = la.parallel ? [la.j.at(-1)!, lb.j[0]!] : [lb.j[0]!, la.j.at(-1)!];
      for (let k = j0; k <= j1; k++) isE[k] = 1;
      for (const k of [...la.i, ...la.j, ...lb.i, ...lb.j]) isE[k] = 1;
    }
  for (let i = 0; i < m; i++) if (isE[i]) ss[i] = 'E';
  for (let i = 0; i < m; i++) if (!isE[i] && inBridge[i]) ss[i] = 'B';
  // α-helices: 4-turns at i − 1 and i make i … i + 3 helical (H wins over E and B)
  const turn4 = new Uint8Array(m);
  for (let i = 0; i + 4 < m; i++) if (unbroken(i, i + 4) && hbond(i, i + 4)) turn4[i] = 1;
  for (let i = 1; i + 4 < m; i++) if (turn4[i - 1] && turn4[i]) for (let k = i; k < i + 4; k++) ss[k] = 'H';
  return ss;
}

/**
 * The secondary structure from HELIX/SHEET records (`info.helices`, `info.sheets`: "chain start end" strings from
 * `@equitensor/io`'s PDB reader), or null when the structure has none.
 *
 * @example
 * ```ts
 * recordedSecondaryStructure(protein, residuesOf(protein)); // ['-', 'H', 'H', …] or null
 * ```
 */
export function recordedSecondaryStructure(structure: Pick<Structure, 'info'>, residues: readonly Residue[]): SecondaryStructure[] | null {
  const helices = structure.info.helices;
  const sheets = structure.info.sheets;
  const list = (v: unknown): string[] => (Array.isArray(v) ? (v as unknown[]).filter((x): x is string => typeof x === 'string') : []);
  const records = [...list(helices).map((r) => ['H', r] as const), ...list(sheets).map((r) => ['E', r] as const)];
  if (records.length === 0) return null;
  const ss: SecondaryStructure[] = new Array(residues.length).fill('-');
  for (const [kind, record] of records) {
    const [chain, from, to] = record.split(' ');
    const lo = Number(from);
    const hi = Number(to);
    residues.forEach((r, i) => {
      if ((r.chain === chain || (chain === '.' && r.chain === '.')) && r.number >= lo && r.number <= hi) ss[i] = kind;
    });
  }
  return ss;
}
