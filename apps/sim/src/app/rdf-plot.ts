/** A live plot of partial radial distribution functions g(r) (the running average the worker sends with frames), with uPlot. */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { RdfData } from '../worker/protocol.ts';

const STROKES = ['#4c8dff', '#ffb454', '#7ad67a', '#ff6b6b'];

/**
 * g(r) curves, one per pair of elements, replaced as new averages arrive; the host stays hidden until the first.
 *
 * @example
 * ```ts
 * const plot = new RdfPlot(host);
 * plot.show(frame.rdf); // Na–Cl, Na–Na, Cl–Cl
 * ```
 */
export class RdfPlot {
  private plot: uPlot | null = null;
  private labels = '';
  private latest: RdfData | null = null;
  private dirty = false;

  constructor(private readonly host: HTMLElement) {
    host.hidden = true;
  }

  /** Show an average (redrawn at most every 250 ms). */
  show(rdf: RdfData): void {
    this.latest = rdf;
    if (this.dirty) return;
    this.dirty = true;
    setTimeout(() => {
      this.dirty = false;
      if (this.latest) this.draw(this.latest);
    }, 250);
  }

  /** Forget the curves and hide the plot (a new run). */
  clear(): void {
    this.latest = null;
    this.plot?.destroy();
    this.plot = null;
    this.labels = '';
    this.host.hidden = true;
  }

  private draw(rdf: RdfData): void {
    const data = [Array.from(rdf.r), ...rdf.partials.map((p) => Array.from(p.g))] as uPlot.AlignedData;
    const labels = rdf.partials.map((p) => p.label).join(',');
    if (this.plot === null || labels !== this.labels) {
      this.plot?.destroy();
      this.labels = labels;
      this.host.hidden = false;
      this.plot = new uPlot(
        {
          title: 'g(r), running average',
          width: 290,
          height: 150,
          scales: { x: { time: false } },
          axes: [
            { stroke: '#9aa4b2', grid: { stroke: '#2b303a' }, label: 'r (Å)' },
            { stroke: '#9aa4b2', grid: { stroke: '#2b303a' }, size: 40 },
          ],
          legend: { show: true },
          series: [{ label: 'r' }, ...rdf.partials.map((p, k) => ({ label: p.label, stroke: STROKES[k % STROKES.length]!, width: 1.5 }))],
        },
        data,
        this.host,
      );
    } else this.plot.setData(data);
    this.host.title = `average of ${rdf.samples} configurations, one every ${rdf.every} steps`;
  }
}
