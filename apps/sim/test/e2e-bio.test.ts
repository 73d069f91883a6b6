/**
 * End-to-end tests of the biomolecular tools (issue 18): colouring by element, chain, residue and charge,
 * selection by chain, residue name/number, atom name and element, and picking that names the atom, residue and
 * chain, on real proteins from ../shared/data (PQR) and a PDB written from one with two chains.
 */

import { readFileSync } from 'node:fs';
import { directPotentialAtPoints } from '@equitensor/electrostatics';
import { BIO_ARRAYS, formatPdb, parsePqr, type Structure } from '@equitensor/io';
import { fixturePath, readFixtureText } from '@equitensor/testing';
import { measure } from '@equitensor/viewer';
import { describe, expect, it } from 'vitest';
import { appState, countViewPixels, fileAppSession, nonBackgroundPixels } from './e2e-helpers.ts';

const served = await fileAppSession({ ownBuild: 'equitensor-e2e-bio-' });
const page = served.page;

async function open(file: { path: string } | { name: string; text: string }): Promise<void> {
  await page.goto(`${served.url}?scenario=argon&cells=2`);
  await page.waitForFunction(() => (window as unknown as { equitensor?: unknown }).equitensor !== undefined);
  if ('path' in file) await page.setInputFiles('#file-input', fixturePath(file.path));
  else await page.setInputFiles('#file-input', { name: file.name, mimeType: 'text/plain', buffer: Buffer.from(file.text) });
  const name = 'path' in file ? file.path.split('/').pop()! : file.name;
  await page.waitForFunction(
    (n) =>
      (window as unknown as { equitensor: { state: { fileName: string | null; fileLoading: boolean } } }).equitensor.state.fileName === n,
    name,
  );
}

/** Pixels of the rendered view that are clearly green (G exceeds R and B by 40): RasMol's LEU/VAL/ILE colour, absent from element colours. */
async function greenPixels(): Promise<number> {
  return countViewPixels(page, ({ data: d }) => {
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 1]! - d[i]! > 40 && d[i + 1]! - d[i + 2]! > 40) n++;
    return n;
  });
}

/** 1AJJ with chain A for its first half and chain B for the rest, as PDB text (io's writer). */
function twoChainPdb(): { text: string; protein: Structure } {
  const protein = parsePqr(readFixtureText('pqr/1ajj.pqr'))[0]!;
  const n = protein.numbers.length;
  const residues = (protein.arrays[BIO_ARRAYS.residueNumbers] as { data: Int32Array }).data;
  const half = residues[Math.floor(n / 2)]!;
  const chains = Array.from(residues, (r) => (r < half ? 'A' : 'B'));
  const withChains: Structure = { ...protein, arrays: { ...protein.arrays, [BIO_ARRAYS.chainIds]: { type: 'S', width: 1, data: chains } } };
  return { text: formatPdb(withChains), protein: withChains };
}

