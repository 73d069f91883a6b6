/**
 * `MoleculeViewer`: a three.js viewer of atoms, bonds, the unit cell and scalar fields, rendering on
 * demand with WebGL2 (default) or three's WebGPURenderer (`MoleculeViewer.create(el, { renderer: 'webgpu' })`).
 * Geometry is built once per structure; {@link MoleculeViewer.setFrame} updates positions and the cell
 * in place, so trajectories play without rebuilding anything.
 */
import type { Structure } from '@equitensor/io';
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { WebGPURenderer } from 'three/webgpu';
import type { AtomPrimitive } from './atoms/atom-primitive.ts';
import { AtomsLayer } from './atoms/atoms-layer.ts';
import type { PeriodicDisplay } from './atoms/display-positions.ts';
import { cellEdges, imageCount, writeDisplayPositions } from './atoms/display-positions.ts';
import { symbolOf } from './atoms/element-style.ts';
import { pickSphere, type SphereHit } from './atoms/picking.ts';
import type { Representation } from './atoms/representation.ts';
import { bioColumns } from './bio/bio-columns.ts';
import type { ColoredMesh } from './bio/cartoon.ts';
import { type ColorScheme, dimUnselected, schemeColors } from './bio/color-schemes.ts';
import { formatMeasurement, type Measurement, measure } from './bio/measure.ts';
import { selectAtoms } from './bio/selection.ts';
import { type SurfaceDisplay, SurfaceLayer } from './bio/surface-layer.ts';
import { createColorBar } from './field/color-bar.ts';
import type { FieldDisplay } from './field/field-layer.ts';
import { FieldLayer } from './field/field-layer.ts';
import type { ScalarGrid } from './field/scalar-grid.ts';
import type { AtomMaterialFactory } from './shaders/atom-materials.ts';
import { glslMaterials } from './shaders/glsl-materials.ts';
import type { WebGpuRendering } from './webgpu-rendering.ts';
import { createWebGpuRendering } from './webgpu-rendering.ts';

/** Which three.js renderer draws: `THREE.WebGLRenderer` (WebGL2, GLSL impostors) or `WebGPURenderer` (WebGPU, TSL impostors). */
export type RendererKind = 'webgl' | 'webgpu';

/** Options of a {@link MoleculeViewer}. */
export interface ViewerOptions {
  /** Initial representation (default: ball-and-stick, or points above 200 000 atoms). */
  readonly representation?: Representation;
  /** Background colour (default 0x111318). */
  readonly background?: number;
  /** Keep the drawing buffer for screenshots taken outside a render (default false; WebGL2 only — {@link MoleculeViewer.toPNG} needs neither). */
  readonly preserveDrawingBuffer?: boolean;
  /** Show a tooltip with the hovered atom (default true). */
  readonly tooltip?: boolean;
  /** Multisample anti-aliasing (default true; off is faster for millions of atoms on software renderers). */
  readonly antialias?: boolean;
  /**
   * `'webgl'` (default, WebGL2) or `'webgpu'` (three's WebGPURenderer; needs the async
   * {@link MoleculeViewer.create}, which throws `WebGpuUnavailableError` instead of falling back).
   */
  readonly renderer?: RendererKind;
}

/** What picking returns: the atom under the pointer. */
export interface PickInfo {
  /** Index of the atom in the frame. */
  readonly index: number;
  /** Which periodic image was hit (0 = the original). */
  readonly image: number;
  readonly number: number;
  readonly symbol: string;
  /** Position in the frame, Å. */
  readonly position: [number, number, number];
  /** Charge (e) when the frame has `charges`. */
  readonly charge?: number;
  /** Force (eV/Å) when the frame has `forces`. */
  readonly force?: [number, number, number];
  /** Atom name, residue name and number, and chain (`.` when blank) when the file has them (PDB, PQR). */
  readonly atomName?: string;
  readonly residueName?: string;
  readonly residueNumber?: number;
  readonly chainId?: string;
  /**
   * The id ({@link MoleculeViewer.addStructure}) and name of the added structure the atom belongs to; absent for the
   * main structure. `index` and `position` are then that structure's.
   */
  readonly structure?: number;
  readonly structureName?: string;
}

/**
 * An atom to measure: an index in the main structure, or an atom of a structure added with
 * {@link MoleculeViewer.addStructure}. All structures share one world frame (the files' Cartesian coordinates, Å).
 */
export type MeasuredAtom = number | { readonly structure: number; readonly index: number };

/** A new frame of the same atoms: positions, and optionally a new cell and per-atom arrays. */
export type FrameUpdate = Pick<Structure, 'positions'> & Partial<Pick<Structure, 'cell' | 'pbc' | 'arrays' | 'info'>>;

/** A measured atom: its structure (null for the main one, else the id of an added one) and its index there. */
type AtomRef = { readonly structure: number | null; readonly index: number };

/**
 * The molecular viewer component. Create it on a container element; it fills the container.
 *
 * @example
 * ```ts
 * import { MoleculeViewer } from '@equitensor/viewer';
 * const viewer = new MoleculeViewer(document.getElementById('view')!); // WebGL2
 * // or: const viewer = await MoleculeViewer.create(element, { renderer: 'webgpu' });
 * viewer.setStructure(frames[0]!);
 * viewer.setFrame(frames[1]!); // in place, no geometry rebuilt
 * viewer.onPick((atom) => console.log(atom?.symbol, atom?.index));
 * ```
 */
