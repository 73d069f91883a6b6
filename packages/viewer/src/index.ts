export { type AtomPrimitive, chooseAtomPrimitive, largestSpriteDiameter, type SpriteView } from './atoms/atom-primitive.ts';
export { type BondOptions, detectBonds, withoutIonicBonds } from './atoms/bonds.ts';
export { cellEdges, imageCount, type PeriodicDisplay, writeDisplayPositions } from './atoms/display-positions.ts';
export { covalentRadius, elementColors, elementRadii, symbolOf, vdwRadius } from './atoms/element-style.ts';
export { pickSphere, type SphereHit } from './atoms/picking.ts';
export { REPRESENTATIONS, type Representation, type RepresentationSizes, representationSizes } from './atoms/representation.ts';
export { atomCharges, type BioColumns, bioColumns } from './bio/bio-columns.ts';
export { type CartoonOptions, type ColoredMesh, cartoonMesh, chainSegments, SECONDARY_STRUCTURE_COLORS } from './bio/cartoon.ts';
export {
  availableSchemes,
  CHAIN_PALETTE,
  COLOR_SCHEMES,
  type ColorScheme,
  dimUnselected,
  residueColor,
  schemeColors,
} from './bio/color-schemes.ts';
export { formatMeasurement, type Measurement, measure } from './bio/measure.ts';
export {
  meshArea,
  molecularSurface,
  type SurfaceField,
  type SurfaceKind,
  type SurfaceOptions,
  surfaceField,
} from './bio/molecular-surface.ts';
export {
  computeSecondaryStructure,
  type Residue,
  recordedSecondaryStructure,
  residuesOf,
  type SecondaryStructure,
} from './bio/secondary-structure.ts';
export { parseSelection, SelectionError, selectAtoms } from './bio/selection.ts';
export { potentialColors, type SurfaceDisplay, SurfaceLayer } from './bio/surface-layer.ts';
export { type SurfacePotentialOptions, surfacePotential } from './bio/surface-potential.ts';
export { colorizeDiverging, coolWarm, type Rgb, symmetricLimit, symmetricUnit } from './colormap.ts';
export { createColorBar } from './field/color-bar.ts';
export { type Axis, type FieldDisplay, FieldLayer } from './field/field-layer.ts';
export { type IsoMesh, marchingCubes } from './field/marching-cubes.ts';
export { type ScalarGrid, sampleGrid, validateGrid } from './field/scalar-grid.ts';
export { type PlayerOptions, TrajectoryPlayer } from './player.ts';
export {
  type FrameUpdate,
  formatPickInfo,
  type MeasuredAtom,
  MoleculeViewer,
  type PickInfo,
  type RendererKind,
  type ViewerOptions,
} from './viewer.ts';
export { WebGpuUnavailableError } from './webgpu-rendering.ts';
