/**
 * Opening a structure by its PDB ID from the RCSB or PDBe archive, or by URL: the download addresses of the two
 * archives (their documented paths), and the file name a URL's structure is read as.
 */

/** The archives a PDB ID can be fetched from. */
export type PdbArchive = 'rcsb' | 'pdbe';

/**
 * The download URL of an entry's PDB file: RCSB `https://files.rcsb.org/download/1ABC.pdb`, PDBe
 * `https://www.ebi.ac.uk/pdbe/entry-files/download/pdb1abc.ent`. Throws a RangeError naming the input when it is not a
 * PDB ID (a digit and three letters or digits).
 *
 * @example
 * ```ts
 * pdbDownloadUrl('1crn', 'rcsb'); // 'https://files.rcsb.org/download/1CRN.pdb'
 * ```
 */
export function pdbDownloadUrl(id: string, archive: PdbArchive, mirror: string | null = null): string {
  const code = id.trim();
  if (!/^[0-9][A-Za-z0-9]{3}$/.test(code)) throw new RangeError(`"${id}" is not a PDB ID (a digit and three letters or digits, as 1CRN)`);
  const url =
    archive === 'rcsb'
      ? `https://files.rcsb.org/download/${code.toUpperCase()}.pdb`
      : `https://www.ebi.ac.uk/pdbe/entry-files/download/pdb${code.toLowerCase()}.ent`;
  return mirror === null ? url : mirroredUrl(url, mirror);
}

/**
 * `url` on a mirror of the archives (the app's `?pdb-mirror=` option: a local copy, an offline cluster, the tests'
 * server): the archive's host and path under the mirror's base URL, so that the mirror serves the archives' own paths.
 *
 * @example
 * ```ts
 * mirroredUrl('https://files.rcsb.org/download/1CRN.pdb', 'http://127.0.0.1:8080/pdb/');
 * // 'http://127.0.0.1:8080/pdb/files.rcsb.org/download/1CRN.pdb'
 * ```
 */
export function mirroredUrl(url: string, mirror: string): string {
  const { host, pathname } = new URL(url);
  return new URL(`${host}${pathname}`, mirror.endsWith('/') ? mirror : `${mirror}/`).href;
}

/**
 * The name a downloaded file is read as: the last path segment of the URL, with PDBe's `.ent` read as PDB.
 *
 * @example
 * ```ts
 * fileNameOfUrl('https://www.ebi.ac.uk/pdbe/entry-files/download/pdb1crn.ent'); // 'pdb1crn.pdb'
 * ```
 */
export function fileNameOfUrl(url: string): string {
  const path = new URL(url, 'http://localhost/').pathname;
  const name = decodeURIComponent(
    path
      .split('/')
      .filter((s) => s.length > 0)
      .at(-1) ?? 'download',
  );
  return name.toLowerCase().endsWith('.ent') ? `${name.slice(0, -4)}.pdb` : name;
}
