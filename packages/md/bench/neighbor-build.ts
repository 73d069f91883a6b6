/**
 * One neighbour-list build (`NeighborList.build`, the periodic fast path of `neighbor-scatter.ts`) on in.lj's and
 * in.eam's 32,000 atoms: least and median process CPU time over `--repeat` builds, for the half list the potentials
 * use, the full list, the same atoms in a shuffled index order (a long liquid run: index no longer follows position),
 * a triclinic (tilted) cell, and the build on `--workers` workers of the shared pool (CPU time of all threads, and
 * least wall clock). Each serial case is also built with the TypeScript candidate search (`scatterBuildTypeScript`, the
 * reference; the default runs the WebAssembly one), alternating build by build, with the ratio of the medians. The atoms are taken after `--melt` steps of in.lj's run (default 50) and 20 of in.eam's (1600 K,
 * 5 fs), not on the lattice, where every distance test would go the same way each time.
 *
 *   pnpm tsx packages/md/bench/neighbor-build.ts [--repeat 15] [--workers 2] [--melt 50]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { NodeWorkerPool } from '@equitensor/tensor/node';
import { fixturePath } from '@equitensor/testing';
import type { AtomsState } from '../src/index.ts';
import {
  cubicLattice,
  EmbeddedAtom,
  LennardJones,
  ljUnits,
  maxwellBoltzmann,
  metalUnits,
  NeighborList,
  Random,
  runDynamics,
  velocityVerlet,
} from '../src/index.ts';
import { scatterBuildTypeScript } from '../src/neighbor-scatter.ts';
import { PooledNeighborBuild } from '../src/node/index.ts';
import { median, numberArg } from './util.ts';

const repeat = numberArg('--repeat', 15);
const workers = numberArg('--workers', 2);

const ljSystem = cubicLattice({ structure: 'fcc', a: (4 / 0.8442) ** (1 / 3), repeat: [20, 20, 20] });
maxwellBoltzmann(ljSystem, { temperature: 1.44, seed: 87287, units: ljUnits });
const lj = new LennardJones({ cutoff: 2.5, skin: 0.3 });
const nve = velocityVerlet(lj, { dt: 0.005, units: ljUnits });
runDynamics(nve, nve.init(ljSystem), numberArg('--melt', 50));
// in.eam: Cu fcc a = 3.615 Å, 20³ cells, Cu_u3's 4.95 Å + skin 1.0, 1600 K
const eamSystem = cubicLattice({ structure: 'fcc', a: 3.615, repeat: [20, 20, 20], number: 29, mass: 63.55 });
maxwellBoltzmann(eamSystem, { temperature: 1600, seed: 376847, units: metalUnits });
const eam = EmbeddedAtom.fromFile(readFileSync(fixturePath('lammps/potentials/Cu_u3.eam'), 'utf8'), 'Cu_u3.eam', { skin: 1.0 });
const eamRun = velocityVerlet(eam, { dt: 5, units: metalUnits });
runDynamics(eamRun, eamRun.init(eamSystem), 20);

/** The same atoms in a random index order (seeded). */
function shuffled(atoms: AtomsState): AtomsState {
  const n = atoms.numbers.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = new Random(7);
  for (let k = n - 1; k > 0; k--) {
    const m = Math.floor(rng.uniform() * (k + 1));
    [order[k], order[m]] = [order[m] as number, order[k] as number];
  }
  const positions = new Float64Array(3 * n);
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    positions.set(atoms.positions.subarray(3 * i, 3 * i + 3), 3 * k);
  }
  return { ...atoms, positions };
}

/** The atoms in a cell tilted by 0.3 of its length along x for the b and c vectors (positions kept, cell wraps them). */
function tilted(atoms: AtomsState): AtomsState {
  const cell = Float64Array.from(atoms.cell as Float64Array);
  cell[3] = 0.3 * (cell[0] as number);
  cell[6] = 0.3 * (cell[0] as number);
  return { ...atoms, cell };
}

/** Least and median CPU ms of `repeat` calls of each function, called alternately. */
function cpuMsAlternating(...fs: (() => void)[]): { least: number; median: number }[] {
  const times = fs.map((): number[] => []);
  for (let r = 0; r < repeat; r++)
    fs.forEach((f, k) => {
      const t0 = process.cpuUsage();
      f();
      const used = process.cpuUsage(t0);
      times[k]?.push((used.user + used.system) / 1000);
    });
  return times.map((t) => ({ least: Math.min(...t), median: median(t) }));
}

/** Least and median CPU ms of `repeat` calls. */
function cpuMs(f: () => void): { least: number; median: number } {
  return cpuMsAlternating(f)[0] as { least: number; median: number };
}

const cases: [string, AtomsState, number, 'half' | 'full'][] = [
  ['in.lj half', ljSystem, 2.5, 'half'],
  ['in.lj full', ljSystem, 2.5, 'full'],
  ['in.lj half, shuffled order', shuffled(ljSystem), 2.5, 'half'],
  ['in.lj half, tilted cell', tilted(ljSystem), 2.5, 'half'],
  ['in.eam half', eamSystem, 4.95, 'half'],
];
const load = [loadavg()[0]];
const results: Record<string, unknown> = {};
for (const [name, atoms, cutoff, kind] of cases) {
  const list = new NeighborList({ cutoff, skin: name.startsWith('in.eam') ? 1.0 : 0.3, kind });
  const ts = new NeighborList({ cutoff, skin: name.startsWith('in.eam') ? 1.0 : 0.3, kind });
  ts.fastPath = scatterBuildTypeScript;
  list.build(atoms);
  ts.build(atoms);
  let same = list.size === ts.size;
  for (let k = 0; k < list.size && same; k++) same = list.neighbors[k] === ts.neighbors[k] && list.images[k] === ts.images[k];
  const [wasm, typescript] = cpuMsAlternating(
    () => list.build(atoms),
    () => ts.build(atoms),
  ) as [{ least: number; median: number }, { least: number; median: number }];
  results[name] = {
    entries: list.size,
    cpuMs: wasm,
    typescriptSearchCpuMs: typescript,
    ratio: typescript.median / wasm.median,
    sameList: same,
  };
}
const pool = new NodeWorkerPool({ workers });
const pooled = new NeighborList({ cutoff: 2.5, skin: 0.3 });
pooled.fastPath = new PooledNeighborBuild(pool).build;
pooled.build(ljSystem);
let wall = Number.POSITIVE_INFINITY;
const cpu = cpuMs(() => {
  const t0 = performance.now();
  pooled.build(ljSystem);
  wall = Math.min(wall, performance.now() - t0);
});
results[`in.lj half, pool ${workers}`] = { entries: pooled.size, cpuMsAllThreads: cpu, leastWallMs: wall };
await pool.close();
load.push(loadavg()[0]);
console.log(JSON.stringify({ atoms: ljSystem.masses.length, repeat, load, ...results }, null, 1));
