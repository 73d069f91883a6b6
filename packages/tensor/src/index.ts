// Chebyshev interpolation and the ChebTucker format: every export of the two modules
export * from './chebtucker.ts';
export * from './chebyshev.ts';
export { choleskyInPlace, choleskySolveInPlace } from './cholesky.ts';
export { cpToTt, cpToTucker, denseToTt, tuckerToCp, tuckerToTt } from './convert.ts';
export { type CpTensor, cp, cpAt, cpInner, cpNorm, cpNormalize, cpRank, cpRelativeError, cpShape, cpToDense, khatriRaoRows } from './cp.ts';
export { type CpAlsOptions, type CpAlsResult, cpAls, mttkrp } from './cp-als.ts';
export {
  assertSameShape,
  contract,
  type DenseTensor,
  fold,
  frobeniusNorm,
  innerProduct,
  modeProduct,
  multiModeProduct,
  permute,
  relativeDistance,
  reshape,
  sizeOf,
  stridesOf,
  tensor,
  tensorAt,
  tensorFromFunction,
  unfold,
  unfoldingGram,
} from './dense.ts';
export { dotTile4x4 } from './dot-tile.ts';
export { dct1, fft, fft2, fftAxis, fftn, fftStrided } from './fft.ts';
export { FftPlan, isSmooth, nextSmooth } from './fft-plan.ts';
export { type HooiOptions, type HooiResult, type HosvdResult, hooi, hosvd, type TuckerRankOptions } from './hosvd.ts';
export {
  columnSlice,
  firstColumns,
  identity,
  type Mat,
  mat,
  matFromRows,
  matmul,
  matNorm,
  norm2,
  qr,
  smallSvd,
  transpose,
} from './matrix.ts';
export { MeshFft, RealMeshFft } from './mesh-fft.ts';
export { matFromNpy, tensorFromNpy } from './npy.ts';
export { type QrBlockedOptions, qrBlocked, qrBlockedR } from './qr-blocked.ts';
export { Random, rotationFromNormals } from './random.ts';
export { type RandomizedOptions, randomizedRange, randomizedSvd } from './randomized.ts';
export { type RhosvdOptions, type RhosvdResult, rhosvd } from './rhosvd.ts';
export {
  type SparseCpAlsOptions,
  type SparseCpAlsResult,
  type SparseTensor3,
  sparseCpAls,
  sparseCpRelativeError,
} from './sparse-cp-als.ts';
export { cellCentres, cubicSplineColumns } from './spline.ts';
export { defaultSvdMethod, leftSingular, modeSingular, rankForTolerance, type SvdMethod } from './svd.ts';
export { type SymmetricEigenResult, symmetricEigen } from './symmetric-eigen.ts';
export { type TtOptions, type TtResult, type TtTensor, ttAt, ttInner, ttNorm, ttRanks, ttRound, ttShape, ttSvd, ttToDense } from './tt.ts';
export { type TuckerTensor, tucker, tuckerAt, tuckerInner, tuckerNorm, tuckerRanks, tuckerShape, tuckerToDense } from './tucker.ts';
export {
  evenRanges,
  type PoolBuffer,
  type PoolKernel,
  WebWorkerPool,
  type WebWorkerPoolOptions,
  type WorkerPool,
  weightedRanges,
} from './worker-pool/index.ts';
