// Unified CM subscriber sets against the lab: the seeded Cluster1 (AXL) and Unity Connection
// cuc-lab (CUPI) in one lab, reset before each test; the customer Cu2's dial plan and site
// Cu2Si1 made on the cluster first (lines refer to their partition and calling search spaces);
// the SubscriberSet provider with platform cucm on real clients; readers of the lab's state.
import { appendFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { LabControlClient, startLab, type LabHandle } from "../../../../lab";
import { createCiscoServices, LAB_AXL_ADMIN } from "../../../../lab/cisco";
import { LAB_CUPI_PASSWORD, LAB_CUPI_SERVER, LAB_CUPI_USERNAME } from "../../../../lab/cisco/cupi";
import { AxlClient } from "../../../../provider/backends/axl/client";
import { CupiClient } from "../../../../provider/backends/cupi/client";
import { RetryPolicy } from "../../../../provider/core/retry";
import { clusterDialPlanDefinition } from "../../../../provider/resources/cluster-dial-plan/provider";
import { convergingDrift } from "../../../../provider/resources/cluster-kind";
import { cucmSiteDefinition } from "../../../../provider/resources/cucm-site/provider";
import { CUCM_SITE_DEFAULTS } from "../../../../provider/resources/cucm/types";
import { kindProvider } from "../../../../provider/resources/kind-provider";
import { cucmSubscriberPlatform } from "../../../../provider/resources/subscriber-set/cucm";
import { subscriberSetDefinition } from "../../../../provider/resources/subscriber-set/provider";

export const CLUSTER = "Cluster1";
export const CUSTOMER = "Cu2";
export const SITE = "Cu2Si1";

export interface CiscoLab {
  readonly lab: LabHandle;
  readonly control: LabControlClient;
  /** The SubscriberSet provider (platform cucm) on this lab's clients, fresh for each test. */
  readonly subscriberSets: () => pulumi.dynamic.ResourceProvider;
  readonly axl: () => AxlClient;
  readonly cupi: () => CupiClient;
}

type LabObjects = Record<string, Record<string, { uuid: string; fields: Record<string, any> }>>;

/** Every object of the lab's cluster: kind → uuid → object. */
export async function axlObjects(control: LabControlClient): Promise<LabObjects> {
  return ((await control.state("axl")) as { objects: LabObjects }).objects;
}

/**
 * The one object of `kind` whose `key` field is `value` (in `partition`), its uuid and its fields
 * made plain for reading: references by name, booleans as booleans, directory numbers as
 * {pattern, routePartitionName}; undefined when there is none.
 */
export async function axlObject(control: LabControlClient, kind: string, key: string, value: string, partition?: string): Promise<Record<string, any> | undefined> {
  const objects = Object.values((await axlObjects(control))[kind] ?? {});
  const found = objects.find((o) => nameOf(o.fields[key]) === value && (partition === undefined || nameOf(o.fields.routePartitionName) === partition));
  return found ? { uuid: found.uuid, ...(plain(found.fields) as object) } : undefined;
}

/** A lab state value as a reader writes it (see axlObject). */
export function plain(value: unknown): unknown {
  if (value === "true" || value === "false") return value === "true";
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  if ("name" in record && "uuid" in record && Object.keys(record).length === 2) return record.name;
  if ("number" in record && "scope" in record) return { pattern: record.number, routePartitionName: nameOf(record.scope) };
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== "@uuid").map(([k, v]) => [k, plain(v)]));
}

/** A reference's name, or the value itself. */
export function nameOf(value: unknown): unknown {
  return value !== null && typeof value === "object" && "name" in (value as object) ? (value as { name: unknown }).name : value;
}

/** The device events (resets, applies) of the lab's cluster. */
export async function deviceEvents(control: LabControlClient): Promise<{ operation: string; device: string }[]> {
  return ((await control.state("axl")) as { deviceEvents: { operation: string; device: string }[] }).deviceEvents;
}

export interface LabMailbox {
  readonly ObjectId: string;
  readonly Alias: string;
  readonly DtmfAccessId: string;
  readonly FirstName?: string;
  readonly LastName?: string;
  readonly DisplayName: string;
  readonly EmailAddress?: string;
  readonly TemplateObjectId?: string;
}

export async function mailboxes(control: LabControlClient): Promise<LabMailbox[]> {
  return ((await control.state("cupi")) as { users: LabMailbox[] }).users;
}

/** Counts the writes the lab is asked for from now on (AXL add/update/remove and device actions, CUPI POST/PUT/DELETE). */
export async function countWrites(control: LabControlClient): Promise<() => Promise<{ axl: number; cupi: number }>> {
  const rules = await control.addFaults([
    { service: "axl", path: "^/axl/(add|update|remove|do|apply|reset|restart)", action: "latency", ms: 0 },
    { service: "cupi", method: "POST", action: "latency", ms: 0 },
    { service: "cupi", method: "PUT", action: "latency", ms: 0 },
    { service: "cupi", method: "DELETE", action: "latency", ms: 0 },
  ]);
  return async () => {
    const fired = new Map((await control.faults()).rules.map((r) => [r.id, r.fired]));
    for (const rule of rules) await control.removeFault(rule.id);
    return { axl: fired.get(rules[0].id) ?? 0, cupi: rules.slice(1).reduce((n, r) => n + (fired.get(r.id) ?? 0), 0) };
  };
}

