/**
 * Writes `src/wasm/lj-kernel-binary.ts`, the committed bytes of the WebAssembly Lennard-Jones kernel, from its source
 * `src/wasm/lj-kernel.ts` (`test/lj-wasm.test.ts` fails when the two disagree).
 *
 *   pnpm tsx packages/md/scripts/generate-wasm.ts
 */
import { writeFileSync } from 'node:fs';
import { ljKernelBinaryModule } from '../src/wasm/lj-kernel.ts';

const target = new URL('../src/wasm/lj-kernel-binary.ts', import.meta.url);
writeFileSync(target, ljKernelBinaryModule());
console.log(`wrote ${target.pathname}`);
