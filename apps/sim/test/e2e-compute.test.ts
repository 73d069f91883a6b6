/**
 * End-to-end tests of computing on what you open (issue 18): the electrostatic potential of an opened structure
 * with charges by the fastest suitable method, with its energy and Madelung constant in a results panel that
 * stays, and MD of an opened periodic structure with Lennard-Jones, a dropped EAM file, or a dropped
 * Born-Mayer-Huggins file + PME, against the reference values in ../shared/data.
 */
import { readFileSync } from 'node:fs';
import { directCoulomb } from '@equitensor/electrostatics';
import { COULOMB_CONSTANT, formatExtxyz, parseExtxyz, parsePqr } from '@equitensor/io';
import { fixturePath, readFixtureText } from '@equitensor/testing';
import { coolWarm } from '@equitensor/viewer';
import { describe, expect, it } from 'vitest';
import { appState, fileAppSession, nonBackgroundPixels } from './e2e-helpers.ts';

const served = await fileAppSession({ ownBuild: 'equitensor-e2e-compute-' });
const page = served.page;

type Shown = { title: string; label: string; value: number; unit: string; note?: string };

/** Load the app (argon starts, as for a new user) and open files from ../shared/data or buffers, in order. */
async function openFiles(files: readonly ({ path: string } | { name: string; text: string })[]): Promise<void> {
  await page.goto(`${served.url}?scenario=argon&cells=2`);
  await page.waitForFunction(() => (window as unknown as { equitensor?: unknown }).equitensor !== undefined);
  for (const file of files) {
    if ('path' in file) await page.setInputFiles('#file-input', fixturePath(file.path));
    else await page.setInputFiles('#file-input', { name: file.name, mimeType: 'text/plain', buffer: Buffer.from(file.text) });
  }
  const last = files.at(-1)!;
  const name = 'path' in last ? last.path.split('/').pop()! : last.name;
  await page.waitForFunction(
    (n) =>
      (window as unknown as { equitensor: { state: { fileName: string | null; fileLoading: boolean } } }).equitensor.state.fileName === n,
    name,
  );
}

/** The view state fields these tests wait on. */
type State = {
  hasField: boolean;
  fieldShape: number[] | null;
  results: unknown[];
  framesReceived: number;
  lastStep: number;
  temperature: number | null;
};

/** Poll the app's state from Node until `predicate` holds (page-side string predicates would need eval, which the CSP forbids). */
async function waitFor(predicate: (s: State) => boolean, timeout = 30_000): Promise<void> {
  await expect.poll(async () => predicate((await appState(page)) as unknown as State), { timeout, interval: 100 }).toBe(true);
}

async function results(): Promise<Shown[]> {
  return (await appState(page)).results as Shown[];
}

/** An extended-XYZ file of 108 argon atoms: a 3×3×3 fcc cell (a = 5.26 Å), periodic. */
function argonFcc108(): string {
  const a = 5.26;
  const lines: string[] = [];
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++)
      for (let k = 0; k < 3; k++)
        for (const [x, y, z] of [
          [0, 0, 0],
          [0.5, 0.5, 0],
          [0.5, 0, 0.5],
          [0, 0.5, 0.5],
        ] as const)
          lines.push(`Ar ${(i + x) * a} ${(j + y) * a} ${(k + z) * a}`);
  const L = 3 * a;
  return `${lines.length}\nLattice="${L} 0 0 0 ${L} 0 0 0 ${L}" Properties=species:S:1:pos:R:3 pbc="T T T"\n${lines.join('\n')}\n`;
}

