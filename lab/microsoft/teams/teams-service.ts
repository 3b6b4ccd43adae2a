// The teams simulator: the subset of the Teams admin "ConfigAPI" (the undocumented API behind the
// MicrosoftTeams PowerShell module, reference §5.3) that Graph cannot do:
//   GET|POST                /Skype.Policy/configurations/{Type}
//   GET|PUT|DELETE          /Skype.Policy/configurations/{Type}/configuration/{Identity}
//   GET                     /Skype.Policy/users/{user}/policies[/{PolicyType}]
//   PATCH                   /Skype.Policy/users/{user}/policies/{PolicyType}  {"PolicyName": "X" | null}
//   PUT                     /Skype.Policy/users/{user}  {"PolicyType", "PolicyName"}   (go-teams' form of Grant-Cs*)
//   GET|PATCH               /Teams.User/users/{user}  (Get-CsOnlineUser view; EnterpriseVoiceEnabled)
//   GET|POST, GET|PUT|DELETE /Skype.Ncs/locations[/{LocationId}]  (emergency locations)
//   GET                     /Teams.Tenant/tenants
// Token audience 48ac35b8-9aa8-4d74-927d-1f4a14a0b239; a token without a Teams admin role
// (claim `wids`) answers 403. Errors are {"error":{"code","message"}} with x-ms-correlation-id.
import { defineService, type LabServiceContext, type LabServiceDefinition, type ServiceState } from "../../lab-service";
import { LabHttpError, type LabRequest, type LabResponse } from "../../http/lab-http";
import { validateAccessToken, type AccessTokenClaims } from "../entra/access-tokens";
import { TEAMS_ADMIN_AUDIENCES, TEAMS_ADMIN_ROLES } from "../entra/resources";
import { enabledPlanIds } from "../graph/user-model";
import { decodeTeamsState } from "../tenant/decode";
import { guidFrom, newGuid, opaqueIdFrom } from "../tenant/ids";
import { policyKey, SERVICE_PLAN_IDS, seedTeams } from "../tenant/seed-tenant";
import { SeedReader } from "../tenant/seed-input";
import type { TenantHub } from "../tenant/tenant-hub";
import { readTeamsThrottling } from "../throttling/limits";
import { TeamsThrottle } from "../throttling/teams-throttling";
import type { ConfigurationInstance, DirectoryUser, EmergencyLocation, TeamsState } from "../tenant/types";
import { checkFields, configurationType, type ConfigurationTypeSpec, describe, normalizeIdentity } from "./configuration-types";

