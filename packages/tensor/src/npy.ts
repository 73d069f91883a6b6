import { type NpyArray, npyToCOrder } from '@equitensor/io';
import { type DenseTensor, tensor } from './dense.ts';
import { type Mat, mat } from './matrix.ts';

/**
 * A parsed `.npy` array (from `parseNpy` of `@equitensor/io`) as a dense float64 tensor in C order (Fortran-ordered
 * files are reordered, float32/int32 widened). A float64 array in C order is used as it is (the tensor shares its
 * `data`, no copy); anything else costs one O(size) conversion.
 *
 * @example
 * ```ts
 * const x = tensorFromNpy(parseNpy(readFileSync('x.npy')));
 * ```
 */
export function tensorFromNpy(array: NpyArray): DenseTensor {
  const c = npyToCOrder(array);
  return tensor(c.shape, c.data instanceof Float64Array ? c.data : Float64Array.from(c.data));
}

/**
 * A parsed 2D `.npy` array as a row-major matrix; throws a RangeError naming `label` if it is not 2D.
 *
 * @example
 * ```ts
 * const u1 = matFromNpy(parseNpy(bytes), 'U1.npy'); // n × R
 * ```
 */
export function matFromNpy(array: NpyArray, label = 'array'): Mat {
  if (array.shape.length !== 2) throw new RangeError(`${label}: expected a 2D array, got shape (${array.shape.join(', ')})`);
  const t = tensorFromNpy(array);
  return mat(t.shape[0]!, t.shape[1]!, t.data);
}
