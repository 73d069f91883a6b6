/**
 * End-to-end test of the backend choice: the app (built with the CLI's `buildApp` into a temporary
 * folder, so that it never races `e2e.test.ts` over apps/sim/dist, and served by its `serveApp`) runs the argon scenario on
 * WebGPU in headless Chromium (SwiftShader's Vulkan on machines without a GPU) with `?backend=webgpu`,
 * and on the CPU with `?backend=cpu`. 256 atoms (`?cells=4`) keep SwiftShader's steps short. A page
 * that finds no WebGPU adapter shows an error and this test fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COULOMB_CONSTANT } from '@equitensor/io';
import { BornMayerHuggins, CoulombPme, createSystem, cubicLattice, EmbeddedAtom, LennardJones } from '@equitensor/md';
import { assertScalarClose, repoRoot } from '@equitensor/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARGON_LJ } from '../src/worker/scenarios/argon.ts';
import { MOLTEN_NACL_ACCURACY, MOLTEN_NACL_LATTICE, rockSaltCells, tosiFumiNaCl } from '../src/worker/scenarios/molten-salt.ts';
import { type AppSession, appState, openAppSession, WEBGPU_CHROMIUM_ARGS } from './e2e-helpers.ts';

let served: AppSession;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  served = await openAppSession({ chromiumArgs: WEBGPU_CHROMIUM_ARGS, ownBuild: 'equitensor-webgpu-dist-' });
  ({ page, pageErrors } = served);
  await recordFrames();
}, 90_000);

afterAll(async () => {
  await served?.close();
});

/** The float64 CPU energy of the argon scenario's starting crystal (4×4×4 fcc cells, 256 atoms), eV. */
function referenceEnergy(): number {
  const crystal = cubicLattice({ structure: 'fcc', a: 5.26, repeat: [4, 4, 4], number: 18 });
  const system = createSystem({ numbers: crystal.numbers, positions: crystal.positions, cell: crystal.cell, pbc: [true, true, true] });
  return new LennardJones({ ...ARGON_LJ, cutoff: 8.5, shift: true }).compute(system).energy;
}

/** The same for the copper scenario: md's EAM with the Cu_u3.eam the app ships, 4×4×4 fcc cells, eV. */
function referenceCopperEnergy(): number {
  const crystal = cubicLattice({ structure: 'fcc', a: 3.615, repeat: [4, 4, 4], number: 29 });
  const system = createSystem({ numbers: crystal.numbers, positions: crystal.positions, cell: crystal.cell, pbc: [true, true, true] });
  const text = readFileSync(join(repoRoot(), 'apps/sim/public/data/Cu_u3.eam'), 'utf8');
  return EmbeddedAtom.fromFile(text, 'Cu_u3.eam').compute(system).energy;
}

/** The same for the molten-salt scenario's starting crystal (m³ rock-salt cells at a = 6.345 Å): md's Born + PME, eV. */
function referenceMoltenSaltEnergy(m: number, cutoff: number): number {
  const salt = rockSaltCells(m, MOLTEN_NACL_LATTICE);
  const system = createSystem({ ...salt, pbc: [true, true, true] });
  const born = BornMayerHuggins.fromFile(tosiFumiNaCl(cutoff));
  return new CoulombPme({ accuracy: MOLTEN_NACL_ACCURACY, cutoff }).withShortRange(born).compute(system).energy;
}

type State = Record<string, unknown> & {
  backend: string | null;
  adapter: string;
  lastError: string | null;
  framesReceived: number;
  lastStep: number;
  temperature: number | null;
  potentialEnergy: number | null;
  kineticEnergy: number | null;
  initialPotentialEnergy: number | null;
};