class TeamsError extends Error {
  override readonly name = "TeamsError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

interface TeamsCall {
  readonly req: LabRequest;
  readonly params: Readonly<Record<string, string>>;
  readonly teams: TeamsState;
  update(mutate: (teams: TeamsState) => void): Promise<void>;
  readonly hub: TenantHub;
  readonly lab: LabServiceContext;
  readonly auth: AccessTokenClaims;
}

interface TeamsRoute {
  readonly method: string;
  readonly path: RegExp;
  handle(call: TeamsCall): LabResponse | Promise<LabResponse>;
}

const json = (status: number, body: unknown): LabResponse => ({ status, headers: { "content-type": "application/json; charset=utf-8" }, body });
const noContent = (): LabResponse => ({ status: 204 });

export function createTeamsService(hub: TenantHub, throttle: TeamsThrottle = new TeamsThrottle()): LabServiceDefinition<TeamsState> {
  const handle = async (req: LabRequest, state: ServiceState<TeamsState>, lab: LabServiceContext): Promise<LabResponse> => {
    hub.attach(state.current);
    const sentCorrelation = req.headers["x-ms-correlation-id"];
    const correlationId = typeof sentCorrelation === "string" && sentCorrelation !== "" ? sentCorrelation : newGuid();
    let response: LabResponse;
    try {
      response = await route(req, state, lab);
    } catch (error) {
      if (error instanceof TeamsError) response = { ...json(error.status, { error: { code: error.code, message: error.message } }), headers: { "content-type": "application/json; charset=utf-8", ...error.headers } };
      else if (error instanceof LabHttpError) response = json(error.status, { error: { code: error.status === 400 ? "BadRequest" : error.code, message: error.message } });
      else throw error;
    }
    return { ...response, headers: { ...response.headers, "x-ms-correlation-id": correlationId } };
  };

  const route = async (req: LabRequest, state: ServiceState<TeamsState>, lab: LabServiceContext): Promise<LabResponse> => {
    const entra = hub.require("entra", "teams");
    const check = validateAccessToken(entra, typeof req.headers.authorization === "string" ? req.headers.authorization : undefined, TEAMS_ADMIN_AUDIENCES, Math.floor(Date.now() / 1000));
    if (!check.ok) throw new TeamsError(401, "InvalidAuthenticationToken", check.message);
    if (!(check.claims.wids ?? []).some((role) => TEAMS_ADMIN_ROLES.includes(role))) {
      throw new TeamsError(403, "Forbidden", "The caller is not authorized to perform this operation: the service principal needs the Teams Administrator (or Teams Communications Administrator) role.");
    }
    const admitted = throttle.admit(state.current.throttling, req.method, check.claims.appid);
    if (!admitted.ok) throw new TeamsError(429, "TooManyRequests", admitted.message, { "retry-after": String(admitted.retryAfterSeconds) });
    let path: string;
    try {
      path = req.path.split("/").map((segment) => decodeURIComponent(segment)).join("/");
    } catch {
      throw new TeamsError(400, "BadRequest", `The request path is not valid percent-encoding: ${req.path}`);
    }
    const allowed: string[] = [];
    for (const candidate of TEAMS_ROUTES) {
      const match = candidate.path.exec(path);
      if (!match) continue;
      if (candidate.method !== req.method) {
        allowed.push(candidate.method);
        continue;
      }
      return candidate.handle({
        req,
        params: { ...(match.groups ?? {}) },
        get teams() {
          return state.current;
        },
        update: (mutate) => state.update((teams) => void mutate(teams)),
        hub,
        lab,
        auth: check.claims,
      });
    }
    if (allowed.length > 0) throw new TeamsError(405, "MethodNotAllowed", `${req.path} accepts ${[...new Set(allowed)].join(", ")}, not ${req.method}.`);
    throw new TeamsError(404, "NotFound", `The lab's Teams admin API simulator has no resource ${req.path} (see docs/lab-microsoft.md).`);
  };

  return defineService<TeamsState>({
    name: "teams",
    initialState: () => {
      throttle.limiter.fill();
      return hub.attach(seedTeams());
    },
    decodeState: (raw) => hub.attach(decodeTeamsState(raw)),
    seed: (state, data) => {
      const copy = structuredClone(state);
      hub.attach(copy);
      try {
        return applyTeamsSeed(copy, data, hub);
      } catch (error) {
        hub.attach(state);
        throw error;
      }
    },
    faultResponse: (fault) => ({
      status: fault.status,
      headers: { "content-type": "application/json; charset=utf-8", "x-ms-correlation-id": newGuid() },
      body: { error: { code: fault.status === 429 ? "TooManyRequests" : fault.status >= 500 ? "ServiceUnavailable" : "BadRequest", message: `The service answered ${fault.status} (lab fault rule ${fault.ruleId}).` } },
    }),
    concurrency: {
      limit: (teams) => (teams.throttling.enabled ? teams.throttling.maxConcurrentRequests : null),
      refuse: (limit) => ({
        status: 429,
        headers: { "content-type": "application/json; charset=utf-8", "retry-after": "1", "x-ms-correlation-id": newGuid() },
        body: { error: { code: "TooManyRequests", message: `Too many requests: the Teams admin API takes at most ${limit} requests at once (lab knob throttling.maxConcurrentRequests).` } },
      }),
    },
    throttling: {
      report: () => throttle.limiter.report(hub.optional("teams")?.throttling.enabled ?? true),
      reset: () => throttle.limiter.reset(),
    },
    routes: ["GET", "POST", "PUT", "PATCH", "DELETE"].map((method) => ({ method, path: /^\/.*$/, handle })),
  });
}

// ---------------------------------------------------------------------------------------------
// configurations

function specOf(name: string): ConfigurationTypeSpec {
  const spec = configurationType(name);
  if (!spec) throw new TeamsError(404, "NotFound", `The configuration type '${name}' is not served by the lab (it serves ${["TenantDialPlan", "OnlineVoiceRoutingPolicy", "OnlinePstnUsages", "OnlineVoiceRoute", "OnlinePSTNGateway", "TeamsCallingPolicy", "TeamsEmergencyCallingPolicy"].join(", ")}).`);
  return spec;
}

function identityOf(spec: ConfigurationTypeSpec, raw: string): string {
  const result = normalizeIdentity(spec, raw);
  if ("problem" in result) throw new TeamsError(400, "BadRequest", result.problem);
  return result.identity;
}

function instancesOf(teams: TeamsState, spec: ConfigurationTypeSpec): ConfigurationInstance[] {
  return (teams.configurations[spec.name] ??= []);
}

function findInstance(teams: TeamsState, spec: ConfigurationTypeSpec, identity: string): ConfigurationInstance | undefined {
  return instancesOf(teams, spec).find((item) => item.Identity.toLowerCase() === identity.toLowerCase());
}

function bodyObject(req: LabRequest): Record<string, unknown> {
  const body = req.json();
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new TeamsError(400, "BadRequest", `${req.method} ${req.path} needs a JSON object body.`);
  return body as Record<string, unknown>;
}

/** The instance a create or set would store, or a 400 listing every problem. */
function plannedInstance(teams: TeamsState, spec: ConfigurationTypeSpec, identity: string, existing: ConfigurationInstance | undefined, body: Record<string, unknown>): ConfigurationInstance {
  const { values, problems } = checkFields(spec, identity, body);
  if (!existing) for (const field of spec.required) if (!(field in values)) problems.push(`${spec.name}.${field} is required`);
  if (problems.length > 0) throw new TeamsError(400, "BadRequest", `Invalid ${spec.name} ${identity}: ${problems.join("; ")}`);
  const instance: ConfigurationInstance = { ...(existing ? structuredClone(existing) : spec.defaults(identity)), ...values, Identity: identity };
  const conflicts = referenceProblems(teams, spec, instance);
  if (conflicts.length > 0) throw new TeamsError(400, "BadRequest", `Invalid ${spec.name} ${identity}: ${conflicts.join("; ")}`);
  return instance;
}

function pstnUsages(teams: TeamsState): string[] {
  const global = (teams.configurations.OnlinePstnUsages ?? []).find((item) => item.Identity === "Global");
  return Array.isArray(global?.Usage) ? (global.Usage as string[]) : [];
}

/** References to other objects that do not exist (usages, gateways) or uses that a change would break. */
function referenceProblems(teams: TeamsState, spec: ConfigurationTypeSpec, instance: ConfigurationInstance): string[] {
  const problems: string[] = [];
  const usages = pstnUsages(teams).map((usage) => usage.toLowerCase());
  const checkUsages = (list: unknown): void => {
    for (const usage of Array.isArray(list) ? (list as string[]) : []) {
      if (!usages.includes(usage.toLowerCase())) problems.push(`PSTN usage '${usage}' does not exist (OnlinePstnUsages Global has ${pstnUsages(teams).join(", ") || "none"}); add it first`);
    }
  };
  switch (spec.name) {
    case "OnlineVoiceRoutingPolicy":
      checkUsages(instance.OnlinePstnUsages);
      break;
    case "OnlineVoiceRoute": {
      checkUsages(instance.OnlinePstnUsages);
      const gateways = (teams.configurations.OnlinePSTNGateway ?? []).map((gateway) => gateway.Identity.toLowerCase());
      for (const gateway of Array.isArray(instance.OnlinePstnGatewayList) ? (instance.OnlinePstnGatewayList as string[]) : []) {
        if (!gateways.includes(gateway.toLowerCase())) problems.push(`PSTN gateway '${gateway}' does not exist (OnlinePSTNGateway: ${(teams.configurations.OnlinePSTNGateway ?? []).map((item) => item.Identity).join(", ") || "none"})`);
      }
      break;
    }
    case "OnlinePstnUsages": {
      const kept = (Array.isArray(instance.Usage) ? (instance.Usage as string[]) : []).map((usage) => usage.toLowerCase());
      if (new Set(kept).size !== kept.length) problems.push("Usage lists a PSTN usage twice");
      for (const user of usageUsers(teams)) {
        if (!kept.includes(user.usage.toLowerCase())) problems.push(`PSTN usage '${user.usage}' is still used by ${user.type} '${user.identity}'`);
      }
      break;
    }
    default:
      break;
  }
  return problems;
}

function usageUsers(teams: TeamsState): { usage: string; type: string; identity: string }[] {
  const users: { usage: string; type: string; identity: string }[] = [];
  for (const type of ["OnlineVoiceRoutingPolicy", "OnlineVoiceRoute"]) {
    for (const item of teams.configurations[type] ?? []) {
      for (const usage of Array.isArray(item.OnlinePstnUsages) ? (item.OnlinePstnUsages as string[]) : []) users.push({ usage, type, identity: item.Identity });
    }
  }
  return users;
}

function listConfigurations(call: TeamsCall): LabResponse {
  const spec = specOf(call.params.type ?? "");
  return json(200, instancesOf(call.teams, spec).map((item) => structuredClone(item)));
}

function getConfiguration(call: TeamsCall): LabResponse {
  const spec = specOf(call.params.type ?? "");
  const identity = identityOf(spec, call.params.identity ?? "");
  const instance = findInstance(call.teams, spec, identity);
  if (!instance) throw new TeamsError(404, "NotFound", `${spec.name} '${identity}' was not found.`);
  return json(200, structuredClone(instance));
}

async function createConfiguration(call: TeamsCall): Promise<LabResponse> {
  const spec = specOf(call.params.type ?? "");
  const body = bodyObject(call.req);
  const rawIdentity = Object.entries(body).find(([key]) => key.toLowerCase() === "identity")?.[1];
  if (typeof rawIdentity !== "string") throw new TeamsError(400, "BadRequest", `Creating a ${spec.name} needs an Identity (e.g. "Tag:<name>" or "<name>"); got ${describe(rawIdentity)}.`);
  const identity = identityOf(spec, rawIdentity);
  if (findInstance(call.teams, spec, identity)) throw new TeamsError(409, "Conflict", `${spec.name} '${identity}' already exists. Use PUT .../configuration/${identity} to change it.`);
  const instance = plannedInstance(call.teams, spec, identity, undefined, body);
  await call.update((teams) => {
    instancesOf(teams, spec).push(instance);
    if (spec.grantable) teams.policyIds[policyKey(spec.name, identity)] = opaqueIdFrom(`policy:${spec.name}:${identity}:${newGuid()}`);
  });
  return json(201, structuredClone(instance));
}

async function setConfiguration(call: TeamsCall): Promise<LabResponse> {
  const spec = specOf(call.params.type ?? "");
  const identity = identityOf(spec, call.params.identity ?? "");
  const body = bodyObject(call.req);
  const bodyIdentity = Object.entries(body).find(([key]) => key.toLowerCase() === "identity")?.[1];
  if (bodyIdentity !== undefined && (typeof bodyIdentity !== "string" || identityOf(spec, bodyIdentity).toLowerCase() !== identity.toLowerCase())) {
    throw new TeamsError(400, "BadRequest", `The body's Identity ${describe(bodyIdentity)} differs from the Identity in the URL (${identity}); leave it out of the body.`);
  }
  const existing = findInstance(call.teams, spec, identity);
  // Setting a missing instance creates it (CIPP creates with PUT; reference §5.3).
  const instance = plannedInstance(call.teams, spec, existing?.Identity ?? identity, existing, body);
  await call.update((teams) => {
    const list = instancesOf(teams, spec);
    const index = list.findIndex((item) => item.Identity.toLowerCase() === identity.toLowerCase());
    if (index >= 0) list[index] = instance;
    else {
      list.push(instance);
      if (spec.grantable) teams.policyIds[policyKey(spec.name, instance.Identity)] = opaqueIdFrom(`policy:${spec.name}:${instance.Identity}:${newGuid()}`);
    }
  });
  return json(existing ? 200 : 201, structuredClone(instance));
}

async function deleteConfiguration(call: TeamsCall): Promise<LabResponse> {
  const spec = specOf(call.params.type ?? "");
  const identity = identityOf(spec, call.params.identity ?? "");
  const existing = findInstance(call.teams, spec, identity);
  if (!existing) throw new TeamsError(404, "NotFound", `${spec.name} '${identity}' was not found.`);
  if (spec.identityStyle === "globalOnly") throw new TeamsError(400, "BadRequest", `${spec.name} Global cannot be removed; set its list instead.`);
  if (spec.grantable) {
    const granted = call.hub.usersGranted(spec.name, existing.Identity);
    if (granted.length > 0) {
      const names = granted.slice(0, 3).map((userId) => call.hub.findUser(userId)?.properties.userPrincipalName ?? userId);
      throw new TeamsError(409, "Conflict", `${spec.name} '${existing.Identity}' is granted to ${granted.length} user(s) (${names.join(", ")}${granted.length > 3 ? ", ..." : ""}); remove those grants before removing the policy.`);
    }
  }
  if (spec.name === "OnlinePSTNGateway") {
    const routes = (call.teams.configurations.OnlineVoiceRoute ?? []).filter((item) => Array.isArray(item.OnlinePstnGatewayList) && (item.OnlinePstnGatewayList as string[]).some((gateway) => gateway.toLowerCase() === existing.Identity.toLowerCase()));
    if (routes.length > 0) throw new TeamsError(409, "Conflict", `PSTN gateway '${existing.Identity}' is used by voice route(s) ${routes.map((item) => item.Identity).join(", ")}.`);
  }
  await call.update((teams) => {
    const list = instancesOf(teams, spec);
    const index = list.findIndex((item) => item === existing || item.Identity.toLowerCase() === identity.toLowerCase());
    if (existing.Identity === "Global") {
      // Removing the Global instance of a policy puts its default settings back.
      list[index] = { ...spec.defaults("Global"), Identity: "Global" };
      return;
    }
    list.splice(index, 1);
    delete teams.policyIds[policyKey(spec.name, existing.Identity)];
  });
  return noContent();
}

// ---------------------------------------------------------------------------------------------
// users: grants, Enterprise Voice

function requireUser(call: TeamsCall): DirectoryUser {
  const key = call.params.user ?? "";
  const user = call.hub.findUser(key);
  if (!user || call.hub.isUserHidden(user.properties.id)) throw new TeamsError(404, "NotFound", `User '${key}' was not found in the tenant.`);
  return user;
}

function userPolicies(call: TeamsCall, user: DirectoryUser): { PolicyType: string; PolicyName: string; Identity: string; PolicySource: string }[] {
  return call.hub.effectiveGrants(user.properties.id, true).map((grant) => ({ PolicyType: grant.policyType, PolicyName: grant.policyIdentity.replace(/^Tag:/, ""), Identity: grant.policyIdentity, PolicySource: "Direct" }));
}

function getUserPolicies(call: TeamsCall): LabResponse {
  return json(200, userPolicies(call, requireUser(call)));
}

function getUserPolicy(call: TeamsCall): LabResponse {
  const user = requireUser(call);
  const spec = grantableSpec(call.params.policyType ?? "");
  const found = userPolicies(call, user).find((policy) => policy.PolicyType === spec.name);
  return json(200, { PolicyType: spec.name, PolicyName: found?.PolicyName ?? null, Identity: found?.Identity ?? "Global", PolicySource: found ? "Direct" : "Global" });
}

function grantableSpec(policyType: string): ConfigurationTypeSpec {
  const spec = configurationType(policyType);
  if (!spec || !spec.grantable) throw new TeamsError(404, "NotFound", `Policy type '${policyType}' cannot be granted by the lab (grantable: TenantDialPlan, OnlineVoiceRoutingPolicy, TeamsCallingPolicy, TeamsEmergencyCallingPolicy).`);
  return spec;
}

async function grant(call: TeamsCall, user: DirectoryUser, policyType: string, policyName: unknown): Promise<LabResponse> {
  const spec = grantableSpec(policyType);
  if (policyName !== null && policyName !== undefined && typeof policyName !== "string") throw new TeamsError(400, "BadRequest", `PolicyName must be a policy name or null; got ${describe(policyName)}.`);
  let identity: string | null = null;
  if (typeof policyName === "string" && policyName.trim() !== "" && policyName.trim().toLowerCase() !== "global") {
    const normalized = identityOf(spec, policyName);
    const instance = findInstance(call.teams, spec, normalized);
    if (!instance) throw new TeamsError(404, "NotFound", `${spec.name} '${policyName}' was not found; create it before granting it.`);
    identity = instance.Identity;
  }
  await call.update((teams) => {
    const record = { userId: user.properties.id, policyType: spec.name, policyIdentity: identity, stamp: call.hub.stamp(teams), at: new Date().toISOString() };
    call.hub.recordGrant("teams", record);
  });
  return noContent();
}

function grantByType(call: TeamsCall): Promise<LabResponse> {
  const user = requireUser(call);
  const body = bodyObject(call.req);
  const name = Object.entries(body).find(([key]) => key.toLowerCase() === "policyname");
  if (!name) throw new TeamsError(400, "BadRequest", `The body needs PolicyName (a policy name, or null to remove the direct grant).`);
  return grant(call, user, call.params.policyType ?? "", name[1]);
}

function grantByUser(call: TeamsCall): Promise<LabResponse> {
  const user = requireUser(call);
  const body = bodyObject(call.req);
  const type = Object.entries(body).find(([key]) => key.toLowerCase() === "policytype")?.[1];
  if (typeof type !== "string") throw new TeamsError(400, "BadRequest", "The body needs PolicyType and PolicyName.");
  return grant(call, user, type, Object.entries(body).find(([key]) => key.toLowerCase() === "policyname")?.[1] ?? null);
}

function onlineUser(call: TeamsCall, user: DirectoryUser): Record<string, unknown> {
  const graph = call.hub.require("graph", "teams");
  const userId = user.properties.id;
  const grants = call.hub.effectiveGrants(userId);
  const policy = (type: string): string | null => grants.find((item) => item.policyType === type)?.policyIdentity.replace(/^Tag:/, "") ?? null;
  const plans = enabledPlanIds(graph, user);
  const primary = call.hub.numbersOf(userId).find((number) => number.assignmentCategory === "primary") ?? call.hub.numbersOf(userId)[0];
  return {
    Identity: user.properties.userPrincipalName,
    ObjectId: userId,
    UserPrincipalName: user.properties.userPrincipalName,
    DisplayName: user.properties.displayName,
    AccountEnabled: user.properties.accountEnabled,
    UsageLocation: user.properties.usageLocation,
    EnterpriseVoiceEnabled: call.hub.enterpriseVoiceEnabled(userId),
    LineUri: primary ? `tel:${primary.telephoneNumber}` : null,
    FeatureTypes: [plans.has(SERVICE_PLAN_IDS.teams) ? "Teams" : undefined, plans.has(SERVICE_PLAN_IDS.phoneSystem) ? "PhoneSystem" : undefined, plans.has(SERVICE_PLAN_IDS.domesticCallingPlan) ? "CallingPlan" : undefined].filter((item) => item !== undefined),
    TenantDialPlan: policy("TenantDialPlan"),
    OnlineVoiceRoutingPolicy: policy("OnlineVoiceRoutingPolicy"),
    TeamsCallingPolicy: policy("TeamsCallingPolicy"),
    TeamsEmergencyCallingPolicy: policy("TeamsEmergencyCallingPolicy"),
  };
}

function getOnlineUser(call: TeamsCall): LabResponse {
  return json(200, onlineUser(call, requireUser(call)));
}

async function setOnlineUser(call: TeamsCall): Promise<LabResponse> {
  const user = requireUser(call);
  const body = bodyObject(call.req);
  const entries = Object.entries(body);
  const unknown = entries.filter(([key]) => key.toLowerCase() !== "enterprisevoiceenabled");
  if (unknown.length > 0) throw new TeamsError(400, "BadRequest", `The lab sets only EnterpriseVoiceEnabled on a user; got ${unknown.map(([key]) => key).join(", ")}.`);
  const value = entries[0]?.[1];
  if (typeof value !== "boolean") throw new TeamsError(400, "BadRequest", `EnterpriseVoiceEnabled must be true or false; got ${describe(value)}.`);
  if (value) {
    const plans = enabledPlanIds(call.hub.require("graph", "teams"), user);
    if (!plans.has(SERVICE_PLAN_IDS.phoneSystem) && !plans.has(SERVICE_PLAN_IDS.phoneSystemVirtualUser)) {
      throw new TeamsError(400, "BadRequest", `User '${user.properties.userPrincipalName}' has no Teams Phone (MCOEV) license; Enterprise Voice cannot be enabled.`);
    }
  }
  await call.update((teams) => {
    call.hub.recordEnterpriseVoice("teams", { userId: user.properties.id, enabled: value, stamp: call.hub.stamp(teams) });
  });
  return json(200, onlineUser(call, user));
}

// ---------------------------------------------------------------------------------------------
// emergency locations

const ADDRESS_FIELDS = ["Description", "CompanyName", "HouseNumber", "HouseNumberSuffix", "PreDirectional", "StreetName", "StreetSuffix", "PostDirectional", "City", "StateOrProvince", "PostalCode", "CountryOrRegion", "Latitude", "Longitude", "Elin"] as const;
const REQUIRED_ADDRESS_FIELDS = ["Description", "CompanyName", "HouseNumber", "StreetName", "City", "PostalCode", "CountryOrRegion"];

function addressFields(body: Record<string, unknown>, creating: boolean): Record<string, string | null> {
  const values: Record<string, string | null> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    const field = ADDRESS_FIELDS.find((name) => name.toLowerCase() === key.toLowerCase());
    if (key.toLowerCase() === "locationid" || key.toLowerCase() === "civicaddressid") continue;
    if (!field) {
      problems.push(`an emergency location has no property "${key}" (known: ${ADDRESS_FIELDS.join(", ")})`);
      continue;
    }
    if (value !== null && typeof value !== "string") problems.push(`${field} must be a string; got ${describe(value)}`);
    else values[field] = value;
  }
  if (creating) for (const field of REQUIRED_ADDRESS_FIELDS) if (typeof values[field] !== "string" || (values[field] as string).trim() === "") problems.push(`${field} is required`);
  const country = values.CountryOrRegion;
  if (typeof country === "string" && !/^[A-Z]{2}$/.test(country)) problems.push(`CountryOrRegion must be an ISO 3166-1 alpha-2 code in capitals, such as "US"; got "${country}"`);
  for (const field of ["Latitude", "Longitude"] as const) {
    const text = values[field];
    if (typeof text === "string" && text !== "" && !/^-?\d{1,3}(\.\d+)?$/.test(text)) problems.push(`${field} must be decimal degrees such as "41.8789"; got "${text}"`);
  }
  if (problems.length > 0) throw new TeamsError(400, "BadRequest", `Invalid emergency location: ${problems.join("; ")}`);
  return values;
}

