import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { createSystem, cubicLattice, EmbeddedAtom, LennardJones, maxForce, minimizeFire, minimizeLbfgs } from '../src/index.ts';
import { readPotentialText } from './helpers.ts';

/** A 13-atom icosahedron (centre + 12 vertices at distance r), randomly perturbed. */
function icosahedron(r: number, noise: number, seed: number) {
  const phi = (1 + Math.sqrt(5)) / 2;
  const v: number[] = [0, 0, 0];
  for (const [a, b] of [
    [1, phi],
    [1, -phi],
    [-1, phi],
    [-1, -phi],
  ] as const) {
    v.push(0, a, b, a, b, 0, b, 0, a);
  }
  const scale = r / Math.hypot(1, phi);
  const rng = new SeededRng(seed);
  const positions = v.map((c, k) => (k < 3 ? c : c * scale) + noise * rng.normal());
  return createSystem({ numbers: new Int32Array(13).fill(18), positions, masses: new Float64Array(13).fill(1) });
}

// The global minimum of LJ13 is the icosahedron, E = −44.326801 ε (Cambridge Cluster Database; Wales & Doye 1997).
const LJ13 = -44.326801;

describe('optimisers reach the LJ13 icosahedron (−44.326801 ε)', () => {
  it('FIRE', () => {
    const system = icosahedron(1.1, 0.06, 1);
    const result = minimizeFire(new LennardJones({ cutoff: 10 }), system, { fmax: 1e-5, maxSteps: 5000 });
    expect(result.converged).toBe(true);
    expect(result.fmax).toBeLessThan(1e-5);
    expect(result.energy).toBeCloseTo(LJ13, 6);
  });

  it('L-BFGS (in fewer steps than FIRE)', () => {
    const lbfgs = minimizeLbfgs(new LennardJones({ cutoff: 10 }), icosahedron(1.1, 0.06, 1), { fmax: 1e-5, maxSteps: 5000, alpha: 70 });
    const fire = minimizeFire(new LennardJones({ cutoff: 10 }), icosahedron(1.1, 0.06, 1), { fmax: 1e-5, maxSteps: 5000 });
    expect(lbfgs.converged).toBe(true);
    expect(lbfgs.energy).toBeCloseTo(LJ13, 6);
    expect(lbfgs.steps).toBeLessThan(fire.steps);
  });

  it('relaxes a rattled EAM copper crystal back to −3.54 eV/atom, and reports non-convergence honestly', () => {
    const eam = EmbeddedAtom.fromFile(readPotentialText('lammps/potentials/Cu_u3.eam'), 'Cu_u3.eam');
    const system = cubicLattice({ structure: 'fcc', a: 3.615, repeat: [3, 3, 3], number: 29 });
    const rng = new SeededRng(2);
    for (let k = 0; k < system.positions.length; k++) system.positions[k] = system.positions[k]! + 0.05 * rng.normal();
    const capped = minimizeLbfgs(eam, createSystem(system), { fmax: 1e-6, maxSteps: 3 });
    expect(capped.converged).toBe(false);
    expect(capped.steps).toBe(3);
    const result = minimizeLbfgs(eam, system, { fmax: 1e-4, maxSteps: 500 });
    expect(result.converged).toBe(true);
    expect(maxForce(result.forces)).toBeLessThan(1e-4);
    expect(result.energy / 108).toBeCloseTo(-3.54, 7);
  });
});
