/** The factory behind the one interface of the four tensor-product kinds. */
import { cgKindTensorProduct } from './cg-kind.ts';
import { cpKindTensorProduct } from './cp-kind.ts';
import { gauntFourierKindTensorProduct } from './gaunt-fourier-kind.ts';
import { gridKindTensorProduct } from './grid-kind.ts';
import { type KindTensorProduct, type KindTensorProductOptions, TENSOR_PRODUCT_KINDS, type TensorProductKind } from './types.ts';

/**
 * Build a channel-wise tensor product of the given kind. With the default `'gaunt'` coupling all four
 * kinds compute the same bilinear map (kind 4 up to its CP fit error).
 *
 * @example
 * ```ts
 * const opts = { ls1: [0, 1, 2], ls2: [0, 1, 2], lsOut: [0, 1, 2, 3, 4] };
 * const grid = createKindTensorProduct('grid', opts);
 * const cg = createKindTensorProduct('cg', opts);
 * // grid.apply(x1, x2) ≈ cg.apply(x1, x2) to 1e-12
 * ```
 */
export function createKindTensorProduct(kind: TensorProductKind, options: KindTensorProductOptions): KindTensorProduct {
  switch (kind) {
    case 'cg':
      return cgKindTensorProduct(options);
    case 'gaunt':
      return gauntFourierKindTensorProduct(options);
    case 'grid':
      return gridKindTensorProduct(options);
    case 'cp':
      return cpKindTensorProduct(options);
    default:
      throw new RangeError(`unknown tensor product kind '${String(kind)}' (expected ${TENSOR_PRODUCT_KINDS.join(', ')})`);
  }
}

/**
 * Degree lists of PriceofFreedom's settings: SISO (l = L in, l = L out), SIMO (l = L in, 0…2L out),
 * MIMO (0…L in, 0…2L out).
 *
 * @example
 * ```ts
 * settingDegrees('mimo', 2); // { ls1: [0,1,2], ls2: [0,1,2], lsOut: [0,1,2,3,4] }
 * ```
 */
export function settingDegrees(setting: 'siso' | 'simo' | 'mimo', L: number): { ls1: number[]; ls2: number[]; lsOut: number[] } {
  const range = (n: number): number[] => Array.from({ length: n + 1 }, (_, i) => i);
  if (setting === 'siso') return { ls1: [L], ls2: [L], lsOut: [L] };
  if (setting === 'simo') return { ls1: [L], ls2: [L], lsOut: range(2 * L) };
  return { ls1: range(L), ls2: range(L), lsOut: range(2 * L) };
}
