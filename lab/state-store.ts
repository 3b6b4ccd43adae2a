// One service's state, kept in memory and written to <stateDir>/services/<name>.json, so a
// restarted lab comes back with what tests and demos left in it. Writes happen off the request
// path: a change marks the state dirty and a timer writes it, coalescing every change made in
// the meantime. The pause between writes grows with how long a write takes, so that writing a
// large state (a tenant of 10,000 users is tens of megabytes of JSON, serialized on the event
// loop) costs at most about a tenth of the lab's time. stop() and flush() write what is left.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import * as path from "node:path";

const FORMAT = 1;

/** The shortest pause between two writes of one service's state. */
export const MIN_WRITE_INTERVAL_MS = 100;

/** A write may take this share of the time at most: the pause after it is (1 / share - 1) times as long. */
export const MAX_WRITE_SHARE = 0.1;

/**
 * How long to wait after a write before the next one: long enough that writing takes at most
 * MAX_WRITE_SHARE of the time, and never less than MIN_WRITE_INTERVAL_MS.
 */
export function writeIntervalMs(lastWriteMs: number, minimumMs = MIN_WRITE_INTERVAL_MS): number {
  return Math.max(minimumMs, Math.ceil(lastWriteMs * (1 / MAX_WRITE_SHARE - 1)));
}

interface StateFile {
  readonly format: number;
  readonly service: string;
  readonly savedAt: string;
  readonly state: unknown;
}

export class ServiceStateStore<S> {
  private state: S;
  /** Bumped by every change; compared with the version last written. */
  private version = 0;
  /** The version the file holds. */
  private writtenVersion = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  /** No write starts before this time (ms since the epoch). */
  private notBefore = 0;
  private lastWriteMs = 0;
  private writeFailure: Error | undefined;
  private closed = false;

  private constructor(
    readonly service: string,
    readonly file: string,
    initial: S,
    private readonly log: (line: string) => void,
  ) {
    this.state = initial;
  }

  /**
   * Loads the saved state when the file exists, otherwise starts from `initial()` and saves it.
   * A file that cannot be read or decoded stops the lab: silently re-seeding would lose work.
   */
  static async open<S>(service: string, dir: string, decode: (raw: unknown) => S, initial: () => S, log: (line: string) => void = (line) => process.stderr.write(`[lab] ${line}\n`)): Promise<ServiceStateStore<S>> {
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${service}.json`);
    let text: string | undefined;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        throw new Error(`cannot read the saved state of lab service ${service} from ${file}: ${(error as Error).message}`);
      }
    }
    if (text === undefined) {
      const store = new ServiceStateStore(service, file, initial(), log);
      store.version = 1;
      await store.flush();
      return store;
    }
    let saved: StateFile;
    try {
      saved = JSON.parse(text) as StateFile;
    } catch (error) {
      throw new Error(`the saved state of lab service ${service} in ${file} is not JSON (${(error as Error).message}); fix or delete the file`);
    }
    if (typeof saved !== "object" || saved === null || saved.format !== FORMAT || !("state" in saved)) {
      throw new Error(`the saved state of lab service ${service} in ${file} is not in format ${FORMAT}; delete the file to start from the seed`);
    }
    let state: S;
    try {
      state = decode(saved.state);
    } catch (error) {
      throw new Error(`the saved state of lab service ${service} in ${file} is invalid: ${(error as Error).message}; delete the file to start from the seed`);
    }
    return new ServiceStateStore(service, file, state, log);
  }

  get current(): S {
    return this.state;
  }

  /** How long the last write took, in milliseconds (0 before the first). */
  get lastWriteDurationMs(): number {
    return this.lastWriteMs;
  }

  /** Whether changes are waiting to be written. */
  get dirty(): boolean {
    return this.version !== this.writtenVersion;
  }

  /** Changes the state in memory and schedules a write; resolves at once (not when it is on disk). */
  async update(mutate: (state: S) => S | void): Promise<void> {
    const result = mutate(this.state);
    if (result !== undefined) this.state = result;
    this.changed();
  }

  async replace(state: S): Promise<void> {
    this.state = state;
    this.changed();
  }

  /** Writes every change made so far and resolves once it is on disk; throws if that write failed. */
  async flush(): Promise<void> {
    const target = this.version;
    // A write in flight may have started before the last changes; then one more covers them all.
    if (this.writing) await this.writing;
    if (this.writtenVersion < target) await this.write();
    if (this.writtenVersion < target) throw this.writeFailure ?? new Error(`the state of lab service ${this.service} was not written to ${this.file}`);
  }

  /** Writes what is left and stops scheduling writes (the lab is stopping). */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private changed(): void {
    this.version += 1;
    this.schedule();
  }

  private schedule(): void {
    if (this.closed || this.timer || this.writing || !this.dirty) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.dirty) void this.write();
    }, Math.max(0, this.notBefore - Date.now()));
    // A pending write must not keep a process alive on its own; stop() flushes.
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private write(): Promise<void> {
    if (this.writing) return this.writing;
    this.clearTimer();
    const writing = this.writeOnce().finally(() => {
      this.writing = undefined;
      this.schedule();
    });
    this.writing = writing;
    return writing;
  }

  private async writeOnce(): Promise<void> {
    const started = Date.now();
    const version = this.version;
    const content: StateFile = { format: FORMAT, service: this.service, savedAt: new Date(started).toISOString(), state: this.state };
    // Compact JSON: simulator states can hold thousands of users; use jq to read them.
    const text = JSON.stringify(content);
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      await writeFile(tmp, text);
      await rename(tmp, this.file);
      this.writtenVersion = version;
      if (this.writeFailure) this.log(`the state of lab service ${this.service} is written to ${this.file} again`);
      this.writeFailure = undefined;
    } catch (error) {
      const failure = new Error(`cannot save the state of lab service ${this.service} to ${this.file}: ${(error as Error).message}`);
      if (!this.writeFailure) this.log(failure.message);
      this.writeFailure = failure;
      // Still dirty: the next scheduled write tries again.
    } finally {
      this.lastWriteMs = Date.now() - started;
      this.notBefore = Date.now() + writeIntervalMs(this.lastWriteMs);
    }
  }
}
