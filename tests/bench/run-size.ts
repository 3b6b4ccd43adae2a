// One size of the bench: a fresh lab seeded with N generated subscribers and latency on every
// backend request, the example program on the real CLI (`up`, then a no-change `preview`), and
// the state it leaves. Everything started here is stopped and removed before it returns.
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startLab, type LabHandle } from "../../lab";
import { LabControlClient } from "../../lab/control/control-client";
import { createMicrosoftServices, type GraphState } from "../../lab/microsoft";
import { EngineProject } from "../engine/harness";
import { setMicrosoftLabConfig } from "../engine/microsoft-lab-config";
import { cpuTimes, machineBusySeconds, resourceSummary, runPulumi, type TimedRun } from "./timed-cli";
import { chunks, generateTenant } from "./tenant";

/** The compiled example program (dist/examples/teams-customer/index.js). */
const EXAMPLE_PROGRAM = path.resolve(__dirname, "../../examples/teams-customer/index.js");
const SERVICES = ["graph", "teams", "entra"] as const;
type Service = (typeof SERVICES)[number];

/**
 * Requests counted by kind: a latency rule of 0 ms fires on every match without changing it,
 * and its `fired` is the count. Patterns are disjoint; what none matches is "other".
 */
const G = "^/(v1\\.0|beta)";
const TNM = `${G}/admin/teams/telephoneNumberManagement`;
const REQUEST_KINDS: readonly { readonly name: string; readonly service: Service; readonly method?: string; readonly path?: string }[] = [
  { name: "graph GET /users (list)", service: "graph", method: "GET", path: `${G}/users$` },
  { name: "graph GET /users/{id}", service: "graph", method: "GET", path: `${G}/users/[^/]+$` },
  { name: "graph PATCH /users/{id}", service: "graph", method: "PATCH", path: `${G}/users/[^/]+$` },
  { name: "graph POST assignLicense", service: "graph", method: "POST", path: `${G}/users/[^/]+/assignLicense$` },
  { name: "graph GET subscribedSkus", service: "graph", method: "GET", path: `${G}/subscribedSkus` },
  { name: "graph GET userConfigurations/{id}", service: "graph", method: "GET", path: `${G}/admin/teams/userConfigurations/` },
  { name: "graph GET numberAssignments (list)", service: "graph", method: "GET", path: `${TNM}/numberAssignments$` },
  { name: "graph POST assignNumber", service: "graph", method: "POST", path: `${TNM}/numberAssignments/assignNumber$` },
  { name: "graph POST unassignNumber", service: "graph", method: "POST", path: `${TNM}/numberAssignments/unassignNumber$` },
  { name: "graph GET number operation", service: "graph", method: "GET", path: `${TNM}/operations` },
  { name: "graph GET getPolicyId", service: "graph", method: "GET", path: `${G}/admin/teams/policy/getPolicyId` },
  { name: "graph POST policy assign", service: "graph", method: "POST", path: `${G}/admin/teams/policy/userAssignments/assign$` },
  { name: "graph POST policy unassign", service: "graph", method: "POST", path: `${G}/admin/teams/policy/userAssignments/unassign$` },
  { name: "graph POST $batch", service: "graph", method: "POST", path: `${G}/\\$batch$` },
  { name: "teams (any)", service: "teams" },
  { name: "entra POST token", service: "entra", method: "POST", path: "/oauth2/(v2\\.0/)?token$" },
];

export interface SizeOptions {
  readonly n: number;
  readonly latencyMs: number;
  /** Engine parallelism passed as `--parallel` to preview. */
  readonly parallel: number;
  /** Engine parallelism passed as `--parallel` to up. */
  readonly upParallel: number;
  readonly tlsDir: string;
  readonly upTimeoutMs: number;
  /** Asked when the preview starts. */
  readonly previewTimeoutMs: () => number;
  /** PULUMI_SKIP_CHECKPOINTS=true for `up`. */
  readonly skipCheckpoints: boolean;
  readonly log: (line: string) => void;
}

