/**
 * Entry point of the browser app. Starts the scenario named in `?scenario=` (default: argon) on the
 * backend of `?backend=auto|cpu|webgpu` (default auto) with `?workers=auto|1|2|…` Web Workers for MD on the CPU
 * (default auto: the cores the browser reports) and `?cells=` fcc cells per edge for the crystal
 * scenarios, or the file the local server was asked to show (`equitensor view FILE` → `/api/startup`).
 * The viewer renders with `?renderer=webgl|webgpu` (default WebGL2; see renderer-choice.ts). `?pdb-mirror=URL` fetches
 * PDB entries from a mirror of the archives' download paths (pdb-id.ts). Unknown options and values that are not
 * taken are reported, not silently ignored.
 */
import './style.css';
import type { BackendRequest } from '../worker/protocol.ts';
import { DEFAULT_SCENARIO, isScenarioId } from '../worker/scenarios/catalog.ts';
import type { AppState } from './app.ts';
import { SimApp } from './app.ts';
import { BACKEND_REQUESTS, workerChoices } from './controls-panel.ts';
import { createAppViewer, RENDERER_KINDS } from './renderer-choice.ts';
import { urlOptionProblems } from './url-options.ts';

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
}
const query = new URLSearchParams(location.search);
const problems = urlOptionProblems(query, {
  scenario: isScenarioId,
  backend: (v) => BACKEND_REQUESTS.includes(v as BackendRequest),
  renderer: (v) => (RENDERER_KINDS as readonly string[]).includes(v),
});
try {
  app.setArchiveMirror(query.get('pdb-mirror'));
} catch (error) {
  problems.push(error instanceof Error ? error.message : String(error));
}
if (!info.file) {
  const requested = query.get('scenario');
  const id = isScenarioId(requested) ? requested : DEFAULT_SCENARIO;
  const backend = query.get('backend');
  const workers = query.get('workers');
  const cells = Number(query.get('cells'));
  if (workers !== null && !workerChoices().includes(workers)) problems.push(`?workers=${workers}: one of ${workerChoices().join(', ')}`);
  if (query.get('cells') !== null && !(Number.isInteger(cells) && cells >= 1 && cells <= 40))
    problems.push(`?cells=${query.get('cells')}: a whole number from 1 to 40`);
  app.setRunOptions({
    ...(BACKEND_REQUESTS.includes(backend as BackendRequest) ? { backend: backend as BackendRequest } : {}),
    ...(workers !== null && workerChoices().includes(workers) ? { workers } : {}),
    ...(Number.isInteger(cells) && cells >= 1 && cells <= 40 ? { cells } : {}),
  });
  app.startScenario(id);
}
if (problems.length > 0) app.reportUrlOptions(problems);
