// One size of the bench: a fresh lab seeded with N generated subscribers, with latency on every
// backend call and the platforms' rate limits on, the example program on the real CLI (`up` from
// empty, a no-change `preview`, `refresh`, then a move of 10 % of the users to another site),
// and the state it leaves. Each phase's floor comes from what the lab charged it (docs/
// benchmarks.md). Everything started here is stopped and removed before it returns.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startLab, type LabHandle } from "../../lab";
import { LabControlClient, type LabThrottlingReport } from "../../lab/control/control-client";
import { createMicrosoftServices, type GraphState } from "../../lab/microsoft";
import { EngineProject } from "../engine/harness";
import { setMicrosoftLabConfig } from "../engine/microsoft-lab-config";
import { callsByKind, countingRules, createBenchStack, measurePhase, runFigures } from "./bench-phase";
import { runPulumi, type TimedRun } from "./timed-cli";
import { bindingOf, type Floor, rateLimitWait } from "./floor";
import { chunks, generateTenant } from "./tenant";

const SERVICES = ["graph", "teams", "entra"] as const;
type Service = (typeof SERVICES)[number];

/** Graph `$batch` holds at most this many calls. */
const BATCH_SIZE = 20;
/**
 * The round trips one voice subscriber needs one after the other, however many run at once:
 * read (user and Teams configuration), record intent, usage location, license, number, its
 * operation's poll, policies. Each is a `$batch`, which costs the latency twice in the lab (the
 * request, and its items, which run concurrently).
 */
const CHAIN_ROUND_TRIPS = 7;

/**
 * Calls counted by kind: a latency rule of 0 ms fires on every match without changing it, and
 * its `fired` is the count, for direct calls and `$batch` items alike. Patterns are disjoint;
 * what none matches is "other".
 */
const G = "^/(v1\\.0|beta)";
const TNM = `${G}/admin/teams/telephoneNumberManagement`;
const BATCH_PATH = `${G}/\\$batch$`;
const REQUEST_KINDS: readonly { readonly name: string; readonly service: Service; readonly method?: string; readonly path?: string }[] = [
  { name: "graph GET /users (list)", service: "graph", method: "GET", path: `${G}/users$` },
  { name: "graph GET /users/{id}", service: "graph", method: "GET", path: `${G}/users/[^/]+$` },
  { name: "graph PATCH /users/{id}", service: "graph", method: "PATCH", path: `${G}/users/[^/]+$` },
  { name: "graph POST assignLicense", service: "graph", method: "POST", path: `${G}/users/[^/]+/assignLicense$` },
  { name: "graph POST|PATCH|DELETE extension", service: "graph", path: `${G}/users/[^/]+/extensions(/[^/]+)?$` },
  { name: "graph GET subscribedSkus", service: "graph", method: "GET", path: `${G}/subscribedSkus` },
  { name: "graph GET userConfigurations/{id}", service: "graph", method: "GET", path: `${G}/admin/teams/userConfigurations/` },
  { name: "graph GET numberAssignments (list)", service: "graph", method: "GET", path: `${TNM}/numberAssignments$` },
  { name: "graph POST assignNumber", service: "graph", method: "POST", path: `${TNM}/numberAssignments/assignNumber$` },
  { name: "graph POST unassignNumber", service: "graph", method: "POST", path: `${TNM}/numberAssignments/unassignNumber$` },
  { name: "graph POST updateNumber", service: "graph", method: "POST", path: `${TNM}/numberAssignments/updateNumber$` },
  { name: "graph GET number operation", service: "graph", method: "GET", path: `${TNM}/operations` },
  { name: "graph GET getPolicyId", service: "graph", method: "GET", path: `${G}/admin/teams/policy/getPolicyId` },
  { name: "graph POST policy assign", service: "graph", method: "POST", path: `${G}/admin/teams/policy/userAssignments/assign$` },
  { name: "graph POST policy unassign", service: "graph", method: "POST", path: `${G}/admin/teams/policy/userAssignments/unassign$` },
  { name: "graph POST $batch", service: "graph", method: "POST", path: BATCH_PATH },
  { name: "teams (any)", service: "teams" },
  { name: "entra POST token", service: "entra", method: "POST", path: "/oauth2/(v2\\.0/)?token$" },
];

