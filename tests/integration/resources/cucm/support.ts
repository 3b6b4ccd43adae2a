// The Unified CM kinds against the lab's AXL simulator: the seeded Cluster1 (reset before each
// test), the kinds' providers as the engine calls them (check, diff, create, read, update,
// delete) on a real AxlClient, and readers of the lab's state for before/after comparisons.
import type * as pulumi from "@pulumi/pulumi";
import { AxlClient } from "../../../../provider/backends/axl/client";
import type { AxlClientSource } from "../../../../provider/resources/cucm-session";
import { LAB_AXL_ADMIN } from "../../../../lab/cisco";
import { type AxlLab, withAxlLab } from "../../lab-cisco/support";

export const CLUSTER = "Cluster1";

export interface CucmKindsLab {
  readonly env: () => AxlLab;
  /** A fresh client of the lab's Cluster1 (one per test: a reset forgets sessions). */
  readonly client: () => AxlClient;
  /** What the kinds are given: Cluster1's client; any other cluster has no settings. */
  readonly clients: AxlClientSource;
}

export function withCucmLab(): CucmKindsLab {
  let env: AxlLab | undefined;
  let client: AxlClient | undefined;
  withAxlLab((lab) => (env = lab));
  beforeEach(() => {
    client = new AxlClient({ host: env!.baseUrl, username: LAB_AXL_ADMIN.userid, password: LAB_AXL_ADMIN.password, ca: env!.lab.caCertPem, cluster: CLUSTER });
  });
  return {
    env: () => env!,
    client: () => client!,
    clients: (cluster) => {
      if (cluster !== CLUSTER) throw new Error(`no settings for Unified CM cluster ${cluster}`);
      return client!;
    },
  };
}

type LabObjects = Record<string, Record<string, { fields: Record<string, unknown> }>>;

/** Every object of the lab's cluster: kind → uuid → fields. */
export async function clusterObjects(env: AxlLab): Promise<LabObjects> {
  return ((await env.control.state("axl")) as { objects: LabObjects }).objects;
}

/** The names (or patterns) of one kind's objects in the lab, sorted. */
export async function namesOf(env: AxlLab, kind: string): Promise<string[]> {
  const objects = (await clusterObjects(env))[kind] ?? {};
  return Object.values(objects)
    .map((o) => String(o.fields.name ?? (o.fields.routePartitionName ? `${o.fields.pattern} in ${(o.fields.routePartitionName as { name: string }).name}` : o.fields.pattern)))
    .sort();
}

export { failure } from "../../../unit/resources/tenant-kinds/fixture";

/** The state a provider's create answered. */
export async function created(provider: pulumi.dynamic.ResourceProvider, inputs: object): Promise<{ id: string; outs: Record<string, unknown> }> {
  const result = await provider.create!(inputs);
  return { id: result.id, outs: result.outs as Record<string, unknown> };
}
