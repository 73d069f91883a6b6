/**
 * The app's URL options (`?scenario=argon&cells=2`): which exist, and what is wrong with a page's query, so that a
 * mistyped option or value is reported rather than silently ignored.
 */

/** Every option the app reads (main.ts, renderer-choice.ts). */
export const URL_OPTIONS = ['scenario', 'backend', 'workers', 'cells', 'renderer', 'pdb-mirror'] as const;

/**
 * What is wrong with `query`: each unknown option (with the known ones) and each value its check in `checks` refuses,
 * one sentence each; empty when all is well.
 *
 * @example
 * ```ts
 * urlOptionProblems(new URLSearchParams('?scenaro=nacl'), {}); // ['unknown URL option ?scenaro= (the app reads scenario, backend, …)']
 * ```
 */
export function urlOptionProblems(query: URLSearchParams, checks: Readonly<Record<string, (value: string) => boolean>>): string[] {
  const problems: string[] = [];
  const known: readonly string[] = URL_OPTIONS;
  for (const [name, value] of query) {
    if (!known.includes(name)) problems.push(`unknown URL option ?${name}= (the app reads ${URL_OPTIONS.join(', ')})`);
    else if (checks[name] && !checks[name](value)) problems.push(`?${name}=${value} is not a value this option takes`);
  }
  return problems;
}