describe('biomolecular colouring, selection and picking', () => {
  it('1A63 (PQR): picking names the atom, residue and chain as the file does; residue colours show LEU/VAL/ILE green', async () => {
    await open({ path: 'pqr/1a63.pqr' });
    const protein = parsePqr(readFixtureText('pqr/1a63.pqr'))[0]!;
    // the menu offers only what the file has: no chain column in this PQR
    expect(await page.locator('#color-scheme option[value="chain"]').isDisabled()).toBe(true);
    expect(await page.locator('#color-scheme option[value="charge"]').isDisabled()).toBe(false);
    // click where atom 100 is drawn; whichever atom is in front there, the panel must describe it as the file does
    const { x, y, hit } = await page.evaluate(() => {
      const v = (
        window as unknown as {
          equitensor: {
            app: { viewer: { screenPositionOf(i: number): [number, number]; pickAt(x: number, y: number): { index: number } | null } };
          };
        }
      ).equitensor.app.viewer;
      const [px, py] = v.screenPositionOf(100);
      return { x: px, y: py, hit: v.pickAt(px, py)?.index ?? -1 };
    });
    expect(hit).toBeGreaterThanOrEqual(0);
    await page.mouse.click(x, y);
    const name = (protein.arrays[BIO_ARRAYS.atomNames] as { data: string[] }).data[hit];
    const residue = (protein.arrays[BIO_ARRAYS.residueNames] as { data: string[] }).data[hit];
    const number = (protein.arrays[BIO_ARRAYS.residueNumbers] as { data: Int32Array }).data[hit];
    const q = (protein.arrays.charges as { data: Float64Array }).data[hit]!;
    const text = await page.locator('#pick-info').textContent();
    expect(text).toContain(`#${hit}\natom ${name} · ${residue} ${number}`);
    expect(text).toContain(`q = ${q.toFixed(4)} e`);

    expect(await greenPixels()).toBe(0);
    await page.selectOption('#color-scheme', 'residue');
    await expect.poll(() => greenPixels()).toBeGreaterThan(500);
    expect((await appState(page)).colorScheme).toBe('residue');
  });

  it('selection by residue name, atom name and number: the count is the file’s, a bad query is refused with its column', async () => {
    await open({ path: 'pqr/1a63.pqr' });
    const rows = readFixtureText('pqr/1a63.pqr')
      .split('\n')
      .filter((l) => l.startsWith('ATOM'))
      .map((l) => l.trim().split(/\s+/));
    const expected = rows.filter((f) => (f[3] === 'LYS' || f[3] === 'ARG') && Number(f[4]) <= 50).length;
    await page.fill('#selection', 'resn LYS ARG and resi 1-50');
    await page.click('#select-apply');
    await expect.poll(async () => (await appState(page)).selectedAtoms).toBe(expected);
    expect(await page.locator('#selection-count').textContent()).toBe(`${expected} atoms selected`);
    await page.fill('#selection', 'resn LYS and chian A');
    await page.press('#selection', 'Enter');
    await expect.poll(async () => (await appState(page)).lastError).toMatch(/expected a keyword .* at column 14, found "chian"/);
    expect(await page.locator('#message').textContent()).toMatch(/column 14/);
    expect((await appState(page)).selectedAtoms).toBe(expected); // unchanged
    await page.click('#select-clear');
    await expect.poll(async () => (await appState(page)).selectedAtoms).toBeNull();
  });

  it('a PDB with two chains: colour by chain, select a chain, and picking shows the chain', async () => {
    const { text, protein } = twoChainPdb();
    await open({ name: '1ajj-two-chains.pdb', text });
    expect(await page.locator('#color-scheme option[value="chain"]').isDisabled()).toBe(false);
    await page.selectOption('#color-scheme', 'chain');
    await expect.poll(async () => (await appState(page)).colorScheme).toBe('chain');
    const chains = (protein.arrays[BIO_ARRAYS.chainIds] as { data: string[] }).data;
    await page.fill('#selection', 'chain B and not element H');
    await page.click('#select-apply');
    const expected = chains.filter((c, i) => c === 'B' && protein.numbers[i] !== 1).length;
    await expect.poll(async () => (await appState(page)).selectedAtoms).toBe(expected);
    const last = protein.numbers.length - 1;
    const [x, y] = await page.evaluate(
      (i) =>
        (
          window as unknown as { equitensor: { app: { viewer: { screenPositionOf(i: number): [number, number] } } } }
        ).equitensor.app.viewer.screenPositionOf(i),
      last,
    );
    const hit = await page.evaluate(
      ([px, py]) =>
        (
          window as unknown as { equitensor: { app: { viewer: { pickAt(x: number, y: number): { index: number } | null } } } }
        ).equitensor.app.viewer.pickAt(px!, py!)?.index ?? -1,
      [x, y],
    );
    await page.mouse.click(x, y);
    expect(await page.locator('#pick-info').textContent()).toContain(`chain ${chains[hit]}`);
    expect((await appState(page)).lastError).toBeNull();
    expect(served.pageErrors).toEqual([]);
  });
});

type Surface = { kind: string; vertices: number; limit: number; method: string; surfaceMs: number; potentialMs: number; totalMs: number };

