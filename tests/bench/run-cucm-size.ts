// One size of the Unified CM bench: a fresh lab (the AXL simulator's Cluster1 with its throttling
// on, Unity Connection, the real OpenLDAP) with N generated people in the directory, latency on
// every AXL and Unity Connection call, the root program on the real CLI (`up` from empty, a
// no-change `preview`, `refresh`, then every tenth person moved to the next site), and the
// state it leaves. Each phase's floor comes from what the lab charged it (tests/bench/floor.ts,
// docs/benchmarks.md). Everything started here is stopped and removed before it returns.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_AXL_MAX_IN_FLIGHT } from "../../provider/backends/axl/client";
import { DEFAULT_CUPI_MAX_IN_FLIGHT } from "../../provider/backends/cupi/settings";
import { startLab, type LabHandle } from "../../lab";
import { createCiscoServices, type AxlClusterState } from "../../lab/cisco";
import { LabControlClient } from "../../lab/control/control-client";
import { setClusterLabConfig, setLdapLabConfig, setUnityConnectionLabConfig } from "../engine/cisco-lab-config";
import type { EngineProject } from "../engine/harness";
import { callsByKind, countingRules, createBenchStack, measurePhase, runFigures } from "./bench-phase";
import { BENCH_PEOPLE_OU, generateCucmCustomer } from "./cucm-directory";
import { cucmChainRoundTrips, cucmFloorOf } from "./floor";
import { bucketFigures, type CommonSizeOptions, failure, stateFigures, type PhaseFigures, type PhaseName, type SizeResult } from "./run-size";
import type { TimedRun } from "./timed-cli";

/** The cluster and Unity Connection the bench definition names (tests/bench/bench-cucm-customer.json). */
const CLUSTER = "Cluster1";
const SERVICES = ["axl", "cupi"] as const;

/**
 * AXL calls by operation: the simulator runs the lab's fault rules for each operation as for a
 * request of its own at `/axl/<operation>`, so 0 ms rules on those paths count them. Disjoint;
 * what none matches is "axl other".
 */
const ADDED = ["User", "Line", "Phone", "DeviceProfile", "RemoteDestinationProfile", "RemoteDestination"];
const AXL_KINDS: readonly { readonly name: string; readonly path: string }[] = [
  { name: "axl get*", path: "^/axl/get" },
  { name: "axl list*", path: "^/axl/list" },
  ...ADDED.map((kind) => ({ name: `axl add${kind}`, path: `^/axl/add${kind}$` })),
  { name: "axl add (other)", path: `^/axl/add(?!(${ADDED.join("|")})$)` },
  { name: "axl updateUser", path: "^/axl/updateUser$" },
  { name: "axl updatePhone", path: "^/axl/updatePhone$" },
  { name: "axl updateLine", path: "^/axl/updateLine$" },
  { name: "axl update (other)", path: "^/axl/update(?!(User|Phone|Line)$)" },
  { name: "axl remove*", path: "^/axl/remove" },
  { name: "axl device actions", path: "^/axl/(do|apply|reset|restart|wipe|lock)" },
];
const CUPI_KINDS: readonly { readonly name: string; readonly method: string; readonly path: string }[] = [
  { name: "cupi GET users (search)", method: "GET", path: "^/vmrest/users/?$" },
  { name: "cupi POST users", method: "POST", path: "^/vmrest/users/?$" },
  { name: "cupi GET users/{id}", method: "GET", path: "^/vmrest/users/[^/]+/?$" },
  { name: "cupi PUT users/{id}", method: "PUT", path: "^/vmrest/users/[^/]+/?$" },
  { name: "cupi DELETE users/{id}", method: "DELETE", path: "^/vmrest/users/[^/]+/?$" },
];

export interface CucmSizeOptions extends CommonSizeOptions {
  /** The AXL client's requests in flight per cluster (ucflow:clusters.Cluster1.maxInFlight); undefined: the client's default, not set in config. */
  readonly axlMaxInFlight: number | undefined;
}

