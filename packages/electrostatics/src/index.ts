export { type CellGeometry, cellGeometry } from '@equitensor/io';
export { type DirectOptions, directCoulomb, directPotentialAtPoints, directPotentialOnGrid } from './direct.ts';
export { type EwaldOptions, type EwaldResult, ewaldCoulomb } from './ewald/ewald.ts';
export { type EwaldParameterOptions, type EwaldParameters, ewaldParameters } from './ewald/parameters.ts';
export {
  type EwaldGridSpec,
  type EwaldPotentialGrid,
  type EwaldPotentialOptions,
  ewaldPotentialAt,
  ewaldPotentialOnGrid,
  ewaldSitePotentials,
  type PeriodicCharges,
} from './ewald/potential.ts';
export { type EwaldStructureFactors, ewaldStructureFactors } from './ewald/structure-factor.ts';
export { type PotentialField, potentialField } from './field.ts';
export { gridSize, type TensorGrid, uniformGrid } from './grid.ts';
export { FreeSpaceMesh, type FreeSpaceMeshTimings } from './mesh/free-space-mesh.ts';
export { type MeshCoulombOptions, type MeshCoulombResult, meshCoulomb } from './mesh/mesh-coulomb.ts';
export { type MeshCoulombParameterOptions, type MeshCoulombParameters, meshCoulombParameters } from './mesh/parameters.ts';
export { MeshCoulombPlan } from './mesh/plan.ts';
export { bsplineModuli, bsplineWeights, cardinalBspline, MAX_ORDER as PME_MAX_ORDER, MIN_ORDER as PME_MIN_ORDER } from './pme/bspline.ts';
export { ErfcTable } from './pme/erfc-table.ts';
export { type PmeInfluence, pmeMeshError } from './pme/mesh-error.ts';
export {
  meshError,
  type PmeErrorEstimate,
  type PmeParameterOptions,
  type PmeParameters,
  pmeParameters,
  realSpaceError,
} from './pme/parameters.ts';
export { type PmeOptions, type PmeResult, pmeCoulomb } from './pme/pme.ts';
export { PmeReciprocal, type PmeReciprocalResult, type PmeTimings } from './pme/reciprocal.ts';
export {
  type ChargedAtoms,
  type CoulombPotentialOptions,
  type CoulombPotentialResult,
  DirectCoulombPotential,
  EwaldPotential,
  RangeSeparatedPotential,
} from './potentials.ts';
export { evaluateLongRange, type LongRangeTucker, longRangeTucker, type NodeGrid, projectedLongRange } from './rs/long-range.ts';
export { RangeSeparatedModel, type RangeSeparatedOptions, type RangeSeparatedResult, rangeSeparatedCoulomb } from './rs/range-separated.ts';
export { compressCanonical, type NewtonReferenceOptions, type NewtonReferenceTensor, newtonReferenceTensor } from './rs/reference.ts';
export { interpolatedSelfKernel } from './rs/self-term.ts';
export { addShortRangeOnGrid } from './rs/short-range-grid.ts';
export { gaussianSum, type SincQuadrature, type SincQuadratureOptions, sincQuadrature, sincTerms } from './rs/sinc.ts';
export { longKernel, type RangeSplit, ShortRangeTable, shortKernel, splitQuadrature } from './rs/split.ts';
export { erf, erfc, gaussianIntegral } from './special.ts';
export { type CoulombOptions, type CoulombResult, checkCharges } from './system.ts';
