/** Node tests of the app's pure parts: file opening, the trajectory store, and the scenario wiring. */
import { parseExtxyz } from '@equitensor/io';
import { describe, expect, it } from 'vitest';
import { parseByName, UnsupportedFileError } from '../src/app/file-open.ts';
import { TrajectoryStore } from '../src/app/trajectory-store.ts';
import { initialAppState, repeatsStop, sameParams, statusText, titleStatesCount } from '../src/app/view-state.ts';
import { DEFAULT_PARAMS } from '../src/worker/protocol.ts';
import { argonScenario } from '../src/worker/scenarios/argon.ts';

describe('parseByName', () => {
  it('picks io parsers by extension and reports unknown types', () => {
    const frames = parseByName('w.xyz', '1\nProperties=species:S:1:pos:R:3\nO 0 0 0\n');
    expect(frames[0]!.numbers[0]).toBe(8);
    expect(() => parseByName('notes.txt', 'hello')).toThrow(UnsupportedFileError);
    expect(() => parseByName('bad.xyz', '2\n\nAr 0 0 0\n')).toThrow(/bad\.xyz:4:/);
  });
});

describe('TrajectoryStore', () => {
  it('keeps at most its capacity, thinning evenly so the whole run stays covered, and writes extxyz', () => {
    const store = new TrajectoryStore(8);
    for (let i = 0; i < 100; i++) {
      store.push({
        numbers: new Int32Array([18]),
        positions: new Float64Array([i, 0, 0]),
        cell: null,
        pbc: [false, false, false],
        arrays: {},
        info: { step: i },
      });
    }
    expect(store.length).toBeLessThanOrEqual(8);
    const steps = store.all.map((f) => f.info.step as number);
    expect(steps[0]).toBe(0);
    expect(steps.at(-1)!).toBeGreaterThan(60);
    expect(new Set(steps.map((s, k) => (k > 0 ? s - steps[k - 1]! : 0)).slice(1)).size).toBe(1); // even stride
    const back = parseExtxyz(store.toExtxyz());
    expect(back.map((f) => f.positions[0])).toEqual(steps);
  });
});

describe('argon scenario wiring (md in the worker)', () => {
  it('starts 2048 atoms at the target temperature and conserves energy under NVE', async () => {
    const running = await argonScenario({ ...DEFAULT_PARAMS, thermostat: 'nve', dt: 2, temperature: 60 }, () => {});
    expect(running.structure.numbers.length).toBe(2048);
    const first = running.snapshot(0);
    expect(first.temperature).toBeCloseTo(60, 6);
    // MD scenarios advance through md's Dynamics (asynchronous on every backend)
    for (let s = 0; s < 20; s++) await running.advanceAsync?.(1);
    const last = running.snapshot(0);
    expect(last.step).toBe(20);
    expect(last.time).toBeCloseTo(40, 12);
    expect(Math.abs(last.conservedEnergy - first.conservedEnergy) / Math.abs(first.potentialEnergy)).toBeLessThan(1e-4);
    running.setParams({ ...DEFAULT_PARAMS, thermostat: 'nve', dt: 2, temperature: 60 });
    await running.advanceAsync?.(1);
    expect(running.snapshot(0).step).toBe(21);
  });
});

