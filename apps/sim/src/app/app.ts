/**
 * The browser app: a scenario runner (Web Worker) streaming frames into the viewer, controls, live
 * plots, file drag-and-drop and downloads. Rendering happens on demand (a frame, a camera move).
 */
import type { Structure } from '@equitensor/io';
import { TENSOR_PRODUCT_KINDS } from '@equitensor/mlip';
import type { PickInfo, Representation } from '@equitensor/viewer';
import { formatPickInfo, MoleculeViewer, REPRESENTATIONS, TrajectoryPlayer } from '@equitensor/viewer';
import type {
  BackendMessage,
  BackendRequest,
  FieldMessage,
  FrameMessage,
  FromWorker,
  ScenarioId,
  SimParams,
  StructureMessage,
} from '../worker/protocol.ts';
import { DEFAULT_PARAMS } from '../worker/protocol.ts';
import { el, labelled } from './dom.ts';
import { FileLoader } from './file-loader.ts';
import { ACCEPTED_EXTENSIONS } from './file-open.ts';
import { LivePlot } from './plots.ts';
import { TrajectoryStore } from './trajectory-store.ts';

/** Scenario menu: id, label, and per-scenario parameter defaults. */
export const SCENARIOS: readonly { id: ScenarioId; label: string; params: Partial<SimParams> }[] = [
  { id: 'argon', label: 'Lennard-Jones argon (2048 atoms)', params: { temperature: 100, dt: 5, cutoff: 8.5 } },
  { id: 'copper', label: 'Cu, EAM (Foiles 1986)', params: { temperature: 600, dt: 2, cutoff: 4.95 } },
  { id: 'silicon', label: 'Si, equivariant MLIP fitted in the browser', params: { temperature: 800, dt: 1, cutoff: 5.5 } },
  { id: 'protein', label: 'Protein electrostatic potential (1AJJ, RS)', params: {} },
  { id: 'nacl', label: 'NaCl lattice (Ewald Coulomb)', params: { temperature: 300, dt: 2, cutoff: 10 } },
];

/** The backend choices of the menu (and of `?backend=`). */
export const BACKEND_REQUESTS: readonly BackendRequest[] = ['auto', 'cpu', 'webgpu'];

/** What the end-to-end tests and the console can read. */
export interface AppState {
  scenario: ScenarioId | null;
  /** The backend the running scenario computes on (`null` until the worker reports it). */
  backend: 'cpu' | 'webgpu' | null;
  /** The WebGPU adapter's name (empty on the CPU). */
  adapter: string;
  /** Why that backend (requested, default, no adapter, device lost, …). */
  backendReason: string;
  /** Potential energy of the first frame (step 0), eV. */
  initialPotentialEnergy: number | null;
  /** Thermodynamics of the last frame (eV, K). */
  potentialEnergy: number | null;
  kineticEnergy: number | null;
  temperature: number | null;
  title: string;
  atoms: number;
  framesReceived: number;
  lastStep: number;
  lastError: string | null;
  hasField: boolean;
  fieldShape: readonly number[] | null;
  fileName: string | null;
  fileFrames: number;
  /** Whether the file is still being read (its frames keep arriving). */
  fileLoading: boolean;
  /** Bytes of the file read so far, and its size (null when unknown). */
  fileBytesRead: number;
  fileBytesTotal: number | null;
  /** When the file's first frame was shown, and when the worker parsed its latest frame (ms since the epoch). */
  fileFirstFrameShownAt: number | null;
  fileLastFrameParsedAt: number | null;
  /** The viewer's renderer (`?renderer=`), in words (`WebGL2`, `WebGPU (adapter)`), and why it is that one. */
  renderer: 'webgl' | 'webgpu';
  rendererDescription: string;
  rendererReason: string;
}

