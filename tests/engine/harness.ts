// Engine test harness: runs programs through the real Pulumi CLI and the Automation API on a
// throwaway `file://` backend with a passphrase secrets provider, and returns parsed results.
//
// Every CLI run is echoed as one line (`pulumi up --yes ... -> exit 0, 3 created, 9.1 s`) so a
// test log shows what the engine did. Nothing here talks to Pulumi Cloud.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as automation from "@pulumi/pulumi/automation";

/** Operation counts as the engine reports them (`create`, `update`, `same`, `delete`, ...). */
export type ChangeSummary = Readonly<Record<string, number>>;

export interface StepEvent {
  readonly op: string;
  readonly urn: string;
  readonly oldState?: { readonly inputs?: Record<string, unknown>; readonly outputs?: Record<string, unknown> };
  readonly newState?: { readonly inputs?: Record<string, unknown>; readonly outputs?: Record<string, unknown> };
}

/** What `pulumi preview|up|refresh --json` prints. */
export interface OperationDigest {
  readonly steps: readonly StepEvent[];
  readonly changeSummary: ChangeSummary;
  readonly diagnostics?: readonly { readonly message: string; readonly severity: string; readonly urn?: string }[];
}

export interface CliRun {
  readonly args: readonly string[];
  readonly exitCode: number;
  /** The signal that ended the CLI, when one did (a test's SIGKILL). */
  readonly signal?: NodeJS.Signals;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

export class CliError extends Error {
  constructor(readonly run: CliRun) {
    // With --json the errors are events among many; put them first.
    const errors = (tryParseDigest(run.stdout)?.diagnostics ?? []).filter((d) => d.severity === "error").map((d) => d.message.trim());
    super(
      `pulumi ${echoArgs(run.args)} exited ${run.exitCode}\n` +
        (errors.length > 0 ? `--- errors ---\n${errors.join("\n")}\n` : `--- stdout ---\n${run.stdout.slice(-6000)}\n`) +
        `--- stderr ---\n${run.stderr.slice(-6000)}`,
    );
  }
}

/** Arguments as the log shows them: secret values hidden, long values cut. */
function echoArgs(args: readonly string[]): string {
  const secret = args.includes("--secret");
  return args
    .map((a, i) => (secret && i === args.length - 1 ? "[secret]" : a))
    .map((a) => (a.length > 100 ? `${a.slice(0, 97)}...` : a))
    .join(" ");
}

/** Changes other than `same`, e.g. `{ create: 2 }`. */
export function changesOf(summary: ChangeSummary): Record<string, number> {
  return Object.fromEntries(Object.entries(summary).filter(([op, n]) => op !== "same" && n > 0));
}

function describe(summary: ChangeSummary | undefined): string {
  if (!summary) return "";
  const parts = Object.entries(summary).map(([op, n]) => `${n} ${op}`);
  return parts.length ? `, ${parts.join(" ")}` : "";
}

interface EngineProjectSettings {
  /** Pulumi project name (with `template`, only the temporary directory's prefix). */
  readonly name: string;
  readonly stack?: string;
  /** Extra environment for every CLI run (e.g. lab endpoints). */
  readonly env?: Readonly<Record<string, string>>;
  /** Echo CLI runs to stdout (default true). */
  readonly echo?: boolean;
  /**
   * The state backend (PULUMI_BACKEND_URL), e.g. `s3://bucket?endpoint=...`. Default: a
   * `file://` directory inside the project's temporary directory.
   */
  readonly backendUrl?: string;
}

export type EngineProjectOptions = EngineProjectSettings &
  (
    | {
        /** Absolute path of the compiled program (a `.js` file); the project's Pulumi.yaml runs it. */
        readonly main: string;
      }
    | {
        /**
         * A project directory to copy (symlinks followed), with its own Pulumi.yaml and stack
         * files, as a user's repository has them (examples/gitops).
         */
        readonly template: string;
      }
  );

/**
 * A Pulumi project in a temporary directory with its own `file://` backend, PULUMI_HOME and
 * passphrase. `Pulumi.yaml` points at a compiled program inside this repository (or is the
 * template's), and modules resolve from the repository's `node_modules`.
 */
export class EngineProject {
  /** Every CLI run so far, for tests that check what the CLI printed (e.g. no credential). */
  readonly runs: CliRun[] = [];

  private constructor(
    readonly dir: string,
    readonly stack: string,
    private readonly baseEnv: Readonly<Record<string, string>>,
    private readonly echo: boolean,
  ) {}


