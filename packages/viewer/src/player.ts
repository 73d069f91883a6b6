/**
 * Trajectory playback: which frame to show when. The clock is injected (`advance(ms)`), so the logic
 * is testable without a browser; {@link TrajectoryPlayer.start} drives it from `requestAnimationFrame`.
 * Frames may be appended while playing (streaming from a worker or a file).
 */

/** Options of a {@link TrajectoryPlayer}. */
export interface PlayerOptions {
  /** Frames per second of playback (default 30). */
  readonly fps?: number;
  /** Start over after the last frame (default true); otherwise stop there. */
  readonly loop?: boolean;
}

/**
 * Plays `frameCount` frames by calling `show(index)` whenever the current frame changes.
 *
 * @example
 * ```ts
 * const player = new TrajectoryPlayer((i) => viewer.setFrame(frames[i]!), { fps: 20 });
 * player.setFrameCount(frames.length);
 * player.play();
 * player.start(); // drive it with requestAnimationFrame
 * ```
 */
export class TrajectoryPlayer {
  fps: number;
  loop: boolean;
  private frameCount = 0;
  private current = -1;
  private playing = false;
  private accumulated = 0;
  private rafHandle = 0;
  private lastTime = -1;

  constructor(
    private readonly show: (index: number) => void,
    options: PlayerOptions = {},
  ) {
    this.fps = options.fps ?? 30;
    this.loop = options.loop ?? true;
  }

  /** Index of the frame shown (-1 before any). */
  get index(): number {
    return this.current;
  }

  /** Whether playback is running. */
  get isPlaying(): boolean {
    return this.playing;
  }

  /** Number of frames known. */
  get length(): number {
    return this.frameCount;
  }

  /** Forget all frames and stop (before loading another trajectory). */
  reset(): void {
    this.pause();
    this.frameCount = 0;
    this.current = -1;
    this.accumulated = 0;
  }

  /** Tell the player how many frames exist (frames may keep arriving). Shows frame 0 when the first arrives. */
  setFrameCount(count: number): void {
    this.frameCount = count;
    if (this.current < 0 && count > 0) this.seek(0);
    if (this.current >= count) this.seek(count - 1);
  }

  play(): void {
    if (this.frameCount > 0 && !this.loop && this.current >= this.frameCount - 1) this.seek(0);
    this.playing = true;
    this.accumulated = 0;
  }

  pause(): void {
    this.playing = false;
  }

  /** Move by `delta` frames (wrapping when looping, clamping otherwise) and pause. */
  step(delta = 1): void {
    this.pause();
    if (this.frameCount === 0) return;
    let next = this.current + delta;
    if (this.loop) next = ((next % this.frameCount) + this.frameCount) % this.frameCount;
    this.seek(next);
  }

  /** Show frame `index` (clamped to the known frames). */
  seek(index: number): void {
    if (this.frameCount === 0) return;
    const i = Math.min(this.frameCount - 1, Math.max(0, Math.floor(index)));
    if (i === this.current) return;
    this.current = i;
    this.show(i);
  }

  /** Advance the clock by `ms` milliseconds; returns true when the frame changed. */
  advance(ms: number): boolean {
    if (!this.playing || this.frameCount === 0 || !(this.fps > 0)) return false;
    this.accumulated += ms;
    const period = 1000 / this.fps;
    const steps = Math.floor(this.accumulated / period);
    if (steps === 0) return false;
    this.accumulated -= steps * period;
    let next = this.current + steps;
    if (next >= this.frameCount) {
      if (this.loop) next %= this.frameCount;
      else {
        next = this.frameCount - 1;
        this.playing = false;
      }
    }
    const changed = next !== this.current;
    this.seek(next);
    return changed;
  }

  /** Drive {@link advance} from `requestAnimationFrame` until {@link stop}. */
  start(): void {
    if (this.rafHandle) return;
    const tick = (time: number): void => {
      if (this.lastTime >= 0) this.advance(time - this.lastTime);
      this.lastTime = time;
      this.rafHandle = requestAnimationFrame(tick);
    };
    this.rafHandle = requestAnimationFrame(tick);
  }

  stop(): void {
    if (this.rafHandle) cancelAnimationFrame(this.rafHandle);
    this.rafHandle = 0;
    this.lastTime = -1;
  }
}
