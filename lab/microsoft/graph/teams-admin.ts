// Teams administration through Graph (reference §4): number assignments with long-running
// operations, policy grants (userAssignments/assign|unassign, getPolicyId) and the read-only
// userConfigurations that reflect numbers, Enterprise Voice and grants made through Graph or
// the Teams admin API. Served under /v1.0 and /beta.
import type { LabResponse } from "../../http/lab-http";
import { GRAPH_PERMISSIONS } from "../entra/resources";
import { newGuid } from "../tenant/ids";
import { SERVICE_PLAN_IDS, policyKey } from "../tenant/seed-tenant";
import type { TenantHub } from "../tenant/tenant-hub";
import type { DirectoryUser, GraphState, NumberOperation, NumberRecord, NumberType, TeamsState } from "../tenant/types";
import { configurationType } from "../teams/configuration-types";
import { BOTH_VERSIONS, decodeToken, encodeToken, expiredPageToken, type GraphCall, type GraphRoute, link, objectBody, parseCheckedFilter, parseTop } from "./graph-call";
import { GraphError, noContent, ok } from "./graph-http";
import { capabilities, equalityValues, evaluateFilter, type FilterNode, type FilterProperty, type FilterSchema } from "./odata-filter";
import { enabledPlanIds } from "./user-model";

const TNM = "/admin/teams/telephoneNumberManagement";

export const teamsAdminRoutes: readonly GraphRoute[] = [
  { method: "GET", path: /^\/admin\/teams\/telephoneNumberManagement\/numberAssignments\/?$/, versions: BOTH_VERSIONS, permissions: GRAPH_PERMISSIONS.numbersRead, handle: listNumbers },
  { method: "POST", path: /^\/admin\/teams\/telephoneNumberManagement\/numberAssignments\/(?:microsoft\.graph\.teamsAdministration\.)?assignNumber$/, versions: BOTH_VERSIONS, permissions: GRAPH_PERMISSIONS.numbersWrite, handle: (call) => startOperation(call, "assignNumber") },
  { method: "POST", path: /^\/admin\/teams\/telephoneNumberManagement\/numberAssignments\/(?:microsoft\.graph\.teamsAdministration\.)?unassignNumber$/, versions: BOTH_VERSIONS, permissions: GRAPH_PERMISSIONS.numbersWrite, handle: (call) => startOperation(call, "unassignNumber") },
  { method: "POST", path: /^\/admin\/teams\/telephoneNumberManagement\/numberAssignments\/(?:microsoft\.graph\.teamsAdministration\.)?updateNumber$/, versions: BOTH_VERSIONS, permissions: GRAPH_PERMISSIONS.numbersWrite, handle: updateNumber },
  { method: "GET", path: /^\/admin\/teams\/telephoneNumberManagement\/numberAssignments\/(?<id>[^/]+)$/, versions: BOTH_VERSIONS, permissions: GRAPH_PERMISSIONS.numbersRead, handle: getNumber },
  { method: "GET", path: /^\/admin\/teams\/telephoneNumberManagement\/operations(?:\/(?<plain>[^/()]+)|\('(?<quoted>[^']+)'\)|\((?<bare>[^)']+)\))$/, versions: BOTH_VERSIONS, permissions: GRAPH_PERMISSIONS.numbersRead, handle: getOperation },
  { method: "POST", path: /^\/admin\/teams\/policy\/userAssignments\/(?:microsoft\.graph\.teamsAdministration\.)?assign$/, versions: BOTH_VERSIONS, permissions: GRAPH_PERMISSIONS.policyAssign, handle: assignPolicies },
  { method: "POST", path: /^\/admin\/teams\/policy\/userAssignments\/(?:microsoft\.graph\.teamsAdministration\.)?unassign$/, versions: BOTH_VERSIONS, permissions: GRAPH_PERMISSIONS.policyAssign, handle: unassignPolicies },
  { method: "GET", path: /^\/admin\/teams\/policy\/(?:microsoft\.graph\.teamsAdministration\.)?getPolicyId\((?<args>.*)\)$/, versions: BOTH_VERSIONS, permissions: GRAPH_PERMISSIONS.policyAssign, handle: getPolicyId },
  { method: "GET", path: /^\/admin\/teams\/userConfigurations\/?$/, versions: BOTH_VERSIONS, permissions: GRAPH_PERMISSIONS.userConfigurationsRead, handle: listUserConfigurations },
  { method: "GET", path: /^\/admin\/teams\/userConfigurations\/(?<user>[^/]+)$/, versions: BOTH_VERSIONS, permissions: GRAPH_PERMISSIONS.userConfigurationsRead, handle: getUserConfiguration },
];

