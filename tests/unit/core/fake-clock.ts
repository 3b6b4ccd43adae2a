// A clock for tests: sleeping advances time at once and is recorded, so waits can be asserted exactly.
import { type Clock } from "../../../provider/core/clock";

export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  private nowMs: number;

  constructor(startMs: number = Date.UTC(2026, 0, 1, 0, 0, 0)) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.nowMs += ms;
  }

  advance(ms: number): void {
    this.nowMs += ms;
  }
}

/** A random source that replays `values`, then repeats the last one. */
export function fixedRandom(...values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)];
}
