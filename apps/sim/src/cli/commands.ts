import type { Command } from 'commander';
import { registerBenchCommand } from './commands/bench.ts';
import { registerBenchGpuCommand } from './commands/bench-gpu.ts';
import { registerConvertCommand } from './commands/convert.ts';
import { registerElectrostaticsCommand } from './commands/electrostatics.ts';
import { registerMdCommand } from './commands/md.ts';
import { registerMlipCommand } from './commands/mlip.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerTensorCommand } from './commands/tensor.ts';
import { registerViewCommand } from './commands/view.ts';

/**
 * A subcommand registers itself on the program. Each later capability adds one entry here
 * (convert, tensor, bench, md, electrostatics, mlip, serve, view). Registration files stay light: a
 * command that needs the computing packages loads them in its action (`await import('./<name>-action.ts')`),
 * so `equitensor --help` starts without them (see docs/benchmarks/cli.md).
 */
export type RegisterCommand = (program: Command) => void;

/** Every subcommand of the CLI, in the order `--help` lists them. */
export const commands: readonly RegisterCommand[] = [
  registerConvertCommand,
  registerMlipCommand,
  registerServeCommand,
  registerViewCommand,
  registerTensorCommand,
  registerMdCommand,
  registerElectrostaticsCommand,
  registerBenchCommand,
  registerBenchGpuCommand,
];