function notFound(message: string): GraphError {
  return new GraphError(404, "NotFound", message);
}

// ---------------------------------------------------------------------------------------------
// number assignments

const NUMBER_TYPES: readonly NumberType[] = ["directRouting", "callingPlan", "operatorConnect"];
const ASSIGNMENT_CATEGORIES = ["primary", "private", "alternate"];

const str = (caps: FilterProperty["capabilities"]): FilterProperty => ({ type: "Edm.String", capabilities: caps });
const NUMBER_FILTER_SCHEMA: FilterSchema = {
  resource: "numberAssignment",
  odataType: "microsoft.graph.teamsAdministration.numberAssignment",
  advancedEverywhere: capabilities(),
  refused: {
    id: "Filtering on 'id' is not supported for numberAssignments.",
    city: "Filtering on 'city' is not supported for numberAssignments.",
  },
  properties: {
    telephoneNumber: str(capabilities("eq", "ne", "in", "startsWith", "not")),
    operatorId: str(capabilities("eq", "ne", "in", "null", "not")),
    numberType: str(capabilities("eq", "ne", "in", "not")),
    activationState: str(capabilities("eq", "ne", "in", "not")),
    assignmentTargetId: str(capabilities("eq", "ne", "in", "null", "not")),
    assignmentCategory: str(capabilities("eq", "ne", "in", "null", "not")),
    assignmentStatus: str(capabilities("eq", "ne", "in", "not")),
    locationId: str(capabilities("eq", "ne", "in", "null", "not")),
    civicAddressId: str(capabilities("eq", "ne", "in", "null", "not")),
    networkSiteId: str(capabilities("eq", "ne", "in", "null", "not")),
    isoCountryCode: str(capabilities("eq", "ne", "in", "not")),
    numberSource: str(capabilities("eq", "ne", "in", "not")),
    portInStatus: str(capabilities("eq", "ne", "in", "null", "not")),
    capabilities: { type: "Edm.String", capabilities: capabilities("any", "not"), element: { "": str(capabilities("eq")) } },
    supportedCustomerActions: { type: "Edm.String", capabilities: capabilities("any", "not"), element: { "": str(capabilities("eq")) } },
  },
};

function numberJson(number: NumberRecord): Record<string, unknown> {
  const { pendingOperationId: _pending, ...wire } = number;
  return structuredClone(wire);
}

export function normalizeNumber(text: string): string {
  const trimmed = text.trim().replace(/^tel:/i, "");
  return trimmed.startsWith("+") ? trimmed : `+${trimmed}`;
}

function listNumbers(call: GraphCall): Promise<LabResponse> | LabResponse {
  return withSettledOperations(call, () => {
    const { req } = call;
    const top = parseTop(req, 500, 1000);
    const skipText = req.query.get("$skip");
    if (skipText !== null && !/^\d+$/.test(skipText)) throw new GraphError(400, "BadRequest", `Invalid value '${skipText}' for $skip: expected a whole number.`);
    const skip = Number(skipText ?? "0");
    const filterText = req.query.get("$filter");
    const filter = filterText === null || filterText.trim() === "" ? undefined : parseCheckedFilter(filterText, NUMBER_FILTER_SCHEMA, true);
    const candidates = numberCandidates(call, filter);
    const all = filter ? candidates.filter((number) => evaluateFilter(filter, (path) => (number as unknown as Record<string, unknown>)[path])) : candidates;
    // No @odata.nextLink: whether the service emits one is unverified (reference §4.2); page with $top/$skip.
    return ok({ "@odata.context": `${call.base}/${call.version}/$metadata#admin/teams/telephoneNumberManagement/numberAssignments`, value: all.slice(skip, skip + top).map(numberJson) });
  });
}

function getNumber(call: GraphCall): Promise<LabResponse> | LabResponse {
  return withSettledOperations(call, () => {
    const id = call.params.id ?? "";
    const numbers = call.hub.graph();
    const number = numbers.numberById(id) ?? numbers.numberByTelephone(normalizeNumber(id));
    if (!number) throw notFound(`Number assignment '${id}' was not found.`);
    return ok({ "@odata.context": `${call.base}/${call.version}/$metadata#admin/teams/telephoneNumberManagement/numberAssignments/$entity`, ...numberJson(number) });
  });
}

