import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, repoRoot } from '@equitensor/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMaceModel, type MaceModel, MaceModelError, MacePotential } from '../../src/index.ts';
import { readMaceBinary, writeMaceBinary } from '../../src/mace/binary.ts';
import { atomsOf, reference } from './reference.ts';

// The reference energies and forces are mace 0.3.6 in float64; issue 20 asks for 1e-10 relative. A model read from
// a float64 binary or from the converter's output holds the same float64 weights bit for bit, so its results must be
// bit-identical to the JSON-loaded model's (checked with toBe), and hence also within 1e-10 of mace.
const RTOL = 1e-10;

function checkAgainstReference(model: MaceModel): void {
  const { json } = reference();
  const base = new MacePotential(reference().model);
  const potential = new MacePotential(model);
  for (const s of json.structures) {
    const atoms = atomsOf(s);
    const got = potential.compute(atoms);
    const same = base.compute(atoms);
    expect(got.energy).toBe(same.energy);
    expect(Array.from(got.forces)).toEqual(Array.from(same.forces));
    expect(Math.abs(got.energy - s.energy)).toBeLessThanOrEqual(RTOL * Math.abs(s.energy));
    let fmax = 0;
    let ferr = 0;
    s.forces.forEach((f, i) => {
      fmax = Math.max(fmax, Math.abs(f));
      ferr = Math.max(ferr, Math.abs((got.forces[i] as number) - f));
    });
    expect(ferr).toBeLessThanOrEqual(RTOL * fmax);
  }
}

/** Debian's python (with python3-torch), not the pyenv `python3` on PATH; null where torch is not installed. */
function pythonWithTorch(): string | null {
  for (const python of [process.env.EQUITENSOR_TORCH_PYTHON, '/usr/bin/python3', 'python3']) {
    if (!python) continue;
    const r = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (r.status === 0) return python;
  }
  return null;
}

describe('binary MACE model files', () => {
  it('a float64 binary written from the reference JSON loads to the same model (bit-identical results)', () => {
    const bytes = writeMaceBinary(reference().json);
    expect(bytes.length % 8).toBe(0);
    checkAgainstReference(loadMaceModel(bytes, { fileName: 'small.macebin' }));
    // also through an ArrayBuffer (as the browser's File.arrayBuffer() gives it)
    const model = loadMaceModel(bytes.slice().buffer, { fileName: 'small.macebin' });
    expect(model.atomicNumbers).toEqual([1, 6, 8]);
  });

  it('float32 storage holds each value rounded to float32 (Math.fround of the float64 value), widened exactly', () => {
    const { json } = reference();
    const content = readMaceBinary(writeMaceBinary(json, { dtype: 'float32' }));
    for (const [name, t] of Object.entries(json.state_dict)) {
      const got = content.state_dict[name]?.data as Float64Array;
      expect(got.length, name).toBe(t.data.length);
      for (let i = 0; i < t.data.length; i++)
        if (got[i] !== Math.fround(t.data[i] as number)) expect(got[i], name).toBe(Math.fround(t.data[i] as number));
    }
  });

  it('a bad magic, a truncated file, a bad dtype are MaceModelErrors naming the file and part', () => {
    const bytes = writeMaceBinary(reference().json);
    const bad = bytes.slice();
    bad[0] = 0x58;
    // not binary: read as JSON text, which it is not
    expect(() => loadMaceModel(bad, { fileName: 'm.macebin' })).toThrow(/m\.macebin/);
    const e1 = (() => {
      try {
        readMaceBinary(bad, { fileName: 'm.macebin' });
      } catch (e) {
        return e;
      }
    })();
    expect(e1).toBeInstanceOf(MaceModelError);
    expect((e1 as Error).message).toContain('m.macebin: bytes 0–7');
    expect(() => readMaceBinary(bytes.subarray(0, bytes.length - 8), { fileName: 'm.macebin' })).toThrow(
      /m\.macebin: header\.tensors\[".*"\]: expected \d+ bytes .*truncated/,
    );
    expect(() => readMaceBinary(bytes.subarray(0, 100), { fileName: 'm.macebin' })).toThrow(
      /m\.macebin: header: expected \d+ header bytes/,
    );
    const text = new TextDecoder().decode(bytes.subarray(12, 12 + new DataView(bytes.buffer).getUint32(8, true)));
    const edited = new TextEncoder().encode(text.replace('"dtype":"float64"', '"dtype":"int16"  '));
    const copy = bytes.slice();
    copy.set(edited, 12);
    expect(() => readMaceBinary(copy, { fileName: 'm.macebin' })).toThrow(/dtype: expected "float64" or "float32", found "int16"/);
  });
});

