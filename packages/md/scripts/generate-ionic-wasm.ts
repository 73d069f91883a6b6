/**
 * Writes `src/wasm/ionic-kernel-binary.ts`, the committed bytes of the WebAssembly PME real-space kernel, from its
 * source `src/wasm/ionic-kernel.ts` (`test/ionic-wasm.test.ts` fails when the two disagree).
 *
 *   pnpm tsx packages/md/scripts/generate-ionic-wasm.ts
 */
import { writeFileSync } from 'node:fs';
import { ionicKernelBinaryModule } from '../src/wasm/ionic-kernel.ts';

const target = new URL('../src/wasm/ionic-kernel-binary.ts', import.meta.url);
writeFileSync(target, ionicKernelBinaryModule());
console.log(`wrote ${target.pathname}`);
