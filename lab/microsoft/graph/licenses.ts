// Licenses (reference §3): GET /subscribedSkus[/{id}] with consumed units counted by the tenant index,
// POST /users/{id}/assignLicense with the usage-location rule, unknown SKUs and plans, unit
// exhaustion (CountViolation) and plan dependencies (DependencyViolation), and
// GET /users/{id}/licenseDetails.
import type { LabResponse } from "../../http/lab-http";
import { GRAPH_PERMISSIONS } from "../entra/resources";
import type { TenantHub } from "../tenant/tenant-hub";
import type { AssignedLicense, DirectoryUser, GraphState, SkuRecord } from "../tenant/types";
import { type GraphCall, type GraphRoute, objectBody, V1_ONLY } from "./graph-call";
import { GraphError, ok } from "./graph-http";
import { projectUser } from "./user-model";
import { requireUser } from "./users";

export const licenseRoutes: readonly GraphRoute[] = [
  { method: "GET", path: /^\/subscribedSkus\/?$/, versions: V1_ONLY, permissions: GRAPH_PERMISSIONS.organizationRead, handle: listSkus },
  { method: "GET", path: /^\/subscribedSkus\/(?<sku>[^/]+)$/, versions: V1_ONLY, permissions: GRAPH_PERMISSIONS.organizationRead, handle: getSku },
  { method: "POST", path: /^\/users\/(?<user>[^/]+)\/assignLicense$/, versions: V1_ONLY, permissions: GRAPH_PERMISSIONS.licensesWrite, handle: assignLicense },
  { method: "GET", path: /^\/users\/(?<user>[^/]+)\/licenseDetails\/?$/, versions: V1_ONLY, permissions: GRAPH_PERMISSIONS.usersRead, handle: licenseDetails },
];

function skuJson(hub: TenantHub, tenantId: string, tenantName: string, sku: SkuRecord): Record<string, unknown> {
  return {
    accountName: tenantName,
    accountId: tenantId,
    appliesTo: sku.appliesTo,
    capabilityStatus: sku.capabilityStatus,
    consumedUnits: hub.graph().unitsInUseOf(sku.skuId),
    id: `${tenantId}_${sku.skuId}`,
    skuId: sku.skuId,
    skuPartNumber: sku.skuPartNumber,
    subscriptionIds: [...sku.subscriptionIds],
    prepaidUnits: { ...sku.prepaidUnits },
    servicePlans: sku.servicePlans.map((plan) => ({ servicePlanId: plan.servicePlanId, servicePlanName: plan.servicePlanName, provisioningStatus: "Success", appliesTo: plan.appliesTo })),
  };
}

function listSkus(call: GraphCall): LabResponse {
  if (call.req.query.has("$filter")) throw new GraphError(400, "Request_UnsupportedQuery", "Query filter expressions are not supported.");
  const tenant = call.hub.require("entra", "graph").tenant;
  return ok(
    { "@odata.context": `${call.base}/${call.version}/$metadata#subscribedSkus`, value: call.graph.subscribedSkus.map((sku) => skuJson(call.hub, tenant.id, tenant.displayName, sku)) },
  );
}

function getSku(call: GraphCall): LabResponse {
  const tenant = call.hub.require("entra", "graph").tenant;
  const wanted = (call.params.sku ?? "").toLowerCase();
  const sku = call.graph.subscribedSkus.find((candidate) => `${tenant.id}_${candidate.skuId}` === wanted || candidate.skuId === wanted);
  if (!sku) throw new GraphError(404, "Request_ResourceNotFound", `Resource '${call.params.sku ?? ""}' does not exist or one of its queried reference-property objects are not present.`);
  return ok({ "@odata.context": `${call.base}/${call.version}/$metadata#subscribedSkus/$entity`, ...skuJson(call.hub, tenant.id, tenant.displayName, sku) });
}

interface LicenseChange {
  readonly add: AssignedLicense[];
  readonly remove: string[];
}

