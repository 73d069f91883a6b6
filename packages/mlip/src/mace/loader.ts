import { ParseError } from '@equitensor/io';
import { isMaceBinary, readMaceBinary } from './binary.ts';
import { parseMaceConfig } from './config.ts';
import { MaceModelError } from './errors.ts';
import { MaceModel } from './model.ts';
import { StateDict } from './state-dict.ts';

/** 1-based line and column of a character offset. */
function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/**
 * Load a MACE model from its JSON file (text) or the parsed object: `{ config, state_dict }` as written by
 * `../shared/data/mace/make_reference.py` and `tools/mace/*_to_model.py` (`config` in mace's key names, `state_dict`
 * every parameter and buffer by its PyTorch name as `{ shape, data }` flat in C order); other keys are ignored.
 * Bytes (a Uint8Array or ArrayBuffer) may hold either that JSON or the binary layout of {@link readMaceBinary}
 * (told apart by its magic `EQTMACE1`). Malformed JSON throws io's `ParseError` (line, column); a missing key or a
 * tensor of the wrong shape a {@link MaceModelError} naming it.
 *
 * @example
 * ```ts
 * const model = loadMaceModel(readFileSync('mace_small_reference.json', 'utf8'), { fileName: 'mace_small_reference.json' });
 * const potential = new MacePotential(model);
 * ```
 */
export function loadMaceModel(input: string | object | Uint8Array | ArrayBuffer, options: { readonly fileName?: string } = {}): MaceModel {
  if (input instanceof ArrayBuffer) return loadMaceModel(new Uint8Array(input), options);
  if (input instanceof Uint8Array) {
    if (isMaceBinary(input)) return loadMaceModel(readMaceBinary(input, options), options);
    return loadMaceModel(new TextDecoder().decode(input), options);
  }
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const at = /position (\d+)/.exec(message);
      const { line, column } = at ? position(input, Number(at[1])) : { line: 1, column: 1 };
      throw new ParseError({ fileName: options.fileName, line, column, expected: 'JSON', found: message });
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new MaceModelError('(root)', 'expected a JSON object with config and state_dict');
  const root = value as Record<string, unknown>;
  if (!Object.hasOwn(root, 'config')) throw new MaceModelError('config', 'missing');
  if (!Object.hasOwn(root, 'state_dict')) throw new MaceModelError('state_dict', 'missing');
  return new MaceModel(parseMaceConfig(root.config), new StateDict(root.state_dict));
}
