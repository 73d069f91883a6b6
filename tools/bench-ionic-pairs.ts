/**
 * Issue 15's ionic pair walk (md `sumIonicPairs`, electrostatics `ErfcTable.valuesInto`), measured before and after in
 * one run: a base commit checked out at --base=DIR (default /tmp/base15, with its dependencies) against this working
 * tree, in interleaved rounds, best round of process CPU time (the shared VM's wall clock is too noisy). Rattled
 * Tosi-Fumi NaCl, m³ conventional cells (default m = 8: 4,096 ions), δ = 1e-5, r_c = 12 Å: `BornMayerHuggins`,
 * `CoulombPme`, `CoulombPme` with the Born term fused, `pmeCoulomb` (one-shot), each with forces, energy and virial
 * compared bit for bit between the trees. Figures: docs/BENCHMARKS.md.
 *
 *   git worktree add --detach /tmp/base15 <base> && ln -s "$PWD/node_modules" /tmp/base15/node_modules
 *   for p in packages/* apps/*; do [ -d $p/node_modules ] && cp -a $p/node_modules /tmp/base15/$p/; done
 *   pnpm tsx tools/bench-ionic-pairs.ts [cells=8] [rounds=7] [cases=born,coulomb-pme,fused,pmeCoulomb] [--base=/tmp/base15]
 */

import { readFixtureText } from '../packages/testing/src/fixtures.ts';
import { rockSalt } from '../packages/testing/src/rock-salt.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--base='));
const BASE = process.argv.find((a) => a.startsWith('--base='))?.slice('--base='.length) ?? '/tmp/base15';
const cells = Number(args[0] ?? 8);
const rounds = Number(args[1] ?? 7);
const trees = {
  before: { md: await import(`${BASE}/packages/md/src/index.ts`), es: await import(`${BASE}/packages/electrostatics/src/index.ts`) },
  after: { md: await import('../packages/md/src/index.ts'), es: await import('../packages/electrostatics/src/index.ts') },
};
const bornText = readFixtureText('lammps/NaCl_tosi_fumi.born');

let seed = 2026;
const uniform = () => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};
const salt = rockSalt(cells, { displace: () => 0.2 * (uniform() - 0.5) });
const numbers = Int32Array.from(salt.charges, (q) => (q > 0 ? 11 : 17));
const atoms = { ...salt, numbers, pbc: [true, true, true] as [boolean, boolean, boolean] };

type Result = { energy: number; forces: Float64Array; virial: Float64Array };
// biome-ignore lint/suspicious/noExplicitAny: both trees' modules, imported by path
const cases = (t: { md: any; es: any }): Record<string, () => Result> => {
  const born = t.md.BornMayerHuggins.fromFile(bornText);
  const pme = new t.md.CoulombPme({ accuracy: 1e-5, cutoff: 12 });
  const fused = new t.md.CoulombPme({ accuracy: 1e-5, cutoff: 12, shortRange: born });
  return {
    born: () => born.compute(atoms),
    'coulomb-pme': () => pme.compute(atoms),
    fused: () => fused.compute(atoms),
    pmeCoulomb: () => t.es.pmeCoulomb(atoms.positions, atoms.charges, atoms.cell, { accuracy: 1e-5, cutoff: 12 }),
  };
};
const before = cases(trees.before);
const after = cases(trees.after);
const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

console.log(`\n${atoms.numbers.length} ions, best of ${rounds} interleaved rounds, CPU ms per evaluation\n`);
console.log('| case | before ms | after ms | after/before | bit-identical |');
console.log('|---|---|---|---|---|');
const chosen = args[2]?.split(',') ?? Object.keys(after);
for (const name of chosen) {
  const fns = [before[name] as () => Result, after[name] as () => Result];
  const results = fns.map((f) => f());
  const best = [Infinity, Infinity];
  for (let r = 0; r < rounds; r++) {
    for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) {
      const c0 = cpu();
      for (let k = 0; k < 3; k++) (fns[i] as () => Result)();
      best[i] = Math.min(best[i] as number, ((cpu() - c0) / 3) * 1e3);
    }
  }
  const [a, b] = results as [Result, Result];
  const identical = Object.is(a.energy, b.energy) && same(a.forces, b.forces) && same(a.virial, b.virial);
  const [tb, ta] = best as [number, number];
  console.log(`| ${name} | ${tb.toFixed(2)} | ${ta.toFixed(2)} | ${(ta / tb).toFixed(3)} | ${identical ? 'yes' : 'NO'} |`);
}
