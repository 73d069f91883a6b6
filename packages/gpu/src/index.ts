export { fftRadices, GPU_FFT_MAX_LENGTH, GpuMeshFft, meshFftKernel } from './electrostatics/fft-kernels.ts';
export type { GpuCoulombPmeOptions } from './electrostatics/pme-potential.ts';
export { createGpuCoulombPme, GpuPmeForceField } from './electrostatics/pme-potential.ts';
export { GpuRangeSeparatedField } from './electrostatics/rs-field.ts';
export { RS_MAX_RANK } from './electrostatics/rs-kernels.ts';
export { GpuCellList } from './md/cell-list.ts';
export type { WebgpuBackendOptions } from './md/dynamics.ts';
export { deviceForceFieldFor, webgpuBackend } from './md/dynamics.ts';
export { createGpuEam, GpuEamForceField } from './md/eam-potential.ts';
export type { DeviceForceField } from './md/force-field.ts';
export { evaluateForceField, packPositions, reducePerAtom } from './md/force-field.ts';
export type { GridGeometry } from './md/grid-geometry.ts';
export { gridGeometry } from './md/grid-geometry.ts';
export type { CpuContinuation, GpuIntegrator, GpuMdOptions, MdSnapshot } from './md/md-runner.ts';
export { GpuMdRunner } from './md/md-runner.ts';
export type { GpuLennardJonesOptions, GpuMorseOptions } from './md/pair-potential.ts';
export { createGpuLennardJones, createGpuMorse, GpuPairForceField } from './md/pair-potential.ts';
export type { GpuContractionTable } from './mlip/mace.ts';
export { GpuMaceContraction, GpuMaceConvolution, maceContractionKernel, maceConvolutionKernel } from './mlip/mace.ts';
export type { BackendName, ChosenBackend } from './runtime/backend.ts';
export { chooseBackend } from './runtime/backend.ts';
export { BufferSet } from './runtime/buffers.ts';
export { BufferUsage, MapMode } from './runtime/constants.ts';
export type { AdapterReport, RequestGpuOptions } from './runtime/device.ts';
export { describeAdapter, GpuContext, requestGpu } from './runtime/device.ts';
export { encodeDispatches, runDispatches } from './runtime/dispatch.ts';
export { isBrowserLike } from './runtime/environment.ts';
export { DeviceLostError, GpuParameterError, NoAdapterError } from './runtime/errors.ts';
export type { BindingKind, DispatchPlan, Kernel, KernelSource } from './runtime/kernel.ts';
export { defineKernel, LINEAR_INDEX_WGSL, linearWorkgroups } from './runtime/kernel.ts';
export { cachedPipelineCount, checkKernel, getPipeline } from './runtime/pipelines.ts';
export type { PassTiming } from './runtime/profiler.ts';
export { TimestampProfiler } from './runtime/profiler.ts';
export { SerialQueue } from './runtime/serial.ts';
export type { SparseBilinear } from './so3/sparse-coupling.ts';
export { compileTensorProduct } from './so3/sparse-coupling.ts';
export { GPU_SH_MAX_DEGREE, GpuSphericalHarmonics, sphericalHarmonicsKernel } from './so3/spherical-harmonics.ts';
export type { GpuTensorProduct } from './so3/tensor-product.ts';
export {
  GpuGridTensorProduct,
  GpuSparseTensorProduct,
  gridProductKernel,
  gridProjectKernel,
  sparseTensorProductKernel,
} from './so3/tensor-product.ts';
