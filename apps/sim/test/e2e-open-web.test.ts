/**
 * End-to-end tests of opening a structure by PDB ID (RCSB and PDBe download paths) and by URL (issue 18), against the
 * app's own local server serving the archives' download paths: no network and no request routing. The server (the
 * CLI's `serveApp`) serves, beside the app, a mirror of the two archives' paths —
 * `mirror/files.rcsb.org/download/1A63.pdb` and `mirror/www.ebi.ac.uk/pdbe/entry-files/download/pdb1a63.ent` — with a
 * PDB written from ../shared/data's 1A63 PQR, and the app is told `?pdb-mirror=./mirror/`. Requests are only watched.
 */
import { readFileSync } from 'node:fs';
import { formatPdb, parseCif, parsePqr } from '@equitensor/io';
import { fixturePath, readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { appState, fileAppSession, waitForFile as waitForOpenFile } from './e2e-helpers.ts';

const protein = parsePqr(readFixtureText('pqr/1a63.pqr'))[0]!;
const pdb = formatPdb(protein);
const cif = readFileSync(fixturePath('crystals/NaCl_symmetric.cif'), 'utf8');
const served = await fileAppSession({
  ownBuild: 'equitensor-e2e-open-web-',
  files: {
    'mirror/files.rcsb.org/download/1A63.pdb': pdb,
    'mirror/www.ebi.ac.uk/pdbe/entry-files/download/pdb1a63.ent': pdb,
    'mirror/crystals/NaCl_symmetric.cif': cif,
  },
});
const page = served.page;
/** Every URL the page asked for (the app's own scripts too); `downloads()` those under an archive's download path. */
const requested: string[] = [];
page.on('request', (request) => requested.push(request.url()));
const downloads = (): string[] => requested.filter((u) => u.includes('/download/'));

async function start(options = '&pdb-mirror=./mirror/'): Promise<void> {
  await page.goto(`${served.url}?scenario=argon&cells=2${options}`);
  await page.waitForFunction(() => (window as unknown as { equitensor?: unknown }).equitensor !== undefined);
}

const waitForFile = (name: string): Promise<void> => waitForOpenFile(page, name);

describe('open by PDB ID and by URL, from a local mirror of the archives’ paths', () => {
  it('RCSB: the entry’s download path on the mirror, read as PDB; the panel names the mirror', async () => {
    await start();
    expect(await page.locator('#pdb-mirror').textContent()).toBe(`from the mirror ${served.url}mirror/`);
    await page.fill('#pdb-id', '1a63');
    await page.click('#pdb-fetch');
    await waitForFile('1A63.pdb');
    expect(requested).toContain(`${served.url}mirror/files.rcsb.org/download/1A63.pdb`);
    expect(requested.some((u) => u.startsWith('https://'))).toBe(false); // nothing left the machine
    const state = await appState(page);
    expect(state.atoms).toBe(protein.numbers.length);
    expect(state.lastError).toBeNull();
  });

  it('PDBe: the entry-files path (pdb1a63.ent), read as PDB', async () => {
    await start();
    await page.fill('#pdb-id', '1A63');
    await page.selectOption('#pdb-archive', 'pdbe');
    await page.press('#pdb-id', 'Enter');
    await waitForFile('1A63.pdb');
    expect(requested).toContain(`${served.url}mirror/www.ebi.ac.uk/pdbe/entry-files/download/pdb1a63.ent`);
    expect((await appState(page)).atoms).toBe(protein.numbers.length);
  });

  it('a malformed ID is refused before any request; an entry the archive lacks reports the failed download', async () => {
    await start();
    const before = downloads().length;
    await page.fill('#pdb-id', 'abc');
    await page.click('#pdb-fetch');
    await expect.poll(async () => (await appState(page)).lastError).toMatch(/"abc" is not a PDB ID/);
    expect(downloads().length).toBe(before);
    await page.fill('#pdb-id', '9zzz');
    await page.click('#pdb-fetch');
    // the mirror answers 404 as the archive would
    await expect.poll(async () => (await appState(page)).lastError, { timeout: 30_000 }).toMatch(/9ZZZ\.pdb.*HTTP 404/);
    expect(requested).toContain(`${served.url}mirror/files.rcsb.org/download/9ZZZ.pdb`);
  });

  it('a URL on the local server opens as the file it names: a CIF crystal and a PQR', async () => {
    await start();
    await page.fill('#open-url', `${served.url}mirror/crystals/NaCl_symmetric.cif`);
    await page.click('#url-fetch');
    await waitForFile('NaCl_symmetric.cif');
    expect((await appState(page)).atoms).toBe(parseCif(cif)[0]!.numbers.length);
    await page.fill('#open-url', `${served.url}data/1ajj.pqr`);
    await page.press('#open-url', 'Enter');
    await waitForFile('1ajj.pqr');
    expect((await appState(page)).atoms).toBe(parsePqr(readFixtureText('pqr/1ajj.pqr'))[0]!.numbers.length);
    expect(served.pageErrors).toEqual([]);
  });

  it('unknown URL options and values not taken are reported, not ignored', async () => {
    await start('&pdb-mirorr=./mirror/&renderer=vulkan');
    await expect
      .poll(async () => (await appState(page)).lastError)
      .toMatch(/unknown URL option \?pdb-mirorr= .*pdb-mirror.*; \?renderer=vulkan is not a value this option takes/);
    expect(await page.locator('#message').textContent()).toMatch(/pdb-mirorr/);
    expect(await page.locator('#pdb-mirror').isHidden()).toBe(true); // the misspelt option set no mirror
  });
});