function readLicenseChange(body: Record<string, unknown>): LicenseChange {
  const { addLicenses, removeLicenses } = body;
  if (!Array.isArray(addLicenses) || !Array.isArray(removeLicenses)) {
    throw new GraphError(400, "Request_BadRequest", "Invalid license assignment request: both addLicenses and removeLicenses must be given (use [] for none).");
  }
  const add = addLicenses.map((item): AssignedLicense => {
    if (typeof item !== "object" || item === null || typeof (item as { skuId?: unknown }).skuId !== "string") {
      throw new GraphError(400, "Request_BadRequest", "Invalid value specified for property 'addLicenses' of resource 'User': each entry needs a skuId.");
    }
    const { skuId, disabledPlans } = item as { skuId: string; disabledPlans?: unknown };
    if (disabledPlans !== undefined && disabledPlans !== null && (!Array.isArray(disabledPlans) || disabledPlans.some((plan) => typeof plan !== "string"))) {
      throw new GraphError(400, "Request_BadRequest", "Invalid value specified for property 'disabledPlans' of resource 'AssignedLicense'.");
    }
    return { skuId: skuId.toLowerCase(), disabledPlans: ((disabledPlans as string[] | undefined | null) ?? []).map((plan) => plan.toLowerCase()) };
  });
  if (removeLicenses.some((item) => typeof item !== "string")) throw new GraphError(400, "Request_BadRequest", "Invalid value specified for property 'removeLicenses' of resource 'User': expected SKU ids.");
  return { add, remove: (removeLicenses as string[]).map((id) => id.toLowerCase()) };
}

/** Validates a license change for a user; returns the resulting license list. */
export function plannedLicenses(hub: TenantHub, graph: GraphState, user: DirectoryUser, change: LicenseChange): AssignedLicense[] {
  if (change.add.length > 0 && !user.properties.usageLocation) {
    throw new GraphError(400, "Request_BadRequest", "License assignment cannot be done for user with invalid usage location.");
  }
  const skuOf = (skuId: string): SkuRecord => {
    const sku = graph.subscribedSkus.find((candidate) => candidate.skuId === skuId);
    if (!sku) throw new GraphError(400, "Request_BadRequest", `License ${skuId} does not correspond to a valid company License.`);
    return sku;
  };
  const seen = new Set<string>();
  for (const license of change.add) {
    if (seen.has(license.skuId)) throw new GraphError(400, "Request_BadRequest", `License ${license.skuId} is listed more than once in addLicenses.`);
    seen.add(license.skuId);
    const sku = skuOf(license.skuId);
    for (const plan of license.disabledPlans) {
      if (!sku.servicePlans.some((candidate) => candidate.servicePlanId === plan)) {
        throw new GraphError(400, "Request_BadRequest", `Invalid value specified for property 'disabledPlans' of resource 'AssignedLicense': service plan ${plan} is not part of ${sku.skuPartNumber} (${sku.skuId}).`);
      }
    }
    if (change.remove.includes(license.skuId)) throw new GraphError(400, "Request_BadRequest", `License ${license.skuId} is in both addLicenses and removeLicenses.`);
  }
  for (const skuId of change.remove) {
    skuOf(skuId);
    if (!user.properties.assignedLicenses.some((license) => license.skuId === skuId)) {
      throw new GraphError(400, "Request_BadRequest", `User does not have a corresponding license. (${skuId} is not assigned to ${user.properties.userPrincipalName}.)`);
    }
  }
  for (const license of change.add) {
    if (user.properties.assignedLicenses.some((existing) => existing.skuId === license.skuId)) continue; // re-sent to change disabled plans: no new unit
    const sku = skuOf(license.skuId);
    const consumed = hub.graph().unitsInUseOf(sku.skuId);
    if (consumed + 1 > sku.prepaidUnits.enabled) {
      throw new GraphError(400, "Request_BadRequest", `License assignment failed because there are not enough licenses available for ${sku.skuPartNumber} (${sku.skuId}): ${consumed} of ${sku.prepaidUnits.enabled} units are assigned (CountViolation).`);
    }
  }
  const result = user.properties.assignedLicenses.filter((license) => !change.remove.includes(license.skuId) && !change.add.some((added) => added.skuId === license.skuId)).map((license) => ({ skuId: license.skuId, disabledPlans: [...license.disabledPlans] }));
  result.push(...change.add.map((license) => ({ skuId: license.skuId, disabledPlans: [...license.disabledPlans] })));

  // Plan dependencies (DependencyViolation): e.g. Teams Phone needs a Teams plan, a Calling Plan needs Teams Phone.
  const enabled = new Set<string>();
  for (const license of result) for (const plan of skuOf(license.skuId).servicePlans) if (!license.disabledPlans.includes(plan.servicePlanId)) enabled.add(plan.servicePlanId);
  for (const license of result) {
    for (const plan of skuOf(license.skuId).servicePlans) {
      if (!enabled.has(plan.servicePlanId) || !plan.dependsOnAny || plan.dependsOnAny.some((dependency) => enabled.has(dependency))) continue;
      throw new GraphError(400, "Request_BadRequest", `License assignment failed because service plan ${plan.servicePlanId} depends on the service plan(s) ${plan.dependsOnAny.join(", ")}.`);
    }
  }
  return result;
}

