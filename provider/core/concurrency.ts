// Two small guards: a limiter that bounds how many calls one backend has in flight (its
// throttling punishes bursts), and per-name locks that serialise read-modify-write edits of one
// shared object (a tenant's PSTN usage list, a CUCM partition), like azuread's tf.LockByName.
import { ConfigurationError } from "./errors";

/** Runs at most `maxInFlight` tasks at once; the rest wait in arrival order. */
export class Limiter {
  readonly maxInFlight: number;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  /** @param maxInFlight 1 to 256 */
  constructor(maxInFlight: number) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1 || maxInFlight > 256) {
      throw new ConfigurationError("invalid limiter", [`maxInFlight must be an integer from 1 to 256; got ${maxInFlight}`]);
    }
    this.maxInFlight = maxInFlight;
  }

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.maxInFlight) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, so a newcomer cannot overtake it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/** Mutual exclusion by name; names are released (forgotten) when no one holds or awaits them. */
export class NameLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /** Names currently held or awaited. */
  get size(): number {
    return this.tails.size;
  }

  async withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(name) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(name, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (this.tails.get(name) === tail) this.tails.delete(name);
    }
  }
}

const processLocks = new NameLocks();

/** Runs `task` while holding the process-wide lock called `name`, e.g. "teams:OnlinePstnUsages:Global". */
export function lockByName<T>(name: string, task: () => Promise<T>): Promise<T> {
  return processLocks.withLock(name, task);
}
