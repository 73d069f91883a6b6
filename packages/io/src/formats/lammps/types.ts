import { atomicMasses, atomicNumber, chemicalSymbols } from '../../elements/elements.ts';
import type { ParseOptions } from '../../errors.ts';
import type { Structure } from '../../structure.ts';

/** Options shared by the LAMMPS readers (`fileName` and `lineOffset` as every text parser). */
export interface LammpsReadOptions extends ParseOptions {
  /** Chemical symbol of each atom type (index 0 = type 1); overrides masses and comments. */
  typeSymbols?: readonly string[];
}

/** The element whose standard mass is nearest (within 0.1 amu) to a mass, or 0. @internal */
export function elementFromMass(mass: number): number {
  let best = 0;
  let bestDiff = 0.1;
  for (let z = 1; z < atomicMasses.length; z++) {
    const d = Math.abs(atomicMasses[z]! - mass);
    if (d < bestDiff) {
      bestDiff = d;
      best = z;
    }
  }
  return best;
}

/**
 * Atom types for writing: the `types` array when present, else one type per element in order of first
 * appearance. Returns per-atom types, the mass and symbol of each type.
 * @internal
 */
export function typesOf(s: Structure): { types: Int32Array; masses: number[]; symbols: string[] } {
  const n = s.numbers.length;
  const given = s.arrays.types;
  const types = new Int32Array(n);
  const masses: number[] = [];
  const symbols: string[] = [];
  if (given !== undefined && given.type === 'I' && given.width === 1) {
    types.set(given.data);
    let count = 0;
    for (const t of given.data) if (t > count) count = t; // a loop: spreading 10⁵ values into Math.max overflows the stack
    const typeMasses = Array.isArray(s.info.typeMasses) ? (s.info.typeMasses as number[]) : [];
    for (let t = 1; t <= count; t++) {
      const atom = given.data.indexOf(t);
      const z = atom >= 0 ? s.numbers[atom]! : 0;
      symbols.push(chemicalSymbols[z] ?? 'X');
      masses.push(typeof typeMasses[t - 1] === 'number' ? typeMasses[t - 1]! : z > 0 ? atomicMasses[z]! : 1);
    }
    for (let i = 0; i < n; i++) if (types[i]! < 1) throw new RangeError(`atom ${i} has type ${types[i]}; LAMMPS types start at 1`);
    return { types, masses, symbols };
  }
  const typeOfZ = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const z = s.numbers[i]!;
    let t = typeOfZ.get(z);
    if (t === undefined) {
      t = typeOfZ.size + 1;
      typeOfZ.set(z, t);
      symbols.push(chemicalSymbols[z] ?? 'X');
      masses.push(z > 0 ? atomicMasses[z]! : 1);
    }
    types[i] = t;
  }
  return { types, masses, symbols };
}

/**
 * Throw a RangeError naming the option when `typeSymbols` holds something that is not a chemical symbol.
 * @internal
 */
export function checkTypeSymbols(options: LammpsReadOptions): void {
  const symbols = options.typeSymbols;
  if (symbols === undefined) return;
  symbols.forEach((symbol, k) => {
    if (atomicNumber(symbol) === undefined) throw new RangeError(`typeSymbols[${k}] = "${symbol}" is not a chemical symbol`);
  });
}

/** Atomic numbers of types from explicit symbols, `# Cu` comments in Masses, or masses. @internal */
export function numbersOfTypes(
  count: number,
  options: LammpsReadOptions,
  masses: Map<number, { mass: number; comment: string }>,
): number[] {
  const out: number[] = [];
  for (let t = 1; t <= count; t++) {
    const explicit = options.typeSymbols?.[t - 1];
    if (explicit !== undefined) {
      const z = atomicNumber(explicit);
      if (z === undefined) throw new RangeError(`typeSymbols[${t - 1}] = "${explicit}" is not a chemical symbol`);
      out.push(z);
      continue;
    }
    const m = masses.get(t);
    const fromComment = m === undefined ? undefined : atomicNumber(m.comment.split(/\s+/)[0] ?? '');
    out.push(fromComment ?? (m === undefined ? 0 : elementFromMass(m.mass)));
  }
  return out;
}