function operationUrl(call: GraphCall, id: string): string {
  return `${call.base}/${call.version}${TNM}/operations('${id}')`;
}

async function startOperation(call: GraphCall, kind: NumberOperation["kind"]): Promise<LabResponse> {
  const body = objectBody(call.req);
  const known = kind === "assignNumber" ? ["telephoneNumber", "assignmentTargetId", "numberType", "assignmentCategory", "locationId"] : ["telephoneNumber", "numberType"];
  for (const name of Object.keys(body)) {
    if (!known.includes(name) && !name.startsWith("@odata")) throw new GraphError(400, "BadRequest", `The property '${name}' does not exist on type 'microsoft.graph.teamsAdministration.numberAssignment' for ${kind}.`);
  }
  if (typeof body.telephoneNumber !== "string" || !/^\+?\d{4,15}$/.test(body.telephoneNumber.trim())) {
    throw new GraphError(400, "BadRequest", `${kind} needs telephoneNumber as digits with an optional leading +, e.g. "+13125550101"; got ${JSON.stringify(body.telephoneNumber)}.`);
  }
  if (typeof body.numberType !== "string" || !NUMBER_TYPES.includes(body.numberType as NumberType)) {
    throw new GraphError(400, "BadRequest", `${kind} needs numberType, one of ${NUMBER_TYPES.join(", ")}; got ${JSON.stringify(body.numberType)}.`);
  }
  let target: string | null = null;
  let category: string | null = null;
  let locationId: string | null = null;
  if (kind === "assignNumber") {
    if (typeof body.assignmentTargetId !== "string" || body.assignmentTargetId.trim() === "") throw new GraphError(400, "BadRequest", "assignNumber needs assignmentTargetId, the object id of the user.");
    target = body.assignmentTargetId.trim().toLowerCase();
    if (body.assignmentCategory !== undefined && (typeof body.assignmentCategory !== "string" || !ASSIGNMENT_CATEGORIES.includes(body.assignmentCategory))) {
      throw new GraphError(400, "BadRequest", `assignmentCategory must be one of ${ASSIGNMENT_CATEGORIES.join(", ")}; got ${JSON.stringify(body.assignmentCategory)}.`);
    }
    category = (body.assignmentCategory as string | undefined) ?? "primary";
    if (body.locationId !== undefined && body.locationId !== null) {
      if (typeof body.locationId !== "string") throw new GraphError(400, "BadRequest", `locationId must be a string; got ${JSON.stringify(body.locationId)}.`);
      locationId = body.locationId;
    }
  }
  const now = new Date();
  const operation: NumberOperation = {
    id: newGuid(),
    kind,
    createdDateTime: now.toISOString(),
    createdAtMs: now.getTime(),
    telephoneNumber: normalizeNumber(body.telephoneNumber),
    numberType: body.numberType as NumberType,
    assignmentTargetId: target,
    assignmentCategory: category,
    locationId,
    polls: 0,
    status: "notStarted",
    statusDetail: null,
  };
  await call.update((graph) => {
    settleAged(graph, call.hub, now.getTime());
    call.hub.graph().addOperation(operation);
    const number = call.hub.graph().numberByTelephone(operation.telephoneNumber);
    if (number && number.pendingOperationId === null && (kind === "unassignNumber" || number.assignmentTargetId === null || number.assignmentTargetId === target)) {
      number.pendingOperationId = operation.id;
      number.activationState = kind === "assignNumber" ? "assignmentPending" : "updatePending";
    }
  });
  return { status: 202, headers: { location: operationUrl(call, operation.id), "content-length": "0", ...retryAfter(call.graph) } };
}

/** The Retry-After the lab's knob asks for while an operation runs (none by default, as Graph documents none). */
function retryAfter(graph: GraphState): Record<string, string> {
  const seconds = graph.settings.lro.retryAfterSeconds;
  return seconds === null ? {} : { "retry-after": String(seconds) };
}

/** Finishes operations older than settleAfterSeconds (clients that never poll still see the change). */
function settleAged(graph: GraphState, hub: TenantHub, nowMs: number): boolean {
  let changed = false;
  for (const operation of hub.graph().pendingOperations()) {
    if (nowMs - operation.createdAtMs >= graph.settings.lro.settleAfterSeconds * 1000) {
      complete(graph, hub, operation);
      changed = true;
    }
  }
  return changed;
}

