import { describe, expect, it } from 'vitest';
import { TrajectoryPlayer } from '../src/player.ts';

describe('TrajectoryPlayer', () => {
  it('shows frame 0 when the first frame arrives and advances at the requested rate', () => {
    const shown: number[] = [];
    const player = new TrajectoryPlayer((i) => shown.push(i), { fps: 10 });
    player.setFrameCount(5);
    expect(shown).toEqual([0]);
    player.play();
    expect(player.advance(50)).toBe(false);
    expect(player.advance(60)).toBe(true); // 110 ms → one frame at 10 fps
    expect(player.index).toBe(1);
    player.advance(250); // 10 ms carried over + 250 ms → 2 more frames
    expect(player.index).toBe(3);
  });

  it('loops or stops at the end', () => {
    const looping = new TrajectoryPlayer(() => {}, { fps: 1, loop: true });
    looping.setFrameCount(3);
    looping.play();
    looping.advance(4000);
    expect(looping.index).toBe(1); // 0 + 4 steps mod 3
    const once = new TrajectoryPlayer(() => {}, { fps: 1, loop: false });
    once.setFrameCount(3);
    once.play();
    once.advance(10_000);
    expect(once.index).toBe(2);
    expect(once.isPlaying).toBe(false);
  });

  it('steps (pausing), wraps when looping, and follows streamed frames', () => {
    const shown: number[] = [];
    const player = new TrajectoryPlayer((i) => shown.push(i), { loop: true });
    player.setFrameCount(2);
    player.play();
    player.step(-1);
    expect(player.isPlaying).toBe(false);
    expect(player.index).toBe(1);
    player.setFrameCount(4);
    player.step(2);
    expect(player.index).toBe(3);
    player.seek(99);
    expect(player.index).toBe(3);
    expect(shown).toEqual([0, 1, 3]);
    player.reset();
    player.setFrameCount(5);
    expect(player.index).toBe(0);
    expect(shown).toEqual([0, 1, 3, 0]);
  });
});
