import { readFileSync } from 'node:fs';
import { chemicalSymbol } from '@equitensor/io';
import {
  type AtomsState,
  BornMayerHuggins,
  Buckingham,
  type ComputeOptions,
  Coulomb,
  CoulombPme,
  EmbeddedAtom,
  LennardJones,
  ljUnits,
  Morse,
  metalUnits,
  type Potential,
  type PotentialResult,
  SILICON_SW,
  StillingerWeber,
  sumPotentials,
  type UnitSystem,
} from '@equitensor/md';
import { loadMaceModel, loadModel, MacePotential, ModelFormatError } from '@equitensor/mlip';
import { UsageError } from './errors.ts';
import { asUsageError } from './options.ts';

/** A potential chosen on the command line, with the unit system its numbers are in. */
export interface ResolvedPotential {
  readonly potential: Potential;
  readonly units: UnitSystem;
  /** Masses (amu) the potential prescribes for these atoms (EAM files carry them), or undefined. */
  readonly massesFor?: (numbers: Int32Array) => Float64Array;
}

/** A resolver for one `--potential` prefix (e.g. `eam` in `eam:Cu_u3.eam`); `arg` is what follows the colon. */
export type PotentialResolver = (arg: string | undefined) => ResolvedPotential;

function numbersOf(arg: string, count: number, usage: string): number[] {
  const values = arg.split(',').map((s) => Number(s.trim()));
  if (values.length !== count || values.some((v) => !Number.isFinite(v))) throw new UsageError(`expected ${usage}, got "${arg}"`);
  return values;
}

