// `npm run bench`: how ucflow scales with the number of subscribers, on the real Pulumi CLI
// against the lab with latency on every backend call and the platforms' rate limits on. For each
// size: a fresh lab with N generated users, `pulumi up` from empty, a no-change `preview`,
// `refresh`, a move of 10 % of the users to another site, and the state left behind; each phase
// against the floor the lab's limits allow. Prints a table (and with --json, a file). See
// docs/benchmarks.md. `--platform cucm` runs the same phases for the Unified CM customer
// (run-cucm-size.ts): LDAP people, the AXL simulator's cluster with its throttling, Unity Connection.
//
// Timing is kept out of the pass/fail tests on purpose: this prints figures, it asserts nothing
// beyond "the run did what it should" (exit codes, subscriber count).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { DEFAULT_AXL_MAX_IN_FLIGHT, MAX_AXL_MAX_IN_FLIGHT } from "../../provider/backends/axl/client";
import { maxCucmBenchSubscribers } from "./cucm-directory";
import { benchCucmSize } from "./run-cucm-size";
import { benchSize, PHASES, type PhaseFigures, type SizeResult } from "./run-size";
import { stopAllRuns } from "./timed-cli";

interface Options {
  readonly platform: "teams" | "cucm";
  readonly sizes: readonly number[];
  readonly latencyMs: number;
  readonly parallel: number;
  readonly upParallel: number;
  readonly upTimeoutMinutes: number;
  readonly phaseTimeoutMinutes: number;
  readonly graphConcurrency: number;
  /** Unified CM: ucflow:clusters.Cluster1.maxInFlight; undefined: the client's default (not set). */
  readonly axlMaxInFlight: number | undefined;
  readonly rateLimits: boolean;
  readonly totalBudgetMinutes: number;
  readonly skipCheckpoints: boolean;
  readonly json: string | undefined;
}

const USAGE = `usage: npm run bench -- [options]
  --platform teams|cucm        the Teams customer (Entra users, Graph) or the Unified CM one (LDAP people, AXL, Unity Connection); default teams
  --sizes 100,1000[,10000]     subscriber counts, run smallest first (default 100,1000)
  --latency-ms 20              latency added to every request: graph, teams and entra, or axl and cupi (default 20)
  --parallel N                 engine parallelism, passed as --parallel (default: CPUs x 4, the engine's own default)
  --up-parallel N              parallelism of up only (default: --parallel)
  --up-timeout-min 45          longest pulumi up per size; a size whose up is predicted to take longer is skipped
  --phase-timeout-min 15       longest preview, refresh and move
  --graph-concurrency 16       Graph requests the lab serves at once, and ucflow:graphMaxInFlight (default 16)
  --axl-max-in-flight N        cucm: AXL requests in flight per cluster, set as ucflow:clusters.Cluster1.maxInFlight (default: not set, the client's 2)
  --no-rate-limits             turn the lab's rate limits off (Graph and Teams, or AXL's write throttle and read cap; they are still counted)
  --total-budget-min 120       the whole run; each step's limit is cut to what is left
  --skip-checkpoints           run up with PULUMI_SKIP_CHECKPOINTS=true (state saved once, at the end)
  --json FILE                  also write the figures as JSON`;

function parseArgs(argv: readonly string[]): Options {
  const defaultParallel = os.availableParallelism() * 4;
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    if (arg === "--skip-checkpoints" || arg === "--no-rate-limits") {
      flags.add(arg);
      continue;
    }
    const [name, inline] = arg.split("=", 2) as [string, string | undefined];
    if (!["--platform", "--axl-max-in-flight", "--sizes", "--latency-ms", "--parallel", "--up-parallel", "--up-timeout-min", "--phase-timeout-min", "--graph-concurrency", "--total-budget-min", "--json"].includes(name)) {
      throw new Error(`unknown option ${arg}\n${USAGE}`);
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${name} needs a value\n${USAGE}`);
    values.set(name, value);
  }
  const number = (name: string, fallback: number, min: number): number => {
    const text = values.get(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number of at least ${min}, got ${JSON.stringify(text)}`);
    return value;
  };
  const platform = values.get("--platform") ?? "teams";
  if (platform !== "teams" && platform !== "cucm") throw new Error(`--platform must be teams or cucm, got ${JSON.stringify(platform)}`);
  // The bench definitions' number ranges bound N: Teams' DID ranges, Unified CM's 4-digit extension ranges.
  const maxSize = platform === "cucm" ? maxCucmBenchSubscribers() : 29_000;
  const sizes = (values.get("--sizes") ?? "100,1000").split(",").map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > maxSize)) throw new Error(`--sizes must be whole numbers from 1 to ${maxSize} for --platform ${platform}, got ${values.get("--sizes")}`);
  if (values.has("--axl-max-in-flight") && platform !== "cucm") throw new Error("--axl-max-in-flight applies to --platform cucm only");
  return {
    platform,
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    latencyMs: number("--latency-ms", 20, 0),
    parallel: Math.round(number("--parallel", defaultParallel, 1)),
    upParallel: Math.round(number("--up-parallel", number("--parallel", defaultParallel, 1), 1)),
    upTimeoutMinutes: number("--up-timeout-min", 45, 0.1),
    phaseTimeoutMinutes: number("--phase-timeout-min", 15, 0.1),
    graphConcurrency: Math.round(number("--graph-concurrency", 16, 1)),
    axlMaxInFlight: values.has("--axl-max-in-flight") ? axlMaxInFlight(values.get("--axl-max-in-flight")!) : undefined,
    rateLimits: !flags.has("--no-rate-limits"),
    totalBudgetMinutes: number("--total-budget-min", 120, 0.1),
    skipCheckpoints: flags.has("--skip-checkpoints"),
    json: values.get("--json"),
  };
}

