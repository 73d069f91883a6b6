/**
 * `md run` on bad starts and on runs that go wrong (issue 17): bad input is refused up front with exit code 2
 * and nothing written; an exploding run stops with exit code 3 naming the step and the quantity, keeping its
 * trajectory up to the last good frame and a checkpoint of that state; SIGINT and SIGTERM do the same with
 * exit codes 130 and 143.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExtxyz } from '@equitensor/io';
import { fixturePath } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { runEquitensorInProcess, spawnEquitensorUntil } from './run-cli.ts';

const cuRef = fixturePath('lammps/ref_Cu_u3_fcc108_perfect.xyz');
const cuEam = `eam:${fixturePath('lammps/potentials/Cu_u3.eam')}`;
const ljRef = fixturePath('lammps/ref_lj_fcc256_perfect.xyz');
const md = (...args: string[]) => runEquitensorInProcess(['md', 'run', ...args]);
const tmp = () => mkdtempSync(join(tmpdir(), 'md-hard-'));

/** Two argon atoms in a 20 Å box, the second at `x`, `y`, `z`. */
function pairFile(dir: string, second: string, lattice = '20 0 0 0 20 0 0 0 20'): string {
  const path = join(dir, 'pair.xyz');
  writeFileSync(path, `2\nLattice="${lattice}" Properties=species:S:1:pos:R:3 pbc="T T T"\nAr 5 5 5\nAr ${second}\n`);
  return path;
}
const argon = 'lj:0.0104,3.4,8.5';

