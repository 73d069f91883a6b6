/**
 * The controls panel: the header (scenario, backend and worker-count menus, open file, downloads), the side panel
 * (progress, simulation parameters, field, trajectory playback, display, picked atom, plots), the view's
 * host with its message bar, and the status bar. It owns the DOM and turns user input into calls of
 * {@link PanelActions}; it holds no simulation state.
 */
import { structureFileExtensions } from '@equitensor/io';
import type { MoleculeViewer, Representation, TrajectoryPlayer } from '@equitensor/viewer';
import { REPRESENTATIONS } from '@equitensor/viewer';
import type { BackendRequest } from '../worker/protocol.ts';
import { SCENARIOS, type ScenarioId } from '../worker/scenarios/catalog.ts';
import { type BioActions, BioControls } from './bio-controls.ts';
import { type ComputeActions, ComputeControls, POTENTIAL_FILE_EXTENSIONS } from './compute-controls.ts';
import { el, labelled } from './dom.ts';
import { FetchControls } from './fetch-controls.ts';
import { FieldControls } from './field-controls.ts';
import { type ParamActions, ParamControls } from './param-controls.ts';
import { ParityPlots } from './parity-plot.ts';
import { ResultsPanel, type ShownResult } from './results-panel.ts';
import { StructuresControls } from './structures-controls.ts';
import { stepFrameButton } from './transport-icons.ts';

/** The backend choices of the menu (and of `?backend=`). */
export const BACKEND_REQUESTS: readonly BackendRequest[] = ['auto', 'cpu', 'webgpu'];

/** What the controls ask the app to do. */
export interface PanelActions extends ParamActions {
  /** Compute on the open structure (its potential, MD). */
  readonly compute: ComputeActions;
  resultsChanged(results: readonly ShownResult[]): void;
  /** Colouring and selection (the panel adds the viewer). */
  readonly bio: Omit<BioActions, 'viewer'>;
  chooseScenario(id: ScenarioId): void;
  backendChanged(): void;
  /** The worker-count menu changed (restarts the run). */
  workersChanged(): void;
  openFile(file: File): void;
  /** Open a structure by URL (a PDB ID's download address, or one typed in), read as `fileName`. */
  openUrl(fileName: string, url: string): void;
  refuse(text: string): void;
  /** The structures shown changed (names, atoms, visibility). */
  structuresChanged(shown: { name: string; atoms: number; visible: boolean }[]): void;
  downloadTrajectory(): void;
  downloadPng(): void;
  /** The viewer and the file player the display and trajectory controls act on (created after the panel). */
  viewer(): MoleculeViewer;
  player(): TrajectoryPlayer;
}

/**
 * Build the app's layout into `root`.
 *
 * @example
 * ```ts
 * const panel = new ControlsPanel(document.getElementById('app')!, actions);
 * panel.setProgress('Fitting', 0.3);
 * ```
 */
export class ControlsPanel {
  readonly scenarioSelect: HTMLSelectElement;
  readonly backendSelect: HTMLSelectElement;
  /** Web Workers for MD on the CPU: `auto` (the cores the browser reports) or 1 … that many. */
  readonly workersSelect: HTMLSelectElement;
  readonly representation: HTMLSelectElement;
  readonly params: ParamControls;
  readonly field: FieldControls;
  readonly compute: ComputeControls;
  readonly results: ResultsPanel;
  readonly bio: BioControls;
  readonly structures: StructuresControls;
  readonly parity: ParityPlots;
  /** The viewer's renderer in words (`WebGL2`, `WebGPU (adapter)`). */
  readonly rendererInfo: HTMLSpanElement;
  /** Open by PDB ID or URL. */
  readonly fetch: FetchControls;
  readonly trajectorySet: HTMLFieldSetElement;
  readonly frameSlider: HTMLInputElement;
  readonly frameLabel: HTMLSpanElement;
  readonly pickInfo: HTMLPreElement;
  readonly energyPlotHost: HTMLDivElement;
  readonly temperaturePlotHost: HTMLDivElement;
  /** The g(r) plot (scenarios that sample it, e.g. molten salt; hidden otherwise). */
  readonly rdfPlotHost: HTMLDivElement;
  readonly plots: HTMLDivElement;
  readonly viewerHost: HTMLDivElement;
  readonly message: HTMLDivElement;
  readonly mainArea: HTMLElement;
  readonly aside: HTMLElement;
  readonly status: HTMLElement;
  private readonly progressBox: HTMLDivElement;
  private readonly progressBar: HTMLDivElement;
  private readonly progressLabel: HTMLDivElement;

