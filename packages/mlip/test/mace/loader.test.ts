import { ParseError } from '@equitensor/io';
import { describe, expect, it } from 'vitest';
import { loadMaceModel, MaceModelError, MacePotential, mt19937, StateDict } from '../../src/index.ts';
import { reference } from './reference.ts';

function withConfig(change: (c: Record<string, unknown>) => void): object {
  const { json } = reference();
  const config = { ...(json.config as Record<string, unknown>) };
  change(config);
  return { ...json, config };
}

function withTensor(name: string, entry: unknown): object {
  const { json } = reference();
  const state_dict: Record<string, unknown> = { ...json.state_dict };
  if (entry === undefined) delete state_dict[name];
  else state_dict[name] = entry;
  return { ...json, state_dict };
}

function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('loadMaceModel', () => {
  it('reads the reference layout as it is (extra keys such as structures and format ignored)', () => {
    const model = reference().model;
    expect(model.cutoff).toBe(5);
    expect(model.atomicNumbers).toEqual([1, 6, 8]);
    expect(model.scale).toBe(0.6);
    expect(model.shift).toBe(-0.05);
  });

  it('malformed JSON is a ParseError with the line and column', () => {
    const e = errorOf(() => loadMaceModel('{\n  "config": {\n    "r_max": 5,,\n  }\n}', { fileName: 'm.json' }));
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).fileName).toBe('m.json');
    expect((e as ParseError).line).toBe(3);
  });

  it('a missing config key or state_dict tensor is a MaceModelError (a RangeError) naming it', () => {
    const a = errorOf(() => loadMaceModel(withConfig((c) => delete c.r_max)));
    expect(a).toBeInstanceOf(MaceModelError);
    expect(a).toBeInstanceOf(RangeError);
    expect((a as MaceModelError).path).toBe('config.r_max');
    const b = errorOf(() => loadMaceModel(withTensor('interactions.1.linear.weight', undefined)));
    expect((b as MaceModelError).path).toBe('state_dict["interactions.1.linear.weight"]');
    const c = errorOf(() => loadMaceModel({ config: reference().json.config }));
    expect((c as MaceModelError).path).toBe('state_dict');
  });

  it('a tensor of the wrong shape or length names the tensor and both shapes', () => {
    const e = errorOf(() =>
      loadMaceModel(withTensor('interactions.0.conv_tp_weights.layer0.weight', { shape: [8, 31], data: new Array(248).fill(0) })),
    );
    expect(e).toBeInstanceOf(MaceModelError);
    expect((e as Error).message).toContain('interactions.0.conv_tp_weights.layer0.weight');
    expect((e as Error).message).toContain('expected shape [8, 32], found [8, 31]');
    const f = errorOf(() => new StateDict({ x: { shape: [2, 2], data: [1, 2, 3] } }).tensor('x'));
    expect((f as Error).message).toContain('expected 4 values for shape [2, 2], found 3');
  });

  it('unsupported settings are refused by name', () => {
    const e = errorOf(() => loadMaceModel(withConfig((c) => (c.interaction = 'RealAgnosticDensityInteractionBlock'))));
    expect((e as MaceModelError).path).toBe('config.interaction');
    const g = errorOf(() => loadMaceModel(withConfig((c) => (c.gate = 'tanh'))));
    expect((g as MaceModelError).path).toBe('config.gate');
  });

  it('an element the model does not know is a RangeError naming it', () => {
    const potential = new MacePotential(reference().model);
    const atoms = {
      numbers: new Int32Array([1, 14]),
      positions: new Float64Array([0, 0, 0, 1.5, 0, 0]),
      cell: null,
      pbc: [false, false, false] as const,
    };
    expect(() => potential.compute(atoms)).toThrow(/atomic number 14/);
  });

  it('a graph with mismatched lengths or an edge to a missing atom is a RangeError', () => {
    const model = reference().model;
    const numbers = new Int32Array([1, 8]);
    const vectors = new Float64Array([1, 0, 0, -1, 0, 0]);
    expect(() => model.evaluate({ numbers, senders: Int32Array.from([0, 1]), receivers: Int32Array.from([1, 2]), vectors })).toThrow(
      /edge 1 \(1 → 2\)/,
    );
    expect(() => model.evaluate({ numbers, senders: Int32Array.from([0]), receivers: Int32Array.from([1, 0]), vectors })).toThrow(
      /differ in length/,
    );
  });
});

describe('PyTorch generator reproduction (for e3nn normalize2mom)', () => {
  it('MT19937 gives the C++ standard check value (10000th output for seed 5489 is 4123659995)', () => {
    const next = mt19937(5489);
    for (let i = 0; i < 9999; i++) next();
    expect(next()).toBe(4123659995);
  });

  it('MT19937 with seed 0 starts as numpy MT19937 legacy seeding 0 (2357136044, 2546248239, 3071714933)', () => {
    const next = mt19937(0);
    expect([next(), next(), next()]).toEqual([2357136044, 2546248239, 3071714933]);
  });
});
