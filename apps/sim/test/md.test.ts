import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExtxyz } from '@equitensor/io';
import { fixturePath, readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { potentialFromSpec } from '../src/cli/potential-spec.ts';
import { runEquitensor, runEquitensorInProcess } from './run-cli.ts';

const cli = (...args: string[]) => runEquitensor(args);
/** The same CLI in this process (no start-up cost). */
const cliInProcess = (...args: string[]) => runEquitensorInProcess(args);

function json(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1); // exactly one JSON object on stdout
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

const cuRef = fixturePath('lammps/ref_Cu_u3_fcc108_perfect.xyz');
const cuEam = `eam:${fixturePath('lammps/potentials/Cu_u3.eam')}`;
/** `md run` on the perfect Cu_u3 fcc reference with its EAM potential and the given options, in this process. */
const cuEamRun = (...options: string[]) => cliInProcess('md', 'run', '--input', cuRef, '--potential', cuEam, ...options);

/** `md run` on the Cu_u3 reference with `options` (a space-separated command line) and --json: its summary, once it exits 0. */
async function cuEamSummary(options: string): Promise<Record<string, unknown>> {
  const r = await cuEamRun(...options.split(' '), '--json');
  expect(r.code, r.stderr).toBe(0);
  return json(r.stdout);
}

describe('equitensor md run', () => {
  it('--steps 0 is a single point equal to LAMMPS’ energy (Cu_u3, −382.320000246 eV)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-cli-'));
    const out = join(dir, 'sp.xyz');
    const r = cli('md', 'run', '--input', cuRef, '--potential', cuEam, '--steps', '0', '--out', out, '--json');
    expect(r.code).toBe(0);
    const summary = json(r.stdout);
    const [ref] = parseExtxyz(readFixtureText('lammps/ref_Cu_u3_fcc108_perfect.xyz'));
    expect(Math.abs((summary.potentialEnergy as number) / (ref!.info.energy as number) - 1)).toBeLessThan(1e-9);
    expect(summary.energyDrift).toBe(0);
    const frames = parseExtxyz(readFileSync(out, 'utf8'));
    expect(frames).toHaveLength(1);
    expect(frames[0]!.info.energy).toBeCloseTo(ref!.info.energy as number, 6);
  });

  it('runs NVE EAM dynamics with a progress bar on stderr and a trajectory of energy, stress and forces', () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-cli-'));
    const out = join(dir, 'md.xyz');
    const r = cli(
      'md',
      'run',
      '--input',
      cuRef,
      '--potential',
      cuEam,
      '--ensemble',
      'nve',
      '--temperature',
      '300',
      '--dt',
      '1',
      '--steps',
      '100',
      '--out',
      out,
      '--every',
      '25',
      '--seed',
      '3',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('100/100 steps');
    const s = json(r.stdout);
    for (const key of ['potentialEnergy', 'totalEnergy', 'energyDrift', 'stepsPerSecond']) expect(typeof s[key]).toBe('number');
    expect(Math.abs(s.energyDrift as number)).toBeLessThan(2e-3); // eV, 108 atoms, 100 fs
    expect(s.stepsPerSecond as number).toBeGreaterThan(0);
    expect(s.frames).toBe(5);
    const frames = parseExtxyz(readFileSync(out, 'utf8'));
    expect(frames.map((f) => f.info.step)).toEqual([0, 25, 50, 75, 100]);
    const last = frames.at(-1)!;
    expect(last.info.energy).toBeCloseTo(s.potentialEnergy as number, 8);
    expect((last.info.stress as number[]).length).toBe(9);
    expect(last.arrays.forces!.data.length).toBe(3 * 108);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('sums a short-range term and Coulomb for charged atoms (NaCl cluster, direct energy −2214.2922941889 eV)', async () => {
    const input = fixturePath('crystals/NaCl_cluster_8x8x8_open.xyz');
    const r = await cliInProcess('md', 'run', '--input', input, '--potential', 'morse:0.05,1.2,3.0,6+coulomb', '--json');
    expect(r.code, r.stderr).toBe(0);
    const s = json(r.stdout);
    const morseOnly = json((await cliInProcess('md', 'run', '--input', input, '--potential', 'morse:0.05,1.2,3.0,6', '--json')).stdout);
    expect(Math.abs((s.potentialEnergy as number) - (morseOnly.potentialEnergy as number) - -2214.2922941889)).toBeLessThan(1e-6);
  });

  it('thermostats run (langevin, nhc, bussi) in reduced LJ units', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-cli-'));
    const input = join(dir, 'lj.xyz');
    writeFileSync(input, readFixtureText('lammps/ref_lj_fcc256_rattled.xyz'));
    for (const ensemble of ['langevin', 'nhc', 'bussi']) {
      const r = await cliInProcess(
        'md',
        'run',
        '--input',
        input,
        '--potential',
        'lj',
        '--ensemble',
        ensemble,
        '--temperature',
        '1.0',
        '--dt',
        '0.005',
        '--steps',
        '40',
        '--tau',
        '0.1',
        '--json',
      );
      expect(r.code, r.stderr).toBe(0);
      const s = json(r.stdout);
      expect(s.ensemble).toBe(ensemble);
      expect(s.units).toBe('lj');
      expect(s.temperature as number).toBeGreaterThan(0.3);
      expect(s.temperature as number).toBeLessThan(2);
    }
  });

  it("without --dt takes LAMMPS' default time step: 0.005 τ in reduced lj (1 τ blew the crystal apart), 1 fs in metal units", async () => {
    const lj = join(mkdtempSync(join(tmpdir(), 'md-cli-')), 'lj.xyz');
    writeFileSync(lj, readFixtureText('lammps/ref_lj_fcc256_rattled.xyz'));
    const ljRun = async (...extra: string[]) => {
      const r = await cliInProcess(
        'md',
        'run',
        '--input',
        lj,
        '--potential',
        'lj',
        '--temperature',
        '1.0',
        '--steps',
        '120',
        ...extra,
        '--json',
      );
      expect(r.code, r.stderr).toBe(0);
      return json(r.stdout);
    };
    const byDefault = await ljRun();
    expect(byDefault.dt).toBe(0.005);
    expect(Number.isFinite(byDefault.totalEnergy)).toBe(true);
    // the same run as an explicit --dt 0.005, bit for bit
    expect(byDefault.totalEnergy).toBe((await ljRun('--dt', '0.005')).totalEnergy);
    expect((await cuEamSummary('--steps 2')).dt).toBe(1);
  });

  it('--checkpoint and --restart continue a Langevin run bit for bit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'md-cli-'));
    const chk = join(dir, 'run.chk.json');
    const common = ['--potential', cuEam, '--ensemble', 'langevin', '--temperature', '500', '--dt', '2', '--seed', '4', '--json'];
    const straight = json((await cliInProcess('md', 'run', '--input', cuRef, '--steps', '30', ...common)).stdout);
    const first = await cliInProcess('md', 'run', '--input', cuRef, '--steps', '15', '--checkpoint', chk, ...common);
    expect(first.code, first.stderr).toBe(0);
    const second = json((await cliInProcess('md', 'run', '--restart', chk, '--steps', '15', ...common)).stdout);
    expect(second.step).toBe(30);
    expect(second.potentialEnergy).toBe(straight.potentialEnergy);
    expect(second.totalEnergy).toBe(straight.totalEnergy);
    // without --dt a restart takes the checkpoint's time step (2 fs here, not the 1 fs default)
    const withoutDt = common.filter((_, i) => common[i] !== '--dt' && common[i - 1] !== '--dt');
    const third = json((await cliInProcess('md', 'run', '--restart', chk, '--steps', '15', ...withoutDt)).stdout);
    expect(third.dt).toBe(2);
    expect(third.totalEnergy).toBe(straight.totalEnergy);
    const wrong = await cliInProcess(
      'md',
      'run',
      '--restart',
      chk,
      '--steps',
      '1',
      '--potential',
      cuEam,
      '--ensemble',
      'nhc',
      '--temperature',
      '500',
      '--dt',
      '2',
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/langevin/);
  });

  it('exits 2 with a clear message for bad options and bad files', async () => {
    const bad = [
      ['md', 'run', '--input', cuRef, '--potential', 'nope'],
      ['md', 'run', '--input', cuRef, '--potential', cuEam, '--ensemble', 'npt', '--steps', '1'],
      ['md', 'run', '--input', cuRef, '--potential', cuEam, '--ensemble', 'nhc', '--steps', '1'],
      ['md', 'run', '--input', cuRef, '--potential', cuEam, '--steps', '-1'],
      ['md', 'run', '--input', '/nonexistent/x.xyz', '--potential', cuEam],
      ['md', 'run', '--potential', cuEam],
      ['md', 'bench-lj', '--atoms', '1000', '--steps', '1'],
    ];
    const messages = [
      /unknown potential/,
      /--ensemble must be one of/,
      /--temperature must be/,
      /--steps must be/,
      /cannot read/,
      /needs --input/,
      /4·k³/,
    ];
    for (const [k, args] of bad.entries()) {
      const r = await cliInProcess(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(messages[k]!);
      expect(r.stdout).toBe('');
    }
    const dir = mkdtempSync(join(tmpdir(), 'md-cli-'));
    const broken = join(dir, 'broken.eam');
    writeFileSync(broken, readFileSync(fixturePath('lammps/potentials/Cu_u3.eam'), 'utf8').split('\n').slice(0, 10).join('\n'));
    const r = await cliInProcess('md', 'run', '--input', cuRef, '--potential', `eam:${broken}`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.eam:10:\d+: expected F\(rho\) value/);
  });
});

