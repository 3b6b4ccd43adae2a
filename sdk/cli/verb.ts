// What a verb of the `ucflow` command is: a name and summary for the verb list, and an
// implementation loaded only when the verb runs (so `ucflow drift` never loads the lab).

/** Where a verb reads and writes: the process's streams, environment and directory, or a test's. */
export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export interface VerbImplementation {
  /** What `ucflow <verb> --help` prints: the usage line and every flag. */
  readonly usage: string;
  /** Runs the verb with the arguments after its name; resolves with the exit code. */
  run(args: readonly string[], io: CommandIo): Promise<number>;
}

export interface Verb {
  readonly name: string;
  /** One line for `ucflow --help`. */
  readonly summary: string;
  load(): VerbImplementation;
}

/** A bad flag or argument: the dispatcher prints the message and the verb's usage, exit 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
