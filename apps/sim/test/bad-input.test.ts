/**
 * Bad input to the non-MD commands gets exit 2 and a message a user can act on, before any computation
 * and with nothing half-written: output folders that do not exist, fitting data without energies,
 * coincident charges, an accuracy RS cannot reach, empty tensors. Runs the real CLI in this process.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatNpy } from '@equitensor/io';
import { fixturePath } from '@equitensor/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { runEquitensorInProcess } from './run-cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'equitensor-bad-input-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const missing = join(scratch, 'no-such-folder');
const siTiny = fixturePath('mlip/Si_tiny.xyz');
const siKeys = ['--energy-key', 'dft_energy', '--forces-key', 'dft_force', '--virial-key', 'dft_virial'];

/** An extxyz file with charges. */
function chargedXyz(name: string, atoms: readonly [string, number, number, number, number][]): string {
  const path = join(scratch, name);
  const lines = atoms.map(([s, x, y, z, q]) => `${s} ${x} ${y} ${z} ${q}`);
  writeFileSync(path, `${atoms.length}\nProperties=species:S:1:pos:R:3:charges:R:1 pbc="F F F"\n${lines.join('\n')}\n`);
  return path;
}

function expectBadInput(r: { code: number | null; stdout: string; stderr: string }, message: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(r.stdout).toBe('');
}

describe('mlip eval --model mace:FILE with a malformed model', () => {
  it('a config that contradicts itself: exit 2 naming the model file and the key (was the key alone)', async () => {
    const model = JSON.parse(readFileSync(fixturePath('mace/mace_small_reference.json'), 'utf8')) as {
      config: { atomic_numbers: number[] };
    };
    model.config.atomic_numbers = [1, 6]; // three atomic_energies remain
    const path = join(scratch, 'mace-bad-config.json');
    writeFileSync(path, JSON.stringify(model));
    const data = fixturePath('mlip/solvent_xtb_train.xyz');
    const r = await runEquitensorInProcess(['mlip', 'eval', '--model', `mace:${path}`, '--data', data, '--json']);
    expectBadInput(r, /mace-bad-config\.json: config\.atomic_energies: expected 2 energies/);
  });
});

describe('output paths are checked before any computation', () => {
  it('mlip fit --out into a missing folder: exit 2 before the fit starts, nothing written', async () => {
    const out = join(missing, 'model.json');
    const r = await runEquitensorInProcess(['mlip', 'fit', '--train', siTiny, ...siKeys, '--degree', '6', '--out', out, '--json']);
    expectBadInput(r, /--out .*model\.json: the folder .*no-such-folder does not exist/);
    expect(r.stderr).not.toMatch(/basis:|features:/); // the fit's own log: it never started
    expect(existsSync(missing)).toBe(false);
  });

  it('mlip fit --out into a folder where no file can be made (/sys, even for root): exit 2 before the fit starts', async () => {
    const r = await runEquitensorInProcess([
      'mlip',
      'fit',
      '--train',
      siTiny,
      ...siKeys,
      '--degree',
      '4',
      '--out',
      '/sys/m.json',
      '--json',
    ]);
    expectBadInput(r, /--out \/sys\/m\.json: the folder \/sys is not writable/); // was exit 1 after the whole fit
    expect(r.stderr).not.toMatch(/basis:|features:/);
  });

  it('mlip fit --out naming a folder: exit 2', async () => {
    const r = await runEquitensorInProcess(['mlip', 'fit', '--train', siTiny, ...siKeys, '--out', scratch]);
    expectBadInput(r, /is a folder, expected a file name/);
  });

  it('electrostatics --potential-out into a missing folder: exit 2 before the computation', async () => {
    const input = fixturePath('pqr/1ajj.pqr');
    for (const method of ['direct', 'rs']) {
      const r = await runEquitensorInProcess([
        'electrostatics',
        '--input',
        input,
        '--method',
        method,
        '--potential-out',
        join(missing, 'phi.npy'),
        '--json',
      ]);
      expectBadInput(r, /--potential-out .*phi\.npy: the folder .*no-such-folder does not exist/);
    }
    expect(existsSync(missing)).toBe(false);
  });

  it('tensor decompose --out into a missing folder: exit 2, no folder created', async () => {
    const input = join(scratch, 'x.npy');
    writeFileSync(input, formatNpy({ shape: [4, 5, 6], data: Float64Array.from({ length: 120 }, (_, i) => Math.sin(i)) }));
    const r = await runEquitensorInProcess(['tensor', 'decompose', input, '--format', 'tt', '--eps', '1e-6', '--out', join(missing, 'tt')]);
    expectBadInput(r, /--out .*tt: the folder .*no-such-folder does not exist/);
    expect(existsSync(missing)).toBe(false);
  });

  it('convert into a missing folder: exit 2 before reading the input', async () => {
    const r = await runEquitensorInProcess(['convert', fixturePath('pqr/1ajj.pqr'), join(missing, 'out.xyz')]);
    expectBadInput(r, /output .*out\.xyz: the folder .*no-such-folder does not exist/);
  });
});

