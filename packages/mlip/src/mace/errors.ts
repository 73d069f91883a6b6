/**
 * A MACE model file whose content does not fit what the loader needs: a missing key, a tensor of the wrong
 * shape, an unsupported setting. A `RangeError`, so the CLI maps it to exit code 2; `path` names the key
 * (`config.hidden_irreps`, `state_dict["interactions.0.linear.weight"]`).
 *
 * @example
 * ```ts
 * try { loadMaceModel(text); } catch (e) { if (e instanceof MaceModelError) console.error(e.path); }
 * ```
 */
export class MaceModelError extends RangeError {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'MaceModelError';
    this.path = path;
  }
}
