/**
 * Where the time of an in.lj-like run goes: neighbour-list builds versus force evaluations (minimum CPU time
 * over repeats, so a noisy shared machine matters less). Run: pnpm tsx packages/md/bench/profile-lj.ts [--repeat 20]
 */
import { cubicLattice, LennardJones, ljUnits, maxwellBoltzmann, NeighborList } from '../src/index.ts';
import { bestCpuMs, numberArg } from './util.ts';

const repeat = numberArg('--repeat', 20);
const system = cubicLattice({ structure: 'fcc', a: (4 / 0.8442) ** (1 / 3), repeat: [repeat, repeat, repeat] });
maxwellBoltzmann(system, { temperature: 1.44, seed: 87287, units: ljUnits });
const list = new NeighborList({ cutoff: 2.5, skin: 0.3 });
const build = bestCpuMs(() => list.build(system), 8);
const lj = new LennardJones({ cutoff: 2.5, skin: 0.3 });
lj.compute(system);
const force = bestCpuMs(() => lj.compute(system), 20);
const perAtom = bestCpuMs(() => lj.compute(system, { perAtomEnergies: true }), 5);
console.log(
  JSON.stringify({ atoms: system.masses.length, entries: list.size, buildMs: build, forceMs: force, forcePerAtomEnergiesMs: perAtom }),
);
