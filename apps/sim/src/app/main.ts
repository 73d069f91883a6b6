/**
 * Entry point of the browser app. Starts the scenario named in `?scenario=` (default: argon) on the
 * backend of `?backend=auto|cpu|webgpu` (default auto) with `?workers=auto|1|2|…` Web Workers for MD on the CPU
 * (default auto: the cores the browser reports) and `?cells=` fcc cells per edge for the crystal
 * scenarios, or the file the local server was asked to show (`equitensor view FILE` → `/api/startup`).
 * The viewer renders with `?renderer=webgl|webgpu` (default WebGL2; see renderer-choice.ts).
 */
import './style.css';
import type { BackendRequest } from '../worker/protocol.ts';
import { DEFAULT_SCENARIO, isScenarioId } from '../worker/scenarios/catalog.ts';
import type { AppState } from './app.ts';
import { SimApp } from './app.ts';
import { BACKEND_REQUESTS, workerChoices } from './controls-panel.ts';
import { createAppViewer } from './renderer-choice.ts';

declare global {
  interface Window {
    /** The running app, for the end-to-end tests and the console. */
    equitensor?: { app: SimApp; state: AppState };
  }
}

interface Startup {
  readonly file?: { readonly name: string; readonly url: string };
}

async function startup(): Promise<Startup> {
  try {
    const response = await fetch('./api/startup');
    if (!response.ok) return {};
    return (await response.json()) as Startup;
  } catch {
    return {};
  }
}

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');
const app = new SimApp(root, await createAppViewer(new URLSearchParams(location.search).get('renderer')));
window.equitensor = { app, state: app.state };
const info = await startup();
if (info.file) {
  app.openFileSource(info.file.name, new URL(info.file.url, location.href).href);
} else {
  const query = new URLSearchParams(location.search);
  const requested = query.get('scenario');
  const id = isScenarioId(requested) ? requested : DEFAULT_SCENARIO;
  const backend = query.get('backend');
  const workers = query.get('workers');
  const cells = Number(query.get('cells'));
  app.setRunOptions({
    ...(BACKEND_REQUESTS.includes(backend as BackendRequest) ? { backend: backend as BackendRequest } : {}),
    ...(workers !== null && workerChoices().includes(workers) ? { workers } : {}),
    ...(Number.isInteger(cells) && cells >= 1 && cells <= 40 ? { cells } : {}),
  });
  app.startScenario(id);
}