/** Stores a planned license list, stamping assignedLicenses when it changed. */
export function applyLicenses(hub: TenantHub, user: DirectoryUser, licenses: AssignedLicense[], stamp: number, now: string): void {
  const before = JSON.stringify([...user.properties.assignedLicenses].sort((a, b) => a.skuId.localeCompare(b.skuId)));
  const after = JSON.stringify([...licenses].sort((a, b) => a.skuId.localeCompare(b.skuId)));
  for (const license of licenses) if (!user.properties.assignedLicenses.some((existing) => existing.skuId === license.skuId)) user.licenseDates[license.skuId] = now;
  for (const skuId of Object.keys(user.licenseDates)) if (!licenses.some((license) => license.skuId === skuId)) delete user.licenseDates[skuId];
  hub.graph().licensesChanged(user.properties.assignedLicenses, licenses);
  user.properties.assignedLicenses = licenses;
  if (before !== after) {
    user.propertyStamps.assignedLicenses = stamp;
    user.lastChangeStamp = stamp;
  }
}

async function assignLicense(call: GraphCall): Promise<LabResponse> {
  const body = objectBody(call.req);
  const change = readLicenseChange(body);
  const user = requireUser(call, call.params.user ?? "", false);
  const licenses = plannedLicenses(call.hub, call.graph, user, change);
  await call.update((graph) => {
    applyLicenses(call.hub, user, licenses, call.hub.stamp(graph), new Date().toISOString().replace(/\.\d{3}Z$/, "Z"));
  });
  return ok({ "@odata.context": `${call.base}/${call.version}/$metadata#users/$entity`, ...projectUser(call.graph, user, undefined) });
}

function licenseDetails(call: GraphCall): LabResponse {
  const user = requireUser(call, call.params.user ?? "");
  const value = user.properties.assignedLicenses.map((license) => {
    const sku = call.graph.subscribedSkus.find((candidate) => candidate.skuId === license.skuId);
    return {
      id: Buffer.from(`${user.properties.id}:${license.skuId}`).toString("base64url"),
      skuId: license.skuId,
      skuPartNumber: sku?.skuPartNumber ?? null,
      servicePlans: (sku?.servicePlans ?? []).map((plan) => ({
        servicePlanId: plan.servicePlanId,
        servicePlanName: plan.servicePlanName,
        provisioningStatus: license.disabledPlans.includes(plan.servicePlanId) ? "Disabled" : "Success",
        appliesTo: plan.appliesTo,
      })),
    };
  });
  return ok({ "@odata.context": `${call.base}/${call.version}/$metadata#users('${user.properties.id}')/licenseDetails`, value });
}
