import { readFixtureText } from '@equitensor/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ChunkedFormat,
  ChunkedFrameReader,
  formatLammpsDump,
  formatPdb,
  ParseError,
  parseExtxyz,
  parseLammpsData,
  parsePqr,
  parseStructures,
  type Structure,
  type StructureFormat,
} from '../../src/index.ts';
import { firstFrames, head } from '../helpers/reader-samples.ts';
import {
  anyMutation,
  benignMutation,
  expectEqualOutcomes,
  expectSameOutcome,
  fuzzParameters,
  mutate,
  type Outcome,
  parseChecked,
  type WhitespaceRule,
} from './mutations.ts';

// Property-based fuzzing of every reader (issue 17): real files from ../shared/data (small ones, or their first
// lines), mutated at random. A benign mutation (BOM, CRLF, tabs or no-break spaces where whitespace separates
// fields) must read as exactly the clean file; any mutation must read as valid structures with finite numbers or
// throw io's ParseError with a line and column, within a time bound — never hang, never another exception.
// `pnpm test` runs a fixed seed and a short budget; `pnpm fuzz` (FUZZ_RUNS) a long one.

/** A LAMMPS data file cut to its first `n` atoms (the count line changed to match). */
function firstAtoms(text: string, n: number): string {
  const lines = text.split('\n');
  const atoms = lines.findIndex((l) => l.startsWith('Atoms'));
  const total = /^(\d+) atoms/m.exec(text)![1]!;
  return `${lines
    .slice(0, atoms + 2 + n)
    .join('\n')
    .replace(`${total} atoms`, `${n} atoms`)}\n`;
}

/** The registry's reader of `format` (the very parse function), naming the text `fileName` in its errors. */
const reads = (format: StructureFormat, fileName: string) => (text: string) => parseStructures(text, format, { fileName });

