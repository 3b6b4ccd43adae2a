// Customer on Microsoft Teams: one tenant. Nothing is created: create, read and update check
// that the configured credential signs in to the customer's tenant (Graph `GET /organization`),
// so a stack pointed at the wrong tenant fails before any of the customer's objects is
// written there, and record the tenant's display name. Delete leaves the tenant alone.
import { unexpectedResponse, type GraphClient } from "../../backends/graph/client";
import { type KindDefinition, kindProvider } from "../kind-provider";
import { configureMicrosoft } from "../microsoft-session";
import { about, providerTenantClients, type TenantClientSource } from "../tenant-kind";
import { CustomerInputs, type CustomerState } from "./types";

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

export function customerDefinition(clients: TenantClientSource = providerTenantClients): KindDefinition<CustomerInputs, CustomerState> {
  const describe = (i: CustomerInputs) => `customer ${i.code}`;

  /** The customer with its tenant's display name, once the credential is known to be for its tenant. */
  const verified = async (inputs: CustomerInputs): Promise<CustomerState> => {
    if (inputs.tenantId === undefined) return { ...inputs, tenantDisplayName: "" };
    const organization = await readOrganization(clients().graph);
    if (organization.id.toLowerCase() !== inputs.tenantId.toLowerCase()) {
      throw new Error(
        `the configured Microsoft credential signs in to tenant ${organization.id} (${JSON.stringify(organization.displayName)}), ` +
          `but the customer's tenantId is ${inputs.tenantId}; nothing was changed. Point ucflow:tenantId and the app credential ` +
          `at the customer's tenant, or correct tenantId`,
      );
    }
    return { ...inputs, tenantDisplayName: organization.displayName };
  };

  return {
    kind: "Customer",
    inputs: CustomerInputs,
    replaceOn: ["code", "tenantId"],
    describe,
    configure: configureMicrosoft,
    create: (inputs) => about(describe(inputs), async () => ({ id: inputs.code, state: await verified(inputs) })),
    // A tenant does not vanish; a credential for another tenant is an error, not "gone".
    read: (_id, state) => about(describe(state), () => verified(state)),
    // code and tenantId replace; name and description are ucflow's own.
    update: (_id, _olds, news) => about(describe(news), () => verified(news)),
    async delete() {
      // The tenant is not ucflow's to remove; the customer's objects are their own resources.
    },
  };
}

export const customer = customerDefinition();
export const provider = kindProvider(customer);
