/**
 * float32 versus float64 for MACE inference on the CPU, measured on the hot kernel: the radial MLP's last layer
 * (32 → 160 per edge pair, interactions.1 of the reference model; the radial MLP is ~45 % of an energy + forces
 * call) on the real inputs of the periodic reference cell replicated 3×3×3 (648 atoms, 6,021 edge pairs). Three
 * versions of the same 4-rows-at-a-time dot-product kernel, side by side in one run:
 *
 * - float64: Float64Array in and out (what the model runs);
 * - float32 storage: Float32Array in and out, arithmetic in float64 (V8 widens each load, rounds each store);
 * - float32 arithmetic: Float32Array and every product and sum rounded by Math.fround (V8's float32 operations).
 *
 * Errors against the float64 kernel on the same (float64) inputs, in units of u·Σ_i|x_i||w_i| (u = 2⁻²⁴), with the
 * a-priori bounds: float32 storage rounds the inputs, the weights and the output (≤ 3u·Σ|x||w| + O(u²));
 * float32 arithmetic adds the recursive summation's γ_n (≤ (n + 3)u·Σ|x||w|, n = 32). Also the whole model with its
 * weights stored in float32 (the binary layout's float32 option) against float64: energy and force differences.
 *
 *   pnpm tsx packages/mlip/bench/mace-float32.ts [--rounds 15]
 */

import { bestCpuMs } from '@equitensor/testing';
import { loadMaceModel, MacePotential, readMaceBinary, StateDict, writeMaceBinary } from '../src/index.ts';
import { BesselCutoffEmbedding, matMulRows, RadialMlp } from '../src/mace/radial.ts';
import { forceDeviation, readMaceReference, referenceAtoms, replicate } from './mace-structures.ts';
import { argValue } from './util.ts';

const rounds = Number(argValue('--rounds', '15'));
const json = readMaceReference();
const model = loadMaceModel(json);
const atoms = replicate(referenceAtoms(json.structures[4] as (typeof json.structures)[number]), 3);
const graph = model.graph(atoms);
const sd = new StateDict(json.state_dict);

// one radial row per edge pair (sender < receiver), as the model evaluates it
const nb = model.config.numBessel;
const embed = new BesselCutoffEmbedding(
  sd.tensor('radial_embedding.bessel_fn.bessel_weights'),
  sd.scalar('radial_embedding.bessel_fn.prefactor'),
  model.cutoff,
  model.config.numPolynomialCutoff,
);
const pairs: number[] = [];
for (let e = 0; e < graph.senders.length; e++) if ((graph.senders[e] as number) < (graph.receivers[e] as number)) pairs.push(e);
const batch = pairs.length;
const radial = new Float64Array(batch * nb);
pairs.forEach((e, b) => {
  const v = graph.vectors;
  embed.evaluate(Math.hypot(v[3 * e] as number, v[3 * e + 1] as number, v[3 * e + 2] as number), radial, undefined, b * nb);
});
const sizes = [nb, ...model.config.radialMlp];
const layerWeights = [0, 1, 2, 3].map((l) => sd.tensor(`interactions.1.conv_tp_weights.layer${l}.weight`));
const nIn = sizes[sizes.length - 1] as number;
const nOut = (layerWeights[3] as Float64Array).length / nIn;
const mlp = new RadialMlp(layerWeights, [...sizes, nOut]);
const x64 = mlp.forward(radial, batch).tape[6] as Float64Array; // the last layer's input (batch × 32)
const w = layerWeights[3] as Float64Array; // [32, nOut]
const m64 = new Float64Array(nIn * nOut);
for (let i = 0; i < nIn; i++) for (let o = 0; o < nOut; o++) m64[o * nIn + i] = (w[i * nOut + o] as number) / Math.sqrt(nIn);

// float64: the model's own kernel (radial.ts's matMulRows, on all rows: the one row past the last group of four is
// 0.02 % of the work); float32 storage: the same source compiled a second time (as mlip's MACE kernels are compiled
// from their source text), not one shared function: one monomorphic function per array type, so each timing measures
// its own element loads (a function called with both types would time polymorphic loads).
const rows64 = (x: Float64Array, m: Float64Array, out: Float64Array): void => matMulRows(x, m, out, batch, nIn, nOut);
const matMulRows32 = new Function(`return (${matMulRows.toString()});`)() as (
  x: Float32Array,
  m: Float32Array,
  out: Float32Array,
  batch: number,
  nIn: number,
  nOut: number,
) => void;
const rows32 = (x: Float32Array, m: Float32Array, out: Float32Array): void => matMulRows32(x, m, out, batch, nIn, nOut);