export interface PhaseFigures {
  readonly seconds: number;
  readonly exitCode: number | null;
  readonly changes: Record<string, number> | undefined;
  /** Requests the lab served during the phase, per service, counted by the latency rules. */
  readonly requests: Readonly<Record<Service, number>> & { readonly total: number };
  /** The same by kind of request (REQUEST_KINDS), plus "<service> other". Zero counts left out. */
  readonly requestsByKind: Readonly<Record<string, number>>;
  /** total requests / parallel x latency. */
  readonly floorSeconds: number;
  /** seconds / floorSeconds. */
  readonly ratio: number;
  readonly msPerSubscriber: number;
  readonly requestsPerSubscriber: number;
  /** requests x latency / seconds: how many requests were waiting on latency at once, on average. */
  readonly averageInFlight: number;
  /** CPU of the CLI, language host, program and provider process. */
  readonly engineCpuSeconds: number;
  /** CPU of this process: the lab (and the bench's own waiting). */
  readonly labCpuSeconds: number;
  /** CPU the rest of the machine used meanwhile (other processes): high values mean the figures are inflated. */
  readonly otherCpuSeconds: number;
  /** 1-minute load average when the phase ended. */
  readonly loadAverage: number;
  /** `--parallel` of this phase. */
  readonly parallel: number;
}

export interface StateFigures {
  /** `pulumi stack export` output, bytes. */
  readonly exportBytes: number;
  readonly exportBytesPerSubscriber: number;
  /** Bytes of Subscriber resources only (their JSON in the export), per subscriber. */
  readonly subscriberResourceBytes: number;
  /**
   * One Subscriber resource in compact JSON, by part: the two `__provider` values, the other
   * inputs, the other outputs, and the rest (urn, type, parent, dependencies, ...).
   */
  readonly subscriberCompactParts: { readonly providerText: number; readonly inputs: number; readonly outputs: number; readonly urnParentDependencies: number };
  /** Share of the export taken by `__provider` values (inputs and outputs). */
  readonly providerShare: number;
  /** Length of one `__provider` value (each resource has it twice). */
  readonly providerTextBytes: number;
  /** The stack's checkpoint file in the file:// backend, rewritten as the engine saves state. */
  readonly checkpointBytes: number;
  readonly resources: number;
  readonly subscribers: number;
  readonly exportSeconds: number;
}

export interface SizeResult {
  readonly n: number;
  readonly setupSeconds: number;
  readonly up?: PhaseFigures;
  readonly preview?: PhaseFigures;
  readonly state?: StateFigures;
  /** Why a phase was not measured, in a sentence. */
  readonly skipped: string[];
}

