export type { AsyncPotential, AtomsState, ComputeOptions, Potential, PotentialResult } from './potential.ts';