export class SimApp {
  readonly viewer: MoleculeViewer;
  readonly state: AppState = {
    scenario: null,
    backend: null,
    adapter: '',
    backendReason: '',
    initialPotentialEnergy: null,
    potentialEnergy: null,
    kineticEnergy: null,
    temperature: null,
    title: '',
    atoms: 0,
    framesReceived: 0,
    lastStep: 0,
    lastError: null,
    hasField: false,
    fieldShape: null,
    fileName: null,
    fileFrames: 0,
    fileLoading: false,
    fileBytesRead: 0,
    fileBytesTotal: null,
    fileFirstFrameShownAt: null,
    fileLastFrameParsedAt: null,
    renderer: 'webgl',
    rendererDescription: '',
    rendererReason: '',
  };
  private worker: Worker | null = null;
  private structure: StructureMessage | null = null;
  private params: SimParams = DEFAULT_PARAMS;
  private paused = false;
  /** Conventional cells per edge of the crystal scenarios (`?cells=`); undefined = the scenario's default. */
  private cells: number | undefined;
  private readonly store = new TrajectoryStore();
  private readonly player: TrajectoryPlayer;
  private fileFrames: Structure[] = [];
  private fileLoader: FileLoader | null = null;
  private readonly ui: ReturnType<SimApp['buildLayout']>;
  private energyPlot!: LivePlot;
  private temperaturePlot!: LivePlot;
  private lastFrame: FrameMessage | null = null;
  /** Energies of the first frame; the plot shows changes per atom from these. */
  private energyOrigin: [number, number, number] | null = null;

  /** `choice`: a viewer made by `createAppViewer` (renderer-choice.ts); default a WebGL2 one. */
  constructor(root: HTMLElement, choice?: { viewer: MoleculeViewer; reason: string }) {
    this.ui = this.buildLayout(root);
    if (choice) this.ui.viewerHost.replaceWith(choice.viewer.container);
    this.viewer = choice?.viewer ?? new MoleculeViewer(this.ui.viewerHost);
    this.state.renderer = this.viewer.rendererKind;
    this.state.rendererDescription = this.viewer.rendererDescription;
    this.state.rendererReason = choice?.reason ?? 'default';
    if (choice && choice.reason !== 'default' && choice.reason !== 'requested') this.showMessage(choice.reason, 'info');
    this.player = new TrajectoryPlayer((i) => this.showFileFrame(i), { fps: 10 });
    this.player.start();
    this.viewer.onPick((info) => this.showPick(info));
    this.energyPlot = new LivePlot(this.ui.energyPlotHost, 'Energy per atom − start (eV)', [
      { label: 'potential', stroke: '#4c8dff' },
      { label: 'kinetic', stroke: '#ffb454' },
      { label: 'conserved', stroke: '#7ad67a' },
    ]);
    this.temperaturePlot = new LivePlot(this.ui.temperaturePlotHost, 'Temperature (K)', [{ label: 'T', stroke: '#ff6b6b' }]);
    this.installDragAndDrop();
    setInterval(() => this.updateStatus(), 500);
  }

  /**
   * Choose the compute backend (`auto`, `cpu`, `webgpu`) and, for the crystal scenarios, the number
   * of conventional cells per edge; applies to the next {@link startScenario}.
   */
  setRunOptions(options: { backend?: BackendRequest; cells?: number }): void {
    if (options.backend !== undefined) this.ui.backendSelect.value = options.backend;
    if (options.cells !== undefined) this.cells = options.cells;
  }

  /**
   * Destroy the running scenario's WebGPU device, as a driver reset would: the simulation continues on
   * the CPU from the last state read back (for tests and demonstrations; nothing happens on the CPU).
   */
  simulateDeviceLoss(): void {
    this.worker?.postMessage({ type: 'lose-device' });
  }