describe('compute on what you open', () => {
  it('rock salt cell (extxyz with charges): Ewald energy and Madelung constant in a results panel that stays, and the potential slice', async () => {
    await openFiles([{ path: 'crystals/NaCl_conventional.xyz' }]);
    expect(await page.isDisabled('#compute-md')).toBe(false);
    await page.click('#compute-potential');
    await waitFor((s) => s.hasField && s.results.length >= 2);
    const state = await appState(page);
    expect(state.compute).toBe('potential');
    expect(state.lastError).toBeNull();
    const shown = await results();
    const energy = shown.find((r) => r.label === 'Coulomb energy')!;
    const reference = parseExtxyz(readFixtureText('crystals/NaCl_conventional.xyz'))[0]!.info.ewald_energy as number;
    // Ewald at δ = 1e-10 against the file's tin-foil energy (stable to 1e-12 eV): 1e-7 eV is a wide margin
    expect(Math.abs(energy.value - reference)).toBeLessThan(1e-7);
    expect(energy.note).toMatch(/Ewald/);
    // ../shared/data README: 1.747564594633; the panel shows 10 significant digits
    expect(await page.locator('#results tr[data-label="Madelung constant"] td').textContent()).toBe('1.747564595');
    expect(await page.locator('.equitensor-colorbar').count()).toBe(1);
    await page.waitForTimeout(6500); // longer than a message stays
    expect(await page.isVisible('#results')).toBe(true);
    expect(await page.locator('#results tr[data-label="Madelung constant"]').count()).toBe(1);
  });

  it('protein 1AJJ (PQR): the exact direct-sum energy of its 519 charges and a 64³ potential map', async () => {
    await openFiles([{ path: 'pqr/1ajj.pqr' }]);
    expect(await page.isDisabled('#compute-md')).toBe(true); // no cell: no MD
    await page.click('#compute-potential');
    await waitFor((s) => s.hasField && s.fieldShape?.[0] === 64, 60_000);
    const protein = parsePqr(readFixtureText('pqr/1ajj.pqr'))[0]!;
    const charges = (protein.arrays.charges as { data: Float64Array }).data;
    // the same float64 direct sum in Node (electrostatics' reference, tested there): only summation order differs
    const expected = directCoulomb(protein.positions, charges).energy;
    const energy = (await results()).find((r) => r.label === 'Coulomb energy' && r.title.startsWith('1ajj.pqr'))!;
    expect(Math.abs(energy.value / expected - 1)).toBeLessThan(1e-12);
    expect(energy.note).toMatch(/direct summation/);
    expect((await appState(page)).lastError).toBeNull();
    // ± isosurfaces on the default WebGL2 renderer (e2e-webgpu-renderer.test.ts checks WebGPU): 1AJJ carries −5 e,
    // so the slice alone is mostly red; the positive isosurface adds blue
    expect((await appState(page)).renderer).toBe('webgl');
    await page.uncheck('#show-atoms');
    await page.uncheck('#iso-show');
    const slice = await nonBackgroundPixels(page);
    expect(slice.red / slice.total).toBeGreaterThan(0.1);
    expect(slice.red).toBeGreaterThan(5 * slice.blue);
    await page.check('#iso-show');
    await expect.poll(async () => (await nonBackgroundPixels(page)).blue, { timeout: 30_000, interval: 200 }).toBeGreaterThan(slice.blue);
    expect(served.pageErrors).toEqual([]);
  });

  it('Cu with a dropped EAM file: MD runs and its step-0 energy is LAMMPS’ −3.54 eV/atom', async () => {
    await openFiles([
      { name: 'Cu_u3.eam', text: readFixtureText('lammps/potentials/Cu_u3.eam') },
      { path: 'lammps/ref_Cu_u3_fcc108_perfect.xyz' },
    ]);
    expect(await page.locator('#potential-file').textContent()).toBe('Cu_u3.eam');
    expect(await page.isDisabled('#compute-potential')).toBe(true); // no charges
    await page.click('#compute-md');
    await waitFor((s) => s.framesReceived >= 3 && s.lastStep > 0);
    const state = await appState(page);
    expect(state.compute).toBe('md');
    expect(state.atoms).toBe(108);
    expect(state.lastError).toBeNull();
    // LAMMPS `run 0` with Cu_u3.eam: −382.320000246231 eV (../shared/data/lammps); spline tables agree to ~1e-9
    expect(state.initialPotentialEnergy as number).toBeCloseTo(-382.320000246231, 5);
  });

  it('rattled NaCl with a dropped Born-Mayer-Huggins file: Born + PME MD starts at LAMMPS born/coul/long energy', async () => {
    await openFiles([
      { name: 'NaCl_tosi_fumi.born', text: readFixtureText('lammps/NaCl_tosi_fumi.born') },
      { path: 'lammps/ref_NaCl_tosi_fumi_216_rattled.xyz' },
    ]);
    await page.click('#compute-md');
    await waitFor((s) => s.framesReceived >= 2);
    const state = await appState(page);
    expect(state.lastError).toBeNull();
    const reference = parseExtxyz(readFixtureText('lammps/ref_NaCl_tosi_fumi_216_rattled.xyz'))[0]!.info.energy as number;
    // PME at δ = 1e-5 relative to k_e/Å²: |ΔE| ≤ N δ k_e (an ion's energy error is at most its force error times 1 Å)
    expect(Math.abs((state.initialPotentialEnergy as number) - reference)).toBeLessThan(216 * 1e-5 * COULOMB_CONSTANT);
  });

  it('Lennard-Jones MD of an opened fcc cell; Restart keeps the temperature the user typed', async () => {
    await openFiles([{ name: 'argon-108.xyz', text: argonFcc108() }]);
    await page.selectOption('#md-potential', 'lj');
    await page.click('#compute-md');
    await waitFor((s) => s.framesReceived >= 3);
    expect(await page.isVisible('#param-cutoff')).toBe(true);
    expect(Number(await page.inputValue('#param-cutoff'))).toBeCloseTo(8.5, 10); // 2.5 σ
    await page.fill('#param-temperature', '150');
    await page.dispatchEvent('#param-temperature', 'change');
    await page.click('text=Restart');
    await waitFor((s) => s.framesReceived >= 2 && s.temperature !== null);
    const state = await appState(page);
    expect(state.compute).toBe('md');
    expect(state.fileName).toBe('argon-108.xyz');
    expect(await page.inputValue('#param-temperature')).toBe('150');
    // the restarted run's step 0 (first frame of the recorded trajectory): md's maxwellBoltzmann scales the
    // velocities to exactly the target, so T is 150 K to rounding (the preset would give 300 K)
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-xyz')]);
    const frames = parseExtxyz(readFileSync(await download.path(), 'utf8'));
    expect(frames[0]!.info.step).toBe(0);
    expect(frames[0]!.info.temperature as number).toBeCloseTo(150, 6);
    expect(served.pageErrors).toEqual([]);
  });

  it('MD that blows up (argon at a 100 fs step): stops, names the step and the quantity in the results panel and the status bar, keeps the good frames playable and downloadable', async () => {
    await openFiles([{ name: 'argon-blowup.xyz', text: argonFcc108() }]);
    await page.selectOption('#md-potential', 'lj');
    await page.click('#compute-md');
    await waitFor((s) => s.framesReceived >= 2);
    // LJ argon (σ = 3.4 Å) cannot be integrated at 100 fs: atoms run through each other's repulsive wall within a few steps
    await page.fill('#param-dt', '100');
    await page.dispatchEvent('#param-dt', 'change');
    type Stopped = { step: number; quantity: string; lastGoodStep: number; message: string };
    await expect.poll(async () => (await appState(page)).stopped !== null, { timeout: 30_000, interval: 100 }).toBe(true);
    const state = await appState(page);
    const stopped = state.stopped as Stopped;
    expect(stopped.quantity).toBe('temperature');
    expect(stopped.step).toBeGreaterThan(stopped.lastGoodStep);
    expect(stopped.lastGoodStep).toBe(state.lastStep); // the last frame received is the last good state
    // persistent: the results panel and the status bar say where and why
    const shown = (await results()).find((r) => r.label === 'Unstable at step');
    expect(shown?.value).toBe(stopped.step);
    expect(shown?.note).toContain(`unstable at step ${stopped.step}: temperature`);
    expect(await page.locator('#results').textContent()).toContain('Unstable at step');
    await expect
      .poll(async () => page.locator('#status').textContent())
      .toContain(`stopped: unstable at step ${stopped.step} (temperature)`);
    expect(await page.locator('#status').textContent()).toContain('change the parameters (e.g. a smaller time step)');
    expect(await page.isVisible('#frame-slider')).toBe(true);
    // Step and Run with nothing changed stop at the same step again: no second result, a message saying why (issue #18)
    const unstableEntries = async () => (await results()).filter((r) => r.label === 'Unstable at step').length;
    expect(await unstableEntries()).toBe(1);
    await page.evaluate(() => {
      (document.querySelector('#message') as HTMLElement).textContent = '';
    });
    await page.click('#step');
    await expect.poll(async () => page.locator('#message').textContent(), { timeout: 30_000 }).toContain('Nothing changed');
    await page.click('#run'); // resumes ('Pause'); the repeated stop pauses it again ('Run')
    await expect.poll(async () => page.locator('#run').textContent(), { timeout: 30_000 }).toBe('Run');
    expect(await unstableEntries()).toBe(1);
    expect((await appState(page)).stopped).toEqual(stopped);
    // the frames before it: downloadable, all finite, ending at the last good step
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-xyz')]);
    const frames = parseExtxyz(readFileSync(await download.path(), 'utf8'));
    expect(frames.length).toBeGreaterThanOrEqual(2);
    expect(frames.at(-1)!.info.step).toBe(stopped.lastGoodStep);
    for (const frame of frames) expect(frame.positions.every(Number.isFinite)).toBe(true);
    // the trajectory player holds them, on the last; the slider goes back to the first
    const player = page.locator('fieldset:has(#frame-slider)');
    expect(await player.textContent()).toContain(`${frames.length} / ${frames.length}`);
    await page.fill('#frame-slider', '0');
    await expect.poll(async () => player.textContent()).toContain(`1 / ${frames.length}`);
    expect(served.pageErrors).toEqual([]);
  });

  it('refuses MD with a potential file not yet given, visibly', async () => {
    await openFiles([{ path: 'crystals/CsCl_conventional.xyz' }]);
    await page.selectOption('#md-potential', 'eam');
    await page.click('#compute-md');
    await page.waitForSelector('#message.error');
    expect(await page.locator('#message').textContent()).toMatch(/Drop an EAM file/);
  });

  it('an MLIP fitted on a dropped dataset (Si_tiny): per-type training errors within ACEpotentials.jl’s bounds, a parity plot, then MD with the fitted model', async () => {
    await openFiles([{ path: 'mlip/Si_tiny.xyz' }]);
    await waitFor((s) => (s as unknown as { fileLoading: boolean }).fileLoading === false);
    expect(await page.isDisabled('#compute-fit')).toBe(false);
    await page.click('#compute-fit');
    await waitFor((s) => s.results.length >= 8, 60_000);
    const shown = await results();
    const value = (label: string): number => shown.find((r) => r.label === label)!.value;
    // ACEpotentials.jl's own Si_tiny test bounds (meV/atom, eV/Å; ../shared/data README)
    for (const [type, e, f] of [
      ['dia', 1.2, 0.024],
      ['liq', 0.6, 0.16],
      ['bt', 2.2, 0.07],
    ] as const) {
      expect(value(`energy RMSE (${type})`)).toBeLessThan(e);
      expect(value(`forces RMSE (${type})`)).toBeLessThan(f);
    }
    expect(await page.isVisible('#parity')).toBe(true);
    const drawn = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLCanvasElement>('#parity canvas')].map((canvas) => {
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let blue = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i + 2]! > 150 && data[i]! < 150) blue++;
        return blue;
      }),
    );
    expect(drawn.length).toBe(2);
    expect(Math.min(...drawn)).toBeGreaterThan(100); // points drawn in both plots
    expect((await appState(page)).lastError).toBeNull();

    // the fitted model becomes the MD potential: open one training configuration (2-atom diamond) and run MD with it
    expect(await page.locator('#potential-file').textContent()).toBe('Si_tiny.cg.mlip.json');
    const dia = parseExtxyz(readFixtureText('mlip/Si_tiny.xyz')).find((f) => f.info.config_type === 'dia')!;
    await page.setInputFiles('#file-input', { name: 'dia.xyz', mimeType: 'text/plain', buffer: Buffer.from(formatExtxyz([dia])) });
    await waitFor((s) => (s as unknown as { fileName: string | null }).fileName === 'dia.xyz');
    expect(await page.inputValue('#md-potential')).toBe('mlip');
    await page.click('#compute-md');
    await waitFor((s) => s.framesReceived >= 2);
    const state = await appState(page);
    expect(state.lastError).toBeNull();
    // |ΔE|/N ≤ the dia RMSE bound · √(25 dia configurations) = 6 meV/atom
    const perAtom = ((state.initialPotentialEnergy as number) - (dia.info.dft_energy as number)) / 2;
    expect(Math.abs(1000 * perAtom)).toBeLessThan(1.2 * 5);

    // the fitted model has a committee: colour by its extrapolation grade, which follows the frames
    expect(await page.locator('#color-scheme option[value="grade"]').isDisabled()).toBe(false);
    await page.selectOption('#color-scheme', 'grade');
    await expect.poll(async () => (await appState(page)).colorScheme).toBe('grade');
    /** The grades of the frame the viewer shows (as the worker sent them) and the atoms' colours, read in one task. */
    const gradedColours = () =>
      page.evaluate(() => {
        type Viewer = { frame?: { arrays: { grade?: { data: Float64Array } } }; atoms: { colors: Float32Array } };
        const viewer = (window as unknown as { equitensor: { app: { viewer: Viewer } } }).equitensor.app.viewer;
        return {
          grades: [...(viewer.frame?.arrays.grade?.data ?? [])],
          colours: [...viewer.atoms.colors.subarray(0, 6)],
          step: (window as unknown as { equitensor: { state: { lastStep: number } } }).equitensor.state.lastStep,
        };
      });
    const check = (shown: { grades: number[]; colours: number[] }): void => {
      expect(shown.grades.length).toBe(2);
      for (const [i, g] of shown.grades.entries()) {
        expect(g).toBeGreaterThanOrEqual(0);
        const rgb = shown.colours.slice(3 * i, 3 * i + 3);
        // the scheme's rule: γ = 0 blue, 1 the neutral middle, ≥ 2 red on Moreland's cool-warm map (coolWarm, its table);
        // 1e-6: the colours are stored as float32 (relative rounding 6e-8 on values ≤ 1)
        const expected = coolWarm(g / 2);
        for (let c = 0; c < 3; c++) expect(Math.abs(rgb[c]! - expected[c]!)).toBeLessThan(1e-6);
        // and independent of the table: inside the training data (γ < 1) bluer than red, beyond it redder
        if (g < 0.95) expect(rgb[2]!).toBeGreaterThan(rgb[0]!);
        if (g > 1.05) expect(rgb[0]!).toBeGreaterThan(rgb[2]!);
      }
    };
    const first = await gradedColours();
    check(first);
    // a later frame with other grades: the colours follow them. On every segment of Moreland's table some channel changes
    // by > 1 per unit of γ/2, so a change of γ over 1e-5 moves a colour by > 5e-6: stale colours fail the 1e-6 check
    let later = first;
    await expect
      .poll(
        async () => {
          later = await gradedColours();
          return later.step > first.step && later.grades.some((g, i) => Math.abs(g - first.grades[i]!) > 1e-5);
        },
        { timeout: 30_000, interval: 200 },
      )
      .toBe(true);
    check(later);
    expect(later.colours).not.toEqual(first.colours);
    expect(served.pageErrors).toEqual([]);
  });
});
