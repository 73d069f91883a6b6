/**
 * The browser app: it connects the controls panel (`controls-panel.ts`), the simulation worker's client
 * (`sim-client.ts`), the file reader (`file-loader.ts`) and the viewer, and keeps the view state
 * (`view-state.ts`) that the end-to-end tests read. Rendering happens on demand (a frame, a camera move).
 */
import type { Structure } from '@equitensor/io';
import type { PickInfo } from '@equitensor/viewer';
import { formatPickInfo, MoleculeViewer, TrajectoryPlayer } from '@equitensor/viewer';
import type {
  BackendMessage,
  BackendRequest,
  ComputeTask,
  FieldMessage,
  FrameMessage,
  FromWorker,
  OpenedStructure,
  ScenarioId,
  SimParams,
  StoppedMessage,
  StructureMessage,
  WorkersMessage,
} from '../worker/protocol.ts';
import { DEFAULT_PARAMS } from '../worker/protocol.ts';
import { scenarioInfo } from '../worker/scenarios/catalog.ts';
import { CartoonClient, SUPERSEDED } from './cartoon-view.ts';
import { chargesOf, isPotentialFile } from './compute-controls.ts';
import { ControlsPanel, PICK_HINT } from './controls-panel.ts';
import { el } from './dom.ts';
import { FileLoader } from './file-loader.ts';
import { FileView } from './file-view.ts';
import { showMessage } from './message-bar.ts';
import { LivePlot } from './plots.ts';
import { RdfPlot } from './rdf-plot.ts';
import { SimClient, type StartRequest } from './sim-client.ts';
import { SurfaceClient } from './surface-client.ts';
import { TrajectoryStore } from './trajectory-store.ts';
import { type AppState, initialAppState, repeatsStop, resetRun, sameParams, statusText } from './view-state.ts';

export type { AppState } from './view-state.ts';

/**
 * The app in `root`: scenarios run in a worker and stream frames into the viewer; files open frame by frame.
 *
 * @example
 * ```ts
 * const app = new SimApp(document.getElementById('app')!);
 * app.startScenario('argon');
 * ```
 */
export class SimApp {
  readonly viewer: MoleculeViewer;
  readonly state: AppState = initialAppState();
  private readonly ui: ControlsPanel;
  private readonly client: SimClient;
  /** The request of the current run (for Restart). */
  private lastRequest: StartRequest | null = null;
  private structure: StructureMessage | null = null;
  private params: SimParams = DEFAULT_PARAMS;
  /** The parameters when the last `stopped` message came (the same again: a new one repeats that stop). */
  private paramsAtStop: SimParams | null = null;
  private paused = false;
  /** Conventional cells per edge of the crystal scenarios (`?cells=`); undefined = the scenario's default. */
  private cells: number | undefined;
  private readonly store = new TrajectoryStore();
  /** Plays the frames of a run that stopped (the trajectory controls act on it while `reviewing`). */
  private readonly runPlayer = new TrajectoryPlayer((i) => this.showRunFrame(i), { fps: 10 });
  private reviewing = false;
  private readonly surfaces = new SurfaceClient(
    () => this.viewer,
    (shown) => {
      this.state.surface = shown;
      if (shown)
        this.showMessage(
          `${shown.kind.toUpperCase()} surface: ${shown.vertices} vertices in ${(shown.surfaceMs / 1000).toFixed(2)} s` +
            (shown.limit > 0
              ? `; potential (${shown.method}) in ${(shown.potentialMs / 1000).toFixed(2)} s, colours ±${shown.limit.toPrecision(3)} V`
              : ''),
          'info',
        );
    },
    (text) => this.showError(text),
  );
  /** Cartoons computed in a worker as soon as a protein is shown. */
  private readonly cartoons = new CartoonClient(() => this.viewer);
  private readonly files: FileView;
  private readonly energyPlot: LivePlot;
  private readonly temperaturePlot: LivePlot;
  private readonly rdfPlot: RdfPlot;
  private lastFrame: FrameMessage | null = null;
  /** Energies of the first frame; the plot shows changes per atom from these. */
  private energyOrigin: [number, number, number] | null = null;