async function withSettledOperations(call: GraphCall, read: () => LabResponse): Promise<LabResponse> {
  const now = Date.now();
  const aged = call.hub.graph().pendingOperations().some((operation) => now - operation.createdAtMs >= call.graph.settings.lro.settleAfterSeconds * 1000);
  if (aged) await call.update((graph) => void settleAged(graph, call.hub, now));
  return read();
}

async function getOperation(call: GraphCall): Promise<LabResponse> {
  const id = (call.params.plain ?? call.params.quoted ?? call.params.bare ?? "").toLowerCase();
  const operation = call.hub.graph().operation(id);
  if (!operation) throw notFound(`Operation '${id}' was not found.`);
  await call.update((graph) => {
    settleAged(graph, call.hub, Date.now());
    if (operation.status === "succeeded" || operation.status === "failed") return;
    operation.polls += 1;
    const { notStartedPolls, runningPolls } = graph.settings.lro;
    if (operation.polls <= notStartedPolls) operation.status = "notStarted";
    else if (operation.polls <= notStartedPolls + runningPolls) operation.status = "running";
    else complete(graph, call.hub, operation);
  });
  const final = operation.status === "succeeded" || operation.status === "failed";
  return ok({
    "@odata.context": `${call.base}/${call.version}/$metadata#admin/teams/telephoneNumberManagement/operations/$entity`,
    id: operation.id,
    createdDateTime: operation.createdDateTime,
    status: operation.status,
    numbers: [
      {
        resourceLocation: `${call.base}/${call.version}${TNM}/numberAssignments/${call.hub.graph().numberByTelephone(operation.telephoneNumber)?.id ?? encodeURIComponent(operation.telephoneNumber)}`,
        status: operation.status,
        statusDetail: operation.statusDetail,
      },
    ],
  }, 200, final ? {} : retryAfter(call.graph));
}

function complete(graph: GraphState, hub: TenantHub, operation: NumberOperation): void {
  const index = hub.graph();
  const number = index.numberByTelephone(operation.telephoneNumber);
  const release = (): void => {
    if (number && number.pendingOperationId === operation.id) {
      number.pendingOperationId = null;
      number.activationState = "activated";
    }
  };
  const fail = (detail: string): void => {
    operation.status = "failed";
    operation.statusDetail = detail;
    index.finished(operation);
    release();
  };
  if (!number) return fail(`Telephone number '${operation.telephoneNumber}' was not found in the tenant's number inventory.`);
  if (number.numberType !== operation.numberType) return fail(`Telephone number '${operation.telephoneNumber}' is a ${number.numberType} number, not ${operation.numberType}.`);

  if (operation.kind === "unassignNumber") {
    release();
    index.assign(number, null, null, "unassigned");
    // A Direct Routing number's emergency location is given with its assignment, so it goes
    // with it (lab choice; a Calling Plan number keeps the location it was acquired with).
    if (number.numberType === "directRouting") number.locationId = null;
    operation.status = "succeeded";
    index.finished(operation);
    return;
  }

  const userId = operation.assignmentTargetId ?? "";
  const user = index.user(userId);
  if (!user) return fail(`User '${userId}' was not found.`);
  if (number.assignmentTargetId !== null && number.assignmentTargetId !== userId) return fail(`Telephone Number '${number.telephoneNumber}' has already been assigned to another user`);
  if (!number.capabilities.includes("userAssignment")) return fail(`Telephone number '${number.telephoneNumber}' cannot be assigned to users (capabilities: ${number.capabilities.join(", ") || "none"}).`);
  const licenseProblem = missingVoiceLicense(graph, user, number.numberType);
  if (licenseProblem) return fail(licenseProblem);
  if (operation.locationId !== null) {
    const teams = hub.optional("teams");
    if (teams && !teams.emergencyLocations.some((location) => location.LocationId === operation.locationId)) return fail(`Emergency location '${operation.locationId}' was not found.`);
  }
  // The user's other primary number is released: a user has one primary number.
  if (operation.assignmentCategory === "primary") {
    for (const other of index.numbersOf(userId)) {
      if (other !== number && other.assignmentCategory === "primary") index.assign(other, null, null, "unassigned");
    }
  }
  release();
  index.assign(number, userId, operation.assignmentCategory, "userAssigned");
  if (operation.locationId !== null) {
    number.locationId = operation.locationId;
    number.civicAddressId = hub.optional("teams")?.emergencyLocations.find((location) => location.LocationId === operation.locationId)?.CivicAddressId ?? null;
  }
  operation.status = "succeeded";
  index.finished(operation);
  // Assigning a number turns Enterprise Voice on (as Set-CsPhoneNumberAssignment does).
  hub.recordEnterpriseVoice("graph", { userId, enabled: true, stamp: hub.stamp(graph) });
}

