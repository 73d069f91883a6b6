/**
 * The tensor-product cases of e3nn 0.5.6 run in float64 (../shared/data/e3nn/e3nn_tensor_products.json and
 * e3nn_tensor_products_modes.json: seeded weights and inputs, batch 3), and the TensorProduct that reproduces each
 * one from its instructions (shared by the forward, backward and option tests).
 */
import { readFixtureJson } from '@equitensor/testing';
import { expect } from 'vitest';
import type { ConnectionMode, InstructionSpec, IrrepNormalization, PathNormalization } from '../src/tensor-product/instructions.ts';
import { TensorProduct, type TensorProductOptions } from '../src/tensor-product/tensor-product.ts';

/** One e3nn tensor product: its instructions as e3nn resolved them, the weights, inputs and outputs. */
export interface ProductCase {
  kind: string;
  irreps_in1: string;
  irreps_in2: string;
  irreps_out: string;
  irrep_normalization?: IrrepNormalization;
  path_normalization?: PathNormalization;
  instructions: {
    i_in1: number;
    i_in2: number;
    i_out: number;
    mode: ConnectionMode;
    has_weight: boolean;
    path_weight: number;
    path_shape: number[];
  }[];
  weight_numel: number;
  weights: number[];
  x1: number[][];
  x2: number[][];
  out: number[][];
}

/** e3nn's `o3.Linear` case of the modes file. */
export interface LinearCase {
  kind: 'Linear';
  irreps_in: string;
  irreps_out: string;
  instructions: { i_in: number; i_out: number; path_shape: number[]; path_weight: number }[];
  weight_numel: number;
  weights: number[];
  x: number[][];
  out: number[][];
}

/** A fixture file: e3nn's version and dtype, and its cases. */
export interface ProductFixture<C> {
  meta: { e3nn_version: string; dtype: string };
  cases: C[];
}

/** The fixture file `e3nn/<name>.json`. */
export function readProducts<C = ProductCase>(name: 'e3nn_tensor_products' | 'e3nn_tensor_products_modes'): ProductFixture<C> {
  return readFixtureJson<ProductFixture<C>>(`e3nn/${name}.json`);
}

/** Every tensor-product case of both files (the modes file's Linear left out), each with a name. */
export function allProductCases(): [string, ProductCase][] {
  const cases = [
    ...readProducts('e3nn_tensor_products').cases,
    ...readProducts<ProductCase | LinearCase>('e3nn_tensor_products_modes').cases.filter((c): c is ProductCase => c.kind !== 'Linear'),
  ];
  return cases.map((c) => [
    `${c.kind} ${c.irreps_in1} ⊗ ${c.irreps_in2} → ${c.irreps_out} (${c.irrep_normalization}/${c.path_normalization})`,
    c,
  ]);
}

/** The case's TensorProduct from its instructions (without e3nn's resolved path weights) and normalisations. */
export function productOf(c: ProductCase, options: TensorProductOptions = {}): TensorProduct {
  return new TensorProduct(
    c.irreps_in1,
    c.irreps_in2,
    c.irreps_out,
    c.instructions.map((i) => [i.i_in1, i.i_in2, i.i_out, i.mode, i.has_weight] as InstructionSpec),
    {
      ...(c.irrep_normalization ? { irrepNormalization: c.irrep_normalization } : {}),
      ...(c.path_normalization ? { pathNormalization: c.path_normalization } : {}),
      ...options,
    },
  );
}

/** `tp` has the case's output irreps, weight count and instructions (indices, mode, weight flag, path shape) as e3nn resolved them. */
export function expectLayoutAsE3nn(tp: TensorProduct, c: ProductCase): void {
  expect(tp.irrepsOut.toString()).toBe(c.irreps_out);
  expect(tp.weightNumel).toBe(c.weight_numel);
  expect(tp.instructions.map((i) => [i.i1, i.i2, i.iOut, i.mode, i.hasWeight, [...i.pathShape]])).toEqual(
    c.instructions.map((i) => [i.i_in1, i.i_in2, i.i_out, i.mode, i.has_weight, i.path_shape]),
  );
}