  /** `choice`: a viewer made by `createAppViewer` (renderer-choice.ts); default a WebGL2 one. */
  constructor(root: HTMLElement, choice?: { viewer: MoleculeViewer; reason: string }) {
    this.client = new SimClient(
      (message) => this.onWorkerMessage(message),
      (text) => this.showError(text),
    );
    this.ui = new ControlsPanel(root, {
      chooseScenario: (id) => this.startScenario(id),
      backendChanged: () => this.restart(true),
      workersChanged: () => this.restart(true),
      openFile: (file) => this.openFileSource(file.name, file),
      openUrl: (name, url) => this.openFileSource(name, url),
      refuse: (text) => this.showError(text),
      structuresChanged: (shown) => {
        this.state.structures = shown;
      },
      downloadTrajectory: () => this.download('trajectory.extxyz', new Blob([this.store.toExtxyz()], { type: 'chemical/x-xyz' })),
      downloadPng: () => void this.viewer.toPNG().then((b) => this.download('view.png', b)),
      paramsChanged: () => this.sendParams(),
      // a new tensor-product kind means a new fit: restart the scenario with the current parameters
      refit: () => this.restart(true),
      togglePause: () => {
        this.paused = !this.paused;
        if (this.paused) this.client.pause();
        else this.client.resume();
        return this.paused;
      },
      step: () => {
        this.paused = true;
        this.client.step();
      },
      restart: () => this.restart(false),
      compute: {
        potential: () => this.compute({ kind: 'potential' }),
        fit: (tpKind) => this.compute({ kind: 'fit', frames: this.files.openFrames, tpKind }),
        md: (potential) => this.compute({ kind: 'md', potential }),
        refuse: (text) => this.showError(text),
      },
      resultsChanged: (results) => {
        this.state.results = results;
      },
      bio: {
        surface: (kind, byPotential) => this.surfaces.show(this.viewer.currentStructure, kind, byPotential),
        measured: (measurements) => {
          this.state.measurements = measurements.map((m) => ({
            kind: m.kind,
            atoms: [...m.atoms],
            value: m.value,
            ...(m.structures ? { structures: [...m.structures] } : {}),
          }));
        },
        cartoon: (on) => {
          this.cartoons.show(on ? this.viewer.currentStructure : null).then(
            (shown) => {
              if (shown !== SUPERSEDED) this.state.cartoon = shown;
            },
            (error: unknown) => {
              this.state.cartoon = null;
              this.showError(error instanceof Error ? error.message : String(error));
            },
          );
        },
        prepareCartoon: (structure) => {
          this.cartoons.prepare(structure);
          // a protein: compile the cartoon's and surface's shader while the user looks (a failure shows when drawn)
          if (structure) this.viewer.prepareSurfaceShading().catch(() => {});
        },
        refuse: (text) => this.showError(text),
        changed: (scheme, selected) => {
          this.state.colorScheme = scheme;
          this.state.selectedAtoms = selected;
        },
      },
      viewer: () => this.viewer,
      player: () => (this.reviewing ? this.runPlayer : this.files.player),
    });
    if (choice) this.ui.viewerHost.replaceWith(choice.viewer.container);
    this.viewer = choice?.viewer ?? new MoleculeViewer(this.ui.viewerHost);
    this.state.renderer = this.viewer.rendererKind;
    this.state.rendererDescription = this.viewer.rendererDescription;
    this.state.rendererReason = choice?.reason ?? 'default';
    this.ui.rendererInfo.textContent = this.viewer.rendererDescription;
    if (choice && choice.reason !== 'default' && choice.reason !== 'requested') this.showMessage(choice.reason, 'info');
    this.files = new FileView(this.viewer, this.ui, this.state, this.store, {
      replacing: () => this.client.stop(),
      info: (text) => this.showMessage(text, 'info'),
      error: (text) => this.showError(text),
    });
    this.viewer.onPick((info) => this.showPick(info));
    this.energyPlot = new LivePlot(this.ui.energyPlotHost, 'Energy per atom − start (eV)', [
      { label: 'potential', stroke: '#4c8dff' },
      { label: 'kinetic', stroke: '#ffb454' },
      { label: 'conserved', stroke: '#7ad67a' },
    ]);
    this.temperaturePlot = new LivePlot(this.ui.temperaturePlotHost, 'Temperature (K)', [{ label: 'T', stroke: '#ff6b6b' }]);
    this.rdfPlot = new RdfPlot(this.ui.rdfPlotHost);
    this.runPlayer.start();
    setInterval(() => this.updateStatus(), 500);
  }

  /**
   * Choose the compute backend (`auto`, `cpu`, `webgpu`), the Web Workers of MD on the CPU (`auto` or 1 … the
   * browser's cores) and, for the crystal scenarios, the number of conventional cells per edge; applies to the next
   * {@link startScenario}.
   */
  setRunOptions(options: { backend?: BackendRequest; workers?: string; cells?: number }): void {
    if (options.backend !== undefined) this.ui.backendSelect.value = options.backend;
    if (options.workers !== undefined) this.ui.workersSelect.value = options.workers;
    if (options.cells !== undefined) this.cells = options.cells;
  }

