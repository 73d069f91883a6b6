/**
 * The "Structures" fieldset: whether the next file opened joins the view (several structures at once) or replaces
 * it, and the structures shown, each with its own visibility.
 */
import type { MoleculeViewer } from '@equitensor/viewer';
import { el, labelled } from './dom.ts';

/**
 * The structures list.
 *
 * @example
 * ```ts
 * const structures = new StructuresControls(() => viewer, (list) => console.log(list));
 * structures.refresh('1a63.pqr');
 * ```
 */
export class StructuresControls {
  readonly fieldset: HTMLFieldSetElement;
  /** Checked: the next file opened is added beside the shown one. */
  readonly add: HTMLInputElement;
  private readonly list: HTMLUListElement;

  constructor(
    private readonly viewer: () => MoleculeViewer,
    private readonly changed: (shown: { name: string; atoms: number; visible: boolean }[]) => void,
  ) {
    this.add = el('input', { type: 'checkbox', id: 'add-structure' });
    this.list = el('ul', { id: 'structures' });
    this.fieldset = el('fieldset', {}, el('legend', { textContent: 'Structures' }), labelled('Add next file', this.add), this.list);
  }

  /** A new main structure is shown with its atoms visible. */
  resetMain(): void {
    this.mainVisible = true;
  }

  /** Redraw the list: the main structure (`mainName`, toggling the atoms) and the added ones. */
  refresh(mainName: string | null): void {
    const viewer = this.viewer();
    const rows: HTMLLIElement[] = [];
    const row = (name: string, atoms: number, visible: boolean, toggle: (on: boolean) => void): HTMLLIElement => {
      const box = el('input', { type: 'checkbox', checked: visible });
      box.addEventListener('change', () => {
        toggle(box.checked);
        this.report(mainName);
      });
      return el('li', { dataset: { name } }, el('label', {}, box, el('span', { textContent: `${name} (${atoms} atoms)` })));
    };
    const main = viewer.currentStructure;
    if (mainName !== null && main)
      rows.push(
        row(mainName, main.numbers.length, this.mainVisible, (on) => {
          this.mainVisible = on;
          viewer.setAtomsVisible(on);
        }),
      );
    for (const s of viewer.addedStructures) rows.push(row(s.name, s.atoms, s.visible, (on) => viewer.setStructureVisible(s.id, on)));
    this.list.replaceChildren(...rows);
    this.report(mainName);
  }

  private mainVisible = true;

  private report(mainName: string | null): void {
    const viewer = this.viewer();
    const main = viewer.currentStructure;
    this.changed([
      ...(mainName !== null && main ? [{ name: mainName, atoms: main.numbers.length, visible: this.mainVisible }] : []),
      ...viewer.addedStructures.map((s) => ({ name: s.name, atoms: s.atoms, visible: s.visible })),
    ]);
  }
}
