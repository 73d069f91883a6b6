import type { Comparison } from './errors-report.ts';

/**
 * Options of {@link paritySvg}.
 *
 * @example
 * ```ts
 * const o: ParityPlotOptions = { title: 'Zuo Si test', maxForcePoints: 20000 };
 * ```
 */
export interface ParityPlotOptions {
  /** Title above the two panels (default "Parity"). */
  readonly title?: string;
  /**
   * Most force components drawn (default {@link MAX_FORCE_POINTS}); above it every k-th component is drawn
   * (k = ⌈n / max⌉, the same k for every configuration type) and the panel says so. Axis ranges and errors use all.
   */
  readonly maxForcePoints?: number;
}

/**
 * Default cap on drawn force components: 20,000 circles keep the SVG near 1.5 MB and quick to render in a browser.
 *
 * @example
 * ```ts
 * paritySvg(comparisons, { maxForcePoints: MAX_FORCE_POINTS });
 * ```
 */
export const MAX_FORCE_POINTS = 20000;

/**
 * Ticks of a "nice" axis (steps 1, 2 or 5 × 10ⁿ) covering [lo, hi]: about `target` intervals.
 *
 * @example
 * ```ts
 * niceAxis(-0.37, 1.2); // { min: -0.5, max: 1.5, step: 0.5, ticks: [-0.5, 0, 0.5, 1, 1.5] }
 * ```
 */
export function niceAxis(lo: number, hi: number, target = 5): { min: number; max: number; step: number; ticks: number[] } {
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) throw new RangeError(`axis range must be finite, got [${lo}, ${hi}]`);
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const pad = Math.abs(lo) * 0.01 || 1;
    lo -= pad;
    hi += pad;
  }
  const raw = (hi - lo) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) as number) * mag;
  // toPrecision(12): drop the rounding noise of k·step (0.30000000000000004 → 0.3), far below a tick's resolution.
  const round = (x: number): number => Number(x.toPrecision(12));
  const min = round(Math.floor(lo / step) * step);
  const max = round(Math.ceil(hi / step) * step);
  const ticks: number[] = [];
  for (let k = 0; min + k * step <= max + step * 1e-9; k++) ticks.push(round(min + k * step));
  return { min, max, step, ticks };
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A number as the plot prints it: 4 significant digits, no trailing noise. */
function label(x: number): string {
  if (x === 0) return '0';
  return Number(x.toPrecision(4)).toString();
}

interface Series {
  readonly type: string;
  readonly x: number[];
  readonly y: number[];
}

interface PanelData {
  readonly key: 'energy' | 'forces';
  readonly title: string;
  readonly unit: string;
  readonly series: readonly Series[];
  /** Every point (for the range and the errors), drawn or not. */
  readonly all: { readonly x: number[]; readonly y: number[] };
  readonly note: string;
}

const SIZE = 360;
const MARGIN = { left: 70, right: 16, top: 40, bottom: 52 };
const PANEL_W = MARGIN.left + SIZE + MARGIN.right;
const PANEL_H = MARGIN.top + SIZE + MARGIN.bottom;

function panelSvg(p: PanelData, x0: number, y0: number, colourOf: (type: string) => string): string {
  const out: string[] = [];
  const n = p.all.x.length;
  if (n === 0) {
    out.push(
      `<g class="panel" data-panel="${p.key}" data-points="0" transform="translate(${x0},${y0})">`,
      `<text x="${MARGIN.left + SIZE / 2}" y="${MARGIN.top + SIZE / 2}" text-anchor="middle">no ${p.key} labels</text></g>`,
    );
    return out.join('\n');
  }
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let sq = 0;
  let abs = 0;
  for (let i = 0; i < n; i++) {
    const a = p.all.x[i] as number;
    const b = p.all.y[i] as number;
    lo = Math.min(lo, a, b);
    hi = Math.max(hi, a, b);
    sq += (b - a) ** 2;
    abs += Math.abs(b - a);
  }
  const axis = niceAxis(lo, hi);
  const scale = SIZE / (axis.max - axis.min);
  const px = (v: number): number => MARGIN.left + (v - axis.min) * scale;
  const py = (v: number): number => MARGIN.top + SIZE - (v - axis.min) * scale;
  const drawn = p.series.reduce((a, s) => a + s.x.length, 0);
  out.push(
    `<g class="panel" data-panel="${p.key}" data-min="${axis.min}" data-max="${axis.max}" data-points="${drawn}" data-total="${n}" transform="translate(${x0},${y0})">`,
    `<text x="${MARGIN.left + SIZE / 2}" y="18" text-anchor="middle" font-weight="bold">${escapeXml(p.title)}</text>`,
    `<text x="${MARGIN.left + SIZE / 2}" y="33" text-anchor="middle" font-size="11">RMSE ${label(Math.sqrt(sq / n))}, MAE ${label(abs / n)} ${escapeXml(p.unit)}; ${escapeXml(p.note)}</text>`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${SIZE}" height="${SIZE}" fill="none" stroke="#000"/>`,
  );
  for (const t of axis.ticks) {
    const X = px(t).toFixed(2);
    const Y = py(t).toFixed(2);
    out.push(
      `<line class="grid" x1="${X}" y1="${MARGIN.top}" x2="${X}" y2="${MARGIN.top + SIZE}" stroke="#ddd"/>`,
      `<line class="grid" x1="${MARGIN.left}" y1="${Y}" x2="${MARGIN.left + SIZE}" y2="${Y}" stroke="#ddd"/>`,
      `<text class="tick" data-axis="x" x="${X}" y="${MARGIN.top + SIZE + 16}" text-anchor="middle" font-size="11">${label(t)}</text>`,
      `<text class="tick" data-axis="y" x="${MARGIN.left - 6}" y="${(py(t) + 4).toFixed(2)}" text-anchor="end" font-size="11">${label(t)}</text>`,
    );
  }
  out.push(
    `<line class="diagonal" x1="${px(axis.min)}" y1="${py(axis.min)}" x2="${px(axis.max)}" y2="${py(axis.max)}" stroke="#000" stroke-dasharray="4 3"/>`,
    `<text x="${MARGIN.left + SIZE / 2}" y="${MARGIN.top + SIZE + 40}" text-anchor="middle">reference (${escapeXml(p.unit)})</text>`,
    `<text transform="translate(16,${MARGIN.top + SIZE / 2}) rotate(-90)" text-anchor="middle">predicted (${escapeXml(p.unit)})</text>`,
  );
  for (const s of p.series) {
    out.push(
      `<g class="series" data-type="${escapeXml(s.type)}" data-points="${s.x.length}" fill="${colourOf(s.type)}" fill-opacity="0.6">`,
    );
    for (let i = 0; i < s.x.length; i++)
      out.push(`<circle cx="${px(s.x[i] as number).toFixed(2)}" cy="${py(s.y[i] as number).toFixed(2)}" r="2.5"/>`);
    out.push('</g>');
  }
  out.push('</g>');
  return out.join('\n');
}

