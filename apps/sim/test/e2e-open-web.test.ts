/**
 * End-to-end tests of opening a structure by PDB ID (RCSB and PDBe download paths) and by URL (issue 18). No network:
 * the archives' exact download addresses are answered locally by the browser's request routing with a PDB written
 * from ../shared/data's 1A63, and a URL on the app's own server is read from it.
 */
import { formatPdb, parsePqr } from '@equitensor/io';
import { readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { appState, fileAppSession } from './e2e-helpers.ts';

const served = await fileAppSession({ ownBuild: 'equitensor-e2e-open-web-' });
const page = served.page;

const protein = parsePqr(readFixtureText('pqr/1a63.pqr'))[0]!;
const requested: string[] = [];
await page.route(/^https:\/\/(files\.rcsb\.org|www\.ebi\.ac\.uk)\//, (route) => {
  const url = route.request().url();
  requested.push(url);
  const known = url === 'https://files.rcsb.org/download/1A63.pdb' || url === 'https://www.ebi.ac.uk/pdbe/entry-files/download/pdb1a63.ent';
  return route.fulfill({
    status: known ? 200 : 404,
    headers: { 'access-control-allow-origin': '*', 'content-type': 'chemical/x-pdb' },
    body: known ? formatPdb(protein) : 'not found',
  });
});

async function start(): Promise<void> {
  await page.goto(`${served.url}?scenario=argon&cells=2`);
  await page.waitForFunction(() => (window as unknown as { equitensor?: unknown }).equitensor !== undefined);
}

async function waitForFile(name: string): Promise<void> {
  await page.waitForFunction((n) => {
    const s = (window as unknown as { equitensor: { state: { fileName: string | null; fileLoading: boolean } } }).equitensor.state;
    return s.fileName === n && !s.fileLoading;
  }, name);
}

describe('open by PDB ID and by URL', () => {
  it('RCSB: the entry’s download path, read as PDB', async () => {
    await start();
    await page.fill('#pdb-id', '1a63');
    await page.click('#pdb-fetch');
    await waitForFile('1A63.pdb');
    expect(requested.at(-1)).toBe('https://files.rcsb.org/download/1A63.pdb');
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
    expect(requested.at(-1)).toBe('https://www.ebi.ac.uk/pdbe/entry-files/download/pdb1a63.ent');
    expect((await appState(page)).atoms).toBe(protein.numbers.length);
  });

  it('a malformed ID is refused before any request; an unknown entry reports the failed download', async () => {
    await start();
    const before = requested.length;
    await page.fill('#pdb-id', 'abc');
    await page.click('#pdb-fetch');
    await expect.poll(async () => (await appState(page)).lastError).toMatch(/"abc" is not a PDB ID/);
    expect(requested.length).toBe(before);
    await page.fill('#pdb-id', '9zzz');
    await page.click('#pdb-fetch');
    await expect.poll(async () => (await appState(page)).lastError).toMatch(/9ZZZ\.pdb/);
    expect(requested.at(-1)).toBe('https://files.rcsb.org/download/9ZZZ.pdb');
  });

  it('a URL on the app’s server opens as the file it names', async () => {
    await start();
    await page.fill('#open-url', `${served.url}data/1ajj.pqr`);
    await page.click('#url-fetch');
    await waitForFile('1ajj.pqr');
    expect((await appState(page)).atoms).toBe(parsePqr(readFixtureText('pqr/1ajj.pqr'))[0]!.numbers.length);
    expect(served.pageErrors).toEqual([]);
  });
});