function findLocation(call: TeamsCall): EmergencyLocation {
  const id = (call.params.id ?? "").toLowerCase();
  const location = call.teams.emergencyLocations.find((item) => item.LocationId.toLowerCase() === id);
  if (!location) throw new TeamsError(404, "NotFound", `Emergency location '${call.params.id ?? ""}' was not found.`);
  return location;
}

async function createLocation(call: TeamsCall): Promise<LabResponse> {
  const values = addressFields(bodyObject(call.req), true);
  const locationId = newGuid();
  const location: EmergencyLocation = { LocationId: locationId, CivicAddressId: guidFrom(`civic:${locationId}`), ...Object.fromEntries(ADDRESS_FIELDS.map((field) => [field, null])), ...values };
  await call.update((teams) => {
    teams.emergencyLocations.push(location);
  });
  return json(201, structuredClone(location));
}

async function setLocation(call: TeamsCall): Promise<LabResponse> {
  const location = findLocation(call);
  const values = addressFields(bodyObject(call.req), false);
  await call.update(() => {
    Object.assign(location, values);
  });
  return json(200, structuredClone(location));
}

async function deleteLocation(call: TeamsCall): Promise<LabResponse> {
  const location = findLocation(call);
  const users = (call.hub.optional("graph")?.numbers ?? []).filter((number) => number.locationId === location.LocationId);
  if (users.length > 0) throw new TeamsError(409, "Conflict", `Emergency location '${location.LocationId}' is used by ${users.length} number(s) (${users.slice(0, 3).map((number) => number.telephoneNumber).join(", ")}).`);
  await call.update((teams) => {
    teams.emergencyLocations = teams.emergencyLocations.filter((item) => item.LocationId !== location.LocationId);
  });
  return noContent();
}

