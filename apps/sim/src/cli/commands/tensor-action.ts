/**
 * The work of `equitensor tensor decompose|chebtucker`, loaded only when the command runs (see tensor.ts).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { formatNpy, parseNpy } from '@equitensor/io';
import type { WorkerPool } from '@equitensor/tensor';
import {
  type CpTensor,
  cellCentres,
  chebTuckerFromCp,
  chebTuckerRanks,
  chebTuckerSliceError,
  cpAls,
  cpToDense,
  type DenseTensor,
  hooi,
  hosvd,
  type Interval,
  type Mat,
  matFromNpy,
  relativeDistance,
  tensorFromNpy,
  ttRanks,
  ttSvd,
  ttToDense,
  tuckerToDense,
} from '@equitensor/tensor';
import { UsageError } from '../errors.ts';
import { printJson } from '../json.ts';
import { checkOutputPath } from '../output-path.ts';
import { withWorkerPool } from '../worker-pool.ts';
import type { ChebTuckerOptions, DecomposeOptions } from './tensor.ts';

function readNpyFile(file: string) {
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`no such file: ${file}`);
  // the file's own fresh buffer: parseNpy views its aligned data block instead of copying it
  return parseNpy(readFileSync(path), { fileName: file });
}

/**
 * `equitensor tensor decompose`: the typed options (tensor.ts) checked against each other, then one decomposition
 * written atomically. `--workers n` runs the GEMMs of Tucker (Grams, mode products), TT-SVD (Grams, blocked QR) and
 * CP-ALS (MTTKRPs, the error's reconstruction) on a pool of n workers (made before the clock starts), the one-thread
 * result bit for bit; `workers` in the output is the count that ran.
 */
export async function runDecompose(input: string, o: DecomposeOptions): Promise<void> {
  const { format, rank, eps } = o;
  if (rank === undefined && eps === undefined) throw new UsageError('give --rank or --eps');
  if (rank !== undefined && eps !== undefined && format !== 'tt')
    throw new UsageError('give either --rank or --eps, not both (tt accepts both: ε with rank caps)');
  const methods: Record<DecomposeOptions['format'], string[]> = { tucker: ['hosvd', 'hooi'], cp: ['als'], tt: ['ttsvd'] };
  const method = o.method ?? methods[format][0]!;
  if (!methods[format].includes(method))
    throw new UsageError(`--method for ${format} must be ${methods[format].join(' or ')}, got "${method}"`);
  const outDir = checkOutputPath(o.out, '--out', 'folder');
  if (existsSync(outDir) && !o.force) throw new UsageError(`--out ${o.out} already exists (use --force to replace it)`);
  const x = tensorFromNpy(readNpyFile(input));
  const d = x.shape.length;
  if (d < 2) throw new UsageError(`${input}: need a tensor of order ≥ 2, got shape (${x.shape.join(', ')})`);
  if (x.shape.includes(0)) throw new UsageError(`${input}: the tensor is empty, shape (${x.shape.join(', ')})`);
  const bad = nonFiniteEntry(x.data, x.shape);
  if (bad !== null) throw new UsageError(`${input}: the tensor holds NaN or infinite values: ${bad}`);
  const perMode = (r: number[], count: number, what: string): number[] => {
    if (r.length === 1) return new Array<number>(count).fill(r[0]!);
    if (r.length !== count) throw new UsageError(`--rank needs 1 or ${count} values (${what}), got ${r.length}`);
    return r;
  };

  let arrays: { name: string; shape: number[]; data: Float64Array }[];
  let ranks: number[];
  let approx: DenseTensor;
  let clock: Clock;
  const workers = o.workers;
  if (format === 'tucker') {
    const opts = rank !== undefined ? { ranks: perMode(rank, d, 'one per mode') } : { eps: eps! };
    const { value: t, clock: s } = await timedOnPool(workers, (pool) => {
      const withPool = pool ? { ...opts, pool } : opts;
      return method === 'hooi' ? hooi(x, { ...withPool, init: o.init }).tucker : hosvd(x, withPool).tucker;
    });
    clock = s;
    ranks = [...t.core.shape];
    approx = tuckerToDense(t);
    arrays = [{ name: 'core', shape: [...t.core.shape], data: t.core.data }, ...t.factors.map((u, k) => matArray(`factor${k}`, u))];
  } else if (format === 'tt') {
    const opts = { ...(eps !== undefined ? { eps } : {}), ...(rank !== undefined ? { ranks: perMode(rank, d - 1, 'one per bond') } : {}) };
    const { value: tt, clock: s } = await timedOnPool(workers, (pool) => ttSvd(x, pool ? { ...opts, pool } : opts).tt);
    clock = s;
    ranks = ttRanks(tt);
    approx = ttToDense(tt);
    arrays = tt.cores.map((g, k) => ({ name: `core${k}`, shape: [...g.shape], data: g.data }));
  } else {
    if (rank !== undefined && rank.length !== 1) throw new UsageError('--rank for cp is a single integer');
    const { maxRank } = o;
    let best: CpTensor | undefined;
    let err = Number.POSITIVE_INFINITY;
    ({ clock } = await timedOnPool(workers, (pool) => {
      for (let R = rank?.[0] ?? 1; R <= (rank?.[0] ?? maxRank); R++) {
        const r = cpAls(x, { rank: R, init: 'svd', ...(pool ? { pool } : {}) });
        best = r.cp;
        err = r.relativeError;
        if (eps !== undefined && err <= eps) break;
      }
    }));
    if (eps !== undefined && err > eps) process.stderr.write(`equitensor: CP rank ${maxRank} reaches ${err.toExponential(3)} > ε\n`);
    ranks = [best!.weights.length];
    approx = cpToDense(best!);
    arrays = [
      { name: 'weights', shape: [best!.weights.length], data: best!.weights },
      ...best!.factors.map((u, k) => matArray(`factor${k}`, u)),
    ];
  }
  const relativeError = relativeDistance(approx, x);
  const init = method === 'hooi' ? { init: o.init } : {};
  const files = writeAtomically(
    outDir,
    arrays,
    { format, method, ...init, shape: x.shape, ranks, relativeError, input: basename(input) },
    o.force === true,
  );
  const { seconds, cpuSeconds } = clock;
  const result = { format, method, ...init, shape: [...x.shape], ranks, relativeError, seconds, cpuSeconds, workers, out: o.out, files };
  if (o.json) printJson(result);
  else
    process.stdout.write(
      `${format} (${method}${method === 'hooi' ? ` from ${o.init}` : ''}) ranks [${ranks.join(', ')}], relative error ${relativeError.toExponential(3)}, ${seconds.toFixed(3)} s (CPU ${cpuSeconds.toFixed(3)} s) on ${workers === 1 ? 'this thread' : `${workers} workers`} → ${o.out}\n`,
    );
}

