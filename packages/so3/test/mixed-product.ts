/** A hand-made tensor product with every connection mode, weighted and weightless paths sharing outputs (tests only). */
import type { InstructionSpec } from '../src/tensor-product/instructions.ts';

/**
 * Seven paths into four outputs, every mode, one explicit path weight (0.7) and an object-form spec:
 *   out 0 (3x1o): I0 0e⊗1o uvw (num_elements 2·2 = 4), I1 1o⊗0e uvu (m2 = 2), path weight 0.7
 *   out 1 (2x0e): I2 1o⊗1o uvv (m1 = 3), I3 0e⊗0e uuw (m1 = 2)
 *   out 2 (2x0e): I4 0e⊗0e uuu (1), I5 1o⊗1o uvv without weights (m1 = 3)
 *   out 3 (4x1o): I6 0e⊗1o uvuv without weights (1)
 */
export const MIXED_IRREPS = ['2x0e+3x1o', '2x0e+2x1o', '3x1o+2x0e+2x0e+4x1o'] as const;
export const MIXED_SPECS: InstructionSpec[] = [
  [0, 1, 0, 'uvw', true],
  [1, 0, 0, 'uvu', true, 0.7],
  { i1: 1, i2: 1, iOut: 1, mode: 'uvv', hasWeight: true },
  [0, 0, 1, 'uuw', true],
  { i1: 0, i2: 0, iOut: 2, mode: 'uuu', hasWeight: true, pathWeight: 1 },
  [1, 1, 2, 'uvv', false],
  [0, 1, 3, 'uvuv', false],
];
