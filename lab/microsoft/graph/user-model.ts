// The Graph `user` resource as the lab models it: which properties exist, which are returned
// without `$select` (reference §2.1: many are "returned only on $select"), which `$filter`
// operators each supports (§2.3) and how a stored user is projected onto the wire.
import type { DirectoryUser, GraphState, UserProperties } from "../tenant/types";
import { GraphError } from "./graph-http";
import { capabilities, type FilterProperty, type FilterSchema } from "./odata-filter";

/** Returned when no `$select` is given (Graph v1.0 default set). */
export const DEFAULT_USER_PROPERTIES: readonly string[] = [
  "businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id",
];

/** Stored properties returned only on `$select`. */
const SELECT_ONLY_STORED: readonly (keyof UserProperties)[] = [
  "accountEnabled", "assignedLicenses", "city", "companyName", "country", "createdDateTime", "department", "employeeId", "employeeType",
  "mailNickname", "onPremisesExtensionAttributes", "onPremisesImmutableId", "onPremisesLastSyncDateTime", "onPremisesSamAccountName",
  "onPremisesSyncEnabled", "otherMails", "postalCode", "state", "streetAddress", "usageLocation", "userType",
];

/** Computed from licenses. */
const DERIVED: readonly string[] = ["assignedPlans", "licenseAssignmentStates", "provisionedPlans"];

/** Real user properties the lab does not model: selectable, always empty. */
const UNMODELED: Readonly<Record<string, unknown>> = {
  ageGroup: null,
  consentProvidedForMinor: null,
  creationType: null,
  employeeHireDate: null,
  externalUserState: null,
  faxNumber: null,
  imAddresses: [],
  isResourceAccount: null,
  legalAgeGroupClassification: null,
  onPremisesDistinguishedName: null,
  onPremisesDomainName: null,
  onPremisesSecurityIdentifier: null,
  onPremisesUserPrincipalName: null,
  passwordPolicies: null,
  proxyAddresses: [],
  securityIdentifier: null,
  showInAddressList: null,
};

export const ALL_USER_PROPERTIES: readonly string[] = [...DEFAULT_USER_PROPERTIES, ...SELECT_ONLY_STORED, ...DERIVED, ...Object.keys(UNMODELED)];

const BY_LOWER = new Map(ALL_USER_PROPERTIES.map((name) => [name.toLowerCase(), name]));

/**
 * `$select` as canonical property names; `undefined` when absent. Unknown names answer Graph's
 * parse error. `*` selects everything the lab models.
 */
export function parseUserSelect(raw: string | null): string[] | undefined {
  if (raw === null || raw.trim() === "") return undefined;
  const names: string[] = [];
  for (const part of raw.split(",")) {
    const name = part.trim();
    if (name === "*") return [...ALL_USER_PROPERTIES];
    const canonical = BY_LOWER.get(name.toLowerCase());
    if (canonical === undefined) throw new GraphError(400, "BadRequest", `Parsing OData Select and Expand failed: Could not find a property named '${name}' on type 'microsoft.graph.user'.`);
    if (!names.includes(canonical)) names.push(canonical);
  }
  return names;
}

/** The user as Graph returns it: the selected properties, or the default set. */
export function projectUser(graph: GraphState, user: DirectoryUser, select: readonly string[] | undefined): Record<string, unknown> {
  const names = select ?? DEFAULT_USER_PROPERTIES;
  const result: Record<string, unknown> = {};
  for (const name of names) result[name] = userProperty(graph, user, name);
  return result;
}

export function userProperty(graph: GraphState, user: DirectoryUser, name: string): unknown {
  if (name in UNMODELED) return structuredClone(UNMODELED[name]);
  if (name === "assignedPlans") return assignedPlans(graph, user);
  if (name === "provisionedPlans") return assignedPlans(graph, user).map((plan) => ({ capabilityStatus: plan.capabilityStatus, provisioningStatus: "Success", service: plan.service }));
  if (name === "licenseAssignmentStates") {
    return user.properties.assignedLicenses.map((license) => ({
      assignedByGroup: null,
      disabledPlans: [...license.disabledPlans],
      error: "None",
      lastUpdatedDateTime: user.licenseDates[license.skuId] ?? user.properties.createdDateTime,
      skuId: license.skuId,
      state: "Active",
    }));
  }
  return structuredClone((user.properties as unknown as Record<string, unknown>)[name] ?? null);
}

