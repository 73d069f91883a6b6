/**
 * Where the time of an in.lj-like run goes: neighbour-list builds versus force evaluations (minimum CPU time
 * over repeats, so a noisy shared machine matters less). Run: pnpm tsx packages/md/bench/profile-lj.ts [--repeat 20]
 */
import { cubicLattice, LennardJones, ljUnits, maxwellBoltzmann, NeighborList } from '../src/index.ts';

const args = process.argv.slice(2);
const k = args.indexOf('--repeat');
const repeat = k >= 0 ? Number(args[k + 1]) : 20;
const system = cubicLattice({ structure: 'fcc', a: (4 / 0.8442) ** (1 / 3), repeat: [repeat, repeat, repeat] });
maxwellBoltzmann(system, { temperature: 1.44, seed: 87287, units: ljUnits });
const best = (f: () => void, times: number) => {
  let b = Number.POSITIVE_INFINITY;
  for (let t = 0; t < times; t++) {
    const t0 = process.cpuUsage();
    f();
    const used = process.cpuUsage(t0);
    b = Math.min(b, (used.user + used.system) / 1000);
  }
  return b;
};
const list = new NeighborList({ cutoff: 2.5, skin: 0.3 });
const build = best(() => list.build(system), 8);
const lj = new LennardJones({ cutoff: 2.5, skin: 0.3 });
lj.compute(system);
const force = best(() => lj.compute(system), 20);
const perAtom = best(() => lj.compute(system, { perAtomEnergies: true }), 5);
console.log(
  JSON.stringify({ atoms: system.masses.length, entries: list.size, buildMs: build, forceMs: force, forcePerAtomEnergiesMs: perAtom }),
);
