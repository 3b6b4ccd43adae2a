// Seed data for the graph partition (POST /seed {"service":"graph","data":{...}} on the control
// endpoint): add or change users as directory sync or an admin would (on-premises-mastered
// properties included), delete users, change SKU units, add numbers, and turn the knobs of
// delta expiry, long-running operations, per-item $batch faults and read lag.
import { guidFrom } from "../tenant/ids";
import { numberRecord, SKU_IDS } from "../tenant/seed-tenant";
import { SeedReader } from "../tenant/seed-input";
import { readGraphThrottling } from "../throttling/limits";
import type { TenantHub } from "../tenant/tenant-hub";
import type { AssignedLicense, BatchItemFault, DirectoryUser, GraphState, NumberType, UserProperties } from "../tenant/types";
import { GraphError } from "./graph-http";
import { applyLicenses } from "./licenses";
import { normalizeNumber } from "./teams-admin";
import { applyUserChanges, checkUserChanges } from "./users";

const UNIT_FIELDS = ["enabled", "suspended", "warning", "lockedOut"] as const;
const MAX_UNITS = 10_000_000;

const SEED_FIELDS = ["users", "deleteUsers", "deletePermanently", "subscribedSkus", "numbers", "removeNumbers", "delta", "lro", "batchItemFaults", "consistency", "throttling"];

/**
 * Graph seed data (every field optional):
 *   users: [{ id?, userPrincipalName, displayName, ...user properties, licenses?: ["SPE_E5" | { sku, disabledPlans? }] }]
 *          a user matched by id or userPrincipalName is changed, any other is created
 *   deleteUsers: [id or UPN], deletePermanently?: boolean (delta reports reason "deleted" instead of "changed")
 *   subscribedSkus: [{ sku: "MCOEV" | skuId, enabled?, suspended?, warning?, lockedOut?, add?: { enabled?, suspended?, warning?, lockedOut? }, capabilityStatus? }]
 *          (a unit field sets that many units; add adds to the current units, negative takes away)
 *   numbers: [{ telephoneNumber, numberType?, city?, isoCountryCode?, capabilities? }], removeNumbers: [telephoneNumber]
 *   delta: { tokenLifetimeSeconds?, expireIssuedTokens?: true }
 *   lro: { notStartedPolls?, runningPolls?, settleAfterSeconds?, retryAfterSeconds?: seconds | null }
 *   batchItemFaults: [{ url (regex), method?, status, retryAfterSeconds?, count? }]  (replaces the list; [] clears)
 *   consistency: { newUserReadLag?, grantReadLag? }
 *   throttling: { defaults?, enabled?, maxConcurrentRequests?, identity?: {...}, extensions?, teamsAdministration? } (merged; see throttling/limits.ts)
 */
