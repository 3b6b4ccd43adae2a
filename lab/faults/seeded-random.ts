// A seeded pseudo-random generator (mulberry32) with its state passed in and returned, so the
// fault decision that uses it stays a pure function and a seeded run repeats exactly.

/** Advances the generator: a value in [0, 1) and the state to use next time. */
export function nextRandom(state: number): { readonly value: number; readonly state: number } {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  const value = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  return { value, state: next };
}

/** Turns any safe integer seed into a generator state. */
export function randomStateFromSeed(seed: number): number {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`a fault seed must be a safe integer, got ${seed}`);
  return seed >>> 0;
}