export class MoleculeViewer {
  readonly renderer: THREE.WebGLRenderer | WebGPURenderer;
  /** The renderer in use (WebGPU only ever means WebGPU: three's WebGL2 fallback is refused). */
  readonly rendererKind: RendererKind;
  /** The renderer in words: `WebGL2`, or `WebGPU (adapter)`. */
  readonly rendererDescription: string;
  readonly scene = new THREE.Scene();
  readonly camera = new THREE.PerspectiveCamera(35, 1, 0.1, 1000);
  readonly controls: OrbitControls;
  /** Number of renders so far (for tests: rendering happens on demand only). */
  renderCount = 0;
  /** Number of frames applied with {@link setFrame} since the last {@link setStructure}. */
  frameUpdates = 0;
  private structure: Structure | null = null;
  private frame: FrameUpdate | null = null;
  private atoms: AtomsLayer | null = null;
  private field: FieldLayer | null = null;
  private fieldDisplay: FieldDisplay = {};
  private colorBar: HTMLDivElement | null = null;
  private surface: SurfaceLayer | null = null;
  private cartoon: SurfaceLayer | null = null;
  /**
   * A one-point triangle (it covers no pixel) kept so that the shader compiled by {@link prepareSurfaceShading} stays
   * cached, drawn once with the next frame (`warmUpDraw`) so that the graphics driver builds its pipeline too.
   */
  private shadingWarmUp: SurfaceLayer | null = null;
  private warmUpDraw = false;
  /** Measurements with their line and label, kept until cleared or a new structure. */
  private measured: { measurement: Measurement; refs: AtomRef[]; line: THREE.Line; label: HTMLDivElement }[] = [];
  /** Structures shown beside the main one (`addStructure`), each with its own visibility. */
  private readonly extras = new Map<number, { name: string; structure: Structure; layer: AtomsLayer; visible: boolean }>();
  private nextExtra = 1;
  private surfaceBar: HTMLDivElement | null = null;
  private readonly cellLines: THREE.LineSegments;
  private readonly tooltip: HTMLDivElement;
  private representation: Representation | null;
  private periodic: PeriodicDisplay = {};
  private renderQueued = false;
  private readonly pickListeners = new Set<(info: PickInfo | null) => void>();
  private readonly hoverListeners = new Set<(info: PickInfo | null) => void>();
  private readonly resizeObserver: ResizeObserver | null;
  private boundingRadius = 10;
  /** Centre of the sphere the camera was fitted to (`resetCamera`); later frames reaching outside it widen the fit. */
  private readonly fitCenter = new THREE.Vector3();
  private atomsHidden = false;
  private colorScheme: ColorScheme = 'element';
  /** The selection mask (1 = selected; one per atom of the structure), or null for none. */
  private selection: Uint8Array | null = null;
  private disposed = false;
  private readonly materials: AtomMaterialFactory;
  /** The largest point sprite the renderer draws, device pixels (WebGPU: no sprites, unlimited). */
  private readonly maxPointSize: number;

  /**
   * Create a viewer with either renderer; the only way to get the WebGPU one (its start-up is async).
   * Rejects with `WebGpuUnavailableError` when `renderer: 'webgpu'` cannot run: no adapter, or three
   * would fall back to WebGL2.
   *
   * @example
   * ```ts
   * const viewer = await MoleculeViewer.create(document.getElementById('view')!, { renderer: 'webgpu' });
   * console.log(viewer.rendererKind, viewer.rendererDescription); // 'webgpu', 'WebGPU (google swiftshader …)'
   * ```
   */
  static async create(container: HTMLElement, options: ViewerOptions = {}): Promise<MoleculeViewer> {
    if ((options.renderer ?? 'webgl') === 'webgl') return new MoleculeViewer(container, options);
    return new MoleculeViewer(container, options, await createWebGpuRendering({ antialias: options.antialias ?? true }));
  }

