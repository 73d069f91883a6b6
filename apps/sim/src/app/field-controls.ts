/**
 * The "Potential field" fieldset: the slice's axis and position, the ± isosurfaces and their level,
 * applied to the viewer's field as they change.
 */
import type { FieldDisplay } from '@equitensor/viewer';
import { el, labelled } from './dom.ts';

/**
 * The field controls; `apply` receives the display whenever a control changes.
 *
 * @example
 * ```ts
 * const field = new FieldControls((display) => viewer.updateField(display));
 * aside.append(field.fieldset);
 * ```
 */
export class FieldControls {
  readonly fieldset: HTMLFieldSetElement;
  private readonly sliceAxis: HTMLSelectElement;
  private readonly slicePosition: HTMLInputElement;
  private readonly isoShow: HTMLInputElement;
  private readonly isoLevel: HTMLInputElement;

  constructor(apply: (display: FieldDisplay) => void) {
    this.sliceAxis = el(
      'select',
      { id: 'slice-axis' },
      el('option', { value: 'x', textContent: 'x' }),
      el('option', { value: 'y', textContent: 'y' }),
      el('option', { value: 'z', textContent: 'z', selected: true }),
    );
    this.slicePosition = el('input', { type: 'range', min: '0', max: '1', step: '0.01', value: '0.5', id: 'slice-position' });
    this.isoShow = el('input', { type: 'checkbox', checked: true, id: 'iso-show' });
    this.isoLevel = el('input', { type: 'number', value: '0.05', step: '0.01', min: '0', id: 'iso-level' });
    const changed = (): void => apply(this.display);
    for (const c of [this.sliceAxis, this.slicePosition, this.isoShow, this.isoLevel]) c.addEventListener('change', changed);
    this.slicePosition.addEventListener('input', changed);
    this.fieldset = el(
      'fieldset',
      { hidden: true },
      el('legend', { textContent: 'Potential field' }),
      labelled('Slice axis', this.sliceAxis),
      labelled('Slice position', this.slicePosition),
      labelled('Isosurfaces ±', this.isoShow),
      labelled('Iso level (V)', this.isoLevel),
    );
  }

  /** The slice and isosurface level the controls show. */
  get display(): FieldDisplay {
    return {
      slice: { axis: this.sliceAxis.value as 'x' | 'y' | 'z', fraction: Number(this.slicePosition.value) },
      isoLevel: this.isoShow.checked ? Number(this.isoLevel.value) : null,
    };
  }

  /** Set the isosurface level (the first field of a run suggests one). */
  setIsoLevel(level: number): void {
    this.isoLevel.value = String(level);
  }
}
