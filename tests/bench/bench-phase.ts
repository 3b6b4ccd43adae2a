// What every platform's bench size shares: a stack of the root program on the file backend in
// the size's work directory, calls counted by the lab's fault rules, and one phase (a CLI run)
// measured: wall and CPU time, memory, what the lab served and charged meanwhile.
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { LabControlClient, LabThrottlingReport } from "../../lab/control/control-client";
import type { FaultRuleInput } from "../../lab/faults/fault-rules";
import { EngineProject } from "../engine/harness";
import { cpuTimes, machineBusySeconds, resourceSummary, runPulumi, type TimedRun } from "./timed-cli";

/** The compiled root program (dist/examples/customer/index.js). */
export const EXAMPLE_PROGRAM = path.resolve(__dirname, "../../examples/customer/index.js");

export interface BenchStack {
  readonly project: EngineProject;
  /** The environment of every CLI run: the stack's backend, home and passphrase, the lab CA. */
  readonly env: Record<string, string>;
  /** Where each phase's whole output goes (`<phase>.log`). */
  readonly logs: string;
}

/** A stack `bench` of the root program, its backend and Pulumi home under `work`. */
export async function createBenchStack(work: string, caCertPath: string): Promise<BenchStack> {
  const backend = path.join(work, "backend");
  const home = path.join(work, "pulumi-home");
  fs.mkdirSync(backend);
  fs.mkdirSync(home);
  const env: Record<string, string> = {
    PULUMI_BACKEND_URL: `file://${backend}`,
    PULUMI_HOME: home,
    PULUMI_CONFIG_PASSPHRASE: randomBytes(18).toString("base64url"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    NODE_EXTRA_CA_CERTS: caCertPath,
  };
  const project = await EngineProject.create({ name: "ucflow-bench", stack: "bench", main: EXAMPLE_PROGRAM, env, echo: false });
  const logs = path.join(work, "logs");
  fs.mkdirSync(logs);
  return { project, env, logs };
}

/**
 * Adds the rules and returns a reader of how often each fired, summed by the name given with
 * it: a latency rule fires on every match, so a 0 ms one only counts.
 */
export async function countingRules(control: LabControlClient, rules: readonly { readonly name: string; readonly rule: FaultRuleInput }[]): Promise<() => Promise<Record<string, number>>> {
  const added = await control.addFaults(rules.map((r) => r.rule));
  const nameOf = new Map(added.map((r, i): [string, string] => [r.id, rules[i]!.name]));
  return async () => {
    const counts: Record<string, number> = {};
    for (const rule of (await control.faults()).rules) {
      const name = nameOf.get(rule.id);
      if (name) counts[name] = (counts[name] ?? 0) + rule.fired;
    }
    return counts;
  };
}

export interface MeasuredPhase {
  readonly run: TimedRun;
  /** How often the counter of that name fired during the phase. */
  delta(name: string): number;
  /** GET /throttling at the end: what the phase was charged (buckets were full at its start). */
  readonly throttling: LabThrottlingReport;
  readonly labCpuSeconds: number;
  readonly otherCpuSeconds: number;
  readonly loadAverage: number;
}

/** Runs one phase with the lab's buckets full at its start, and measures it. */
export async function measurePhase(
  control: LabControlClient,
  counts: () => Promise<Record<string, number>>,
  stack: BenchStack,
  name: string,
  args: readonly string[],
  timeoutMs: number,
  extraEnv: Record<string, string> = {},
): Promise<MeasuredPhase> {
  // Each phase starts with full buckets, as after a pause between runs; its charges are its own.
  await control.resetThrottling();
  const before = await counts();
  const labCpuBefore = cpuTimes().self;
  const busyBefore = machineBusySeconds();
  const run = await runPulumi(stack.project.dir, { ...stack.env, ...extraEnv }, args, timeoutMs, path.join(stack.logs, `${name}.log`));
  const labCpuSeconds = cpuTimes().self - labCpuBefore;
  const busy = machineBusySeconds() - busyBefore;
  const after = await counts();
  const throttling = await control.throttling();
  return {
    run,
    delta: (kind) => (after[kind] ?? 0) - (before[kind] ?? 0),
    throttling,
    labCpuSeconds,
    otherCpuSeconds: Math.max(0, busy - run.childCpuSeconds - labCpuSeconds),
    loadAverage: os.loadavg()[0] ?? Number.NaN,
  };
}

/** The figures of a measured run every platform reports the same way. */
export function runFigures(measured: MeasuredPhase, n: number, parallel: number) {
  const { run } = measured;
  return {
    seconds: run.seconds,
    exitCode: run.exitCode,
    changes: resourceSummary(run.stdoutTail),
    msPerSubscriber: (run.seconds * 1000) / n,
    engineCpuSeconds: run.childCpuSeconds,
    labCpuSeconds: measured.labCpuSeconds,
    otherCpuSeconds: measured.otherCpuSeconds,
    peakRssBytes: run.peakRssBytes,
    peakProcessRssBytes: run.peakProcessRssBytes,
    loadAverage: measured.loadAverage,
    parallel,
  };
}

/** Calls by kind: each counted kind with a count, and per service what none of them matched ("<service> other"). */
export function callsByKind(delta: (name: string) => number, kinds: readonly { readonly name: string; readonly service: string }[], calls: Readonly<Record<string, number>>): Record<string, number> {
  const byKind: Record<string, number> = {};
  for (const [service, total] of Object.entries(calls)) {
    let counted = 0;
    for (const kind of kinds.filter((k) => k.service === service)) {
      const count = delta(kind.name);
      counted += count;
      if (count > 0) byKind[kind.name] = count;
    }
    if (total > counted) byKind[`${service} other`] = total - counted;
  }
  return byKind;
}
