/**
 * Writes `src/wasm/neighbor-kernel-binary.ts`, the committed bytes of the WebAssembly neighbour-list candidate search,
 * from its source `src/wasm/neighbor-kernel.ts` (`test/neighbor-wasm.test.ts` fails when the two disagree).
 *
 *   pnpm tsx packages/md/scripts/generate-neighbor-wasm.ts
 */
import { writeFileSync } from 'node:fs';
import { neighborKernelBinaryModule } from '../src/wasm/neighbor-kernel.ts';

const target = new URL('../src/wasm/neighbor-kernel-binary.ts', import.meta.url);
writeFileSync(target, neighborKernelBinaryModule());
console.log(`wrote ${target.pathname}`);