  constructor(root: HTMLElement, actions: PanelActions) {
    const scenarioSelect = el('select', { id: 'scenario', title: 'scenario' });
    scenarioSelect.setAttribute('aria-label', 'Scenario');
    // shown while a file is open, so that any scenario (the last one too) can be chosen again
    scenarioSelect.append(el('option', { value: '', textContent: 'Scenarios…', disabled: true }));
    for (const s of SCENARIOS) scenarioSelect.append(el('option', { value: s.id, textContent: s.label }));
    scenarioSelect.addEventListener('change', () => actions.chooseScenario(scenarioSelect.value as ScenarioId));
    const backendSelect = el('select', { id: 'backend', title: 'compute backend (auto: WebGPU when the browser has a GPU)' });
    for (const b of BACKEND_REQUESTS) backendSelect.append(el('option', { value: b, textContent: b === 'auto' ? 'backend: auto' : b }));
    backendSelect.setAttribute('aria-label', 'Compute backend');
    backendSelect.addEventListener('change', () => actions.backendChanged());
    const workersSelect = el('select', {
      id: 'workers',
      title: `Web Workers that compute the forces of MD on the CPU, sharing memory (auto: ${hardwareThreads()}, the cores this browser reports)`,
    });
    for (const w of workerChoices())
      workersSelect.append(el('option', { value: w, textContent: w === 'auto' ? 'workers: auto' : `${w} worker${w === '1' ? '' : 's'}` }));
    workersSelect.setAttribute('aria-label', 'Web Workers');
    workersSelect.addEventListener('change', () => actions.workersChanged());
    const fileInput = el('input', {
      type: 'file',
      id: 'file-input',
      accept: [...structureFileExtensions, ...POTENTIAL_FILE_EXTENSIONS].join(','),
    });
    fileInput.addEventListener('change', () => {
      const file = fileInput.files?.[0];
      if (file) actions.openFile(file);
      fileInput.value = '';
    });
    fileInput.style.display = 'none';
    // on narrow screens the panel sits below the view; this button folds it away (style.css shows it there only)
    const panelToggle = el('button', { id: 'panel-toggle', textContent: 'Panel', title: 'show or hide the side panel' });
    panelToggle.setAttribute('aria-expanded', 'true');
    panelToggle.addEventListener('click', () => {
      const collapsed = root.classList.toggle('panel-collapsed');
      panelToggle.setAttribute('aria-expanded', String(!collapsed));
    });
    const header = el(
      'header',
      {},
      el('h1', { textContent: 'equitensor' }),
      panelToggle,
      scenarioSelect,
      backendSelect,
      workersSelect,
      el('button', { textContent: 'Open file…', onclick: () => fileInput.click() }),
      fileInput,
      el('button', { id: 'download-xyz', textContent: 'Download .extxyz', onclick: () => actions.downloadTrajectory() }),
      el('button', { id: 'download-png', textContent: 'PNG', onclick: () => actions.downloadPng() }),
    );
    this.scenarioSelect = scenarioSelect;
    this.backendSelect = backendSelect;
    this.workersSelect = workersSelect;

    this.params = new ParamControls(actions);
    this.field = new FieldControls((display) => actions.viewer().updateField(display));
    this.compute = new ComputeControls(actions.compute);
    this.results = new ResultsPanel((results) => actions.resultsChanged(results));
    this.bio = new BioControls({ ...actions.bio, viewer: () => actions.viewer() });
    this.structures = new StructuresControls(
      () => actions.viewer(),
      (shown) => actions.structuresChanged(shown),
    );
    this.parity = new ParityPlots();
    this.fetch = new FetchControls({ openUrl: (name, url) => actions.openUrl(name, url), refuse: (text) => actions.refuse(text) });
    this.progressBar = el('div');
    this.progressLabel = el('div', { className: 'progress-label' });
    this.progressBox = el('div', { hidden: true }, this.progressLabel, el('div', { className: 'progress' }, this.progressBar));

    // Display
    this.rendererInfo = el('span', { id: 'renderer-info' });
    const representation = el('select', { id: 'representation' });
    for (const r of REPRESENTATIONS) representation.append(el('option', { value: r, textContent: r }));
    representation.addEventListener('change', () => actions.viewer().setRepresentation(representation.value as Representation));
    this.representation = representation;
    const showAtoms = el('input', { type: 'checkbox', checked: true, id: 'show-atoms' });
    showAtoms.addEventListener('change', () => actions.viewer().setAtomsVisible(showAtoms.checked));
    const showCell = el('input', { type: 'checkbox', checked: true, id: 'show-cell' });
    showCell.addEventListener('change', () => actions.viewer().setCellVisible(showCell.checked));
    const wrap = el('input', { type: 'checkbox', id: 'wrap' });
    const supercell = el('select', { id: 'supercell' });
    for (const n of [1, 2, 3]) supercell.append(el('option', { value: String(n), textContent: `${n}×${n}×${n}` }));
    const periodicChanged = (): void => {
      const n = Number(supercell.value);
      actions.viewer().setPeriodicDisplay({ wrap: wrap.checked, supercell: [n, n, n] });
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
      labelled('Renderer', this.rendererInfo),
      el('div', { className: 'buttons' }, el('button', { textContent: 'Reset camera', onclick: () => actions.viewer().resetCamera() })),
    );

    // Trajectory playback (files)
    this.frameSlider = el('input', { type: 'range', min: '0', max: '0', value: '0', id: 'frame-slider' });
    this.frameSlider.addEventListener('input', () => {
      actions.player().pause();
      actions.player().seek(Number(this.frameSlider.value));
    });
    this.frameLabel = el('span', { textContent: '' });
    const fps = el('input', { type: 'number', value: '10', min: '1', max: '120', id: 'fps' });
    fps.addEventListener('change', () => (actions.player().fps = Math.max(1, Number(fps.value) || 10)));
    const loop = el('input', { type: 'checkbox', checked: true, id: 'loop' });
    loop.addEventListener('change', () => (actions.player().loop = loop.checked));
    this.trajectorySet = el(
      'fieldset',
      { hidden: true },
      el('legend', { textContent: 'Trajectory' }),
      el(
        'div',
        { className: 'buttons' },
        stepFrameButton('previous', () => actions.player().step(-1)),
        el('button', {
          id: 'play',
          textContent: 'Play / pause',
          onclick: () => (actions.player().isPlaying ? actions.player().pause() : actions.player().play()),
        }),
        stepFrameButton('next', () => actions.player().step(1)),
        this.frameLabel,
      ),
      this.frameSlider,
      labelled('Speed (frames/s)', fps),
      labelled('Loop', loop),
    );

    this.pickInfo = el('pre', { id: 'pick-info', textContent: PICK_HINT });
    this.energyPlotHost = el('div', { className: 'plot' });
    this.temperaturePlotHost = el('div', { className: 'plot' });
    this.rdfPlotHost = el('div', { className: 'plot', id: 'rdf-plot' });
    this.plots = el('div', {}, this.energyPlotHost, this.temperaturePlotHost, this.rdfPlotHost);
    this.aside = el(
      'aside',
      {},
      this.progressBox,
      this.fetch.fieldset,
      this.structures.fieldset,
      this.results.fieldset,
      this.parity.fieldset,
      this.compute.fieldset,
      this.params.fieldset,
      this.field.fieldset,
      this.trajectorySet,
      displaySet,
      this.bio.fieldset,
      el('fieldset', {}, el('legend', { textContent: 'Picked atom' }), this.pickInfo),
      this.plots,
    );
    this.viewerHost = el('div', { id: 'viewer' });
    this.message = el('div', { id: 'message', role: 'alert' });
    this.mainArea = el(
      'main',
      {},
      this.viewerHost,
      el('div', {
        id: 'drop-hint',
        textContent: 'Drop an extxyz, PDB, PQR, CIF or LAMMPS dump file, or a potential file (.eam, .eam.alloy, .born)',
      }),
      this.message,
    );
    this.status = el('footer', { id: 'status' });
    root.append(header, this.aside, this.mainArea, this.status);
    this.installDragAndDrop(actions);
  }

