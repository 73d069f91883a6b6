export { choleskyInPlace, choleskySolveInPlace } from '@equitensor/tensor';
export { ACE_POOL_KINDS, AcePool } from './ace-pool.ts';
export { ACE_POOL_KERNEL } from './ace-pool-kernel.ts';
export type { AceBasisSpec, FeatureList } from './basis.ts';
export { enumerateFeatures, FACTOR_SLOTS } from './basis.ts';
export { ColumnBudgetError } from './column-budget-error.ts';
export type { TensorProductKind, TripleCoupling } from './coupling.ts';
export { createCoupling, SH_NORMALIZATION, TENSOR_PRODUCT_KINDS } from './coupling.ts';
export type { LabelKeys, LabelledConfig } from './dataset.ts';
export { checkEnergyLabels, LabelError, labelledConfigs, MissingEnergyError } from './dataset.ts';
export type { DescriptorEvaluation, DesignBlock } from './descriptor.ts';
export { AceDescriptor } from './descriptor.ts';
export { SharedArena, SharedDesignRows } from './design-pool.ts';
export { DESIGN_POOL_KERNEL } from './design-pool-kernel.ts';
export type { DesignRows } from './design-rows.ts';
export { designScale, gramTimes, weightedRowTimes } from './design-rows.ts';
export {
  elementColumnSelection,
  expandColumns,
  formatElementDegrees,
  parseElementDegrees,
  selectColumns,
  unionDegrees,
} from './element-degrees.ts';
export type { Comparison, ErrorReport, ErrorStats } from './errors-report.ts';
export { errorReport } from './errors-report.ts';
export type { ExtrapolationGrades } from './extrapolation.ts';
export { atomEnergySpreads, extrapolationGrades, gradeReference, withGradeReference } from './extrapolation.ts';
export type { FitDesign, FitOptions, FitResult, PrepareOptions, RowWeights, SolveOptions } from './fit.ts';
export { defaultCutoff, EIGEN_PATH_MAX_COLUMNS, fitPotential, prepareFit, smoothnessScale, solveFit } from './fit.ts';
export type { EstimateOptions, FitEstimate } from './fit-estimate.ts';
export { describeEstimate, estimateFit, FIT_COST, FitTooLargeError } from './fit-estimate.ts';
export type { KrylovOptions } from './krylov-ridge.ts';
export { KRYLOV_CHECK_STEPS, KRYLOV_MAX_ITERATIONS, KRYLOV_TOLERANCE, LanczosRidge } from './krylov-ridge.ts';
export type { FeatureLayout } from './layout.ts';
export { buildLayout } from './layout.ts';
export type { RidgePath } from './lsq.ts';
export { logGrid, NormalEquations, RIDGE_FLOOR, ridgePath, ridgeSolve } from './lsq.ts';
export {
  isMaceBinary,
  MACE_BINARY_MAGIC,
  type MaceBinaryDType,
  type MaceModelContent,
  readMaceBinary,
  writeMaceBinary,
} from './mace/binary.ts';
export type { MaceConfig, MaceInteractionKind } from './mace/config.ts';
export { MACE_INTERACTIONS, parseMaceConfig } from './mace/config.ts';
export { EdgeConvolution } from './mace/conv.ts';
export { MaceModelError } from './mace/errors.ts';
export { InteractionBlock } from './mace/interaction.ts';
export { loadMaceModel } from './mace/loader.ts';
export type { MaceEvaluateOptions, MaceEvaluation, MaceGraph } from './mace/model.ts';
export { MaceModel, MacePotential } from './mace/model.ts';
export { mt19937, normalizedSiluConstant, secondMomentConstant, torchRandnFloat64 } from './mace/normalize-activation.ts';
export { MacePool } from './mace/pool.ts';
export { macePoolKernel } from './mace/pool-kernel.ts';
export { StateDict, type StateDictEntry } from './mace/state-dict.ts';
export { type ContractionTable, SymmetricContraction } from './mace/symmetric-contraction.ts';
export type { CommitteeJson, MlipModelJson } from './model.ts';
export { loadModel, MlipPotential, MODEL_FORMAT, MODEL_VERSION, ModelFormatError } from './model.ts';
export type { NeighborData } from './neighbor-data.ts';
export { neighborData } from './neighbor-data.ts';
export type { ParityPlotOptions } from './parity-plot.ts';
export { MAX_FORCE_POINTS, niceAxis, paritySvg } from './parity-plot.ts';
export { QuadrupleCoupling } from './quadruple.ts';
export type { RadialBasisSpec } from './radial.ts';
export { RadialBasis } from './radial.ts';
export { CholeskyRidge, PCG_DECADES, PCG_TOLERANCE, patternSearch, type RidgeOperator } from './ridge-cholesky.ts';
export type { CandidateOutcome, SelectOptions, WeightSelection } from './select.ts';
export { selectionScore, selectWeights, WEIGHT_CANDIDATES } from './select.ts';
export type { DataSize, SizedBasis, SizingOptions } from './sizing.ts';
export {
  DEFAULT_MAX_COLUMNS,
  dataSize,
  ELEMENT_SHARE_EXPONENT,
  ROWS_PER_COLUMN,
  SIZING_CEILING,
  SIZING_CEILING_LARGE,
  sizeBasis,
} from './sizing.ts';
export type { SketchOptions } from './sketch-ridge.ts';
export { SKETCH_FACTOR, SKETCH_NONZEROS, sketchRidge } from './sketch-ridge.ts';
export type { Committee, CommitteeModel, CommitteeOptions, CommitteePrediction } from './uncertainty.ts';
export { committeePredict, coverage, EXACT_TRACE_MAX_COLUMNS, heldOutNoise, posteriorCommittee, TRACE_PROBES } from './uncertainty.ts';