function tenants(call: TeamsCall): LabResponse {
  const tenant = call.hub.require("entra", "teams").tenant;
  return json(200, [{ TenantId: tenant.id, DisplayName: tenant.displayName, serviceDiscovery: { Endpoints: { ConfigApiEndpoint: call.lab.url }, Headers: { "X-MS-Forest": "lab" } } }]);
}

const TEAMS_ROUTES: readonly TeamsRoute[] = [
  { method: "GET", path: /^\/Skype\.Policy\/configurations\/(?<type>[^/]+)\/?$/i, handle: listConfigurations },
  { method: "POST", path: /^\/Skype\.Policy\/configurations\/(?<type>[^/]+)\/?$/i, handle: createConfiguration },
  { method: "GET", path: /^\/Skype\.Policy\/configurations\/(?<type>[^/]+)\/configuration\/(?<identity>[^/]+)$/i, handle: getConfiguration },
  { method: "PUT", path: /^\/Skype\.Policy\/configurations\/(?<type>[^/]+)\/configuration\/(?<identity>[^/]+)$/i, handle: setConfiguration },
  { method: "DELETE", path: /^\/Skype\.Policy\/configurations\/(?<type>[^/]+)\/configuration\/(?<identity>[^/]+)$/i, handle: deleteConfiguration },
  { method: "GET", path: /^\/Skype\.Policy\/users\/(?<user>[^/]+)\/policies\/?$/i, handle: getUserPolicies },
  { method: "GET", path: /^\/Skype\.Policy\/users\/(?<user>[^/]+)\/policies\/(?<policyType>[^/]+)$/i, handle: getUserPolicy },
  { method: "PATCH", path: /^\/Skype\.Policy\/users\/(?<user>[^/]+)\/policies\/(?<policyType>[^/]+)$/i, handle: grantByType },
  { method: "PUT", path: /^\/Skype\.Policy\/users\/(?<user>[^/]+)$/i, handle: grantByUser },
  { method: "GET", path: /^\/Teams\.User\/users\/(?<user>[^/]+)$/i, handle: getOnlineUser },
  { method: "PATCH", path: /^\/Teams\.User\/users\/(?<user>[^/]+)$/i, handle: setOnlineUser },
  { method: "GET", path: /^\/Skype\.Ncs\/locations\/?$/i, handle: (call) => json(200, call.teams.emergencyLocations.map((item) => structuredClone(item))) },
  { method: "POST", path: /^\/Skype\.Ncs\/locations\/?$/i, handle: createLocation },
  { method: "GET", path: /^\/Skype\.Ncs\/locations\/(?<id>[^/]+)$/i, handle: (call) => json(200, structuredClone(findLocation(call))) },
  { method: "PUT", path: /^\/Skype\.Ncs\/locations\/(?<id>[^/]+)$/i, handle: setLocation },
  { method: "DELETE", path: /^\/Skype\.Ncs\/locations\/(?<id>[^/]+)$/i, handle: deleteLocation },
  { method: "GET", path: /^\/Teams\.Tenant\/tenants\/?$/i, handle: tenants },
];