function missingVoiceLicense(graph: GraphState, user: DirectoryUser, numberType: NumberType): string | undefined {
  const plans = enabledPlanIds(graph, user);
  const phoneSystem = plans.has(SERVICE_PLAN_IDS.phoneSystem) || plans.has(SERVICE_PLAN_IDS.phoneSystemVirtualUser);
  const label = numberType === "directRouting" ? "DirectRouting" : numberType === "callingPlan" ? "CallingPlan" : "OperatorConnect";
  if (!phoneSystem || (numberType === "callingPlan" && !plans.has(SERVICE_PLAN_IDS.domesticCallingPlan))) {
    return `User '${user.properties.userPrincipalName}' lacks appropriate licenses to assign a '${label}' number.`;
  }
  return undefined;
}

const UPDATE_NUMBER_FIELDS = ["telephoneNumber", "locationId", "networkSiteId", "reverseNumberLookupOptions"];
const REVERSE_NUMBER_LOOKUP_OPTIONS = ["skipInternalVoip"];

/**
 * POST .../numberAssignments/updateNumber (reference §4.2): 200 with the number. An empty
 * string clears a field, null or absent keeps it; the location must exist.
 */
async function updateNumber(call: GraphCall): Promise<LabResponse> {
  const body = objectBody(call.req);
  for (const name of Object.keys(body)) {
    if (!UPDATE_NUMBER_FIELDS.includes(name) && !name.startsWith("@odata")) throw new GraphError(400, "BadRequest", `The property '${name}' does not exist on type 'microsoft.graph.teamsAdministration.numberAssignment' for updateNumber (it takes ${UPDATE_NUMBER_FIELDS.join(", ")}).`);
  }
  if (typeof body.telephoneNumber !== "string" || !/^\+?\d{4,15}$/.test(body.telephoneNumber.trim())) {
    throw new GraphError(400, "BadRequest", `updateNumber needs telephoneNumber as digits with an optional leading +, e.g. "+13125550101"; got ${JSON.stringify(body.telephoneNumber)}.`);
  }
  for (const name of ["locationId", "networkSiteId"] as const) {
    if (body[name] !== undefined && body[name] !== null && typeof body[name] !== "string") throw new GraphError(400, "BadRequest", `${name} must be a string ("" clears it); got ${JSON.stringify(body[name])}.`);
  }
  const options = body.reverseNumberLookupOptions;
  if (options !== undefined && options !== null && (!Array.isArray(options) || options.some((item) => typeof item !== "string" || !REVERSE_NUMBER_LOOKUP_OPTIONS.includes(item)))) {
    throw new GraphError(400, "BadRequest", `reverseNumberLookupOptions must be a list of ${REVERSE_NUMBER_LOOKUP_OPTIONS.map((item) => `'${item}'`).join(", ")} ([] clears it); got ${JSON.stringify(options)}.`);
  }
  const telephoneNumber = normalizeNumber(body.telephoneNumber);
  const number = call.hub.graph().numberByTelephone(telephoneNumber);
  if (!number) throw notFound(`Telephone number '${telephoneNumber}' was not found in the tenant's number inventory.`);
  const locationId = body.locationId as string | null | undefined;
  const location = typeof locationId === "string" && locationId !== "" ? call.hub.optional("teams")?.emergencyLocations.find((item) => item.LocationId.toLowerCase() === locationId.toLowerCase()) : undefined;
  if (typeof locationId === "string" && locationId !== "" && call.hub.optional("teams") && !location) {
    throw new GraphError(400, "BadRequest", `Emergency location '${locationId}' was not found.`);
  }
  await call.update(() => {
    if (typeof locationId === "string") {
      number.locationId = locationId === "" ? null : location?.LocationId ?? locationId;
      number.civicAddressId = locationId === "" ? null : location?.CivicAddressId ?? null;
    }
    if (typeof body.networkSiteId === "string") number.networkSiteId = body.networkSiteId === "" ? null : body.networkSiteId;
    if (Array.isArray(options)) number.reverseNumberLookupOptions = [...(options as string[])];
  });
  return ok({ "@odata.context": `${call.base}/${call.version}/$metadata#admin/teams/telephoneNumberManagement/numberAssignments/$entity`, ...numberJson(number) });
}

