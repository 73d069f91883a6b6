/**
 * A colour bar for a diverging map: a vertical gradient with the limits and zero labelled, as a DOM
 * element laid over the viewer canvas.
 */
import { coolWarm } from '../colormap.ts';

/**
 * Create (or redraw into `element`) a colour bar for the symmetric range ±`limit`.
 *
 * @example
 * ```ts
 * container.append(createColorBar(0.5, 'V'));
 * ```
 */
export function createColorBar(limit: number, unit: string, reverse = false, element = document.createElement('div')): HTMLDivElement {
  const bar = element as HTMLDivElement;
  bar.className = 'equitensor-colorbar';
  bar.replaceChildren();
  Object.assign(bar.style, {
    position: 'absolute',
    right: '12px',
    top: '50%',
    transform: 'translateY(-50%)',
    display: 'flex',
    alignItems: 'stretch',
    gap: '6px',
    font: '12px system-ui, sans-serif',
    color: '#ddd',
    pointerEvents: 'none',
  });
  const canvas = document.createElement('canvas');
  canvas.width = 16;
  canvas.height = 200;
  Object.assign(canvas.style, { width: '16px', height: '200px', border: '1px solid #888' });
  const ctx = canvas.getContext('2d');
  if (ctx) {
    for (let y = 0; y < 200; y++) {
      const t = 1 - y / 199; // top = +limit
      const [r, g, b] = coolWarm(reverse ? 1 - t : t);
      ctx.fillStyle = `rgb(${Math.round(r * 255)},${Math.round(g * 255)},${Math.round(b * 255)})`;
      ctx.fillRect(0, y, 16, 1);
    }
  }
  const labels = document.createElement('div');
  Object.assign(labels.style, { display: 'flex', flexDirection: 'column', justifyContent: 'space-between' });
  for (const value of [limit, 0, -limit]) {
    const label = document.createElement('span');
    label.textContent = `${value > 0 ? '+' : ''}${formatNumber(value)}${unit ? ` ${unit}` : ''}`;
    labels.append(label);
  }
  bar.append(canvas, labels);
  return bar;
}

function formatNumber(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e3 || a < 1e-2 ? x.toExponential(2) : x.toPrecision(3);
}
