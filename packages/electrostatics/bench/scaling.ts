/**
 * Time and error against N for direct summation, Ewald (periodic lattices) and the range-separated (RS) tensor
 * format (open proteins and lattices), the RS/direct time ratio and the crossover.
 *
 *   pnpm tsx packages/electrostatics/bench/scaling.ts [--accuracy 1e-6] [--max 100000] [--out results.json]
 *
 * Prints a markdown table (for docs/benchmarks/electrostatics.md) on stdout and progress on stderr.
 */
import { writeFileSync } from 'node:fs';
import { COULOMB_CONSTANT, parsePqr } from '@equitensor/io';
import { NACL_LATTICE, readFixtureText, rockSalt } from '@equitensor/testing';
import { directCoulomb, ewaldCoulomb, rangeSeparatedCoulomb } from '../src/index.ts';
import { maxAbs, maxDifference } from '../test/fixtures.ts';
import { option } from './options.ts';

const accuracy = Number(option('--accuracy', '1e-6'));
const maxAtoms = Number(option('--max', '100000'));
const out = option('--out', '');

interface Row {
  family: string;
  system: string;
  atoms: number;
  method: string;
  seconds: number;
  relativeEnergyError: number | null;
  relativeForceError: number | null;
  detail: string;
}
const rows: Row[] = [];

function time<T>(f: () => T): [T, number] {
  const start = performance.now();
  const value = f();
  return [value, (performance.now() - start) / 1000];
}

function forceError(a: Float64Array, b: Float64Array): number {
  return maxDifference(a, b) / maxAbs(b);
}

/** An open m×m×m rock-salt cube of ±1 charges, spacing 2.82 Å (the shared 8×8×8 fixture's construction). */
function openCube(m: number): { positions: Float64Array; charges: Float64Array } {
  const positions = new Float64Array(3 * m * m * m);
  const charges = new Float64Array(m * m * m);
  let n = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      for (let k = 0; k < m; k++) {
        positions.set([i * 2.82, j * 2.82, k * 2.82], 3 * n);
        charges[n++] = (i + j + k) % 2 === 0 ? 1 : -1;
      }
    }
  }
  return { positions, charges };
}

function openSystem(family: string, system: string, positions: Float64Array, charges: Float64Array): void {
  const n = charges.length;
  process.stderr.write(`${system}: ${n} atoms\n`);
  const [direct, tDirect] = time(() => directCoulomb(positions, charges));
  rows.push({
    family,
    system,
    atoms: n,
    method: 'direct',
    seconds: tDirect,
    relativeEnergyError: 0,
    relativeForceError: 0,
    detail: 'reference',
  });
  process.stderr.write(`  direct ${tDirect.toFixed(2)} s\n`);
  const [rs, tRs] = time(() => rangeSeparatedCoulomb(positions, charges, { accuracy }));
  rows.push({
    family,
    system,
    atoms: n,
    method: 'rs',
    seconds: tRs,
    relativeEnergyError: Math.abs(rs.energy - direct.energy) / Math.abs(direct.energy),
    relativeForceError: forceError(rs.forces, direct.forces),
    detail: `ranks ${rs.ranks.join('×')}, n ${rs.model.grid.n}, σ ${rs.model.split.sigma.toFixed(1)} Å, R_l ${rs.model.longCount}, R_s ${rs.model.shortCount}`,
  });
  process.stderr.write(`  rs ${tRs.toFixed(2)} s, ranks ${rs.ranks.join('×')}\n`);
}

// Proteins.
for (const file of ['1ajj', '451c', '1a63', 'actin-dimer_complex']) {
  const protein = parsePqr(readFixtureText(`pqr/${file}.pqr`), { fileName: `${file}.pqr` })[0]!;
  const charges = (protein.arrays.charges as { data: Float64Array }).data;
  if (charges.length <= maxAtoms) openSystem('protein', file, protein.positions, charges);
}
// Open rock-salt cubes, 10³ … 10⁵ ions.
for (const m of [10, 16, 22, 32, 46]) {
  if (m ** 3 > maxAtoms) continue;
  const { positions, charges } = openCube(m);
  openSystem('open lattice', `NaCl cube ${m}³`, positions, charges);
}
// Periodic rock salt: Ewald against the exact Madelung energy.
const madelung = 1.747564594633;
for (const m of [5, 8, 11, 16]) {
  const n = 8 * m ** 3;
  if (n > maxAtoms) continue;
  const a = NACL_LATTICE;
  const { positions, charges, cell } = rockSalt(m);
  process.stderr.write(`periodic NaCl ${m}³ cells: ${n} atoms\n`);
  const exact = (-madelung * COULOMB_CONSTANT * (n / 2)) / (a / 2);
  const [ewald, tEwald] = time(() => ewaldCoulomb(positions, charges, cell, { accuracy }));
  rows.push({
    family: 'periodic lattice',
    system: `NaCl ${m}³ cells`,
    atoms: n,
    method: 'ewald',
    seconds: tEwald,
    relativeEnergyError: Math.abs(ewald.energy - exact) / Math.abs(exact),
    relativeForceError: maxAbs(ewald.forces) / (COULOMB_CONSTANT / (a / 2) ** 2),
    detail: `α ${ewald.parameters.alpha.toFixed(3)} Å⁻¹, r_c ${ewald.parameters.cutoff.toFixed(2)} Å, k_max ${ewald.parameters.kmax.join(',')}`,
  });
  process.stderr.write(`  ewald ${tEwald.toFixed(2)} s\n`);
}

// Markdown.
const lines = [
  `Accuracy requested: ${accuracy}. Errors: energy relative to direct summation (open) or to the exact Madelung energy (periodic);`,
  'forces: max |ΔF| / max |F| (periodic: max |F| / (k_e/r₀²), the exact forces vanish).',
  '',
  '| family | system | N | method | seconds | energy rel. error | force error | RS/direct time | details |',
  '|---|---|---:|---|---:|---:|---:|---:|---|',
];
let crossover: string | null = null;
for (const row of rows) {
  const direct = rows.find((r) => r.system === row.system && r.method === 'direct');
  const ratio = row.method === 'rs' && direct !== undefined ? (row.seconds / direct.seconds).toFixed(2) : '';
  if (row.method === 'rs' && direct !== undefined && row.seconds < direct.seconds && crossover === null)
    crossover = `${row.system} (N = ${row.atoms})`;
  const fmt = (v: number | null) => (v === null ? '' : v === 0 ? '0' : v.toExponential(1));
  lines.push(
    `| ${row.family} | ${row.system} | ${row.atoms} | ${row.method} | ${row.seconds.toFixed(3)} | ${fmt(row.relativeEnergyError)} | ${fmt(row.relativeForceError)} | ${ratio} | ${row.detail} |`,
  );
}
lines.push('', `First system where RS is faster than direct: ${crossover ?? 'none in this run'}.`);
process.stdout.write(`${lines.join('\n')}\n`);
if (out !== '') writeFileSync(out, JSON.stringify({ accuracy, rows, crossover, date: new Date().toISOString() }, null, 2));