describe('md run refuses bad starts with exit code 2, before computing or writing anything', () => {
  it('coincident and overlapping atoms, naming them', async () => {
    const dir = tmp();
    const out = join(dir, 'o.xyz');
    for (const [second, distance] of [
      ['5 5 5', '0\\.00'],
      ['5.05 5 5', '0\\.0500'],
    ] as const) {
      const r = await md('--input', pairFile(dir, second), '--potential', argon, '--steps', '10', '--out', out);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`atoms 0 and 1 are ${distance} apart, closer than 0\\.1`));
      expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
    }
  });

  it('non-finite coordinates and a singular cell', async () => {
    const dir = tmp();
    const nan = await md('--input', pairFile(dir, 'nan 5 5'), '--potential', argon, '--steps', '10');
    expect(nan.code, nan.stderr).toBe(2);
    expect(nan.stderr).toMatch(/non-finite|NaN|nan/);
    const singular = await md('--input', pairFile(dir, '8 8 8', '20 0 0 20 0 0 0 0 20'), '--potential', argon, '--steps', '10');
    expect(singular.code, singular.stderr).toBe(2);
    // refused by io's extxyz reader (a ParseError) or by the engine's check (other formats)
    expect(singular.stderr).toMatch(/singular|real cell/);
    expect(singular.stdout).toBe('');
  });

  it('an empty .xyz, one of blank lines, one whose first line is no atom count: the file, line 1, what was expected', async () => {
    const dir = tmp();
    const out = join(dir, 'o.xyz');
    const checkpoint = join(dir, 'c.json');
    const count = 'expected the number of atoms \\(a non-negative integer\\)';
    for (const [name, text, said] of [
      ['empty.xyz', '', `${count} on the first line, found an empty file`], // was "…: no structure found", no line
      ['blank.extxyz', '\n  \n\n', `${count} on the first line, found only blank lines`],
      ['words.xyz', 'two atoms\n\nAr 0 0 0\nAr 4 0 0\n', `${count}, found "two atoms"`],
    ] as const) {
      const input = join(dir, name);
      writeFileSync(input, text);
      const r = await md('--input', input, '--potential', argon, '--steps', '10', '--out', out, '--checkpoint', checkpoint, '--json');
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`${name.replace('.', '\\.')}:1:1: ${said}`));
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(r.stdout).toBe('');
      expect(existsSync(out) || existsSync(`${out}.partial`) || existsSync(checkpoint)).toBe(false);
    }
  });

  it('a cutoff no neighbour list can hold over the periodic images', async () => {
    const r = await md('--input', cuRef, '--potential', 'lj:0.01,2.5,1000', '--steps', '1');
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/cutoff 1000 of lj is far larger than the cell/);
  });

  it('--out and --checkpoint into a missing directory', async () => {
    const dir = tmp();
    const missing = join(dir, 'no', 'such');
    const out = await md('--input', cuRef, '--potential', cuEam, '--steps', '5', '--out', join(missing, 'o.xyz'));
    expect(out.code, out.stderr).toBe(2);
    expect(out.stderr).toMatch(/--out .*the folder .*no\/such does not exist/);
    const trajectory = join(dir, 'o.xyz');
    const chk = await md(
      '--input',
      cuRef,
      '--potential',
      cuEam,
      '--steps',
      '5',
      '--out',
      trajectory,
      '--checkpoint',
      join(missing, 'c.json'),
    );
    expect(chk.code, chk.stderr).toBe(2);
    expect(chk.stderr).toMatch(/--checkpoint .*does not exist/);
    expect(existsSync(trajectory) || existsSync(`${trajectory}.partial`)).toBe(false);
    const intoDirectory = await md('--input', cuRef, '--potential', cuEam, '--steps', '5', '--out', dir);
    expect(intoDirectory.code, intoDirectory.stderr).toBe(2);
    expect(intoDirectory.stderr).toMatch(/is a folder, expected a file name/);
  });

  it('--out and --checkpoint into a folder where no file can be made (/sys: even root cannot): exit 2, nothing written', async () => {
    const dir = tmp();
    const out = await md('--input', cuRef, '--potential', cuEam, '--steps', '5', '--out', '/sys/o.xyz', '--json');
    expect(out.code, out.stderr).toBe(2); // was exit 1, "internal error: EACCES … /sys/o.xyz.partial"
    expect(out.stderr).toMatch(/--out \/sys\/o\.xyz: the folder \/sys is not writable/);
    expect(out.stdout).toBe('');
    const trajectory = join(dir, 'o.xyz');
    const chk = await md('--input', cuRef, '--potential', cuEam, '--steps', '5', '--out', trajectory, '--checkpoint', '/sys/c.json');
    expect(chk.code, chk.stderr).toBe(2); // was exit 1 after the run, with the trajectory written
    expect(chk.stderr).toMatch(/--checkpoint \/sys\/c\.json: the folder \/sys is not writable/);
    expect(existsSync(trajectory) || existsSync(`${trajectory}.partial`)).toBe(false);
  });

  it('a potential without parameters for an element of the structure: exit 2 naming the structure file and the potential', async () => {
    const nacl = fixturePath('lammps/ref_NaCl_tosi_fumi_216_rattled.xyz');
    const mace = `mace:${fixturePath('mace/mace_small_reference.json')}`;
    const born = `born:${fixturePath('lammps/NaCl_tosi_fumi.born')}`;
    const cases: [string, string, RegExp][] = [
      // each message was the potential's alone ("numbers[0]: atomic number 11 is not one of the model's elements"), no file
      [
        nacl,
        mace,
        /ref_NaCl_tosi_fumi_216_rattled\.xyz: --potential mace:.*mace_small_reference\.json does not cover it: .*atomic number 11/,
      ],
      [nacl, cuEam, /ref_NaCl_tosi_fumi_216_rattled\.xyz: atom 0 has atomic number 11, which eam:Cu_u3\.eam does not describe/],
      [
        cuRef,
        born,
        /ref_Cu_u3_fcc108_perfect\.xyz: --potential born:.*NaCl_tosi_fumi\.born does not cover it: .*no parameters for element Cu/,
      ],
    ];
    for (const [input, potential, message] of cases) {
      const r = await md('--input', input, '--potential', potential, '--steps', '2', '--workers', '2', '--json');
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });

  it('sw (silicon parameters) on atoms of other elements: exit 2 naming the structure file and the potential', async () => {
    // ran on NaCl without complaint: `sw` is LAMMPS' Si.sw, parameters for silicon only
    const nacl = fixturePath('lammps/ref_NaCl_tosi_fumi_216_rattled.xyz');
    for (const potential of ['sw', 'sw:Si']) {
      const r = await md('--input', nacl, '--potential', potential, '--steps', '2', '--json');
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(
          `ref_NaCl_tosi_fumi_216_rattled\\.xyz: --potential ${potential} does not cover it: .*no parameters for element Na \\(atom 0\\).*Si`,
        ),
      );
      expect(r.stdout).toBe('');
    }
  });

  it('a restart with another potential than the checkpoint’s', async () => {
    const dir = tmp();
    const chk = join(dir, 'c.json');
    const first = await md('--input', cuRef, '--potential', cuEam, '--temperature', '300', '--steps', '2', '--checkpoint', chk);
    expect(first.code, first.stderr).toBe(0);
    const other = await md('--restart', chk, '--potential', 'lj:0.4,2.3,6', '--steps', '2');
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/written with the potential eam:Cu_u3\.eam, not lj/);
  });
});