/** The text of a `born:FILE` / `buck:FILE` pair file (UsageError when missing or unreadable). */
/** The bytes of a potential's file `arg`; a `UsageError` with `missing` when none is named, or naming `what` and the reason when it cannot be read. */
function readSpecFile(arg: string | undefined, missing: string, what: string): Buffer {
  if (arg === undefined || arg.length === 0) throw new UsageError(missing);
  try {
    return readFileSync(arg);
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${arg}: ${(error as Error).message}`);
  }
}

/**
 * `mace:FILE` or `mace:FILE:tabulate[=K]`: the model file and the number of knots of the tabulated radial MLP
 * (`MaceModel.tabulateRadial`; 0 = the exact MLP, the default; `tabulate` alone = 2,048 knots).
 */
function maceSpec(arg: string | undefined): { file: string | undefined; knots: number } {
  const m = arg === undefined ? null : /^(.*):tabulate(?:=([^:]*))?$/.exec(arg);
  if (!m) return { file: arg, knots: 0 };
  const knots = m[2] === undefined ? 2048 : Number(m[2]);
  if (!(Number.isInteger(knots) && knots >= 16 && knots <= 1 << 20))
    throw new UsageError(`mace:FILE:tabulate=K takes a whole number of knots from 16 to 1048576, got "${m[2]}"`);
  return { file: m[1], knots };
}

function readPairFile(prefix: string, arg: string | undefined): string {
  return readSpecFile(arg, `${prefix} needs a file: --potential ${prefix}:NaCl_tosi_fumi.${prefix}`, `${prefix} file`).toString('utf8');
}

/**
 * `sw`: Stillinger–Weber with the silicon parameters (LAMMPS' Si.sw), which refuses atoms of other elements (the
 * class itself applies its parameters to every atom) with a UsageError md run names with the structure's file.
 */
class SiliconStillingerWeber extends StillingerWeber {
  private checked: Int32Array | null = null;

  override compute(atoms: AtomsState, options?: ComputeOptions): PotentialResult {
    if (atoms.numbers !== this.checked) {
      const i = atoms.numbers.findIndex((z) => z !== 14);
      if (i >= 0)
        throw new UsageError(
          `sw has no parameters for element ${chemicalSymbol(atoms.numbers[i] as number)} (atom ${i}): its parameters are Si's (LAMMPS' Si.sw)`,
        );
      this.checked = atoms.numbers;
    }
    return super.compute(atoms, options);
  }
}

/**
 * The resolvers by prefix. Add one entry to support another family (the lead adds `mlip:MODEL` here).
 *
 * - `lj` — Lennard-Jones in reduced units (ε = σ = m = 1, rc = 2.5σ, LAMMPS' in.lj); times in τ, temperatures in ε/kB.
 * - `lj:EPS,SIGMA,RC` — Lennard-Jones in eV and Å (metal units; dt in fs, T in K).
 * - `eam:FILE` — LAMMPS funcfl (`.eam`) or setfl (`.eam.alloy`) file; masses from the file.
 * - `morse:D,ALPHA,R0,RC` — Morse in eV and Å.
 * - `sw` — Stillinger–Weber silicon (original parameters, LAMMPS' Si.sw); atoms of other elements are refused.
 * - `mlip:MODEL` — a model fitted with `equitensor mlip fit` (`@equitensor/mlip`'s JSON model file).
 * - `coulomb`, `coulomb:ewald`, `coulomb:direct` — point charges from the input's `charges` column
 *   (Ewald for periodic cells, direct sums for open boundaries), via `@equitensor/electrostatics`.
 * - `coulomb:pme`, `coulomb:pme:ACCURACY` — smooth particle-mesh Ewald (periodic cells; relative force accuracy,
 *   default 1e-5, real-space cutoff 10 Å).
 * - `mace:MODEL.json` or `mace:MODEL.macebin` — a MACE model (`{ config, state_dict }` JSON or its binary layout,
 *   `@equitensor/mlip`'s `loadMaceModel`); `mace:MODEL:tabulate[=K]` tabulates its radial MLPs on K knots (default
 *   2,048; ~1.3× faster, forces within ~2e-13 of the exact MLP's, which stays the default).
 * - `born:FILE`, `buck:FILE` — Born-Mayer-Huggins / Buckingham pair files, one line per element pair
 *   (`element element A ρ σ C D cutoff` / `element element A ρ C cutoff`), e.g. `born:NaCl_tosi_fumi.born+coulomb:pme`.
 */
export const potentialResolvers: Record<string, PotentialResolver> = {
  lj(arg) {
    if (arg === undefined) return { potential: new LennardJones({ epsilon: 1, sigma: 1, cutoff: 2.5 }), units: ljUnits };
    const [epsilon, sigma, cutoff] = numbersOf(arg, 3, 'lj:EPS,SIGMA,RC (eV, Å, Å)') as [number, number, number];
    return { potential: new LennardJones({ epsilon, sigma, cutoff, skin: 0.1 * cutoff }), units: metalUnits };
  },
  eam(arg) {
    const text = readSpecFile(arg, 'eam needs a file: --potential eam:Cu_u3.eam', 'EAM file').toString('utf8');
    const eam = EmbeddedAtom.fromFile(text, arg as string);
    return { potential: eam, units: metalUnits, massesFor: (numbers) => eam.massesFor(numbers) };
  },
  morse(arg) {
    const [D, alpha, r0, cutoff] = numbersOf(arg ?? '', 4, 'morse:D,ALPHA,R0,RC (eV, 1/Å, Å, Å)') as [number, number, number, number];
    return { potential: new Morse({ D, alpha, r0, cutoff }), units: metalUnits };
  },
  coulomb(arg) {
    if (arg === 'pme' || arg?.startsWith('pme:')) {
      const text = arg.slice(4);
      const accuracy = text === '' ? undefined : Number(text);
      if (accuracy !== undefined && !(accuracy > 0 && accuracy < 1)) {
        throw new UsageError(`coulomb:pme:ACCURACY takes a relative force accuracy in (0, 1), got "${text}"`);
      }
      return { potential: new CoulombPme(accuracy === undefined ? {} : { accuracy }), units: metalUnits };
    }
    if (arg !== undefined && arg !== 'ewald' && arg !== 'direct')
      throw new UsageError(`coulomb takes ewald, direct or pme[:ACCURACY], got "coulomb:${arg}"`);
    return { potential: new Coulomb({ method: arg ?? 'auto' }), units: metalUnits };
  },
  born(arg) {
    return { potential: BornMayerHuggins.fromFile(readPairFile('born', arg), { fileName: arg as string }), units: metalUnits };
  },
  buck(arg) {
    return { potential: Buckingham.fromFile(readPairFile('buck', arg), { fileName: arg as string }), units: metalUnits };
  },
  mlip(arg) {
    const text = readSpecFile(arg, 'mlip needs a model file: --potential mlip:si.mlip.json', 'model file').toString('utf8');
    try {
      return { potential: loadModel(text), units: metalUnits };
    } catch (error) {
      if (error instanceof ModelFormatError || error instanceof SyntaxError) throw new UsageError(`${arg}: ${error.message}`);
      throw error;
    }
  },
  mace(arg) {
    const { file, knots } = maceSpec(arg);
    const bytes = new Uint8Array(readSpecFile(file, 'mace needs a model file: --potential mace:model.json', 'model file'));
    // JSON or the binary layout (EQTMACE1), told apart by the loader
    const model = loadMaceModel(bytes, { fileName: file as string });
    if (knots > 0) model.tabulateRadial(knots);
    return { potential: new MacePotential(model, `mace:${arg}`), units: metalUnits };
  },
  sw(arg) {
    if (arg !== undefined && arg !== 'Si')
      throw new UsageError(`sw supports the original silicon parameters only (sw or sw:Si), got "sw:${arg}"`);
    return { potential: new SiliconStillingerWeber(SILICON_SW), units: metalUnits };
  },
};

/**
 * Turn a `--potential` string into a potential: `lj`, `lj:EPS,SIGMA,RC`, `eam:FILE`, `morse:D,ALPHA,R0,RC`, `sw`,
 * `coulomb[:ewald|:direct|:pme[:ACCURACY]]`, `born:FILE`, `buck:FILE`, or a sum of them joined by `+` (e.g.
 * `morse:0.1,1.5,2.8,8+coulomb`, `born:NaCl_tosi_fumi.born+coulomb:pme:1e-5`),
 * or any prefix registered in {@link potentialResolvers}. Throws `UsageError` for anything else.
 *
 * @example
 * ```ts
 * const { potential, units } = potentialFromSpec('eam:data/Cu_u3.eam');
 * ```
 */
export function potentialFromSpec(spec: string): ResolvedPotential {
  if (spec.includes('+')) {
    // a sum: `lj:0.01,2.5,6+coulomb`
    const parts = spec.split('+').map((part) => potentialFromSpec(part.trim()));
    const units = parts[0]?.units;
    if (parts.some((p) => p.units !== units))
      throw new UsageError(`--potential ${spec}: all terms of a sum must use the same units (reduced lj cannot be summed with eV terms)`);
    const massesFor = parts.find((p) => p.massesFor !== undefined)?.massesFor;
    // `born:FILE`/`buck:FILE` + `coulomb:pme` fuse into one CoulombPme real-space loop (as LAMMPS' born/coul/long)
    const sum = { potential: sumPotentials(parts.map((p) => p.potential)), units: units ?? metalUnits };
    return massesFor === undefined ? sum : { ...sum, massesFor };
  }
  const colon = spec.indexOf(':');
  const prefix = colon < 0 ? spec : spec.slice(0, colon);
  const arg = colon < 0 ? undefined : spec.slice(colon + 1);
  const resolver = potentialResolvers[prefix];
  if (resolver === undefined) {
    throw new UsageError(
      `unknown potential "${spec}"; expected one of: ${Object.keys(potentialResolvers)
        .map((k) => (k === 'lj' ? 'lj, lj:EPS,SIGMA,RC' : `${k}:…`))
        .join(', ')}`,
    );
  }
  return asUsageError(() => resolver(arg), `--potential ${spec}`);
}
