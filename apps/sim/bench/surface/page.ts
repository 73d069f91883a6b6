/**
 * The surface benchmark page: from a PQR file's text to the first rendered frame of its solvent-excluded surface
 * coloured by the charges' electrostatic potential, in this viewer (parse, surface, potential by
 * `surface-compute.ts`'s method, on this page's thread), NGL (`surface` representation, `ses`, colour scheme
 * `electrostatic`: its own Coulomb sum over the PQR charges) or 3Dmol.js (`SES` surface, coloured by the
 * `partialCharge` property: it has no potential map), each forced to completion with a 1-pixel readPixels. All on
 * the page's thread (NGL `useWorker: false`, 3Dmol.js `syncSurface`): the app server's CSP allows no blob: workers.
 */
import { directPotentialAtPoints } from '@equitensor/electrostatics';
import { parsePqr } from '@equitensor/io';
import { MoleculeViewer, molecularSurface, surfacePotential } from '@equitensor/viewer';
import type { WebGLRenderer } from 'three';
import { DIRECT_SURFACE_LIMIT, SURFACE_CUTOFF, SURFACE_GRID_SPACING } from '../../src/worker/surface-compute.ts';

export interface SurfaceResult {
  library: string;
  atoms: number;
  ms: number;
  note: string;
}

function sync(gl: WebGLRenderingContext | WebGL2RenderingContext): void {
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
}

const host = document.getElementById('host')!;

async function equitensor(text: string): Promise<SurfaceResult> {
  const t0 = performance.now();
  const protein = parsePqr(text)[0]!;
  const radii = (protein.arrays.radii as { data: Float64Array }).data;
  const charges = (protein.arrays.charges as { data: Float64Array }).data;
  const n = charges.length;
  const mesh = molecularSurface(protein.positions, radii, { kind: 'ses', probe: 1.4, spacing: n > 5000 ? 0.7 : 0.5 });
  const m = mesh.positions.length / 3;
  const values =
    n * m <= DIRECT_SURFACE_LIMIT
      ? directPotentialAtPoints(protein.positions, charges, Float64Array.from(mesh.positions))
      : surfacePotential(mesh.positions, protein.positions, charges, {
          cutoff: SURFACE_CUTOFF,
          spacing: SURFACE_GRID_SPACING,
          potentialAt: (nodes) => directPotentialAtPoints(protein.positions, charges, nodes),
        });
  const viewer = new MoleculeViewer(host, { tooltip: false });
  viewer.setStructure(protein);
  viewer.setAtomsVisible(false);
  viewer.setSurface({ mesh, values, unit: 'V' });
  viewer.render();
  sync((viewer.renderer as WebGLRenderer).getContext());
  return { library: 'equitensor', atoms: n, ms: performance.now() - t0, note: `${m} vertices` };
}

declare const NGL: {
  Stage: new (
    el: HTMLElement,
    params: object,
  ) => {
    loadFile(file: Blob, params: object): Promise<{ addRepresentation(type: string, params: object): unknown; autoView(): void }>;
    tasks: { count: number; signals: { countChanged: { add(f: (delta: number, count: number) => void): void } } };
    viewer: { render(): void; renderer: { getContext(): WebGLRenderingContext } };
  };
};

async function ngl(text: string): Promise<SurfaceResult> {
  const t0 = performance.now();
  const stage = new NGL.Stage(host, { backgroundColor: 'black' });
  const component = await stage.loadFile(new Blob([text], { type: 'text/plain' }), { ext: 'pqr' });
  // no Web Worker: the page's Content-Security-Policy (the app server's) allows no blob: workers, and this viewer's
  // figure is on the page's thread too
  component.addRepresentation('surface', { surfaceType: 'ses', colorScheme: 'electrostatic', useWorker: false });
  component.autoView();
  await new Promise<void>((resolve) => {
    const check = (): void => {
      if (stage.tasks.count === 0) resolve();
    };
    stage.tasks.signals.countChanged.add(() => check());
    setTimeout(check, 0);
  });
  stage.viewer.render();
  sync(stage.viewer.renderer.getContext());
  return {
    library: 'NGL',
    atoms: text.split('\n').filter((l) => l.startsWith('ATOM')).length,
    ms: performance.now() - t0,
    note: 'colour scheme electrostatic',
  };
}

declare const $3Dmol: {
  createViewer(
    el: HTMLElement,
    config: object,
  ): {
    addModel(text: string, format: string): unknown;
    addSurface(type: unknown, style: object): Promise<unknown>;
    zoomTo(): void;
    render(): void;
    getRenderer(): { context: WebGLRenderingContext | WebGL2RenderingContext };
  };
  SurfaceType: { SES: unknown };
  setSyncSurface(sync: boolean): void;
};

async function threeDmol(text: string): Promise<SurfaceResult> {
  const t0 = performance.now();
  $3Dmol.setSyncSurface(true); // on the page's thread, as NGL's and ours (no blob: workers under the server's CSP)
  const viewer = $3Dmol.createViewer(host, { backgroundColor: 'black' });
  viewer.addModel(text, 'pqr');
  await viewer.addSurface($3Dmol.SurfaceType.SES, { colorscheme: { prop: 'partialCharge', gradient: 'rwb', min: -0.8, max: 0.8 } });
  viewer.zoomTo();
  viewer.render();
  // the canvas's existing context (getContext returns it again for the type it was created with)
  const canvas = host.querySelector('canvas')!;
  sync((canvas.getContext('webgl2') ?? canvas.getContext('webgl'))!);
  return {
    library: '3Dmol.js',
    atoms: text.split('\n').filter((l) => l.startsWith('ATOM')).length,
    ms: performance.now() - t0,
    note: 'coloured by partial charge (no potential)',
  };
}

(window as unknown as { runSurface(library: string, file: string): Promise<SurfaceResult> }).runSurface = async (library, file) => {
  const text = await (await fetch(file)).text();
  if (library === 'equitensor') return equitensor(text);
  if (library === 'NGL') return ngl(text);
  return threeDmol(text);
};