  /** Fetch PDB entries from a mirror of the archives' download paths (`?pdb-mirror=`; null: the archives). */
  setArchiveMirror(base: string | null): void {
    this.ui.fetch.setMirror(base);
  }

  /** Say what is wrong with the page's URL options (unknown ones, values not taken): one message, kept as the last error. */
  reportUrlOptions(problems: readonly string[]): void {
    this.showError(`URL options: ${problems.join('; ')}`);
  }

  /**
   * Destroy the running scenario's WebGPU device, as a driver reset would: the simulation continues on
   * the CPU from the last state read back (for tests and demonstrations; nothing happens on the CPU).
   */
  simulateDeviceLoss(): void {
    this.client.loseDevice();
  }

  /** Start a scenario in a fresh worker. */
  startScenario(id: ScenarioId, params?: SimParams): void {
    this.files.close();
    this.viewer.clearStructures();
    this.ui.structures.refresh(null);
    this.params = params ?? { ...DEFAULT_PARAMS, ...scenarioInfo(id).params };
    this.ui.params.write(this.params);
    this.ui.scenarioSelect.value = id;
    this.start(
      {
        type: 'start',
        scenario: id,
        params: this.params,
        dataBase: new URL('./data/', location.href).href,
        backend: this.ui.backendSelect.value as BackendRequest,
        workers: this.ui.workers,
        ...(this.cells === undefined ? {} : { cells: this.cells }),
      },
      id,
      null,
    );
  }

  /** The frames of the open file read so far (empty while a scenario runs). */
  get openFileFrames(): readonly Structure[] {
    return this.files.openFrames;
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
    if (isPotentialFile(fileName)) void this.readPotentialFile(fileName, source);
    else if (this.ui.structures.add.checked && this.state.fileName !== null) this.addFile(fileName, source);
    else this.files.open(fileName, source);
  }

  /** Show a file's first frame beside the open file ("Add next file"), keeping what is shown. */
  private addFile(fileName: string, source: Blob | string): void {
    const loader: FileLoader = new FileLoader(fileName, source, {
      frame: (frame, index) => {
        if (index !== 0) return;
        loader.cancel();
        this.viewer.addStructure(frame, fileName);
        this.ui.structures.refresh(this.state.fileName);
        this.showMessage(`Added ${fileName} (${frame.numbers.length} atoms) beside ${this.state.fileName}`, 'info');
      },
      progress: () => {},
      done: () => {},
      error: (message) => this.showError(message),
    });
  }

  /**
   * Compute on the open file's shown frame, in a fresh worker run: its electrostatic potential (slices, ±
   * isosurfaces, energy and Madelung constant in the results panel) or MD with a chosen potential.
   */
  compute(task: ComputeTask): void {
    const frame = this.files.currentFrame;
    if (!frame || this.state.fileName === null) {
      this.showError('Open a structure first: the computation runs on the frame shown.');
      return;
    }
    const charges = chargesOf(frame);
    const structure: OpenedStructure = {
      name: this.state.fileName,
      numbers: frame.numbers,
      positions: frame.positions,
      cell: frame.cell,
      pbc: frame.pbc,
      ...(charges ? { charges } : {}),
    };
    if (task.kind === 'md') {
      const cutoff = task.potential.kind === 'lj' ? Number((2.5 * task.potential.sigma).toFixed(2)) : this.params.cutoff;
      this.params = { ...DEFAULT_PARAMS, temperature: 300, dt: 1, cutoff };
      this.ui.params.write(this.params);
    }
    this.start(
      {
        type: 'compute',
        task,
        structure,
        params: this.params,
        backend: this.ui.backendSelect.value as BackendRequest,
        workers: this.ui.workers,
      },
      null,
      task.kind,
    );
  }