describe('equitensor md run --barostat berendsen', () => {
  // LAMMPS' `fix box/relax iso 10000` + minimize on the same 108 atoms (packages/md/test/fixtures/in.cu_u3_box_relax_10kbar):
  // V = 1266.48810812 Å³ at 10,000 bar (from 1275.52410113 Å³ at ≈0 bar)
  it('compresses perfect Cu_u3 fcc to LAMMPS’ volume at 10 kbar (atoms at rest: the cell relaxes to P = P₀)', async () => {
    const summary = await cuEamSummary('--barostat berendsen --pressure 10000 --tau-p 20 --bulk-modulus 1.4e6 --steps 400');
    expect(summary.barostat).toBe('berendsen');
    expect(Math.abs((summary.volume as number) / 1266.48810812 - 1)).toBeLessThan(1e-7);
    expect(Math.abs((summary.pressure as number) * 1.6021766e6 - 10000)).toBeLessThan(0.05);
  });

  it('runs MTK NPT (--barostat mtk --ensemble nhc, iso and aniso) conserving its extended energy', async () => {
    for (const coupling of ['iso', 'aniso']) {
      const summary = await cuEamSummary(
        `--ensemble nhc --temperature 600 --tau 100 --barostat mtk --coupling ${coupling} --pressure 10000 --tau-p 200 --dt 2 --steps 300`,
      );
      expect(summary.barostat).toBe('mtk');
      // the extended energy (E + KE + barostat + P₀V + chains) moves by millielectronvolts; the cell by several Å³
      expect(Math.abs(summary.energyDrift as number), coupling).toBeLessThan(0.03);
      expect(Math.abs((summary.volume as number) - 1275.52410113)).toBeGreaterThan(1);
      const cell = summary.cell as number[];
      // iso keeps the cube; aniso moves each axis on its own
      expect(new Set([cell[0], cell[4], cell[8]]).size).toBe(coupling === 'iso' ? 1 : 3);
    }
  });

  it('exits 2 for barostat options that do not fit', async () => {
    const bad = [
      ['--pressure', '1'],
      ['--barostat', 'andersen', '--pressure', '1'],
      ['--barostat', 'berendsen'],
      ['--barostat', 'berendsen', '--pressure', '1', '--coupling', 'tri'],
      ['--barostat', 'berendsen', '--pressure', '1', '--backend', 'webgpu'],
      ['--barostat', 'mtk', '--pressure', '1'],
      ['--barostat', 'mtk', '--pressure', '1', '--ensemble', 'nhc', '--temperature', '300', '--bulk-modulus', '1e6'],
    ];
    const messages = [
      /--pressure needs --barostat/,
      /--barostat must be berendsen or mtk/,
      /--pressure must be/,
      /--coupling must be/,
      /needs --backend cpu/,
      /use --ensemble nhc/,
      /Berendsen option/,
    ];
    for (const [k, extra] of bad.entries()) {
      const r = await cuEamRun('--steps', '1', ...extra);
      expect(r.code, extra.join(' ')).toBe(2);
      expect(r.stderr).toMatch(messages[k]!);
      expect(r.stdout).toBe('');
    }
    const dir = mkdtempSync(join(tmpdir(), 'md-cli-'));
    const molecule = join(dir, 'dimer.xyz');
    writeFileSync(molecule, '2\nProperties=species:S:1:pos:R:3\nCu 0 0 0\nCu 2.5 0 0\n');
    // a barostat needs a periodic cell
    const barostat = ['--steps', '1', '--barostat', 'berendsen', '--pressure', '1'];
    const open = await cliInProcess('md', 'run', '--input', molecule, '--potential', cuEam, ...barostat);
    expect(open.code).toBe(2);
    expect(open.stderr).toMatch(/periodic/);
  });
});

