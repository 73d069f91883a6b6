/**
 * The frames the app has received from the worker (or loaded from a file), kept for download as
 * extended XYZ. Keeps at most `capacity` frames, thinning old ones by half when full so that a long
 * run still spans its whole history.
 */
import type { Structure } from '@equitensor/io';
import { formatExtxyz } from '@equitensor/io';

export class TrajectoryStore {
  private frames: Structure[] = [];
  private keepEvery = 1;
  private seen = 0;

  constructor(private readonly capacity = 400) {}

  get length(): number {
    return this.frames.length;
  }

  get all(): readonly Structure[] {
    return this.frames;
  }

  clear(): void {
    this.frames = [];
    this.keepEvery = 1;
    this.seen = 0;
  }

  /** Add a frame (kept when it falls on the current stride). */
  push(frame: Structure): void {
    if (this.seen++ % this.keepEvery !== 0) return;
    this.frames.push(frame);
    if (this.frames.length > this.capacity) {
      this.frames = this.frames.filter((_, i) => i % 2 === 0);
      this.keepEvery *= 2;
    }
  }

  /** The trajectory as extended XYZ text. */
  toExtxyz(): string {
    return formatExtxyz(this.frames as Structure[]);
  }
}