export function applyGraphSeed(graph: GraphState, data: unknown, hub: TenantHub): GraphState {
  const read: SeedReader = new SeedReader("graph");
  const input = read.object(data, "the data", SEED_FIELDS);
  const newUsers: string[] = [];

  if (input.users !== undefined) {
    const tenant = hub.optional("entra")?.tenant;
    const domains = tenant ? [tenant.initialDomain, tenant.defaultDomain] : [];
    read.list(input.users, "users").forEach((raw, index) => {
      const where = `users[${index}]`;
      const spec = { ...read.object(raw, where) };
      const licenses = spec.licenses;
      delete spec.licenses;
      const id = spec.id === undefined ? undefined : read.string(spec.id, `${where}.id`).toLowerCase();
      const upn = spec.userPrincipalName === undefined ? undefined : read.string(spec.userPrincipalName, `${where}.userPrincipalName`);
      const users = hub.graph();
      let user = id !== undefined ? users.user(id) : upn !== undefined ? users.user(upn) : undefined;
      // An id names that user only (not a user whose UPN happens to read the same).
      if (user && id !== undefined && user.properties.id !== id) user = undefined;
      const stamp = hub.stamp(graph);
      if (!user) {
        if (upn === undefined) read.fail(`${where} is a new user and needs userPrincipalName`);
        user = newUser(read, where, id ?? guidFrom(`seeded-user:${(upn as string).toLowerCase()}`), upn as string, spec, stamp);
        if (users.user(user.properties.id)) read.fail(`${where}: a user with id ${user.properties.id} already exists`);
        const holder = users.user(user.properties.userPrincipalName);
        if (holder) read.fail(`${where}: user ${holder.properties.id} already has userPrincipalName ${user.properties.userPrincipalName}`);
        users.addUser(user);
        newUsers.push(user.properties.id);
      } else {
        delete spec.id;
        const synced = spec.onPremisesSyncEnabled;
        delete spec.onPremisesSyncEnabled;
        try {
          applyUserChanges(hub, user, checkUserChanges(hub, user, spec, { enforceOnPremisesMastering: false, verifiedDomains: domains }), stamp);
        } catch (error) {
          if (error instanceof GraphError) read.fail(`${where}: ${error.message}`);
          throw error;
        }
        if (synced !== undefined) {
          if (synced !== null && typeof synced !== "boolean") read.fail(`${where}.onPremisesSyncEnabled must be true, false or null`);
          applyUserChanges(hub, user, { onPremisesSyncEnabled: synced }, stamp);
        }
      }
      if (licenses !== undefined) applyLicenses(hub, user, readLicenses(read, graph, licenses, `${where}.licenses`), stamp, new Date().toISOString().replace(/\.\d{3}Z$/, "Z"));
    });
  }

  if (input.deleteUsers !== undefined) {
    const permanent = input.deletePermanently === undefined ? false : read.boolean(input.deletePermanently, "deletePermanently");
    const removed = new Set<string>();
    for (const [position, key] of read.strings(input.deleteUsers, "deleteUsers").entries()) {
      const user = hub.findUser(key);
      if (!user || removed.has(user.properties.id)) read.fail(`deleteUsers[${position}]: no user ${key}`);
      removed.add(user.properties.id);
      graph.deletedUsers.push({ id: user.properties.id, userPrincipalName: user.properties.userPrincipalName, deletedStamp: hub.stamp(graph), permanent });
    }
    // Their numbers are released with them, and their group memberships go.
    hub.graph().removeUsers(removed);
    for (const group of graph.groups) group.members = group.members.filter((id) => !removed.has(id));
  }

  if (input.subscribedSkus !== undefined) {
    read.list(input.subscribedSkus, "subscribedSkus").forEach((raw, index) => {
      const where = `subscribedSkus[${index}]`;
      const spec = read.object(raw, where, ["sku", ...UNIT_FIELDS, "add", "capabilityStatus"]);
      const name = read.string(spec.sku, `${where}.sku`);
      const sku = graph.subscribedSkus.find((candidate) => candidate.skuPartNumber.toLowerCase() === name.toLowerCase() || candidate.skuId === name.toLowerCase());
      if (!sku) read.fail(`${where}.sku: the tenant has no SKU ${name} (it has ${graph.subscribedSkus.map((candidate) => candidate.skuPartNumber).join(", ")})`);
      // Fields set units; "add" adds to (or, negative, takes from) what the SKU has now.
      const add = spec.add === undefined ? {} : read.object(spec.add, `${where}.add`, UNIT_FIELDS);
      for (const field of UNIT_FIELDS) {
        if (spec[field] !== undefined && add[field] !== undefined) read.fail(`${where}: give ${field} (sets the units) or add.${field} (adds to them), not both`);
        if (spec[field] !== undefined) sku.prepaidUnits[field] = read.integer(spec[field], `${where}.${field}`, 0, MAX_UNITS);
        if (add[field] !== undefined) {
          const total = sku.prepaidUnits[field] + read.integer(add[field], `${where}.add.${field}`, -MAX_UNITS, MAX_UNITS);
          if (total < 0 || total > MAX_UNITS) read.fail(`${where}.add.${field}: ${sku.skuPartNumber} has ${sku.prepaidUnits[field]} ${field} units; adding ${String(add[field])} gives ${total}, outside 0 to ${MAX_UNITS}`);
          sku.prepaidUnits[field] = total;
        }
      }
      if (spec.capabilityStatus !== undefined) sku.capabilityStatus = read.string(spec.capabilityStatus, `${where}.capabilityStatus`);
    });
  }

  if (input.numbers !== undefined) {
    read.list(input.numbers, "numbers").forEach((raw, index) => {
      const where = `numbers[${index}]`;
      const spec = read.object(raw, where, ["telephoneNumber", "numberType", "city", "isoCountryCode", "capabilities"]);
      const telephoneNumber = normalizeNumber(read.string(spec.telephoneNumber, `${where}.telephoneNumber`));
      if (!/^\+\d{4,15}$/.test(telephoneNumber)) read.fail(`${where}.telephoneNumber must be E.164, e.g. +13125550199`);
      if (hub.graph().numberByTelephone(telephoneNumber)) read.fail(`${where}: ${telephoneNumber} is already in the inventory`);
      const numberType = (spec.numberType === undefined ? "directRouting" : read.string(spec.numberType, `${where}.numberType`)) as NumberType;
      if (!["directRouting", "callingPlan", "operatorConnect"].includes(numberType)) read.fail(`${where}.numberType must be directRouting, callingPlan or operatorConnect`);
      const record = numberRecord(telephoneNumber, numberType, spec.city === undefined ? null : read.string(spec.city, `${where}.city`), spec.isoCountryCode === undefined ? "US" : read.string(spec.isoCountryCode, `${where}.isoCountryCode`));
      if (spec.capabilities !== undefined) record.capabilities = read.strings(spec.capabilities, `${where}.capabilities`);
      hub.graph().addNumber(record);
    });
  }
  if (input.removeNumbers !== undefined) {
    const remove = new Set(read.strings(input.removeNumbers, "removeNumbers").map(normalizeNumber));
    hub.graph().removeNumbers(remove);
  }

  if (input.delta !== undefined) {
    const delta = read.object(input.delta, "delta", ["tokenLifetimeSeconds", "expireIssuedTokens"]);
    if (delta.tokenLifetimeSeconds !== undefined) graph.settings.deltaTokenLifetimeSeconds = read.integer(delta.tokenLifetimeSeconds, "delta.tokenLifetimeSeconds", 0, 365 * 24 * 3600);
    if (delta.expireIssuedTokens !== undefined && read.boolean(delta.expireIssuedTokens, "delta.expireIssuedTokens")) graph.settings.deltaTokensNotBefore = Date.now() + 1;
  }
  if (input.lro !== undefined) {
    const lro = read.object(input.lro, "lro", ["notStartedPolls", "runningPolls", "settleAfterSeconds", "retryAfterSeconds"]);
    if (lro.notStartedPolls !== undefined) graph.settings.lro.notStartedPolls = read.integer(lro.notStartedPolls, "lro.notStartedPolls", 0, 100);
    if (lro.runningPolls !== undefined) graph.settings.lro.runningPolls = read.integer(lro.runningPolls, "lro.runningPolls", 0, 100);
    if (lro.settleAfterSeconds !== undefined) graph.settings.lro.settleAfterSeconds = read.integer(lro.settleAfterSeconds, "lro.settleAfterSeconds", 0, 86_400);
    if (lro.retryAfterSeconds !== undefined) graph.settings.lro.retryAfterSeconds = lro.retryAfterSeconds === null ? null : read.integer(lro.retryAfterSeconds, "lro.retryAfterSeconds", 0, 3600);
  }
  if (input.batchItemFaults !== undefined) {
    graph.settings.batchItemFaults = read.list(input.batchItemFaults, "batchItemFaults").map((raw, index): BatchItemFault => {
      const where = `batchItemFaults[${index}]`;
      const spec = read.object(raw, where, ["url", "method", "status", "retryAfterSeconds", "count"]);
      const url = read.string(spec.url, `${where}.url`);
      try {
        new RegExp(url);
      } catch (error) {
        read.fail(`${where}.url is not a regular expression: ${(error as Error).message}`);
      }
      return {
        id: `batch-fault-${index + 1}`,
        url,
        ...(spec.method === undefined ? {} : { method: read.string(spec.method, `${where}.method`).toUpperCase() }),
        status: read.integer(spec.status, `${where}.status`, 400, 599),
        ...(spec.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: read.integer(spec.retryAfterSeconds, `${where}.retryAfterSeconds`, 0, 3600) }),
        remaining: spec.count === undefined ? 1 : read.integer(spec.count, `${where}.count`, 1, 1_000_000),
      };
    });
  }
  if (input.consistency !== undefined) {
    const consistency = read.object(input.consistency, "consistency", ["newUserReadLag", "grantReadLag"]);
    if (consistency.newUserReadLag !== undefined) graph.settings.consistency.newUserReadLag = read.integer(consistency.newUserReadLag, "consistency.newUserReadLag", 0, 1000);
    if (consistency.grantReadLag !== undefined) graph.settings.consistency.grantReadLag = read.integer(consistency.grantReadLag, "consistency.grantReadLag", 0, 1000);
  }

  if (input.throttling !== undefined) graph.settings.throttling = readGraphThrottling(read, input.throttling, graph.settings.throttling);

  for (const userId of newUsers) hub.hideNewUser(userId, graph.settings.consistency.newUserReadLag);
  return graph;
}

