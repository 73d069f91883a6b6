import { readFileSync } from 'node:fs';
import type { Potential } from '@equitensor/md';
import { loadMaceModel, loadModel, MacePotential, type MlipPotential, ModelFormatError } from '@equitensor/mlip';
import { UsageError } from '../errors.ts';
import { asUsageError } from '../options.ts';

/** The model `mlip eval --model` evaluates: an ACE model file from `mlip fit`, or a MACE model (`mace:FILE`). */
export type EvalModel =
  | { readonly kind: 'ace'; readonly potential: MlipPotential }
  | { readonly kind: 'mace'; readonly potential: Potential };

/**
 * Load `--model SPEC` of `mlip eval`: `mace:FILE` is a MACE model (JSON or the binary layout, `loadMaceModel`),
 * anything else an ACE model file. An unreadable file or a malformed ACE model is a UsageError (exit 2); a malformed
 * MACE model a MaceModelError or io's ParseError (both exit 2, naming the key or line).
 *
 * @example
 * ```ts
 * const { kind, potential } = loadEvalModel('mace:mace_small_reference.json'); // kind 'mace'
 * ```
 */
export function loadEvalModel(spec: string): EvalModel {
  const mace = spec.startsWith('mace:');
  const path = mace ? spec.slice('mace:'.length) : spec;
  if (path.length === 0) throw new UsageError('--model mace: needs a file, e.g. --model mace:model.json');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new UsageError(`cannot read model file '${path}': ${(e as Error).message}`);
  }
  // a MaceModelError names the key (config.atomic_energies …) but not the file: prefixed with it, as md run does
  if (mace) return { kind: 'mace', potential: asUsageError(() => new MacePotential(loadMaceModel(bytes, { fileName: path }), spec), path) };
  try {
    return { kind: 'ace', potential: loadModel(new TextDecoder().decode(bytes)) };
  } catch (e) {
    if (e instanceof ModelFormatError) throw new UsageError(`${path}: ${e.message}`);
    throw e;
  }
}
