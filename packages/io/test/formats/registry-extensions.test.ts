import { describe, expect, it } from 'vitest';
import { formatFromPath, resolveFormat, structureFileExtensions, structureFormats } from '../../src/index.ts';

describe('structureFileExtensions', () => {
  it('lists exactly the extensions formatFromPath recognises, each naming one of the formats', () => {
    expect(structureFileExtensions).toEqual(['.xyz', '.extxyz', '.pdb', '.ent', '.pqr', '.cif', '.data', '.lmp', '.lammpstrj', '.dump']);
    for (const extension of structureFileExtensions) {
      expect(extension.startsWith('.')).toBe(true);
      expect(structureFormats).toContain(formatFromPath(`runs/file${extension}`));
      expect(formatFromPath(`FILE${extension.toUpperCase()}`)).toBe(formatFromPath(`file${extension}`));
    }
    expect(formatFromPath('notes.txt')).toBeUndefined();
  });

  it('keeps the format names and the lammps alias', () => {
    for (const format of structureFormats) expect(resolveFormat(format)).toBe(format);
    expect(resolveFormat('lammps')).toBe('lammps-data');
    expect(resolveFormat('xyz')).toBe('extxyz');
    expect(resolveFormat('lammpstrj')).toBe('lammps-dump');
  });
});