const fr = Math.fround;
function rows32Fround(x: Float32Array, m: Float32Array, out: Float32Array): void {
  for (let b = 0; b + 3 < batch; b += 4) {
    const x0 = b * nIn;
    for (let o = 0; o < nOut; o++) {
      const mo = o * nIn;
      let a0 = fr(0);
      let a1 = fr(0);
      let a2 = fr(0);
      let a3 = fr(0);
      for (let i = 0; i < nIn; i++) {
        const v = m[mo + i] as number;
        a0 = fr(a0 + fr((x[x0 + i] as number) * v));
        a1 = fr(a1 + fr((x[x0 + nIn + i] as number) * v));
        a2 = fr(a2 + fr((x[x0 + 2 * nIn + i] as number) * v));
        a3 = fr(a3 + fr((x[x0 + 3 * nIn + i] as number) * v));
      }
      out[b * nOut + o] = a0;
      out[(b + 1) * nOut + o] = a1;
      out[(b + 2) * nOut + o] = a2;
      out[(b + 3) * nOut + o] = a3;
    }
  }
}

/** The best of `rounds` CPU times after one warm-up run. */
function cpuMs(run: () => void): number {
  run();
  return bestCpuMs(run, rounds);
}

const full = batch - (batch % 4);
const out64 = new Float64Array(batch * nOut);
const x32 = Float32Array.from(x64);
const m32 = Float32Array.from(m64);
const outS = new Float32Array(batch * nOut);
const outF = new Float32Array(batch * nOut);
// interleave the three so load on the shared VM hits them alike
const times = { f64: Infinity, storage: Infinity, fround: Infinity };
for (let k = 0; k < 3; k++) {
  times.f64 = Math.min(
    times.f64,
    cpuMs(() => rows64(x64, m64, out64)),
  );
  times.storage = Math.min(
    times.storage,
    cpuMs(() => rows32(x32, m32, outS)),
  );
  times.fround = Math.min(
    times.fround,
    cpuMs(() => rows32Fround(x32, m32, outF)),
  );
}

/** Largest error in units of u·Σ|x||w| (the scale of a dot product's rounding error). */
function worstRatio(out: Float32Array): number {
  const u = 2 ** -24;
  let worst = 0;
  for (let b = 0; b < full; b++)
    for (let o = 0; o < nOut; o++) {
      let scale = 0;
      for (let i = 0; i < nIn; i++) scale += Math.abs((x64[b * nIn + i] as number) * (m64[o * nIn + i] as number));
      if (scale === 0) continue;
      worst = Math.max(worst, Math.abs((out[b * nOut + o] as number) - (out64[b * nOut + o] as number)) / (u * scale));
    }
  return worst;
}

process.stdout.write(
  `radial MLP last layer (${nIn} → ${nOut}) on ${full} edge pairs of the 648-atom cell, best of ${rounds}×3, CPU ms\n\n`,
);
process.stdout.write(
  '| kernel | CPU (ms) | ratio to float64 | worst error / (u·Σ|x||w|) | a-priori bound |\n| --- | ---: | ---: | ---: | ---: |\n',
);
process.stdout.write(`| float64 | ${times.f64.toFixed(2)} | 1.00 | — | — |\n`);
process.stdout.write(
  `| float32 storage, float64 arithmetic | ${times.storage.toFixed(2)} | ${(times.storage / times.f64).toFixed(2)} | ${worstRatio(outS).toFixed(2)} | 3 |\n`,
);
process.stdout.write(
  `| float32 arithmetic (Math.fround) | ${times.fround.toFixed(2)} | ${(times.fround / times.f64).toFixed(2)} | ${worstRatio(outF).toFixed(2)} | ${nIn + 3} |\n`,
);

// the whole model with float32-stored weights against float64
const model32 = loadMaceModel(readMaceBinary(writeMaceBinary(json, { dtype: 'float32' })));
const a = new MacePotential(model).compute(atoms);
const b = new MacePotential(model32).compute(atoms);
const { maxDiff: fErr, maxForce: fMax } = forceDeviation(a.forces, b.forces);
process.stdout.write(
  `\nweights stored in float32, float64 arithmetic (648 atoms): |ΔE| = ${Math.abs(a.energy - b.energy).toExponential(2)} eV ` +
    `(${(Math.abs(a.energy - b.energy) / atoms.numbers.length).toExponential(2)} eV/atom, E = ${a.energy.toFixed(4)} eV), ` +
    `max |ΔF| = ${fErr.toExponential(2)} eV/Å (max |F| = ${fMax.toFixed(3)} eV/Å)\n`,
);
