/**
 * Sketch-and-precondition (`sketchRidge`) against the normal-equation path (`NormalEquations` assembly +
 * `CholeskyRidge`), CPU time (process.cpuUsage), side by side in one process on the same rows and λ.
 *
 *   pnpm tsx packages/mlip/bench/sketch-scale.ts --synthetic 1000x40000,2000x40000      # P x rows, dense rows
 *   pnpm tsx packages/mlip/bench/sketch-scale.ts --data solvent_xtb_train.xyz             # the default fit's design
 *
 * Synthetic rows: Gaussian entries correlated along the columns (AR(1), ρ = 0.9) and column scales 10^(c mod 4), in
 * blocks of 30 rows of one weight (a configuration's force rows). Prints one JSON line per problem: seconds of each
 * phase, PCG iterations, and the relative difference of the two solutions in the scaled variables D·x.
 */
import { parseExtxyz } from '@equitensor/io';
import { Random } from '@equitensor/tensor';
import { readFixtureText } from '@equitensor/testing';
import { type DesignRows, labelledConfigs, NormalEquations, prepareFit, sketchRidge } from '../src/index.ts';
import { CholeskyRidge } from '../src/ridge-cholesky.ts';
import { argValue } from './util.ts';

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function synthetic(P: number, n: number, seed: number): DesignRows[] {
  const rng = Random.mulberry32(seed);
  const rows: DesignRows[] = [];
  for (let r0 = 0; r0 < n; r0 += 30) {
    const k = Math.min(30, n - r0);
    const data = new Float64Array(k * P);
    const targets = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let prev = 0;
      let y = 0;
      for (let c = 0; c < P; c++) {
        prev = 0.9 * prev + rng.normal();
        data[i * P + c] = prev * 10 ** (c % 4);
        y += prev * Math.sin(c);
      }
      targets[i] = y / Math.sqrt(P) + 0.1 * rng.normal();
    }
    rows.push({ data, rows: k, targets, weight: 0.5 + rng.uniform() });
  }
  return rows;
}

function solventRows(file: string): { rows: DesignRows[]; P: number } {
  const configs = labelledConfigs(parseExtxyz(readFixtureText(`mlip/${file}`), { fileName: file }), {});
  const design = prepareFit(configs);
  const P = design.configs[0]?.block.columns as number;
  const rows: DesignRows[] = [];
  for (const p of design.configs) {
    const N = p.config.atoms.numbers.length;
    if (p.config.energy !== null)
      rows.push({ data: p.block.energy, rows: 1, targets: [p.config.energy - p.e0Sum], weight: 30 / Math.sqrt(N) });
    if (p.config.forces) rows.push({ data: p.block.forces, rows: 3 * N, targets: p.config.forces, weight: 1 });
  }
  return { rows, P };
}

function compare(label: string, rows: DesignRows[], P: number, lambda: number): void {
  let n = 0;
  for (const r of rows) n += r.rows;
  // Normal equations: assembly, factor + solve.
  let t = cpu();
  const ne = new NormalEquations(P);
  for (const r of rows) ne.addRows(r.data, r.rows, r.targets, r.weight, r.offset ?? 0);
  const assembly = cpu() - t;
  t = cpu();
  const x0 = new CholeskyRidge(ne).solve(lambda);
  const factor = cpu() - t;
  // Sketch: sketch + its Gram, factor + PCG.
  t = cpu();
  const ridge = sketchRidge(rows, P);
  const sketch = cpu() - t;
  t = cpu();
  const x1 = ridge.solve(lambda);
  const solve = cpu() - t;
  let num = 0;
  let den = 0;
  for (let k = 0; k < P; k++) {
    const d = Math.sqrt(ne.gram[k * P + k] as number) || 1;
    num += (((x1[k] as number) - (x0[k] as number)) * d) ** 2;
    den += ((x0[k] as number) * d) ** 2;
  }
  process.stdout.write(
    `${JSON.stringify({
      problem: label,
      P,
      rows: n,
      sketchRows: Math.min(n, 4 * P),
      lambda,
      normalEquations: { assembly: +assembly.toFixed(2), choleskySolve: +factor.toFixed(2), total: +(assembly + factor).toFixed(2) },
      sketch: { sketchAndGram: +sketch.toFixed(2), factorAndPcg: +solve.toFixed(2), total: +(sketch + solve).toFixed(2) },
      ratio: +((assembly + factor) / (sketch + solve)).toFixed(2),
      pcgIterations: ridge.iterations,
      factorizations: ridge.factorizations,
      relativeDifference: +Math.sqrt(num / den).toExponential(2),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    })}\n`,
  );
}

const lambda = Number(argValue('--lambda', '1e-8'));
for (const spec of argValue('--synthetic', '')
  .split(',')
  .filter((s) => s !== '')) {
  const [P, n] = spec.split('x').map(Number) as [number, number];
  compare(`synthetic ${P}x${n}`, synthetic(P, n, 1), P, lambda);
}
const data = argValue('--data', '');
if (data) {
  const { rows, P } = solventRows(data);
  compare(data, rows, P, lambda);
}
