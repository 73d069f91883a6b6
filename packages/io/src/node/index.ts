export type { FileFormatOptions } from './files.ts';
export {
  chooseFormat,
  isSpecialFile,
  readFramesFromFile,
  readFramesFromFileSync,
  readNpyFile,
  writeFramesToFile,
  writeFramesToFileSync,
  writeNpyFile,
} from './files.ts';
export type { StreamOptions } from './stream-extxyz.ts';
export { streamExtxyzFrames } from './stream-extxyz.ts';
