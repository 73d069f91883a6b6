#!/usr/bin/env node
/**
 * The `equitensor` command line. Run from the repository root without a build:
 * `pnpm equitensor --help`.
 *
 * Contract (see ../shared/design.md): every computing command accepts `--json` and then prints
 * exactly one JSON object on stdout; progress goes to stderr. Exit codes: 0 success, 2 bad input
 * or usage, 1 internal failure.
 */
import { runCli } from './program.ts';

process.exitCode = await runCli(process.argv);