function axlMaxInFlight(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > MAX_AXL_MAX_IN_FLIGHT) throw new Error(`--axl-max-in-flight must be a whole number from 1 to ${MAX_AXL_MAX_IN_FLIGHT} (what the AXL client allows), got ${JSON.stringify(text)}`);
  return value;
}

/**
 * Expected `up` seconds at n from the sizes measured so far. With two sizes, t = a·n + b·n²
 * through the two largest (a, b >= 0): the quadratic term is the engine rewriting the whole
 * checkpoint after every step, small at 1,000 but dominant at 10,000. With one, linear.
 */
function predictUpSeconds(measured: readonly { n: number; seconds: number }[], n: number): number | undefined {
  if (measured.length === 0) return undefined;
  const sorted = [...measured].sort((a, b) => a.n - b.n);
  const last = sorted[sorted.length - 1]!;
  if (sorted.length < 2) return (last.seconds * n) / last.n;
  const prev = sorted[sorted.length - 2]!;
  // Per subscriber: t/n = a + b·n, a line through the two points.
  const b = (last.seconds / last.n - prev.seconds / prev.n) / (last.n - prev.n);
  if (!(b > 0)) return (last.seconds * n) / last.n;
  const a = Math.max(0, last.seconds / last.n - b * last.n);
  return a * n + b * n * n;
}

/** The commit measured, and whether the code under measurement differs from it. */
function revision(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8", cwd: path.resolve(__dirname, "../../..") }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "sdk", "provider", "examples", "lab"], { encoding: "utf8", cwd: path.resolve(__dirname, "../../..") }).trim();
    return dirty ? `${head} with local changes` : head;
  } catch {
    return "unknown";
  }
}