function assignedPlans(graph: GraphState, user: DirectoryUser): { assignedDateTime: string; capabilityStatus: string; service: string; servicePlanId: string }[] {
  const plans: { assignedDateTime: string; capabilityStatus: string; service: string; servicePlanId: string }[] = [];
  for (const license of user.properties.assignedLicenses) {
    const sku = graph.subscribedSkus.find((candidate) => candidate.skuId === license.skuId);
    for (const plan of sku?.servicePlans ?? []) {
      plans.push({
        assignedDateTime: user.licenseDates[license.skuId] ?? user.properties.createdDateTime,
        capabilityStatus: license.disabledPlans.includes(plan.servicePlanId) ? "Deleted" : "Enabled",
        service: plan.service,
        servicePlanId: plan.servicePlanId,
      });
    }
  }
  return plans;
}

/** Service plans enabled for a user by its licenses (disabled plans removed). */
export function enabledPlanIds(graph: GraphState, user: DirectoryUser): Set<string> {
  const enabled = new Set<string>();
  for (const license of user.properties.assignedLicenses) {
    const sku = graph.subscribedSkus.find((candidate) => candidate.skuId === license.skuId);
    for (const plan of sku?.servicePlans ?? []) if (!license.disabledPlans.includes(plan.servicePlanId)) enabled.add(plan.servicePlanId);
  }
  return enabled;
}

/** Reads a property path for `$filter` ("onPremisesExtensionAttributes/extensionAttribute11"). */
export function userFilterReader(user: DirectoryUser): (path: string) => unknown {
  const properties = user.properties as unknown as Record<string, unknown>;
  const byLower = new Map(Object.keys(properties).map((name) => [name.toLowerCase(), name]));
  return (path) => {
    const [head, ...rest] = path.split("/");
    let value: unknown = properties[byLower.get((head ?? "").toLowerCase()) ?? ""];
    for (const segment of rest) {
      if (typeof value !== "object" || value === null) return undefined;
      const record = value as Record<string, unknown>;
      const key = Object.keys(record).find((name) => name.toLowerCase() === segment.toLowerCase());
      value = key === undefined ? undefined : record[key];
    }
    return value;
  };
}

// ---------------------------------------------------------------------------------------------
// $filter support (reference §2.3)

const STRING_FULL = capabilities("eq", "ne", "not", "ge", "le", "in", "startsWith", "null");
const prop = (type: FilterProperty["type"], caps: FilterProperty["capabilities"], extra: Partial<FilterProperty> = {}): FilterProperty => ({ type, capabilities: caps, ...extra });

const EXTENSION_ATTRIBUTES: Record<string, FilterProperty> = {};
for (let n = 1; n <= 15; n++) {
  EXTENSION_ATTRIBUTES[`onPremisesExtensionAttributes/extensionAttribute${n}`] = prop("Edm.String", capabilities("eq", "ne", "not", "in", "null"), { advanced: "all" });
}

