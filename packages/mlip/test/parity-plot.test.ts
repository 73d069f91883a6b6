import { describe, expect, it } from 'vitest';
import { type Comparison, niceAxis, paritySvg } from '../src/index.ts';

/** Attributes of the elements whose opening tag matches `tag` and carries `class="cls"`. */
function groups(svg: string, cls: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of svg.matchAll(new RegExp(`<g class="${cls}"([^>]*)>`, 'g'))) {
    const attrs: Record<string, string> = {};
    for (const a of (m[1] as string).matchAll(/([\w-]+)="([^"]*)"/g)) attrs[a[1] as string] = a[2] as string;
    out.push(attrs);
  }
  return out;
}

/** The `<circle>`s inside the series group of `type` in `panel`. */
function circlesOf(svg: string, panel: string, type: string): number {
  const start = svg.indexOf(`data-panel="${panel}"`);
  const end = svg.indexOf('<g class="panel"', start + 1);
  const body = svg.slice(start, end < 0 ? undefined : end);
  const g = body.indexOf(`<g class="series" data-type="${type}"`);
  if (g < 0) return 0;
  return (body.slice(g, body.indexOf('</g>', g)).match(/<circle /g) ?? []).length;
}

function config(type: string, atoms: number, eRef: number, ePred: number, forces: number[]): Comparison {
  return {
    configType: type,
    atoms,
    energy: { predicted: ePred, reference: eRef },
    forces: { predicted: Float64Array.from(forces, (f) => f + 0.1), reference: Float64Array.from(forces) },
    virial: null,
  };
}

describe('niceAxis', () => {
  it('covers the range with 1-2-5 steps', () => {
    expect(niceAxis(-0.37, 1.2)).toEqual({ min: -0.5, max: 1.5, step: 0.5, ticks: [-0.5, 0, 0.5, 1, 1.5] });
    expect(niceAxis(-163.2, -158.1)).toMatchObject({ min: -164, max: -158, step: 2 });
    expect(niceAxis(0.01, 0.29).ticks).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceAxis(3, 3).min).toBeLessThan(3);
  });
});

describe('paritySvg', () => {
  // Two types: 'bulk' 3 configurations (2 atoms, 6 force components each), 'surf & <slab>' 1 (4 atoms, 12 components).
  const comparisons = [
    config('bulk', 2, -10, -10.2, [0.5, -0.5, 1, -1, 0, 2]),
    config('bulk', 2, -9, -8.8, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]),
    config('bulk', 2, -8, -8, [0, 0, 0, 0, 0, 0]),
    config('surf & <slab>', 4, -12, -11.6, [-2.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.5]),
  ];
  const svg = paritySvg(comparisons, { title: 'test' });

  it('draws one point per configuration and per force component, per type', () => {
    expect(circlesOf(svg, 'energy', 'bulk')).toBe(3);
    expect(circlesOf(svg, 'energy', 'surf &amp; &lt;slab&gt;')).toBe(1);
    expect(circlesOf(svg, 'forces', 'bulk')).toBe(18);
    expect(circlesOf(svg, 'forces', 'surf &amp; &lt;slab&gt;')).toBe(12);
    const panels = groups(svg, 'panel');
    expect(panels.map((p) => [p['data-panel'], p['data-points'], p['data-total']])).toEqual([
      ['energy', '4', '4'],
      ['forces', '30', '30'],
    ]);
  });

  it('spans both axes over every reference and predicted value with round ends', () => {
    const [e, f] = groups(svg, 'panel');
    // Energies per atom: reference −5, −4.5, −4, −3; predicted −5.1, −4.4, −4, −2.9 → [−5.1, −2.9], step 0.5.
    expect(Number(e?.['data-min'])).toBe(-5.5);
    expect(Number(e?.['data-max'])).toBe(-2.5);
    // Forces: reference −2.5 … 2, predicted (+0.1) −2.4 … 2.1 → [−2.5, 2.1], step 1.
    expect(Number(f?.['data-min'])).toBe(-3);
    expect(Number(f?.['data-max'])).toBe(3);
  });

  it('prints the errors of each panel and escapes type names', () => {
    // Energy errors per atom: −0.1, 0.1, 0, 0.1 → RMSE √(0.03/4) = 0.08660, MAE 0.075; forces all +0.1.
    expect(svg).toContain('RMSE 0.0866, MAE 0.075 eV/atom');
    expect(svg).toContain('RMSE 0.1, MAE 0.1 eV/Å');
    expect(svg).toContain('surf &amp; &lt;slab&gt; (1 energies, 12 force components)');
    expect(svg).not.toContain('<slab>');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });

  it('draws every k-th force component above the cap, keeping ranges and errors over all', () => {
    const capped = paritySvg(comparisons, { maxForcePoints: 10 });
    // 30 components, cap 10 → every 3rd: indices 0, 3, …, 27 → 10 drawn; per type: bulk 0…17 → 6, surf 18…29 → 4.
    expect(circlesOf(capped, 'forces', 'bulk')).toBe(6);
    expect(circlesOf(capped, 'forces', 'surf &amp; &lt;slab&gt;')).toBe(4);
    expect(capped).toContain('1 in 3 of 30 drawn');
    expect(groups(capped, 'panel')[1]?.['data-min']).toBe('-3');
    expect(circlesOf(capped, 'energy', 'bulk')).toBe(3);
  });

  it('says so when there are no force labels', () => {
    const noForces = paritySvg(comparisons.map((c) => ({ ...c, forces: null })));
    expect(noForces).toContain('no forces labels');
  });
});
