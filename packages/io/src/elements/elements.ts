import { COVALENT_RADII, JMOL_COLORS, MASSES, SYMBOLS, VDW_RADII } from './data.ts';

/**
 * Chemical symbols indexed by atomic number; index 0 is `X` (a dummy atom), as in ASE.
 *
 * @example
 * ```ts
 * chemicalSymbols[8]; // 'O'
 * ```
 */
export const chemicalSymbols: readonly string[] = SYMBOLS;

/**
 * Standard atomic weights (amu) indexed by atomic number: ASE's `ase.data.atomic_masses`
 * (IUPAC 2016; the mass number of the most stable isotope for elements without a standard weight).
 *
 * @example
 * ```ts
 * atomicMasses[1]; // 1.008
 * ```
 */
export const atomicMasses: Readonly<Float64Array> = MASSES;

/**
 * Covalent radii (Å) indexed by atomic number: ASE's `ase.data.covalent_radii`
 * (Cordero et al., Dalton Trans. 2008, 2832; 0.2 where missing).
 *
 * @example
 * ```ts
 * covalentRadii[6]; // 0.76
 * ```
 */
export const covalentRadii: Readonly<Float64Array> = COVALENT_RADII;

/**
 * Van der Waals radii (Å) indexed by atomic number: ASE's `ase.data.vdw_radii`
 * (Bondi 1964 with Mantina et al. 2009 additions); `NaN` where no value is tabulated.
 *
 * @example
 * ```ts
 * vdwRadii[7]; // 1.55
 * ```
 */
export const vdwRadii: Readonly<Float64Array> = VDW_RADII;

/**
 * Jmol (CPK-like) colours as RGB triples in [0, 1], flat: element Z occupies entries 3Z…3Z+2.
 * Values are ASE's `ase.data.colors.jmol_colors`; elements beyond its table get Jmol's
 * "unknown" pink. Use {@link jmolColor} for one element.
 *
 * @example
 * ```ts
 * jmolColors.subarray(3 * 8, 3 * 8 + 3); // oxygen: [1, 0.051, 0.051]
 * ```
 */
export const jmolColors: Readonly<Float64Array> = JMOL_COLORS;

const symbolToNumber = new Map<string, number>(SYMBOLS.map((symbol, z) => [symbol, z]));

/**
 * The atomic number of a chemical symbol (exact case, as written in files: `Na`, not `NA`),
 * or `undefined` for something that is not an element symbol. `X` is 0.
 *
 * @example
 * ```ts
 * atomicNumber('Cl'); // 17
 * atomicNumber('Xx'); // undefined
 * ```
 */
export function atomicNumber(symbol: string): number | undefined {
  return symbolToNumber.get(symbol);
}

/**
 * The atomic number of a symbol written in any case (`NA`, `na`, `Na` → 11), as PDB and LAMMPS
 * files often write them; `undefined` when it is not an element.
 *
 * @example
 * ```ts
 * atomicNumberAnyCase('CL'); // 17
 * ```
 */
export function atomicNumberAnyCase(symbol: string): number | undefined {
  if (symbol.length === 0 || symbol.length > 2) return undefined;
  const normal = symbol[0]!.toUpperCase() + symbol.slice(1).toLowerCase();
  return symbolToNumber.get(normal);
}

/**
 * The chemical symbol of an atomic number (`X` for 0); throws a RangeError outside 0…118.
 *
 * @example
 * ```ts
 * chemicalSymbol(26); // 'Fe'
 * ```
 */
export function chemicalSymbol(z: number): string {
  const symbol = SYMBOLS[z];
  if (symbol === undefined || !Number.isInteger(z))
    throw new RangeError(`atomic number must be an integer in 0…${SYMBOLS.length - 1}, got ${z}`);
  return symbol;
}

/**
 * The Jmol colour of element `z` as `[r, g, b]` in [0, 1].
 *
 * @example
 * ```ts
 * jmolColor(6); // [0.565, 0.565, 0.565]
 * ```
 */
export function jmolColor(z: number): [number, number, number] {
  chemicalSymbol(z);
  return [JMOL_COLORS[3 * z]!, JMOL_COLORS[3 * z + 1]!, JMOL_COLORS[3 * z + 2]!];
}

/**
 * Masses (amu) of each atom of a numbers array, from {@link atomicMasses}.
 *
 * @example
 * ```ts
 * massesOf(new Int32Array([8, 1, 1])); // Float64Array [15.999, 1.008, 1.008]
 * ```
 */
export function massesOf(numbers: Int32Array): Float64Array {
  const out = new Float64Array(numbers.length);
  for (let i = 0; i < numbers.length; i++) out[i] = MASSES[chemicalSymbolIndex(numbers[i]!)]!;
  return out;
}

function chemicalSymbolIndex(z: number): number {
  chemicalSymbol(z);
  return z;
}