/** What a size of any platform's bench is run with. */
export interface CommonSizeOptions {
  readonly n: number;
  /** Added to every backend request. */
  readonly latencyMs: number;
  /** Engine parallelism passed as `--parallel` to every phase. */
  readonly parallel: number;
  /** Engine parallelism of `up` phases (up, move). */
  readonly upParallel: number;
  /** The platform's rate limits on (false: the lab only counts what they would charge). */
  readonly rateLimits: boolean;
  readonly tlsDir: string;
  readonly upTimeoutMs: number;
  /** Asked when each non-`up` phase starts. */
  readonly phaseTimeoutMs: () => number;
  /** PULUMI_SKIP_CHECKPOINTS=true for `up`. */
  readonly skipCheckpoints: boolean;
  readonly log: (line: string) => void;
}

export interface SizeOptions extends CommonSizeOptions {
  /** Graph requests the lab serves at once (its `maxConcurrentRequests`), and ucflow's graphMaxInFlight. */
  readonly graphConcurrency: number;
}

export type { Floor } from "./floor";

export interface PhaseFigures {
  readonly seconds: number;
  readonly exitCode: number | null;
  readonly changes: Record<string, number> | undefined;
  /** Calls the lab served (direct and `$batch` items), per service (SizeResult.services). */
  readonly calls: Readonly<Record<string, number>> & { readonly total: number };
  /** `$batch` requests among the Graph requests. */
  readonly batches: number;
  /** The same calls by kind (REQUEST_KINDS), plus "<service> other". Zero counts left out. */
  readonly callsByKind: Readonly<Record<string, number>>;
  /** Units charged per rate-limit bucket ("graph identity.applicationWrites"), and 429s by bucket. */
  readonly charged: Readonly<Record<string, number>>;
  readonly throttled: Readonly<Record<string, number>>;
  readonly floor: Floor;
  /** seconds / floor.seconds. */
  readonly ratio: number;
  readonly msPerSubscriber: number;
  readonly callsPerSubscriber: number;
  /** Unified CM: the most requests each service had in flight at once (the lab counts them). */
  readonly peakInFlight?: Readonly<Record<string, number>>;
  /** CPU of the CLI, language host, program and provider process. */
  readonly engineCpuSeconds: number;
  /** CPU of this process: the lab (and the bench's own waiting). */
  readonly labCpuSeconds: number;
  /** CPU the rest of the machine used meanwhile (other processes): high values mean the figures are inflated. */
  readonly otherCpuSeconds: number;
  /** Largest resident memory of all the processes the CLI run was made of at once, and of the largest one. */
  readonly peakRssBytes: number;
  readonly peakProcessRssBytes: number;
  /** 1-minute load average when the phase ended. */
  readonly loadAverage: number;
  readonly parallel: number;
}

export interface StateFigures {
  /** `pulumi stack export` output, bytes. */
  readonly exportBytes: number;
  readonly exportBytesPerSubscriber: number;
  /** The stack's checkpoint file in the file:// backend (compact JSON), rewritten as the engine saves state. */
  readonly checkpointBytes: number;
  readonly checkpointBytesPerSubscriber: number;
  /** Subscriber sets in compact JSON, per subscriber, by part (the rest: urn, parent, dependencies, ...). */
  readonly setBytesPerSubscriber: { readonly subscribersIn: number; readonly subscribersOut: number; readonly given: number; readonly providerText: number; readonly rest: number };
  /** Share of the export taken by `__provider` values (inputs and outputs). */
  readonly providerShare: number;
  /** Length of one `__provider` value (each resource has it twice). */
  readonly providerTextBytes: number;
  readonly resources: number;
  readonly sets: number;
  readonly subscribers: number;
  readonly exportSeconds: number;
}

export type PhaseName = "up" | "preview" | "refresh" | "move";
export const PHASES: readonly PhaseName[] = ["up", "preview", "refresh", "move"];

export interface SizeResult {
  readonly platform: "teams" | "cucm";
  /** The services whose calls are counted, in the order the report prints them. */
  readonly services: readonly string[];
  readonly n: number;
  readonly setupSeconds: number;
  readonly phases: Partial<Record<PhaseName, PhaseFigures>>;
  /** Users the move phase moved. */
  readonly moved: number;
  readonly state?: StateFigures;
  /** Why a phase was not measured, in a sentence. */
  readonly skipped: string[];
}