/** Wait until the app has `minFrames` frames and at least `minStep` steps, or shows an error. */
async function waitForRun(minFrames: number, minStep: number, timeout: number): Promise<State> {
  await page.waitForFunction(
    ([frames, step]) => {
      const s = (window as unknown as { equitensor?: { state: { framesReceived: number; lastStep: number; lastError: string | null } } })
        .equitensor?.state;
      return s !== undefined && (s.lastError !== null || (s.framesReceived >= frames && s.lastStep >= step));
    },
    [minFrames, minStep] as [number, number],
    { timeout, polling: 100 },
  );
  return (await appState(page)) as State;
}

/**
 * Set the target temperature (and friction) and wait for `minSteps` steps run entirely with them. The
 * block of steps in flight when the worker receives the parameters finishes with the old ones, so the
 * count starts at the end of the first frame after the frame seen now.
 */
async function changeTemperatureAndRun(temperature: number, friction: number, minSteps: number, timeout: number): Promise<State> {
  await page.fill('#param-friction', String(friction));
  await page.fill('#param-temperature', String(temperature));
  await page.dispatchEvent('#param-temperature', 'change');
  const seen = ((await appState(page)) as State).framesReceived;
  const inFlight = await waitForRun(seen + 1, 0, timeout);
  return waitForRun(inFlight.framesReceived + 1, inFlight.lastStep + minSteps, timeout);
}

/** Generous limit of every wait on the app (ms): SwiftShader on a loaded 2-core machine is slow, never wrong. */
const WAIT_MS = 120_000;
/** Limit of each test (ms): a few such waits in a row. */
const TEST_MS = 600_000;

/**
 * Record every frame message of the page's workers (its step and temperature) in `window.frameLog`, from
 * the first script of each page on: the samples below are taken by step number from this log, never by
 * polling the app's state on a timer (which misses frames that arrive within one poll).
 */
async function recordFrames(): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { frameLog: { step: number; temperature: number }[]; Worker: typeof Worker };
    w.frameLog = [];
    const Base = w.Worker;
    w.Worker = class extends Base {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.addEventListener('message', (event: MessageEvent) => {
          const data = event.data as { type?: string; step?: number; temperature?: number };
          if (data?.type === 'frame') w.frameLog.push({ step: data.step as number, temperature: data.temperature as number });
        });
      }
    };
  });
}

/**
 * The mean temperature (K) over the frames that follow the last one seen now (step s): every frame, in
 * order, up to the first at which both at least `frames` frames and `steps` MD steps past s are reached.
 * One frame of 256 atoms fluctuates by about sqrt(2/(3N)) = 5 %; the mean over several frames spread over
 * many friction times, by less.
 */
async function meanTemperature(frames: number, steps: number): Promise<number> {
  type Log = { frameLog: { step: number; temperature: number }[] };
  const start = await page.evaluate(() => (window as unknown as Log).frameLog.length);
  const window_ = await page.waitForFunction(
    ([first, n, span]) => {
      const log = (window as unknown as Log).frameLog;
      const from = log[first - 1]?.step ?? 0;
      for (let i = first + n - 1; i < log.length; i++)
        if (log[i]!.step >= from + span) return log.slice(first, i + 1).map((f) => f.temperature);
      return false;
    },
    [start, frames, steps] as [number, number, number],
    { timeout: WAIT_MS, polling: 100 },
  );
  const samples = (await window_.jsonValue()) as number[];
  return samples.reduce((a, b) => a + b, 0) / samples.length;
}

/** The status bar of a CPU run: backend, then the threads of MD on the CPU (checked by e2e-pool-app), then the step. */
const CPU_STEP_STATUS = /256 atoms · cpu · (?:(?:\d+ workers|1 thread[^·]*) · )?step/;

/** Wait (generously) until the status line contains `text` (a string) or matches it (a RegExp), then return it. */
async function statusWith(text: string | RegExp): Promise<string> {
  const [source, literal] = typeof text === 'string' ? [text, true] : [text.source, false];
  await page.waitForFunction(
    ([s, l]) => {
      const status = document.querySelector('#status')?.textContent ?? '';
      return l ? status.includes(s) : new RegExp(s).test(status);
    },
    [source, literal] as [string, boolean],
    { timeout: WAIT_MS, polling: 100 },
  );
  return (await page.textContent('#status')) ?? '';
}

