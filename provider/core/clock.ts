// Time as a dependency, so retries, consistency waits and operation polling can be tested with
// exact waits and no real sleeping.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A source of uniformly distributed numbers in [0, 1), for jitter. */
export type RandomSource = () => number;
