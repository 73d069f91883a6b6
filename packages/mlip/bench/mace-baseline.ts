/**
 * MACE inference, this checkout against another one side by side (energy + forces + virial, one thread, float64):
 * the reference model's periodic cell replicated n×n×n, exact and tabulated (`tabulateRadial(2048)`), each variant
 * of both checkouts run in turn every round, so load changes hit both alike. Prints process CPU time (best and
 * median of the rounds), atom-steps/s of CPU time, the after/before ratio, and how far the two checkouts' energies
 * and forces are apart.
 *
 * The baseline is a directory holding `packages/mlip/src` of the other version (its `@equitensor/*` imports resolve
 * through a `packages/mlip/node_modules` link to this checkout's):
 *
 *   mkdir -p /tmp/mace-before && git archive REV packages/mlip/src | tar -x -C /tmp/mace-before
 *   ln -sfn "$PWD/packages/mlip/node_modules" /tmp/mace-before/packages/mlip/node_modules
 *   pnpm tsx packages/mlip/bench/mace-baseline.ts --baseline /tmp/mace-before [--rounds 7] [--replicas 3,7]
 */
import type { AtomsState, Potential } from '@equitensor/md';
import { loadMaceModel } from '../src/mace/loader.ts';
import { MacePotential } from '../src/mace/model.ts';
import { forceDeviation, readMaceReference, referenceAtoms, replicate } from './mace-structures.ts';
import { argValue } from './util.ts';

interface Loader {
  readonly loadMaceModel: (json: object) => { tabulateRadial(knots: number): unknown };
  readonly MacePotential: new (model: never) => Potential;
}

const dir = argValue('--baseline', '');
if (dir === '') throw new Error('mace-baseline: --baseline DIR (a directory with packages/mlip/src of the other version) is required');
const rounds = Number(argValue('--rounds', '7'));
const json = readMaceReference();
const before: Loader = {
  ...(await import(`${dir}/packages/mlip/src/mace/loader.ts`)),
  ...(await import(`${dir}/packages/mlip/src/mace/model.ts`)),
};
const variants = [
  { label: 'exact', knots: 0 },
  { label: 'tabulated 2048', knots: 2048 },
].map(({ label, knots }) => {
  const oldModel = before.loadMaceModel(json);
  const newModel = loadMaceModel(json);
  if (knots > 0) {
    oldModel.tabulateRadial(knots);
    newModel.tabulateRadial(knots);
  }
  return { label, old: new before.MacePotential(oldModel as never), now: new MacePotential(newModel) as Potential };
});

function cpuMs(p: Potential, atoms: AtomsState): number {
  const c = process.cpuUsage();
  p.compute(atoms);
  const used = process.cpuUsage(c);
  return (used.user + used.system) / 1000;
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1] as number;
const periodic = referenceAtoms(json.structures[4] as (typeof json.structures)[number]);
process.stdout.write(
  '| atoms | variant | before CPU best / median (ms) | after CPU best / median (ms) | before atom-steps/s | after atom-steps/s | speed-up (best, median) | |ΔE| (eV) | max |ΔF| / max |F| |\n' +
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n',
);
for (const n of argValue('--replicas', '3').split(',').map(Number)) {
  const atoms = replicate(periodic, n);
  const N = atoms.numbers.length;
  const times = variants.map(() => ({ old: [] as number[], now: [] as number[] }));
  const results = variants.map((v) => ({ old: v.old.compute(atoms), now: v.now.compute(atoms) })); // warm-up, neighbour lists
  for (let r = 0; r < rounds; r++)
    variants.forEach((v, i) => {
      const t = times[i] as (typeof times)[number];
      t.old.push(cpuMs(v.old, atoms));
      t.now.push(cpuMs(v.now, atoms));
    });
  variants.forEach((v, i) => {
    const t = times[i] as (typeof times)[number];
    const { old, now } = results[i] as (typeof results)[number];
    const { maxDiff, maxForce } = forceDeviation(old.forces, now.forces);
    const [ob, om, nb, nm] = [Math.min(...t.old), median(t.old), Math.min(...t.now), median(t.now)];
    const rate = (ms: number) => Math.round((N / ms) * 1000).toLocaleString('en-US');
    process.stdout.write(
      `| ${N} | ${v.label} | ${ob.toFixed(1)} / ${om.toFixed(1)} | ${nb.toFixed(1)} / ${nm.toFixed(1)} | ${rate(ob)} | ${rate(nb)} | ` +
        `${(ob / nb).toFixed(2)}, ${(om / nm).toFixed(2)} | ${Math.abs(old.energy - now.energy).toExponential(1)} | ${(maxDiff / maxForce).toExponential(1)} |\n`,
    );
  });
}