export async function benchCucmSize(options: CucmSizeOptions): Promise<SizeResult> {
  const { n, log } = options;
  const skipped: string[] = [];
  const phases: SizeResult["phases"] = {};
  const setupStarted = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `ucflow-bench-cucm-${n}-`));
  let lab: LabHandle | undefined;
  let project: EngineProject | undefined;
  let moved = 0;
  const axlMaxInFlight = options.axlMaxInFlight ?? DEFAULT_AXL_MAX_IN_FLIGHT;
  const floorOptions = { latencyMs: options.latencyMs, axlMaxInFlight, cupiMaxInFlight: DEFAULT_CUPI_MAX_IN_FLIGHT };
  let setupSeconds = 0;
  const result = (state?: SizeResult["state"]): SizeResult => ({ platform: "cucm", services: SERVICES, n, setupSeconds, phases, moved, ...(state ? { state } : {}), skipped });
  try {
    // --- lab and directory ------------------------------------------------------------------
    lab = await startLab({ stateDir: path.join(work, "lab"), tlsDir: options.tlsDir, services: createCiscoServices().all, log: () => undefined });
    const control = new LabControlClient(lab.endpoints.control, lab.caCertPem);
    const ldap = lab.endpoints.ldap;
    if (!ldap) throw new Error("the lab started without its OpenLDAP directory (is slapd installed?)");
    const customer = generateCucmCustomer(n);
    for (const part of customer.ldif(ldap.baseDn)) await control.seed("ldap", part);
    const inDirectory = await benchPeople(control, ldap.baseDn);
    if (inDirectory !== n) throw new Error(`the lab's directory holds ${inDirectory} bench people after seeding, expected ${n}`);
    await control.seed("axl", { settings: { throttling: { enabled: options.rateLimits } } });

    // Latency once per AXL request (the HTTP request; its operation's own rule match only counts)
    // and per Unity Connection request; each rule's `fired` counts its calls.
    const counts = await countingRules(control, [
      { name: "axl", rule: { service: "axl", path: "^/axl/$", action: "latency", ms: options.latencyMs, rate: 1 } },
      { name: "cupi", rule: { service: "cupi", action: "latency", ms: options.latencyMs, rate: 1 } },
      ...AXL_KINDS.map((kind) => ({ name: kind.name, rule: { service: "axl", method: "POST", path: kind.path, action: "latency" as const, ms: 0, rate: 1 } })),
      ...CUPI_KINDS.map((kind) => ({ name: kind.name, rule: { service: "cupi", method: kind.method, path: kind.path, action: "latency" as const, ms: 0, rate: 1 } })),
    ]);
    const kinds = [...AXL_KINDS.map((k) => ({ name: k.name, service: "axl" })), ...CUPI_KINDS.map((k) => ({ name: k.name, service: "cupi" }))];

    // --- project --------------------------------------------------------------------------
    const stack = await createBenchStack(work, lab.caCertPath);
    project = stack.project;
    await setLdapLabConfig(project, lab);
    // Only the generated people: the lab seed's own people are under ou=People.
    await project.setConfig("ucflow:ldapBaseDn", `${BENCH_PEOPLE_OU},${ldap.baseDn}`);
    await setClusterLabConfig(project, lab, CLUSTER);
    await setUnityConnectionLabConfig(project, lab);
    if (options.axlMaxInFlight !== undefined) await project.setConfig(`ucflow:clusters.${CLUSTER}.maxInFlight`, String(options.axlMaxInFlight), { path: true });
    await project.setConfig("customer", customer.definition);
    setupSeconds = (Date.now() - setupStarted) / 1000;
    log(`N=${n}: lab started, ${n} people in its directory (${Object.entries(customer.byProfile).map(([p, c]) => `${c} ${p}`).join(", ")}), project ready (${setupSeconds.toFixed(1)} s)`);

    const phase = async (name: PhaseName, args: readonly string[], parallel: number, timeoutMs: number, chainRoundTrips: number, extraEnv: Record<string, string> = {}): Promise<TimedRun> => {
      const fullArgs = [...args, "--parallel", String(parallel)];
      log(`N=${n}: ${name}: pulumi ${fullArgs.join(" ")}${Object.keys(extraEnv).length ? ` with ${Object.entries(extraEnv).map(([k, v]) => `${k}=${v}`).join(" ")}` : ""} (limit ${(timeoutMs / 60_000).toFixed(1)} min) ...`);
      const measured = await measurePhase(control, counts, stack, name, fullArgs, timeoutMs, extraEnv);
      const { run, delta, throttling } = measured;
      const calls = { axl: delta("axl"), cupi: delta("cupi") };
      const total = calls.axl + calls.cupi;
      const { charged, throttled } = bucketFigures(throttling);
      const floor = cucmFloorOf(throttling, calls, floorOptions, chainRoundTrips);
      const figures: PhaseFigures = {
        ...runFigures(measured, n, parallel),
        calls: { ...calls, total },
        batches: 0,
        callsByKind: callsByKind(delta, kinds, calls),
        charged,
        throttled,
        floor,
        ratio: floor.seconds > 0 ? run.seconds / floor.seconds : Number.NaN,
        callsPerSubscriber: total / n,
        peakInFlight: Object.fromEntries(SERVICES.map((s) => [s, throttling.services[s]?.peakConcurrentRequests ?? 0])),
      };
      log(
        `N=${n}: ${name} ${run.timedOut ? "stopped at its limit" : `exit ${run.exitCode}`} after ${run.seconds.toFixed(1)} s, ` +
          `${calls.axl} AXL and ${calls.cupi} Unity Connection calls, floor ${floor.seconds.toFixed(1)} s (${floor.binding}), changes ${JSON.stringify(figures.changes ?? {})}`,
      );
      if (run.exitCode === 0) phases[name] = figures;
      else skipped.push(failure(name, run, timeoutMs, stack.logs, n));
      return run;
    };
    const longestChain = (profiles: readonly string[], change: "new" | "moved"): number =>
      Math.max(0, ...profiles.map((p) => cucmChainRoundTrips(customer.profiles[p]!, change)));

    // --- up from empty --------------------------------------------------------------------
    const up = await phase("up", ["up", "--yes", "--skip-preview"], options.upParallel, options.upTimeoutMs, longestChain(Object.keys(customer.byProfile), "new"), options.skipCheckpoints ? { PULUMI_SKIP_CHECKPOINTS: "true" } : {});
    if (up.exitCode !== 0) {
      skipped.push("preview, refresh, move and state: they need a completed up");
      return result();
    }
    const users = await benchEndUsers(control);
    if (users !== customer.expectedSubscribers) skipped.push(`check: the cluster has ${users} bench end users after up, expected ${customer.expectedSubscribers}`);

    // --- no-change preview, refresh -----------------------------------------------------------
    await phase("preview", ["preview", "--expect-no-changes"], options.parallel, options.phaseTimeoutMs(), 0);
    await phase("refresh", ["refresh", "--yes", "--skip-preview", "--expect-no-changes"], options.parallel, options.phaseTimeoutMs(), 0);

    // --- state (before the move changes it) ------------------------------------------------------
    const state = await stateFigures(project, stack.env, work, n);
    if (state.subscribers !== customer.expectedSubscribers) skipped.push(`check: the state holds ${state.subscribers} subscribers, expected ${customer.expectedSubscribers}`);

    // --- every tenth person to the next site ----------------------------------------------------
    const moves = customer.moves(ldap.baseDn);
    moved = moves.moved;
    await control.seed("ldap", moves.ldif);
    await phase("move", ["up", "--yes", "--skip-preview"], options.upParallel, Math.min(options.upTimeoutMs, options.phaseTimeoutMs()), longestChain(moves.profiles, "moved"));
    return result(state);
  } finally {
    await project?.dispose().catch((error: Error) => log(`N=${n}: removing the stack failed: ${error.message}`));
    await lab?.stop().catch((error: Error) => log(`N=${n}: stopping the lab failed: ${error.message}`));
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Entries under the bench's OU of the lab's directory, read back as the lab's administrator (GET /state/ldap). */
async function benchPeople(control: LabControlClient, baseDn: string): Promise<number> {
  const { entries } = (await control.state("ldap")) as { entries: readonly { readonly dn: string }[] };
  const under = `,${BENCH_PEOPLE_OU},${baseDn}`.toLowerCase();
  return entries.filter((e) => e.dn.toLowerCase().startsWith("uid=") && e.dn.toLowerCase().endsWith(under)).length;
}

/** End users on the cluster with the bench's userids. */
async function benchEndUsers(control: LabControlClient): Promise<number> {
  const state = (await control.state("axl")) as AxlClusterState;
  return Object.values(state.objects.user ?? {}).filter((u) => String(u.fields.userid ?? "").startsWith("bench.u")).length;
}