export async function benchSize(options: SizeOptions): Promise<SizeResult> {
  const { n, log } = options;
  const skipped: string[] = [];
  const setupStarted = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `ucflow-bench-${n}-`));
  let lab: LabHandle | undefined;
  let project: EngineProject | undefined;
  try {
    // --- lab and tenant -------------------------------------------------------------------
    lab = await startLab({ stateDir: path.join(work, "lab"), tlsDir: options.tlsDir, services: createMicrosoftServices().all, ldap: false, log: () => undefined });
    const control = new LabControlClient(lab.endpoints.control, lab.caCertPem);
    const tenant = generateTenant(n);
    // Number operations settle at their first poll, as in the engine test.
    await control.seed("graph", { lro: { notStartedPolls: 0, runningPolls: 0, settleAfterSeconds: 0 } });
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
    // Latency on every request to the three services; each rule's `fired` counts its requests.
    const rules = await control.addFaults(SERVICES.map((service) => ({ service, action: "latency" as const, ms: options.latencyMs, rate: 1 })));
    const kindRules = await control.addFaults(
      REQUEST_KINDS.map((kind) => ({ service: kind.service, ...(kind.method ? { method: kind.method } : {}), ...(kind.path ? { path: kind.path } : {}), action: "latency" as const, ms: 0, rate: 1 })),
    );
    const counterOf = new Map<string, string>([...rules.map((r): [string, string] => [r.id, r.service!]), ...kindRules.map((r, i): [string, string] => [r.id, REQUEST_KINDS[i]!.name])]);
    const requestCounts = async (): Promise<Record<string, number>> => {
      const counts: Record<string, number> = {};
      for (const rule of (await control.faults()).rules) {
        const name = counterOf.get(rule.id);
        if (name) counts[name] = (counts[name] ?? 0) + rule.fired;
      }
      return counts;
    };

    // --- project --------------------------------------------------------------------------
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
      NODE_EXTRA_CA_CERTS: lab.caCertPath,
    };
    project = await EngineProject.create({ name: "ucflow-bench", stack: "bench", main: EXAMPLE_PROGRAM, env, echo: false });
    await setMicrosoftLabConfig(project, lab);
    await project.setConfig("customer", tenant.definition);
    const logs = path.join(work, "logs");
    fs.mkdirSync(logs);
    const setupSeconds = (Date.now() - setupStarted) / 1000;
    log(`N=${n}: lab seeded with ${n} users and ${tenant.numbers.length} numbers, project ready (${setupSeconds.toFixed(1)} s)`);

    const phase = async (name: string, args: readonly string[], parallel: number, timeoutMs: number, extraEnv: Record<string, string> = {}): Promise<{ run: TimedRun; figures: PhaseFigures }> => {
      const fullArgs = [...args, "--parallel", String(parallel)];
      log(`N=${n}: pulumi ${fullArgs.join(" ")}${Object.keys(extraEnv).length ? ` with ${Object.entries(extraEnv).map(([k, v]) => `${k}=${v}`).join(" ")}` : ""} (limit ${(timeoutMs / 60_000).toFixed(1)} min) ...`);
      const before = await requestCounts();
      const labCpuBefore = cpuTimes().self;
      const busyBefore = machineBusySeconds();
      const run = await runPulumi(project!.dir, { ...env, ...extraEnv }, fullArgs, timeoutMs, path.join(logs, `${name}.log`));
      const labCpu = cpuTimes().self - labCpuBefore;
      const busy = machineBusySeconds() - busyBefore;
      const after = await requestCounts();
      const delta = (name: string): number => (after[name] ?? 0) - (before[name] ?? 0);
      const requests = { graph: delta("graph"), teams: delta("teams"), entra: delta("entra") };
      const total = requests.graph + requests.teams + requests.entra;
      const requestsByKind: Record<string, number> = {};
      for (const service of SERVICES) {
        let counted = 0;
        for (const kind of REQUEST_KINDS.filter((k) => k.service === service)) {
          const count = delta(kind.name);
          counted += count;
          if (count > 0) requestsByKind[kind.name] = count;
        }
        if (requests[service] > counted) requestsByKind[`${service} other`] = requests[service] - counted;
      }
      const floorSeconds = (total / parallel) * (options.latencyMs / 1000);
      const figures: PhaseFigures = {
        seconds: run.seconds,
        exitCode: run.exitCode,
        changes: resourceSummary(run.stdoutTail),
        requests: { ...requests, total },
        requestsByKind,
        floorSeconds,
        ratio: floorSeconds > 0 ? run.seconds / floorSeconds : Number.NaN,
        msPerSubscriber: (run.seconds * 1000) / n,
        requestsPerSubscriber: total / n,
        averageInFlight: (total * options.latencyMs) / 1000 / run.seconds,
        engineCpuSeconds: run.childCpuSeconds,
        labCpuSeconds: labCpu,
        otherCpuSeconds: Math.max(0, busy - run.childCpuSeconds - labCpu),
        loadAverage: os.loadavg()[0] ?? Number.NaN,
        parallel,
      };
      log(
        `N=${n}: ${name} ${run.timedOut ? "stopped at its limit" : `exit ${run.exitCode}`} after ${run.seconds.toFixed(1)} s, ` +
          `${total} requests, changes ${JSON.stringify(figures.changes ?? {})}`,
      );
      return { run, figures };
    };
    const failure = (name: string, run: TimedRun, limitMs: number): string => {
      if (run.timedOut) return `${name} did not finish within its limit of ${(limitMs / 60_000).toFixed(1)} min and was stopped`;
      // Keep the whole output: the cause (an error, a signal) may be far from the end.
      const kept = fs.mkdtempSync(path.join(os.tmpdir(), `ucflow-bench-${n}-${name}-failed-`));
      fs.copyFileSync(path.join(logs, `${name}.log`), path.join(kept, `${name}.log`));
      const telling = `${run.stdoutTail}\n${run.stderrTail}`
        .split("\n")
        .filter((line) => /received; cancelling|^\s*error:|failed/i.test(line))
        .slice(-8);
      return `${name} exited ${run.exitCode} (whole output in ${path.join(kept, `${name}.log`)}): ${telling.map((l) => l.trim()).join(" | ")}`;
    };

    // --- up -------------------------------------------------------------------------------
    const up = await phase("up", ["up", "--yes", "--skip-preview"], options.upParallel, options.upTimeoutMs, options.skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {});
    if (up.run.exitCode !== 0) {
      skipped.push(failure("up", up.run, options.upTimeoutMs), "preview and state: they need a completed up");
      return { n, setupSeconds, ...(up.run.timedOut ? {} : { up: up.figures }), skipped };
    }

    // --- no-change preview -----------------------------------------------------------------
    const previewLimitMs = options.previewTimeoutMs();
    const preview = await phase("preview", ["preview", "--expect-no-changes"], options.parallel, previewLimitMs);
    if (preview.run.exitCode !== 0) skipped.push(failure("preview", preview.run, previewLimitMs));

    // --- state ----------------------------------------------------------------------------
    const state = await stateFigures(project, env, work, n);
    if (state.subscribers !== tenant.expectedSubscribers) {
      skipped.push(`check: the state holds ${state.subscribers} subscribers, expected ${tenant.expectedSubscribers}`);
    }
    return {
      n,
      setupSeconds,
      up: up.figures,
      ...(preview.run.exitCode === 0 ? { preview: preview.figures } : {}),
      state,
      skipped,
    };
  } finally {
    await project?.dispose().catch((error: Error) => log(`N=${n}: removing the stack failed: ${error.message}`));
    await lab?.stop().catch((error: Error) => log(`N=${n}: stopping the lab failed: ${error.message}`));
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function stateFigures(project: EngineProject, env: Record<string, string>, work: string, n: number): Promise<StateFigures> {
  const file = path.join(work, "export.json");
  const run = await runPulumi(project.dir, env, ["stack", "export", "--file", file], 15 * 60_000);
  if (run.exitCode !== 0) throw new Error(`pulumi stack export exited ${run.exitCode}: ${run.stderrTail}`);
  const text = fs.readFileSync(file, "utf8");
  const exportBytes = Buffer.byteLength(text);
  const resources = (JSON.parse(text).deployment?.resources ?? []) as { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[];
  const { providerBytes, providerTextBytes } = providerValueBytes(text);
  let subscriberBytes = 0;
  let subscribers = 0;
  const parts = { providerText: 0, inputs: 0, outputs: 0, rest: 0 };
  const size = (value: unknown): number => Buffer.byteLength(JSON.stringify(value ?? null));
  for (const resource of resources) {
    if (resource.type.endsWith(":Subscriber")) {
      subscribers += 1;
      subscriberBytes += Buffer.byteLength(JSON.stringify(resource, null, 4));
      const { __provider: inProvider, ...inputs } = resource.inputs ?? {};
      const { __provider: outProvider, ...outputs } = resource.outputs ?? {};
      const { inputs: _i, outputs: _o, ...rest } = resource;
      parts.providerText += size(inProvider) + size(outProvider);
      parts.inputs += size(inputs);
      parts.outputs += size(outputs);
      parts.rest += size(rest);
    }
  }
  const per = (value: number): number => (subscribers > 0 ? Math.round(value / subscribers) : 0);
  return {
    exportBytes,
    exportBytesPerSubscriber: exportBytes / n,
    subscriberResourceBytes: subscribers > 0 ? subscriberBytes / subscribers : 0,
    subscriberCompactParts: { providerText: per(parts.providerText), inputs: per(parts.inputs), outputs: per(parts.outputs), urnParentDependencies: per(parts.rest) },
    providerShare: providerBytes / exportBytes,
    providerTextBytes,
    checkpointBytes: checkpointSize(path.join(work, "backend")),
    resources: resources.length,
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
