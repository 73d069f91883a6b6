/**
 * RS accuracy on the open 8×8×8 NaCl cube (512 ions): for requested δ = 1e-3, 1e-5, 1e-7 and two boxes (the default
 * bounding cube + 5 %, and the viewer's 4 Å margin), the energy relative error against the stored direct energy, the
 * force error relative to max |F| (direct forces), and the split of the energy error into the quadrature part
 * (exact pair sum of the Gaussian-sum kernel) and the tensor part (grid interpolation + Tucker truncation).
 *
 *   pnpm tsx packages/electrostatics/bench/nacl-cube.ts
 */
import { COULOMB_CONSTANT } from '@equitensor/io';
import { directCoulomb, gaussianSum, rangeSeparatedCoulomb } from '../src/index.ts';
import { distance, forceError, loadCharged } from '../test/fixtures.ts';

const STORED_ENERGY = -2214.2922941889;
const { positions, charges } = loadCharged('crystals/NaCl_cluster_8x8x8_open.xyz');
const count = charges.length;
const exact = directCoulomb(positions, charges);
/** Σ over pairs j < i of term(z_i z_j, r_ij). */
function pairSum(term: (qq: number, r: number) => number): number {
  let sum = 0;
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < i; j++) {
      sum += term(charges[i]! * charges[j]!, distance(positions, i, j));
    }
  }
  return sum;
}
const absolutePairSum = pairSum((qq, r) => Math.abs(qq) / r);
console.log(`N ${count}, E ${exact.energy.toFixed(10)} eV, k_e Σ|zᵢzⱼ|/rᵢⱼ ${(COULOMB_CONSTANT * absolutePairSum).toFixed(1)} eV`);
const lines = [
  '| box | δ | energy rel. error | quadrature part | tensor part | max ΔF / max F | n | ranks | R_l + R_s | parts: long, self, short, selfInterpolation (eV) | seconds |',
  '|---|---:|---:|---:|---:|---:|---:|---|---|---|---:|',
];
const boxes = [
  ['bounding cube + 5 %', undefined],
  ['4 Å margin (viewer)', { lo: [-4, -4, -4] as const, size: (7 * 2.82 + 8) * 1.0001 }],
] as const;
for (const [label, box] of boxes) {
  for (const accuracy of [1e-3, 1e-5, 1e-7]) {
    const start = performance.now();
    const rs = rangeSeparatedCoulomb(positions, charges, { accuracy, ...(box !== undefined ? { box } : {}) });
    const seconds = (performance.now() - start) / 1000;
    const q = rs.model.split.quadrature;
    const quadrature = COULOMB_CONSTANT * pairSum((qq, r) => qq * gaussianSum(q, r));
    const rel = (e: number) => (e / -STORED_ENERGY).toExponential(1);
    const p = rs.parts;
    lines.push(
      `| ${label} | ${accuracy} | ${rel(rs.energy - STORED_ENERGY)} | ${rel(quadrature - STORED_ENERGY)} | ${rel(rs.energy - quadrature)} | ${forceError(rs.forces, exact.forces).toExponential(1)} | ${rs.model.grid.n} | ${rs.ranks.join('×')} | ${rs.model.longCount} + ${rs.model.shortCount} | ${[p.long, p.self, p.short, p.selfInterpolation].map((v) => v.toFixed(3)).join(', ')} | ${seconds.toFixed(2)} |`,
    );
    console.error(lines[lines.length - 1]);
  }
}
console.log(lines.join('\n'));