// ---------------------------------------------------------------------------------------------
// policy assignment

interface PolicyRef {
  readonly type: string;
  readonly identity: string;
}

/** The policy instance with this opaque id (Graph getPolicyId). */
function policyById(teams: TeamsState, policyId: string): PolicyRef | undefined {
  const entry = Object.entries(teams.policyIds).find(([, id]) => id === policyId);
  if (!entry) return undefined;
  const [type, lowerIdentity] = entry[0].split("|") as [string, string];
  const instance = teams.configurations[type]?.find((item) => item.Identity.toLowerCase() === lowerIdentity);
  return instance ? { type, identity: instance.Identity } : undefined;
}

function grantableType(policyType: unknown): string {
  const spec = typeof policyType === "string" ? configurationType(policyType) : undefined;
  if (!spec || !spec.grantable) {
    throw new GraphError(400, "BadRequest", `Policy type ${JSON.stringify(policyType)} is not supported by the lab's Teams simulator (it serves TenantDialPlan, OnlineVoiceRoutingPolicy, TeamsCallingPolicy and TeamsEmergencyCallingPolicy).`);
  }
  return spec.name;
}

function assignmentItems(body: Record<string, unknown>, action: string): Record<string, unknown>[] {
  const value = body.value;
  if (!Array.isArray(value) || value.length === 0 || value.some((item) => typeof item !== "object" || item === null || Array.isArray(item))) {
    throw new GraphError(400, "BadRequest", `${action} needs {"value": [ {"userId": ..., "policyType": ...${action === "assign" ? ', "policyId": ...' : ""}} ]}.`);
  }
  return value as Record<string, unknown>[];
}

async function assignPolicies(call: GraphCall): Promise<LabResponse> {
  const items = assignmentItems(objectBody(call.req), "assign");
  const teams = call.hub.require("teams", "graph");
  // All items are checked before any is applied (partial-failure semantics are undocumented).
  const planned = items.map((item, index) => {
    const user = typeof item.userId === "string" ? call.hub.findUser(item.userId) : undefined;
    if (!user) throw notFound(`value[${index}]: user ${JSON.stringify(item.userId)} was not found.`);
    const type = grantableType(item.policyType);
    if (typeof item.policyId !== "string" || item.policyId === "") throw new GraphError(400, "BadRequest", `value[${index}]: policyId is required (from getPolicyId).`);
    const policy = policyById(teams, item.policyId);
    if (!policy) throw new GraphError(400, "BadRequest", `value[${index}]: policy '${item.policyId}' was not found.`);
    if (policy.type !== type) throw new GraphError(400, "BadRequest", `value[${index}]: policy '${item.policyId}' is a ${policy.type}, not a ${type}.`);
    return { userId: user.properties.id, type, identity: policy.identity === "Global" ? null : policy.identity };
  });
  await call.update((graph) => {
    const at = new Date().toISOString();
    for (const grant of planned) {
      const record = { userId: grant.userId, policyType: grant.type, policyIdentity: grant.identity, stamp: call.hub.stamp(graph), at };
      call.hub.recordGrant("graph", record);
    }
  });
  return noContent();
}

async function unassignPolicies(call: GraphCall): Promise<LabResponse> {
  const items = assignmentItems(objectBody(call.req), "unassign");
  const planned = items.map((item, index) => {
    const user = typeof item.userId === "string" ? call.hub.findUser(item.userId) : undefined;
    if (!user) throw notFound(`value[${index}]: user ${JSON.stringify(item.userId)} was not found.`);
    return { userId: user.properties.id, type: grantableType(item.policyType) };
  });
  await call.update((graph) => {
    const at = new Date().toISOString();
    for (const grant of planned) {
      const record = { userId: grant.userId, policyType: grant.type, policyIdentity: null, stamp: call.hub.stamp(graph), at };
      call.hub.recordGrant("graph", record);
    }
  });
  return noContent();
}

/** `type='TeamsMeetingPolicy',name='AllOn'` with '' escaping. */
function functionArguments(text: string): Record<string, string> {
  const args: Record<string, string> = {};
  const pattern = /\s*([A-Za-z]+)\s*=\s*'((?:[^']|'')*)'\s*(,|$)/y;
  let index = 0;
  while (index < text.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (!match) throw new GraphError(400, "BadRequest", `getPolicyId takes type='<policy type>',name='<policy name>'; got (${text}).`);
    args[(match[1] as string).toLowerCase()] = (match[2] as string).replace(/''/g, "'");
    index = pattern.lastIndex;
    if (match[3] === "") break;
  }
  return args;
}

