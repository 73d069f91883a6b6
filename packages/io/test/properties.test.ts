import { readFixtureBytes, readFixtureText } from '@equitensor/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { degenerateCell } from '../src/formats/text.ts';
import {
  formatExtxyz,
  formatNpy,
  ParseError,
  parseCif,
  parseExtxyz,
  parseLammpsData,
  parseLammpsDump,
  parseNpy,
  parsePdb,
  parsePqr,
  type Structure,
} from '../src/index.ts';
import { checkStructureLayout, SYNTAX_TOKENS } from './fuzz/mutations.ts';
import { expectSameFrames } from './helpers/compare.ts';
import { firstFrames, head } from './helpers/reader-samples.ts';

/** A parser must return valid structures or throw a ParseError with a location: nothing else. */
function validOrParseError(parse: () => Structure[]): boolean {
  let frames: Structure[];
  try {
    frames = parse();
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    if (!(error.line >= 1 && error.column >= 1 && error.expected.length > 0))
      throw new Error(`ParseError without a location: ${error.message}`);
    return true;
  }
  for (const s of frames) checkStructureLayout(s);
  return true;
}

const DANGEROUS = [' ', '\n', '\t', ...SYNTAX_TOKENS, 'T', 'F', '#', ';', '_', 'x', ',', '/', '*', '\\', 'ATOM  ', 'ITEM: ', 'loop_\n'];

/** Random edits of a valid text: delete, insert, replace, duplicate or drop lines, truncate. */
const mutation = (length: number) =>
  fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(length), size: fc.integer({ min: 1, max: 8 }) }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(length),
      text: fc.oneof(fc.constantFrom(...DANGEROUS), fc.string({ maxLength: 4 })),
    }),
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(length), text: fc.constantFrom(...DANGEROUS) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(length) }),
    fc.record({ kind: fc.constant('line' as const), at: fc.nat(10_000), duplicate: fc.boolean() }),
  );

type Mutation = ReturnType<typeof mutation> extends fc.Arbitrary<infer M> ? M : never;

function mutate(text: string, edits: Mutation[]): string {
  let t = text;
  for (const m of edits) {
    const at = Math.min(m.at, t.length);
    if (m.kind === 'delete') t = t.slice(0, at) + t.slice(at + m.size);
    else if (m.kind === 'insert') t = t.slice(0, at) + m.text + t.slice(at);
    else if (m.kind === 'replace') t = t.slice(0, at) + m.text + t.slice(at + 1);
    else if (m.kind === 'truncate') t = t.slice(0, at);
    else {
      const lines = t.split('\n');
      const k = m.at % Math.max(lines.length, 1);
      if (m.duplicate) lines.splice(k, 0, lines[k] ?? '');
      else lines.splice(k, 1);
      t = lines.join('\n');
    }
  }
  return t;
}

const SEEDS: { name: string; text: string; parse: (t: string) => Structure[] }[] = [
  {
    name: 'extxyz',
    text: firstFrames(readFixtureText('mlip/Si_tiny.xyz'), 3) + readFixtureText('crystals/NaCl_conventional.xyz'),
    parse: (t) => parseExtxyz(t, { fileName: 'f.xyz' }),
  },
  { name: 'pqr', text: head(readFixtureText('pqr/1ajj.pqr'), 12), parse: (t) => parsePqr(t, { fileName: 'f.pqr' }) },
  {
    name: 'pdb',
    text: `CRYST1   10.000   12.000   14.000  90.00 100.00  90.00 P 1 21 1      2
MODEL        1
ATOM      1  N   ALA A  10      11.104   6.134  -6.504  1.00 20.00           N
ATOM      2  CA AALA A  10A     11.639   6.071  -5.147  0.60 21.50           C
HETATM    3 ZN    ZN A 301       5.000   5.000   5.000  1.00 30.00          ZN2+
ENDMDL
CONECT    1    2
END
`,
    parse: (t) => parsePdb(t, { fileName: 'f.pdb' }),
  },
  {
    name: 'cif',
    text: readFixtureText('crystals/NaCl_symmetric.cif')
      .split('\n')
      .filter((_, i) => i < 20 || i > 200)
      .join('\n'),
    parse: (t) => parseCif(t, { fileName: 'f.cif' }),
  },
  {
    name: 'lammps-data',
    text: 'title\n\n3 atoms\n2 atom types\n\n0 4 xlo xhi\n0 5 ylo yhi\n0 6 zlo zhi\n0.5 -0.25 0.125 xy xz yz\n\nMasses\n\n1 22.99 # Na\n2 35.45\n\nAtoms # charge\n\n1 1 1 0 0 0 0 0 0\n3 2 -1 1 1 1 0 0 1\n2 1 1 2 2 2 0 1 0\n\nVelocities\n\n1 0.1 0.2 0.3\n2 0 0 0\n3 1 1 1\n',
    parse: (t) => parseLammpsData(t, { fileName: 'data.f' }),
  },
  {
    name: 'lammps-dump',
    text: 'ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS xy xz yz pp pp ff\n-1 5 0.5\n0 4 -0.5\n0 4 0\nITEM: ATOMS id type element x y z fx fy fz q c_pe\n2 1 Cu 1 1 1 0.1 0.2 0.3 0 -3.5\n1 2 Ni 0 0 0 0 0 0 0 -3.25\n',
    parse: (t) => parseLammpsDump(t, { fileName: 'dump.f' }),
  },
];

