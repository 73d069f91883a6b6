import { describe, expect, it } from 'vitest';
import { loadMaceModel, MacePotential, StateDict } from '../../src/index.ts';
import { BesselCutoffEmbedding } from '../../src/mace/radial.ts';
import { RadialTable } from '../../src/mace/radial-table.ts';
import { atomsOf, reference } from './reference.ts';

function embedding(): BesselCutoffEmbedding {
  const sd = new StateDict(reference().json.state_dict);
  return new BesselCutoffEmbedding(
    sd.tensor('radial_embedding.bessel_fn.bessel_weights'),
    sd.scalar('radial_embedding.bessel_fn.prefactor'),
    sd.scalar('radial_embedding.bessel_fn.r_max'),
    sd.scalar('radial_embedding.cutoff_fn.p'),
  );
}

/**
 * Largest errors of the table's values and derivatives against the MLP at the same point t = 1/4 of every interval
 * between 0.6 and 4.9 Å (the interpolation error is h⁶·W⁽⁶⁾(ξ)·w(t) with a fixed w(t), so the maxima over these points
 * follow the asymptotic law; the derivative by a 4th-order central difference).
 */
function tableErrors(knots: number): { value: number; derivative: number; scale: number } {
  const h = embedding().rMax / knots;
  const first = Math.ceil(0.6 / h);
  const lengths = Float64Array.from({ length: Math.floor(4.9 / h) - first }, (_, i) => (first + i + 0.25) * h);
  const emb = embedding();
  const mlp = reference().model.block(1).interaction.mlp;
  const nb = emb.size;
  const exact = (r: Float64Array): Float64Array => {
    const x = new Float64Array(r.length * nb);
    r.forEach((v, i) => {
      emb.evaluate(v, x, undefined, i * nb);
    });
    return mlp.forward(x, r.length).out;
  };
  const { values, derivatives } = new RadialTable(emb, mlp, knots).evaluate(lengths);
  const ref = exact(lengths);
  // d/dr of the exact MLP by [f(r−2δ) − 8f(r−δ) + 8f(r+δ) − f(r+2δ)]/12δ, δ = 1e-4 Å: truncation δ⁴|f⁽⁵⁾|/30 ≈ 1e-14·|f| (w⁵ ≈ 3e3)
  // and rounding 1.5·ε|f|/δ ≈ 2e-12·|f|, far below the table derivative errors at 128 and 256 knots (≥ 1e-8·|f|)
  const d = 1e-4;
  const shifted = (s: number) => exact(lengths.map((r) => r + s * d));
  const [m2, m1, p1, p2] = [shifted(-2), shifted(-1), shifted(1), shifted(2)];
  let value = 0;
  let derivative = 0;
  let scale = 0;
  for (let q = 0; q < ref.length; q++) {
    scale = Math.max(scale, Math.abs(ref[q]!));
    value = Math.max(value, Math.abs(values[q]! - ref[q]!));
    const fd = (m2[q]! - 8 * m1[q]! + 8 * p1[q]! - p2[q]!) / (12 * d);
    derivative = Math.max(derivative, Math.abs(derivatives[q]! - fd));
  }
  return { value, derivative, scale };
}

describe('tabulated radial MLP (quintic Hermite with exact first and second derivatives)', () => {
  it('converges at quintic Hermite orders: values h⁶ (error ratio 64 per halving), derivatives h⁵ (ratio 32)', () => {
    const a = tableErrors(256);
    const b = tableErrors(512);
    // asymptotic ratios 64 and 32 (reached from 256 knots on: 61 and 31 measured); the bands allow ±25 %
    expect(a.value / b.value).toBeGreaterThan(48);
    expect(a.value / b.value).toBeLessThan(80);
    expect(a.derivative / b.derivative).toBeGreaterThan(24);
    expect(a.derivative / b.derivative).toBeLessThan(40);
    // the measured h⁶ law extrapolated from 512 to 2,048 knots (4⁶ = 4096× smaller), with a factor 2 margin: far below
    // issue 20's 1e-10, and the table meets it
    const predicted = (2 * b.value) / 4 ** 6;
    expect(predicted / b.scale).toBeLessThan(1e-11);
    const fine = tableErrors(2048);
    expect(fine.value).toBeLessThan(predicted + 1e-15 * fine.scale);
  });

  it('a model with tabulated radial MLPs (2,048 knots) gives mace 0.3.6 energies and forces to 1e-10 relative', () => {
    const { json } = reference();
    // values within ~1e-13 and derivatives (h⁵) within ~1e-12 of the weights' scale at 2,048 knots (test above);
    // issue 20's tolerance is 1e-10
    const potential = new MacePotential(loadMaceModel(json).tabulateRadial(2048));
    for (const s of json.structures) {
      const got = potential.compute(atomsOf(s));
      expect(Math.abs(got.energy - s.energy)).toBeLessThanOrEqual(1e-10 * Math.abs(s.energy));
      let fmax = 0;
      let ferr = 0;
      s.forces.forEach((f, i) => {
        fmax = Math.max(fmax, Math.abs(f));
        ferr = Math.max(ferr, Math.abs(got.forces[i]! - f));
      });
      expect(ferr).toBeLessThanOrEqual(1e-10 * fmax);
    }
  });
});