/** `body` on a pool of `workers` (made before the clock starts, closed after it stops; none for 1), timed. */
async function timedOnPool<T>(workers: number, body: (pool: WorkerPool | undefined) => T): Promise<{ value: T; clock: Clock }> {
  return withWorkerPool(workers, (pool) => {
    const c = startClock();
    const value = body(pool);
    return { value, clock: c.stop() };
  });
}

/**
 * The first entry that is NaN or ±Infinity, named by its C-order index and value (`entry (0, 1, 1) is NaN`), or null
 * when all are finite. Finite data are confirmed by three scans of the engine's built-in `includes` (NaN is found:
 * SameValueZero), a few ms for 10⁶ entries, where a JavaScript loop in a fresh process runs interpreted for most of
 * its 20–70 ms; only a failing array is walked to find the entry.
 */
function nonFiniteEntry(a: Float64Array, shape: readonly number[]): string | null {
  if (!a.includes(Number.NaN) && !a.includes(Number.POSITIVE_INFINITY) && !a.includes(Number.NEGATIVE_INFINITY)) return null;
  let flat = 0;
  while (Number.isFinite(a[flat]!)) flat++;
  const index = new Array<number>(shape.length);
  for (let k = shape.length - 1, rest = flat; k >= 0; k--) {
    index[k] = rest % shape[k]!;
    rest = Math.floor(rest / shape[k]!);
  }
  return `entry (${index.join(', ')}) is ${a[flat]}`;
}

/** Elapsed and process CPU seconds (every thread, V8's compilers included) of one decomposition. */
interface Clock {
  seconds: number;
  cpuSeconds: number;
}

/**
 * Starts the clock of `seconds` and `cpuSeconds`: the decomposition alone, from the tensor in memory to its factors,
 * first-call compilation included; loading the modules, reading the .npy, creating the worker pool, the error check
 * and writing the files are outside it.
 */