function getPolicyId(call: GraphCall): LabResponse {
  const args = functionArguments(call.params.args ?? "");
  if (args.type === undefined || args.name === undefined) throw new GraphError(400, "BadRequest", "getPolicyId needs both type and name.");
  const type = grantableType(args.type);
  const teams = call.hub.require("teams", "graph");
  const wanted = args.name.toLowerCase();
  const instance = (teams.configurations[type] ?? []).find((item) => item.Identity.toLowerCase() === wanted || item.Identity.toLowerCase() === `tag:${wanted}`);
  if (!instance) throw notFound(`No ${type} named '${args.name}' exists.`);
  return ok({
    "@odata.context": `${call.base}/${call.version}/$metadata#Collection(microsoft.graph.teamsAdministration.policyIdentifierDetail)`,
    value: [{ name: instance.Identity, policyId: teams.policyIds[policyKey(type, instance.Identity)] ?? "" }],
  });
}

// ---------------------------------------------------------------------------------------------
// user configurations

const USER_CONFIGURATION_SCHEMA: FilterSchema = {
  resource: "teamsUserConfiguration",
  odataType: "microsoft.graph.teamsAdministration.teamsUserConfiguration",
  advancedEverywhere: capabilities(),
  properties: {
    id: str(capabilities("eq", "in")),
    userPrincipalName: str(capabilities("eq", "in", "startsWith")),
    accountType: str(capabilities("eq", "ne", "in")),
    isEnterpriseVoiceEnabled: { type: "Edm.Boolean", capabilities: capabilities("eq", "ne") },
    featureTypes: { type: "Edm.String", capabilities: capabilities("any"), element: { "": str(capabilities("eq")) } },
    telephoneNumbers: { type: "Edm.String", capabilities: capabilities("any"), element: { telephoneNumber: str(capabilities("eq", "startsWith")), assignmentCategory: str(capabilities("eq")) } },
  },
};

const FEATURE_TYPES: Readonly<Record<string, string>> = {
  [SERVICE_PLAN_IDS.teams]: "Teams",
  [SERVICE_PLAN_IDS.phoneSystem]: "PhoneSystem",
  [SERVICE_PLAN_IDS.phoneSystemVirtualUser]: "PhoneSystemVirtualUser",
  [SERVICE_PLAN_IDS.domesticCallingPlan]: "CallingPlan",
  [SERVICE_PLAN_IDS.audioConferencing]: "AudioConferencing",
};

export function userConfiguration(call: Pick<GraphCall, "hub" | "graph">, user: DirectoryUser, countRead: boolean): Record<string, unknown> {
  const { hub, graph } = call;
  const plans = enabledPlanIds(graph, user);
  const featureTypes = [...new Set([...plans].map((plan) => FEATURE_TYPES[plan]).filter((name): name is string => name !== undefined))].sort();
  const userId = user.properties.id;
  const teams = hub.optional("teams");
  const grants = hub.effectiveGrants(userId, countRead);
  const modified = [user.properties.createdDateTime, ...hub.grantsOf(userId).map((grant) => grant.record.at)].sort().pop();
  return {
    id: userId,
    tenantId: hub.optional("entra")?.tenant.id ?? null,
    userPrincipalName: user.properties.userPrincipalName,
    accountType: plans.has(SERVICE_PLAN_IDS.phoneSystemVirtualUser) ? "resourceAccount" : plans.has(SERVICE_PLAN_IDS.teams) ? "user" : "ineligibleUser",
    isEnterpriseVoiceEnabled: hub.enterpriseVoiceEnabled(userId),
    featureTypes,
    telephoneNumbers: hub.numbersOf(userId).map((number) => ({ telephoneNumber: number.telephoneNumber, assignmentCategory: number.assignmentCategory ?? "primary" })),
    effectivePolicyAssignments: grants.map((grant) => ({
      policyType: grant.policyType,
      policyAssignment: {
        displayName: grant.policyIdentity.replace(/^Tag:/, ""),
        assignmentType: "direct",
        policyId: teams?.policyIds[policyKey(grant.policyType, grant.policyIdentity)] ?? null,
        groupId: null,
      },
    })),
    createdDateTime: user.properties.createdDateTime,
    modifiedDateTime: modified ?? user.properties.createdDateTime,
  };
}

