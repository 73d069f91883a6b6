// the periodic table: every export of elements.ts (symbols, masses, radii, Jmol colours and their look-ups)
export * from './elements/elements.ts';
export type { ParseOptions } from './errors.ts';
export { ParseError } from './errors.ts';
export type { ChunkedFormat } from './formats/chunked.ts';
export { ChunkedFrameReader, chunkedFormats, isChunkedFormat } from './formats/chunked.ts';
export type { CifOptions } from './formats/cif/cif.ts';
export { formatCif, parseCif } from './formats/cif/cif.ts';
export { formatExtxyz } from './formats/extxyz/format.ts';
export { parseExtxyz } from './formats/extxyz/parse.ts';
export type { LammpsAtomStyle, LammpsDataOptions, LammpsDataWriteOptions } from './formats/lammps/data.ts';
export { formatLammpsData, parseLammpsData } from './formats/lammps/data.ts';
export { formatLammpsDump, parseLammpsDump } from './formats/lammps/dump.ts';
export type { LammpsReadOptions } from './formats/lammps/types.ts';
export type { NpyArray, NpyDtype, NpyInput } from './formats/npy/npy.ts';
export { formatNpy, npyToCOrder, parseNpy } from './formats/npy/npy.ts';
export { formatPdb, parsePdb } from './formats/pdb/pdb.ts';
export { formatPqr, parsePqr } from './formats/pdb/pqr.ts';
export { BIO_ARRAYS } from './formats/pdb/residues.ts';
export type { StructureFormat, StructureParseOptions } from './formats/registry.ts';
export {
  formatFromPath,
  formatStructures,
  parseStructures,
  resolveFormat,
  structureFileExtensions,
  structureFormats,
} from './formats/registry.ts';
export type { StructureInit } from './structure/build.ts';
export { center, cloneAtomArray, cloneStructure, createStructure, repeat } from './structure/build.ts';
export type { CellParameters } from './structure/cell.ts';
export { cellFromParameters, cellLengths, cellParameters, determinant3, invertCell, volume } from './structure/cell.ts';
export { type CellGeometry, cellGeometry, type Matrix3Entries, matrix3Entries, planeSpacings } from './structure/cell-geometry.ts';
export { cartesianToFractional, fractionalToCartesian, wrapPositions } from './structure/fractional.ts';
export { supercell } from './structure/supercell.ts';
export type { AtomArray, InfoValue, Structure } from './structure.ts';
export type { Units } from './units.ts';
export { COULOMB_CONSTANT, units } from './units.ts';
