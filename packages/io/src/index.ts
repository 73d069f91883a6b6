export type { AtomArray, InfoValue, Structure } from './structure.ts';