/** `count` vertices of the surface shown (every `stride`-th) and the potential shown there. */
async function surfaceSample(count: number): Promise<{ points: number[]; values: number[] }> {
  return page.evaluate((m) => {
    const layer = (
      window as unknown as {
        equitensor: { app: { viewer: { surfaceLayer: { display: { mesh: { positions: Float32Array }; values: Float64Array } } } } };
      }
    ).equitensor.app.viewer.surfaceLayer.display;
    const n = layer.values.length;
    const stride = Math.max(1, Math.floor(n / m));
    const points: number[] = [];
    const values: number[] = [];
    for (let v = 0; v < n && values.length < m; v += stride) {
      points.push(layer.mesh.positions[3 * v]!, layer.mesh.positions[3 * v + 1]!, layer.mesh.positions[3 * v + 2]!);
      values.push(layer.values[v]!);
    }
    return { points, values };
  }, count);
}

describe('molecular surface coloured by the electrostatic potential', () => {
  it('1AJJ: the SES with the direct-sum potential at every vertex, mostly red (net charge −5 e) and a colour bar in volts', async () => {
    await open({ path: 'pqr/1ajj.pqr' });
    await page.uncheck('#show-atoms');
    await page.selectOption('#surface-kind', 'ses');
    await expect.poll(async () => (await appState(page)).surface !== null, { timeout: 60_000 }).toBe(true);
    const surface = (await appState(page)).surface as Surface;
    expect(surface.kind).toBe('ses');
    expect(surface.method).toMatch(/^direct summation at each of the \d+ vertices$/);
    const protein = parsePqr(readFixtureText('pqr/1ajj.pqr'))[0]!;
    const charges = (protein.arrays.charges as { data: Float64Array }).data;
    const { points, values } = await surfaceSample(300);
    const expected = directPotentialAtPoints(protein.positions, charges, Float64Array.from(points));
    // the same float64 direct sum in Node at the vertices shown: only summation order differs (1e-9 V of ~10 V)
    for (let i = 0; i < values.length; i++) expect(Math.abs(values[i]! - expected[i]!)).toBeLessThan(1e-9);
    const pixels = await nonBackgroundPixels(page);
    // net charge −5 e: mostly negative (red), a smooth map rather than a flat fill
    expect(pixels.red).toBeGreaterThan(0.05 * pixels.total);
    expect(pixels.red).toBeGreaterThan(pixels.blue);
    expect(pixels.allColours).toBeGreaterThan(500);
    expect(await page.locator('#surface-colorbar').textContent()).toMatch(/\+[\d.]+ V.*0 V.*-[\d.]+ V/);
    // a new structure removes the surface
    await open({ path: 'pqr/1a63.pqr' });
    expect((await appState(page)).surface).toBeNull();
    expect(await page.locator('#surface-colorbar').count()).toBe(0);
  });

  it('actin dimer (11,754 atoms): SES with the grid-interpolated, locally exact potential within its error bound', async () => {
    const started = Date.now();
    await open({ path: 'pqr/actin-dimer_complex.pqr' });
    await page.selectOption('#surface-kind', 'ses');
    await expect.poll(async () => (await appState(page)).surface !== null, { timeout: 120_000 }).toBe(true);
    const elapsed = Date.now() - started;
    const surface = (await appState(page)).surface as Surface;
    expect(surface.method).toMatch(/grid nodes \(3 Å\), interpolated, exact within 6 Å/);
    const protein = parsePqr(readFixtureText('pqr/actin-dimer_complex.pqr'))[0]!;
    const charges = (protein.arrays.charges as { data: Float64Array }).data;
    const { points, values } = await surfaceSample(200);
    const exact = directPotentialAtPoints(protein.positions, charges, Float64Array.from(points));
    const [rc, h, KE] = [6, 3, 14.399645478];
    for (let p = 0; p < values.length; p++) {
      // trilinear interpolation of the charges farther than 6 Å: Σ_axes (h²/8)·2|q|/r_min³ (see surface-potential.test.ts)
      let bound = 0;
      for (let j = 0; j < charges.length; j++) {
        const r = Math.hypot(
          points[3 * p]! - protein.positions[3 * j]!,
          points[3 * p + 1]! - protein.positions[3 * j + 1]!,
          points[3 * p + 2]! - protein.positions[3 * j + 2]!,
        );
        if (r >= rc) bound += (2 * Math.abs(charges[j]!)) / Math.max(rc, r - h * Math.sqrt(3)) ** 3;
      }
      // + float32 vertex positions rounded the same on both sides; 1e-9 V for summation order
      expect(Math.abs(values[p]! - exact[p]!)).toBeLessThan(KE * 3 * ((h * h) / 8) * bound + 1e-9);
    }
    console.log(
      `actin dimer SES: ${surface.vertices} vertices; surface ${surface.surfaceMs.toFixed(0)} ms, potential ${surface.potentialMs.toFixed(0)} ms, request to screen ${surface.totalMs.toFixed(0)} ms; file open to surface ${elapsed} ms`,
    );
    expect((await appState(page)).lastError).toBeNull();
  }, 180_000);
});