describe('mlip fit refuses data without energies', () => {
  it('names the file and the configurations that lack energies (was: fitted with E0 = 0, exit 0)', async () => {
    const data = join(scratch, 'si-no-energies.xyz');
    writeFileSync(data, readFileSync(siTiny, 'utf8').replace(/ (dft|gap)_energy=\S+/g, ''));
    const frames = readFileSync(data, 'utf8')
      .split('\n')
      .filter((l) => l.includes('Lattice=')).length;
    const out = join(scratch, 'never.json');
    const r = await runEquitensorInProcess([
      'mlip',
      'fit',
      '--train',
      data,
      '--forces-key',
      'dft_force',
      '--degree',
      '6',
      '--out',
      out,
      '--json',
    ]);
    expectBadInput(
      r,
      new RegExp(
        `si-no-energies\\.xyz: none of the ${frames} configurations has an energy: the reference energies E0 of Z = 14 cannot be fitted`,
      ),
    );
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(scratch).some((f) => f.startsWith('never.json'))).toBe(false);
  });
});

describe('an input file without a structure (mlip fit/eval, convert, electrostatics)', () => {
  // io's ParseError for a file that is empty or only blank lines: the file, line 1 and the extxyz atom count expected
  const noStructure = (file: string, blank: boolean) =>
    new RegExp(
      `${file.replace('.', '\\.')}:1:1: expected the number of atoms \\(a non-negative integer\\) on the first line, found ${blank ? 'only blank lines' : 'an empty file'}`,
    );
  const written = (name: string, text: string) => {
    const path = join(scratch, name);
    writeFileSync(path, text);
    return path;
  };

  it('mlip fit and eval name the file and line 1 (was "no structure in the file", no line)', async () => {
    const out = join(scratch, 'never-empty.json');
    const fit = await runEquitensorInProcess([
      'mlip',
      'fit',
      '--train',
      written('empty-train.xyz', ''),
      ...siKeys,
      '--degree',
      '6',
      '--out',
      out,
      '--json',
    ]);
    expectBadInput(fit, noStructure('empty-train.xyz', false));
    expect(readdirSync(scratch).some((f) => f.startsWith('never-empty.json'))).toBe(false);
    const model = `mace:${fixturePath('mace/mace_small_reference.json')}`;
    const evaluated = await runEquitensorInProcess([
      'mlip',
      'eval',
      '--model',
      model,
      '--data',
      written('blank-data.xyz', '\n\n'),
      '--json',
    ]);
    expectBadInput(evaluated, noStructure('blank-data.xyz', true));
  });

  it('convert and electrostatics name the file and line 1 (was "no structure(s) …", no line), writing nothing', async () => {
    const out = join(scratch, 'never-converted.pdb');
    expectBadInput(await runEquitensorInProcess(['convert', written('empty-input.xyz', ''), out]), noStructure('empty-input.xyz', false));
    expect(existsSync(out)).toBe(false);
    const blank = written('blank-input.xyz', '\n \n');
    const electrostatics = await runEquitensorInProcess(['electrostatics', '--input', blank, '--method', 'direct', '--json']);
    expectBadInput(electrostatics, noStructure('blank-input.xyz', true));
  });
});

describe('electrostatics: bad geometry is bad input', () => {
  it.each(['direct', 'rs'])('coincident charges (--method %s): exit 2 naming the two atoms', async (method) => {
    const input = chargedXyz('coincident.xyz', [
      ['Na', 0, 0, 0, 1],
      ['Cl', 3, 0, 0, -1],
      ['Cl', 0, 0, 0, -1],
    ]);
    const r = await runEquitensorInProcess(['electrostatics', '--input', input, '--method', method, '--json']);
    expectBadInput(r, /coincident\.xyz: .*atoms 0 and 2 coincide/);
  });

  it('rs: an accuracy out of reach for the split radius: exit 2 advising --method direct', async () => {
    const input = fixturePath('crystals/NaCl_cluster_8x8x8_open.xyz');
    const r = await runEquitensorInProcess(['electrostatics', '--input', input, '--method', 'rs', '--split-radius', '0.05', '--json']);
    expectBadInput(r, /accuracy 1e-6 is out of reach .*use direct summation \(`--method direct`/);
  });

  it('rs on ions 1e9 Å apart: −5.106 eV as direct summation gives (was −45.11 eV)', async () => {
    const input = chargedXyz('sparse.xyz', [
      ['Na', 0, 0, 0, 1],
      ['Cl', 2.82, 0, 0, -1],
      ['Na', 1e9, 0, 0, 1],
    ]);
    // one after the other: in-process runs share process.stdout
    const rs = await runEquitensorInProcess(['electrostatics', '--input', input, '--method', 'rs', '--json']);
    const direct = await runEquitensorInProcess(['electrostatics', '--input', input, '--method', 'direct', '--json']);
    expect(rs.code, rs.stderr).toBe(0);
    const e = (JSON.parse(rs.stdout) as { energy: number }).energy;
    const exact = (JSON.parse(direct.stdout) as { energy: number }).energy;
    expect(exact).toBeCloseTo(-5.10626, 5);
    expect(Math.abs(e - exact) / Math.abs(exact)).toBeLessThan(1e-6); // the default --accuracy
  });
});

describe('tensor decompose: an empty tensor', () => {
  it.each(['tt', 'cp', 'tucker'])('a (0, 5, 4) array as %s: exit 2 with a message, nothing written', async (format) => {
    const input = join(scratch, 'empty.npy');
    writeFileSync(input, formatNpy({ shape: [0, 5, 4], data: new Float64Array(0) }));
    const out = join(scratch, `empty-${format}`);
    const r = await runEquitensorInProcess(['tensor', 'decompose', input, '--format', format, '--eps', '1e-3', '--out', out]);
    expectBadInput(r, /empty\.npy: the tensor is empty, shape \(0, 5, 4\)/);
    expect(existsSync(out)).toBe(false);
  });
});