const noQuotes = (line: string) => !/['"=;]/.test(line);

interface Reader {
  name: string;
  parse: (text: string) => Structure[];
  seeds: string[];
  whitespace: WhitespaceRule;
}

const pqr1ajj = head(readFixtureText('pqr/1ajj.pqr'), 24);
const cuFrames = parseExtxyz(firstFrames(readFixtureText('mlip/zuo2020_Cu_train.xyz'), 2)).map((f, k) => ({
  ...f,
  info: { timestep: 10 * k },
}));
const nacl = readFixtureText('lammps/nacl_216_rattled.data');

const READERS: Reader[] = [
  {
    name: 'extxyz',
    parse: reads('extxyz', 'f.xyz'),
    seeds: [
      firstFrames(readFixtureText('mlip/Si_tiny.xyz'), 3),
      readFixtureText('crystals/NaCl_conventional.xyz'),
      firstFrames(readFixtureText('mlip/solvent_xtb_train.xyz'), 4),
    ],
    // atom and count lines; comment lines hold quoted strings and free text
    whitespace: { spaces: noQuotes },
  },
  {
    name: 'pdb',
    parse: reads('pdb', 'f.pdb'),
    seeds: [
      // a real protein (1ajj, from its PQR) in a cell, written as fixed-column PDB
      formatPdb({ ...parsePqr(pqr1ajj)[0]!, cell: new Float64Array([30, 0, 0, 0, 31, 0, 0, 0, 32]), pbc: [true, true, true] }),
      `CRYST1   10.000   12.000   14.000  90.00 100.00  90.00 P 1 21 1      2
MODEL        1
ATOM      1  N   ALA A  10      11.104   6.134  -6.504  1.00 20.00           N
ATOM      2  CA AALA A  10A     11.639   6.071  -5.147  0.60 21.50           C
HETATM    3 CL    CL A 301       5.000   5.000   5.000  1.00 30.00          CL1-
ENDMDL
CONECT    1    2
END
`,
    ],
    whitespace: {}, // fixed columns: a tab is not a space
  },
  {
    name: 'pqr',
    parse: reads('pqr', 'f.pqr'),
    seeds: [pqr1ajj, readFixtureText('pqr/ion.pqr'), head(readFixtureText('pqr/actin-dimer_complex.pqr'), 16)],
    whitespace: { spaces: () => true },
  },
  {
    name: 'cif',
    parse: reads('cif', 'f.cif'),
    seeds: [
      readFixtureText('crystals/NaCl_conventional_P1.cif'),
      // the symmetric file with its first 24 of 192 operations (enough to generate the 8 atoms from 2 sites)
      readFixtureText('crystals/NaCl_symmetric.cif')
        .split('\n')
        .filter((line) => !/^(\d+) '/.test(line) || Number(line.split(' ')[0]) <= 24)
        .join('\n'),
    ],
    whitespace: { spaces: noQuotes },
  },
  {
    name: 'lammps-data',
    parse: reads('lammps-data', 'data.f'),
    seeds: [firstAtoms(nacl, 12)],
    // the title line is free text
    whitespace: { spaces: (_line, index) => index > 0 },
  },
  {
    name: 'lammps-dump',
    parse: reads('lammps-dump', 'dump.f'),
    seeds: [formatLammpsDump(cuFrames), formatLammpsDump(parseLammpsData(firstAtoms(nacl, 8), { typeSymbols: ['Na', 'Cl'] }))],
    whitespace: { spaces: () => true },
  },
];

describe('fuzz: every reader on mutated real files', () => {
  for (const reader of READERS) {
    const clean = reader.seeds.map((seed) => reader.parse(seed));

    it(`${reader.name}: the seeds are real files that parse`, () => {
      for (const frames of clean) {
        expect(frames.length).toBeGreaterThan(0);
        expect(frames[0]!.numbers.length).toBeGreaterThan(0);
      }
    });

    it(`${reader.name}: benign mutations read as the clean file`, () => {
      fc.assert(
        fc.property(fc.nat(reader.seeds.length - 1), fc.array(benignMutation, { minLength: 1, maxLength: 4 }), (k, mutations) => {
          expectSameOutcome(parseChecked(mutate(reader.seeds[k]!, mutations, reader.whitespace), reader.parse), clean[k]!);
        }),
        fuzzParameters(0.5),
      );
    });

    it(`${reader.name}: any mutation reads as valid structures or a located ParseError, in time`, () => {
      fc.assert(
        fc.property(fc.nat(reader.seeds.length - 1), fc.array(anyMutation, { minLength: 1, maxLength: 5 }), (k, mutations) => {
          parseChecked(mutate(reader.seeds[k]!, mutations, reader.whitespace), reader.parse);
        }),
        fuzzParameters(3),
      );
    });
  }
});

/** Read `text` through a ChunkedFrameReader in chunks at the given cut points; the outcome as the whole parse's. */
function readChunked(format: ChunkedFormat, text: string, cuts: number[]): Outcome {
  return parseChecked(text, () => {
    const reader = new ChunkedFrameReader(format, { fileName: format === 'extxyz' ? 'f.xyz' : 'dump.f' });
    const frames: Structure[] = [];
    let from = 0;
    for (const cut of [...cuts.map((c) => c % (text.length + 1))].sort((a, b) => a - b)) {
      frames.push(...reader.push(text.slice(from, Math.max(from, cut))));
      from = Math.max(from, cut);
    }
    frames.push(...reader.push(text.slice(from)), ...reader.end());
    return frames;
  });
}

describe('fuzz: a PDB record cut short is always a ParseError at its line', () => {
  it('an ATOM/HETATM line cut anywhere between column 7 and column 54 (the end of z)', () => {
    const pdb = READERS.find((r) => r.name === 'pdb')!;
    fc.assert(
      fc.property(fc.nat(pdb.seeds.length - 1), fc.nat(), fc.integer({ min: 6, max: 53 }), (k, pick, keep) => {
        const lines = pdb.seeds[k]!.split('\n');
        const atoms = lines.flatMap((line, i) => (/^(ATOM {2}|HETATM)/.test(line) ? [i] : []));
        const target = atoms[pick % atoms.length]!;
        lines[target] = lines[target]!.slice(0, keep);
        const outcome = parseChecked(lines.join('\n'), pdb.parse);
        if (!('error' in outcome)) throw new Error(`a record cut to ${keep} columns was read`);
        expect(outcome.error.line).toBe(target + 1);
      }),
      fuzzParameters(1),
    );
  });
});

describe('fuzz: the chunked frame reader gives the whole-text outcome for mutated files', () => {
  for (const format of ['extxyz', 'lammps-dump'] as const) {
    const reader = READERS.find((r) => r.name === format)!;
    it(`${format}: same frames or the same ParseError, whatever the chunks`, () => {
      fc.assert(
        fc.property(
          fc.nat(reader.seeds.length - 1),
          fc.array(anyMutation, { minLength: 0, maxLength: 4 }),
          fc.array(fc.nat(), { maxLength: 6 }),
          (k, mutations, cuts) => {
            const text = mutate(reader.seeds[k]!, mutations, reader.whitespace);
            const whole = parseChecked(text, reader.parse);
            const chunked = readChunked(format, text, cuts);
            expectEqualOutcomes(chunked, whole);
          },
        ),
        fuzzParameters(1),
      );
    });
  }

  it('a ParseError, not another exception, for a chunked file cut anywhere', () => {
    const text = READERS[0]!.seeds[0]!;
    for (let cut = 0; cut < text.length; cut += 97) {
      const outcome = readChunked('extxyz', text.slice(0, cut), [cut >> 1]);
      if ('error' in outcome) expect(outcome.error).toBeInstanceOf(ParseError);
    }
  });
});