function listUserConfigurations(call: GraphCall): Promise<LabResponse> {
  return withSettledOperations(call, () => {
    const { req, graph } = call;
    const top = parseTop(req, 100, 999);
    const filterText = req.query.get("$filter");
    const filter = filterText === null || filterText.trim() === "" ? undefined : parseCheckedFilter(filterText, USER_CONFIGURATION_SCHEMA, true);
    let start = 0;
    const skipToken = req.query.get("$skiptoken");
    if (skipToken !== null) {
      const token = decodeToken(skipToken);
      if (!token || token.g !== graph.generation || typeof token.o !== "number") throw expiredPageToken();
      start = token.o;
    }
    const body: Record<string, unknown> = { "@odata.context": `${call.base}/${call.version}/$metadata#admin/teams/userConfigurations` };
    const page = filter ? filteredConfigurations(call, filter, start, top) : unfilteredConfigurations(call, start, top);
    if (page.more) {
      const next: Record<string, string | undefined> = {};
      for (const [name, value] of req.query) if (name !== "$skiptoken") next[name] = value;
      next.$skiptoken = encodeToken({ g: graph.generation, o: start + top });
      body["@odata.nextLink"] = link(call, "/admin/teams/userConfigurations", next);
    }
    body.value = page.value;
    return ok(body);
  });
}

interface ConfigurationPage {
  readonly value: Record<string, unknown>[];
  readonly more: boolean;
}

/** A page in id order, computing only the users on it. */
function unfilteredConfigurations(call: GraphCall, start: number, top: number): ConfigurationPage {
  const index = call.hub.graph();
  const ids = call.hub.hasHiddenUsers() ? index.userIdsInOrder().filter((id) => !call.hub.isUserHidden(id)) : index.userIdsInOrder();
  const value = ids.slice(start, start + top).map((id) => userConfiguration(call, index.user(id) as DirectoryUser, false));
  return { value, more: start + top < ids.length };
}

/** Users named by id or userPrincipalName equality are looked up; any other filter is evaluated on every user. */
function filteredConfigurations(call: GraphCall, filter: FilterNode, start: number, top: number): ConfigurationPage {
  const index = call.hub.graph();
  const named = equalityValues(filter, "id") ?? equalityValues(filter, "userPrincipalName");
  const users = named
    ? [...new Set(named.map((key) => index.user(key)).filter((user): user is DirectoryUser => user !== undefined))].sort((a, b) => (a.properties.id < b.properties.id ? -1 : 1))
    : index.userIdsInOrder().map((id) => index.user(id) as DirectoryUser);
  const all = users
    .filter((user) => !call.hub.isUserHidden(user.properties.id))
    .map((user) => userConfiguration(call, user, false))
    .filter((configuration) => evaluateFilter(filter, (path) => configuration[Object.keys(configuration).find((key) => key.toLowerCase() === path.toLowerCase()) ?? path]));
  return { value: all.slice(start, start + top), more: start + top < all.length };
}

/** The numbers a filter can match: looked up when it names telephone numbers or users, else the whole inventory. */
function numberCandidates(call: GraphCall, filter: FilterNode | undefined): readonly NumberRecord[] {
  const index = call.hub.graph();
  if (filter) {
    const telephoneNumbers = equalityValues(filter, "telephoneNumber");
    if (telephoneNumbers) return byTelephoneNumber(telephoneNumbers.map((value) => index.numberByTelephone(value)));
    const targets = equalityValues(filter, "assignmentTargetId");
    if (targets) return byTelephoneNumber(targets.flatMap((target) => index.numbersOf(target.toLowerCase())));
  }
  return call.graph.numbers;
}

function byTelephoneNumber(numbers: readonly (NumberRecord | undefined)[]): NumberRecord[] {
  return [...new Set(numbers.filter((number): number is NumberRecord => number !== undefined))].sort((a, b) => (a.telephoneNumber < b.telephoneNumber ? -1 : a.telephoneNumber > b.telephoneNumber ? 1 : 0));
}

function getUserConfiguration(call: GraphCall): Promise<LabResponse> {
  return withSettledOperations(call, () => {
    const wanted = call.params.user ?? "";
    const user = call.hub.findUser(wanted);
    if (!user || call.hub.consumeUserLag(user.properties.id)) throw notFound(`User configuration '${wanted}' was not found.`);
    return ok({ "@odata.context": `${call.base}/${call.version}/$metadata#admin/teams/userConfigurations/$entity`, ...userConfiguration(call, user, true) });
  });
}