export const USER_FILTER_SCHEMA: FilterSchema = {
  resource: "User",
  odataType: "microsoft.graph.user",
  advancedEverywhere: capabilities("ne", "not", "endsWith", "null", "count"),
  properties: {
    id: prop("Edm.String", capabilities("eq", "ne", "not", "in", "ge", "le")),
    userPrincipalName: prop("Edm.String", capabilities("eq", "ne", "not", "ge", "le", "in", "startsWith", "endsWith")),
    mail: prop("Edm.String", capabilities("eq", "ne", "not", "ge", "le", "in", "startsWith", "endsWith", "null")),
    mailNickname: prop("Edm.String", capabilities("eq", "ne", "not", "ge", "le", "in", "startsWith", "endsWith", "null")),
    displayName: prop("Edm.String", STRING_FULL),
    givenName: prop("Edm.String", STRING_FULL),
    surname: prop("Edm.String", STRING_FULL),
    jobTitle: prop("Edm.String", STRING_FULL),
    department: prop("Edm.String", capabilities("eq", "ne", "not", "ge", "le", "in", "null")),
    companyName: prop("Edm.String", STRING_FULL),
    officeLocation: prop("Edm.String", STRING_FULL),
    city: prop("Edm.String", STRING_FULL),
    state: prop("Edm.String", STRING_FULL),
    country: prop("Edm.String", STRING_FULL),
    postalCode: prop("Edm.String", STRING_FULL),
    streetAddress: prop("Edm.String", STRING_FULL),
    usageLocation: prop("Edm.String", STRING_FULL),
    preferredLanguage: prop("Edm.String", STRING_FULL),
    mobilePhone: prop("Edm.String", STRING_FULL),
    employeeId: prop("Edm.String", STRING_FULL),
    employeeType: prop("Edm.String", STRING_FULL),
    userType: prop("Edm.String", capabilities("eq", "ne", "not", "in", "null")),
    accountEnabled: prop("Edm.Boolean", capabilities("eq", "ne", "not", "in")),
    onPremisesSyncEnabled: prop("Edm.Boolean", capabilities("eq", "ne", "not", "in", "null")),
    onPremisesImmutableId: prop("Edm.String", STRING_FULL),
    onPremisesSamAccountName: prop("Edm.String", STRING_FULL, { advanced: "all" }),
    createdDateTime: prop("Edm.DateTimeOffset", capabilities("eq", "ne", "not", "ge", "le", "in", "null")),
    ...EXTENSION_ATTRIBUTES,
    assignedLicenses: prop("Edm.String", capabilities("any", "not", "count"), {
      element: { skuId: prop("Edm.Guid", capabilities("eq")), disabledPlans: prop("Edm.Guid", capabilities("any")) },
    }),
    otherMails: prop("Edm.String", capabilities("any", "not", "count"), { element: { "": prop("Edm.String", capabilities("eq", "startsWith", "endsWith")) } }),
    businessPhones: prop("Edm.String", capabilities("any", "not", "count"), { element: { "": prop("Edm.String", capabilities("eq", "startsWith")) } }),
  },
};

/** Properties of a synced user that only on-premises AD can change. */
export const ON_PREMISES_MASTERED: ReadonlySet<string> = new Set([
  "displayName", "givenName", "surname", "jobTitle", "department", "companyName", "officeLocation", "streetAddress", "city", "state", "postalCode",
  "country", "businessPhones", "mobilePhone", "employeeId", "employeeType", "mail", "mailNickname", "userPrincipalName", "accountEnabled", "otherMails", "onPremisesExtensionAttributes",
]);

/** Properties a PATCH may set, with the JSON type they take. */
export const WRITABLE_USER_PROPERTIES: Readonly<Record<string, "string" | "nullableString" | "boolean" | "stringList" | "extensionAttributes">> = {
  displayName: "string",
  givenName: "nullableString",
  surname: "nullableString",
  mail: "nullableString",
  mailNickname: "string",
  otherMails: "stringList",
  jobTitle: "nullableString",
  department: "nullableString",
  companyName: "nullableString",
  officeLocation: "nullableString",
  streetAddress: "nullableString",
  city: "nullableString",
  state: "nullableString",
  postalCode: "nullableString",
  country: "nullableString",
  usageLocation: "nullableString",
  preferredLanguage: "nullableString",
  businessPhones: "stringList",
  mobilePhone: "nullableString",
  employeeId: "nullableString",
  employeeType: "nullableString",
  accountEnabled: "boolean",
  userPrincipalName: "string",
  onPremisesExtensionAttributes: "extensionAttributes",
};
