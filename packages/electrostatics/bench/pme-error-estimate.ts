/**
 * The measured RMS force error of SPME's mesh part against its reported estimate (the Hockney-Eastwood functional
 * `pmeMeshError`, see `pmeParameters`), on random charges (the setting the estimate is derived for): `--count` ±1 charges uniformly in a
 * cube of edge `--box` Å, α fixed, a real-space cutoff with a negligible error (αr_c = 5.6), orders 4–8 and a range of
 * meshes; the reference is `ewaldCoulomb` at 1e-15. Prints a markdown table (ratio = measured / estimate).
 *
 *   pnpm tsx packages/electrostatics/bench/pme-error-estimate.ts [--count 300] [--box 15] [--alpha 0.4]
 */
import { COULOMB_CONSTANT } from '@equitensor/io';
import { SeededRng } from '@equitensor/testing';
import { ewaldCoulomb, pmeCoulomb } from '../src/index.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? (args[i + 1] as string) : fallback;
};
const count = Number(option('--count', '300'));
const box = Number(option('--box', '15'));
const alpha = Number(option('--alpha', '0.4'));
const rng = new SeededRng(1);
const positions = Float64Array.from({ length: 3 * count }, () => rng.uniform() * box);
const charges = Float64Array.from({ length: count }, (_, i) => (i % 2 === 0 ? 1 : -1));
const cell = new Float64Array([box, 0, 0, 0, box, 0, 0, 0, box]);
const reference = ewaldCoulomb(positions, charges, cell, { accuracy: 1e-15 });
console.log('| order | mesh | hα | measured RMS force error | estimate | ratio |');
console.log('|---:|---:|---:|---:|---:|---:|');
for (let order = 4; order <= 8; order++) {
  for (const k of [12, 16, 24, 32, 48]) {
    const r = pmeCoulomb(positions, charges, cell, { alpha, cutoff: 5.6 / alpha, order, mesh: [k, k, k], accuracy: 1e-12 });
    let sum = 0;
    for (let c = 0; c < 3 * count; c++) sum += (r.forces[c]! - reference.forces[c]!) ** 2;
    const rms = Math.sqrt(sum / count) / COULOMB_CONSTANT;
    const estimate = r.parameters.estimatedError.reciprocal;
    console.log(
      `| ${order} | ${k} | ${((box / k) * alpha).toFixed(2)} | ${rms.toExponential(2)} | ${estimate.toExponential(2)} | ${(rms / estimate).toFixed(2)} |`,
    );
  }
}
