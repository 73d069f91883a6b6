import { readFileSync } from 'node:fs';
import { PmeReciprocal, pmeParameters } from '@equitensor/electrostatics';
import { COULOMB_CONSTANT, parseExtxyz } from '@equitensor/io';
import {
  type AtomsState,
  BornMayerHuggins,
  type BornPairTerms,
  CoulombPme,
  cpuBackend,
  createSystem,
  maxwellBoltzmann,
  metalUnits,
  SumPotential,
  systemFromStructure,
} from '@equitensor/md';
import { fixturePath, readFixtureText, rockSalt, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import {
  BufferSet,
  createGpuCoulombPme,
  deviceForceFieldFor,
  fftRadices,
  GpuMeshFft,
  GpuParameterError,
  GpuPmeForceField,
  runDispatches,
  webgpuBackend,
} from '../../src/index.ts';
import { fileGpu } from '../gpu.ts';

const gpu = await fileGpu();

/** float32 unit roundoff. */
const U = 2 ** -24;

/** The unnormalised 3D DFT by its definition, X(m) = Σ_k x(k) e^{±2πi m·k/K}, one axis after the other, in float64. */
function dft3(mesh: readonly [number, number, number], re: Float64Array, im: Float64Array, sign: -1 | 1): void {
  const strides = [mesh[1] * mesh[2], mesh[2], 1];
  for (let axis = 0; axis < 3; axis++) {
    const n = mesh[axis]!;
    const stride = strides[axis]!;
    const lineRe = new Float64Array(n);
    const lineIm = new Float64Array(n);
    for (let start = 0; start < re.length; start++) {
      if (Math.floor(start / stride) % n !== 0) continue; // first point of a line along this axis
      for (let m = 0; m < n; m++) {
        let sr = 0;
        let si = 0;
        for (let k = 0; k < n; k++) {
          const angle = (sign * 2 * Math.PI * ((m * k) % n)) / n;
          const xr = re[start + k * stride]!;
          const xi = im[start + k * stride]!;
          sr += xr * Math.cos(angle) - xi * Math.sin(angle);
          si += xr * Math.sin(angle) + xi * Math.cos(angle);
        }
        lineRe[m] = sr;
        lineIm[m] = si;
      }
      for (let m = 0; m < n; m++) {
        re[start + m * stride] = lineRe[m]!;
        im[start + m * stride] = lineIm[m]!;
      }
    }
  }
}

describe('GpuMeshFft (mixed-radix Stockham in workgroup memory)', () => {
  it('equals the float64 DFT by its definition, forward and backward, within the float32 FFT error bound', async () => {
    const buffers = new BufferSet(gpu);
    for (const mesh of [
      [6, 10, 15],
      [8, 9, 20],
      [14, 7, 16],
      [27, 32, 30],
    ] as [number, number, number][]) {
      const size = mesh[0] * mesh[1] * mesh[2];
      const rng = new SeededRng(size);
      const re = Float64Array.from({ length: size }, () => rng.uniformIn(-1, 1));
      const im = Float64Array.from({ length: size }, () => rng.uniformIn(-1, 1));
      const packed = new Float32Array(2 * size);
      for (let k = 0; k < size; k++) {
        packed[2 * k] = re[k] as number;
        packed[2 * k + 1] = im[k] as number;
      }
      // the reference transforms the float32-rounded input, so only the transform's own rounding is measured
      for (let k = 0; k < size; k++) {
        re[k] = packed[2 * k] as number;
        im[k] = packed[2 * k + 1] as number;
      }
      const fft = new GpuMeshFft(buffers, `t${size}`, mesh);
      const buffer = buffers.upload(`t${size}/mesh`, packed);
      const scratch = buffers.storage(`t${size}/scratch`, 8 * size);
      for (const sign of [-1, 1] as const) {
        const x = Float64Array.from(re);
        const y = Float64Array.from(im);
        dft3(mesh, x, y, sign);
        buffers.upload(`t${size}/mesh`, packed);
        const { plans, result } = fft.plans(buffer, scratch, sign);
        await runDispatches(gpu, plans);
        expect(result).toBe(fft.passes % 2 === 0 ? buffer : scratch);
        const out = await buffers.readFloat32(result, 2 * size);
        let err = 0;
        let norm = 0;
        for (let k = 0; k < size; k++) {
          err += ((out[2 * k] as number) - (x[k] as number)) ** 2 + ((out[2 * k + 1] as number) - (y[k] as number)) ** 2;
          norm += (x[k] as number) ** 2 + (y[k] as number) ** 2;
        }
        // Higham (Accuracy and Stability of Numerical Algorithms, §24.1): a radix-2-style FFT in floating point has
        // ‖ŷ − y‖/‖y‖ ≤ log₂(n)·η/(1 − log₂(n)·η) with η = µ + γ₄(√2 + µ) ≈ 5u + the twiddle error µ (≈ u: the
        // roots are rounded float64 values); radix 3, 5, 7 passes cost at most log₂R of those steps each.
        expect(Math.sqrt(err / norm), `${mesh.join('×')} sign ${sign}`).toBeLessThan(6 * U * Math.log2(size));
      }
    }
    buffers.destroy();
  });

  it('plans lengths with prime factors ≤ 7 and refuses others by name', () => {
    expect(fftRadices(60)).toEqual([4, 3, 5]);
    expect(fftRadices(98)).toEqual([2, 7, 7]);
    expect(fftRadices(22)).toBeNull();
    const buffers = new BufferSet(gpu);
    expect(() => new GpuMeshFft(buffers, 'bad', [22, 8, 8])).toThrow(GpuParameterError);
    expect(() => new GpuMeshFft(buffers, 'big', [8192, 8, 8])).toThrow(/mesh/);
    buffers.destroy();
  });
});

/** Float64 sums of the magnitudes of every real-space term, per atom: what float32 rounding is relative to. */
function termMagnitudes(atoms: AtomsState, charges: Float64Array, alpha: number, cutoff: number, born: BornPairTerms | null) {
  const n = charges.length;
  const cell = atoms.cell as Float64Array;
  const x = atoms.positions;
  const force = new Float64Array(n);
  let energy = 0;
  let virial = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      for (let a = -2; a <= 2; a++)
        for (let b = -2; b <= 2; b++)
          for (let c = -2; c <= 2; c++) {
            if (i === j && a === 0 && b === 0 && c === 0) continue;
            const d = [0, 1, 2].map(
              (k) => (x[3 * j + k] as number) - (x[3 * i + k] as number) + a * cell[k]! + b * cell[3 + k]! + c * cell[6 + k]!,
            );
            const r = Math.hypot(d[0]!, d[1]!, d[2]!);
            if (r >= cutoff) continue;
            const qq = COULOMB_CONSTANT * charges[i]! * charges[j]!;
            const erfcTerm = erfc(alpha * r) / r;
            let e = Math.abs(qq * erfcTerm);
            let f = Math.abs((qq * (erfcTerm + (2 * alpha * Math.exp(-alpha * alpha * r * r)) / Math.sqrt(Math.PI))) / r);
            if (born !== null) {
              const row = born.pairIndex[born.types[i]! * born.typeCount + born.types[j]!]!;
              if (row >= 0 && r * r < born.cutoff2[row]!) {
                const p = born.params.subarray(5 * row, 5 * row + 5);
                const rexp = p[0]! * Math.exp(-r * p[1]!);
                e += rexp + p[2]! / r ** 6 + p[3]! / r ** 8;
                f += rexp * p[1]! + (6 * p[2]!) / r ** 7 + (8 * p[3]!) / r ** 9;
              }
            }
            force[i] = force[i]! + f;
            energy += 0.5 * e;
            virial += 0.5 * f * r;
          }
    }
  }
  return { force, energy, virial };
}