  static async create(options: EngineProjectOptions): Promise<EngineProject> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ucflow-engine-${options.name}-`));
    const home = path.join(dir, "pulumi-home");
    fs.mkdirSync(home);
    let backendUrl = options.backendUrl;
    if (backendUrl === undefined) {
      const backend = path.join(dir, "backend");
      fs.mkdirSync(backend);
      backendUrl = `file://${backend}`;
    }
    if ("template" in options) {
      fs.cpSync(options.template, dir, { recursive: true, dereference: true });
    } else {
      fs.writeFileSync(
        path.join(dir, "Pulumi.yaml"),
        [
          `name: ${options.name}`,
          "runtime:",
          "  name: nodejs",
          "  options:",
          "    typescript: false",
          `main: ${path.relative(dir, options.main)}`,
          "",
        ].join("\n"),
      );
    }
    linkNodeModules(dir);
    const env = {
      PULUMI_BACKEND_URL: backendUrl,
      PULUMI_CONFIG_PASSPHRASE: randomBytes(18).toString("base64url"),
      PULUMI_HOME: home,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      ...options.env,
    };
    const project = new EngineProject(dir, options.stack ?? "test", env, options.echo ?? true);
    await project.pulumi(["stack", "init", project.stack]);
    return project;
  }

  /**
   * The environment every CLI run gets (this project's backend, PULUMI_HOME, passphrase and the
   * options' env), for running another command on the project as a user's shell would (ucflow).
   */
  environment(): NodeJS.ProcessEnv {
    return { ...process.env, ...this.baseEnv };
  }

  /** Runs `pulumi <args>` in the project; rejects with CliError on a non-zero exit unless allowed. */
  async pulumi(args: readonly string[], options: { allowFailure?: boolean } = {}): Promise<CliRun> {
    const run = await this.start(args).finished;
    if (run.exitCode !== 0 && !options.allowFailure) throw new CliError(run);
    return run;
  }

  /**
   * Starts `pulumi <args>` in the background and returns at once: for tests that watch a run,
   * kill it, and look at the processes it started. The run is recorded and echoed when it ends.
   */
  start(args: readonly string[]): BackgroundRun {
    // Flags go before a "--" (after it, everything is a value, even one that starts with a dash).
    const end = args.indexOf("--");
    const fullArgs = end < 0 ? [...args, "--non-interactive"] : [...args.slice(0, end), "--non-interactive", ...args.slice(end)];
    const started = Date.now();
    const child = spawn("pulumi", fullArgs, {
      cwd: this.dir,
      env: { ...process.env, ...this.baseEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const finished = new Promise<CliRun>((resolve, reject) => {
      child.on("error", (err) =>
        reject(new Error(`could not run the Pulumi CLI (is it on PATH? run through npm test): ${err.message}`)),
      );
      child.on("close", (code, signal) => {
        const run = { args: fullArgs, exitCode: code ?? -1, ...(signal ? { signal } : {}), stdout, stderr, seconds: (Date.now() - started) / 1000 };
        this.runs.push(run);
        if (this.echo) {
          const digest = args.includes("--json") ? tryParseDigest(run.stdout) : undefined;
          console.log(
            `      $ pulumi ${echoArgs(args)} -> ${signal ? `killed (${signal})` : `exit ${run.exitCode}`}${describe(digest?.changeSummary)}, ` +
              `${run.seconds.toFixed(1)} s`,
          );
        }
        resolve(run);
      });
    });
    return new BackgroundRun(child, finished, () => ({ stdout, stderr }));
  }

  /** `pulumi config set`; with `path`, `key` is a path into a structured value (ucflow:clusters.Cluster1.host). */
  async setConfig(key: string, value: unknown, options: { secret?: boolean; path?: boolean } = {}): Promise<void> {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    await this.pulumi(["config", "set", ...(options.path ? ["--path"] : []), ...(options.secret ? ["--secret"] : ["--plaintext"]), "--", key, text]);
  }

  /** `pulumi up --yes --skip-preview --json`. */
  async up(extra: readonly string[] = []): Promise<OperationDigest> {
    return parseDigest(await this.pulumi(["up", "--yes", "--skip-preview", "--json", ...extra]));
  }

  /**
   * `pulumi preview --json`, optionally with `--expect-no-changes`. A preview that fails
   * (including an expected-no-changes violation) rejects with CliError carrying the output.
   */
  async preview(options: { expectNoChanges?: boolean; extra?: readonly string[] } = {}): Promise<OperationDigest> {
    const args = ["preview", "--json", ...(options.expectNoChanges ? ["--expect-no-changes"] : []), ...(options.extra ?? [])];
    return parseDigest(await this.pulumi(args));
  }

  /** A preview expected to fail: resolves with the run so tests can read the message. */
  async failingPreview(): Promise<CliRun> {
    const run = await this.pulumi(["preview"], { allowFailure: true });
    if (run.exitCode === 0) throw new Error(`pulumi preview was expected to fail but exited 0:\n${run.stdout}`);
    return run;
  }

  /** `pulumi refresh --yes --skip-preview --json`. */
  async refresh(extra: readonly string[] = []): Promise<OperationDigest> {
    return parseDigest(await this.pulumi(["refresh", "--yes", "--skip-preview", "--json", ...extra]));
  }

  /** `pulumi destroy --yes --skip-preview`. */
  async destroy(): Promise<CliRun> {
    return this.pulumi(["destroy", "--yes", "--skip-preview"]);
  }

  /** The stack's checkpoint as `pulumi stack export` prints it (secrets stay encrypted). */
  async exportState(): Promise<{ text: string; deployment: { resources?: { type: string; urn: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[] } }> {
    const run = await this.pulumi(["stack", "export"]);
    return { text: run.stdout, deployment: JSON.parse(run.stdout).deployment };
  }

  /** Removes the stack and its temporary directory. */
  async dispose(): Promise<void> {
    await this.pulumi(["stack", "rm", "--yes", "--force", this.stack], { allowFailure: true });
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

const repoRoot = path.resolve(__dirname, "../../..");

/**
 * The dynamic-provider process runs in the project directory and loads `@pulumi/pulumi` and the
 * `ucflow` implementation modules from there, as it would in a user's project. A temporary
 * project borrows the repository's node_modules (where the toolchain links `ucflow` to the
 * repository itself).
 */
function linkNodeModules(dir: string): void {
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
}

/**
 * `preview --json` prints one digest document; `up --json` and `refresh --json` print a stream
 * of engine events, one JSON object per line. Both are folded into the same digest shape.
 */
function tryParseDigest(stdout: string): OperationDigest | undefined {
  try {
    const doc = JSON.parse(stdout);
    if (doc && typeof doc.changeSummary === "object") return doc as OperationDigest;
  } catch {
    // not a single document: an event stream
  }
  const steps: StepEvent[] = [];
  const diagnostics: { message: string; severity: string; urn?: string }[] = [];
  let changeSummary: ChangeSummary | undefined;
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    let event: any;
    try {
      event = JSON.parse(line);
    } catch {
      continue;
    }
    if (event.resOutputsEvent) {
      const m = event.resOutputsEvent.metadata;
      steps.push({ op: m.op, urn: m.urn, oldState: m.old, newState: m.new });
    } else if (event.diagnosticEvent && event.diagnosticEvent.severity !== "debug") {
      const d = event.diagnosticEvent;
      diagnostics.push({ message: d.message, severity: d.severity, urn: d.urn });
    } else if (event.summaryEvent) {
      changeSummary = event.summaryEvent.resourceChanges ?? {};
    }
  }
  return changeSummary ? { steps, changeSummary, diagnostics } : undefined;
}

function parseDigest(run: CliRun): OperationDigest {
  const digest = tryParseDigest(run.stdout);
  if (!digest) {
    throw new Error(`pulumi ${run.args.join(" ")} printed no JSON digest or summary event:\n${run.stdout.slice(-4000)}`);
  }
  return digest;
}

export interface AutomationStack {
  readonly stack: automation.Stack;
  readonly dir: string;
  dispose(): Promise<void>;
}

/**
 * An inline-program stack through the Automation API, on its own `file://` backend, in a
 * temporary work directory (see linkNodeModules).
 */
export async function automationStack(options: {
  projectName: string;
  stackName?: string;
  program: automation.PulumiFn;
  env?: Readonly<Record<string, string>>;
}): Promise<AutomationStack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ucflow-automation-${options.projectName}-`));
  fs.mkdirSync(path.join(dir, "backend"));
  fs.mkdirSync(path.join(dir, "pulumi-home"));
  linkNodeModules(dir);
  const envVars = {
    PULUMI_CONFIG_PASSPHRASE: randomBytes(18).toString("base64url"),
    PULUMI_HOME: path.join(dir, "pulumi-home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    ...options.env,
  };
  const stack = await automation.LocalWorkspace.createOrSelectStack(
    { projectName: options.projectName, stackName: options.stackName ?? "test", program: options.program },
    {
      workDir: dir,
      envVars,
      pulumiHome: envVars.PULUMI_HOME,
      projectSettings: {
        name: options.projectName,
        runtime: "nodejs",
        backend: { url: `file://${path.join(dir, "backend")}` },
      },
    },
  );
  return {
    stack,
    dir,
    async dispose() {
      await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A CLI run in the background (EngineProject.start). `processes()` lists what it started (the
 * language host, provider hosts, the program); take that list before `kill()`, since the
 * processes a killed CLI leaves behind are no longer its descendants.
 */
export class BackgroundRun {
  constructor(
    private readonly child: ChildProcess,
    /** Resolves when the CLI has exited and its output is closed. */
    readonly finished: Promise<CliRun>,
    private readonly output: () => { stdout: string; stderr: string },
  ) {}

  get pid(): number {
    if (this.child.pid === undefined) throw new Error("the Pulumi CLI did not start");
    return this.child.pid;
  }

  /** What the CLI printed so far. */
  get stdout(): string {
    return this.output().stdout;
  }

  get stderr(): string {
    return this.output().stderr;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The CLI's descendants now, each with its role when it is one of Pulumi's (processRole). */
  processes(): ProcessInfo[] {
    return descendantProcesses(this.pid);
  }

  /** SIGKILL to the CLI alone, as an OOM killer or a CI timeout would; resolves once it has exited. */
  async kill(): Promise<CliRun> {
    if (this.running) this.child.kill("SIGKILL");
    return this.finished;
  }
}

/** Pulumi's processes under a CLI: its language host, the program that host runs, provider hosts. */
export type PulumiProcessRole = "language host" | "program" | "provider host";

export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly argv: readonly string[];
  readonly role?: PulumiProcessRole;
}

/**
 * Which of Pulumi's processes `argv` is: ucflow's language host (scripts/language-host, started as
 * pulumi-language-nodejs), the program it runs (@pulumi/pulumi/cmd/run), or a dynamic-provider
 * host (the pulumi-resource-pulumi-nodejs script and the node process it starts on
 * @pulumi/pulumi/cmd/dynamic-provider). Undefined for anything else.
 */
export function processRole(argv: readonly string[]): PulumiProcessRole | undefined {
  // The executable and the script it runs (the first argument that is not a flag).
  const names = [argv[0] ?? "", argv.slice(1).find((a) => !a.startsWith("-")) ?? ""].map((a) => a.replace(/\\/g, "/"));
  if (names.some((a) => a.endsWith("/language-host/main.js") || a.endsWith("/pulumi-language-nodejs"))) return "language host";
  if (names.some((a) => /\/@pulumi\/pulumi\/cmd\/run(\/index\.js)?$/.test(a))) return "program";
  if (names.some((a) => /\/@pulumi\/pulumi\/cmd\/dynamic-provider(\/index\.js)?$/.test(a) || a.endsWith("/pulumi-resource-pulumi-nodejs"))) return "provider host";
  return undefined;
}

/** Every live process whose parent chain leads to `rootPid` (from /proc; Linux only). */
export function descendantProcesses(rootPid: number): ProcessInfo[] {
  const all = fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name)).map((name) => readProcess(Number(name))).filter((p): p is ProcessInfo & { state: string } => p !== undefined && p.state !== "Z");
  const found: ProcessInfo[] = [];
  const parents = new Set([rootPid]);
  // Parents come before children in no particular order, so repeat until nothing is added.
  for (let added = true; added; ) {
    added = false;
    for (const p of all) {
      if (parents.has(p.ppid) && !parents.has(p.pid)) {
        parents.add(p.pid);
        const { state: _state, ...info } = p;
        found.push(info);
        added = true;
      }
    }
  }
  return found;
}

/** Whether `pid` is still running (a zombie waiting to be reaped counts as gone). */
export function isProcessAlive(pid: number): boolean {
  const p = readProcess(pid);
  return p !== undefined && p.state !== "Z";
}

function readProcess(pid: number): (ProcessInfo & { state: string }) | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ")".
    const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter((a) => a !== "");
    const role = processRole(argv);
    return { pid, ppid: Number(ppid), argv, state: state ?? "?", ...(role ? { role } : {}) };
  } catch {
    return undefined; // exited while we looked
  }
}

/**
 * Polls `probe` until it returns something other than undefined or false, and returns that.
 * Rejects after `timeoutMs` with `what` and the last value seen: a bound, not a measurement.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Absolute path of a compiled module under dist/, given its path relative to dist/tests/engine. */
export function compiledProgram(relative: string): string {
  return path.join(__dirname, relative);
}