const python = pythonWithTorch();

// tools/setup.sh installs Debian's python3-torch, so a missing PyTorch is a broken set-up: the
// converter tests fail (they never skip themselves).
describe('tools/mace/state_dict_to_model.py (PyTorch alone) on mace_small_reference.state_dict.pt', () => {
  it('finds a Python with PyTorch (Debian python3-torch, or EQUITENSOR_TORCH_PYTHON)', () => {
    expect(python, 'no python3 with torch: run tools/setup.sh (apt-get install python3-torch)').not.toBeNull();
  });
  const dir = mkdtempSync(join(tmpdir(), 'mace-convert-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const script = join(repoRoot(), 'tools/mace/state_dict_to_model.py');
  const pt = fixturePath('mace/mace_small_reference.state_dict.pt');
  const config = fixturePath('mace/mace_small_reference.json');

  function convert(out: string, ...flags: string[]): Uint8Array {
    const r = spawnSync(python as string, [script, pt, config, join(dir, out), ...flags], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return new Uint8Array(readFileSync(join(dir, out)));
  }

  it('the JSON it writes holds the reference state_dict bit for bit and gives the reference energies and forces', () => {
    const text = new TextDecoder().decode(convert('small.json'));
    const json = JSON.parse(text) as { state_dict: Record<string, { shape: number[]; data: number[] }> };
    const ref = reference().json.state_dict;
    expect(Object.keys(json.state_dict).sort()).toEqual(Object.keys(ref).sort());
    for (const [name, t] of Object.entries(ref)) {
      expect(json.state_dict[name]?.shape, name).toEqual(t.shape);
      expect(json.state_dict[name]?.data, name).toEqual(t.data);
    }
    checkAgainstReference(loadMaceModel(text, { fileName: 'small.json' }));
  });

  it('the binary it writes (float64) gives the reference energies and forces; --float32 halves the blob', () => {
    const bytes = convert('small.macebin');
    checkAgainstReference(loadMaceModel(bytes, { fileName: 'small.macebin' }));
    const small = convert('small32.macebin', '--float32');
    expect(small.length).toBeLessThan(0.55 * bytes.length);
    const content = readMaceBinary(small);
    const w = reference().json.state_dict['interactions.0.linear.weight'];
    expect(Array.from(content.state_dict['interactions.0.linear.weight']?.data ?? [])).toEqual(w?.data.map(Math.fround));
  });

  it('usage errors exit 2 with a message', () => {
    const r = spawnSync(python as string, [script, pt], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage');
    const j = spawnSync(python as string, [script, pt, pt, join(dir, 'x.json')], { encoding: 'utf8' });
    expect(j.status).toBe(2);
    expect(j.stderr).toContain('cannot read the config as JSON');
    const partial = join(dir, 'partial.json');
    writeFileSync(partial, JSON.stringify({ config: { r_max: 5, hidden_irreps: '16x0e' } }));
    const k = spawnSync(python as string, [script, pt, partial, join(dir, 'x.json')], { encoding: 'utf8' });
    expect(k.status).toBe(2);
    expect(k.stderr).toContain('the config lacks model, num_bessel');
  });
});
