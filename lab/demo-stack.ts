// A throwaway Pulumi project and stack for `ucflow demo`: a temporary directory whose
// Pulumi.yaml runs a compiled program of this repository, with its own `file://` backend,
// PULUMI_HOME and passphrase, so the demo touches neither the user's Pulumi login nor the
// repository's stacks. Every run goes through the real Pulumi CLI on PATH.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { StackSetting } from "./stack-settings";

export interface DemoStackOptions {
  /** Pulumi project name. */
  readonly project: string;
  readonly stack: string;
  /** Absolute path of the compiled program (a `.js` file in the repository). */
  readonly program: string;
  /** The repository whose node_modules the program and its dynamic providers load from. */
  readonly repository: string;
  /** Added to every CLI run's environment (NODE_EXTRA_CA_CERTS for the lab). */
  readonly env: Readonly<Record<string, string>>;
}

/** What one CLI run printed. */
export interface PulumiRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

export class DemoStack {
  private constructor(
    readonly dir: string,
    readonly stack: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static async create(options: DemoStackOptions): Promise<DemoStack> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ucflow-demo-${options.stack}-`));
    fs.mkdirSync(path.join(dir, "backend"));
    fs.mkdirSync(path.join(dir, "pulumi-home"));
    // Dynamic providers load "ucflow/provider/..." from the project's node_modules, as in a user's project.
    fs.symlinkSync(path.join(options.repository, "node_modules"), path.join(dir, "node_modules"), "dir");
    const pulumiYaml = ["name: " + options.project, "runtime:", "  name: nodejs", "  options:", "    typescript: false", `main: ${options.program}`, ""];
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), pulumiYaml.join("\n"));
    const env = {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${path.join(dir, "backend")}`,
      PULUMI_CONFIG_PASSPHRASE: randomBytes(18).toString("base64url"),
      PULUMI_HOME: path.join(dir, "pulumi-home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      ...options.env,
    };
    const demo = new DemoStack(dir, options.stack, env);
    try {
      await demo.pulumi(["stack", "init", options.stack]);
    } catch (error) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    return demo;
  }

  /** The environment every CLI run gets, for running `ucflow preview` on this stack. */
  environment(): NodeJS.ProcessEnv {
    return { ...this.env };
  }

  /** `pulumi config set` for each setting, as `ucflow lab` prints them. */
  async configure(settings: readonly StackSetting[]): Promise<void> {
    for (const s of settings) {
      await this.pulumi(["config", "set", ...(s.path ? ["--path"] : []), s.secret ? "--secret" : "--plaintext", "--", s.key, s.value]);
    }
  }

  /** `pulumi up`; resolves with the engine's counts other than `same` (`{ create: 57 }`). */
  async up(): Promise<{ readonly changes: Readonly<Record<string, number>>; readonly seconds: number }> {
    const run = await this.pulumi(["up", "--yes", "--skip-preview", "--json"]);
    return { changes: changeCounts(run.stdout), seconds: run.seconds };
  }

  /** `pulumi preview --expect-no-changes`: rejects when the stack would change. */
  async expectNoChanges(): Promise<PulumiRun> {
    return this.pulumi(["preview", "--expect-no-changes"]);
  }

  async destroy(): Promise<PulumiRun> {
    return this.pulumi(["destroy", "--yes", "--skip-preview"]);
  }

  /** Runs `pulumi <args> --non-interactive` in the project; rejects with the CLI's output on a non-zero exit. */
  pulumi(args: readonly string[]): Promise<PulumiRun> {
    const started = Date.now();
    // Flags before a "--": after it everything is a value.
    const end = args.indexOf("--");
    const full = end < 0 ? [...args, "--non-interactive"] : [...args.slice(0, end), "--non-interactive", ...args.slice(end)];
    return new Promise((resolve, reject) => {
      const child = spawn("pulumi", full, { cwd: this.dir, env: this.env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("error", (error) => reject(new Error(`could not run the Pulumi CLI (is pulumi on PATH? npm run demo puts it there): ${error.message}`)));
      child.on("close", (code, signal) => {
        const run = { exitCode: code ?? -1, stdout, stderr, seconds: (Date.now() - started) / 1000 };
        if (run.exitCode === 0) return resolve(run);
        // A value given after "--" may be a secret: the command is named by its verb only.
        const verb = full.slice(0, 2).filter((a) => !a.startsWith("-")).join(" ");
        reject(new Error(`pulumi ${verb} on stack ${this.stack} ${signal ? `was stopped by ${signal}` : `exited ${run.exitCode}`}:\n${failureText(run)}`));
      });
    });
  }

  /** Removes the stack's temporary directory (backend and state included). */
  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The counts of the `summaryEvent` in `pulumi up --json`'s event stream, `same` left out. */
export function changeCounts(eventStream: string): Record<string, number> {
  for (const line of eventStream.split("\n").reverse()) {
    if (!line.startsWith("{")) continue;
    try {
      const changes = (JSON.parse(line) as { summaryEvent?: { resourceChanges?: Record<string, number> } }).summaryEvent?.resourceChanges;
      if (changes) return Object.fromEntries(Object.entries(changes).filter(([op, n]) => op !== "same" && n > 0));
    } catch {
      // a partial line: not the summary
    }
  }
  throw new Error("pulumi up printed no summary event");
}

/** What a failed run said: its error diagnostics when it streamed JSON events, else the end of its output. */
function failureText(run: PulumiRun): string {
  const errors: string[] = [];
  for (const line of run.stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const event = JSON.parse(line) as { diagnosticEvent?: { severity?: string; message?: string } };
      if (event.diagnosticEvent?.severity === "error" && event.diagnosticEvent.message) errors.push(event.diagnosticEvent.message.trim());
    } catch {
      // not an event
    }
  }
  if (errors.length > 0) return errors.join("\n");
  const text = `${run.stdout.trim()}\n${run.stderr.trim()}`.trim();
  return text.split("\n").slice(-40).join("\n") || "(it printed nothing)";
}
