// The Entra ID directory source: the program reads the tenant when it runs, at preview and at
// up alike, so the flow-through plan (and the preview a reviewer reads) reflects who is in the
// directory now. Credentials come from stack config (`ucflow:*`) or the environment, exactly as
// for the providers; nothing read here becomes a resource input except the plan's results.
import * as pulumi from "@pulumi/pulumi";
import { listSubscribedSkus } from "../../provider/backends/graph/licenses";
import { listNumberAssignments } from "../../provider/backends/graph/number-assignments";
import { listUsers } from "../../provider/backends/graph/users";
import type { DirectoryUser, TenantSnapshot } from "../../provider/plan";
import { microsoftClients } from "../../provider/resources/microsoft-session";

/** User attributes read by default: what filters usually test and what planning needs. */
export const DEFAULT_USER_ATTRIBUTES: readonly string[] = [
  "id",
  "userPrincipalName",
  "displayName",
  "mail",
  "department",
  "jobTitle",
  "city",
  "country",
  "officeLocation",
  "companyName",
  "usageLocation",
  "accountEnabled",
  "onPremisesSyncEnabled",
  "employeeId",
  "assignedLicenses",
];

export interface EntraDirectoryOptions {
  /** An OData `$filter` narrowing the users read (e.g. from compileToOData). @default - all users */
  readonly filter?: string;
  /** Extra attributes the customer's filters use. */
  readonly attributes?: readonly string[];
  /** @default new pulumi.Config("ucflow") */
  readonly config?: pulumi.Config;
}

/** Reads users, subscribed SKUs and number assignments of the configured tenant. */
export async function readEntraTenant(options: EntraDirectoryOptions = {}): Promise<TenantSnapshot> {
  const config = options.config ?? new pulumi.Config("ucflow");
  const { graph } = microsoftClients((name) => config.get(name));
  const select = [...new Set([...DEFAULT_USER_ATTRIBUTES, ...(options.attributes ?? [])])];
  const [users, skus, numbers] = await Promise.all([
    listUsers(graph, { select, ...(options.filter ? { filter: options.filter } : {}) }),
    listSubscribedSkus(graph),
    listNumberAssignments(graph),
  ]);
  const directoryUsers: DirectoryUser[] = users.users.map((u) => {
    const { id, assignedLicenses: _licenses, ...attributes } = u as unknown as Record<string, unknown> & { id: string };
    return { id, attributes: attributes as DirectoryUser["attributes"] };
  });
  return {
    users: directoryUsers,
    licenses: new Map(users.users.map((u) => [u.id, (u.assignedLicenses ?? []).map((l) => l.skuId)])),
    skus: skus.map((s) => ({
      skuPartNumber: s.skuPartNumber,
      skuId: s.skuId,
      enabled: s.prepaidUnits.enabled,
      consumed: s.consumedUnits,
      servicePlans: s.servicePlans.map((p) => ({ servicePlanId: p.servicePlanId, servicePlanName: p.servicePlanName })),
    })),
    numberAssignments: new Map(
      numbers.filter((n) => n.assignmentTargetId).map((n) => [n.telephoneNumber, n.assignmentTargetId as string]),
    ),
    now: new Date(),
  };
}
