// The Entra ID directory source: the program reads the tenant when it runs, at preview and at
// up alike, so the flow-through plan (and the preview a reviewer reads) reflects who is in the
// directory now. Credentials come from stack config (`ucflow:*`) or the environment, exactly as
// for the providers; nothing read here becomes a resource input except the plan's results.
import * as pulumi from "@pulumi/pulumi";
import { type GraphClient } from "../../provider/backends/graph/client";
import { listGroups } from "../../provider/backends/graph/groups";
import { listSubscribedSkus } from "../../provider/backends/graph/licenses";
import { listNumberAssignments } from "../../provider/backends/graph/number-assignments";
import { listUsers } from "../../provider/backends/graph/users";
import type { DirectoryUser, EntraGroup, TenantSnapshot } from "../../provider/plan";
import { microsoftClients } from "../../provider/resources/microsoft-session";
import { readOrganization, tenantMismatch } from "../../provider/resources/customer/provider";
import { ConfigurationError } from "../../provider/core/errors";

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

/**
 * The user properties a filter row may test on Entra ID: the string and boolean properties of
 * Graph's user resource ucflow can select (each is read only when a filter names it).
 */
export const ENTRA_FILTER_ATTRIBUTES: readonly string[] = [
  ...DEFAULT_USER_ATTRIBUTES.filter((name) => name !== "assignedLicenses"),
  "givenName",
  "surname",
  "mailNickname",
  "mobilePhone",
  "preferredLanguage",
  "state",
  "postalCode",
  "streetAddress",
  "employeeType",
  "userType",
  "onPremisesSamAccountName",
  "onPremisesImmutableId",
];

export interface EntraDirectoryOptions {
  /** An OData `$filter` narrowing the users read (e.g. from compileToOData). @default - all users */
  readonly filter?: string;
  /** Extra attributes the customer's filters use. */
  readonly attributes?: readonly string[];
  /** @default new pulumi.Config("ucflow") */
  readonly config?: pulumi.Config;
  /**
   * Read the tenant's groups too (`groups`), for roles' Entra groups. Off unless a role grants
   * groups on Teams, so a customer without such roles reads no more than before. @default false
   */
  readonly groups?: boolean;
  /** The customer's tenant: the credential must sign in to it (checked with GET /organization), else the read fails before planning. */
  readonly tenantId?: string;
  /** What the problem of another tenant names `tenantId` by, e.g. its path in a customer definition. @default - the sentence alone */
  readonly tenantIdProperty?: string;
}

async function checkTenant(graph: GraphClient, tenantId: string, property: string | undefined): Promise<void> {
  const mismatch = tenantMismatch(await readOrganization(graph), tenantId);
  if (mismatch !== undefined) throw new ConfigurationError("the Microsoft credential is for another tenant", [property === undefined ? mismatch : `${property}: ${mismatch}`]);
}

/** Reads users, subscribed SKUs and number assignments of the configured tenant (and its groups, with `groups: true`). */
export async function readEntraTenant(options: EntraDirectoryOptions = {}): Promise<TenantSnapshot> {
  const config = options.config ?? new pulumi.Config("ucflow");
  const { graph } = microsoftClients((name) => config.get(name));
  const select = [...new Set([...DEFAULT_USER_ATTRIBUTES, ...(options.attributes ?? [])])];
  const [, users, skus, numbers, groups] = await Promise.all([
    options.tenantId === undefined ? undefined : checkTenant(graph, options.tenantId, options.tenantIdProperty),
    listUsers(graph, { select, ...(options.filter ? { filter: options.filter } : {}) }),
    listSubscribedSkus(graph),
    listNumberAssignments(graph),
    options.groups ? readEntraGroups(graph) : undefined,
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
    ...(groups ? { groups } : {}),
    now: new Date(),
  };
}

/**
 * Every group of the tenant with what resolving a role needs (GET /groups?$select=id,displayName,
 * securityEnabled,mailEnabled,groupTypes, every page): ids in lower case, a group without a
 * display name as "".
 */
export async function readEntraGroups(graph: GraphClient): Promise<EntraGroup[]> {
  const groups = await listGroups(graph, { select: ["id", "displayName", "securityEnabled", "mailEnabled", "groupTypes"] });
  return groups.map((group) => ({
    id: group.id.toLowerCase(),
    displayName: typeof group.displayName === "string" ? group.displayName : "",
    ...(typeof group.securityEnabled === "boolean" ? { securityEnabled: group.securityEnabled } : {}),
    ...(typeof group.mailEnabled === "boolean" ? { mailEnabled: group.mailEnabled } : {}),
    ...(Array.isArray(group.groupTypes) ? { groupTypes: group.groupTypes.filter((t): t is string => typeof t === "string") } : {}),
  }));
}