describe('statusText', () => {
  const frame = { step: 120, time: 240, temperature: 94.4, msPerStep: 1.5 };

  it('states the atom count once when the scenario title already has it (issue #18: "2048 atoms · 2048 atoms")', () => {
    const state = initialAppState();
    Object.assign(state, { title: 'Lennard-Jones argon, 2048 atoms', atoms: 2048, scenario: 'argon', backend: 'cpu', framesReceived: 3 });
    expect(statusText(state, frame, true, 7)).toBe(
      'Lennard-Jones argon, 2048 atoms · cpu · step 120 · t = 0.24 ps · T = 94.4 K · 1.50 ms/step · 3 frames · 7 renders',
    );
  });

  it('says when the pool workers run the JavaScript force loop instead of the WebAssembly kernel (never silently slower)', () => {
    const state = initialAppState();
    const pooled = { title: 'Lennard-Jones argon, 2048 atoms', atoms: 2048, scenario: 'argon', backend: 'cpu', framesReceived: 3 };
    Object.assign(state, { ...pooled, workers: 2, workersReason: 'on 2 Web Workers', workersForceLoop: 'wasm-simd' });
    expect(statusText(state, null, true, 0)).toBe('Lennard-Jones argon, 2048 atoms · cpu · 2 workers · 3 frames · 0 renders');
    state.workersForceLoop = 'typescript';
    expect(statusText(state, null, true, 0)).toBe(
      'Lennard-Jones argon, 2048 atoms · cpu · 2 workers, JavaScript force loop · 3 frames · 0 renders',
    );
  });

  it('adds the count when the title does not state it (an opened file)', () => {
    const state = initialAppState();
    Object.assign(state, { title: 'water.xyz', atoms: 3, fileName: 'water.xyz', fileFrames: 1 });
    expect(statusText(state, null, false, 0)).toBe('water.xyz · 3 atoms · 1 frame · 0 renders');
  });

  it('titleStatesCount matches the count as a whole number of atoms or ions only', () => {
    expect(titleStatesCount('Molten NaCl, Tosi-Fumi + PME, 1000 ions', 1000)).toBe(true);
    expect(titleStatesCount('NaCl: 512-ion cube, RS potential', 512)).toBe(true);
    expect(titleStatesCount('Protein 1AJJ (1204 atoms, net charge 0.00 e)', 1204)).toBe(true);
    expect(titleStatesCount('Lennard-Jones argon, 2048 atoms', 48)).toBe(false);
    expect(titleStatesCount('cluster 2.5 atoms', 5)).toBe(false);
    expect(titleStatesCount('1AJJ: 1204 charges', 1204)).toBe(false);
  });
});

describe('a stopped run asked to go on (issue #18)', () => {
  const shown = { step: 12, quantity: 'temperature', lastGoodStep: 11, message: 'the run became unstable at step 12: …' };

  it('repeatsStop: the same stop with the same parameters is a repeat; new parameters, another step or no stop shown are not', () => {
    const params = { ...DEFAULT_PARAMS, dt: 100 };
    expect(repeatsStop(shown, { step: 12, lastGoodStep: 11 }, params, { ...params })).toBe(true);
    expect(repeatsStop(shown, { step: 12, lastGoodStep: 11 }, { ...params, dt: 50 }, params)).toBe(false);
    expect(repeatsStop(shown, { step: 13, lastGoodStep: 12 }, params, params)).toBe(false);
    expect(repeatsStop(null, { step: 12, lastGoodStep: 11 }, params, params)).toBe(false);
    expect(repeatsStop(shown, { step: 12, lastGoodStep: 11 }, params, null)).toBe(false);
  });

  it('sameParams: equal values are the same parameters (a change event that changed nothing is not sent)', () => {
    expect(sameParams({ ...DEFAULT_PARAMS }, { ...DEFAULT_PARAMS })).toBe(true);
    expect(sameParams({ ...DEFAULT_PARAMS, dt: 100 }, DEFAULT_PARAMS)).toBe(false);
    expect(sameParams({ ...DEFAULT_PARAMS, thermostat: 'nve' as const }, { ...DEFAULT_PARAMS, thermostat: 'langevin' as const })).toBe(
      false,
    );
  });

  it('the status bar says where it stopped and that the parameters must change', () => {
    const state = initialAppState();
    Object.assign(state, {
      title: 'argon.xyz: MD with LJ, 108 atoms',
      atoms: 108,
      compute: 'md',
      backend: 'cpu',
      stopped: shown,
      framesReceived: 12,
    });
    expect(statusText(state, null, true, 0)).toBe(
      'argon.xyz: MD with LJ, 108 atoms · cpu · stopped: unstable at step 12 (temperature) · change the parameters (e.g. a smaller time step) to go on · 12 frames · 0 renders',
    );
  });
});