// ---------------------------------------------------------------------------------------------
// seed data

/**
 * Teams seed data: { configurations?: { <Type>: [instances with Identity] } } - each instance is
 * created or replaced (fields checked as by the API, references not), and
 * { removeConfigurations?: { <Type>: [Identity] } }, and { throttling?: { defaults?, enabled?,
 * maxConcurrentRequests?, reads?: { limit?, windowSeconds? }, writes?: {...} } } (merged).
 */
export function applyTeamsSeed(teams: TeamsState, data: unknown, hub: TenantHub): TeamsState {
  void hub;
  const read: SeedReader = new SeedReader("teams");
  const input = read.object(data, "the data", ["configurations", "removeConfigurations", "throttling"]);
  if (input.throttling !== undefined) teams.throttling = readTeamsThrottling(read, input.throttling, teams.throttling);
  if (input.removeConfigurations !== undefined) {
    for (const [type, identities] of Object.entries(read.object(input.removeConfigurations, "removeConfigurations"))) {
      const spec = configurationType(type);
      if (!spec) read.fail(`removeConfigurations.${type}: unknown configuration type`);
      for (const raw of read.strings(identities, `removeConfigurations.${type}`)) {
        const result = normalizeIdentity(spec, raw);
        if ("problem" in result) read.fail(`removeConfigurations.${type}: ${result.problem}`);
        teams.configurations[spec.name] = (teams.configurations[spec.name] ?? []).filter((item) => item.Identity.toLowerCase() !== result.identity.toLowerCase());
        delete teams.policyIds[policyKey(spec.name, result.identity)];
      }
    }
  }
  if (input.configurations !== undefined) {
    for (const [type, instances] of Object.entries(read.object(input.configurations, "configurations"))) {
      const spec = configurationType(type);
      if (!spec) read.fail(`configurations.${type}: unknown configuration type`);
      read.list(instances, `configurations.${type}`).forEach((raw, index) => {
        const where = `configurations.${type}[${index}]`;
        const body = read.object(raw, where);
        const result = normalizeIdentity(spec, read.string(body.Identity, `${where}.Identity`));
        if ("problem" in result) read.fail(`${where}: ${result.problem}`);
        const { values, problems } = checkFields(spec, result.identity, body);
        if (problems.length > 0) read.fail(`${where}: ${problems.join("; ")}`);
        const list = (teams.configurations[spec.name] ??= []);
        const instance: ConfigurationInstance = { ...spec.defaults(result.identity), ...values, Identity: result.identity };
        const existing = list.findIndex((item) => item.Identity.toLowerCase() === result.identity.toLowerCase());
        if (existing >= 0) list[existing] = instance;
        else list.push(instance);
        if (spec.grantable && teams.policyIds[policyKey(spec.name, result.identity)] === undefined) teams.policyIds[policyKey(spec.name, result.identity)] = opaqueIdFrom(`policy:${spec.name}:${result.identity}:${newGuid()}`);
      });
    }
  }
  return teams;
}