function pulumiVersion(): string {
  try {
    return execFileSync("pulumi", ["version"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

const fmt = (value: number | undefined, digits = 1): string => (value === undefined || !Number.isFinite(value) ? "-" : value.toFixed(digits));
const bytes = (value: number): string => (value >= 1_048_576 ? `${(value / 1_048_576).toFixed(1)} MiB` : value >= 1024 ? `${(value / 1024).toFixed(1)} KiB` : `${value} B`);

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ")).join("\n");
}

function report(options: Options, results: readonly SizeResult[], skipped: readonly string[], machine: Record<string, string | number>): string {
  const lines: string[] = [];
  const common = `engine --parallel ${options.parallel}` +
    (options.upParallel !== options.parallel ? ` (up: --parallel ${options.upParallel})` : "") +
    (options.skipCheckpoints ? ", up with PULUMI_SKIP_CHECKPOINTS=true" : "");
  const machineLine = `ucflow bench at ${machine.revision}: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memory}, Node ${machine.node}, Pulumi ${machine.pulumi}; `;
  if (options.platform === "cucm") {
    lines.push(
      machineLine +
        `Unified CM: latency ${options.latencyMs} ms on every axl/cupi request, AXL client ${options.axlMaxInFlight ?? DEFAULT_AXL_MAX_IN_FLIGHT} in flight per cluster` +
        `${options.axlMaxInFlight === undefined ? " (its default)" : ""}, AXL throttling ${options.rateLimits ? "on" : "off (counted only)"}, ${common}`,
    );
  } else {
    lines.push(
      machineLine +
        `latency ${options.latencyMs} ms on every graph/teams/entra call, Graph ${options.graphConcurrency} requests at once, ` +
        `rate limits ${options.rateLimits ? "on" : "off (counted only)"}, ${common}`,
    );
  }
  lines.push("");
  const head = ["N", "phase", "wall s", "ms/sub", "calls", "batches", "floor s", "bound by", "wall/floor", "engine CPU s", "lab CPU s", "other CPU s", "peak RSS", "load"];
  const rows: string[][] = [head];
  for (const r of results) {
    for (const name of PHASES) {
      const p: PhaseFigures | undefined = r.phases[name];
      if (!p) continue;
      rows.push([
        String(r.n),
        name === "move" ? `move ${r.moved}` : name,
        fmt(p.seconds),
        fmt(p.msPerSubscriber),
        `${p.calls.total} (${r.services.map((service) => p.calls[service] ?? 0).join("/")})`,
        String(p.batches),
        fmt(p.floor.seconds, 2),
        p.floor.binding === "rate limits" ? `${p.floor.rateLimitBucket}` : p.floor.binding === "concurrency" && p.floor.concurrencyBound ? p.floor.concurrencyBound : p.floor.binding,
        fmt(p.ratio, 1),
        fmt(p.engineCpuSeconds),
        fmt(p.labCpuSeconds),
        fmt(p.otherCpuSeconds),
        bytes(p.peakRssBytes),
        fmt(p.loadAverage, 2),
      ]);
    }
  }
  lines.push(table(rows));
  if (options.platform === "cucm") {
    lines.push("  calls: total (axl/cupi) the lab served, refused ones included; batches: none on Unified CM");
    lines.push(
      "  floor: the largest of the change-notification queue ((notifications charged - threshold) / drain rate), the client's concurrency (each backend's calls x latency / its maxInFlight), and, for up and move, one subscriber's chain of round trips x latency",
    );
  } else {
    lines.push("  calls: total (graph/teams/entra) the lab served, direct and as $batch items; batches: Graph $batch requests among them");
    lines.push("  floor: the largest of the rate-limit wait (per bucket: (charged - bucket size) / refill), full batches at the lab's concurrency (2 x latency each), and one subscriber's chain of round trips");
  }
  lines.push("  CPU: engine = CLI + language host + program + provider process; lab = the bench process; other = everything else on the machine meanwhile; peak RSS = the CLI's processes together");
  lines.push("");
  lines.push("calls by kind, and what the rate limits charged:");
  for (const r of results) {
    for (const name of PHASES) {
      const p = r.phases[name];
      if (!p) continue;
      const kinds = Object.entries(p.callsByKind).sort((a, b) => b[1] - a[1]).map(([kind, count]) => `${count} ${kind}`);
      lines.push(`  N=${r.n} ${name}: ${kinds.join(", ")}`);
      const charged = Object.entries(p.charged).filter(([, units]) => units > 0).map(([bucket, units]) => `${bucket} ${Math.round(units)}${p.throttled[bucket] ? ` (${p.throttled[bucket]} refused)` : ""}`);
      if (r.platform === "cucm") {
        const peak = Object.entries(p.peakInFlight ?? {}).map(([service, most]) => `${service} ${most}`).join(", ");
        lines.push(
          `    charged: ${charged.join(", ") || "nothing"}; floor parts: change notifications ${fmt(p.floor.rateLimitSeconds, 1)} s, ` +
            `concurrency ${fmt(p.floor.concurrencySeconds, 1)} s (${p.floor.concurrencyBound}), chain ${fmt(p.floor.chainSeconds, 2)} s (${p.floor.chainRoundTrips} round trips); most in flight at once: ${peak}`,
        );
      } else {
        lines.push(`    charged: ${charged.join(", ") || "nothing"}; floor parts: rate limits ${fmt(p.floor.rateLimitSeconds, 1)} s, concurrency ${fmt(p.floor.concurrencySeconds, 1)} s, chain ${fmt(p.floor.chainSeconds, 2)} s`);
      }
    }
  }
  lines.push("");
  const stateRows: string[][] = [["N", "resources", "sets", "checkpoint", "checkpoint/sub", "export/sub", "per sub: subscribers in", "out", "given", "__provider", "rest", "__provider text"]];
  for (const r of results) {
    if (!r.state) continue;
    const s = r.state;
    const parts = s.setBytesPerSubscriber;
    stateRows.push([
      String(r.n),
      String(s.resources),
      String(s.sets),
      bytes(s.checkpointBytes),
      `${Math.round(s.checkpointBytesPerSubscriber)} B`,
      `${Math.round(s.exportBytesPerSubscriber)} B`,
      `${parts.subscribersIn} B`,
      `${parts.subscribersOut} B`,
      `${parts.given} B`,
      `${parts.providerText} B`,
      `${parts.rest} B`,
      bytes(s.providerTextBytes),
    ]);
  }
  if (stateRows.length > 1) lines.push(table(stateRows));
  const notes = [...skipped, ...results.flatMap((r) => r.skipped.map((s) => `N=${r.n}: ${s}`))];
  if (notes.length > 0) {
    lines.push("");
    lines.push("not measured / problems:");
    for (const note of notes) lines.push(`  - ${note.split("\n")[0]}`);
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const tlsDir = process.env.UCFLOW_BENCH_TLS_DIR;
  if (!tlsDir || !process.env.NODE_EXTRA_CA_CERTS) {
    throw new Error("run the bench through `npm run bench` (scripts/bench.sh sets UCFLOW_BENCH_TLS_DIR and NODE_EXTRA_CA_CERTS to one lab CA)");
  }
  const machine = {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    pulumi: pulumiVersion(),
    revision: revision(),
  };
  const log = (line: string): void => {
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  };
  const started = Date.now();
  const remainingMs = (): number => options.totalBudgetMinutes * 60_000 - (Date.now() - started);
  const results: SizeResult[] = [];
  const skipped: string[] = [];

  let interrupted = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (interrupted) process.exit(130);
      interrupted = true;
      log(`${signal}: stopping the running CLI; the lab and temporary directories are removed next`);
      void stopAllRuns();
    });
  }

  for (const n of options.sizes) {
    if (interrupted) {
      skipped.push(`N=${n}: interrupted`);
      continue;
    }
    const measured = results.flatMap((r) => (r.phases.up ? [{ n: r.n, seconds: r.phases.up.seconds }] : []));
    const predicted = predictUpSeconds(measured, n);
    const upLimitMs = Math.min(options.upTimeoutMinutes * 60_000, remainingMs());
    if (predicted !== undefined && predicted * 1000 > upLimitMs) {
      skipped.push(
        `N=${n}: skipped; up is predicted to take ${(predicted / 60).toFixed(1)} min (from the smaller sizes), ` +
          `more than the ${(upLimitMs / 60_000).toFixed(1)} min it may take (--up-timeout-min, --total-budget-min); without an up there is nothing to preview against`,
      );
      log(skipped[skipped.length - 1]!);
      continue;
    }
    if (upLimitMs <= 0) {
      skipped.push(`N=${n}: skipped; the total budget (--total-budget-min ${options.totalBudgetMinutes}) is used up`);
      continue;
    }
    try {
      const common = {
        n,
        latencyMs: options.latencyMs,
        parallel: options.parallel,
        upParallel: options.upParallel,
        tlsDir,
        upTimeoutMs: upLimitMs,
        rateLimits: options.rateLimits,
        // Taken when each phase starts: what is left of the total budget then.
        phaseTimeoutMs: () => Math.max(1_000, Math.min(options.phaseTimeoutMinutes * 60_000, remainingMs())),
        skipCheckpoints: options.skipCheckpoints,
        log,
      };
      const result =
        options.platform === "cucm" ? await benchCucmSize({ ...common, axlMaxInFlight: options.axlMaxInFlight }) : await benchSize({ ...common, graphConcurrency: options.graphConcurrency });
      results.push(result);
    } catch (error) {
      skipped.push(`N=${n}: failed: ${(error as Error).message}`);
      log(skipped[skipped.length - 1]!);
    }
  }

  const text = report(options, results, skipped, machine);
  console.log(text);
  if (options.json) {
    const document = { date: new Date().toISOString(), machine, options, results, skipped, totalSeconds: (Date.now() - started) / 1000 };
    fs.mkdirSync(path.dirname(path.resolve(options.json)), { recursive: true });
    fs.writeFileSync(options.json, `${JSON.stringify(document, null, 2)}\n`);
    log(`figures written to ${options.json}`);
  }
  if (interrupted) process.exitCode = 130;
}

/** scripts/bench.sh made a temporary CA directory for this run and execs the bench: remove it. */
function removeTemporaryCa(): void {
  const dir = process.env.UCFLOW_BENCH_TLS_DIR;
  if (dir && /^ucflow-bench-tls\.[A-Za-z0-9]+$/.test(path.basename(dir))) fs.rmSync(dir, { recursive: true, force: true });
}

main()
  .catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  })
  .finally(removeTemporaryCa);
