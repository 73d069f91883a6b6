export { su2ClebschGordan } from './clebsch-gordan.ts';
export { assertEquivariant, type EquivarianceOptions, type EquivarianceReport, randomRotation } from './equivariance.ts';
export { gaunt, gauntFactor } from './gaunt.ts';
export { Irrep, Irreps, type IrrepsLike, IrrepsParseError, type MulIr, type Slice } from './irreps.ts';
export { irrepsD, rotateFeatures } from './irreps-rotation.ts';
export { allParitiesTensorProduct } from './kinds/all-parities.ts';
export { couplingTensor, type SparseCouplingTensor } from './kinds/cg-kind.ts';
export { resolveCpRank } from './kinds/cp-kind.ts';
export { createKindTensorProduct, settingDegrees } from './kinds/create.ts';
export {
  createTripleProduct,
  type SparsePath,
  sparsify,
  type TripleLayout,
  type TripleProduct,
  type TripleProductOptions,
} from './kinds/triple-product.ts';
export {
  type CpRank,
  type KindCoupling,
  type KindTensorProduct,
  type KindTensorProductOptions,
  TENSOR_PRODUCT_KINDS,
  type TensorProductKind,
} from './kinds/types.ts';
export { gaussLegendre, type SphereGrid, sphereGrid } from './quadrature.ts';
export { anglesToMatrix, det3, matMul, matrixToAngles, matrixX, matrixY, matrixZ, transpose, xyzToAngles } from './rotation.ts';
export {
  harmonicRecurrence,
  type Recurrence,
  type ShNormalization,
  type ShResult,
  sphericalHarmonics,
  sphericalHarmonicsWithGradient,
} from './spherical-harmonics.ts';
export type {
  ConnectionMode,
  Instruction,
  InstructionSpec,
  IrrepNormalization,
  NormalizationOptions,
  PathNormalization,
} from './tensor-product/instructions.ts';
export { Linear, type LinearPath } from './tensor-product/linear.ts';
export { forwardPoolSource } from './tensor-product/pool.ts';
export { ElementwiseTensorProduct, FullTensorProduct, FullyConnectedTensorProduct } from './tensor-product/presets.ts';
export {
  type FloatArray,
  TensorProduct,
  type TensorProductForwardOptions,
  type TensorProductGradients,
  type TensorProductOptions,
} from './tensor-product/tensor-product.ts';
export { isTriangle, type SparseCoupling, wigner3j, wigner3jSparse } from './wigner-3j.ts';
export { wignerD, wignerDFromMatrix, wignerSmallD } from './wigner-d.ts';
