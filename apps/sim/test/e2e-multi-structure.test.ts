/**
 * End-to-end test of picking and measuring across several open structures (issue 18): with a second file added
 * beside the first, picking one of its atoms names its file, atom, residue and chain, and a distance measured from an
 * atom of the first file to one of the second equals the distance of the two files' coordinates (every structure is
 * drawn at its file's Cartesian coordinates: one world frame). Hiding the second file hides the measurement and takes
 * its atoms out of picking.
 */

import { BIO_ARRAYS, formatPdb, parsePdb, parsePqr, type Structure } from '@equitensor/io';
import { fixturePath, readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { appState, fileAppSession } from './e2e-helpers.ts';

const served = await fileAppSession({ ownBuild: 'equitensor-e2e-multi-' });
const page = served.page;

/** An atom drawn in front where it is: its index, the id of its structure (undefined: the first file) and where it is on screen. */
interface FrontAtom {
  index: number;
  x: number;
  y: number;
}

/** The first atom (stepping by 7) of the first file (`structure` undefined) or of added structure `structure` that picking finds where it is drawn. */
async function frontAtom(structure: number | undefined, atoms: number): Promise<FrontAtom> {
  const found = await page.evaluate(
    ([id, n]) => {
      type Hit = { index: number; structure?: number } | null;
      const v = (
        window as unknown as {
          equitensor: { app: { viewer: { screenPositionOf(i: number, s?: number): [number, number]; pickAt(x: number, y: number): Hit } } };
        }
      ).equitensor.app.viewer;
      for (let i = 0; i < n; i += 7) {
        const [x, y] = v.screenPositionOf(i, id ?? undefined);
        const hit = v.pickAt(x, y);
        if (hit?.index === i && hit.structure === (id ?? undefined)) return { index: i, x, y };
      }
      return null;
    },
    [structure ?? null, atoms] as const,
  );
  if (!found) throw new Error(`no atom of structure ${structure ?? 'main'} is in front where it is drawn`);
  return found;
}

describe('picking and measuring across two open files', () => {
  it('picks an atom of the added file (its atom, residue and chain) and measures a distance to an atom of the first', async () => {
    const first = parsePqr(readFixtureText('pqr/1a63.pqr'))[0]!;
    // the second file: 1AJJ written as PDB with chain B, so that picking has a chain to name
    const pqr = parsePqr(readFixtureText('pqr/1ajj.pqr'))[0]!;
    const withChain: Structure = {
      ...pqr,
      arrays: { ...pqr.arrays, [BIO_ARRAYS.chainIds]: { type: 'S', width: 1, data: Array.from(pqr.numbers, () => 'B') } },
    };
    await page.goto(`${served.url}?scenario=argon&cells=2`);
    await page.waitForFunction(() => (window as unknown as { equitensor?: unknown }).equitensor !== undefined);
    await page.setInputFiles('#file-input', fixturePath('pqr/1a63.pqr'));
    await page.waitForFunction(
      () => (window as unknown as { equitensor: { state: { fileName: string | null } } }).equitensor.state.fileName === '1a63.pqr',
    );
    const pdb = formatPdb(withChain);
    const second = parsePdb(pdb)[0]!; // what the app reads: the PDB's coordinates, names and chains
    await page.check('#add-structure');
    await page.setInputFiles('#file-input', { name: '1ajj-b.pdb', mimeType: 'text/plain', buffer: Buffer.from(pdb) });
    await expect.poll(async () => ((await appState(page)).structures as unknown[]).length).toBe(2);
    const id = await page.evaluate(
      () =>
        (window as unknown as { equitensor: { app: { viewer: { addedStructures: { id: number }[] } } } }).equitensor.app.viewer
          .addedStructures[0]!.id,
    );

    // picking an atom of the second file names it as the file does
    const b = await frontAtom(id, second.numbers.length);
    await page.mouse.click(b.x, b.y);
    const names = (second.arrays[BIO_ARRAYS.atomNames] as { data: string[] }).data;
    const residues = (second.arrays[BIO_ARRAYS.residueNames] as { data: string[] }).data;
    const numbers = (second.arrays[BIO_ARRAYS.residueNumbers] as { data: Int32Array }).data;
    await expect
      .poll(async () => await page.locator('#pick-info').textContent())
      .toContain(`#${b.index} in 1ajj-b.pdb\natom ${names[b.index]} · ${residues[b.index]} ${numbers[b.index]} · chain B`);

    // a distance from an atom of the first file to that atom of the second
    const a = await frontAtom(undefined, first.numbers.length);
    await page.selectOption('#measure-mode', '2');
    await page.mouse.click(a.x, a.y);
    await page.mouse.click(b.x, b.y);
    await expect.poll(async () => ((await appState(page)).measurements as unknown[]).length).toBe(1);
    const [shown] = (await appState(page)).measurements as {
      kind: string;
      atoms: number[];
      value: number;
      structures: (number | null)[];
    }[];
    const p = first.positions;
    const q = second.positions;
    const expected = Math.hypot(
      p[3 * a.index]! - q[3 * b.index]!,
      p[3 * a.index + 1]! - q[3 * b.index + 1]!,
      p[3 * a.index + 2]! - q[3 * b.index + 2]!,
    );
    expect(shown!.kind).toBe('distance');
    expect(shown!.atoms).toEqual([a.index, b.index]);
    expect(shown!.structures).toEqual([null, id]);
    // both sides parse the same PQR and PDB text to float64 and take the same differences: equal to rounding, 1e-10 Å
    expect(shown!.value).toBeCloseTo(expected, 10);
    expect(expected).toBeGreaterThan(0);
    expect(await page.locator('.equitensor-measurement').allTextContents()).toEqual([`${expected.toFixed(2)} Å`]);
    expect(await page.locator('#measurements li').allTextContents()).toEqual([
      `distance #${a.index}–#${b.index} in 1ajj-b.pdb: ${expected.toFixed(2)} Å`,
    ]);

    // hiding the second file hides the measurement and takes its atoms out of picking
    await page.uncheck('#structures li[data-name="1ajj-b.pdb"] input');
    await expect.poll(async () => await page.locator('.equitensor-measurement').isVisible()).toBe(false);
    const hidden = await page.evaluate(
      ([x, y]) =>
        (
          window as unknown as { equitensor: { app: { viewer: { pickAt(x: number, y: number): { structure?: number } | null } } } }
        ).equitensor.app.viewer.pickAt(x, y)?.structure ?? null,
      [b.x, b.y] as const,
    );
    expect(hidden).toBeNull();
    expect((await appState(page)).lastError).toBeNull();
    expect(served.pageErrors).toEqual([]);
  });
});
