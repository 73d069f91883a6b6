/**
 * End-to-end: drop a MACE model file on the app (JSON with a state_dict, or the binary layout), open a periodic
 * structure, run MD with it (issue 20). The first frame's potential energy is the model's energy at the opened
 * positions, which mace 0.3.6 gives in the reference file.
 */
import { writeMaceBinary } from '@equitensor/mlip';
import { fixturePath, readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { appState, fileAppSession } from './e2e-helpers.ts';

const served = await fileAppSession({ ownBuild: 'equitensor-e2e-mace-' });
const page = served.page;

type State = { fileName: string | null; framesReceived: number; initialPotentialEnergy: number | null; lastError: unknown };

async function waitFor(predicate: (s: State) => boolean, timeout = 60_000): Promise<void> {
  await expect.poll(async () => predicate((await appState(page)) as unknown as State), { timeout, interval: 100 }).toBe(true);
}

describe('MD with a dropped MACE model in the app', () => {
  it('JSON and binary model files: "MACE" is chosen and the first frame has the mace 0.3.6 energy', async () => {
    const json = JSON.parse(readFixtureText('mace/mace_small_reference.json')) as {
      structures: { symbols: string[]; positions: number[]; cell: number[]; energy: number }[];
    };
    const s = json.structures[4]!;
    const xyz = [
      String(s.symbols.length),
      `Lattice="${s.cell.join(' ')}" Properties=species:S:1:pos:R:3 pbc="T T T"`,
      ...s.symbols.map((x, i) => `${x} ${s.positions.slice(3 * i, 3 * i + 3).join(' ')}`),
    ].join('\n');
    const models = [
      { name: 'mace_small_reference.json', file: fixturePath('mace/mace_small_reference.json') },
      { name: 'small.macebin', buffer: Buffer.from(writeMaceBinary(json as unknown as Parameters<typeof writeMaceBinary>[0])) },
    ];
    for (const model of models) {
      await page.goto(`${served.url}?scenario=argon&cells=2`);
      await page.waitForFunction(() => (window as unknown as { equitensor?: unknown }).equitensor !== undefined);
      if ('file' in model) await page.setInputFiles('#file-input', model.file);
      else await page.setInputFiles('#file-input', { name: model.name, mimeType: 'application/octet-stream', buffer: model.buffer });
      await page.setInputFiles('#file-input', { name: 'periodic.xyz', mimeType: 'text/plain', buffer: Buffer.from(`${xyz}\n`) });
      await waitFor((st) => st.fileName === 'periodic.xyz');
      await expect.poll(() => page.locator('#potential-file').textContent(), { timeout: 30_000 }).toBe(model.name);
      expect(await page.inputValue('#md-potential')).toBe('mace');
      await page.click('#compute-md');
      await waitFor((st) => st.framesReceived >= 2);
      const state = (await appState(page)) as unknown as State;
      expect(state.lastError).toBeNull();
      // float64 in the worker, as in Node: issue 20's 1e-10 relative (agreement is ~1e-15)
      expect(Math.abs((state.initialPotentialEnergy as number) - s.energy)).toBeLessThanOrEqual(1e-10 * Math.abs(s.energy));
    }
    expect(served.pageErrors).toEqual([]);
  }, 180_000);
});
