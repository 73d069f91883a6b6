import { type AtomsState, type ComputeOptions, forcesOutput, type Potential, type PotentialResult } from '../potential.ts';

/**
 * The sum of several potentials (e.g. a short-range pair term plus Coulomb): energies, forces, virials
 * and per-atom energies add. Its cutoff is the largest of its terms'.
 *
 * @example
 * ```ts
 * const total = new SumPotential([new LennardJones({ cutoff: 2.5 }), new Morse({ D: 0.1, alpha: 1.5, r0: 1.2, cutoff: 3 })]);
 * total.compute(system).energy;
 * ```
 */
export class SumPotential implements Potential {
  readonly name: string;
  readonly cutoff: number;
  readonly terms: readonly Potential[];

  constructor(terms: readonly Potential[]) {
    if (terms.length === 0) throw new RangeError('SumPotential needs at least one term');
    this.terms = [...terms];
    this.name = terms.map((t) => t.name).join('+');
    this.cutoff = Math.max(...terms.map((t) => t.cutoff));
  }

  compute(atoms: AtomsState, options: ComputeOptions = {}): PotentialResult {
    const n = atoms.numbers.length;
    const forces = forcesOutput(options, 3 * n);
    const virial = new Float64Array(9);
    const perAtom = options.perAtomEnergies === true ? new Float64Array(n) : null;
    // each term writes its own forces (the sum's output array is not passed on)
    const termOptions: ComputeOptions = { perAtomEnergies: options.perAtomEnergies === true };
    let energy = 0;
    for (const term of this.terms) {
      const r = term.compute(atoms, termOptions);
      energy += r.energy;
      for (let k = 0; k < 3 * n; k++) forces[k] = (forces[k] as number) + (r.forces[k] as number);
      for (let k = 0; k < 9; k++) virial[k] = (virial[k] as number) + (r.virial[k] as number);
      if (perAtom !== null) {
        if (r.perAtomEnergies === undefined) throw new Error(`potential ${term.name} did not return per-atom energies`);
        for (let i = 0; i < n; i++) perAtom[i] = (perAtom[i] as number) + (r.perAtomEnergies[i] as number);
      }
    }
    return perAtom === null ? { energy, forces, virial } : { energy, forces, virial, perAtomEnergies: perAtom };
  }
}