  /** A dropped potential file (EAM, Born-Mayer-Huggins, an MLIP or MACE model): kept for "Run MD". */
  private async readPotentialFile(fileName: string, source: Blob | string): Promise<void> {
    try {
      // a binary MACE model (.macebin) is read as bytes, every other potential file as text
      const binary = /\.macebin$/i.test(fileName);
      const blob = typeof source === 'string' ? await (await fetch(source)).blob() : source;
      this.ui.compute.setPotentialFile(fileName, binary ? new Uint8Array(await blob.arrayBuffer()) : await blob.text());
      this.showMessage(`Potential file ${fileName} ready: open a periodic structure and press "Run MD".`, 'info');
    } catch (error) {
      this.showError(`${fileName}: cannot read the potential file: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Restart the running scenario (with the parameters in the inputs when `keepInputs`, else its presets), or the
   * computation on the open file (with the parameters in the inputs).
   */
  private restart(keepInputs: boolean): void {
    if (this.state.scenario) this.startScenario(this.state.scenario, keepInputs ? this.ui.params.read(this.params) : undefined);
    else if (this.state.compute && this.lastRequest?.type === 'compute') {
      this.params = this.ui.params.read(this.params);
      this.start(
        { ...this.lastRequest, params: this.params, backend: this.ui.backendSelect.value as BackendRequest, workers: this.ui.workers },
        null,
        this.state.compute,
      );
    }
  }

  /** Start a run in a fresh worker, forgetting the previous run's frames, plots and field. */
  private start(request: StartRequest, scenario: ScenarioId | null, compute: AppState['compute']): void {
    this.client.stop();
    this.files.player.pause();
    this.ui.trajectorySet.hidden = true;
    this.beginRun(scenario, compute);
    this.lastRequest = request;
    this.client.start(request);
  }

  /** Forget the previous run's frames, plots and field. */
  private beginRun(id: ScenarioId | null, compute: AppState['compute']): void {
    resetRun(this.state, id, compute);
    this.endReview();
    this.lastFrame = null;
    this.structure = null;
    this.store.clear();
    this.energyPlot.clear();
    this.energyOrigin = null;
    this.temperaturePlot.clear();
    this.rdfPlot.clear();
    this.viewer.setField(null);
    this.ui.field.fieldset.hidden = true;
    this.paused = false;
    this.ui.params.setPaused(false);
    this.ui.setProgress('', 0);
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
        this.ui.setProgress(message.label, message.fraction);
        return;
      case 'backend':
        this.onBackend(message);
        return;
      case 'workers':
        this.onWorkers(message);
        return;
      case 'result':
        this.ui.results.add(message);
        return;
      case 'parity':
        this.ui.parity.show(message);
        return;
      case 'model':
        this.ui.compute.setPotentialFile(message.fileName, message.text);
        return;
      case 'stopped':
        this.onStopped(message);
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

  /** How many threads compute the forces (the worker pool, or one thread and why): status bar and state. */
  private onWorkers(message: WorkersMessage): void {
    this.state.workers = message.workers;
    this.state.workersReason = message.reason;
    this.state.workersForceLoop = message.forceLoop ?? '';
    this.updateStatus();
  }

  private onStructure(message: StructureMessage): void {
    this.structure = message;
    this.state.title = message.title;
    this.state.atoms = message.numbers.length;
    this.ui.setProgress('', 0);
    // a computation on the open file keeps the file's per-atom columns (residues, chains) for picking and colouring
    const opened = this.state.compute !== null ? this.files.currentFrame : null;
    const arrays: Structure['arrays'] = opened?.numbers.length === message.numbers.length ? { ...opened.arrays } : {};
    if (message.charges) arrays.charges = { type: 'R', width: 1, data: message.charges };
    if (message.grades) arrays.grade = { type: 'R', width: 1, data: message.grades };
    this.viewer.setRepresentation(message.representation);
    this.ui.showRepresentation(message.representation);
    const structure: Structure = {
      numbers: message.numbers,
      positions: message.positions,
      cell: message.cell,
      pbc: message.pbc,
      arrays,
      info: {},
    };
    this.viewer.setStructure(structure);
    // a static scenario sends no frames: its structure is what "Download .extxyz" saves
    if (this.state.scenario !== null && !message.dynamic) this.store.push(structure);
    this.ui.bio.setStructure(structure);
    this.ui.pickInfo.textContent = PICK_HINT; // no atom of the previous run or file
    this.ui.params.showOnly(message.controls);
    this.ui.showSimulation(message.dynamic);
  }

  private onFrame(frame: FrameMessage): void {
    const structure = this.structure;
    if (!structure) return;
    // a frame after a stop: the run continues (new parameters), from its last good state
    if (this.state.stopped !== null) {
      this.state.stopped = null;
      this.endReview();
    }
    this.state.framesReceived++;
    this.state.lastStep = frame.step;
    this.state.initialPotentialEnergy ??= frame.potentialEnergy;
    this.state.potentialEnergy = frame.potentialEnergy;
    this.state.kineticEnergy = frame.kineticEnergy;
    this.state.temperature = frame.temperature;
    this.lastFrame = frame;
    const arrays: Structure['arrays'] = { forces: { type: 'R', width: 3, data: frame.forces } };
    if (structure.charges) arrays.charges = { type: 'R', width: 1, data: structure.charges };
    if (frame.grades) arrays.grade = { type: 'R', width: 1, data: frame.grades };
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
    if (frame.rdf) this.rdfPlot.show(frame.rdf);
  }

  /**
   * md's stability guard stopped the run (the worker pauses): say where and why in the results panel (which
   * stays), the status bar and the message bar; the last good frame stays shown, the frames before it stay
   * downloadable and playable.
   */
  private onStopped(message: StoppedMessage): void {
    const repeat = repeatsStop(this.state.stopped, message, this.params, this.paramsAtStop);
    this.paramsAtStop = { ...this.params };
    if (repeat) {
      // Run or Step with nothing changed: the same stop again, no new result
      this.paused = true;
      this.ui.params.setPaused(true);
      this.showError(
        `Nothing changed since the run stopped at step ${message.step}, so it stops there again. Change the parameters (e.g. a smaller time step) and press Run to continue from step ${message.lastGoodStep}, or Restart.`,
      );
      this.updateStatus();
      return;
    }
    this.state.stopped = { step: message.step, quantity: message.quantity, lastGoodStep: message.lastGoodStep, message: message.message };
    this.paused = true;
    this.ui.params.setPaused(true);
    this.ui.results.add({
      type: 'result',
      title: `${this.state.title || 'MD'}: stopped, unstable`,
      entries: [
        {
          label: 'Unstable at step',
          value: message.step,
          unit: '',
          digits: Math.max(1, String(message.step).length),
          note: message.message,
        },
        { label: 'Last good step', value: message.lastGoodStep, unit: '', digits: Math.max(1, String(message.lastGoodStep).length) },
      ],
    });
    this.showError(
      `${message.message}. Lower the time step (or fix the structure) and press Run to continue from step ${message.lastGoodStep}, or Restart.`,
    );
    this.updateStatus();
    // the frames received so far become a playable trajectory, ending on the last good one
    const n = this.store.length;
    if (n === 0) return;
    this.reviewing = true;
    this.runPlayer.reset();
    this.runPlayer.setFrameCount(n);
    this.runPlayer.seek(n - 1);
    this.ui.frameSlider.max = String(n - 1);
    this.ui.trajectorySet.hidden = false;
  }

  /** Show frame `index` of the stopped run's trajectory. */
  private showRunFrame(index: number): void {
    const frame = this.store.all[index];
    if (!frame) return;
    this.viewer.setFrame(frame);
    this.ui.frameSlider.value = String(index);
    this.ui.frameLabel.textContent = `${index + 1} / ${this.store.length}`;
  }

  /** Give the trajectory controls back to the file player. */
  private endReview(): void {
    if (!this.reviewing) return;
    this.reviewing = false;
    this.runPlayer.reset();
    this.ui.trajectorySet.hidden = true;
  }

  private onField(message: FieldMessage): void {
    const first = !this.state.hasField;
    this.state.hasField = true;
    this.state.fieldShape = message.shape;
    this.ui.field.fieldset.hidden = false;
    if (first) this.ui.field.setIsoLevel(message.isoLevel);
    this.viewer.setField(
      { shape: message.shape, origin: message.origin, spacing: message.spacing, values: message.values, unit: message.unit },
      this.ui.field.display,
    );
    this.showMessage(message.description, 'info');
  }

  private showPick(info: PickInfo | null): void {
    this.ui.bio.picked(info);
    this.ui.pickInfo.textContent = info ? formatPickInfo(info) : PICK_HINT;
  }

  private showError(text: string): void {
    this.state.lastError = text;
    this.showMessage(text, 'error');
  }

  private showMessage(text: string, kind: 'error' | 'info'): void {
    showMessage(this.ui.message, text, kind);
  }

  private updateStatus(): void {
    this.ui.status.textContent = statusText(this.state, this.lastFrame, this.structure?.dynamic ?? false, this.viewer.renderCount);
  }

  private sendParams(): void {
    const next = this.ui.params.read(this.params);
    if (this.ui.params.refusedText) this.showError(this.ui.params.refusedText);
    // a change event with nothing changed (a blur after an edit already sent) would restart the dynamics
    if (sameParams(next, this.params)) return;
    this.params = next;
    this.client.setParams(this.params);
  }

  private download(name: string, blob: Blob): void {
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}
