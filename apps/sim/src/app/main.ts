/**
 * Entry point of the browser app. Starts the scenario named in `?scenario=` (default: argon), or the
 * file the local server was asked to show (`equitensor view FILE` → `/api/startup`).
 */
import './style.css';
import type { ScenarioId } from '../worker/protocol.ts';
import type { AppState } from './app.ts';
import { SCENARIOS, SimApp } from './app.ts';

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
const app = new SimApp(root);
window.equitensor = { app, state: app.state };
const info = await startup();
if (info.file) {
  const text = await (await fetch(info.file.url)).text();
  app.openFile(info.file.name, text);
} else {
  const requested = new URLSearchParams(location.search).get('scenario');
  const id = SCENARIOS.some((s) => s.id === requested) ? (requested as ScenarioId) : 'argon';
  app.startScenario(id);
}
