import { describe, expect, it } from 'vitest';
import { formatPdb, parsePdb } from '../../src/index.ts';
import { ASE_DUMP, type AseFrame } from '../helpers/ase-dump.ts';
import { runPython } from '../helpers/python.ts';
import { PDB_TWO_MODELS as PDB } from '../helpers/reader-samples.ts';

// PDB against ASE 3.22 (a Python subprocess: kept apart from pdb.test.ts, which mutation testing runs)
describe('PDB interop with ASE 3.22', () => {
  it('ASE reads our PDB; we read ASE’s PDB', () => {
    const frames = parsePdb(PDB);
    const out = runPython<{ read: AseFrame[]; written: string; frames: AseFrame[] }>(
      `${ASE_DUMP}
import io, json, sys
from ase.io import read, write
from ase.build import bulk
ours = read(io.StringIO(sys.stdin.read()), index=':', format='proteindatabank')
a = bulk('NaCl', 'rocksalt', a=5.64) * (2, 1, 1)
a.rattle(0.01, seed=1)
buf = io.StringIO(); write(buf, [a, a], format='proteindatabank')
# ASE writes positions rotated into the CRYST1 orientation: compare with what ASE itself reads back
back = read(io.StringIO(buf.getvalue()), index=':', format='proteindatabank')
print(json.dumps({'read': dump(ours), 'written': buf.getvalue(), 'frames': dump(back)}))`,
      formatPdb(frames),
    );
    expect(out.read.length).toBe(2);
    out.read.forEach((ase, f) => {
      expect(ase.numbers).toEqual(Array.from(frames[f]!.numbers));
      ase.positions.forEach((x, i) => {
        expect(Math.abs(x - frames[f]!.positions[i]!)).toBeLessThan(1e-9);
      });
      ase.cell.forEach((x, i) => {
        expect(Math.abs(x - frames[f]!.cell![i]!)).toBeLessThan(1e-3);
      });
    });
    const ours = parsePdb(out.written, { fileName: 'ase.pdb' });
    expect(ours.length).toBe(2);
    ours.forEach((s, f) => {
      const ase = out.frames[f]!;
      expect(Array.from(s.numbers)).toEqual(ase.numbers);
      ase.positions.forEach((x, i) => {
        expect(Math.abs(x - s.positions[i]!)).toBeLessThan(1e-12);
      });
      // ASE 3.22 forgets CRYST1 after the first model; the PDB format applies it to every model, as we do
      out.frames[0]!.cell.forEach((x, i) => {
        expect(Math.abs(x - s.cell![i]!)).toBeLessThan(1e-12);
      });
    });
  });
});
