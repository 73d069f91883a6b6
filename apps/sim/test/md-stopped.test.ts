/**
 * An MD run in the app's worker that blows up stops at the step md's stability guard names, with the
 * quantity that failed, and keeps its last good state (the frame the app shows) and the frames before it.
 */
import { DEFAULT_MAX_TEMPERATURE } from '@equitensor/md';
import { describe, expect, it } from 'vitest';
import type { FrameMessage } from '../src/worker/protocol.ts';
import { DEFAULT_PARAMS } from '../src/worker/protocol.ts';
import { argonScenario } from '../src/worker/scenarios/argon.ts';
import { computeFactory } from '../src/worker/scenarios/opened.ts';
import { RunStoppedError } from '../src/worker/scenarios/run-stopped.ts';
import type { RunningScenario } from '../src/worker/scenarios/scenario.ts';

const cpu = { backend: { backend: 'cpu', reason: 'requested' }, reportBackend: () => {} } as const;

/** Advance one step at a time (a frame per step, as the worker posts one per block) until the run stops. */
async function runUntilStopped(running: RunningScenario, frames: FrameMessage[], maxSteps: number): Promise<RunStoppedError> {
  for (let s = 0; s < maxSteps; s++) {
    try {
      await running.advanceAsync?.(1);
    } catch (error) {
      if (error instanceof RunStoppedError) return error;
      throw error;
    }
    frames.push(running.snapshot(0));
  }
  throw new Error(`the run did not stop within ${maxSteps} steps`);
}

const finite = (a: Float64Array) => a.every(Number.isFinite);

describe('an MD run that blows up in the worker', () => {
  it('argon at a 100 fs time step (after 5 good steps at 5 fs): stops at the step after the last good frame, naming the temperature, counting steps across the parameter change', async () => {
    const params = { ...DEFAULT_PARAMS, thermostat: 'nve' as const, dt: 5 };
    const running = await argonScenario(params, () => {}, { ...cpu, cells: 4 });
    await running.advanceAsync?.(0);
    const frames: FrameMessage[] = [running.snapshot(0)];
    for (let s = 0; s < 5; s++) {
      await running.advanceAsync?.(1);
      frames.push(running.snapshot(0));
    }
    // LJ argon's repulsive wall (σ = 3.4 Å) cannot be integrated at 100 fs: atoms overrun it within a few steps
    running.setParams({ ...params, dt: 100 });
    const { stopped } = await runUntilStopped(running, frames, 50);

    const last = frames.at(-1) as FrameMessage;
    expect(stopped.type).toBe('stopped');
    // steps of 1: the step that failed is the one after the last good frame, counted from the run's start (past step 5)
    expect(stopped.lastGoodStep).toBe(last.step);
    expect(stopped.step).toBe(last.step + 1);
    expect(stopped.step).toBeGreaterThan(5);
    expect(stopped.quantity).toBe('temperature');
    expect(stopped.value).toBeGreaterThan(DEFAULT_MAX_TEMPERATURE);
    expect(stopped.message).toContain(`unstable at step ${stopped.step}: temperature`);
    expect(stopped.message).toContain(`keeping the frames up to step ${last.step}`);

    // every frame before it is good and kept; the scenario still shows the last good one
    expect(frames.map((f) => f.step)).toEqual(Array.from({ length: last.step + 1 }, (_, i) => i));
    for (const f of frames) {
      expect(finite(f.positions) && finite(f.forces)).toBe(true);
      expect(f.temperature).toBeLessThan(DEFAULT_MAX_TEMPERATURE);
    }
    const shown = running.snapshot(0);
    expect(shown.step).toBe(last.step);
    expect(Array.from(shown.positions)).toEqual(Array.from(last.positions));

    // asking again does not run on from a broken state: the same stop
    await expect(running.advanceAsync?.(1)).rejects.toThrow(`unstable at step ${stopped.step}`);
    // new parameters continue from the last good state, its steps counted on
    running.setParams(params);
    await running.advanceAsync?.(1);
    const next = running.snapshot(0);
    expect(next.step).toBe(last.step + 1);
    expect(finite(next.positions)).toBe(true);
  });

  it('an opened structure with two argon atoms 1.5 Å apart (LJ, σ = 3.4 Å): the first step explodes and the start frame stays', async () => {
    const structure = {
      name: 'overlap.xyz',
      numbers: Int32Array.from([18, 18, 18]),
      positions: Float64Array.from([5, 5, 5, 6.5, 5, 5, 10, 10, 10]),
      cell: Float64Array.from([20, 0, 0, 0, 20, 0, 0, 0, 20]),
      pbc: [true, true, true] as [boolean, boolean, boolean],
    };
    const params = { ...DEFAULT_PARAMS, thermostat: 'nve' as const, dt: 1, temperature: 300, cutoff: 8.5 };
    const factory = computeFactory({ kind: 'md', potential: { kind: 'lj', epsilon: 0.0104, sigma: 3.4 } }, structure);
    const running = await factory(params, () => {}, cpu);
    await running.advanceAsync?.(0);
    const frames: FrameMessage[] = [running.snapshot(0)];
    // at r = 1.5 Å the LJ force is 24ε/r·(2(σ/r)^12 − (σ/r)^6) ≈ 6.1e3 eV/Å on a 40 u atom: a velocity of ≥ 0.7 Å/fs, ≳ 5e6 K, after one 1 fs step
    const { stopped } = await runUntilStopped(running, frames, 10);
    expect(stopped.step).toBe(1);
    expect(stopped.lastGoodStep).toBe(0);
    expect(stopped.quantity).toBe('temperature');
    expect(frames).toHaveLength(1);
    expect(running.snapshot(0).step).toBe(0);
    expect(Array.from(running.snapshot(0).positions)).toEqual(Array.from(structure.positions));
  });
});
