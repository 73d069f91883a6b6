/**
 * Evaluation speed of saved models (energy, forces and virial of a rattled 64-atom diamond Si cell, a = 5.43 Å),
 * interleaved rounds in one run, best round per model; also the feature counts per correlation order.
 *
 *   pnpm tsx packages/mlip/bench/model-speed.ts --models a.json,b.json [--rounds 5]
 */
import { readFileSync } from 'node:fs';
import { SeededRng } from '@equitensor/testing';
import { loadModel } from '../src/index.ts';
import { argValue, rattledDiamond } from './util.ts';

const files = argValue('--models', '').split(',').filter(Boolean);
if (files.length === 0) throw new Error('give --models a.json[,b.json…]');
const rounds = Number(argValue('--rounds', '5'));
const cell = rattledDiamond(5.43, new SeededRng(3));
const models = files.map((f) => ({ file: f, model: loadModel(readFileSync(f, 'utf8')), best: Infinity }));
for (const m of models) m.model.compute(cell); // warm-up
for (let r = 0; r < rounds; r++) {
  for (const m of models) {
    const t0 = performance.now();
    for (let s = 0; s < 3; s++) m.model.compute(cell);
    m.best = Math.min(m.best, (performance.now() - t0) / 3 / 1000);
  }
}
for (const { file, model, best } of models) {
  const f = model.descriptor.features;
  const perOrder = [0, 0, 0, 0, 0];
  for (let k = 0; k < f.count; k++) perOrder[f.order[k] as number] = (perOrder[f.order[k] as number] as number) + 1;
  process.stdout.write(
    `| ${file} | ${model.descriptor.spec.order} | ${f.count} (${perOrder.slice(1).join(' / ')}) | ${model.descriptor.spec.rcut} | ` +
      `${(64 / best).toFixed(0)} atom-steps/s |\n`,
  );
}
