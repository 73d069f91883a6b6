// testing sits below every package in the dependency graph (io's tests use it, and tensor depends on io), so it
// cannot declare a dependency on @equitensor/tensor without a cycle that turbo rejects; it imports the one
// generator's source file directly instead (random.ts imports nothing), so there is still one implementation.
import { Random } from '../../tensor/src/random.ts';

/**
 * The tests' seeded generator: `@equitensor/tensor`'s {@link Random} (xoshiro128**, 53-bit doubles, Box–Muller
 * normals, checkpointable state) with the test suite's own seeding (a murmur3-finalised splitmix32), so every test
 * keeps the input stream it was written against. It gives the same stream on every machine and Node version.
 *
 * @example
 * ```ts
 * import { SeededRng } from '@equitensor/testing';
 * const rng = new SeededRng(42);
 * rng.uniform();          // in [0, 1)
 * rng.normal();           // standard normal (Box-Muller)
 * rng.normalArray(6);     // Float64Array of 6 normals
 * SeededRng.fromState(1, 2, 3, 4).nextUint32(); // 11520 (xoshiro128**'s reference output)
 * ```
 */
export class SeededRng extends Random {
  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`SeededRng: seed must be an integer, got ${seed}`);
    super(0);
    // splitmix32 with murmur3's finaliser to spread the seed over the four state words.
    let x = seed >>> 0;
    const words: number[] = [];
    for (let k = 0; k < 4; k++) {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      words.push((z ^ (z >>> 16)) >>> 0);
    }
    this.seedWords(words);
  }
}
