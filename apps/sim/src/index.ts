export { UsageError } from './cli/errors.ts';
export { printJson } from './cli/json.ts';
export { buildProgram, cliVersion, runCli } from './cli/program.ts';
