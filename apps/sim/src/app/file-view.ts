/**
 * Showing an opened file: its frames arrive one by one from the file reader (`file-loader.ts`), the
 * first replaces what the view showed, later ones join a playable trajectory, with progress in frames
 * and bytes in the panel and the view state.
 */
import type { Structure } from '@equitensor/io';
import type { MoleculeViewer, Representation } from '@equitensor/viewer';
import { TrajectoryPlayer } from '@equitensor/viewer';
import type { FileProgress } from '../worker/file-protocol.ts';
import { type ControlsPanel, PICK_HINT } from './controls-panel.ts';
import { FileLoader } from './file-loader.ts';
import type { TrajectoryStore } from './trajectory-store.ts';
import type { AppState } from './view-state.ts';

/** What the file view tells the app. */
export interface FileViewHooks {
  /** A file's first frame is about to replace the view (stop the running scenario). */
  replacing(fileName: string, first: Structure): void;
  info(text: string): void;
  error(text: string): void;
}

/**
 * The open file's frames, reader and player.
 *
 * @example
 * ```ts
 * const files = new FileView(viewer, panel, state, store, hooks);
 * files.open('water.xyz', file);
 * ```
 */
export class FileView {
  readonly player: TrajectoryPlayer;
  private frames: Structure[] = [];
  private loader: FileLoader | null = null;

  constructor(
    private readonly viewer: MoleculeViewer,
    private readonly ui: ControlsPanel,
    private readonly state: AppState,
    private readonly store: TrajectoryStore,
    private readonly hooks: FileViewHooks,
  ) {
    this.player = new TrajectoryPlayer((i) => this.showFrame(i), { fps: 10 });
    this.player.start();
  }

  /** The frame shown (the played one), or null when no file is open. */
  get currentFrame(): Structure | null {
    return this.frames[Math.min(this.player.index, this.frames.length - 1)] ?? null;
  }

  /** The frames of the open file read so far (empty when none is open). */
  get openFrames(): readonly Structure[] {
    return this.frames;
  }

  /**
   * Read a file (a `File`, or a URL) frame by frame in a worker: the first frame shows as soon as it is
   * parsed, later frames join the trajectory while the rest loads. A bad line shows its file and line and
   * keeps the frames read before it; an error before the first frame changes nothing.
   */
  open(fileName: string, source: Blob | string): void {
    if (this.loader?.active) {
      // a file still loading stops where it is (its frames read so far stay until the new file's first frame)
      this.loader.cancel();
      this.state.fileLoading = false;
    }
    let count = 0;
    const loader: FileLoader = new FileLoader(fileName, source, {
      frame: (frame, _index, parsedAt, progress) => {
        if (this.loader !== loader) return;
        if (count++ === 0) this.showFirst(fileName, frame);
        else this.append(frame);
        this.state.fileLastFrameParsedAt = parsedAt;
        this.showProgress(fileName, progress);
      },
      progress: (progress) => {
        if (this.loader === loader) this.showProgress(fileName, progress);
      },
      done: (progress) => {
        if (this.loader !== loader) return;
        this.state.fileLoading = false;
        this.ui.setProgress('', 0);
        const atoms = this.frames[0]?.numbers.length ?? 0;
        this.hooks.info(`Opened ${fileName}: ${progress.frames} frame${progress.frames > 1 ? 's' : ''}, ${atoms} atoms`);
      },
      error: (message) => {
        if (this.loader !== loader) return;
        this.state.fileLoading = false;
        this.ui.setProgress('', 0);
        this.hooks.error(count === 0 ? message : `${message} (kept the ${count} frame${count > 1 ? 's' : ''} read before it)`);
      },
    });
    this.loader = loader;
  }

  /** Stop reading and forget the file (a scenario starts). */
  close(): void {
    this.loader?.cancel();
    this.loader = null;
    this.state.fileLoading = false;
    this.player.pause();
    this.frames = [];
    this.state.fileName = null;
    this.state.fileFrames = 0;
    this.ui.trajectorySet.hidden = true;
    this.ui.compute.setStructure(null);
  }

  /** Switch the app to a file: its first frame replaces the scenario or the previous file. */
  private showFirst(fileName: string, first: Structure): void {
    this.hooks.replacing(fileName, first);
    this.ui.scenarioSelect.value = ''; // no scenario shown: choosing the last one again starts it
    this.state.scenario = null;
    this.state.compute = null;
    this.state.fileName = fileName;
    this.state.fileFrames = 1;
    this.state.fileLoading = true;
    this.state.atoms = first.numbers.length;
    this.state.title = fileName;
    this.state.hasField = false;
    this.viewer.setField(null);
    this.ui.field.fieldset.hidden = true;
    this.frames = [first];
    this.ui.showSimulation(false);
    this.store.clear();
    this.store.push(first);
    const representation: Representation = first.numbers.length > 200_000 ? 'points' : 'ball-and-stick';
    this.viewer.setRepresentation(representation);
    this.ui.showRepresentation(representation);
    this.viewer.setStructure(first);
    this.ui.bio.setStructure(first);
    this.ui.pickInfo.textContent = PICK_HINT; // no atom of the previous file or scenario
    this.ui.structures.resetMain();
    this.ui.structures.refresh(fileName);
    this.state.fileFirstFrameShownAt = performance.timeOrigin + performance.now();
    this.ui.trajectorySet.hidden = true;
    this.ui.frameSlider.max = '0';
    this.player.reset();
    this.player.setFrameCount(1);
    this.ui.compute.setStructure(first);
  }

  /** A later frame of the file being read: playable at once. */
  private append(frame: Structure): void {
    this.frames.push(frame);
    this.store.push(frame);
    const n = this.frames.length;
    this.state.fileFrames = n;
    this.ui.trajectorySet.hidden = false;
    this.ui.frameSlider.max = String(n - 1);
    this.player.setFrameCount(n);
    this.ui.frameLabel.textContent = `${this.player.index + 1} / ${n}`;
  }

  private showProgress(fileName: string, progress: FileProgress): void {
    this.state.fileBytesRead = progress.bytesRead;
    this.state.fileBytesTotal = progress.totalBytes;
    const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
    const size = progress.totalBytes === null ? mb(progress.bytesRead) : `${mb(progress.bytesRead)} / ${mb(progress.totalBytes)}`;
    this.ui.setProgress(
      `Reading ${fileName}: ${progress.frames} frame${progress.frames === 1 ? '' : 's'}, ${size}`,
      progress.totalBytes ? progress.bytesRead / progress.totalBytes : 0,
    );
  }

  private showFrame(index: number): void {
    const frame = this.frames[index];
    if (!frame) return;
    this.viewer.setFrame(frame);
    this.ui.frameSlider.value = String(index);
    this.ui.frameLabel.textContent = `${index + 1} / ${this.frames.length}`;
  }
}
