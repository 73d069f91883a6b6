/**
 * Cartoon of the 11,754-atom actin dimer (749 residues): residues, secondary structure (DSSP rules; the PQR has no
 * HELIX/SHEET records), the ribbon mesh and its three.js mesh (as `setCartoon` makes it, less the GPU upload), timed stage by stage in CPU time (`process.cpuUsage`): the first call (JIT
 * cold, as the app calls it once) and the least of `--repeat`. `--reference` also times the ribbon builder kept in
 * `reference-cartoon.ts` (the per-vertex code before the typed-array rewrite) alternately with the current one in the
 * same run, and checks both give the same mesh.
 *
 *   pnpm tsx packages/viewer/bench/cartoon.ts [--repeat 10] [--reference]
 *   node --cpu-prof --import tsx packages/viewer/bench/cartoon.ts    # profile
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parsePqr } from '@equitensor/io';
import { cartoonMesh, SECONDARY_STRUCTURE_COLORS } from '../src/bio/cartoon.ts';
import { computeSecondaryStructure, residuesOf } from '../src/bio/secondary-structure.ts';
import { SurfaceLayer } from '../src/bio/surface-layer.ts';

const args = process.argv.slice(2);
const repeat = Number(args[args.indexOf('--repeat') + 1] ?? 10) || 10;
const file = new URL('../../../../shared/data/pqr/actin-dimer_complex.pqr', import.meta.url);
const protein = parsePqr(readFileSync(file, 'utf8'))[0]!;

function cpu<T>(f: () => T): [T, number] {
  const t0 = process.cpuUsage();
  const r = f();
  const t = process.cpuUsage(t0);
  return [r, (t.user + t.system) / 1000];
}

const best: Record<string, number> = {};
const first: Record<string, number> = {};
const keep = (k: string, ms: number) => {
  best[k] = Math.min(best[k] ?? Infinity, ms);
  first[k] ??= ms;
};
const reference = args.includes('--reference') ? await import('./reference-cartoon.ts') : null;
let vertices = 0;
for (let r = 0; r < repeat; r++) {
  const [residues, tRes] = cpu(() => residuesOf(protein));
  const [ss, tSs] = cpu(() => computeSecondaryStructure(protein.positions, residues));
  const colors = ss.map((s) => SECONDARY_STRUCTURE_COLORS[s]);
  const [mesh, tMesh] = cpu(() => cartoonMesh(protein.positions, residues, ss, colors));
  vertices = mesh.positions.length / 3;
  // what `setCartoon` does before the GPU upload: the three.js mesh with linear vertex colours
  const [layer, tLayer] = cpu(() => new SurfaceLayer({ mesh, colors: mesh.colors }));
  layer.dispose();
  keep('residues', tRes);
  keep('secondary structure', tSs);
  keep('ribbon mesh', tMesh);
  keep('three.js mesh', tLayer);
  keep('total', tRes + tSs + tMesh + tLayer);
  if (reference) {
    const [old, tOld] = cpu(() => reference.cartoonMesh(protein.positions, residues, ss, colors));
    keep('ribbon mesh (before)', tOld);
    keep('total (before ribbon)', tRes + tSs + tOld + tLayer);
    for (const key of ['positions', 'normals', 'colors', 'indices'] as const) {
      const a = mesh[key];
      const b = old[key];
      if (a.length !== b.length || a.some((v, i) => v !== b[i])) throw new Error(`${key} differ from the reference`);
    }
  }
}
const residues = residuesOf(protein);
console.log(`actin dimer: ${protein.numbers.length} atoms, ${residues.length} residues, ${vertices} vertices; CPU ms`);
console.log(`${'stage'.padEnd(24)} ${'first call'.padStart(10)} ${`least of ${repeat}`.padStart(12)}`);
for (const [k, v] of Object.entries(best)) console.log(`${k.padEnd(24)} ${first[k]!.toFixed(1).padStart(10)} ${v.toFixed(1).padStart(12)}`);
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
