// Checks of partitions read back from the state directory (possibly from an older lab or edited
// by hand). Structural only: enough that handlers never meet a missing list or a wrong type.
import { defaultGraphThrottling, defaultTeamsThrottling } from "../throttling/limits";
import type { EntraState, GraphState, TeamsState } from "./types";

class StateShapeError extends Error {}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new StateShapeError(`${where} must be an object`);
  return value as Record<string, unknown>;
}

function list(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new StateShapeError(`${where} must be a list`);
  return value;
}

function text(value: unknown, where: string): string {
  if (typeof value !== "string") throw new StateShapeError(`${where} must be a string`);
  return value;
}

function count(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new StateShapeError(`${where} must be a number`);
  return value;
}

function kind(raw: unknown, expected: string): Record<string, unknown> {
  const state = record(raw, "the state");
  if (state.kind !== expected) throw new StateShapeError(`the state is not a ${expected} partition (kind is ${JSON.stringify(state.kind)})`);
  return state;
}

export function decodeEntraState(raw: unknown): EntraState {
  const state = kind(raw, "entra");
  const tenant = record(state.tenant, "tenant");
  for (const field of ["id", "displayName", "initialDomain", "defaultDomain"]) text(tenant[field], `tenant.${field}`);
  list(state.signingKeys, "signingKeys").forEach((key, i) => {
    const k = record(key, `signingKeys[${i}]`);
    text(k.kid, `signingKeys[${i}].kid`);
    text(k.privateKeyPem, `signingKeys[${i}].privateKeyPem`);
    text(k.certificatePem, `signingKeys[${i}].certificatePem`);
  });
  if (list(state.signingKeys, "signingKeys").length === 0) throw new StateShapeError("signingKeys must hold at least one key");
  count(state.accessTokenLifetimeSeconds, "accessTokenLifetimeSeconds");
  list(state.applications, "applications").forEach((app, i) => {
    const a = record(app, `applications[${i}]`);
    text(a.appId, `applications[${i}].appId`);
    text(a.servicePrincipalId, `applications[${i}].servicePrincipalId`);
    list(a.passwordCredentials, `applications[${i}].passwordCredentials`);
    list(a.keyCredentials, `applications[${i}].keyCredentials`);
    list(a.federatedIdentityCredentials, `applications[${i}].federatedIdentityCredentials`);
    record(a.grantedAppRoles, `applications[${i}].grantedAppRoles`);
    list(a.directoryRoleTemplateIds, `applications[${i}].directoryRoleTemplateIds`);
  });
  list(state.federatedIssuers, "federatedIssuers");
  const gitHub = record(state.gitHubActions, "gitHubActions");
  text(gitHub.privateKeyPem, "gitHubActions.privateKeyPem");
  record(gitHub.claims, "gitHubActions.claims");
  return state as unknown as EntraState;
}

export function decodeGraphState(raw: unknown): GraphState {
  const state = kind(raw, "graph");
  text(state.generation, "generation");
  count(state.lastStamp, "lastStamp");
  list(state.users, "users").forEach((user, i) => {
    const u = record(user, `users[${i}]`);
    const properties = record(u.properties, `users[${i}].properties`);
    text(properties.id, `users[${i}].properties.id`);
    text(properties.userPrincipalName, `users[${i}].properties.userPrincipalName`);
    list(properties.assignedLicenses, `users[${i}].properties.assignedLicenses`);
    record(properties.onPremisesExtensionAttributes, `users[${i}].properties.onPremisesExtensionAttributes`);
    record(u.propertyStamps, `users[${i}].propertyStamps`);
    record(u.licenseDates, `users[${i}].licenseDates`);
    count(u.lastChangeStamp, `users[${i}].lastChangeStamp`);
    if (u.extensions !== undefined) {
      list(u.extensions, `users[${i}].extensions`).forEach((extension, j) => {
        const e = record(extension, `users[${i}].extensions[${j}]`);
        text(e.extensionName, `users[${i}].extensions[${j}].extensionName`);
        text(e.creatorAppId, `users[${i}].extensions[${j}].creatorAppId`);
        record(e.data, `users[${i}].extensions[${j}].data`);
      });
    }
  });
  list(state.deletedUsers, "deletedUsers");
  // States saved before groups were simulated have none.
  if (state.groups === undefined) state.groups = [];
  list(state.groups, "groups").forEach((group, i) => {
    const g = record(group, `groups[${i}]`);
    text(record(g.properties, `groups[${i}].properties`).id, `groups[${i}].properties.id`);
    list(g.members, `groups[${i}].members`).forEach((member, j) => text(member, `groups[${i}].members[${j}]`));
  });
  list(state.subscribedSkus, "subscribedSkus").forEach((sku, i) => {
    const s = record(sku, `subscribedSkus[${i}]`);
    text(s.skuId, `subscribedSkus[${i}].skuId`);
    record(s.prepaidUnits, `subscribedSkus[${i}].prepaidUnits`);
    list(s.servicePlans, `subscribedSkus[${i}].servicePlans`);
  });
  list(state.numbers, "numbers").forEach((number, i) => text(record(number, `numbers[${i}]`).telephoneNumber, `numbers[${i}].telephoneNumber`));
  list(state.operations, "operations");
  list(state.grants, "grants");
  list(state.enterpriseVoice, "enterpriseVoice");
  const settings = record(state.settings, "settings");
  count(settings.deltaTokenLifetimeSeconds, "settings.deltaTokenLifetimeSeconds");
  count(settings.deltaTokensNotBefore, "settings.deltaTokensNotBefore");
  const lro = record(settings.lro, "settings.lro");
  // Files from before the Retry-After knob: no Retry-After, as then.
  if (lro.retryAfterSeconds === undefined) lro.retryAfterSeconds = null;
  if (lro.retryAfterSeconds !== null) count(lro.retryAfterSeconds, "settings.lro.retryAfterSeconds");
  list(settings.batchItemFaults, "settings.batchItemFaults");
  record(settings.consistency, "settings.consistency");
  // Files from before the lab modelled throttling get the documented limits.
  if (settings.throttling === undefined) settings.throttling = defaultGraphThrottling();
  record(settings.throttling, "settings.throttling");
  return state as unknown as GraphState;
}

export function decodeTeamsState(raw: unknown): TeamsState {
  const state = kind(raw, "teams");
  count(state.lastStamp, "lastStamp");
  const configurations = record(state.configurations, "configurations");
  for (const [type, instances] of Object.entries(configurations)) {
    list(instances, `configurations.${type}`).forEach((item, i) => text(record(item, `configurations.${type}[${i}]`).Identity, `configurations.${type}[${i}].Identity`));
  }
  record(state.policyIds, "policyIds");
  list(state.emergencyLocations, "emergencyLocations");
  list(state.grants, "grants");
  list(state.enterpriseVoice, "enterpriseVoice");
  if (state.throttling === undefined) state.throttling = defaultTeamsThrottling();
  record(state.throttling, "throttling");
  return state as unknown as TeamsState;
}