/**
 * A parity plot as a self-contained SVG document: predicted against reference energies per atom (one point per
 * configuration) and force components (one point each), coloured by configuration type, with the y = x diagonal,
 * square axes with round ticks, RMSE and MAE in each panel's subtitle and a legend with the counts per type.
 * Each panel is a `<g class="panel" data-panel="energy|forces" data-min data-max data-points data-total>`, each type a
 * `<g class="series" data-type data-points>` of `<circle>`s, so tools can read the plot back.
 *
 * @example
 * ```ts
 * writeFileSync('parity.svg', paritySvg(comparisons, { title: 'Zuo Si, held out' }));
 * ```
 */
export function paritySvg(comparisons: readonly Comparison[], options: ParityPlotOptions = {}): string {
  const maxForce = options.maxForcePoints ?? MAX_FORCE_POINTS;
  if (!(maxForce >= 1)) throw new RangeError(`maxForcePoints must be at least 1, got ${maxForce}`);
  const types: string[] = [];
  for (const c of comparisons) if (!types.includes(c.configType)) types.push(c.configType);
  const colourOf = (type: string): string => PALETTE[types.indexOf(type) % PALETTE.length] as string;
  let forceTotal = 0;
  for (const c of comparisons) if (c.forces) forceTotal += c.forces.reference.length;
  const stride = Math.max(1, Math.ceil(forceTotal / maxForce));
  const energy: Series[] = [];
  const forces: Series[] = [];
  const allE = { x: [] as number[], y: [] as number[] };
  const allF = { x: [] as number[], y: [] as number[] };
  const seriesOf = (list: Series[], type: string): Series => {
    let s = list.find((q) => q.type === type);
    if (!s) {
      s = { type, x: [], y: [] };
      list.push(s);
    }
    return s;
  };
  let k = 0;
  for (const c of comparisons) {
    if (c.energy) {
      const s = seriesOf(energy, c.configType);
      s.x.push(c.energy.reference / c.atoms);
      s.y.push(c.energy.predicted / c.atoms);
      allE.x.push(c.energy.reference / c.atoms);
      allE.y.push(c.energy.predicted / c.atoms);
    }
    if (c.forces) {
      const s = seriesOf(forces, c.configType);
      for (let r = 0; r < c.forces.reference.length; r++, k++) {
        const a = c.forces.reference[r] as number;
        const b = c.forces.predicted[r] as number;
        allF.x.push(a);
        allF.y.push(b);
        if (k % stride === 0) {
          s.x.push(a);
          s.y.push(b);
        }
      }
    }
  }
  const nE = allE.x.length;
  const panels: PanelData[] = [
    { key: 'energy', title: 'Energy per atom', unit: 'eV/atom', series: energy, all: allE, note: `${nE} configurations` },
    {
      key: 'forces',
      title: 'Force components',
      unit: 'eV/Å',
      series: forces,
      all: allF,
      note: stride > 1 ? `1 in ${stride} of ${forceTotal} drawn` : `${forceTotal} components`,
    },
  ];
  const legendH = 20 + 18 * types.length;
  const width = 2 * PANEL_W;
  const height = 30 + PANEL_H + legendH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="16" font-weight="bold">${escapeXml(options.title ?? 'Parity')}</text>`,
    panelSvg(panels[0] as PanelData, 0, 30, colourOf),
    panelSvg(panels[1] as PanelData, PANEL_W, 30, colourOf),
    `<g class="legend" transform="translate(${MARGIN.left},${30 + PANEL_H})">`,
  ];
  types.forEach((t, i) => {
    const nEt = energy.find((s) => s.type === t)?.x.length ?? 0;
    const nFt = comparisons.filter((c) => c.configType === t && c.forces).reduce((a, c) => a + (c.forces?.reference.length ?? 0), 0);
    out.push(
      `<circle cx="6" cy="${10 + 18 * i}" r="5" fill="${colourOf(t)}"/>`,
      `<text x="18" y="${14 + 18 * i}">${escapeXml(t)} (${nEt} energies, ${nFt} force components)</text>`,
    );
  });
  out.push('</g>', '</svg>', '');
  return out.join('\n');
}
