/** Live plots of energies and temperature with uPlot. */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** A rolling time series plot. */
export class LivePlot {
  private readonly plot: uPlot;
  private readonly columns: number[][];
  private dirty = false;

  constructor(
    container: HTMLElement,
    title: string,
    series: readonly { label: string; stroke: string }[],
    private readonly capacity = 2000,
  ) {
    this.columns = [[], ...series.map(() => [])];
    this.plot = new uPlot(
      {
        title,
        width: 290,
        height: 150,
        // a flat series (energies per atom − start are all 0 on the first frames) gets a span, not a lone "0" tick
        scales: { x: { time: false }, y: { range: (_u, min, max) => paddedRange(min, max) } },
        axes: [
          { stroke: '#9aa4b2', grid: { stroke: '#2b303a' }, label: 'time (ps)' },
          { stroke: '#9aa4b2', grid: { stroke: '#2b303a' }, size: 60 },
        ],
        // the series' names, not "--" values that only fill in under the pointer
        legend: { show: true, live: false },
        series: [{ label: 't' }, ...series.map((s) => ({ label: s.label, stroke: s.stroke, width: 1.5 }))],
      },
      this.columns as uPlot.AlignedData,
      container,
    );
  }

  /** Append one point (x then one value per series). */
  push(x: number, values: readonly number[]): void {
    this.columns[0]!.push(x);
    for (const [i, v] of values.entries()) this.columns[i + 1]!.push(v);
    if (this.columns[0]!.length > this.capacity) for (const c of this.columns) c.shift();
    if (!this.dirty) {
      this.dirty = true;
      setTimeout(() => {
        this.dirty = false;
        this.plot.setData(this.columns as uPlot.AlignedData);
      }, 250);
    }
  }

  clear(): void {
    for (const c of this.columns) c.length = 0;
    this.plot.setData(this.columns as uPlot.AlignedData);
  }
}

/**
 * The y range of a live plot: uPlot's padded range, or ± 0.1 % of the value (at least ± 0.001) around a flat series,
 * and [0, 1] before any data.
 */
export function paddedRange(min: number | null, max: number | null): uPlot.Range.MinMax {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (max - min > 1e-9) return uPlot.rangeNum(min, max, 0.1, true);
  const pad = Math.max(1e-3, Math.abs(max) * 1e-3);
  return [min - pad, max + pad];
}