  /** Start a scenario in a fresh worker. */
  startScenario(id: ScenarioId, params?: SimParams): void {
    this.stopWorker();
    this.fileLoader?.cancel();
    this.fileLoader = null;
    this.state.fileLoading = false;
    this.player.pause();
    this.fileFrames = [];
    this.state.fileName = null;
    this.state.fileFrames = 0;
    this.ui.trajectorySet.hidden = true;
    const preset = SCENARIOS.find((s) => s.id === id);
    this.params = params ?? { ...DEFAULT_PARAMS, ...(preset?.params ?? {}) };
    this.writeParamInputs();
    this.ui.scenarioSelect.value = id;
    this.state.scenario = id;
    this.state.framesReceived = 0;
    this.state.lastError = null;
    this.state.backend = null;
    this.state.adapter = '';
    this.state.backendReason = '';
    this.state.initialPotentialEnergy = null;
    this.state.potentialEnergy = null;
    this.state.kineticEnergy = null;
    this.state.temperature = null;
    this.lastFrame = null;
    this.state.hasField = false;
    this.state.fieldShape = null;
    this.structure = null;
    this.store.clear();
    this.energyPlot.clear();
    this.energyOrigin = null;
    this.temperaturePlot.clear();
    this.viewer.setField(null);
    this.ui.fieldSet.hidden = true;
    this.paused = false;
    this.ui.runButton.textContent = 'Pause';
    this.setProgress('', 0);
    const worker = new Worker(new URL('../worker/sim.worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (event: MessageEvent<FromWorker>) => this.onWorkerMessage(event.data));
    worker.addEventListener('error', (event) => this.showError(`simulation worker failed: ${event.message}`));
    worker.postMessage({
      type: 'start',
      scenario: id,
      params: this.params,
      dataBase: new URL('./data/', location.href).href,
      backend: this.ui.backendSelect.value as BackendRequest,
      ...(this.cells === undefined ? {} : { cells: this.cells }),
    });
    this.worker = worker;
  }

  /** The frames of the open file read so far (empty while a scenario runs). */
  get openFileFrames(): readonly Structure[] {
    return this.fileFrames;
  }

  /** Open a file's text (tests, the console); see {@link openFileSource}. */
  openFile(fileName: string, text: string): void {
    this.openFileSource(fileName, new Blob([text]));
  }

  /**
   * Read a file (a dropped or chosen `File`, or a URL such as `equitensor view`'s) frame by frame in a
   * worker: the first frame shows as soon as it is parsed, later frames join the trajectory (playable)
   * while the rest loads, with progress in frames and bytes. A bad line shows its file and line and keeps
   * the frames read before it; an error before the first frame changes nothing.
   */
  openFileSource(fileName: string, source: Blob | string): void {
    if (this.fileLoader?.active) {
      // a file still loading stops where it is (its frames read so far stay until the new file's first frame)
      this.fileLoader.cancel();
      this.state.fileLoading = false;
    }
    let count = 0;
    const loader: FileLoader = new FileLoader(fileName, source, {
      frame: (frame, _index, parsedAt, progress) => {
        if (this.fileLoader !== loader) return;
        if (count++ === 0) this.showFirstFileFrame(fileName, frame);
        else this.appendFileFrame(frame);
        this.state.fileLastFrameParsedAt = parsedAt;
        this.showFileProgress(fileName, progress);
      },
      progress: (progress) => {
        if (this.fileLoader === loader) this.showFileProgress(fileName, progress);
      },
      done: (progress) => {
        if (this.fileLoader !== loader) return;
        this.state.fileLoading = false;
        this.setProgress('', 0);
        const atoms = this.fileFrames[0]?.numbers.length ?? 0;
        this.showMessage(`Opened ${fileName}: ${progress.frames} frame${progress.frames > 1 ? 's' : ''}, ${atoms} atoms`, 'info');
      },
      error: (message) => {
        if (this.fileLoader !== loader) return;
        this.state.fileLoading = false;
        this.setProgress('', 0);
        this.showError(count === 0 ? message : `${message} (kept the ${count} frame${count > 1 ? 's' : ''} read before it)`);
      },
    });
    this.fileLoader = loader;
  }

  /** Switch the app to a file: its first frame replaces the scenario or the previous file. */
  private showFirstFileFrame(fileName: string, first: Structure): void {
    this.stopWorker();
    this.state.scenario = null;
    this.state.fileName = fileName;
    this.state.fileFrames = 1;
    this.state.fileLoading = true;
    this.state.atoms = first.numbers.length;
    this.state.title = fileName;
    this.state.hasField = false;
    this.viewer.setField(null);
    this.ui.fieldSet.hidden = true;
    this.fileFrames = [first];
    this.ui.simSet.hidden = true;
    this.ui.plots.hidden = true;
    this.store.clear();
    this.store.push(first);
    const representation: Representation = first.numbers.length > 200_000 ? 'points' : 'ball-and-stick';
    this.viewer.setRepresentation(representation);
    this.ui.representation.value = representation;
    this.viewer.setStructure(first);
    this.state.fileFirstFrameShownAt = performance.timeOrigin + performance.now();
    this.ui.trajectorySet.hidden = true;
    this.ui.frameSlider.max = '0';
    this.player.reset();
    this.player.setFrameCount(1);
  }

  /** A later frame of the file being read: playable at once. */
  private appendFileFrame(frame: Structure): void {
    this.fileFrames.push(frame);
    this.store.push(frame);
    const n = this.fileFrames.length;
    this.state.fileFrames = n;
    this.ui.trajectorySet.hidden = false;
    this.ui.frameSlider.max = String(n - 1);
    this.player.setFrameCount(n);
    this.ui.frameLabel.textContent = `${this.player.index + 1} / ${n}`;
  }

  private showFileProgress(fileName: string, progress: { frames: number; bytesRead: number; totalBytes: number | null }): void {
    this.state.fileBytesRead = progress.bytesRead;
    this.state.fileBytesTotal = progress.totalBytes;
    const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
    const size = progress.totalBytes === null ? mb(progress.bytesRead) : `${mb(progress.bytesRead)} / ${mb(progress.totalBytes)}`;
    this.setProgress(
      `Reading ${fileName}: ${progress.frames} frame${progress.frames === 1 ? '' : 's'}, ${size}`,
      progress.totalBytes ? progress.bytesRead / progress.totalBytes : 0,
    );
  }

  private stopWorker(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  private onWorkerMessage(message: FromWorker): void {
    switch (message.type) {
      case 'structure':
        this.onStructure(message);
        return;
      case 'frame':
        this.onFrame(message);
        return;
      case 'field':
        this.onField(message);
        return;
      case 'progress':
        this.setProgress(message.label, message.fraction);
        return;
      case 'backend':
        this.onBackend(message);
        return;
      case 'log':
        this.showMessage(message.message, 'info');
        return;
      case 'error':
        this.showError(message.message);
        return;
    }
  }

  private onBackend(message: BackendMessage): void {
    const lost = this.state.backend === 'webgpu' && message.backend === 'cpu';
    this.state.backend = message.backend;
    this.state.adapter = message.adapter;
    this.state.backendReason = message.reason;
    if (lost) this.showMessage(message.reason, 'info');
    this.updateStatus();
  }

  private onStructure(message: StructureMessage): void {
    this.structure = message;
    this.state.title = message.title;
    this.state.atoms = message.numbers.length;
    this.setProgress('', 0);
    const arrays: Structure['arrays'] = {};
    if (message.charges) arrays.charges = { type: 'R', width: 1, data: message.charges };
    this.viewer.setRepresentation(message.representation);
    this.ui.representation.value = message.representation;
    this.viewer.setStructure({
      numbers: message.numbers,
      positions: message.positions,
      cell: message.cell,
      pbc: message.pbc,
      arrays,
      info: {},
    });
    for (const input of this.ui.paramRows.values()) input.hidden = true;
    for (const key of message.controls) {
      const row = this.ui.paramRows.get(key);
      if (row) row.hidden = false;
    }
    this.ui.simSet.hidden = !message.dynamic;
    this.ui.plots.hidden = !message.dynamic;
  }

  private onFrame(frame: FrameMessage): void {
    const structure = this.structure;
    if (!structure) return;
    this.state.framesReceived++;
    this.state.lastStep = frame.step;
    this.state.initialPotentialEnergy ??= frame.potentialEnergy;
    this.state.potentialEnergy = frame.potentialEnergy;
    this.state.kineticEnergy = frame.kineticEnergy;
    this.state.temperature = frame.temperature;
    this.lastFrame = frame;
    const arrays: Structure['arrays'] = { forces: { type: 'R', width: 3, data: frame.forces } };
    if (structure.charges) arrays.charges = { type: 'R', width: 1, data: structure.charges };
    this.viewer.setFrame({ positions: frame.positions, cell: frame.cell, arrays });
    const n = structure.numbers.length;
    this.store.push({
      numbers: structure.numbers,
      positions: frame.positions,
      cell: frame.cell,
      pbc: structure.pbc,
      arrays,
      info: { energy: frame.potentialEnergy, time: frame.time, step: frame.step, temperature: frame.temperature },
    });
    const ps = frame.time / 1000;
    this.energyOrigin ??= [frame.potentialEnergy, frame.kineticEnergy, frame.conservedEnergy];
    const [p0, k0, c0] = this.energyOrigin;
    this.energyPlot.push(ps, [(frame.potentialEnergy - p0) / n, (frame.kineticEnergy - k0) / n, (frame.conservedEnergy - c0) / n]);
    this.temperaturePlot.push(ps, [frame.temperature]);
  }

  private onField(message: FieldMessage): void {
    const first = !this.state.hasField;
    this.state.hasField = true;
    this.state.fieldShape = message.shape;
    this.ui.fieldSet.hidden = false;
    if (first) this.ui.isoLevel.value = String(message.isoLevel);
    this.viewer.setField(
      { shape: message.shape, origin: message.origin, spacing: message.spacing, values: message.values, unit: message.unit },
      {
        slice: { axis: this.ui.sliceAxis.value as 'x' | 'y' | 'z', fraction: Number(this.ui.slicePosition.value) },
        isoLevel: this.ui.isoShow.checked ? Number(this.ui.isoLevel.value) : null,
      },
    );
    this.showMessage(message.description, 'info');
  }

  private showFileFrame(index: number): void {
    const frame = this.fileFrames[index];
    if (!frame) return;
    this.viewer.setFrame(frame);
    this.ui.frameSlider.value = String(index);
    this.ui.frameLabel.textContent = `${index + 1} / ${this.fileFrames.length}`;
  }

  private showPick(info: PickInfo | null): void {
    this.ui.pickInfo.textContent = info ? formatPickInfo(info) : 'Click an atom to see its element, index, position, charge and force.';
  }

  private showError(text: string): void {
    this.state.lastError = text;
    this.showMessage(text, 'error');
  }

  private showMessage(text: string, kind: 'error' | 'info'): void {
    const box = this.ui.message;
    box.className = kind;
    box.replaceChildren(
      el('button', { textContent: '×', title: 'dismiss', onclick: () => (box.className = '') }),
      el('span', { textContent: text }),
    );
    if (kind === 'info') {
      const shown = text;
      setTimeout(() => {
        if (box.className === 'info' && box.textContent?.endsWith(shown)) box.className = '';
      }, 6000);
    }
  }

  private setProgress(label: string, fraction: number): void {
    this.ui.progressLabel.textContent = label;
    this.ui.progressBar.style.width = `${Math.round(100 * Math.min(1, Math.max(0, fraction)))}%`;
    this.ui.progress.hidden = label === '';
  }

  private updateStatus(): void {
    const f = this.lastFrame;
    const parts = [this.state.title || 'no scenario', `${this.state.atoms} atoms`];
    if (this.state.scenario && this.state.backend) {
      parts.push(this.state.backend === 'webgpu' ? `webgpu (${this.state.adapter})` : 'cpu');
    }
    if (this.state.scenario && f && this.structure?.dynamic) {
      parts.push(
        `step ${f.step}`,
        `t = ${(f.time / 1000).toFixed(2)} ps`,
        `T = ${f.temperature.toFixed(1)} K`,
        `${f.msPerStep.toFixed(2)} ms/step`,
      );
    }
    parts.push(`${this.state.framesReceived} frames`, `${this.viewer.renderCount} renders`);
    this.ui.status.textContent = parts.join(' · ');
  }

  private sendParams(): void {
    this.params = this.readParamInputs();
    this.worker?.postMessage({ type: 'params', params: this.params });
  }

  private readParamInputs(): SimParams {
    const num = (key: keyof SimParams, fallback: number): number => {
      const v = Number((this.ui.paramInputs.get(key) as HTMLInputElement | undefined)?.value);
      return Number.isFinite(v) && v > 0 ? v : fallback;
    };
    return {
      temperature: num('temperature', this.params.temperature),
      dt: num('dt', this.params.dt),
      friction: num('friction', this.params.friction),
      cutoff: num('cutoff', this.params.cutoff),
      thermostat: (this.ui.paramInputs.get('thermostat') as HTMLSelectElement).value === 'nve' ? 'nve' : 'langevin',
      tpKind: (this.ui.paramInputs.get('tpKind') as HTMLSelectElement).value,
    };
  }

  private writeParamInputs(): void {
    for (const [key, input] of this.ui.paramInputs) input.value = String(this.params[key]);
  }

  private download(name: string, blob: Blob): void {
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  private installDragAndDrop(): void {
    const target = this.ui.mainArea;
    target.addEventListener('dragover', (e) => {
      e.preventDefault();
      target.classList.add('dragging');
    });
    target.addEventListener('dragleave', () => target.classList.remove('dragging'));
    target.addEventListener('drop', (e) => {
      e.preventDefault();
      target.classList.remove('dragging');
      const file = e.dataTransfer?.files[0];
      if (file) this.readFile(file);
    });
  }

  private readFile(file: File): void {
    this.openFileSource(file.name, file);
  }

  private buildLayout(root: HTMLElement) {
    const scenarioSelect = el('select', { id: 'scenario', title: 'scenario' });
    for (const s of SCENARIOS) scenarioSelect.append(el('option', { value: s.id, textContent: s.label }));
    scenarioSelect.addEventListener('change', () => this.startScenario(scenarioSelect.value as ScenarioId));
    const backendSelect = el('select', { id: 'backend', title: 'compute backend (auto: WebGPU when the browser has a GPU)' });
    for (const b of BACKEND_REQUESTS) backendSelect.append(el('option', { value: b, textContent: b === 'auto' ? 'backend: auto' : b }));
    backendSelect.addEventListener('change', () => this.state.scenario && this.startScenario(this.state.scenario, this.readParamInputs()));
    const fileInput = el('input', { type: 'file', id: 'file-input', accept: ACCEPTED_EXTENSIONS.join(',') });
    fileInput.addEventListener('change', () => {
      const file = fileInput.files?.[0];
      if (file) this.readFile(file);
      fileInput.value = '';
    });
    const header = el(
      'header',
      {},
      el('h1', { textContent: 'equitensor' }),
      scenarioSelect,
      backendSelect,
      el('button', { textContent: 'Open file…', onclick: () => fileInput.click() }),
      fileInput,
      el('button', {
        id: 'download-xyz',
        textContent: 'Download .extxyz',
        onclick: () => this.download('trajectory.extxyz', new Blob([this.store.toExtxyz()], { type: 'chemical/x-xyz' })),
      }),
      el('button', {
        id: 'download-png',
        textContent: 'PNG',
        onclick: () => void this.viewer.toPNG().then((b) => this.download('view.png', b)),
      }),
    );
    fileInput.style.display = 'none';

    // Simulation parameters
    const paramInputs = new Map<keyof SimParams, HTMLInputElement | HTMLSelectElement>();
    const paramRows = new Map<keyof SimParams, HTMLElement>();
    const numberInput = (key: keyof SimParams, label: string, step: string): void => {
      const input = el('input', { type: 'number', step, min: '0', id: `param-${key}` });
      input.addEventListener('change', () => this.sendParams());
      paramInputs.set(key, input);
      paramRows.set(key, labelled(label, input));
    };
    numberInput('temperature', 'Temperature (K)', '10');
    numberInput('dt', 'Time step (fs)', '0.5');
    const thermostat = el(
      'select',
      { id: 'param-thermostat' },
      el('option', { value: 'langevin', textContent: 'Langevin (NVT)' }),
      el('option', { value: 'nve', textContent: 'none (NVE)' }),
    );
    thermostat.addEventListener('change', () => this.sendParams());
    paramInputs.set('thermostat', thermostat);
    paramRows.set('thermostat', labelled('Thermostat', thermostat));
    numberInput('friction', 'Friction (1/fs)', '0.005');
    numberInput('cutoff', 'Cutoff (Å)', '0.5');
    const tpKind = el('select', { id: 'param-tpKind' });
    for (const kind of TENSOR_PRODUCT_KINDS) tpKind.append(el('option', { value: kind, textContent: kind }));
    tpKind.addEventListener('change', () => {
      // a new tensor-product kind means a new fit: restart the scenario with the current parameters
      if (this.state.scenario) this.startScenario(this.state.scenario, this.readParamInputs());
    });
    paramInputs.set('tpKind', tpKind);
    paramRows.set('tpKind', labelled('Tensor product', tpKind));

    const runButton = el('button', {
      id: 'run',
      textContent: 'Pause',
      onclick: () => {
        this.paused = !this.paused;
        this.worker?.postMessage({ type: this.paused ? 'pause' : 'resume' });
        runButton.textContent = this.paused ? 'Run' : 'Pause';
      },
    });
    const stepButton = el('button', {
      id: 'step',
      textContent: 'Step',
      onclick: () => {
        this.paused = true;
        runButton.textContent = 'Run';
        this.worker?.postMessage({ type: 'step' });
      },
    });
    const restartButton = el('button', {
      textContent: 'Restart',
      onclick: () => this.state.scenario && this.startScenario(this.state.scenario),
    });
    const progressBar = el('div');
    const progress = el('div', { className: 'progress' }, progressBar);
    const progressLabel = el('div', { className: 'progress-label' });
    const progressBox = el('div', { hidden: true }, progressLabel, progress);
    const simSet = el(
      'fieldset',
      {},
      el('legend', { textContent: 'Simulation' }),
      el('div', { className: 'buttons' }, runButton, stepButton, restartButton),
      ...paramRows.values(),
    );

    // Display
    const representation = el('select', { id: 'representation' });
    for (const r of REPRESENTATIONS) representation.append(el('option', { value: r, textContent: r }));
    representation.addEventListener('change', () => this.viewer.setRepresentation(representation.value as Representation));
    const showAtoms = el('input', { type: 'checkbox', checked: true, id: 'show-atoms' });
    showAtoms.addEventListener('change', () => this.viewer.setAtomsVisible(showAtoms.checked));
    const showCell = el('input', { type: 'checkbox', checked: true, id: 'show-cell' });
    showCell.addEventListener('change', () => this.viewer.setCellVisible(showCell.checked));
    const wrap = el('input', { type: 'checkbox', id: 'wrap' });
    const supercell = el('select', { id: 'supercell' });
    for (const n of [1, 2, 3]) supercell.append(el('option', { value: String(n), textContent: `${n}×${n}×${n}` }));
    const periodicChanged = (): void => {
      const n = Number(supercell.value);
      this.viewer.setPeriodicDisplay({ wrap: wrap.checked, supercell: [n, n, n] });
    };
    wrap.addEventListener('change', periodicChanged);
    supercell.addEventListener('change', periodicChanged);
    const displaySet = el(
      'fieldset',
      {},
      el('legend', { textContent: 'Display' }),
      labelled('Representation', representation),
      labelled('Atoms', showAtoms),
      labelled('Unit cell', showCell),
      labelled('Wrap into cell', wrap),
      labelled('Supercell', supercell),
      el('div', { className: 'buttons' }, el('button', { textContent: 'Reset camera', onclick: () => this.viewer.resetCamera() })),
    );

    // Trajectory playback (files)
    const frameSlider = el('input', { type: 'range', min: '0', max: '0', value: '0', id: 'frame-slider' });
    frameSlider.addEventListener('input', () => {
      this.player.pause();
      this.player.seek(Number(frameSlider.value));
    });
    const frameLabel = el('span', { textContent: '' });
    const fps = el('input', { type: 'number', value: '10', min: '1', max: '120', id: 'fps' });
    fps.addEventListener('change', () => (this.player.fps = Math.max(1, Number(fps.value) || 10)));
    const loop = el('input', { type: 'checkbox', checked: true, id: 'loop' });
    loop.addEventListener('change', () => (this.player.loop = loop.checked));
    const trajectorySet = el(
      'fieldset',
      { hidden: true },
      el('legend', { textContent: 'Trajectory' }),
      el(
        'div',
        { className: 'buttons' },
        el('button', { textContent: '⏮', title: 'previous frame', onclick: () => this.player.step(-1) }),
        el('button', {
          id: 'play',
          textContent: 'Play / pause',
          onclick: () => (this.player.isPlaying ? this.player.pause() : this.player.play()),
        }),
        el('button', { textContent: '⏭', title: 'next frame', onclick: () => this.player.step(1) }),
        frameLabel,
      ),
      frameSlider,
      labelled('Speed (frames/s)', fps),
      labelled('Loop', loop),
    );

    // Field
    const sliceAxis = el(
      'select',
      { id: 'slice-axis' },
      el('option', { value: 'x', textContent: 'x' }),
      el('option', { value: 'y', textContent: 'y' }),
      el('option', { value: 'z', textContent: 'z', selected: true }),
    );
    const slicePosition = el('input', { type: 'range', min: '0', max: '1', step: '0.01', value: '0.5', id: 'slice-position' });
    const isoShow = el('input', { type: 'checkbox', checked: true, id: 'iso-show' });
    const isoLevel = el('input', { type: 'number', value: '0.05', step: '0.01', min: '0', id: 'iso-level' });
    const fieldChanged = (): void =>
      this.viewer.updateField({
        slice: { axis: sliceAxis.value as 'x' | 'y' | 'z', fraction: Number(slicePosition.value) },
        isoLevel: isoShow.checked ? Number(isoLevel.value) : null,
      });
    for (const c of [sliceAxis, slicePosition, isoShow, isoLevel]) c.addEventListener('change', fieldChanged);
    slicePosition.addEventListener('input', fieldChanged);
    const fieldSet = el(
      'fieldset',
      { hidden: true },
      el('legend', { textContent: 'Potential field' }),
      labelled('Slice axis', sliceAxis),
      labelled('Slice position', slicePosition),
      labelled('Isosurfaces ±', isoShow),
      labelled('Iso level (V)', isoLevel),
    );

    const pickInfo = el('pre', { id: 'pick-info', textContent: 'Click an atom to see its element, index, position, charge and force.' });
    const energyPlotHost = el('div', { className: 'plot' });
    const temperaturePlotHost = el('div', { className: 'plot' });
    const plots = el('div', {}, energyPlotHost, temperaturePlotHost);
    const aside = el(
      'aside',
      {},
      progressBox,
      simSet,
      fieldSet,
      trajectorySet,
      displaySet,
      el('fieldset', {}, el('legend', { textContent: 'Picked atom' }), pickInfo),
      plots,
    );
    const viewerHost = el('div', { id: 'viewer' });
    const message = el('div', { id: 'message', role: 'alert' });
    const mainArea = el(
      'main',
      {},
      viewerHost,
      el('div', { id: 'drop-hint', textContent: 'Drop an extxyz, PDB, PQR, CIF or LAMMPS dump file' }),
      message,
    );
    const status = el('footer', { id: 'status' });
    root.append(header, aside, mainArea, status);
    return {
      scenarioSelect,
      backendSelect,
      representation,
      paramInputs,
      paramRows,
      runButton,
      progress: progressBox,
      progressBar,
      progressLabel,
      simSet,
      fieldSet,
      sliceAxis,
      slicePosition,
      isoShow,
      isoLevel,
      trajectorySet,
      frameSlider,
      frameLabel,
      pickInfo,
      energyPlotHost,
      temperaturePlotHost,
      plots,
      viewerHost,
      message,
      mainArea,
      status,
    };
  }
}
