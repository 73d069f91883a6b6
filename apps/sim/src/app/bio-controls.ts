/**
 * The "Colour & select" fieldset: colour the atoms by element, chain, residue or charge (the schemes the open
 * structure has), and select atoms by chain, residue name or number, atom name and element with a query such as
 * `chain A and resn LYS ARG and resi 10-40` (the rest fade to grey), with the number selected.
 */
import type { Structure } from '@equitensor/io';
import type { ColorScheme, MeasuredAtom, Measurement, MoleculeViewer, PickInfo, SurfaceKind } from '@equitensor/viewer';
import { atomCharges, availableSchemes, COLOR_SCHEMES, formatMeasurement } from '@equitensor/viewer';
import { el, labelled } from './dom.ts';

/** What the colour and selection controls report to the app. */
export interface BioActions {
  viewer(): MoleculeViewer;
  /** A query could not be parsed or applied: say why. */
  refuse(text: string): void;
  /** The colour scheme or the selection changed (for the view state). */
  changed(scheme: ColorScheme, selected: number | null): void;
  /** The measurements changed (for the view state). */
  measured(measurements: readonly Measurement[]): void;
  /** Show the cartoon (ribbon) of the protein, or hide it. */
  cartoon(on: boolean): void;
  /** A structure that can have a cartoon is shown (null: none): compute it ahead, so that ticking "Cartoon" is quick. */
  prepareCartoon(structure: Structure | null): void;
  /** Show the molecular surface of this kind (null: none), coloured by the potential of the charges or not. */
  surface(kind: SurfaceKind | null, byPotential: boolean): void;
}

/**
 * The colouring menu and the selection box.
 *
 * @example
 * ```ts
 * const bio = new BioControls(actions);
 * aside.append(bio.fieldset);
 * bio.setStructure(protein); // offers element, residue, charge, …
 * ```
 */
export class BioControls {
  readonly fieldset: HTMLFieldSetElement;
  readonly scheme: HTMLSelectElement;
  readonly query: HTMLInputElement;
  readonly count: HTMLSpanElement;
  readonly surfaceKind: HTMLSelectElement;
  readonly cartoon: HTMLInputElement;
  readonly measureMode: HTMLSelectElement;
  readonly measureList: HTMLOListElement;
  private readonly measureHint: HTMLSpanElement;
  /** Atoms picked towards the next measurement (of the main structure or an added one), with their labels. */
  private pending: { atom: MeasuredAtom; label: string }[] = [];
  readonly surfaceColor: HTMLSelectElement;

