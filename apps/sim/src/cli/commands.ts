import type { Command } from 'commander';

/**
 * A subcommand registers itself on the program. Each later capability adds one entry here
 * (convert, tensor, bench, md, electrostatics, mlip, serve, view).
 */
export type RegisterCommand = (program: Command) => void;

/** Every subcommand of the CLI, in the order `--help` lists them. */
export const commands: readonly RegisterCommand[] = [];