export async function benchSize(options: SizeOptions): Promise<SizeResult> {
  const { n, log } = options;
  const skipped: string[] = [];
  const phases: SizeResult["phases"] = {};
  const setupStarted = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `ucflow-bench-${n}-`));
  let lab: LabHandle | undefined;
  let project: EngineProject | undefined;
  let moved = 0;
  try {
    // --- lab and tenant -------------------------------------------------------------------
    lab = await startLab({ stateDir: path.join(work, "lab"), tlsDir: options.tlsDir, services: createMicrosoftServices().all, ldap: false, log: () => undefined });
    const control = new LabControlClient(lab.endpoints.control, lab.caCertPem);
    const tenant = generateTenant(n);
    // Number operations settle at their first poll, as in the engine test.
    await control.seed("graph", {
      lro: { notStartedPolls: 0, runningPolls: 0, settleAfterSeconds: 0 },
      throttling: { enabled: options.rateLimits, maxConcurrentRequests: options.graphConcurrency },
    });
    const seeded = (await control.state("graph")) as GraphState;
    await control.seed("graph", {
      subscribedSkus: Object.entries(tenant.skuUnits).map(([sku, units]) => {
        const current = seeded.subscribedSkus.find((s) => s.skuPartNumber === sku);
        if (!current) throw new Error(`the lab has no SKU ${sku}`);
        return { sku, enabled: current.prepaidUnits.enabled + units + 10 };
      }),
    });
    for (const part of chunks(tenant.numbers, 2_000)) await control.seed("graph", { numbers: part });
    for (const part of chunks(tenant.users, 1_000)) await control.seed("graph", { users: part });
    // Latency on every call to the three services; each rule's `fired` counts its calls.
    const counts = await countingRules(control, [
      ...SERVICES.map((service) => ({ name: service, rule: { service, action: "latency" as const, ms: options.latencyMs, rate: 1 } })),
      ...REQUEST_KINDS.map((kind) => ({
        name: kind.name,
        rule: { service: kind.service, ...(kind.method ? { method: kind.method } : {}), ...(kind.path ? { path: kind.path } : {}), action: "latency" as const, ms: 0, rate: 1 },
      })),
    ]);

    // --- project --------------------------------------------------------------------------
    const stack = await createBenchStack(work, lab.caCertPath);
    project = stack.project;
    const { env, logs } = stack;
    await setMicrosoftLabConfig(project, lab);
    await project.setConfig("ucflow:graphMaxInFlight", String(options.graphConcurrency));
    await project.setConfig("customer", tenant.definition);
    const setupSeconds = (Date.now() - setupStarted) / 1000;
    log(`N=${n}: lab seeded with ${n} users and ${tenant.numbers.length} numbers, project ready (${setupSeconds.toFixed(1)} s)`);

    const phase = async (name: PhaseName, args: readonly string[], parallel: number, timeoutMs: number, provisions: boolean, extraEnv: Record<string, string> = {}): Promise<TimedRun> => {
      const fullArgs = [...args, "--parallel", String(parallel)];
      log(`N=${n}: ${name}: pulumi ${fullArgs.join(" ")}${Object.keys(extraEnv).length ? ` with ${Object.entries(extraEnv).map(([k, v]) => `${k}=${v}`).join(" ")}` : ""} (limit ${(timeoutMs / 60_000).toFixed(1)} min) ...`);
      const measured = await measurePhase(control, counts, stack, name, fullArgs, timeoutMs, extraEnv);
      const { run, delta, throttling } = measured;
      const batches = delta("graph POST $batch");
      // A rule without a path fires for each `$batch` request and for each of its items.
      const calls = { graph: delta("graph") - batches, teams: delta("teams"), entra: delta("entra") };
      const total = calls.graph + calls.teams + calls.entra;
      const { charged, throttled } = bucketFigures(throttling);
      const floor = floorOf(throttling, total, options, provisions);
      const figures: PhaseFigures = {
        ...runFigures(measured, n, parallel),
        calls: { ...calls, total },
        batches,
        callsByKind: callsByKind(delta, REQUEST_KINDS.filter((k) => k.path !== BATCH_PATH), calls),
        charged,
        throttled,
        floor,
        ratio: floor.seconds > 0 ? run.seconds / floor.seconds : Number.NaN,
        callsPerSubscriber: total / n,
      };
      log(
        `N=${n}: ${name} ${run.timedOut ? "stopped at its limit" : `exit ${run.exitCode}`} after ${run.seconds.toFixed(1)} s, ` +
          `${total} calls in ${batches} batches, floor ${floor.seconds.toFixed(1)} s (${floor.binding}), changes ${JSON.stringify(figures.changes ?? {})}`,
      );
      if (run.exitCode === 0) phases[name] = figures;
      else skipped.push(failure(name, run, timeoutMs, logs, n));
      return run;
    };

    // --- up from empty --------------------------------------------------------------------
    const up = await phase("up", ["up", "--yes", "--skip-preview"], options.upParallel, options.upTimeoutMs, true, options.skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {});
    if (up.exitCode !== 0) {
      skipped.push("preview, refresh, move and state: they need a completed up");
      return { platform: "teams", services: SERVICES, n, setupSeconds, phases, moved, skipped };
    }

    // --- no-change preview, refresh -----------------------------------------------------------
    await phase("preview", ["preview", "--expect-no-changes"], options.parallel, options.phaseTimeoutMs(), false);
    await phase("refresh", ["refresh", "--yes", "--skip-preview", "--expect-no-changes"], options.parallel, options.phaseTimeoutMs(), false);

    // --- state (before the move changes it) ------------------------------------------------------
    const state = await stateFigures(project, env, work, n);
    if (state.subscribers !== tenant.expectedSubscribers) skipped.push(`check: the state holds ${state.subscribers} subscribers, expected ${tenant.expectedSubscribers}`);

    // --- a move of 10 % of the users to the next site ------------------------------------------
    const graph = (await control.state("graph")) as GraphState;
    const movers = tenant.moves(graph.users.map((u) => u.properties));
    moved = movers.length;
    for (const part of chunks(movers, 1_000)) await control.seed("graph", { users: part });
    await phase("move", ["up", "--yes", "--skip-preview"], options.upParallel, Math.min(options.upTimeoutMs, options.phaseTimeoutMs()), true);

    return { platform: "teams", services: SERVICES, n, setupSeconds, phases, moved, state, skipped };
  } finally {
    await project?.dispose().catch((error: Error) => log(`N=${n}: removing the stack failed: ${error.message}`));
    await lab?.stop().catch((error: Error) => log(`N=${n}: stopping the lab failed: ${error.message}`));
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export function failure(name: string, run: TimedRun, limitMs: number, logs: string, n: number): string {
  if (run.timedOut) return `${name} did not finish within its limit of ${(limitMs / 60_000).toFixed(1)} min and was stopped`;
  // Keep the whole output: the cause (an error, a signal) may be far from the end.
  const kept = fs.mkdtempSync(path.join(os.tmpdir(), `ucflow-bench-${n}-${name}-failed-`));
  fs.copyFileSync(path.join(logs, `${name}.log`), path.join(kept, `${name}.log`));
  const telling = `${run.stdoutTail}\n${run.stderrTail}`
    .split("\n")
    .filter((line) => /received; cancelling|^\s*error:|failed/i.test(line))
    .slice(-8);
  return `${name} exited ${run.exitCode} (whole output in ${path.join(kept, `${name}.log`)}): ${telling.map((l) => l.trim()).join(" | ")}`;
}

export function bucketFigures(report: LabThrottlingReport): { charged: Record<string, number>; throttled: Record<string, number> } {
  const charged: Record<string, number> = {};
  const throttled: Record<string, number> = {};
  for (const [service, figures] of Object.entries(report.services)) {
    for (const bucket of figures.buckets) {
      const name = `${service} ${bucket.name}`;
      charged[name] = (charged[name] ?? 0) + bucket.consumed;
      if (bucket.throttled > 0) throttled[name] = (throttled[name] ?? 0) + bucket.throttled;
    }
    if (figures.refusedForConcurrency > 0) throttled[`${service} concurrency`] = figures.refusedForConcurrency;
  }
  return { charged, throttled };
}

/**
 * The least time the phase could take on this platform: the rate limits (a bucket lets its size
 * through at once, the rest at its refill rate), the concurrency the lab allows with every call
 * in a full `$batch`, and, for phases that provision, one subscriber's chain of round trips.
 */
export function floorOf(report: LabThrottlingReport, calls: number, options: Pick<SizeOptions, "latencyMs" | "graphConcurrency">, provisions: boolean): Floor {
  const wait = rateLimitWait(report);
  const latency = options.latencyMs / 1000;
  const concurrencySeconds = (Math.ceil(calls / BATCH_SIZE) / options.graphConcurrency) * 2 * latency;
  const chainSeconds = provisions ? CHAIN_ROUND_TRIPS * 2 * latency : 0;
  return { ...bindingOf(wait.seconds, concurrencySeconds, chainSeconds), rateLimitSeconds: wait.seconds, rateLimitBucket: wait.bucket, concurrencySeconds, chainSeconds };
}

export async function stateFigures(project: EngineProject, env: Record<string, string>, work: string, n: number): Promise<StateFigures> {
  const file = path.join(work, "export.json");
  const run = await runPulumi(project.dir, env, ["stack", "export", "--file", file], 15 * 60_000);
  if (run.exitCode !== 0) throw new Error(`pulumi stack export exited ${run.exitCode}: ${run.stderrTail}`);
  const text = fs.readFileSync(file, "utf8");
  const exportBytes = Buffer.byteLength(text);
  const resources = (JSON.parse(text).deployment?.resources ?? []) as { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[];
  const { providerBytes, providerTextBytes } = providerValueBytes(text);
  let subscribers = 0;
  let sets = 0;
  const parts = { subscribersIn: 0, subscribersOut: 0, given: 0, providerText: 0, rest: 0 };
  const size = (value: unknown): number => Buffer.byteLength(JSON.stringify(value ?? null));
  for (const resource of resources) {
    if (!resource.type.endsWith(":SubscriberSet")) continue;
    sets += 1;
    subscribers += Object.keys((resource.outputs?.subscribers ?? {}) as object).length;
    const { __provider: inProvider, subscribers: inSubscribers, ...inputs } = resource.inputs ?? {};
    const { __provider: outProvider, subscribers: outSubscribers, given, ...outputs } = resource.outputs ?? {};
    const { inputs: _i, outputs: _o, ...rest } = resource;
    parts.subscribersIn += size(inSubscribers);
    parts.subscribersOut += size(outSubscribers);
    parts.given += size(given);
    parts.providerText += size(inProvider) + size(outProvider);
    parts.rest += size(rest) + size(inputs) + size(outputs);
  }
  const per = (value: number): number => (subscribers > 0 ? Math.round(value / subscribers) : 0);
  const checkpointBytes = checkpointSize(path.join(work, "backend"));
  return {
    exportBytes,
    exportBytesPerSubscriber: exportBytes / n,
    checkpointBytes,
    checkpointBytesPerSubscriber: checkpointBytes / n,
    setBytesPerSubscriber: { subscribersIn: per(parts.subscribersIn), subscribersOut: per(parts.subscribersOut), given: per(parts.given), providerText: per(parts.providerText), rest: per(parts.rest) },
    providerShare: providerBytes / exportBytes,
    providerTextBytes,
    resources: resources.length,
    sets,
    subscribers,
    exportSeconds: run.seconds,
  };
}

/**
 * Bytes of `"__provider": "..."` members as the export spells them (the CLI escapes differently
 * from JSON.stringify, so the text is scanned), and the longest value.
 */
function providerValueBytes(text: string): { providerBytes: number; providerTextBytes: number } {
  const key = '"__provider": "';
  let providerBytes = 0;
  let providerTextBytes = 0;
  for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
    let end = at + key.length;
    while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
    const member = text.slice(at, end + 1);
    providerBytes += Buffer.byteLength(member);
    providerTextBytes = Math.max(providerTextBytes, Buffer.byteLength(JSON.parse(member.slice(key.length - 1)) as string));
  }
  return { providerBytes, providerTextBytes };
}

/** Size of the stack's checkpoint (`.pulumi/stacks/<project>/<stack>.json`, possibly gzipped). */
function checkpointSize(backend: string): number {
  const stacks = path.join(backend, ".pulumi", "stacks");
  let bytes = 0;
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.json(\.gz)?$/.test(entry.name)) bytes = Math.max(bytes, fs.statSync(full).size);
    }
  };
  if (fs.existsSync(stacks)) walk(stacks);
  return bytes;
}