function newUser(read: SeedReader, where: string, id: string, userPrincipalName: string, spec: Record<string, unknown>, stamp: number): DirectoryUser {
  const nickname = userPrincipalName.split("@")[0] ?? userPrincipalName;
  const extensionAttributes: Record<string, string | null> = {};
  for (let n = 1; n <= 15; n++) extensionAttributes[`extensionAttribute${n}`] = null;
  const properties: UserProperties = {
    id,
    userPrincipalName,
    displayName: nickname,
    givenName: null,
    surname: null,
    mail: null,
    mailNickname: nickname.replace(/[^A-Za-z0-9]/g, ""),
    otherMails: [],
    jobTitle: null,
    department: null,
    companyName: null,
    officeLocation: null,
    streetAddress: null,
    city: null,
    state: null,
    postalCode: null,
    country: null,
    usageLocation: null,
    preferredLanguage: null,
    businessPhones: [],
    mobilePhone: null,
    employeeId: null,
    employeeType: null,
    accountEnabled: true,
    userType: "Member",
    createdDateTime: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    onPremisesSyncEnabled: null,
    onPremisesImmutableId: null,
    onPremisesSamAccountName: null,
    onPremisesLastSyncDateTime: null,
    onPremisesExtensionAttributes: extensionAttributes,
    assignedLicenses: [],
  };
  const record = properties as unknown as Record<string, unknown>;
  const byLower = new Map(Object.keys(properties).map((name) => [name.toLowerCase(), name]));
  for (const [rawName, value] of Object.entries(spec)) {
    const name = byLower.get(rawName.toLowerCase());
    if (name === undefined || name === "assignedLicenses") read.fail(`${where} has an unknown or computed property "${rawName}" (give licenses as "licenses")`);
    if (name === "onPremisesExtensionAttributes") {
      const attributes = read.object(value, `${where}.onPremisesExtensionAttributes`);
      for (const [key, item] of Object.entries(attributes)) {
        if (!/^extensionAttribute([1-9]|1[0-5])$/.test(key) || (item !== null && typeof item !== "string")) read.fail(`${where}.onPremisesExtensionAttributes.${key} must be extensionAttribute1..15 with a string or null`);
        extensionAttributes[key] = item as string | null;
      }
      continue;
    }
    const current = record[name];
    const typeOk = Array.isArray(current) ? Array.isArray(value) && value.every((item) => typeof item === "string") : typeof current === "boolean" ? typeof value === "boolean" : name === "onPremisesSyncEnabled" ? value === null || typeof value === "boolean" : value === null || typeof value === "string";
    if (!typeOk) read.fail(`${where}.${name} has the wrong type (${JSON.stringify(value)})`);
    record[name] = name === "id" ? (value as string).toLowerCase() : value;
  }
  if (properties.usageLocation !== null) properties.usageLocation = properties.usageLocation.toUpperCase();
  return {
    properties,
    createdStamp: stamp,
    propertyStamps: {},
    lastChangeStamp: stamp,
    licenseDates: {},
  };
}

