/**
 * The benchmark page: loads the same synthetic structure into this viewer, 3Dmol.js or NGL and times
 * (a) one rendered frame after a small rotation and (b) one trajectory-frame update (new coordinates
 * for every atom, then a render), each forced to completion with a 1-pixel readPixels.
 */
import { MoleculeViewer } from '@equitensor/viewer';
import type { WebGLRenderer } from 'three';

/** One measurement: milliseconds per frame and per trajectory-frame update (medians). */
export interface BenchResult {
  library: string;
  atoms: number;
  loadMs: number;
  frameMs: number;
  updateMs: number;
}

const ELEMENTS = ['C', 'N', 'O', 'S'];
const NUMBERS = [6, 7, 8, 16];

/** Atoms on a jittered cubic grid, 3 Å apart (no bonds by distance), and a second, displaced frame. */
function structure(n: number): { numbers: Int32Array; frames: [Float32Array, Float32Array] } {
  const side = Math.ceil(Math.cbrt(n));
  const numbers = new Int32Array(n);
  const a = new Float32Array(3 * n);
  const b = new Float32Array(3 * n);
  let seed = 12345;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 - 0.5;
  };
  for (let i = 0; i < n; i++) {
    numbers[i] = NUMBERS[i % 4]!;
    const x = i % side;
    const y = Math.floor(i / side) % side;
    const z = Math.floor(i / (side * side));
    a.set([3 * x + 0.3 * rand(), 3 * y + 0.3 * rand(), 3 * z + 0.3 * rand()], 3 * i);
    b.set([a[3 * i]! + 0.2 * rand(), a[3 * i + 1]! + 0.2 * rand(), a[3 * i + 2]! + 0.2 * rand()], 3 * i);
  }
  return { numbers, frames: [a, b] };
}

function sync(gl: WebGLRenderingContext | WebGL2RenderingContext): void {
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
}

function median(values: number[]): number {
  const s = [...values].sort((p, q) => p - q);
  return s[Math.floor(s.length / 2)]!;
}

async function time(repeats: number, body: (k: number) => void | Promise<void>): Promise<number> {
  const samples: number[] = [];
  for (let k = 0; k < repeats + 1; k++) {
    const t = performance.now();
    await body(k);
    if (k > 0) samples.push(performance.now() - t); // first call is a warm-up
  }
  return median(samples);
}

const host = document.getElementById('host')!;

async function benchEquitensor(n: number, repeats: number, representation: 'spacefill' | 'points' = 'spacefill'): Promise<BenchResult> {
  const { numbers, frames } = structure(n);
  const t0 = performance.now();
  const viewer = new MoleculeViewer(host, { representation, tooltip: false });
  viewer.setStructure({ numbers, positions: Float64Array.from(frames[0]), cell: null, pbc: [false, false, false], arrays: {}, info: {} });
  const gl = (viewer.renderer as WebGLRenderer).getContext(); // a WebGL2 viewer (the constructor's default)
  viewer.render();
  sync(gl);
  const loadMs = performance.now() - t0;
  const frameMs = await time(repeats, () => {
    viewer.scene.rotation.y += 0.01;
    viewer.render();
    sync(gl);
  });
  const f64 = [Float64Array.from(frames[0]), Float64Array.from(frames[1])];
  const updateMs = await time(repeats, (k) => {
    viewer.setFrame({ positions: f64[k % 2]! });
    viewer.render();
    sync(gl);
  });
  viewer.dispose();
  return { library: representation === 'points' ? 'equitensor (points)' : 'equitensor', atoms: n, loadMs, frameMs, updateMs };
}

/** The same with `renderer: 'webgpu'` (three's WebGPURenderer, TSL impostors); each step waits for the GPU queue. */
async function benchEquitensorWebGpu(n: number, repeats: number): Promise<BenchResult> {
  const { numbers, frames } = structure(n);
  const t0 = performance.now();
  const viewer = await MoleculeViewer.create(host, { representation: 'spacefill', tooltip: false, renderer: 'webgpu' });
  type WebGpuBackend = { backend: { device: { queue: { onSubmittedWorkDone(): Promise<void> } } } };
  const queue = (viewer.renderer as unknown as WebGpuBackend).backend.device.queue;
  viewer.setStructure({ numbers, positions: Float64Array.from(frames[0]), cell: null, pbc: [false, false, false], arrays: {}, info: {} });
  viewer.render();
  await queue.onSubmittedWorkDone();
  const loadMs = performance.now() - t0;
  const frameMs = await time(repeats, async () => {
    viewer.scene.rotation.y += 0.01;
    viewer.render();
    await queue.onSubmittedWorkDone();
  });
  const f64 = [Float64Array.from(frames[0]), Float64Array.from(frames[1])];
  const updateMs = await time(repeats, async (k) => {
    viewer.setFrame({ positions: f64[k % 2]! });
    viewer.render();
    await queue.onSubmittedWorkDone();
  });
  viewer.dispose();
  return { library: 'equitensor (WebGPU)', atoms: n, loadMs, frameMs, updateMs };
}

// 3Dmol.js and NGL are loaded as their own UMD bundles (globals), exactly as their docs show.
interface ThreeDmolViewer {
  addModel(): ThreeDmolModel;
  setStyle(sel: object, style: object): void;
  zoomTo(): void;
  render(): void;
  rotate(angle: number, axis: string): void;
  setFrame(i: number): Promise<void>;
  getRenderer(): { context: WebGLRenderingContext | WebGL2RenderingContext };
  clear(): void;
}
interface ThreeDmolModel {
  addAtoms(atoms: object[]): void;
  addFrame(atoms: object[]): void;
  selectedAtoms(sel: object): object[];
}
declare const $3Dmol: { createViewer(el: HTMLElement, config: object): ThreeDmolViewer };