  /**
   * A WebGL2 viewer filling `container`. For WebGPU use {@link MoleculeViewer.create} (`webgpu` is the
   * initialised renderer it passes; leave it out).
   */
  constructor(
    readonly container: HTMLElement,
    options: ViewerOptions = {},
    webgpu?: WebGpuRendering,
  ) {
    this.representation = options.representation ?? null;
    if (options.renderer === 'webgpu' && !webgpu)
      throw new Error(
        "MoleculeViewer: the WebGPU renderer starts asynchronously: use await MoleculeViewer.create(container, { renderer: 'webgpu' })",
      );
    if (webgpu) {
      this.renderer = webgpu.renderer;
      this.rendererKind = 'webgpu';
      this.rendererDescription = `WebGPU (${webgpu.adapter})`;
      this.materials = webgpu.materials;
      this.maxPointSize = Number.POSITIVE_INFINITY;
    } else {
      this.renderer = new THREE.WebGLRenderer({
        antialias: options.antialias ?? true,
        preserveDrawingBuffer: options.preserveDrawingBuffer ?? false,
      });
      this.rendererKind = 'webgl';
      this.rendererDescription = 'WebGL2';
      this.materials = glslMaterials;
      this.maxPointSize = largestPointSize(this.renderer.getContext());
    }
    this.renderer.setPixelRatio(Math.min(2, globalThis.devicePixelRatio || 1));
    this.renderer.setClearColor(options.background ?? 0x111318);
    const canvas = this.renderer.domElement;
    Object.assign(canvas.style, { width: '100%', height: '100%', display: 'block', touchAction: 'none' });
    if (getComputedStyle(container).position === 'static') container.style.position = 'relative';
    container.append(canvas);
    this.scene.add(new THREE.AmbientLight(0xffffff, 0.6));
    const headlight = new THREE.DirectionalLight(0xffffff, 1.6);
    headlight.position.set(0.3, 0.4, 1);
    this.camera.add(headlight);
    this.scene.add(this.camera);
    const cellGeometry = new THREE.BufferGeometry();
    cellGeometry.setAttribute('position', new THREE.BufferAttribute(new Float32Array(72), 3).setUsage(THREE.DynamicDrawUsage));
    this.cellLines = new THREE.LineSegments(cellGeometry, new THREE.LineBasicMaterial({ color: 0x9aa4b2 }));
    this.cellLines.frustumCulled = false;
    this.cellLines.visible = false;
    this.scene.add(this.cellLines);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.enableDamping = false;
    this.controls.addEventListener('change', () => this.requestRender());
    this.tooltip = document.createElement('div');
    this.tooltip.className = 'equitensor-tooltip';
    Object.assign(this.tooltip.style, {
      position: 'absolute',
      pointerEvents: 'none',
      background: 'rgba(20,22,28,0.9)',
      color: '#eee',
      font: '12px ui-monospace, monospace',
      padding: '4px 6px',
      borderRadius: '4px',
      whiteSpace: 'pre',
      display: 'none',
    });
    container.append(this.tooltip);
    const showTooltip = options.tooltip ?? true;
    let hoverPending: PointerEvent | null = null;
    canvas.addEventListener('pointermove', (event) => {
      if (event.buttons !== 0) return;
      if (hoverPending === null)
        requestAnimationFrame(() => {
          const e = hoverPending;
          hoverPending = null;
          if (!e || this.disposed) return;
          const info = this.pickAt(e.clientX, e.clientY);
          if (showTooltip) this.showTooltip(info, e);
          for (const listener of this.hoverListeners) listener(info);
        });
      hoverPending = event;
    });
    // keyboard camera: the canvas takes the focus (Tab or a click) and answers arrows, +/− and R (see `cameraKey`)
    canvas.tabIndex = 0;
    canvas.setAttribute('aria-label', 'molecule view: arrows rotate, Shift+arrows pan, + and − zoom, R resets the camera');
    canvas.addEventListener('keydown', (event) => {
      if (this.cameraKey(event.key, event.shiftKey)) event.preventDefault();
    });
    canvas.addEventListener('pointerleave', () => {
      this.tooltip.style.display = 'none';
    });
    let downAt: [number, number] | null = null;
    canvas.addEventListener('pointerdown', (e) => {
      downAt = [e.clientX, e.clientY];
    });
    canvas.addEventListener('pointerup', (e) => {
      if (!downAt || Math.hypot(e.clientX - downAt[0], e.clientY - downAt[1]) > 4) return;
      downAt = null;
      const info = this.pickAt(e.clientX, e.clientY);
      this.atoms?.setHighlight(info && info.structure === undefined ? this.displayIndexOf(info) : -1);
      for (const [id, { layer }] of this.extras) layer.setHighlight(info?.structure === id ? info.index : -1);
      this.requestRender();
      for (const listener of this.pickListeners) listener(info);
    });
    this.resizeObserver = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.resize());
    this.resizeObserver?.observe(container);
    this.resize();
  }

  /** The current structure (null before {@link setStructure}). */
  get currentStructure(): Structure | null {
    return this.structure;
  }

  /**
   * Counts for status lines and tests, and `atomPrimitive`: what drew the atoms in the last render,
   * `'sprites'` (WebGL2 point sprites: 10⁵+ atoms not zoomed in past the largest point size, or the
   * `points` representation) or `'quads'` (instanced quads: smaller structures, close-ups, WebGPU).
   */
  get stats(): {
    atoms: number;
    displayedAtoms: number;
    bonds: number;
    renders: number;
    frameUpdates: number;
    atomPrimitive: AtomPrimitive;
  } {
    return {
      atoms: this.structure?.numbers.length ?? 0,
      displayedAtoms: this.atoms ? this.atoms.drawnRadii.length : 0,
      bonds: this.atoms?.bondCount ?? 0,
      renders: this.renderCount,
      frameUpdates: this.frameUpdates,
      atomPrimitive: this.atoms?.atomPrimitive ?? 'quads',
    };
  }

  /**
   * Show a structure: builds the geometry (once) and frames the camera unless `keepCamera`.
   *
   * @example
   * ```ts
   * viewer.setStructure(parseExtxyz(text)[0]!);
   * ```
   */
  setStructure(structure: Structure, options: { keepCamera?: boolean } = {}): void {
    this.structure = structure;
    this.frame = structure;
    this.frameUpdates = 0;
    this.selection = null;
    this.colorScheme = 'element';
    this.tooltip.style.display = 'none'; // the previous structure's atom
    this.setSurface(null);
    this.setCartoon(null);
    this.clearMeasurements();
    this.rebuildAtoms();
    if (!options.keepCamera) this.resetCamera();
    this.requestRender();
  }

  /**
   * Show a new frame of the same atoms, updating positions (and cell) in place. A frame with a
   * different number of atoms replaces the structure instead.
   *
   * @example
   * ```ts
   * for (const frame of frames) viewer.setFrame(frame);
   * ```
   */
  setFrame(frame: FrameUpdate): void {
    const structure = this.structure;
    if (!structure || !this.atoms || frame.positions.length !== structure.positions.length) {
      if ('numbers' in frame) this.setStructure(frame as Structure);
      return;
    }
    this.frame = frame;
    this.frameUpdates++;
    const cell = frame.cell !== undefined ? frame.cell : structure.cell;
    writeDisplayPositions(frame.positions, cell, frame.pbc ?? structure.pbc, this.periodic, this.atoms.centers);
    this.atoms.positionsChanged();
    this.widenFit(this.atoms.centers);
    this.updateCellLines(cell);
    if (this.measured.length > 0) this.updateMeasurements();
    // the grade colouring follows the frame's own values (an MLIP's extrapolation grades change with every frame)
    if (this.colorScheme === 'grade') this.applyColors();
    this.requestRender();
  }

  /** Change the representation of the atoms. */
  setRepresentation(representation: Representation): void {
    this.representation = representation;
    this.atoms?.setRepresentation(representation);
    for (const { layer } of this.extras.values()) layer.setRepresentation(representation);
    this.requestRender();
  }

  /** The representation in use. */
  get currentRepresentation(): Representation {
    return this.atoms?.currentRepresentation ?? this.representation ?? 'ball-and-stick';
  }

  /**
   * Wrap atoms into the cell and/or replicate the cell on display (does not change the data).
   *
   * @example
   * ```ts
   * viewer.setPeriodicDisplay({ wrap: true, supercell: [2, 2, 2] });
   * ```
   */
  setPeriodicDisplay(display: PeriodicDisplay): void {
    this.periodic = display;
    if (this.structure) {
      this.rebuildAtoms();
      this.resetCamera();
    }
    this.requestRender();
  }

  /**
   * Colour the atoms by element (default), chain, residue or charge (see `availableSchemes`); throws a RangeError
   * when the structure lacks the column. A new structure starts with element colours.
   *
   * @example
   * ```ts
   * viewer.setColorScheme('chain');
   * ```
   */
  setColorScheme(scheme: ColorScheme): void {
    if (this.structure) schemeColors(this.structure, scheme); // throws before anything changes
    this.colorScheme = scheme;
    this.applyColors();
  }

  /** The colouring scheme in use. */
  get currentColorScheme(): ColorScheme {
    return this.colorScheme;
  }

  /**
   * Select atoms by a query (`chain A and resi 10-20`, see `selectAtoms`) or a mask (1 = selected); the atoms
   * outside fade to grey. `null` clears the selection. Returns the number of atoms selected; throws a
   * `SelectionError` for a bad query (the selection is then unchanged).
   *
   * @example
   * ```ts
   * viewer.setSelection('resn LYS ARG and name NZ NH1 NH2'); // 42
   * ```
   */
  setSelection(selection: string | Uint8Array | null): number {
    const structure = this.structure;
    if (!structure || selection === null) {
      this.selection = null;
      this.applyColors();
      return 0;
    }
    const mask = typeof selection === 'string' ? selectAtoms(structure, selection) : selection;
    if (mask.length !== structure.numbers.length)
      throw new RangeError(`setSelection: a mask of ${mask.length} for ${structure.numbers.length} atoms`);
    this.selection = mask;
    this.applyColors();
    let count = 0;
    for (let i = 0; i < mask.length; i++) count += mask[i] ? 1 : 0;
    return count;
  }

  /** The selection mask (1 = selected), or null when nothing is selected. */
  get currentSelection(): Uint8Array | null {
    return this.selection;
  }

  /** Show or hide the atoms and bonds (e.g. to look at a field alone). */
  setAtomsVisible(visible: boolean): void {
    this.atomsHidden = !visible;
    if (this.atoms) this.atoms.group.visible = visible;
    this.requestRender();
  }

  /** Show or hide the unit cell. */
  setCellVisible(visible: boolean): void {
    this.cellLines.userData.hidden = !visible;
    this.updateCellLines(this.frame?.cell !== undefined ? this.frame.cell : (this.structure?.cell ?? null));
    this.requestRender();
  }

  /**
   * Show a scalar field (e.g. an electrostatic potential) as a slice and/or ±isosurfaces, with a colour bar.
   * `null` removes it.
   *
   * @example
   * ```ts
   * viewer.setField(grid, { slice: { axis: 'z', fraction: 0.5 }, isoLevel: 0.1 });
   * ```
   */
  setField(grid: ScalarGrid | null, display: FieldDisplay = { slice: { axis: 'z', fraction: 0.5 } }): void {
    if (this.field) {
      this.scene.remove(this.field.group);
      this.field.dispose();
      this.field = null;
    }
    this.colorBar?.remove();
    this.colorBar = null;
    if (grid) {
      this.fieldDisplay = display;
      this.field = new FieldLayer(grid, display);
      this.scene.add(this.field.group);
      this.colorBar = createColorBar(this.field.limit, grid.unit ?? '', this.field.reverse);
      this.container.append(this.colorBar);
      if (!this.structure) this.resetCamera();
    }
    this.requestRender();
  }

  /** Change the slice/isosurfaces of the current field. */
  updateField(display: Partial<FieldDisplay>): void {
    if (!this.field) return;
    this.fieldDisplay = { ...this.fieldDisplay, ...display };
    this.field.update(this.fieldDisplay);
    this.requestRender();
  }

  /**
   * Show a molecular surface (e.g. `molecularSurface`'s mesh), coloured by a value per vertex (the potential from
   * `surfacePotential`, with a colour bar on the left) or uniformly; `null` removes it. Kept until replaced or a new
   * structure is set.
   *
   * @example
   * ```ts
   * viewer.setSurface({ mesh, values: phi, unit: 'V' });
   * ```
   */
  setSurface(display: SurfaceDisplay | null): void {
    if (this.surface) {
      this.scene.remove(this.surface.mesh);
      this.surface.dispose();
      this.surface = null;
    }
    this.surfaceBar?.remove();
    this.surfaceBar = null;
    if (display) {
      this.surface = new SurfaceLayer(display);
      this.scene.add(this.surface.mesh);
      if (display.values !== undefined) {
        this.surfaceBar = createColorBar(this.surface.limit, display.unit ?? '', true);
        this.surfaceBar.id = 'surface-colorbar';
        Object.assign(this.surfaceBar.style, { right: 'auto', left: '12px' });
        this.container.append(this.surfaceBar);
      }
    }
    this.requestRender();
  }

  /**
   * Show a cartoon (`cartoonMesh`'s coloured mesh) or remove it (`null`); removed too by a new structure.
   *
   * @example
   * ```ts
   * viewer.setCartoon(cartoonMesh(protein.positions, residues, ss, colors));
   * ```
   */
  setCartoon(mesh: ColoredMesh | null): void {
    if (this.cartoon) {
      this.scene.remove(this.cartoon.mesh);
      this.cartoon.dispose();
      this.cartoon = null;
    }
    if (mesh) {
      this.cartoon = new SurfaceLayer({ mesh, colors: mesh.colors });
      this.scene.add(this.cartoon.mesh);
    }
    this.requestRender();
  }

  /**
   * Move the camera as a key would (the canvas calls this for its own key presses): arrows turn the view 5° about the
   * point looked at (left/right about the screen's vertical, up/down about its horizontal), with `shift` they pan by
   * 5 % of the distance, `+`/`=` and `-` zoom by a factor 0.9 / 1/0.9, `r`/`R`/Home reset the camera. Returns whether
   * the key moves the camera.
   *
   * @example
   * ```ts
   * viewer.cameraKey('ArrowLeft'); // the molecule turns 5° to the right on screen
   * ```
   */
  cameraKey(key: string, shift = false): boolean {
    const target = this.controls.target;
    const offset = this.camera.position.clone().sub(target);
    // left/right about the controls' up axis (as dragging does), up/down about the screen's horizontal
    const up = this.camera.up.clone().normalize();
    const right = new THREE.Vector3(1, 0, 0).applyQuaternion(this.camera.quaternion).normalize();
    const screenUp = new THREE.Vector3(0, 1, 0).applyQuaternion(this.camera.quaternion).normalize();
    const step = (5 * Math.PI) / 180;
    const moves: Record<string, { axis: THREE.Vector3; angle: number; pan: THREE.Vector3 }> = {
      ArrowLeft: { axis: up, angle: -step, pan: right.clone().negate() },
      ArrowRight: { axis: up, angle: step, pan: right },
      ArrowUp: { axis: right, angle: -step, pan: screenUp },
      ArrowDown: { axis: right, angle: step, pan: screenUp.clone().negate() },
    };
    const move = moves[key];
    if (key === 'r' || key === 'R' || key === 'Home') {
      this.resetCamera();
      return true;
    }
    if (key === '+' || key === '=' || key === '-') {
      offset.multiplyScalar(key === '-' ? 1 / 0.9 : 0.9);
      this.camera.position.copy(target).add(offset);
    } else if (move && shift) {
      const by = move.pan.multiplyScalar(0.05 * offset.length());
      target.add(by);
      this.camera.position.add(by);
    } else if (move) {
      this.camera.position.copy(target).add(offset.applyAxisAngle(move.axis, move.angle));
    } else return false;
    this.camera.lookAt(target);
    this.controls.update();
    this.requestRender();
    return true;
  }

  /**
   * Compile the shader that surfaces and cartoons are drawn with (Lambert-shaded triangles with vertex colours) now,
   * without blocking the page where the browser compiles in parallel (`KHR_parallel_shader_compile`), so that the first
   * {@link setCartoon} or {@link setSurface} draws without waiting for it (on a software renderer that wait is the
   * longest part of the first cartoon frame). Resolves once the shader is ready; later calls resolve at once.
   *
   * @example
   * ```ts
   * viewer.setStructure(protein);
   * void viewer.prepareSurfaceShading(); // the cartoon or the surface the user may ask for next draws at once
   * ```
   */
  prepareSurfaceShading(): Promise<void> {
    if (this.shadingWarmUp || this.disposed) return Promise.resolve();
    const normals = new Float32Array([0, 0, 1, 0, 0, 1, 0, 0, 1]);
    const mesh = { positions: new Float32Array(9), normals, indices: new Uint32Array([0, 1, 2]) };
    const warmUp = new SurfaceLayer({ mesh, colors: new Float32Array(9) });
    warmUp.mesh.frustumCulled = false;
    this.shadingWarmUp = warmUp;
    return Promise.resolve(this.scene)
      .then(async (scene) => {
        await this.renderer.compileAsync(warmUp.mesh, this.camera, scene);
      })
      .then(() => {
        // a software renderer (ANGLE on SwiftShader) builds the draw pipeline at the first draw: draw it once, on nothing
        this.warmUpDraw = true;
        this.requestRender();
      });
  }

  /**
   * Measure a distance (2 atoms), an angle (3) or a dihedral (4) in the frame shown, drawn as a yellow line through
   * the atoms with a label that stays (it follows the camera and updates with new frames) until
   * {@link clearMeasurements} or a new structure. Atoms may belong to structures added with {@link addStructure}
   * (`{ structure: id, index }`), also mixed with the main one's: every structure is drawn at its file's Cartesian
   * coordinates, so all share one world frame. A measurement hides while one of its structures is hidden and goes
   * with it when removed.
   *
   * @example
   * ```ts
   * viewer.addMeasurement([10, 11, 12, 13]).value; // a dihedral, degrees
   * viewer.addMeasurement([10, { structure: ligandId, index: 3 }]).value; // a distance across two files, Å
   * ```
   */
  addMeasurement(atoms: readonly MeasuredAtom[]): Measurement {
    if (!this.frame || !this.structure) throw new RangeError('addMeasurement: no structure shown');
    const refs = atoms.map((a): AtomRef => (typeof a === 'number' ? { structure: null, index: a } : a));
    const measurement = this.measureRefs(refs);
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(new Float32Array(3 * atoms.length), 3));
    const line = new THREE.Line(geometry, new THREE.LineBasicMaterial({ color: 0xffd84a }));
    line.frustumCulled = false;
    this.scene.add(line);
    const label = document.createElement('div');
    label.className = 'equitensor-measurement';
    Object.assign(label.style, {
      position: 'absolute',
      pointerEvents: 'none',
      color: '#ffd84a',
      font: '12px ui-monospace, monospace',
      background: 'rgba(17,19,24,0.75)',
      padding: '1px 4px',
      borderRadius: '3px',
      transform: 'translate(-50%, -120%)',
    });
    this.container.append(label);
    this.measured.push({ measurement, refs, line, label });
    this.updateMeasurements();
    return measurement;
  }

  /**
   * Measure atoms of any structures: their positions (the main structure's in the frame shown) gathered and measured,
   * with the atoms' own indices and, when one is in an added structure, their structures (null for the main one).
   */
  private measureRefs(refs: readonly AtomRef[]): Measurement {
    const gathered = new Float64Array(3 * refs.length);
    refs.forEach(({ structure, index }, k) => {
      const positions = structure === null ? this.frame!.positions : this.extras.get(structure)?.structure.positions;
      if (!positions) throw new RangeError(`addMeasurement: no added structure ${structure}`);
      const n = positions.length / 3;
      if (!(Number.isInteger(index) && index >= 0 && index < n))
        throw new RangeError(
          `measure: atom ${index} is not one of the ${n} atoms${structure === null ? '' : ` of structure ${structure}`}`,
        );
      for (let d = 0; d < 3; d++) gathered[3 * k + d] = positions[3 * index + d]!;
    });
    const m = measure(
      gathered,
      refs.map((_, k) => k),
    );
    const atoms = refs.map((r) => r.index);
    return refs.some((r) => r.structure !== null) ? { ...m, atoms, structures: refs.map((r) => r.structure) } : { ...m, atoms };
  }

  /** The measurements shown, in order (values in the frame shown). */
  get measurements(): readonly Measurement[] {
    return this.measured.map((m) => m.measurement);
  }

  /** Remove every measurement. */
  clearMeasurements(): void {
    this.disposeMeasurements(this.measured);
    this.measured = [];
    this.requestRender();
  }

  private disposeMeasurements(measured: typeof this.measured): void {
    for (const { line, label } of measured) {
      this.scene.remove(line);
      line.geometry.dispose();
      (line.material as THREE.Material).dispose();
      label.remove();
    }
  }

  /** Recompute the measurements in the frame shown and move their lines. */
  private updateMeasurements(): void {
    const frame = this.frame;
    const centers = this.atoms?.centers;
    if (!frame || !centers) return;
    for (const m of this.measured) {
      m.measurement = this.measureRefs(m.refs);
      const attribute = m.line.geometry.getAttribute('position') as THREE.BufferAttribute;
      m.refs.forEach(({ structure, index }, k) => {
        const c = structure === null ? centers : this.extras.get(structure)!.layer.centers;
        attribute.setXYZ(k, c[3 * index]!, c[3 * index + 1]!, c[3 * index + 2]!);
      });
      m.line.visible = m.refs.every((r) => r.structure === null || this.extras.get(r.structure)!.visible);
      attribute.needsUpdate = true;
      m.label.textContent = formatMeasurement(m.measurement);
    }
    this.requestRender();
  }

  /** Put the labels over the middle atom (angle) or the middle of the atoms, after the camera moved. */
  private placeLabels(): void {
    if (this.measured.length === 0) return;
    const rect = this.renderer.domElement.getBoundingClientRect();
    const box = this.container.getBoundingClientRect();
    for (const { measurement, line, label } of this.measured) {
      const attribute = line.geometry.getAttribute('position') as THREE.BufferAttribute;
      const n = attribute.count;
      const p = new THREE.Vector3();
      if (n === 3) p.fromBufferAttribute(attribute, 1);
      else {
        for (let k = 0; k < n; k++) p.add(new THREE.Vector3().fromBufferAttribute(attribute, k));
        p.divideScalar(n);
      }
      p.project(this.camera);
      const visible = p.z < 1 && measurement !== undefined && line.visible;
      label.style.display = visible ? 'block' : 'none';
      label.style.left = `${rect.left - box.left + ((p.x + 1) / 2) * rect.width}px`;
      label.style.top = `${rect.top - box.top + ((1 - p.y) / 2) * rect.height}px`;
    }
  }

  /**
   * Show another structure beside the main one (another file kept open), drawn in the current representation with
   * element colours; it stays until {@link removeStructure} / {@link clearStructures}, across `setStructure`. Returns
   * its id. Picking and measurements reach its atoms too (while it is shown); colouring and selection apply to the main
   * structure.
   *
   * @example
   * ```ts
   * const id = viewer.addStructure(ligand, 'ligand.pdb');
   * viewer.setStructureVisible(id, false);
   * ```
   */
  addStructure(structure: Structure, name: string): number {
    const id = this.nextExtra++;
    const layer = new AtomsLayer(
      Int32Array.from(structure.numbers),
      Float32Array.from(structure.positions),
      this.currentRepresentation,
      this.materials,
      this.maxPointSize,
    );
    layer.setViewport(this.renderer.domElement.width, this.renderer.domElement.height);
    this.scene.add(layer.group);
    this.extras.set(id, { name, structure, layer, visible: true });
    this.resetCamera();
    return id;
  }

  /** Show or hide a structure added with {@link addStructure}. */
  setStructureVisible(id: number, visible: boolean): void {
    const extra = this.extras.get(id);
    if (!extra) throw new RangeError(`setStructureVisible: no added structure ${id}`);
    extra.visible = visible;
    extra.layer.group.visible = visible;
    if (this.measured.length > 0) this.updateMeasurements();
    this.requestRender();
  }

  /** Remove a structure added with {@link addStructure}. */
  removeStructure(id: number): void {
    const extra = this.extras.get(id);
    if (!extra) return;
    this.scene.remove(extra.layer.group);
    extra.layer.dispose();
    this.extras.delete(id);
    const [gone, kept] = [[], []] as [typeof this.measured, typeof this.measured];
    for (const m of this.measured) (m.refs.some((r) => r.structure === id) ? gone : kept).push(m);
    this.disposeMeasurements(gone);
    this.measured = kept;
    this.requestRender();
  }

  /** Remove every added structure. */
  clearStructures(): void {
    for (const id of [...this.extras.keys()]) this.removeStructure(id);
  }

  /** The structures added beside the main one: id, name, atoms, visibility. */
  get addedStructures(): { id: number; name: string; atoms: number; visible: boolean }[] {
    return [...this.extras].map(([id, e]) => ({ id, name: e.name, atoms: e.structure.numbers.length, visible: e.visible }));
  }

  /** The cartoon shown, or null. */
  get cartoonLayer(): SurfaceLayer | null {
    return this.cartoon;
  }

  /** The surface shown (its display and colour limit), or null. */
  get surfaceLayer(): SurfaceLayer | null {
    return this.surface;
  }

  /** The field layer (null when none), e.g. to read its colour limit. */
  get fieldLayer(): FieldLayer | null {
    return this.field;
  }

  /** Subscribe to clicks on atoms (null when the click hit nothing); returns an unsubscribe function. */
  onPick(listener: (info: PickInfo | null) => void): () => void {
    this.pickListeners.add(listener);
    return () => this.pickListeners.delete(listener);
  }

  /** Subscribe to the atom under the pointer; returns an unsubscribe function. */
  onHover(listener: (info: PickInfo | null) => void): () => void {
    this.hoverListeners.add(listener);
    return () => this.hoverListeners.delete(listener);
  }

  /**
   * The atom under a point given in client (page) coordinates, or null.
   *
   * @example
   * ```ts
   * canvas.addEventListener('dblclick', (e) => console.log(viewer.pickAt(e.clientX, e.clientY)));
   * ```
   */
  pickAt(clientX: number, clientY: number): PickInfo | null {
    const rect = this.renderer.domElement.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) return null;
    const ndc = new THREE.Vector2(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
    const raycaster = new THREE.Raycaster();
    raycaster.setFromCamera(ndc, this.camera);
    const o = raycaster.ray.origin;
    const d = raycaster.ray.direction;
    // the nearest hit over the main structure and the added ones shown
    let best: { hit: SphereHit; structure?: number } | null = null;
    if (this.atoms && this.structure && this.frame && !this.atomsHidden) {
      const hit = pickSphere([o.x, o.y, o.z], [d.x, d.y, d.z], this.atoms.centers, this.atoms.drawnRadii);
      if (hit) best = { hit };
    }
    for (const [id, { layer, visible }] of this.extras) {
      if (!visible) continue;
      const hit = pickSphere([o.x, o.y, o.z], [d.x, d.y, d.z], layer.centers, layer.drawnRadii);
      if (hit && (!best || hit.distance < best.hit.distance)) best = { hit, structure: id };
    }
    if (!best) return null;
    return this.describeAtom(best.hit.index, best.structure);
  }

  /**
   * Project atom `index` (image 0) of the main structure, or of the added structure with id `structure`, to client
   * coordinates — where to point to pick it.
   *
   * @example
   * ```ts
   * const [x, y] = viewer.screenPositionOf(0);
   * const [lx, ly] = viewer.screenPositionOf(3, ligandId);
   * ```
   */
  screenPositionOf(index: number, structure?: number): [number, number] {
    const c = structure === undefined ? this.atoms?.centers : this.extras.get(structure)?.layer.centers;
    if (!c) return [Number.NaN, Number.NaN];
    const p = new THREE.Vector3(c[3 * index]!, c[3 * index + 1]!, c[3 * index + 2]!).project(this.camera);
    const rect = this.renderer.domElement.getBoundingClientRect();
    return [rect.left + ((p.x + 1) / 2) * rect.width, rect.top + ((1 - p.y) / 2) * rect.height];
  }

  /** Frame everything that is shown (atoms and field). */
  resetCamera(): void {
    const box = new THREE.Box3();
    if (this.atoms) {
      const c = this.atoms.centers;
      for (let i = 0; i < c.length; i += 3) box.expandByPoint(new THREE.Vector3(c[i]!, c[i + 1]!, c[i + 2]!));
    }
    if (this.field) {
      const { origin, spacing, shape } = this.field.grid;
      box.expandByPoint(new THREE.Vector3(...origin));
      box.expandByPoint(
        new THREE.Vector3(
          origin[0] + (shape[0] - 1) * spacing[0],
          origin[1] + (shape[1] - 1) * spacing[1],
          origin[2] + (shape[2] - 1) * spacing[2],
        ),
      );
    }
    for (const { layer, visible } of this.extras.values()) {
      if (!visible) continue;
      const c = layer.centers;
      for (let i = 0; i < c.length; i += 3) box.expandByPoint(new THREE.Vector3(c[i]!, c[i + 1]!, c[i + 2]!));
    }
    if (box.isEmpty()) box.set(new THREE.Vector3(-5, -5, -5), new THREE.Vector3(5, 5, 5));
    const sphere = box.getBoundingSphere(new THREE.Sphere());
    const radius = Math.max(sphere.radius + 2, 3);
    this.boundingRadius = radius;
    this.fitCenter.copy(sphere.center);
    const distance = radius / Math.sin(THREE.MathUtils.degToRad(this.camera.fov / 2));
    this.controls.target.copy(sphere.center);
    this.camera.position.copy(sphere.center).add(new THREE.Vector3(0.35, 0.25, 1).normalize().multiplyScalar(distance));
    this.camera.up.set(0, 1, 0);
    this.controls.update();
    this.requestRender();
  }

  /**
   * A frame with atoms outside the sphere the camera was fitted to (a later, larger frame of a trajectory, a run that
   * expands): widen the sphere to hold them (with the same 2 Å margin) and move the camera back in proportion, keeping
   * its direction, so that every atom stays in the view. The fit never shrinks.
   */
  private widenFit(centers: Float32Array): void {
    const { x, y, z } = this.fitCenter;
    let far2 = 0;
    for (let i = 0; i < centers.length; i += 3) {
      const dx = centers[i]! - x;
      const dy = centers[i + 1]! - y;
      const dz = centers[i + 2]! - z;
      far2 = Math.max(far2, dx * dx + dy * dy + dz * dz);
    }
    const needed = Math.sqrt(far2) + 2;
    if (!(needed > this.boundingRadius)) return;
    const offset = this.camera.position.clone().sub(this.controls.target);
    this.camera.position.copy(this.controls.target).add(offset.multiplyScalar(needed / this.boundingRadius));
    this.boundingRadius = needed;
    this.controls.update();
  }

  /** Match the canvas to the container's size. */
  resize(): void {
    const width = Math.max(1, this.container.clientWidth);
    const height = Math.max(1, this.container.clientHeight);
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.atoms?.setViewport(width * this.renderer.getPixelRatio(), height * this.renderer.getPixelRatio());
    for (const { layer } of this.extras.values())
      layer.setViewport(width * this.renderer.getPixelRatio(), height * this.renderer.getPixelRatio());
    this.requestRender();
  }

  /** Ask for a render on the next animation frame (coalesced). */
  requestRender(): void {
    if (this.renderQueued || this.disposed) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      if (!this.disposed) this.render();
    });
  }

  /** Render now. */
  render(): void {
    const distance = this.camera.position.distanceTo(this.controls.target);
    this.camera.near = Math.max(0.05, distance - 3 * this.boundingRadius, distance * 0.002);
    this.camera.far = distance + 3 * this.boundingRadius;
    this.camera.updateProjectionMatrix();
    this.atoms?.updatePrimitive(this.camera);
    for (const { layer } of this.extras.values()) layer.updatePrimitive(this.camera);
    const warmUp = this.warmUpDraw ? this.shadingWarmUp : null;
    if (warmUp) this.scene.add(warmUp.mesh);
    this.renderer.render(this.scene, this.camera);
    if (warmUp) {
      this.scene.remove(warmUp.mesh);
      this.warmUpDraw = false;
    }
    this.placeLabels();
    this.renderCount++;
  }

  /**
   * A PNG of the current view (rendered now and copied in the same task, so it works without
   * `preserveDrawingBuffer` and with WebGPU, whose canvas keeps its image only until the task ends).
   *
   * @example
   * ```ts
   * const blob = await viewer.toPNG();
   * ```
   */
  toPNG(): Promise<Blob> {
    this.render();
    return new Promise((resolve, reject) => {
      this.renderer.domElement.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG export failed'))), 'image/png');
    });
  }

  /** Free the GPU resources and remove the canvas. */
  dispose(): void {
    this.disposed = true;
    this.shadingWarmUp?.dispose();
    this.resizeObserver?.disconnect();
    this.controls.dispose();
    this.atoms?.dispose();
    this.field?.dispose();
    this.surface?.dispose();
    this.cartoon?.dispose();
    for (const { layer } of this.extras.values()) layer.dispose();
    this.renderer.dispose();
    this.renderer.domElement.remove();
    this.tooltip.remove();
    this.colorBar?.remove();
  }

  private rebuildAtoms(): void {
    const structure = this.structure;
    if (!structure) return;
    if (this.atoms) {
      this.scene.remove(this.atoms.group);
      this.atoms.dispose();
      this.atoms = null;
    }
    const n = structure.numbers.length;
    const cell = this.frame?.cell !== undefined ? this.frame.cell : structure.cell;
    const images = imageCount(this.periodic, cell !== null);
    const numbers = new Int32Array(n * images);
    for (let m = 0; m < images; m++) numbers.set(structure.numbers, m * n);
    const centers = new Float32Array(3 * n * images);
    writeDisplayPositions(this.frame?.positions ?? structure.positions, cell, structure.pbc, this.periodic, centers);
    const representation = this.representation ?? (n * images > 200_000 ? 'points' : 'ball-and-stick');
    this.atoms = new AtomsLayer(numbers, centers, representation, this.materials, this.maxPointSize);
    this.atoms.group.visible = !this.atomsHidden;
    this.atoms.setViewport(this.renderer.domElement.width, this.renderer.domElement.height);
    this.scene.add(this.atoms.group);
    this.updateCellLines(cell);
    if (this.colorScheme !== 'element' || this.selection) this.applyColors();
    if (this.measured.length > 0) this.updateMeasurements();
  }

  /** Write the scheme's colours, faded outside the selection, into every displayed image. */
  private applyColors(): void {
    const structure = this.structure;
    if (!structure || !this.atoms) {
      this.requestRender();
      return;
    }
    const colors = schemeColors({ numbers: structure.numbers, arrays: { ...structure.arrays, ...this.frame?.arrays } }, this.colorScheme);
    if (this.selection) dimUnselected(colors, this.selection);
    const display = new Float32Array(this.atoms.drawnRadii.length * 3);
    for (let at = 0; at < display.length; at += colors.length) display.set(colors, at);
    this.atoms.setColors(display);
    this.requestRender();
  }

  private updateCellLines(cell: Float64Array | null): void {
    const show = cell !== null && this.cellLines.userData.hidden !== true;
    this.cellLines.visible = show;
    if (!cell) return;
    const attribute = this.cellLines.geometry.getAttribute('position') as THREE.BufferAttribute;
    cellEdges(cell, attribute.array as Float32Array);
    attribute.needsUpdate = true;
  }

  private displayIndexOf(info: PickInfo): number {
    return info.image * (this.structure?.numbers.length ?? 0) + info.index;
  }

  /** The atom at display index `displayIndex` of the main structure, or at index `displayIndex` of added structure `id`. */
  private describeAtom(displayIndex: number, id?: number): PickInfo {
    const extra = id === undefined ? undefined : this.extras.get(id)!;
    const structure = extra ? extra.structure : this.structure!;
    const frame: FrameUpdate = extra ? extra.structure : this.frame!;
    const n = structure.numbers.length;
    const index = displayIndex % n;
    const z = structure.numbers[index]!;
    const p = frame.positions;
    const arrays = frame.arrays ?? structure.arrays;
    const charges = arrays.charges;
    const forces = arrays.forces;
    const info: { -readonly [K in keyof PickInfo]: PickInfo[K] } = {
      index,
      image: Math.floor(displayIndex / n),
      number: z,
      symbol: symbolOf(z),
      position: [p[3 * index]!, p[3 * index + 1]!, p[3 * index + 2]!],
    };
    if (charges && charges.type === 'R') info.charge = charges.data[index]!;
    const bio = bioColumns(structure);
    if (bio.atomNames) info.atomName = bio.atomNames[index]!;
    if (bio.residueNames) info.residueName = bio.residueNames[index]!;
    if (bio.residueNumbers) info.residueNumber = bio.residueNumbers[index]!;
    if (bio.chainIds) info.chainId = bio.chainIds[index]!;
    if (forces && forces.type === 'R' && forces.width === 3)
      info.force = [forces.data[3 * index]!, forces.data[3 * index + 1]!, forces.data[3 * index + 2]!];
    if (extra && id !== undefined) {
      info.structure = id;
      info.structureName = extra.name;
    }
    return info;
  }

  private showTooltip(info: PickInfo | null, event: PointerEvent): void {
    if (!info) {
      this.tooltip.style.display = 'none';
      return;
    }
    const rect = this.container.getBoundingClientRect();
    this.tooltip.textContent = formatPickInfo(info);
    this.tooltip.style.display = 'block';
    this.tooltip.style.left = `${event.clientX - rect.left + 14}px`;
    this.tooltip.style.top = `${event.clientY - rect.top + 14}px`;
  }
}

