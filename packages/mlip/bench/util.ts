import type { ErrorStats, FitResult } from '../src/index.ts';

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
