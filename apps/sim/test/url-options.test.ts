/**
 * The app's URL handling in Node: the archives' documented download paths (RCSB
 * https://files.rcsb.org/download/ID.pdb, PDBe https://www.ebi.ac.uk/pdbe/entry-files/download/pdbID.ent), the same
 * paths under a `?pdb-mirror=` base, and the report of unknown URL options and refused values.
 */
import { describe, expect, it } from 'vitest';
import { mirroredUrl, pdbDownloadUrl } from '../src/app/pdb-id.ts';
import { URL_OPTIONS, urlOptionProblems } from '../src/app/url-options.ts';

describe('PDB download URLs', () => {
  it('the archives’ paths, and the same host and path under a mirror (with or without its trailing slash)', () => {
    expect(pdbDownloadUrl('1crn', 'rcsb')).toBe('https://files.rcsb.org/download/1CRN.pdb');
    expect(pdbDownloadUrl(' 1CRN ', 'pdbe')).toBe('https://www.ebi.ac.uk/pdbe/entry-files/download/pdb1crn.ent');
    expect(pdbDownloadUrl('1crn', 'rcsb', 'http://127.0.0.1:8080/pdb/')).toBe('http://127.0.0.1:8080/pdb/files.rcsb.org/download/1CRN.pdb');
    expect(pdbDownloadUrl('1crn', 'pdbe', 'http://127.0.0.1:8080/pdb')).toBe(
      'http://127.0.0.1:8080/pdb/www.ebi.ac.uk/pdbe/entry-files/download/pdb1crn.ent',
    );
    expect(mirroredUrl('https://files.rcsb.org/download/1CRN.pdb', 'file:///srv/mirror/')).toBe(
      'file:///srv/mirror/files.rcsb.org/download/1CRN.pdb',
    );
    expect(() => pdbDownloadUrl('crn1', 'rcsb', 'http://127.0.0.1/')).toThrow(/"crn1" is not a PDB ID/);
  });
});

describe('urlOptionProblems', () => {
  const checks = { scenario: (v: string) => v === 'argon' };
  it('nothing to say about known options with values taken, or options without a check', () => {
    expect(urlOptionProblems(new URLSearchParams('?scenario=argon&cells=2&pdb-mirror=./m/'), checks)).toEqual([]);
  });
  it('names each unknown option with the known ones, and each refused value', () => {
    expect(urlOptionProblems(new URLSearchParams('?scenaro=argon&scenario=nacl2'), checks)).toEqual([
      `unknown URL option ?scenaro= (the app reads ${URL_OPTIONS.join(', ')})`,
      '?scenario=nacl2 is not a value this option takes',
    ]);
  });
});
