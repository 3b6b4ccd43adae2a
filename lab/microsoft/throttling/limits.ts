// The rate limits the Microsoft simulators apply by default, and the seed data that changes
// them ({"throttling": {...}} in the graph and teams seeds).
//
// Graph identity and access (docs-contrib concepts/throttling-limits.md, "Identity and access
// service limits"; reference §2.5): resource units per application+tenant per 10 s by tenant
// size, 3,000 writes per application+tenant per 2 min 30 s, 18,000 writes per tenant per
// 5 min. Open extensions ("Open and schema extensions service limits"): 455 requests per
// application+tenant per 10 s. Teams administration through Graph and the ConfigAPI have no
// published limits: the values below are the lab's guesses (docs/lab-microsoft.md says why).
import { SeedReader } from "../tenant/seed-input";
import type { GraphThrottlingSettings, RateLimit, TeamsThrottlingSettings } from "../tenant/types";

/** Tenant sizes of the identity limits: S under 50 users, M 50 to 500, L above 500. */
export const TENANT_SIZE_USERS = { mediumFrom: 50, largeAbove: 500 } as const;

export type TenantSize = "small" | "medium" | "large";

export function tenantSize(users: number): TenantSize {
  if (users < TENANT_SIZE_USERS.mediumFrom) return "small";
  return users > TENANT_SIZE_USERS.largeAbove ? "large" : "medium";
}

export function defaultGraphThrottling(): GraphThrottlingSettings {
  return {
    enabled: true,
    maxConcurrentRequests: null,
    identity: {
      resourceUnits: { small: 3_500, medium: 5_000, large: 8_000, windowSeconds: 10 },
      applicationWrites: { limit: 3_000, windowSeconds: 150 },
      tenantWrites: { limit: 18_000, windowSeconds: 300 },
    },
    extensions: { limit: 455, windowSeconds: 10 },
    // Guess: the "Other GET API calls" and "Other API calls" rows of the Microsoft Teams service limits (30 rps each).
    teamsAdministration: { reads: { limit: 30, windowSeconds: 1 }, writes: { limit: 30, windowSeconds: 1 } },
  };
}

export function defaultTeamsThrottling(): TeamsThrottlingSettings {
  // Guess: reads like Teams' Graph workloads, writes a third of that (PowerShell cmdlets behind them).
  return { enabled: true, maxConcurrentRequests: null, reads: { limit: 30, windowSeconds: 1 }, writes: { limit: 10, windowSeconds: 1 } };
}

const MAX_UNITS = 10_000_000;
const MAX_WINDOW_SECONDS = 86_400;

function readLimit(read: SeedReader, value: unknown, where: string, current: RateLimit): RateLimit {
  const spec = read.object(value, where, ["limit", "windowSeconds"]);
  return {
    limit: spec.limit === undefined ? current.limit : read.integer(spec.limit, `${where}.limit`, 1, MAX_UNITS),
    windowSeconds: spec.windowSeconds === undefined ? current.windowSeconds : read.integer(spec.windowSeconds, `${where}.windowSeconds`, 1, MAX_WINDOW_SECONDS),
  };
}

function readCommon(read: SeedReader, spec: Record<string, unknown>, where: string, current: { enabled: boolean; maxConcurrentRequests: number | null }): { enabled: boolean; maxConcurrentRequests: number | null } {
  return {
    enabled: spec.enabled === undefined ? current.enabled : read.boolean(spec.enabled, `${where}.enabled`),
    maxConcurrentRequests: spec.maxConcurrentRequests === undefined ? current.maxConcurrentRequests : spec.maxConcurrentRequests === null ? null : read.integer(spec.maxConcurrentRequests, `${where}.maxConcurrentRequests`, 1, 100_000),
  };
}

/**
 * The graph seed's `throttling`: every field optional, merged into the current settings;
 * `"defaults": true` first returns to the documented values.
 */
export function readGraphThrottling(read: SeedReader, value: unknown, current: GraphThrottlingSettings): GraphThrottlingSettings {
  const where = "throttling";
  const spec = read.object(value, where, ["defaults", "enabled", "maxConcurrentRequests", "identity", "extensions", "teamsAdministration"]);
  const base = spec.defaults !== undefined && read.boolean(spec.defaults, `${where}.defaults`) ? defaultGraphThrottling() : structuredClone(current);
  const identity = spec.identity === undefined ? {} : read.object(spec.identity, `${where}.identity`, ["resourceUnits", "applicationWrites", "tenantWrites"]);
  const units = identity.resourceUnits === undefined ? {} : read.object(identity.resourceUnits, `${where}.identity.resourceUnits`, ["small", "medium", "large", "windowSeconds"]);
  const unit = (name: "small" | "medium" | "large" | "windowSeconds", max: number): number =>
    units[name] === undefined ? base.identity.resourceUnits[name] : read.integer(units[name], `${where}.identity.resourceUnits.${name}`, 1, max);
  const teams = spec.teamsAdministration === undefined ? {} : read.object(spec.teamsAdministration, `${where}.teamsAdministration`, ["reads", "writes"]);
  return {
    ...readCommon(read, spec, where, base),
    identity: {
      resourceUnits: { small: unit("small", MAX_UNITS), medium: unit("medium", MAX_UNITS), large: unit("large", MAX_UNITS), windowSeconds: unit("windowSeconds", MAX_WINDOW_SECONDS) },
      applicationWrites: identity.applicationWrites === undefined ? base.identity.applicationWrites : readLimit(read, identity.applicationWrites, `${where}.identity.applicationWrites`, base.identity.applicationWrites),
      tenantWrites: identity.tenantWrites === undefined ? base.identity.tenantWrites : readLimit(read, identity.tenantWrites, `${where}.identity.tenantWrites`, base.identity.tenantWrites),
    },
    extensions: spec.extensions === undefined ? base.extensions : readLimit(read, spec.extensions, `${where}.extensions`, base.extensions),
    teamsAdministration: {
      reads: teams.reads === undefined ? base.teamsAdministration.reads : readLimit(read, teams.reads, `${where}.teamsAdministration.reads`, base.teamsAdministration.reads),
      writes: teams.writes === undefined ? base.teamsAdministration.writes : readLimit(read, teams.writes, `${where}.teamsAdministration.writes`, base.teamsAdministration.writes),
    },
  };
}

/** The teams seed's `throttling`, merged the same way. */
export function readTeamsThrottling(read: SeedReader, value: unknown, current: TeamsThrottlingSettings): TeamsThrottlingSettings {
  const where = "throttling";
  const spec = read.object(value, where, ["defaults", "enabled", "maxConcurrentRequests", "reads", "writes"]);
  const base = spec.defaults !== undefined && read.boolean(spec.defaults, `${where}.defaults`) ? defaultTeamsThrottling() : structuredClone(current);
  return {
    ...readCommon(read, spec, where, base),
    reads: spec.reads === undefined ? base.reads : readLimit(read, spec.reads, `${where}.reads`, base.reads),
    writes: spec.writes === undefined ? base.writes : readLimit(read, spec.writes, `${where}.writes`, base.writes),
  };
}
