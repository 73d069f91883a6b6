/**
 * The "Open from the web" fieldset: a PDB ID fetched from RCSB or PDBe, or any URL (the page's own server, or an
 * archive the app's Content-Security-Policy allows), read as the file name the URL ends in.
 */
import { el, labelled } from './dom.ts';
import { fileNameOfUrl, type PdbArchive, pdbDownloadUrl } from './pdb-id.ts';

/** What the fetch controls ask the app to do. */
export interface FetchActions {
  /** Open the structure at `url`, read as `fileName`. */
  openUrl(fileName: string, url: string): void;
  refuse(text: string): void;
}

/**
 * The PDB ID and URL boxes.
 *
 * @example
 * ```ts
 * aside.append(new FetchControls({ openUrl: (name, url) => app.openFileSource(name, url), refuse: alert }).fieldset);
 * ```
 */
export class FetchControls {
  readonly fieldset: HTMLFieldSetElement;
  /** Base URL of a mirror of the archives' download paths (null: the archives themselves). */
  private mirror: string | null = null;
  private readonly mirrorNote: HTMLSpanElement;

  constructor(actions: FetchActions) {
    const id = el('input', { type: 'text', id: 'pdb-id', placeholder: '1CRN', size: 6, spellcheck: false });
    const archive = el(
      'select',
      { id: 'pdb-archive' },
      el('option', { value: 'rcsb', textContent: 'RCSB' }),
      el('option', { value: 'pdbe', textContent: 'PDBe' }),
    );
    const fetchId = (): void => {
      try {
        actions.openUrl(`${id.value.trim().toUpperCase()}.pdb`, pdbDownloadUrl(id.value, archive.value as PdbArchive, this.mirror));
      } catch (error) {
        actions.refuse(error instanceof Error ? error.message : String(error));
      }
    };
    id.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') fetchId();
    });
    const url = el('input', { type: 'url', id: 'open-url', placeholder: 'https://…/structure.pdb', spellcheck: false });
    const fetchUrl = (): void => {
      const text = url.value.trim();
      let absolute: string;
      try {
        absolute = new URL(text, location.href).href;
      } catch {
        actions.refuse(`"${text}" is not a URL`);
        return;
      }
      actions.openUrl(fileNameOfUrl(absolute), absolute);
    };
    url.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') fetchUrl();
    });
    this.mirrorNote = el('span', { id: 'pdb-mirror', hidden: true });
    this.fieldset = el(
      'fieldset',
      {},
      el('legend', { textContent: 'Open from the web' }),
      labelled('PDB ID', id),
      labelled('Archive', archive),
      this.mirrorNote,
      el('div', { className: 'buttons' }, el('button', { id: 'pdb-fetch', textContent: 'Fetch PDB entry', onclick: fetchId })),
      labelled('URL', url),
      el('div', { className: 'buttons' }, el('button', { id: 'url-fetch', textContent: 'Open URL', onclick: fetchUrl })),
    );
  }

  /**
   * Fetch PDB entries from a mirror of the archives' download paths (`?pdb-mirror=`; see `mirroredUrl`), said under
   * the archive menu; null: from the archives. Throws a RangeError when `base` is not a URL.
   */
  setMirror(base: string | null): void {
    let absolute: string | null = null;
    if (base !== null) {
      try {
        absolute = new URL(base, location.href).href;
      } catch {
        throw new RangeError(`?pdb-mirror=${base} is not a URL`);
      }
    }
    this.mirror = absolute;
    this.mirrorNote.hidden = absolute === null;
    this.mirrorNote.textContent = absolute === null ? '' : `from the mirror ${absolute}`;
  }
}