const dialPlan = { extensionLength: 4, countryCallingCode: "1", outsideAccessCode: "9", gateway: "Cu1-PSTN-RL" };

/** One lab for the file, both services reset before each test and Cu2's dial plan and site Cu2Si1 made. */
export function withCiscoLab(): () => CiscoLab {
  let handle: { lab: LabHandle; control: LabControlClient; dir: string } | undefined;
  let axl: AxlClient | undefined;
  let cupi: CupiClient | undefined;
  before(async function () {
    this.timeout(60_000);
    const tlsDir = process.env.UCFLOW_TEST_TLS_DIR;
    if (!tlsDir) throw new Error("these tests need UCFLOW_TEST_TLS_DIR (the test runner sets it)");
    const dir = await mkdtemp(path.join(os.tmpdir(), "ucflow-lab-cisco-"));
    const lab = await startLab({ stateDir: dir, tlsDir, services: createCiscoServices().all, ldap: false, log: () => undefined });
    handle = { lab, control: new LabControlClient(lab.endpoints.control, lab.caCertPem), dir };
  });
  after(async () => {
    await handle?.lab.stop();
    if (handle) await rm(handle.dir, { recursive: true, force: true });
  });
  beforeEach(async function () {
    this.timeout(60_000);
    const { lab, control } = handle!;
    await control.reset();
    // UCFLOW_TEST_AXL_LOG=<file>: every AXL call of the tests, to see what a failing one sent.
    const log = process.env.UCFLOW_TEST_AXL_LOG;
    const logger = log ? { debug: (line: string) => appendFileSync(log, `${line}\n`), warn: (line: string) => appendFileSync(log, `${line}\n`) } : undefined;
    axl = new AxlClient({ host: lab.endpoints.services.axl!, username: LAB_AXL_ADMIN.userid, password: LAB_AXL_ADMIN.password, ca: lab.caCertPem, cluster: CLUSTER, ...(logger ? { logger } : {}) });
    cupi = new CupiClient({ baseUrl: `${lab.endpoints.services.cupi}/`, username: LAB_CUPI_USERNAME, password: LAB_CUPI_PASSWORD, ca: lab.caCertPem, server: LAB_CUPI_SERVER, retry: new RetryPolicy({ maxAttempts: 3, baseDelayMs: 10 }) });
    const clusters = (cluster: string) => {
      if (cluster !== CLUSTER) throw new Error(`no settings for Unified CM cluster ${cluster}`);
      return axl!;
    };
    await kindProvider(clusterDialPlanDefinition(clusters)).create!({ customer: CUSTOMER, cluster: CLUSTER, dialPlan });
    await convergingDrift(kindProvider(cucmSiteDefinition(clusters))).create!({
      customer: CUSTOMER,
      code: SITE,
      name: "Dallas",
      cluster: CLUSTER,
      dialPlan,
      classesOfService: [
        { name: "National", allows: ["local", "national"] },
        { name: "International", allows: ["local", "national", "international", "premium"] },
      ],
      defaults: { ...CUCM_SITE_DEFAULTS },
      timeZone: "America/Chicago",
    });
  });
  return () => {
    const { lab, control } = handle!;
    const clusters = (cluster: string) => {
      if (cluster !== CLUSTER) throw new Error(`no settings for Unified CM cluster ${cluster}`);
      return axl!;
    };
    const servers = (server: string) => {
      if (server !== LAB_CUPI_SERVER) throw new Error(`no settings for Unity Connection server ${server}`);
      return cupi!;
    };
    return {
      lab,
      control,
      subscriberSets: () => kindProvider(subscriberSetDefinition({ cucm: cucmSubscriberPlatform({ axl: clusters, cupi: servers }) })),
      axl: () => axl!,
      cupi: () => cupi!,
    };
  };
}

/** What differs between two states of the cluster, one line per object ("user lchen: ..."), for a readable failure. */
export function objectDifferences(before: LabObjects, after: LabObjects): string[] {
  const lines: string[] = [];
  for (const kind of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const was = before[kind] ?? {};
    const is = after[kind] ?? {};
    for (const uuid of [...new Set([...Object.keys(was), ...Object.keys(is)])].sort()) {
      const label = (o: { fields: Record<string, unknown> }) => `${kind} ${String(nameOf(o.fields.name ?? o.fields.userid ?? o.fields.pattern ?? o.fields.destination ?? uuid))}`;
      if (!is[uuid]) lines.push(`${label(was[uuid])}: gone`);
      else if (!was[uuid]) lines.push(`${label(is[uuid])}: added`);
      else {
        // Unified CM has no difference between an empty list or reference and an absent one (the lab
        // keeps [] and null where a removal emptied a user's devices or cleared its primary extension).
        const same = (a: unknown, b: unknown) => JSON.stringify(emptied(a)) === JSON.stringify(emptied(b));
        const fields = [...new Set([...Object.keys(was[uuid].fields), ...Object.keys(is[uuid].fields)])].filter((f) => !same(was[uuid].fields[f], is[uuid].fields[f]));
        if (fields.length === 0) continue;
        lines.push(`${label(is[uuid])}: ${fields.map((f) => `${f} ${JSON.stringify(plain(was[uuid].fields[f]))} -> ${JSON.stringify(plain(is[uuid].fields[f]))}`).join("; ")}`);
      }
    }
  }
  return lines;
}

function emptied(value: unknown): unknown {
  return value === null || (Array.isArray(value) && value.length === 0) ? undefined : value;
}
