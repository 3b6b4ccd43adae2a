// Customer: its Microsoft 365 tenant and its Unified CM clusters. Nothing is created: create,
// read and update check that the configured credential signs in to the customer's tenant (Graph
// `GET /organization`) when tenantId is set, and that every cluster in `clusters` answers AXL
// with the configured credentials in a version ucflow speaks (getCCMVersion), so a stack pointed
// at the wrong tenant or cluster fails before any of the customer's objects is written there.
// They record the tenant's display name and each cluster's versions. Delete leaves both alone.
import type { AxlClient } from "../../backends/axl/client";
import { getCcmVersion } from "../../backends/axl/operations";
import { unexpectedResponse, type GraphClient } from "../../backends/graph/client";
import { type AxlClientSource, configureCucm, providerAxlClient } from "../cucm-session";
import { type KindDefinition, kindProvider } from "../kind-provider";
import { configureMicrosoft } from "../microsoft-session";
import { about, providerTenantClients, type TenantClientSource } from "../tenant-kind";
import { type ClusterVersion, CustomerInputs, type CustomerState } from "./types";

/** The tenant the credential signs in to, as Graph describes it. */
export interface Organization {
  readonly id: string;
  readonly displayName: string;
}

/** `GET /organization`: the one organization of the signed-in tenant. */
export async function readOrganization(graph: GraphClient): Promise<Organization> {
  const context = { operation: "reading", object: "the organization" };
  const response = await graph.send<{ value?: unknown }>({ method: "GET", path: "/organization", context });
  const items = response.body?.value;
  const first: unknown = Array.isArray(items) && items.length === 1 ? items[0] : undefined;
  if (typeof first !== "object" || first === null || typeof (first as { id?: unknown }).id !== "string") {
    throw unexpectedResponse(context, "expected a collection with one organization that has a string `id`", response.requestId);
  }
  const { id, displayName } = first as { id: string; displayName?: unknown };
  return { id, displayName: typeof displayName === "string" ? displayName : "" };
}

/** Why the signed-in organization is not the customer's tenant, or undefined when it is. */
export function tenantMismatch(organization: Organization, tenantId: string): string | undefined {
  if (organization.id.toLowerCase() === tenantId.toLowerCase()) return undefined;
  return (
    `the configured Microsoft credential signs in to tenant ${organization.id} (${JSON.stringify(organization.displayName)}), ` +
    `but the customer's tenantId is ${tenantId}. Point ucflow:tenantId and the app credential at the customer's tenant, or correct customer.tenantId`
  );
}

/**
 * The cluster's versions, proving on the way that its settings and credentials work: the AXL
 * schema in use (pinned, or detected with getCCMVersion, which fails for a version ucflow does
 * not speak) and the full version, asked in that schema.
 */
export async function readClusterVersion(client: AxlClient): Promise<ClusterVersion> {
  const axlVersion = await client.schemaVersion();
  return { cucmVersion: await getCcmVersion(client), axlVersion };
}

export function customerDefinition(clients: TenantClientSource = providerTenantClients, axl: AxlClientSource = providerAxlClient): KindDefinition<CustomerInputs, CustomerState> {
  const describe = (i: CustomerInputs) => `customer ${i.code}`;

  /** Each cluster's versions (undefined without clusters); every cluster that fails is named, with its error, in the customer's order. */
  const clusterVersions = async (clusters: readonly string[] | undefined): Promise<Record<string, ClusterVersion> | undefined> => {
    if (clusters === undefined) return undefined;
    const outcomes = await Promise.all(
      clusters.map(async (cluster) => {
        try {
          return { cluster, version: await readClusterVersion(axl(cluster)) };
        } catch (error) {
          return { cluster, failure: `cluster ${cluster}: ${error instanceof Error ? error.message : String(error)}` };
        }
      }),
    );
    const failures = outcomes.flatMap((o) => (o.failure === undefined ? [] : [o.failure]));
    if (failures.length === 1) throw new Error(failures[0]);
    if (failures.length > 1) throw new Error(`${failures.length} clusters failed the check:\n${failures.map((f) => `  - ${f}`).join("\n")}`);
    return Object.fromEntries(outcomes.map((o) => [o.cluster, o.version!]));
  };

  /** The customer with its tenant's display name and its clusters' versions, once the credentials are known to reach them. */
  const verified = async (inputs: CustomerInputs): Promise<CustomerState> => {
    const tenantDisplayName = await tenantName(inputs);
    const { clusterVersions: _previous, ...rest } = inputs as CustomerState;
    const versions = await clusterVersions(inputs.clusters);
    return { ...rest, tenantDisplayName, ...(versions === undefined ? {} : { clusterVersions: versions }) };
  };

  /** The tenant's display name, once the credential is known to be for the customer's tenant ("" without tenantId). */
  const tenantName = async (inputs: CustomerInputs): Promise<string> => {
    if (inputs.tenantId === undefined) return "";
    const organization = await readOrganization(clients().graph);
    const mismatch = tenantMismatch(organization, inputs.tenantId);
    if (mismatch !== undefined) throw new Error(`${mismatch}; nothing was changed`);
    return organization.displayName;
  };

  return {
    kind: "Customer",
    inputs: CustomerInputs,
    replaceOn: ["code", "tenantId"],
    describe,
    configure: (config) => {
      configureMicrosoft(config);
      configureCucm(config);
    },
    create: (inputs) => about(describe(inputs), async () => ({ id: inputs.code, state: await verified(inputs) })),
    // A tenant or cluster does not vanish; a credential for another tenant is an error, not "gone".
    read: (_id, state) => about(describe(state), () => verified(state)),
    // code and tenantId replace; name and description are ucflow's own.
    update: (_id, _olds, news) => about(describe(news), () => verified(news)),
    async delete() {
      // The tenant and the clusters are not ucflow's to remove; the customer's objects are their own resources.
    },
  };
}

export const customer = customerDefinition();
export const provider = kindProvider(customer);
