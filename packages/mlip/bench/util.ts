import { parseExtxyz } from '@equitensor/io';
import type { AtomsState } from '@equitensor/md';
import { readFixtureText, type SeededRng } from '@equitensor/testing';
import { type ErrorStats, type FitResult, type LabelKeys, type LabelledConfig, labelledConfigs } from '../src/index.ts';

const DIAMOND_BASIS = [
  0, 0, 0, 0, 0.5, 0.5, 0.5, 0, 0.5, 0.5, 0.5, 0, 0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.25, 0.75, 0.75, 0.75, 0.25,
];

/** A cells×cells×cells cubic diamond Si cell (8·cells³ atoms, default 64, lattice constant a) with Gaussian displacements of 0.05 Å from `rng`. */
export function rattledDiamond(a: number, rng: SeededRng, cells = 2): AtomsState {
  const positions: number[] = [];
  for (let i = 0; i < cells; i++)
    for (let j = 0; j < cells; j++)
      for (let k = 0; k < cells; k++)
        for (let b = 0; b < 8; b++)
          positions.push(
            (i + (DIAMOND_BASIS[3 * b] as number)) * a + 0.05 * rng.normal(),
            (j + (DIAMOND_BASIS[3 * b + 1] as number)) * a + 0.05 * rng.normal(),
            (k + (DIAMOND_BASIS[3 * b + 2] as number)) * a + 0.05 * rng.normal(),
          );
  const n = 8 * cells * cells * cells;
  const L = cells * a;
  return {
    numbers: new Int32Array(n).fill(14),
    positions: Float64Array.from(positions),
    cell: new Float64Array([L, 0, 0, 0, L, 0, 0, 0, L]),
    pbc: [true, true, true],
  };
}

/** The labelled configurations of the shared data file `mlip/<file>` (e.g. `zuo2020_Si_train.xyz`). */
export function dataConfigs(file: string, keys?: LabelKeys): LabelledConfig[] {
  return labelledConfigs(parseExtxyz(readFixtureText(`mlip/${file}`), { fileName: file }), keys);
}

/**
 * The basis of the fitting benches from the command line: the maximum degree per body order (`--degree`, a comma
 * list, its length the order, or the given list), `--wl`, `--rcut` and `--transform` (λ).
 */
export function basisArgs(
  defaults: { degree: string; rcut: string },
  maxDegree: readonly number[] = argValue('--degree', defaults.degree).split(',').map(Number),
): { order: number; maxDegree: readonly number[]; wL: number; rcut: number; lambda: number } {
  return {
    order: maxDegree.length,
    maxDegree,
    wL: Number(argValue('--wl', '1')),
    rcut: Number(argValue('--rcut', defaults.rcut)),
    lambda: Number(argValue('--transform', '0')),
  };
}

/** `--name value` from the command line, or the default. */
export function argValue(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? (process.argv[i + 1] as string) : fallback;
}

function row(label: string, s: ErrorStats): string {
  return `| ${label} | ${s.configs} | ${(1000 * s.energyMAE).toFixed(2)} | ${(1000 * s.energyRMSE).toFixed(2)} | ${s.forcesMAE.toFixed(4)} | ${s.forcesRMSE.toFixed(4)} |`;
}

/** Prints the fit's figures as markdown tables (training and held-out errors per config type). */
export function printReport(title: string, kind: string, r: FitResult): void {
  const lines = [
    `### ${title} — kind ${kind}`,
    `features/species ${r.featureCount}, columns ${r.columns}, λ ${r.lambda.toExponential(1)}, smoothness ${r.smoothness}; ` +
      `time: features ${r.seconds.features.toFixed(1)} s, solve ${r.seconds.solve.toFixed(1)} s, total ${r.seconds.total.toFixed(1)} s`,
    '',
    '| set | configs | E MAE meV/atom | E RMSE meV/atom | F MAE eV/Å | F RMSE eV/Å |',
    '|---|---|---|---|---|---|',
    row('train (all)', r.train.all),
    ...Object.entries(r.train.perConfigType).map(([k, s]) => row(`train ${k}`, s)),
  ];
  if (r.validation) {
    lines.push(row('held-out (all)', r.validation.all));
    lines.push(...Object.entries(r.validation.perConfigType).map(([k, s]) => row(`held-out ${k}`, s)));
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}