type Cartoon = { residues: number; helix: number; strand: number; source: string; ms: number; computeMs: number };

/** Pixels of the view of one colour family: magenta (helix: R and B over G by 60) or yellow (strand: R over B by 50, G over B by 40). */
async function cartoonPixels(): Promise<{ magenta: number; yellow: number }> {
  return countViewPixels(page, ({ data: d }) => {
    let magenta = 0;
    let yellow = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i]! - d[i + 1]! > 60 && d[i + 2]! - d[i + 1]! > 30) magenta++;
      if (d[i]! - d[i + 2]! > 50 && d[i + 1]! - d[i + 2]! > 40) yellow++;
    }
    return { magenta, yellow };
  });
}

describe('cartoon', () => {
  it('1A63 (PQR, no HELIX/SHEET records): secondary structure computed as DSSP 4.2.2 assigns it, helices and strands drawn', async () => {
    await open({ path: 'pqr/1a63.pqr' });
    await page.uncheck('#show-atoms');
    await page.check('#cartoon');
    await expect.poll(async () => (await appState(page)).cartoon !== null).toBe(true);
    const cartoon = (await appState(page)).cartoon as Cartoon;
    // ../../packages/viewer/test/fixtures/1a63-dssp.txt: mkdssp's one-letter assignment of residues 1-129 (130 has no O)
    const dssp = readFileSync(new URL('../../../packages/viewer/test/fixtures/1a63-dssp.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l.length > 0 && !l.startsWith('#'))[0]!;
    expect(cartoon).toMatchObject({
      residues: 130,
      helix: [...dssp].filter((c) => c === 'H').length,
      strand: [...dssp].filter((c) => c === 'E').length,
      source: 'computed (DSSP rules)',
    });
    const pixels = await cartoonPixels();
    expect(pixels.magenta).toBeGreaterThan(1000);
    expect(pixels.yellow).toBeGreaterThan(200);
    await page.uncheck('#cartoon');
    await expect.poll(async () => (await appState(page)).cartoon).toBeNull();
    expect((await cartoonPixels()).magenta).toBe(0);
  });

  it('a PDB with HELIX and SHEET records: the cartoon follows the records', async () => {
    const { text } = twoChainPdb();
    const records = [
      'HELIX    1  H1 ALA A    2  ALA A   10  1                                   9',
      'SHEET    1  S1 1 ALA B  30  ALA B  34  0',
    ];
    await open({ name: '1ajj-records.pdb', text: `${records.join('\n')}\n${text}` });
    await page.check('#cartoon');
    await expect.poll(async () => (await appState(page)).cartoon !== null).toBe(true);
    expect((await appState(page)).cartoon).toMatchObject({ helix: 9, strand: 5, source: 'HELIX/SHEET records' });
  });

  it('actin dimer (11,754 atoms): the cartoon in the viewer, timed', async () => {
    await open({ path: 'pqr/actin-dimer_complex.pqr' });
    await page.check('#cartoon');
    await expect.poll(async () => (await appState(page)).cartoon !== null).toBe(true);
    const cartoon = (await appState(page)).cartoon as Cartoon;
    expect(cartoon.residues).toBeGreaterThan(700);
    expect(cartoon.helix).toBeGreaterThan(100);
    console.log(
      `actin dimer cartoon: ${cartoon.residues} residues, ${cartoon.helix} H, ${cartoon.strand} E; tick to mesh in the viewer ${cartoon.ms.toFixed(0)} ms (worker ${cartoon.computeMs.toFixed(0)} ms, started when the file opened)`,
    );
    expect((await appState(page)).lastError).toBeNull();
  });
});

describe('measurements', () => {
  it('distance, angle and dihedral by picking atoms: values of the picked atoms, labels that stay, cleared on request', async () => {
    await open({ path: 'pqr/1a63.pqr' });
    const protein = parsePqr(readFixtureText('pqr/1a63.pqr'))[0]!;
    // atoms in front at their own screen positions (a click there picks them)
    const front = await page.evaluate(() => {
      const v = (
        window as unknown as {
          equitensor: {
            app: { viewer: { screenPositionOf(i: number): [number, number]; pickAt(x: number, y: number): { index: number } | null } };
          };
        }
      ).equitensor.app.viewer;
      const out: { index: number; x: number; y: number }[] = [];
      for (let i = 0; i < 2065 && out.length < 9; i += 7) {
        const [x, y] = v.screenPositionOf(i);
        if (v.pickAt(x, y)?.index === i) out.push({ index: i, x, y });
      }
      return out;
    });
    expect(front.length).toBe(9);
    // each click at the atom's screen position read just before it: a late layout change (the bio panel growing under
    // load) resizes the canvas and moves every atom on screen after `front` was taken
    const clickAtom = async (index: number) => {
      const [x, y] = await page.evaluate(
        (i) =>
          (
            window as unknown as { equitensor: { app: { viewer: { screenPositionOf(i: number): [number, number] } } } }
          ).equitensor.app.viewer.screenPositionOf(i),
        index,
      );
      await page.mouse.click(x, y);
    };
    await page.selectOption('#measure-mode', '2');
    for (const a of front.slice(0, 2)) await clickAtom(a.index);
    await page.selectOption('#measure-mode', '4');
    for (const a of front.slice(2, 6)) await clickAtom(a.index);
    await page.selectOption('#measure-mode', '3');
    for (const a of front.slice(6, 9)) await clickAtom(a.index);
    await expect.poll(async () => ((await appState(page)).measurements as unknown[]).length).toBe(3);
    const shown = (await appState(page)).measurements as { kind: string; atoms: number[]; value: number }[];
    const [i, j] = [front[0]!.index, front[1]!.index];
    const p = protein.positions;
    expect(shown[0]!.kind).toBe('distance');
    expect(shown[0]!.atoms).toEqual([i, j]);
    // the PQR's coordinates in float64 on both sides
    expect(shown[0]!.value).toBeCloseTo(
      Math.hypot(p[3 * i]! - p[3 * j]!, p[3 * i + 1]! - p[3 * j + 1]!, p[3 * i + 2]! - p[3 * j + 2]!),
      10,
    );
    expect(shown[1]!.kind).toBe('dihedral');
    expect(shown[1]!.atoms).toEqual(front.slice(2, 6).map((a) => a.index));
    expect(shown[1]!.value).toBeCloseTo(measure(p, shown[1]!.atoms).value, 10);
    expect(shown[2]!.kind).toBe('angle');
    expect(shown[2]!.atoms).toEqual(front.slice(6, 9).map((a) => a.index));
    // the angle at the middle atom from the PQR's coordinates: acos of the normalised dot product, degrees
    const [u, w, z] = shown[2]!.atoms;
    const d1 = [0, 1, 2].map((k) => p[3 * u! + k]! - p[3 * w! + k]!);
    const d2 = [0, 1, 2].map((k) => p[3 * z! + k]! - p[3 * w! + k]!);
    const cos = (d1[0]! * d2[0]! + d1[1]! * d2[1]! + d1[2]! * d2[2]!) / (Math.hypot(...d1) * Math.hypot(...d2));
    expect(shown[2]!.value).toBeCloseTo((Math.acos(cos) * 180) / Math.PI, 8);
    const labels = await page.locator('.equitensor-measurement').allTextContents();
    expect(labels).toEqual([`${shown[0]!.value.toFixed(2)} Å`, `${shown[1]!.value.toFixed(1)}°`, `${shown[2]!.value.toFixed(1)}°`]);
    expect(await page.locator('#measurements li').count()).toBe(3);
    // the camera moves, the labels stay
    await page.click('text=Reset camera');
    expect(await page.locator('.equitensor-measurement').count()).toBe(3);
    await page.click('#measure-clear');
    await expect.poll(async () => ((await appState(page)).measurements as unknown[]).length).toBe(0);
    expect(await page.locator('.equitensor-measurement').count()).toBe(0);
  });
});

describe('several structures at once', () => {
  it('a second file joins the view beside the first, each with its own visibility', async () => {
    await open({ path: 'pqr/1a63.pqr' });
    await page.check('#add-structure');
    await page.setInputFiles('#file-input', fixturePath('pqr/1ajj.pqr'));
    await expect.poll(async () => ((await appState(page)).structures as unknown[]).length).toBe(2);
    const state = await appState(page);
    expect(state.fileName).toBe('1a63.pqr'); // the first file stays open
    expect(state.structures).toEqual([
      { name: '1a63.pqr', atoms: parsePqr(readFixtureText('pqr/1a63.pqr'))[0]!.numbers.length, visible: true },
      { name: '1ajj.pqr', atoms: parsePqr(readFixtureText('pqr/1ajj.pqr'))[0]!.numbers.length, visible: true },
    ]);
    const both = (await nonBackgroundPixels(page)).differing;
    await page.uncheck('#structures li[data-name="1ajj.pqr"] input');
    await expect.poll(async () => ((await appState(page)).structures as { visible: boolean }[])[1]!.visible).toBe(false);
    const first = (await nonBackgroundPixels(page)).differing;
    expect(first).toBeLessThan(both);
    await page.uncheck('#structures li[data-name="1a63.pqr"] input');
    await page.check('#structures li[data-name="1ajj.pqr"] input');
    const second = (await nonBackgroundPixels(page)).differing;
    expect(second).toBeGreaterThan(0);
    expect(second).toBeLessThan(both);
    await page.uncheck('#structures li[data-name="1ajj.pqr"] input');
    expect((await nonBackgroundPixels(page)).differing).toBe(0); // nothing left on screen
    expect((await appState(page)).lastError).toBeNull();
  });
});

describe('picking across structures', () => {
  it('the picked-atom panel forgets the previous scenario’s atom; the status bar counts the file’s frames', async () => {
    await page.goto(`${served.url}?scenario=argon&cells=2`);
    await page.waitForFunction(
      () => ((window as unknown as { equitensor?: { state: { framesReceived: number } } }).equitensor?.state.framesReceived ?? 0) >= 3,
    );
    const [x, y] = await page.evaluate(() =>
      (
        window as unknown as { equitensor: { app: { viewer: { screenPositionOf(i: number): [number, number] } } } }
      ).equitensor.app.viewer.screenPositionOf(0),
    );
    await page.mouse.click(x, y);
    await expect.poll(async () => await page.locator('#pick-info').textContent()).toMatch(/^Ar #/);
    await page.setInputFiles('#file-input', fixturePath('pqr/1ajj.pqr'));
    await page.waitForFunction(
      () => (window as unknown as { equitensor: { state: { fileName: string | null } } }).equitensor.state.fileName === '1ajj.pqr',
    );
    expect(await page.locator('#pick-info').textContent()).toMatch(/^Click an atom/);
    await expect.poll(async () => await page.locator('#status').textContent()).toMatch(/ · 1 frame · /);
  });
});
