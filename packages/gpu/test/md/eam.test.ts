import { parseExtxyz, type Structure } from '@equitensor/io';
import { EmbeddedAtom } from '@equitensor/md';
import { assertClose, assertScalarClose, readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { createGpuEam, GpuParameterError } from '../../src/index.ts';
import { fileGpu } from '../gpu.ts';
import { arrayOf } from './fixtures.ts';

const gpu = await fileGpu();

function frame(file: string): Structure {
  const s = parseExtxyz(readFixtureText(`lammps/${file}`), { fileName: file })[0];
  if (s === undefined) throw new Error(`${file}: no frame`);
  return s;
}

describe('GPU EAM', () => {
  it('setfl Cu (Mishin 2001), rattled 256-atom fcc: LAMMPS reference and @equitensor/md agree with the GPU', async () => {
    const atoms = frame('ref_Cu_mishin1_fcc256_rattled.xyz');
    const cpu = EmbeddedAtom.fromFile(readFixtureText('lammps/potentials/Cu_mishin1.eam.alloy'), 'Cu_mishin1.eam.alloy');
    const eam = createGpuEam(gpu, cpu.splines, cpu.name);
    const g = await eam.computeAsync(atoms, { perAtomEnergies: true });
    const c = cpu.compute(atoms);
    const fmax = Math.max(...Array.from(c.forces, Math.abs));
    expect(fmax).toBeGreaterThan(0.1);
    // Float32: energy 1e-6 relative, forces 1e-4·max|F| (README).
    assertScalarClose(g.energy, atoms.info.energy as number, { rtol: 1e-6 }, 'energy vs LAMMPS');
    assertClose(g.forces, arrayOf(atoms, 'forces'), { rtol: 0, atol: 1e-4 * fmax }, 'forces vs LAMMPS');
    assertClose(g.perAtomEnergies ?? [], arrayOf(atoms, 'energies'), { rtol: 0, atol: 2e-5 }, 'per-atom energies vs LAMMPS');
    assertScalarClose(g.energy, c.energy, { rtol: 1e-6 }, 'energy vs md');
    assertClose(g.forces, c.forces, { rtol: 0, atol: 1e-4 * fmax }, 'forces vs md');
    assertClose(g.virial, c.virial, { rtol: 0, atol: 5e-5 * Math.max(...Array.from(c.virial, Math.abs)) }, 'virial vs md');
  });

  it('funcfl Cu (Foiles 1986), perfect fcc: −3.54 eV per atom', async () => {
    const atoms = frame('ref_Cu_u3_fcc108_perfect.xyz');
    const cpu = EmbeddedAtom.fromFile(readFixtureText('lammps/potentials/Cu_u3.eam'), 'Cu_u3.eam');
    const g = await createGpuEam(gpu, cpu.splines, cpu.name).computeAsync(atoms);
    assertScalarClose(g.energy / 108, -3.54, { rtol: 1e-6 }, 'cohesive energy');
    assertClose(g.forces, new Float64Array(3 * 108), { rtol: 0, atol: 2e-5 }, 'forces vanish by symmetry');
  });

  it('names an atom whose element the file does not describe', async () => {
    const atoms = frame('ref_Cu_u3_fcc108_perfect.xyz');
    const cpu = EmbeddedAtom.fromFile(readFixtureText('lammps/potentials/Cu_u3.eam'), 'Cu_u3.eam');
    const numbers = Int32Array.from(atoms.numbers);
    numbers[5] = 28;
    await expect(createGpuEam(gpu, cpu.splines).computeAsync({ ...atoms, numbers })).rejects.toThrow(GpuParameterError);
    await expect(createGpuEam(gpu, cpu.splines).computeAsync({ ...atoms, numbers })).rejects.toThrow(/atom 5 has atomic number 28/);
  });
});
