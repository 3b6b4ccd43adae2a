// One service's state, kept in memory and written to <stateDir>/services/<name>.json on every
// change, so a restarted lab comes back with what tests and demos left in it.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import * as path from "node:path";

const FORMAT = 1;

interface StateFile {
  readonly format: number;
  readonly service: string;
  readonly savedAt: string;
  readonly state: unknown;
}

export class ServiceStateStore<S> {
  private state: S;
  private inflight: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private writeFailure: Error | undefined;

  private constructor(
    readonly service: string,
    readonly file: string,
    initial: S,
  ) {
    this.state = initial;
  }

  /**
   * Loads the saved state when the file exists, otherwise starts from `initial()` and saves it.
   * A file that cannot be read or decoded stops the lab: silently re-seeding would lose work.
   */
  static async open<S>(service: string, dir: string, decode: (raw: unknown) => S, initial: () => S): Promise<ServiceStateStore<S>> {
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
      const store = new ServiceStateStore(service, file, initial());
      await store.persist();
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
    return new ServiceStateStore(service, file, state);
  }

  get current(): S {
    return this.state;
  }

  async update(mutate: (state: S) => S | void): Promise<void> {
    const result = mutate(this.state);
    if (result !== undefined) this.state = result;
    await this.persist();
  }

  async replace(state: S): Promise<void> {
    this.state = state;
    await this.persist();
  }

  /**
   * Resolves when a write that includes every change made so far is on disk. Writes are
   * coalesced: at most one in flight and one queued, whatever the rate of changes, because a
   * simulator holding thousands of users would otherwise rewrite its file per request.
   */
  persist(): Promise<void> {
    if (this.queued) return this.queued;
    const queued = this.inflight.then(() => {
      this.queued = undefined;
      const write = this.write();
      this.inflight = write.catch(() => undefined);
      return write;
    });
    this.queued = queued;
    return queued;
  }

  /** Waits for pending writes; throws if the last one failed. */
  async flush(): Promise<void> {
    await (this.queued ?? this.inflight);
    if (this.writeFailure) throw this.writeFailure;
  }

  private async write(): Promise<void> {
    const content: StateFile = { format: FORMAT, service: this.service, savedAt: new Date().toISOString(), state: this.state };
    // Compact JSON: simulator states can hold thousands of users; use jq to read them.
    const text = JSON.stringify(content);
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      await writeFile(tmp, text);
      await rename(tmp, this.file);
      this.writeFailure = undefined;
    } catch (error) {
      this.writeFailure = new Error(`cannot save the state of lab service ${this.service} to ${this.file}: ${(error as Error).message}`);
      throw this.writeFailure;
    }
  }
}
