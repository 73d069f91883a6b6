export { MORSE_PAIR, pairPoolKernel } from './pair-pool-kernel.ts';
export type { ParallelEmbeddedAtomOptions } from './parallel-embedded-atom.ts';
export { ParallelEmbeddedAtom } from './parallel-embedded-atom.ts';
export type { ParallelLennardJonesOptions } from './parallel-lennard-jones.ts';
export { ParallelLennardJones } from './parallel-lennard-jones.ts';
export type { ParallelMorseOptions } from './parallel-morse.ts';
export { ParallelMorse } from './parallel-morse.ts';