describe('md run stops a run that goes wrong with exit code 3 and keeps its data', () => {
  it('Cu EAM at dt = 40 fs explodes at step 6: the message names it, frames 0 and 5 and a checkpoint of step 5 remain', async () => {
    const dir = tmp();
    const out = join(dir, 'o.xyz');
    const chk = join(dir, 'c.json');
    const r = await md(
      ...['--input', cuRef, '--potential', cuEam, '--temperature', '300', '--seed', '0', '--dt', '40', '--steps', '400'],
      ...['--every', '5', '--out', out, '--checkpoint', chk, '--json'],
    );
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/unstable at step 6: temperature [\d.e+]+ exceeds the limit 100000/);
    const summary = JSON.parse(r.stdout) as { step: number; stopped: { reason: string; step: number; quantity: string } };
    expect(summary.stopped).toMatchObject({ reason: 'unstable', step: 6, quantity: 'temperature' });
    expect(summary.step).toBe(5);
    expect(existsSync(`${out}.partial`)).toBe(false);
    const frames = parseExtxyz(readFileSync(out, 'utf8'));
    expect(frames.map((f) => f.info.step)).toEqual([0, 5]);
    for (const f of frames) expect(Array.from(f.positions).every(Number.isFinite)).toBe(true);
    const checkpoint = JSON.parse(readFileSync(chk, 'utf8')) as { step: number; positions: number[] };
    expect(checkpoint.step).toBe(5);
    expect(checkpoint.positions).toEqual(Array.from(frames[1]!.positions));
    // the checkpoint restarts (a single point of the last good state)
    const restart = await md('--restart', chk, '--potential', cuEam, '--dt', '40', '--steps', '0', '--json');
    expect(restart.code, restart.stderr).toBe(0);
  });

  it('--max-temperature sets the limit; a Berendsen run that fails midway keeps its trajectory (was deleted)', async () => {
    const dir = tmp();
    // the same exploding Cu run as above, with a limit 1e4 times higher: stopped later, at that limit
    const hot = await md(
      ...['--input', cuRef, '--potential', cuEam, '--temperature', '300', '--seed', '0', '--dt', '40', '--steps', '400'],
      ...['--every', '5', '--max-temperature', '1e9', '--json'],
    );
    expect(hot.code, hot.stderr).toBe(3);
    expect(hot.stderr).toMatch(/exceeds the limit 1000000000/);
    expect((JSON.parse(hot.stdout) as { stopped: { step: number } }).stopped.step).toBeGreaterThan(6);
    const out = join(dir, 'b.xyz');
    // LJ (reduced units) at dt = 1τ under Berendsen coupling: the box blows up within two steps
    const r = await md(
      ...['--input', ljRef, '--potential', 'lj', '--barostat', 'berendsen', '--pressure', '1', '--dt', '1', '--temperature', '1'],
      ...['--steps', '100', '--every', '1', '--max-temperature', '1e300', '--out', out],
    );
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/unstable at step \d+: integration failed/);
    expect(parseExtxyz(readFileSync(out, 'utf8')).length).toBeGreaterThan(0);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });
});

/** Start a long LJ run, wait for its first periodic checkpoint, send `signal`, and collect the outcome. */
async function interrupted(signal: 'SIGINT' | 'SIGTERM') {
  const dir = tmp();
  const out = join(dir, 'o.xyz');
  const chk = join(dir, 'c.json');
  // a periodic checkpoint appears while the run goes on (not only at the end)
  const run = await spawnEquitensorUntil(
    [
      ...['md', 'run', '--input', ljRef, '--potential', 'lj', '--ensemble', 'langevin', '--temperature', '1'],
      ...['--dt', '0.005', '--steps', '100000000', '--every', '10', '--out', out, '--checkpoint', chk, '--checkpoint-every', '20'],
    ],
    () => existsSync(chk),
  );
  const periodic = existsSync(chk);
  const killed = Date.now();
  run.child.kill(signal);
  const code = await run.closed;
  return { code, stderr: run.stderr(), out, chk, periodic, secondsToStop: (Date.now() - killed) / 1000 };
}

describe('md run on SIGINT and SIGTERM', () => {
  for (const [signal, exitCode] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal}: exit code ${exitCode}, the trajectory finalised and a checkpoint of its last frame`, async () => {
      const r = await interrupted(signal);
      expect(r.periodic).toBe(true);
      expect(r.code, r.stderr).toBe(exitCode);
      // the engine lets the signal in every 50 ms of computing; 10 s allows for a heavily loaded machine
      expect(r.secondsToStop).toBeLessThan(10);
      expect(r.stderr).toMatch(new RegExp(`interrupted by ${signal} at step \\d+`));
      expect(existsSync(`${r.out}.partial`)).toBe(false);
      const frames = parseExtxyz(readFileSync(r.out, 'utf8'));
      const last = frames.at(-1)!;
      const checkpoint = JSON.parse(readFileSync(r.chk, 'utf8')) as { step: number; positions: number[] };
      expect(checkpoint.step).toBe(last.info.step);
      expect(checkpoint.positions).toEqual(Array.from(last.positions));
    }, 90_000);
  }
});
