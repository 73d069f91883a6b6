import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BornMayerHuggins, CoulombPme, createSystem, noseHooverChain, pressure, temperature } from '../src/index.ts';
import { STUDENT_T_999 } from './energy-order.ts';
import { readPotentialText } from './helpers.ts';

/**
 * A LAMMPS melt of 216 Tosi-Fumi NaCl ions at 1.52 g/cm³ and LAMMPS' NVT statistics from it
 * (`born/coul/long 9` + `pppm 1e-5`, `fix nvt temp 1200 1200 0.1`, 1 fs; written by
 * bench/molten-nacl-vs-lammps.ts --fixture, which runs the 1,000-ion comparison).
 */
interface MoltenFixture {
  protocol: { cutoff: number; accuracy: number; steps: number; discard: number; blocks: number; sampleEvery: number };
  melt: { box: number; numbers: number[]; charges: number[]; positions: number[]; velocities: number[] };
  lammps: Record<'temperature' | 'pressure' | 'energy', { mean: number; error: number }> & { step0: [number, number, number] };
}

const EV_PER_A3_IN_BAR = 1.602176634e6;

function blockMean(values: number[], blocks: number): { mean: number; error: number } {
  const size = Math.floor(values.length / blocks);
  const means: number[] = [];
  for (let b = 0; b < blocks; b++) means.push(values.slice(b * size, (b + 1) * size).reduce((s, v) => s + v, 0) / size);
  const mean = means.reduce((s, v) => s + v, 0) / blocks;
  return { mean, error: Math.sqrt(means.reduce((s, v) => s + (v - mean) ** 2, 0) / (blocks - 1) / blocks) };
}

describe('molten NaCl (Tosi-Fumi Born-Mayer-Huggins + PME) against LAMMPS born/coul/long + pppm', () => {
  const fixture = JSON.parse(readFileSync(new URL('./fixtures/molten_nacl_216.json', import.meta.url), 'utf8')) as MoltenFixture;
  const { protocol, melt, lammps } = fixture;
  const n = melt.numbers.length;
  const system = () =>
    createSystem({
      numbers: melt.numbers,
      charges: melt.charges,
      positions: melt.positions,
      velocities: melt.velocities,
      masses: melt.numbers.map((z) => (z === 11 ? 22.98977 : 35.453)),
      cell: [melt.box, 0, 0, 0, melt.box, 0, 0, 0, melt.box],
      pbc: true,
    });
  const potential = () => {
    const text = readPotentialText('lammps/NaCl_tosi_fumi.born').replaceAll(/ 8\.0$/gm, ` ${protocol.cutoff}`);
    return new CoulombPme({ accuracy: protocol.accuracy, cutoff: protocol.cutoff, shortRange: BornMayerHuggins.fromFile(text) });
  };

  it('has LAMMPS’ energy and pressure on the melt itself, within the PPPM/PME error estimates', () => {
    const start = system();
    const pme = potential();
    const result = pme.compute(start);
    const [t0, p0, e0] = lammps.step0;
    // same velocities; LAMMPS' metal constants (boltz 8.617343e-5, mvv2e 1.0364269e-4) carry 7–8 digits
    expect(Math.abs(temperature(start) - t0)).toBeLessThan(1e-5 * t0);
    // both sums are accurate to δ·k_e/Å in RMS force per ion (relative to two unit charges 1 Å apart); the energy of
    // N ions to N·δ·k_e (each code's error, added), the pressure to the same energy error over the volume
    const energyTolerance = 2 * n * protocol.accuracy * 14.399645478;
    expect(Math.abs(result.energy - e0)).toBeLessThan(energyTolerance);
    const volume = melt.box ** 3;
    expect(Math.abs(pressure(start, result.virial) * EV_PER_A3_IN_BAR - p0)).toBeLessThan((energyTolerance / volume) * EV_PER_A3_IN_BAR);
  });

  it('gives LAMMPS’ ⟨T⟩, ⟨P⟩ and ⟨E_pot⟩ in Nosé-Hoover NVT at 1200 K from the same melt (block means, t-test at 99.9 %)', () => {
    const nvt = noseHooverChain(potential(), { dt: 1, temperature: 1200, tau: 100, chainLength: 3 });
    const state = nvt.init(system());
    const series = { temperature: [] as number[], pressure: [] as number[], energy: [] as number[] };
    for (let s = 1; s <= protocol.steps; s++) {
      nvt.step(state);
      if (s < protocol.discard || s % protocol.sampleEvery !== 0) continue;
      series.temperature.push(temperature(state.system));
      series.pressure.push(pressure(state.system, state.virial) * EV_PER_A3_IN_BAR);
      series.energy.push(state.potentialEnergy / n);
    }
    // each side's mean has a standard error from `blocks` block means (6 degrees of freedom): t₅(99.9 %) on the
    // combined error is conservative (fewer degrees of freedom, larger quantile)
    const t = STUDENT_T_999[5] as number;
    for (const key of ['temperature', 'pressure', 'energy'] as const) {
      const ours = blockMean(series[key], protocol.blocks);
      const theirs = lammps[key];
      expect(Math.abs(ours.mean - theirs.mean)).toBeLessThan(t * Math.hypot(ours.error, theirs.error));
    }
  }, 120_000);
});
