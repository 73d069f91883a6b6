/**
 * Pulls the WebGPU type declarations (`@webgpu/types`, a dependency of the `webgpu` package) into
 * the program. Type-only: nothing is imported at run time, so browser bundles never see Dawn.
 */
import type {} from 'webgpu';
