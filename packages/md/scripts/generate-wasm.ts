/**
 * Write the committed WebAssembly kernels of `src/wasm` from their sources: `lj-kernel-binary.ts`,
 * `ionic-kernel-binary.ts` and `neighbor-kernel-binary.ts` (tests fail when a committed file differs from its source):
 *
 *   pnpm tsx packages/md/scripts/generate-wasm.ts
 */
import { writeFileSync } from 'node:fs';
import { ionicKernelBinaryModule } from '../src/wasm/ionic-kernel.ts';
import { ljKernelBinaryModule } from '../src/wasm/lj-kernel.ts';
import { neighborKernelBinaryModule } from '../src/wasm/neighbor-kernel.ts';

for (const [file, text] of [
  ['lj-kernel-binary.ts', ljKernelBinaryModule()],
  ['ionic-kernel-binary.ts', ionicKernelBinaryModule()],
  ['neighbor-kernel-binary.ts', neighborKernelBinaryModule()],
] as const) {
  const target = new URL(`../src/wasm/${file}`, import.meta.url);
  writeFileSync(target, text);
  console.log(`wrote ${target.pathname}`);
}
