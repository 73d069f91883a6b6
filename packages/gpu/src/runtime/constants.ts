/**
 * WebGPU's numeric flags, spelled out so that the package does not depend on the `GPUBufferUsage`
 * and `GPUMapMode` globals (Dawn for Node does not install them unless asked).
 *
 * @example
 * ```ts
 * device.createBuffer({ size: 64, usage: BufferUsage.STORAGE | BufferUsage.COPY_DST });
 * ```
 */
export const BufferUsage = {
  MAP_READ: 0x0001,
  MAP_WRITE: 0x0002,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  INDEX: 0x0010,
  VERTEX: 0x0020,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
  INDIRECT: 0x0100,
  QUERY_RESOLVE: 0x0200,
} as const;

/**
 * `GPUMapMode` values.
 *
 * @example
 * ```ts
 * await staging.mapAsync(MapMode.READ);
 * ```
 */
export const MapMode = { READ: 0x0001, WRITE: 0x0002 } as const;

/** `GPUShaderStage.COMPUTE`. */
export const SHADER_STAGE_COMPUTE = 0x4;
