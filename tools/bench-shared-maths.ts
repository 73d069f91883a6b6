/**
 * Issue 15's "one home for each piece of shared maths", measured before and after in one run: the base commit
 * 1cb8746 (checked out at --base=DIR, default /tmp/base, with its dependencies) against this working tree, interleaved rounds, best round of
 * process CPU time (the shared VM's wall clock is too noisy). so3: the four kinds (MIMO f64, batch 1000; the Gaunt
 * kind's FFT moved to tensor) and whether their outputs are bit-identical; mlip: evaluation speed (atom-steps/s of
 * energy + forces + virial on a rattled 64-atom diamond Si cell) of models fitted on Si_tiny, each loaded into both
 * trees from the same JSON, and whether fits and results are bit-identical; the ridge path's eigensolver (moved
 * from mlip to tensor). Figures: docs/BENCHMARKS.md.
 *
 *   git worktree add /tmp/base 1cb8746 && ln -s "$PWD/node_modules" /tmp/base/node_modules
 *   for p in packages/* apps/*; do [ -d $p/node_modules ] && cp -a $p/node_modules /tmp/base/$p/; done
 *   pnpm tsx tools/bench-shared-maths.ts [all|so3|mlip|eigen] [rounds=7] [kinds=cg,gaunt,grid,cp] [--base=/tmp/base]
 *   pnpm tsx tools/bench-shared-maths.ts eval [rounds] model.json[,more.json] [--base=/tmp/base]
 *
 * `eval` only loads saved models (no fitting in the process: a fit run in one tree trains V8's feedback of that
 * tree's evaluation code on other shapes and slows it by up to 25 % afterwards, which `mlip` shows as noise).
 */
import { readFileSync } from 'node:fs';
import { parseExtxyz } from '../packages/io/src/index.ts';
import { rattledDiamond } from '../packages/mlip/bench/util.ts';
import * as newMlip from '../packages/mlip/src/index.ts';
import * as newBench from '../packages/so3/bench/benchmark-case.ts';
import { createKindTensorProduct as newKind } from '../packages/so3/src/index.ts';
import { mat, symmetricEigen as newEigen } from '../packages/tensor/src/index.ts';
import { readFixtureText } from '../packages/testing/src/fixtures.ts';
import { SeededRng } from '../packages/testing/src/rng.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--base='));
const BASE = process.argv.find((a) => a.startsWith('--base='))?.slice('--base='.length) ?? '/tmp/base';
const baseBench = await import(`${BASE}/packages/so3/src/benchmark-case.ts`);
const { createKindTensorProduct: baseKind } = await import(`${BASE}/packages/so3/src/index.ts`);
const baseMlip = await import(`${BASE}/packages/mlip/src/index.ts`);
const { symmetricEigen: baseEigen } = await import(`${BASE}/packages/mlip/src/symmetric-eigen.ts`);

const part = args[0] ?? 'all';
const rounds = Number(args[1] ?? 7);
const best = (fns: (() => void)[], reps: number): number[] => {
  const t = fns.map(() => Infinity);
  for (const f of fns) f();
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? fns.map((_, i) => i) : fns.map((_, i) => fns.length - 1 - i);
    for (const i of order) {
      const c0 = process.cpuUsage();
      for (let k = 0; k < reps; k++) fns[i]!();
      const c = process.cpuUsage(c0);
      t[i] = Math.min(t[i]!, (c.user + c.system) / 1e6 / reps);
    }
  }
  return t;
};
const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

if (part === 'all' || part === 'so3') {
  console.log('\n## so3 kinds, MIMO f64, batch 1000 (CPU s per batch, best of interleaved rounds)\n');
  console.log('| kind | L | before s | after s | after/before | outputs bit-identical |');
  console.log('|---|---|---|---|---|---|');
  const rng = new SeededRng(5);
  for (const kind of (args[2] ?? 'cg,gaunt,grid,cp').split(',') as ('cg' | 'gaunt' | 'grid' | 'cp')[]) {
    for (const L of [2, 4, 6]) {
      if (kind === 'cp' && L > 4) continue;
      const o = {
        kind,
        setting: 'mimo' as const,
        lmax: L,
        batch: 1000,
        dtype: 'f64' as const,
        ...(kind === 'cp' ? { rank: '7L2' as const } : {}),
      };
      const b = baseBench.buildBenchCase(o);
      const n = newBench.buildBenchCase(o);
      const [tb, tn] = best([b.run, n.run], L <= 2 ? 20 : L <= 4 ? 4 : 1);
      const ls = Array.from({ length: L + 1 }, (_, i) => i);
      const opts = {
        ls1: ls,
        ls2: ls,
        lsOut: Array.from({ length: 2 * L + 1 }, (_, i) => i),
        ...(kind === 'cp' ? { rank: '7L2' as const } : {}),
      };
      const x1 = rng.normalArray(4 * (L + 1) ** 2);
      const x2 = rng.normalArray(4 * (L + 1) ** 2);
      const eq = same(baseKind(kind, opts).apply(x1, x2), newKind(kind, opts).apply(x1, x2));
      console.log(`| ${kind} | ${L} | ${tb!.toExponential(3)} | ${tn!.toExponential(3)} | ${(tn! / tb!).toFixed(3)} | ${eq} |`);
    }
  }
}

