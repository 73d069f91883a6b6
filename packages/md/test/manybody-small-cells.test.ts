import { readFileSync } from 'node:fs';
import { ParseError } from '@equitensor/io';
import { assertClose, assertScalarClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import {
  createSystem,
  EmbeddedAtom,
  funcflSplines,
  type Potential,
  parseEamFuncfl,
  parseEamSetfl,
  SILICON_SW,
  StillingerWeber,
  setflSplines,
  stressTensor,
} from '../src/index.ts';
import { LAMMPS_NKTV2P_METAL, pressVector, readPotentialText } from './helpers.ts';

// EAM and Stillinger-Weber on 2–8-atom triclinic cells smaller than the cutoff (atoms meet their own images; one EAM
// cell compressed until F(ρ) is extrapolated beyond ρ_max), against LAMMPS (fixtures/generate_small_cells_reference.py,
// %.17g). The references are full double precision and a few hundred terms are summed in another order: 1e-10 relative
// (the 1e-9 of the larger-cell tests in potentials.test.ts would do as well); the pressure passes through LAMMPS'
// nktv2p = 1.6021765e6, given to 8 digits: 1e-7 relative.
interface SmallCell {
  name: string;
  potential: string;
  cell: number[];
  numbers: number[];
  positions: number[];
  energy: number;
  press: number[];
  forces: number[];
  energies: number[];
}
const reference = JSON.parse(readFileSync(new URL('./fixtures/ref_small_cells.json', import.meta.url), 'utf8')) as {
  synthetic_sw: string;
  cases: SmallCell[];
};

/** The made-up SW parameters of the fixture (LAMMPS' sw file order: ε σ a λ γ cos θ₀ A B p q tol). */
function syntheticSw() {
  const [epsilon, sigma, a, lambda, gamma, costheta0, A, B, p, q] = reference.synthetic_sw.trim().split(/\s+/).slice(3).map(Number);
  return new StillingerWeber({ epsilon, sigma, a, lambda, gamma, costheta0, A, B, p, q } as Required<typeof SILICON_SW>);
}

const potentials: Record<string, () => Potential> = {
  'Si.sw': () => new StillingerWeber(SILICON_SW),
  'sw_synthetic.sw': syntheticSw,
  'Cu_u3.eam': () => EmbeddedAtom.fromFile(readPotentialText('lammps/potentials/Cu_u3.eam'), 'Cu_u3.eam'),
  'Cu_mishin1.eam.alloy': () =>
    EmbeddedAtom.fromFile(readPotentialText('lammps/potentials/Cu_mishin1.eam.alloy'), 'lammps/potentials/Cu_mishin1.eam.alloy'),
};

describe('EAM and Stillinger-Weber on cells smaller than the cutoff, against LAMMPS', () => {
  for (const c of reference.cases) {
    it(`${c.name} (${c.potential}, ${c.numbers.length} atoms)`, () => {
      const system = createSystem({ numbers: c.numbers, positions: c.positions, cell: c.cell, pbc: true });
      const potential = (potentials[c.potential] as () => Potential)();
      const result = potential.compute(system, { perAtomEnergies: true });
      assertScalarClose(result.energy, c.energy, { rtol: 1e-10 }, 'energy');
      const scale = Math.max(...c.forces.map(Math.abs));
      assertClose(result.forces, c.forces, { rtol: 1e-10, atol: 1e-10 * scale }, 'forces');
      const eScale = Math.max(...c.energies.map(Math.abs));
      assertClose(result.perAtomEnergies!, c.energies, { rtol: 1e-10, atol: 1e-10 * eScale }, 'per-atom energies');
      const press = pressVector(stressTensor(system, result.virial, undefined, { includeKinetic: false }), LAMMPS_NKTV2P_METAL);
      const pScale = Math.max(...c.press.map(Math.abs));
      assertClose(press, c.press, { rtol: 1e-7, atol: 1e-7 * pScale }, 'pressure tensor');
      // a second evaluation (neighbour list kept, scratch reused) gives the same numbers
      expect(potential.compute(system).energy).toBe(result.energy);
    });
  }
});

describe('EAM files: formats, errors and element lookup', () => {
  const cu = () => readPotentialText('lammps/potentials/Cu_u3.eam');

  it('reads Fortran D exponents, CRLF line ends and a setfl chosen by .setfl or a Windows path', () => {
    const plain = parseEamFuncfl(cu(), { fileName: 'Cu_u3.eam' });
    const fortran = parseEamFuncfl(
      cu()
        .replace(/e([+-]\d\d)/g, 'D$1')
        .replace(/\n/g, '\r\n'),
      { fileName: 'Cu_u3.eam' },
    );
    expect(Array.from(fortran.elements[0]!.frho)).toEqual(Array.from(plain.elements[0]!.frho));
    expect(Array.from(fortran.elements[0]!.rhor)).toEqual(Array.from(plain.elements[0]!.rhor));
    expect(plain.elements[0]).toMatchObject({ symbol: 'Cu', atomicNumber: 29, mass: 63.55 });
    expect(plain).toMatchObject({ format: 'funcfl', nrho: 500, nr: 500, dr: 1.0000000000000009e-2, cutoff: 4.9499999999999886 });
    expect(plain.elements[0]!.frho.length).toBe(501); // 1-based
    const setfl = readPotentialText('lammps/potentials/Cu_mishin1.eam.alloy');
    expect(EmbeddedAtom.fromFile(setfl, 'C:\\pots\\Cu.setfl').name).toBe('eam/alloy:Cu.setfl');
    expect(EmbeddedAtom.fromFile(setfl, 'dir/Cu_mishin1.eam.alloy').name).toBe('eam/alloy:Cu_mishin1.eam.alloy');
    expect(EmbeddedAtom.fromFile(cu(), 'dir/Cu_u3.eam').name).toBe('eam:Cu_u3.eam');
    const file = parseEamSetfl(setfl, { fileName: 'Cu_mishin1.eam.alloy' });
    // The file writes the cutoff and mass with 20 digits (5.50678999999999962967, 63.549999…); they parse to these doubles.
    expect(file).toMatchObject({ format: 'setfl', nrho: 10001, nr: 10001, cutoff: 5.50679 });
    expect(file.elements[0]).toMatchObject({ symbol: 'Cu', atomicNumber: 29, mass: 63.55 });
    expect(file.z2r.length).toBe(1);
  });

  it('takes a setfl element that is not a symbol by its atomic number, and names an unknown funcfl Z', () => {
    const lines = readPotentialText('lammps/potentials/Cu_mishin1.eam.alloy').split('\n');
    lines[3] = '1 Copper';
    const file = parseEamSetfl(lines.join('\n'));
    expect(file.elements[0]).toMatchObject({ symbol: 'Copper', atomicNumber: 1 }); // the number on Mishin's element line
    expect(file.fileName).toBe('<input>');
    const f = cu().split('\n');
    f[1] = f[1]!.replace(/^\s*29/, '  199');
    expect(parseEamFuncfl(f.join('\n')).elements[0]!.symbol).toBe('Z199');
  });

  it('reports bad grids, counts and numbers with file, line and column', () => {
    const where = (parse: () => unknown) => {
      try {
        parse();
      } catch (e) {
        expect(e).toBeInstanceOf(ParseError);
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    const f = cu().split('\n');
    const grid = (line: string) => where(() => parseEamFuncfl([f[0], f[1], line, ...f.slice(3)].join('\n'), { fileName: 'g.eam' }));
    expect(grid('4 0.1 500 0.01 4.95')).toMatch(/^g\.eam:3:1: expected Nrho ≥ 5 and Nr ≥ 5 grid points, found .*Nrho=4, Nr=500/);
    expect(grid('500 0.1 4 0.01 4.95')).toMatch(/Nrho=500, Nr=4/);
    expect(grid('500 0 500 0.01 4.95')).toMatch(
      /^g\.eam:3:1: expected positive drho, dr and cutoff, found .*drho=0, dr=0\.01, cutoff=4\.95/,
    );
    expect(grid('500 0.1 500 -1 4.95')).toMatch(/dr=-1/);
    expect(grid('500 0.1 500 0.01 0')).toMatch(/cutoff=0/);
    expect(grid('500.5 0.1 500 0.01 4.95')).toMatch(/^g\.eam:3:1: expected Nrho \(number of density grid points\), found "500\.5"/);
    expect(grid('500 0.1 x 0.01 4.95')).toMatch(/^g\.eam:3:\d+: expected Nr \(number of distance grid points\), found "x"/);
    expect(where(() => parseEamFuncfl('', { fileName: 'e.eam' }))).toMatch(/^e\.eam:\d+:1: expected the atomic number, found end of file/);
    const long = 'x'.repeat(60);
    expect(grid(`500 0.1 500 0.01 ${long}`)).toMatch(/found "x{37}\.\.\."$/);
    const s = readPotentialText('lammps/potentials/Cu_mishin1.eam.alloy').split('\n');
    expect(where(() => parseEamSetfl(['a', 'b', 'c', '0', ...s.slice(4)].join('\n'), { fileName: 's.setfl' }))).toMatch(
      /^s\.setfl:4:1: expected at least one element, found "0"/,
    );
    expect(where(() => parseEamSetfl('a\nb', { fileName: 's.setfl' }))).toMatch(/^s\.setfl:3:1: expected three comment lines/);
    expect(where(() => parseEamSetfl(s.slice(0, 5).join('\n'), { fileName: 's.setfl' }))).toMatch(
      /expected the atomic number of Cu, found end of file/,
    );
  });

  it('combines splines only from the right kinds of files, and looks atoms up by atomic number', () => {
    const funcfl = parseEamFuncfl(cu(), { fileName: 'Cu_u3.eam' });
    const setfl = parseEamSetfl(readPotentialText('lammps/potentials/Cu_mishin1.eam.alloy'), { fileName: 'Cu.eam.alloy' });
    expect(() => funcflSplines([])).toThrow('funcflSplines needs at least one funcfl file');
    expect(() => funcflSplines([setfl])).toThrow('Cu.eam.alloy is not a funcfl file');
    expect(() => setflSplines(funcfl)).toThrow('Cu_u3.eam is not a setfl file');
    const { zr: _zr, ...withoutZ } = funcfl.elements[0]!;
    expect(() => funcflSplines([{ ...funcfl, elements: [withoutZ] }])).toThrow('Cu_u3.eam has no Z(r) table');
    const eam = EmbeddedAtom.fromFuncfl([funcfl]);
    expect(eam.name).toBe('eam:Cu_u3.eam');
    expect(eam.cutoff).toBe(funcfl.cutoff);
    expect(eam.neighborList.skin).toBe(1); // LAMMPS in.eam's skin
    expect(Array.from(eam.massesFor(Int32Array.of(29, 29)))).toEqual([63.55, 63.55]);
    expect(() => eam.massesFor(Int32Array.of(29, 300))).toThrow(
      'atom 1 has atomic number 300, which eam:Cu_u3.eam does not describe (elements: Cu)',
    );
    expect(() => eam.massesFor(Int32Array.of(-1))).toThrow(/atom 0 has atomic number -1/);
    const alloy = EmbeddedAtom.fromSetfl(setfl);
    expect(alloy.name).toBe('eam/alloy:Cu.eam.alloy');
    expect(Array.from(alloy.massesFor(Int32Array.of(29)))).toEqual([63.55]);
  });
});

describe('Stillinger-Weber parameters', () => {
  it('refuses missing, non-finite or non-positive σ and a; the cutoff is aσ, the default skin 0.5 Å', () => {
    for (const bad of [{ sigma: 0 }, { a: 0 }, { a: -1 }, { lambda: Number.NaN }, { q: Number.POSITIVE_INFINITY }]) {
      expect(() => new StillingerWeber({ ...SILICON_SW, ...bad })).toThrow(
        'Stillinger-Weber needs ten finite parameters with sigma > 0 and a > 0',
      );
    }
    const { q: _q, ...nine } = SILICON_SW;
    expect(() => new StillingerWeber(nine as typeof SILICON_SW)).toThrow(/ten finite parameters/);
    const sw = new StillingerWeber();
    expect(sw.name).toBe('sw');
    expect(sw.parameters).toEqual(SILICON_SW);
    expect(sw.cutoff).toBeCloseTo(1.8 * 2.0951, 14);
    expect(sw.neighborList.skin).toBe(0.5);
    expect(new StillingerWeber(SILICON_SW, { skin: 0.2 }).neighborList.skin).toBe(0.2);
    const dimer = createSystem({ numbers: [14, 14], positions: [0, 0, 0, 2.3, 0, 0] });
    expect(sw.compute(dimer).perAtomEnergies).toBeUndefined(); // only on request
  });
});
