import { COULOMB_CONSTANT } from '@equitensor/io';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../src/worker/protocol.ts';
import {
  MOLTEN_NACL_ACCURACY,
  MOLTEN_NACL_LATTICE,
  MOLTEN_NACL_RDF,
  moltenSaltScenario,
  rockSaltCells,
} from '../src/worker/scenarios/molten-salt.ts';

/** Rock salt's Madelung constant (nearest-neighbour distance a/2), e.g. CRC Handbook: 1.747564594633. */
const MADELUNG_ROCK_SALT = 1.747564594633;

describe('molten-salt scenario (Tosi-Fumi NaCl + PME in the worker)', () => {
  it('starts on the expanded crystal with the Madelung energy plus the Born lattice sum, at the target temperature, and conserves energy under NVE', async () => {
    const cutoff = 6;
    const cells = 2;
    const params = { ...DEFAULT_PARAMS, thermostat: 'nve' as const, dt: 1, temperature: 1200, cutoff };
    const running = await moltenSaltScenario(params, () => {}, {
      cells,
      backend: { backend: 'cpu', reason: 'requested' },
      reportBackend: () => {},
    });
    const n = 8 * cells ** 3;
    expect(running.structure.numbers.length).toBe(n);
    const first = running.snapshot(0);
    expect(first.temperature).toBeCloseTo(1200, 6);
    // the reference: Coulomb −N M k_e/a (Madelung, nearest neighbours at a/2) plus the Tosi-Fumi pairs below r_c,
    // summed here directly (r_c < L/2: each pair meets at most one image)
    const a = MOLTEN_NACL_LATTICE;
    const { numbers, positions } = rockSaltCells(cells, a);
    const box = cells * a;
    const born: Record<string, [number, number, number, number, number]> = {
      '11-11': [0.2637, 0.317, 2.34, 1.0487, 0.4994],
      '11-17': [0.211, 0.317, 2.755, 6.99, 8.676],
      '17-17': [0.1582, 0.317, 3.17, 72.4, 145.4],
    };
    let bornEnergy = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let r2 = 0;
        for (let d = 0; d < 3; d++) {
          let x = positions[3 * j + d]! - positions[3 * i + d]!;
          x -= box * Math.round(x / box);
          r2 += x * x;
        }
        const r = Math.sqrt(r2);
        if (r >= cutoff) continue;
        const [A, rho, sigma, C, D] = born[`${Math.min(numbers[i]!, numbers[j]!)}-${Math.max(numbers[i]!, numbers[j]!)}`]!;
        bornEnergy += A * Math.exp((sigma - r) / rho) - C / r ** 6 + D / r ** 8;
      }
    }
    const reference = (-n * MADELUNG_ROCK_SALT * COULOMB_CONSTANT) / a + bornEnergy;
    // PME at relative force accuracy δ: energy within N·δ·k_e (as md's PME tests), the Born table within 10⁻³ δ per pair
    expect(Math.abs(first.potentialEnergy - reference)).toBeLessThan(n * MOLTEN_NACL_ACCURACY * COULOMB_CONSTANT);
    for (let s = 0; s < 20; s++) await running.advanceAsync?.(1);
    const last = running.snapshot(0);
    expect(last.step).toBe(20);
    // velocity Verlet at 1 fs from 1200 K: energy error O(dt²), well below 1e-4 of the potential energy over 20 steps
    expect(Math.abs(last.conservedEnergy - first.conservedEnergy) / Math.abs(first.potentialEnergy)).toBeLessThan(1e-4);
  });

  it('sends the Na–Cl, Na–Na and Cl–Cl g(r) with its frames: the exact crystal shells first, then a running average every 10 steps, afresh after new parameters', async () => {
    const cells = 2;
    const params = { ...DEFAULT_PARAMS, thermostat: 'langevin' as const, dt: 1, temperature: 1200, friction: 0.01, cutoff: 6 };
    const running = await moltenSaltScenario(params, () => {}, {
      cells,
      backend: { backend: 'cpu', reason: 'requested' },
      reportBackend: () => {},
    });
    await running.advanceAsync?.(0);
    const first = running.snapshot(0).rdf!;
    expect(first.samples).toBe(1);
    expect(first.partials.map((p) => p.label)).toEqual(['Na–Cl', 'Na–Na', 'Cl–Cl']);
    // the rock-salt start (nearest neighbours at a/2·√k; unlike ions at odd k, like ions at even k): g in the shell
    // holding a/2·√k is its coordination number over ρ·4π/3(r_hi³ − r_lo³), ρ = 4/a³ per element, zero between shells
    const a = MOLTEN_NACL_LATTICE;
    const dr = MOLTEN_NACL_RDF.rMax / MOLTEN_NACL_RDF.bins;
    const shell = (k: number) => Math.floor(((a / 2) * Math.sqrt(k)) / dr);
    const ideal = (count: number, b: number) => count / ((4 / a ** 3) * ((4 * Math.PI) / 3) * (((b + 1) * dr) ** 3 - (b * dr) ** 3));
    const [naCl, naNa, clCl] = first.partials.map((p) => p.g);
    // float64 arithmetic on exact lattice distances: 1e-9 relative is far above its rounding
    expect(naCl![shell(1)]! / ideal(6, shell(1))).toBeCloseTo(1, 9);
    expect(naCl![shell(3)]! / ideal(8, shell(3))).toBeCloseTo(1, 9);
    expect(naNa![shell(2)]! / ideal(12, shell(2))).toBeCloseTo(1, 9);
    expect(clCl![shell(2)]! / ideal(12, shell(2))).toBeCloseTo(1, 9);
    expect(naNa![shell(1)]).toBe(0);
    expect(naCl![shell(1) - 2]).toBe(0);
    for (let s = 0; s < 25; s++) await running.advanceAsync?.(1);
    const later = running.snapshot(0);
    expect(later.step).toBe(25);
    expect(later.rdf!.samples).toBe(3); // steps 0, 10 and 20
    expect(later.rdf!.every).toBe(10);
    // the mean of three samples, one the crystal, g ≥ 0 in the others: at least a third of the crystal's first Na–Cl shell
    expect(later.rdf!.partials[0]!.g[shell(1)]!).toBeGreaterThan(naCl![shell(1)]! / 3 - 1e-9);
    running.setParams({ ...params, temperature: 1000 });
    await running.advanceAsync?.(1);
    expect(running.snapshot(0).rdf!.samples).toBe(1); // a new state point averages afresh
  });
});