describe('compute backend of the browser app', () => {
  it(
    'runs argon on WebGPU with ?backend=webgpu: frames, finite energies, Langevin at the target temperature',
    async () => {
      const started = performance.now();
      await page.goto(`${served.url}?scenario=argon&backend=webgpu&cells=4`);
      const first = await waitForRun(2, 1, WAIT_MS);
      expect(first.lastError).toBeNull(); // "no WebGPU adapter" lands here
      expect(first.backend).toBe('webgpu');
      expect(first.adapter.trim().length).toBeGreaterThan(0);
      expect(first.atoms).toBe(256);
      expect(await statusWith(`webgpu (${first.adapter})`)).toContain(`webgpu (${first.adapter})`);
      // Step 0 on the device (float32) against md's float64 Lennard-Jones on the same crystal.
      assertScalarClose(first.initialPotentialEnergy as number, referenceEnergy(), { rtol: 1e-5, atol: 0 }, 'GPU energy at step 0');
      const firstAt = performance.now();

      // A new target temperature rebuilds the device integrator (Langevin BAOAB on the GPU).
      const base = first.lastStep;
      const after = await changeTemperatureAndRun(150, 0.05, 40, WAIT_MS); // 40 steps of 5 fs = 10 friction times
      const finishedAt = performance.now();
      expect(after.lastError).toBeNull();
      expect(after.backend).toBe('webgpu');
      for (const key of ['potentialEnergy', 'kineticEnergy', 'temperature'] as const) expect(Number.isFinite(after[key])).toBe(true);
      // Within 15 %: a few % of fluctuation of the mean, and a few % of lag while the potential energy
      // takes up heat; the previous target (100 K) is 33 % away.
      const heated = await meanTemperature(8, 40); // 40 steps of 5 fs = 10 friction times
      expect(Math.abs(heated - 150), `mean T = ${heated} K on WebGPU`).toBeLessThan(22.5);
      console.info(
        `webgpu (${first.adapter}): first frames after ${((firstAt - started) / 1000).toFixed(1)} s, ` +
          `${after.lastStep - base} steps in ${((finishedAt - firstAt) / 1000).toFixed(1)} s, T = ${heated.toFixed(1)} K`,
      );

      // A lost device: the run continues on the CPU from the last state read back, without restarting.
      await page.evaluate(() =>
        (window as unknown as { equitensor: { app: { simulateDeviceLoss(): void } } }).equitensor.app.simulateDeviceLoss(),
      );
      await page.waitForFunction(
        () => (window as unknown as { equitensor: { state: { backend: string } } }).equitensor.state.backend === 'cpu',
        undefined,
        { timeout: WAIT_MS },
      );
      const lostAt = ((await appState(page)) as State).lastStep;
      const continued = await waitForRun(1, lostAt + 20, WAIT_MS);
      const kept = await meanTemperature(5, 40);
      expect(continued.lastError).toBeNull();
      expect(continued.backend).toBe('cpu');
      expect(continued.backendReason).toMatch(/lost.*continues on the CPU from step \d+/);
      expect(lostAt).toBeGreaterThanOrEqual(after.lastStep);
      expect(Math.abs(kept - 150), `mean T = ${kept} K after the loss`).toBeLessThan(22.5);
      expect(await statusWith(CPU_STEP_STATUS)).toMatch(CPU_STEP_STATUS);
      // The controls keep working on the CPU continuation.
      const cooled = await changeTemperatureAndRun(120, 0.05, 100, WAIT_MS);
      const cool = await meanTemperature(5, 40);
      expect(cooled.lastError).toBeNull();
      expect(cooled.backend).toBe('cpu');
      expect(Math.abs(cool - 120), `mean T = ${cool} K at 120 K on the CPU`).toBeLessThan(18); // 150 K is 25 % away
      expect(pageErrors).toEqual([]);
      console.info(`after the loss: mean T = ${kept.toFixed(1)} K (150 K), then ${cool.toFixed(1)} K (120 K)`);
    },
    TEST_MS,
  );

  it(
    'runs Cu EAM on WebGPU with ?backend=webgpu',
    async () => {
      await page.goto(`${served.url}?scenario=copper&backend=webgpu&cells=4`);
      const state = await waitForRun(3, 2, WAIT_MS);
      expect(state.lastError).toBeNull();
      expect(state.backend).toBe('webgpu');
      expect(state.atoms).toBe(256);
      // EAM density + force passes in float32 against md's float64 EmbeddedAtom (−3.54 eV/atom).
      assertScalarClose(
        state.initialPotentialEnergy as number,
        referenceCopperEnergy(),
        { rtol: 1e-6, atol: 0 },
        'GPU EAM energy at step 0',
      );
      for (const key of ['potentialEnergy', 'kineticEnergy', 'temperature'] as const) expect(Number.isFinite(state[key])).toBe(true);
      expect(pageErrors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'runs molten NaCl (Tosi-Fumi + PME) on WebGPU with ?backend=webgpu',
    async () => {
      // 4³ cells (512 ions, L = 25.4 Å): the default r_c = 10 Å stays below L/2
      await page.goto(`${served.url}?scenario=molten-salt&backend=webgpu&cells=4`);
      const state = await waitForRun(3, 2, WAIT_MS);
      expect(state.lastError).toBeNull();
      expect(state.backend).toBe('webgpu');
      expect(state.atoms).toBe(512);
      // the same PME sum (α, mesh and order from the same δ) in float32 against md's float64 one: within N·δ·k_e, the
      // PME accuracy bound of md's PME tests (≈ 3.7e-5 of the energy here; @equitensor/gpu's PME test bounds the float32
      // rounding of a 216-ion NaCl energy by ≈ 8e-6 relative; a missing Born or mesh term would be off by percent)
      const reference = referenceMoltenSaltEnergy(4, 10);
      expect(Math.abs((state.initialPotentialEnergy as number) - reference)).toBeLessThan(512 * MOLTEN_NACL_ACCURACY * COULOMB_CONSTANT);
      console.info(`molten salt on webgpu: step-0 energy ${state.initialPotentialEnergy} eV, float64 CPU ${reference} eV`);
      for (const key of ['potentialEnergy', 'kineticEnergy', 'temperature'] as const) expect(Number.isFinite(state[key])).toBe(true);
      expect(pageErrors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'defaults to the CPU when the only adapter is software (SwiftShader), and reports why',
    async () => {
      await page.goto(`${served.url}?scenario=argon&cells=4`);
      const state = await waitForRun(2, 1, WAIT_MS);
      expect(state.lastError).toBeNull();
      expect(state.backend).toBe('cpu');
      expect(state.backendReason).toMatch(/software adapter \(.*swiftshader.*\)/i);
    },
    TEST_MS,
  );

  it(
    'runs argon on the CPU with ?backend=cpu and reports it',
    async () => {
      await page.goto(`${served.url}?scenario=argon&backend=cpu&cells=4`);
      const state = await waitForRun(2, 1, WAIT_MS);
      expect(state.lastError).toBeNull();
      expect(state.backend).toBe('cpu');
      expect(state.adapter).toBe('');
      expect(await statusWith(CPU_STEP_STATUS)).toMatch(CPU_STEP_STATUS);
      assertScalarClose(state.initialPotentialEnergy as number, referenceEnergy(), { rtol: 1e-12, atol: 0 }, 'CPU energy at step 0');
      expect(Number.isFinite(state.temperature)).toBe(true);
      expect(pageErrors).toEqual([]);
    },
    TEST_MS,
  );
});
