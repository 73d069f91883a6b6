/**
 * The results panel: computed numbers (energies, Madelung constants) with how they were computed, grouped by
 * what they belong to. Results stay until the user clears them — they are not messages that close themselves.
 */
import type { ResultEntry, ResultMessage } from '../worker/protocol.ts';
import { el } from './dom.ts';

/** One result as the view state lists it. */
export interface ShownResult extends ResultEntry {
  readonly title: string;
}

/**
 * Format a value with `digits` significant digits (fixed notation for ordinary magnitudes).
 *
 * @example
 * ```ts
 * formatResult(-2214.2922941889, 10); // '-2214.292294'
 * ```
 */
export function formatResult(value: number, digits: number): string {
  const magnitude = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)));
  if (magnitude < -4 || magnitude >= 15) return value.toPrecision(digits);
  return value.toFixed(Math.max(0, digits - 1 - magnitude));
}

/**
 * The "Results" fieldset (`#results`); `onChange` receives the list after each change.
 *
 * @example
 * ```ts
 * const results = new ResultsPanel((list) => (state.results = list));
 * aside.prepend(results.fieldset);
 * results.add({ type: 'result', title: 'NaCl', entries: [{ label: 'Madelung constant', value: 1.7475646, unit: '', digits: 10 }] });
 * ```
 */
export class ResultsPanel {
  readonly fieldset: HTMLFieldSetElement;
  private readonly list: HTMLDivElement;
  private shown: ShownResult[] = [];

  constructor(private readonly onChange: (results: readonly ShownResult[]) => void) {
    this.list = el('div', { className: 'results-list' });
    this.fieldset = el(
      'fieldset',
      { id: 'results', hidden: true },
      el('legend', { textContent: 'Results' }),
      this.list,
      el('div', { className: 'buttons' }, el('button', { id: 'results-clear', textContent: 'Clear results', onclick: () => this.clear() })),
    );
  }

  /** Add the numbers of one run under its title (the newest first). */
  add(message: ResultMessage): void {
    const group = el('section', { className: 'result-group' }, el('h3', { textContent: message.title }));
    const table = el('table');
    for (const entry of message.entries) {
      const value = `${formatResult(entry.value, entry.digits)}${entry.unit ? ` ${entry.unit}` : ''}`;
      const row = el('tr', { dataset: { label: entry.label } }, el('th', { textContent: entry.label }), el('td', { textContent: value }));
      if (entry.note) row.title = entry.note;
      table.append(row);
      if (entry.note) table.append(el('tr', { className: 'result-note' }, el('td', { colSpan: 2, textContent: entry.note })));
    }
    group.append(table);
    this.list.prepend(group);
    this.shown = [...message.entries.map((e) => ({ ...e, title: message.title })), ...this.shown];
    this.fieldset.hidden = false;
    this.onChange(this.shown);
  }

  /** Remove every result. */
  clear(): void {
    this.list.replaceChildren();
    this.shown = [];
    this.fieldset.hidden = true;
    this.onChange(this.shown);
  }
}
