/**
 * Parity plots of a fitted model: predicted against reference energies per atom and force components, drawn on a
 * 2D canvas (thousands of points; the diagonal is perfect agreement), with the RMSE in the title.
 */
import type { ParityMessage } from '../worker/protocol.ts';
import { el } from './dom.ts';

const SIZE = 140;

/**
 * Root-mean-square difference of two equally long arrays.
 *
 * @example
 * ```ts
 * rmse(new Float64Array([1, 2]), new Float64Array([1, 4])); // √2
 * ```
 */
export function rmse(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return a.length === 0 ? Number.NaN : Math.sqrt(sum / a.length);
}

function plot(title: string, reference: Float64Array, predicted: Float64Array): HTMLElement {
  const canvas = el('canvas', { width: SIZE * 2, height: SIZE * 2 });
  canvas.style.width = `${SIZE}px`;
  canvas.style.height = `${SIZE}px`;
  const ctx = canvas.getContext('2d');
  if (ctx && reference.length > 0) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of [...reference, ...predicted]) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const pad = 0.05 * (hi - lo || 1);
    lo -= pad;
    hi += pad;
    const w = canvas.width;
    const at = (v: number): number => ((v - lo) / (hi - lo)) * w;
    ctx.fillStyle = '#111318';
    ctx.fillRect(0, 0, w, w);
    ctx.strokeStyle = '#9aa4b2';
    ctx.beginPath();
    ctx.moveTo(0, w);
    ctx.lineTo(w, 0);
    ctx.stroke();
    ctx.fillStyle = 'rgba(76, 141, 255, 0.7)';
    for (let i = 0; i < reference.length; i++) ctx.fillRect(at(reference[i]!) - 2, w - at(predicted[i]!) - 2, 4, 4);
  }
  return el('figure', {}, canvas, el('figcaption', { textContent: title }));
}

/**
 * The parity fieldset (`#parity`), hidden until a fit reports.
 *
 * @example
 * ```ts
 * const parity = new ParityPlots();
 * aside.append(parity.fieldset);
 * parity.show(message);
 * ```
 */
export class ParityPlots {
  readonly fieldset: HTMLFieldSetElement = el('fieldset', { id: 'parity', hidden: true });

  /** Show the plots of a fit (replacing earlier ones). */
  show(message: ParityMessage): void {
    const e = message.energy;
    const f = message.forces;
    this.fieldset.replaceChildren(
      el('legend', { textContent: 'Fit: predicted vs reference' }),
      el(
        'div',
        { className: 'parity-plots' },
        plot(`E (${e.unit}), RMSE ${rmse(e.reference, e.predicted).toPrecision(3)}`, e.reference, e.predicted),
        plot(`F (${f.unit}), RMSE ${rmse(f.reference, f.predicted).toPrecision(3)}`, f.reference, f.predicted),
      ),
    );
    this.fieldset.hidden = false;
  }

  hide(): void {
    this.fieldset.hidden = true;
  }
}