describe('equitensor md bench-lj', () => {
  it("gives LAMMPS' in.lj step-0 thermo for 32,000 atoms", () => {
    const r = cli('md', 'bench-lj', '--atoms', '32000', '--steps', '2', '--json');
    expect(r.code, r.stderr).toBe(0);
    const s = json(r.stdout);
    const step0 = s.step0 as Record<string, number>;
    expect(Math.abs(step0.pairEnergy! - -6.7733681)).toBeLessThan(6e-8);
    expect(Math.abs(step0.totalEnergy! - -4.6134356)).toBeLessThan(6e-8);
    expect(Math.abs(step0.pressure! - -5.0197073)).toBeLessThan(6e-8);
    expect(s.stepsPerSecond as number).toBeGreaterThan(0);
    expect(s.ljKernel, 'Node has WebAssembly SIMD: the wasm kernel ran').toBe('wasm-simd');
  });

  it("--neigh-every/--neigh-check follow LAMMPS' neigh_modify: every 10 check no rebuilds at steps 0, 10, 20", async () => {
    const r = await cliInProcess(
      'md',
      'bench-lj',
      '--atoms',
      '500',
      '--steps',
      '20',
      '--neigh-every',
      '10',
      '--neigh-check',
      'no',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const s = json(r.stdout);
    expect(s.neighModify).toBe('every 10 check no');
    expect(s.neighborBuilds).toBe(3);
    const bad = await cliInProcess('md', 'bench-lj', '--neigh-check', 'maybe');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--neigh-check/);
  });

  it('--workers 2 runs on the worker pool, matches one thread and exits', () => {
    const one = json(cli('md', 'bench-lj', '--atoms', '32000', '--steps', '3', '--json').stdout);
    const r = cli('md', 'bench-lj', '--atoms', '32000', '--steps', '3', '--workers', '2', '--json');
    expect(r.code, r.stderr).toBe(0);
    const two = json(r.stdout);
    expect(two.workers).toBe(2);
    expect(two.ljKernel, 'every worker compiled the WebAssembly kernel').toBe('wasm-simd');
    // LAMMPS' in.lj log prints 8 significant digits
    expect(Math.abs((two.step0 as Record<string, number>).pairEnergy! - -6.7733681)).toBeLessThan(6e-8);
    // same pair terms summed in another order (reassociation, ~1e-15 relative per step), 3 steps apart
    const e1 = (one.final as Record<string, number>).pairEnergy!;
    const e2 = (two.final as Record<string, number>).pairEnergy!;
    expect(Math.abs(e2 - e1)).toBeLessThan(1e-12 * Math.abs(e1));
  });
});

describe('potentialFromSpec', () => {
  it('maps the --potential strings to potentials and unit systems', () => {
    expect(potentialFromSpec('lj').units.name).toBe('lj');
    expect(potentialFromSpec('lj:0.0104,3.4,8.5').potential.cutoff).toBe(8.5);
    expect(potentialFromSpec(cuEam).potential.name).toBe('eam:Cu_u3.eam');
    expect(potentialFromSpec('morse:0.34,1.36,2.87,9').potential.name).toBe('morse');
    expect(() => potentialFromSpec('lj:1,2')).toThrow(/lj:EPS,SIGMA,RC/);
    expect(potentialFromSpec('morse:0.1,1.5,2.8,8+coulomb').potential.name).toBe('morse+coulomb');
    expect(() => potentialFromSpec('lj+coulomb')).toThrow(/same units/);
  });
});