  /** The worker count of the menu (`auto`: the cores the browser reports). */
  get workers(): number {
    const value = this.workersSelect.value;
    return value === 'auto' ? hardwareThreads() : Number(value);
  }

  /** Show a simulation's controls (`dynamic`) or hide them (a static scenario, a file). */
  showSimulation(dynamic: boolean): void {
    this.params.fieldset.hidden = !dynamic;
    this.plots.hidden = !dynamic;
  }

  /** Show a progress bar with `label` (an empty label hides it). */
  setProgress(label: string, fraction: number): void {
    this.progressLabel.textContent = label;
    this.progressBar.style.width = `${Math.round(100 * Math.min(1, Math.max(0, fraction)))}%`;
    this.progressBox.hidden = label === '';
  }

  /** Show the representation in the menu. */
  showRepresentation(representation: Representation): void {
    this.representation.value = representation;
  }

  private installDragAndDrop(actions: PanelActions): void {
    const target = this.mainArea;
    target.addEventListener('dragover', (e) => {
      e.preventDefault();
      target.classList.add('dragging');
    });
    target.addEventListener('dragleave', () => target.classList.remove('dragging'));
    target.addEventListener('drop', (e) => {
      e.preventDefault();
      target.classList.remove('dragging');
      const file = e.dataTransfer?.files[0];
      if (file) actions.openFile(file);
    });
  }
}

/** The logical cores the browser reports (`navigator.hardwareConcurrency`; 1 when it reports none). */
export function hardwareThreads(): number {
  const n = typeof navigator === 'undefined' ? 0 : navigator.hardwareConcurrency;
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** The worker-count menu's values (and `?workers=`'s): `auto`, then 1 … {@link hardwareThreads}. */
export function workerChoices(): string[] {
  return ['auto', ...Array.from({ length: hardwareThreads() }, (_, i) => String(i + 1))];
}

/** The picked-atom panel's text when nothing is picked. */
export const PICK_HINT = 'Click an atom to see its element, index, atom name, residue, chain, position, charge and force.';