if (part === 'all' || part === 'mlip') {
  const configs = newMlip.labelledConfigs(parseExtxyz(readFixtureText('mlip/Si_tiny.xyz'), { fileName: 'Si_tiny.xyz' }), {
    energyKey: 'dft_energy',
    forcesKey: 'dft_force',
    virialKey: 'dft_virial',
  });
  const cell = rattledDiamond(5.43, new SeededRng(3));
  const runs = [
    { label: 'cg, order 3, degree 12', kind: 'cg' as const, order: 3, degree: [12, 12, 12] },
    { label: 'gaunt, order 3, degree 12', kind: 'gaunt' as const, order: 3, degree: [12, 12, 12] },
    { label: 'grid, order 3, degree 12', kind: 'grid' as const, order: 3, degree: [12, 12, 12] },
    { label: 'cp rank ≤ 4, order 3, degree 12', kind: 'cp' as const, cpRank: 4, order: 3, degree: [12, 12, 12] },
    { label: 'cg, order 4, degree 12,10,10,8', kind: 'cg' as const, order: 4, degree: [12, 10, 10, 8] },
  ];
  console.log('\n## mlip evaluation (64-atom rattled diamond Si, energy + forces + virial; Si_tiny fits)\n');
  console.log('| model | features | before atom-steps/s | after atom-steps/s | after/before | fit bit-identical | E, F bit-identical |');
  console.log('|---|---|---|---|---|---|---|');
  for (const run of runs) {
    const options = {
      kind: run.kind,
      ...(run.cpRank !== undefined ? { cpRank: run.cpRank } : {}),
      basis: { order: run.order, maxDegree: run.degree, wL: 1, rcut: 5.5, lambda: 0 },
      weights: { perConfigType: { liq: { energy: 10, forces: 0.66, virial: 0.25 } } },
    };
    const fb = baseMlip.fitPotential(configs, options);
    const fn = newMlip.fitPotential(configs, options as never);
    const fitSame = same(fb.potential.coefficients, fn.potential.coefficients);
    const json = fn.potential.serialize();
    const pb = baseMlip.loadModel(json);
    const pn = newMlip.loadModel(json);
    const rb = pb.compute(cell);
    const rn = pn.compute(cell);
    const eq = Object.is(rb.energy, rn.energy) && same(rb.forces, rn.forces);
    const [tb, tn] = best([() => pb.compute(cell), () => pn.compute(cell)], 5);
    console.log(
      `| ${run.label} | ${fn.featureCount} | ${(64 / tb!).toFixed(0)} | ${(64 / tn!).toFixed(0)} | ${(tb! / tn!).toFixed(3)} | ${fitSame} | ${eq} |`,
    );
  }
}

if (part === 'eval') {
  const cell = rattledDiamond(5.43, new SeededRng(3));
  console.log('\n## mlip evaluation of saved models, no fit in the process (atom-steps/s, best of interleaved rounds)\n');
  console.log('| model | before | after | after/before | E, F bit-identical |');
  console.log('|---|---|---|---|---|');
  for (const file of (args[2] ?? '').split(',').filter(Boolean)) {
    const json = readFileSync(file, 'utf8');
    const pb = baseMlip.loadModel(json);
    const pn = newMlip.loadModel(json);
    const rb = pb.compute(cell);
    const rn = pn.compute(cell);
    const eq = Object.is(rb.energy, rn.energy) && same(rb.forces, rn.forces);
    const [tb, tn] = best([() => pb.compute(cell), () => pn.compute(cell)], 3);
    console.log(`| ${file} | ${(64 / tb!).toFixed(0)} | ${(64 / tn!).toFixed(0)} | ${(tb! / tn!).toFixed(3)} | ${eq} |`);
  }
}

if (part === 'all' || part === 'eigen') {
  console.log('\n## symmetric eigensolver (mlip/src → tensor/src), random Gram matrices (s, best of interleaved rounds)\n');
  console.log('| P | before s | after s | after/before | bit-identical |');
  console.log('|---|---|---|---|---|');
  const rng = new SeededRng(8);
  for (const P of [200, 755]) {
    const X = rng.normalArray(P * P);
    const G = new Float64Array(P * P);
    for (let i = 0; i < P; i++)
      for (let j = i; j < P; j++) {
        let s = 0;
        for (let r = 0; r < P; r++) s += X[r * P + i]! * X[r * P + j]!;
        G[i * P + j] = s;
      }
    const eq = same(baseEigen(G, P).vectors, newEigen(mat(P, P, G)).vectors.data);
    const [tb, tn] = best([() => baseEigen(G, P), () => newEigen(mat(P, P, G))], 1);
    console.log(`| ${P} | ${tb!.toFixed(3)} | ${tn!.toFixed(3)} | ${(tn! / tb!).toFixed(3)} | ${eq} |`);
  }
}
