import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { commands } from './commands.ts';
import { RunStoppedError, UsageError } from './errors.ts';
import { isEngineRangeError } from './options.ts';

/** The version of the `equitensor` CLI (the app's package version). */
export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * Build the commander program with every registered subcommand.
 *
 * @example
 * ```ts
 * const program = buildProgram();
 * program.helpInformation(); // the usage text
 * ```
 */
export function buildProgram(): Command {
  const program = new Command('equitensor')
    .description('equitensor: tensor formats, SO(3)-equivariant tensor products, electrostatics and molecular simulation')
    .version(cliVersion(), '-v, --version', 'print the version')
    .showHelpAfterError()
    // commander's own errors (unknown option, an option parser's refusal) read like the CLI's: "equitensor: error: …"
    .configureOutput({ outputError: (text, write) => write(`equitensor: ${text}`) })
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

/**
 * The CLI's one error rule, applied here and nowhere else: bad input is exit code 2 with its message. Bad input is a
 * `UsageError` (the CLI's own checks), a `RangeError` a package throws for an impossible argument (except the
 * engine's own, a stack overflow or an allocation too large, which are internal failures), or io's `ParseError`
 * (file, line and column; recognised by name so that `--help` needs no io import). Commander's own errors
 * (unknown options, an option parser's `InvalidArgumentError`) are printed by commander and also exit 2.
 */
function isBadInput(error: unknown): error is Error {
  if (error instanceof UsageError) return true;
  if (error instanceof RangeError) return !isEngineRangeError(error);
  return error instanceof Error && error.name.endsWith('ParseError');
}

/**
 * Run the CLI on an argv array (as `process.argv`) and return the exit code:
 * 0 success, 2 bad input or usage, 1 internal failure, 3 a simulation stopped as unstable (its data kept),
 * 130/143 a run stopped by SIGINT/SIGTERM (its data kept).
 *
 * @example
 * ```ts
 * const code = await runCli(['node', 'equitensor', '--version']);
 * ```
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return 0;
    }
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof RunStoppedError) {
      process.stderr.write(`equitensor: ${error.message}\n`);
      return error.exitCode;
    }
    if (isBadInput(error)) {
      process.stderr.write(`equitensor: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`equitensor: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