/** erfc in float64 (W. J. Cody's rational approximations are overkill here: series/continued fraction to 1e-15). */
function erfc(x: number): number {
  // Abramowitz & Stegun 7.1.26 is too coarse; use the complementary error function via a high-order continued fraction
  if (x < 2) {
    // erf by its Maclaurin series
    let term = x;
    let sum = x;
    for (let k = 1; k < 60; k++) {
      term *= (-x * x) / k;
      sum += term / (2 * k + 1);
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  let f = 0;
  for (let k = 60; k >= 1; k--) f = k / 2 / (x + f);
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / (x + f);
}

interface Compared {
  energy: number;
  forces: Float64Array;
  virial: Float64Array;
}

/**
 * GPU against the float64 CPU on the same PME sum (same α, r_c, mesh, order: only float32 rounding differs). The
 * float32 error estimate per quantity, with u = 2⁻²⁴:
 * - real space: each term carries the rounding of erfc (Numerical Recipes' erfcc, fractional error 1.2e-7 ≈ 2u), of
 *   exp, sqrt and the divisions (≈ 4u), and of the float32 coordinates (|x| ≤ L: r moves by ≈ u·L, changing a term
 *   by u·L·|∂ ln f/∂r|, ≤ u·L/ρ for the Born exponential, ≤ 3u·L/r for Coulomb) — at most 64u (L ≈ 17 Å, ρ = 0.32 Å)
 *   of the float64 sum of the terms' magnitudes (computed here, `termMagnitudes`);
 * - mesh: the FFTs (≤ 6u·log₂M normwise, see above) and the p³-term spreading and gathering (≈ p³u) relative to the
 *   mesh part's own size (electrostatics' PmeReciprocal, float64), with the same coordinate rounding (u·L·K/L per
 *   B-spline weight): 10u·(log₂M + p³ + K) of it, K the largest mesh size.
 */
function expectMatchesCpu(
  label: string,
  atoms: AtomsState,
  options: { accuracy: number; cutoff: number; order?: number; born?: BornMayerHuggins },
  gpuResult: Compared,
  cpu: Compared,
): number {
  const charges = atoms.charges as Float64Array;
  const params = pmeParameters(atoms.cell as Float64Array, charges, options);
  const born = options.born?.pairTerms(atoms.numbers) ?? null;
  const magnitudes = termMagnitudes(atoms, charges, params.alpha, options.cutoff, born);
  const mesh = new PmeReciprocal(params.mesh, params.order);
  const meshForces = new Float64Array(atoms.positions.length);
  const meshPart = mesh.compute(atoms.positions, charges, atoms.cell as Float64Array, params.alpha, meshForces);
  const M = params.mesh[0] * params.mesh[1] * params.mesh[2];
  const meshFactor = 10 * U * (Math.log2(M) + params.order ** 3 + Math.max(...params.mesh));
  const maxMeshForce = Math.max(...Array.from(meshForces, Math.abs));
  let q2 = 0;
  for (const q of charges) q2 += q * q;
  const self = (COULOMB_CONSTANT * params.alpha * q2) / Math.sqrt(Math.PI);
  const energyTolerance = 64 * U * (magnitudes.energy + self) + meshFactor * Math.abs(meshPart.energy);
  expect(Math.abs(gpuResult.energy - cpu.energy), `${label} energy (tolerance ${energyTolerance})`).toBeLessThan(energyTolerance);
  const n = charges.length;
  for (let i = 0; i < n; i++) {
    const tolerance = 64 * U * magnitudes.force[i]! + meshFactor * maxMeshForce;
    for (let c = 0; c < 3; c++) {
      const k = 3 * i + c;
      expect(Math.abs(gpuResult.forces[k]! - cpu.forces[k]!), `${label} force ${i}.${c}`).toBeLessThan(tolerance);
    }
  }
  const maxMeshVirial = Math.max(...Array.from(meshPart.virial, Math.abs));
  const virialTolerance = 64 * U * magnitudes.virial + meshFactor * maxMeshVirial;
  for (let c = 0; c < 9; c++) {
    expect(Math.abs(gpuResult.virial[c]! - cpu.virial[c]!), `${label} virial ${c}`).toBeLessThan(virialTolerance);
  }
  return energyTolerance;
}

/** 64 rattled rock-salt ions (2³ conventional cells) in `cell` (default the 11.28 Å cube), ±0.15 Å. */
function rattledRockSalt(seed: number, cell?: Float64Array): AtomsState & { charges: Float64Array } {
  const rng = new SeededRng(seed);
  const { positions, charges, cell: box } = rockSalt(2, { displace: () => rng.uniformIn(-0.15, 0.15), ...(cell ? { cell } : {}) });
  const numbers = Int32Array.from(charges, (q) => (q > 0 ? 11 : 17));
  return { numbers, positions, cell: box, pbc: [true, true, true], charges };
}

describe('GpuPmeForceField (smooth PME on the device) against md’s float64 CoulombPme', () => {
  it('NaCl rock salt, cubic and triclinic, orders 4–8, neutral and charged: energy, forces, virial', async () => {
    const triclinic = new Float64Array([11.28, 0, 0, 2.1, 10.9, 0, -1.3, 1.7, 11.6]);
    const cases = [
      { label: 'cubic p=5', atoms: rattledRockSalt(1), order: 5 },
      { label: 'cubic p=4', atoms: rattledRockSalt(2), order: 4 },
      { label: 'triclinic p=8', atoms: rattledRockSalt(3, triclinic), order: 8 },
      { label: 'triclinic p=6 charged', atoms: rattledRockSalt(4, triclinic), order: 6 },
    ];
    const charged = cases[3]!.atoms;
    charged.charges[0] = 0.4; // net charge −0.6 e: the neutralising background
    for (const { label, atoms, order } of cases) {
      const options = { accuracy: 1e-5, cutoff: 7, order };
      const gpuPme = createGpuCoulombPme(gpu, options);
      const g = await gpuPme.computeAsync(atoms, { perAtomEnergies: true });
      const cpu = new CoulombPme(options).compute(atoms, { perAtomEnergies: true });
      expect(gpuPme.field.parameters?.order).toBe(order);
      const bound = expectMatchesCpu(label, atoms, options, g, cpu);
      // per-atom energies: the same shares as the CPU (½ of each real-space pair, ½ q φ(r_i) of the mesh, the self
      // term, the background by charge); each is a partial sum of the energy's terms, so the energy's bound holds
      for (let i = 0; i < atoms.numbers.length; i++) {
        expect(Math.abs(g.perAtomEnergies![i]! - cpu.perAtomEnergies![i]!), `${label} atom ${i}`).toBeLessThan(bound);
      }
      gpuPme.field.buffers.destroy();
    }
  });

  it('LAMMPS born/coul/long + ewald 1e-12 (216 ions, Tosi-Fumi): the same sum as the CPU, and the reference within the estimate', async () => {
    const [frame] = parseExtxyz(readFixtureText('lammps/ref_NaCl_tosi_fumi_216_rattled.xyz'), { fileName: 'ref_NaCl_tosi_fumi_216' });
    const system = systemFromStructure(frame!);
    const born = BornMayerHuggins.fromFile(readFileSync(fixturePath('lammps/NaCl_tosi_fumi.born'), 'utf8'), {
      fileName: 'NaCl_tosi_fumi.born',
    });
    const options = { accuracy: 1e-5, cutoff: 8 };
    const cpuPme = new CoulombPme({ ...options, shortRange: born });
    const cpu = cpuPme.compute(system);
    const gpuPme = createGpuCoulombPme(gpu, { ...options, shortRange: born });
    const g = await gpuPme.computeAsync(system);
    expect(gpuPme.field.parameters).toEqual(cpuPme.parameters);
    expectMatchesCpu('216 ions', system, { ...options, born }, g, cpu);
    // LAMMPS' reference (exact to ~1e-6 of max |F|): the RMS force error within 1.5× the reported estimate (as md's
    // CoulombPme test: the estimate's accuracy for random charges) plus the float32 rounding bounded above
    const reference = frame!.arrays.forces!.data as Float64Array;
    let rms = 0;
    for (let k = 0; k < reference.length; k++) rms += (g.forces[k]! - reference[k]!) ** 2;
    rms = Math.sqrt(rms / 216) / COULOMB_CONSTANT;
    expect(rms).toBeLessThan(1.5 * cpuPme.parameters!.estimatedError.total + 1e-6);
    expect(Math.abs(g.energy - (frame!.info.energy as number))).toBeLessThan(216 * options.accuracy * COULOMB_CONSTANT);
    gpuPme.field.buffers.destroy();
  });

  it('runs md’s Born + PME sum (as `--potential born:FILE+coulomb:pme` builds it) through webgpuBackend, following cpuBackend', async () => {
    const [frame] = parseExtxyz(readFixtureText('lammps/ref_NaCl_tosi_fumi_216_rattled.xyz'), { fileName: 'ref_NaCl_tosi_fumi_216' });
    const system = systemFromStructure(frame!);
    maxwellBoltzmann(system, { temperature: 300, seed: 5, units: metalUnits });
    const born = BornMayerHuggins.fromFile(readFileSync(fixturePath('lammps/NaCl_tosi_fumi.born'), 'utf8'), {
      fileName: 'NaCl_tosi_fumi.born',
    });
    const potential = new SumPotential([new CoulombPme({ accuracy: 1e-5, cutoff: 8 }).withShortRange(born)]);
    expect(deviceForceFieldFor(gpu, potential)?.name).toBe('gpu:born+coulomb:pme');
    const request = { potential, integrator: { kind: 'nve' }, dt: 2, units: metalUnits } as const;
    const backend = webgpuBackend({ gpu });
    expect(backend.unsupported({ ...request, system })).toBeNull();
    const cpu = await cpuBackend.create({ ...request, system: createSystem({ ...system }) });
    const device = await backend.create({ ...request, system });
    const g = await device.run(10);
    const c = await cpu.run(10);
    device.destroy();
    expect(g.backend).toBe('webgpu');
    // 10 steps of 2 fs: float32 positions carry u·L ≈ 1e-6 Å each step and the force differences bounded above
    // (≤ 1e-4·max|F| ≈ 1e-4 eV/Å) move an ion by ≤ ½(ΔF/m)t² ≈ 1e-7 Å; 2e-5 Å allows 20 steps' rounding
    for (let k = 0; k < g.positions.length; k++) expect(Math.abs(g.positions[k]! - c.positions[k]!)).toBeLessThan(2e-5);
    // the energy bound of expectMatchesCpu (≈ 8e-6 relative for this system)
    expect(Math.abs(g.potentialEnergy - c.potentialEnergy) / Math.abs(c.potentialEnergy)).toBeLessThan(8e-6);
  });

  it('refuses atoms without charges, cells that are not fully periodic and a short-range cutoff above r_c, by name', () => {
    const atoms = rattledRockSalt(6);
    const field = new GpuPmeForceField(gpu, { cutoff: 7 });
    const { charges, ...uncharged } = atoms;
    expect(() => field.configure(uncharged)).toThrow(/charges/);
    expect(() => field.configure({ ...atoms, charges: charges.subarray(1) })).toThrow(/63 charges for 64 atoms/);
    expect(() => field.configure({ ...atoms, pbc: [true, true, false] })).toThrow(/fully periodic cell/);
    const born = BornMayerHuggins.fromFile(readFileSync(fixturePath('lammps/NaCl_tosi_fumi.born'), 'utf8'), {
      fileName: 'NaCl_tosi_fumi.born',
    });
    expect(() => new GpuPmeForceField(gpu, { cutoff: born.cutoff - 1, shortRange: born })).toThrow(GpuParameterError);
    field.buffers.destroy();
  });
});