async function bench3Dmol(n: number, repeats: number): Promise<BenchResult> {
  const { numbers, frames } = structure(n);
  const atoms = (p: Float32Array): object[] =>
    Array.from({ length: n }, (_, i) => ({
      elem: ELEMENTS[NUMBERS.indexOf(numbers[i]!)],
      x: p[3 * i],
      y: p[3 * i + 1],
      z: p[3 * i + 2],
      serial: i,
      bonds: [],
    }));
  const t0 = performance.now();
  const viewer = $3Dmol.createViewer(host, { backgroundColor: 'black' });
  const model = viewer.addModel();
  model.addFrame(atoms(frames[0]));
  model.addFrame(atoms(frames[1]));
  await viewer.setFrame(0);
  viewer.setStyle({}, { sphere: {} });
  viewer.zoomTo();
  viewer.render();
  const gl = viewer.getRenderer().context;
  sync(gl);
  const loadMs = performance.now() - t0;
  const frameMs = await time(repeats, () => {
    viewer.rotate(1, 'y');
    viewer.render();
    sync(gl);
  });
  const updateMs = await time(repeats, async (k) => {
    await viewer.setFrame((k + 1) % 2);
    viewer.render();
    sync(gl);
  });
  viewer.clear();
  return { library: '3Dmol.js', atoms: n, loadMs, frameMs, updateMs };
}

interface NglStage {
  loadFile(file: Blob, params: object): Promise<NglComponent>;
  viewer: { render(picking?: boolean): void; renderer: { getContext(): WebGL2RenderingContext } };
  viewerControls: { spin(axis: number[], angle: number): void };
  autoView(): void;
  dispose(): void;
}
interface NglComponent {
  addRepresentation(kind: string, params?: object): void;
  structure: { updatePosition(p: Float32Array, refresh?: boolean): void };
  updateRepresentations(what: object): void;
}
declare const NGL: { Stage: new (el: HTMLElement, params: object) => NglStage };

function pdbText(numbers: Int32Array, p: Float32Array): string {
  const lines: string[] = [];
  for (let i = 0; i < numbers.length; i++) {
    const e = ELEMENTS[NUMBERS.indexOf(numbers[i]!)]!;
    const f = (x: number): string => x.toFixed(3).padStart(8);
    lines.push(
      `HETATM${String((i % 99999) + 1).padStart(5)} ${e.padEnd(4)} UNK X${String((Math.floor(i / 100) % 9999) + 1).padStart(4)}    ${f(p[3 * i]!)}${f(p[3 * i + 1]!)}${f(p[3 * i + 2]!)}  1.00  0.00          ${e.padStart(2)}`,
    );
  }
  return `${lines.join('\n')}\nEND\n`;
}

async function benchNgl(n: number, repeats: number): Promise<BenchResult> {
  const { numbers, frames } = structure(n);
  const text = pdbText(numbers, frames[0]);
  const t0 = performance.now();
  const stage = new NGL.Stage(host, { backgroundColor: 'black' });
  const component = await stage.loadFile(new Blob([text], { type: 'text/plain' }), { ext: 'pdb', defaultRepresentation: false });
  component.addRepresentation('spacefill');
  stage.autoView();
  stage.viewer.render();
  const gl = stage.viewer.renderer.getContext();
  sync(gl);
  const loadMs = performance.now() - t0;
  const frameMs = await time(repeats, () => {
    stage.viewerControls.spin([0, 1, 0], 0.01);
    stage.viewer.render();
    sync(gl);
  });
  const updateMs = await time(repeats, (k) => {
    component.structure.updatePosition(frames[k % 2]!, false);
    component.updateRepresentations({ position: true });
    stage.viewer.render();
    sync(gl);
  });
  stage.dispose();
  return { library: 'NGL', atoms: n, loadMs, frameMs, updateMs };
}

const runners: Record<string, (n: number, repeats: number) => Promise<BenchResult>> = {
  equitensor: (n, repeats) => benchEquitensor(n, repeats),
  'equitensor-points': (n, repeats) => benchEquitensor(n, repeats, 'points'),
  'equitensor-webgpu': benchEquitensorWebGpu,
  '3Dmol.js': bench3Dmol,
  NGL: benchNgl,
};

(
  window as unknown as { profileLoad: (n: number, representation?: 'spacefill' | 'points', antialias?: boolean) => Record<string, number> }
).profileLoad = (n, representation = 'spacefill', antialias = true) => {
  const { numbers, frames } = structure(n);
  const marks: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    marks[name] = now - t;
    t = now;
  };
  const viewer = new MoleculeViewer(host, { representation, tooltip: false, antialias });
  lap('constructor');
  viewer.setStructure({ numbers, positions: Float64Array.from(frames[0]), cell: null, pbc: [false, false, false], arrays: {}, info: {} });
  lap('setStructure');
  const gl = (viewer.renderer as WebGLRenderer).getContext(); // a WebGL2 viewer (the constructor's default)
  viewer.render();
  lap('render');
  sync(gl);
  lap('sync');
  viewer.render();
  sync(gl);
  lap('second frame');
  const next = Float64Array.from(frames[1]);
  for (let k = 0; k < 3; k++) {
    viewer.setFrame({ positions: k % 2 ? Float64Array.from(frames[0]) : next });
    lap(`setFrame ${k}`);
    viewer.render();
    lap(`render ${k}`);
    sync(gl);
    lap(`sync ${k}`);
  }
  viewer.dispose();
  return marks;
};

(window as unknown as { runBench: (library: string, n: number, repeats: number) => Promise<BenchResult> }).runBench = (
  library,
  n,
  repeats,
) => runners[library]!(n, repeats);