const RUNS = { seed: 20261129, numRuns: 150 };

describe('property: every parser returns valid structures or a located ParseError, for any input', () => {
  for (const seed of SEEDS) {
    it(`${seed.name}: the seed text parses`, () => {
      const frames = seed.parse(seed.text);
      expect(frames.length).toBeGreaterThan(0);
      frames.forEach(checkStructureLayout);
    });
    it(`${seed.name}: arbitrary text`, () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 300 }), (text) => validOrParseError(() => seed.parse(text))),
        RUNS,
      );
    });
    it(`${seed.name}: mutated valid text`, () => {
      fc.assert(
        fc.property(fc.array(mutation(seed.text.length), { minLength: 1, maxLength: 4 }), (edits) =>
          validOrParseError(() => seed.parse(mutate(seed.text, edits))),
        ),
        { ...RUNS, numRuns: 300 },
      );
    });
  }

  it('npy: arbitrary and mutated bytes', () => {
    const valid = formatNpy({ shape: [2, 3], data: new Float64Array([1, 2, 3, 4, 5, 6]) });
    const real = readFixtureBytes('chebtuck/newton_cp_n256_U1r.npy').slice(0, 256);
    const check = (bytes: Uint8Array) => {
      try {
        const a = parseNpy(bytes, { fileName: 'f.npy' });
        expect(a.data.length).toBe(a.shape.reduce((p, d) => p * d, 1));
      } catch (error) {
        if (!(error instanceof ParseError)) throw error;
      }
      return true;
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), check), RUNS);
    fc.assert(
      fc.property(
        fc.constantFrom(valid, real),
        fc.array(fc.tuple(fc.nat(255), fc.nat(255)), { maxLength: 4 }),
        fc.nat(300),
        (base, edits, cut) => {
          const bytes = base.slice(0, Math.max(cut, 1) + 10);
          for (const [at, value] of edits) bytes[at % bytes.length] = value;
          return check(bytes);
        },
      ),
      { ...RUNS, numRuns: 400 },
    );
  });
});

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

const structureArbitrary = fc.integer({ min: 0, max: 6 }).chain((n) =>
  fc.record({
    numbers: fc.array(fc.integer({ min: 1, max: 118 }), { minLength: n, maxLength: n }),
    positions: fc.array(finite, { minLength: 3 * n, maxLength: 3 * n }),
    cell: fc.option(fc.array(finite, { minLength: 9, maxLength: 9 }), { nil: null }),
    pbc: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
    forces: fc.option(fc.array(finite, { minLength: 3 * n, maxLength: 3 * n }), { nil: null }),
    tags: fc.array(fc.integer({ min: -2147483648, max: 2147483647 }), { minLength: n, maxLength: n }),
    flags: fc.array(fc.boolean(), { minLength: 2 * n, maxLength: 2 * n }),
    labels: fc.array(fc.stringMatching(/^[A-Za-z0-9_.+-]{1,6}$/), { minLength: n, maxLength: n }),
    energy: finite,
    name: fc.string({ maxLength: 12 }),
    counts: fc.array(fc.integer(), { minLength: 2, maxLength: 4 }),
  }),
);

describe('property: extxyz round trip of arbitrary structures is exact', () => {
  it('formatExtxyz → parseExtxyz gives back every field', () => {
    fc.assert(
      fc.property(structureArbitrary, (r) => {
        const arrays: Structure['arrays'] = {
          tags: { type: 'I', width: 1, data: Int32Array.from(r.tags) },
          flags: { type: 'L', width: 2, data: Uint8Array.from(r.flags, Number) },
          labels: { type: 'S', width: 1, data: r.labels },
        };
        if (r.forces !== null) arrays.forces = { type: 'R', width: 3, data: Float64Array.from(r.forces) };
        const s: Structure = {
          numbers: Int32Array.from(r.numbers),
          positions: Float64Array.from(r.positions),
          cell: r.cell === null ? null : Float64Array.from(r.cell),
          pbc: r.pbc,
          arrays,
          info: { energy: r.energy, name: r.name, counts: r.counts },
        };
        // a cell that does not span its periodic directions is refused by the reader (tested in extxyz.test.ts)
        if (s.cell !== null && degenerateCell(s.cell, s.pbc) !== undefined) return true;
        const back = parseExtxyz(formatExtxyz([s, s]));
        // a string whose words all read as numbers or logicals comes back as them (extxyz cannot mark it a string; ASE agrees)
        const words = r.name.split(/[\s,]+/).filter((w) => w.length > 0);
        const number = (w: string) => !Number.isNaN(Number(w)) || /^[+-]?(nan|inf|infinity)$/i.test(w);
        const logical = (w: string) => /^([TF]|true|false|True|False|TRUE|FALSE)$/.test(w);
        if (words.length > 0 && (words.every(number) || words.every(logical))) return true;
        expectSameFrames(back, [s, s]);
        return true;
      }),
      { ...RUNS, numRuns: 200 },
    );
  });
});