  constructor(private readonly actions: BioActions) {
    this.scheme = el('select', { id: 'color-scheme' });
    for (const s of COLOR_SCHEMES) this.scheme.append(el('option', { value: s, textContent: s }));
    this.scheme.addEventListener('change', () => {
      try {
        actions.viewer().setColorScheme(this.scheme.value as ColorScheme);
        this.report();
      } catch (error) {
        actions.refuse(error instanceof Error ? error.message : String(error));
      }
    });
    this.query = el('input', { type: 'text', id: 'selection', placeholder: 'chain A and resi 10-20', spellcheck: false });
    this.count = el('span', { id: 'selection-count', textContent: '' });
    const apply = (): void => this.apply();
    this.query.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') apply();
    });
    this.surfaceKind = el(
      'select',
      { id: 'surface-kind' },
      el('option', { value: '', textContent: 'none' }),
      el('option', { value: 'ses', textContent: 'solvent-excluded (SES)' }),
      el('option', { value: 'sas', textContent: 'solvent-accessible (SAS)' }),
      el('option', { value: 'vdw', textContent: 'van der Waals' }),
    );
    this.surfaceColor = el(
      'select',
      { id: 'surface-color' },
      el('option', { value: 'potential', textContent: 'electrostatic potential' }),
      el('option', { value: 'uniform', textContent: 'uniform' }),
    );
    const surfaceChanged = (): void =>
      actions.surface((this.surfaceKind.value || null) as SurfaceKind | null, this.surfaceColor.value === 'potential');
    this.surfaceKind.addEventListener('change', surfaceChanged);
    this.measureMode = el(
      'select',
      { id: 'measure-mode' },
      el('option', { value: '0', textContent: 'off' }),
      el('option', { value: '2', textContent: 'distance (2 atoms)' }),
      el('option', { value: '3', textContent: 'angle (3 atoms)' }),
      el('option', { value: '4', textContent: 'dihedral (4 atoms)' }),
    );
    this.measureMode.addEventListener('change', () => {
      this.pending = [];
      this.showHint();
    });
    this.measureList = el('ol', { id: 'measurements' });
    this.measureHint = el('span', { id: 'measure-hint' });
    this.cartoon = el('input', { type: 'checkbox', id: 'cartoon' });
    this.cartoon.addEventListener('change', () => actions.cartoon(this.cartoon.checked));
    this.surfaceColor.addEventListener('change', surfaceChanged);
    this.fieldset = el(
      'fieldset',
      {},
      el('legend', { textContent: 'Colour & select' }),
      labelled('Colour by', this.scheme),
      labelled('Cartoon', this.cartoon),
      labelled('Surface', this.surfaceKind),
      labelled('Surface colour', this.surfaceColor),
      labelled('Measure', this.measureMode),
      el(
        'div',
        { className: 'buttons' },
        el('button', { id: 'measure-clear', textContent: 'Clear measurements', onclick: () => this.clearMeasurements() }),
        this.measureHint,
      ),
      this.measureList,
      labelled('Select', this.query),
      el(
        'div',
        { className: 'buttons' },
        el('button', { id: 'select-apply', textContent: 'Select', onclick: apply }),
        el('button', { id: 'select-clear', textContent: 'Clear', onclick: () => this.clear() }),
        this.count,
      ),
    );
  }

  /** A new structure is shown: offer its schemes (element first) and forget the selection. */
  setStructure(structure: Structure | null): void {
    const available = new Set(structure ? availableSchemes(structure) : ['element']);
    for (const option of this.scheme.options) option.disabled = !available.has(option.value as ColorScheme);
    this.scheme.value = 'element';
    this.count.textContent = '';
    this.actions.changed('element', null);
    this.surfaceKind.value = '';
    const charged = structure !== null && atomCharges(structure) !== undefined;
    (this.surfaceColor.options[0] as HTMLOptionElement).disabled = !charged;
    this.surfaceColor.value = charged ? 'potential' : 'uniform';
    this.actions.surface(null, false);
    this.cartoon.checked = false;
    this.cartoon.disabled = structure === null || !('atomNames' in structure.arrays);
    this.actions.cartoon(false);
    this.actions.prepareCartoon(this.cartoon.disabled ? null : structure);
    this.pending = [];
    this.measureList.replaceChildren();
    this.showHint();
    this.actions.measured([]);
  }

  /**
   * An atom was picked: in a measuring mode it joins the next measurement, which is made once it has its atoms.
   * Returns whether the pick was taken for a measurement.
   */
  picked(info: PickInfo | null): boolean {
    const needed = Number(this.measureMode.value);
    if (needed === 0 || !info) return false;
    // an atom of an added structure is measured there (`in <file>` in its label); every structure is in one world frame
    const picked =
      info.structure === undefined
        ? { atom: info.index, label: `#${info.index}` }
        : {
            atom: { structure: info.structure, index: info.index },
            label: `#${info.index} in ${info.structureName ?? info.structure}`,
          };
    if (this.pending.at(-1)?.label !== picked.label) this.pending.push(picked);
    if (this.pending.length === needed) {
      try {
        const m = this.actions.viewer().addMeasurement(this.pending.map((p) => p.atom));
        const atoms = this.pending.map((p) => p.label).join('–');
        this.measureList.append(el('li', { textContent: `${m.kind} ${atoms}: ${formatMeasurement(m)}` }));
        this.actions.measured(this.actions.viewer().measurements);
      } catch (error) {
        this.actions.refuse(error instanceof Error ? error.message : String(error));
      }
      this.pending = [];
    }
    this.showHint();
    return true;
  }

  private clearMeasurements(): void {
    this.actions.viewer().clearMeasurements();
    this.measureList.replaceChildren();
    this.pending = [];
    this.showHint();
    this.actions.measured([]);
  }

  private showHint(): void {
    const needed = Number(this.measureMode.value);
    this.measureHint.textContent = needed === 0 ? '' : `click atom ${this.pending.length + 1} of ${needed}`;
  }

  private apply(): void {
    const text = this.query.value.trim();
    if (text === '') {
      this.clear();
      return;
    }
    try {
      const n = this.actions.viewer().setSelection(text);
      this.count.textContent = `${n} atom${n === 1 ? '' : 's'} selected`;
      this.report(n);
    } catch (error) {
      this.actions.refuse(error instanceof Error ? error.message : String(error));
    }
  }

  private clear(): void {
    this.actions.viewer().setSelection(null);
    this.query.value = '';
    this.count.textContent = '';
    this.report();
  }

  private report(selected: number | null = null): void {
    const viewer = this.actions.viewer();
    this.actions.changed(viewer.currentColorScheme, viewer.currentSelection ? (selected ?? countOf(viewer.currentSelection)) : null);
  }
}

function countOf(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i] ? 1 : 0;
  return n;
}