function startClock(): { stop(): Clock } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  return {
    stop() {
      const c = process.cpuUsage(c0);
      return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (c.user + c.system) / 1e6 };
    },
  };
}

function matArray(name: string, m: Mat) {
  return { name, shape: [m.rows, m.cols], data: m.data };
}

/** Write every array and the manifest into a temporary sibling folder, then rename it into place. */
function writeAtomically(
  outDir: string,
  arrays: { name: string; shape: number[]; data: Float64Array }[],
  manifest: Record<string, unknown>,
  force: boolean,
): string[] {
  const tmp = join(dirname(outDir), `.${basename(outDir)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const files = arrays.map((a) => {
      const file = `${a.name}.npy`;
      writeFileSync(join(tmp, file), formatNpy({ shape: a.shape, data: a.data }));
      return file;
    });
    writeFileSync(join(tmp, 'manifest.json'), `${JSON.stringify({ ...manifest, files }, null, 2)}\n`);
    if (force) rmSync(outDir, { recursive: true, force: true });
    renameSync(tmp, outDir);
    return files;
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}

/** `equitensor tensor chebtucker`: the Chebyshev-Tucker format of a CP tensor given by its factor files, with its mid-slice error. */
export function runChebTucker(o: ChebTuckerOptions): void {
  if (o.cp.length !== 3) throw new UsageError(`--cp needs exactly three factor files, got ${o.cp.length}`);
  const { m, tol } = o;
  let domain: Interval = [-1, 1];
  if (o.domain !== undefined) {
    const ab = o.domain;
    if (ab.length !== 2 || !(ab[0]! < ab[1]!)) throw new UsageError(`--domain needs two numbers a < b, got "${ab.join(' ')}"`);
    domain = [ab[0]!, ab[1]!];
  }
  // a RangeError of matFromNpy (not a matrix) names the file itself; runCli maps it to exit 2
  const factors = o.cp.map((file) => matFromNpy(readNpyFile(file), file));
  const R = factors[0]!.cols;
  factors.forEach((u, k) => {
    if (u.cols !== R) throw new UsageError(`${o.cp[k]}: ${u.cols} columns, but ${o.cp[0]} has ${R} (the CP rank)`);
    if (u.rows < 4) throw new UsageError(`${o.cp[k]}: needs at least 4 grid points (rows) for the cubic spline, got ${u.rows}`);
    const bad = nonFiniteEntry(u.data, [u.rows, u.cols]);
    if (bad !== null) throw new UsageError(`${o.cp[k]}: holds NaN or infinite values: ${bad}`);
  });
  let weights: Float64Array = new Float64Array(R).fill(1);
  if (o.weights !== undefined) {
    const w = tensorFromNpy(readNpyFile(o.weights));
    if (w.data.length !== R || w.shape.length !== 1)
      throw new UsageError(`${o.weights}: expected a vector of length ${R}, got shape (${w.shape.join(', ')})`);
    weights = w.data;
  }
  if (o.divideH3) {
    factors.forEach((u) => {
      const h = (domain[1] - domain[0]) / u.rows;
      for (let i = 0; i < u.data.length; i++) u.data[i]! /= h;
    });
  }
  const x: CpTensor = { weights, factors };
  const box = [domain, domain, domain] as const;
  const t0 = performance.now();
  const f = chebTuckerFromCp(x, { m, domain: box, rhosvd: { tol } });
  const seconds = (performance.now() - t0) / 1000;
  const nz = factors[2]!.rows;
  const midSliceIndex = Math.ceil(nz / 2) - 1;
  const err = chebTuckerSliceError(f, x, midSliceIndex);
  const result = {
    ranks: chebTuckerRanks(f),
    midSliceMaxAbsError: err.maxAbsError,
    midSliceMaxRelError: err.maxRelError,
    seconds,
    m,
    tol,
    shape: factors.map((u) => u.rows),
    cpRank: R,
    domain,
    midSliceIndex,
    midSliceZ: cellCentres(nz, domain)[midSliceIndex]!,
  };
  if (o.json) printJson(result);
  else {
    process.stdout.write(
      `Chebyshev-Tucker ranks [${result.ranks.join(', ')}], mid-slice max error ${err.maxAbsError.toExponential(3)} (relative ${err.maxRelError.toExponential(3)}), ${seconds.toFixed(3)} s\n`,
    );
  }
}