function readLicenses(read: SeedReader, graph: GraphState, value: unknown, where: string): AssignedLicense[] {
  return read.list(value, where).map((item, index) => {
    const spec = typeof item === "string" ? { sku: item } : read.object(item, `${where}[${index}]`, ["sku", "disabledPlans"]);
    const name = read.string(spec.sku, `${where}[${index}].sku`);
    const sku = graph.subscribedSkus.find((candidate) => candidate.skuPartNumber.toLowerCase() === name.toLowerCase() || candidate.skuId === name.toLowerCase());
    if (!sku) read.fail(`${where}[${index}]: the tenant has no SKU ${name} (known part numbers: ${Object.keys(SKU_IDS).join(", ")})`);
    const disabledPlans = spec.disabledPlans === undefined ? [] : read.strings(spec.disabledPlans, `${where}[${index}].disabledPlans`).map((plan) => {
      const found = sku.servicePlans.find((candidate) => candidate.servicePlanId === plan.toLowerCase() || candidate.servicePlanName.toLowerCase() === plan.toLowerCase());
      if (!found) read.fail(`${where}[${index}].disabledPlans: ${plan} is not a plan of ${sku.skuPartNumber}`);
      return found.servicePlanId;
    });
    return { skuId: sku.skuId, disabledPlans };
  });
}