/** The largest point size of a WebGL context, device pixels (`ALIASED_POINT_SIZE_RANGE[1]`). */
function largestPointSize(gl: WebGLRenderingContext | WebGL2RenderingContext): number {
  const range = gl.getParameter(gl.ALIASED_POINT_SIZE_RANGE) as Float32Array | null;
  const largest = range?.[1];
  return largest !== undefined && largest > 0 ? largest : 1;
}

/**
 * A short multi-line description of a picked atom (element, index, atom name, residue and chain when known,
 * position, charge, force).
 *
 * @example
 * ```ts
 * formatPickInfo({ index: 3, image: 0, number: 8, symbol: 'O', position: [0, 1, 2] });
 * // 'O #3\nr = (0.000, 1.000, 2.000) Å'
 * ```
 */
export function formatPickInfo(info: PickInfo): string {
  const v = (x: readonly number[]): string => `(${x.map((c) => c.toFixed(3)).join(', ')})`;
  const lines = [
    `${info.symbol} #${info.index}${info.image > 0 ? ` (image ${info.image})` : ''}${info.structureName !== undefined ? ` in ${info.structureName}` : ''}`,
  ];
  const residue = [
    info.atomName !== undefined ? `atom ${info.atomName}` : '',
    info.residueName !== undefined ? `${info.residueName}${info.residueNumber !== undefined ? ` ${info.residueNumber}` : ''}` : '',
    info.chainId !== undefined ? `chain ${info.chainId}` : '',
  ].filter((p) => p !== '');
  if (residue.length > 0) lines.push(residue.join(' · '));
  lines.push(`r = ${v(info.position)} Å`);
  if (info.charge !== undefined) lines.push(`q = ${info.charge.toFixed(4)} e`);
  if (info.force) lines.push(`F = ${v(info.force)} eV/Å`);
  return lines.join('\n');
}
