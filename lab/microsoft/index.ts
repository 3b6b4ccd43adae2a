// The lab's Microsoft simulators: entra (token endpoint), graph (Microsoft Graph subset) and teams
// (Teams admin ConfigAPI subset), sharing one seeded tenant. See docs/lab-microsoft.md.
import type { LabServiceDefinition } from "../lab-service";
import { createEntraService } from "./entra/entra-service";
import { createGraphService } from "./graph/graph-service";
import { createTeamsService } from "./teams/teams-service";
import { TenantHub } from "./tenant/tenant-hub";
import type { EntraState, GraphState, TeamsState } from "./tenant/types";

export interface MicrosoftServices {
  readonly entra: LabServiceDefinition<EntraState>;
  readonly graph: LabServiceDefinition<GraphState>;
  readonly teams: LabServiceDefinition<TeamsState>;
  /** The three, in start order, for LabOptions.services or the catalogue. */
  readonly all: readonly LabServiceDefinition<unknown>[];
  /** The tenant the three share (for in-process tests that look at the lab's data structures). */
  readonly hub: TenantHub;
}

/**
 * Three simulators bound to one tenant. Each call makes a new tenant hub: use one set per lab
 * running in a process (two labs in one process need two sets).
 */
export function createMicrosoftServices(): MicrosoftServices {
  const hub = new TenantHub();
  const entra = createEntraService(hub);
  const graph = createGraphService(hub);
  const teams = createTeamsService(hub);
  return { entra, graph, teams, all: [entra, graph, teams] as unknown as readonly LabServiceDefinition<unknown>[], hub };
}

/** The default set, for the service catalogue (one lab per process). */
export const microsoftServices: MicrosoftServices = createMicrosoftServices();
export const entraService = microsoftServices.entra;
export const graphService = microsoftServices.graph;
export const teamsService = microsoftServices.teams;

export * from "./fixtures";
export { TenantHub } from "./tenant/tenant-hub";
export { GraphIndex, TeamsIndex, GrantBook, VoiceBook, KEPT_FINISHED_OPERATIONS } from "./tenant/tenant-index";
export { seedGraph, seedTeams, numberRecord } from "./tenant/seed-tenant";
export type { EntraState, GraphState, TeamsState, GraphThrottlingSettings, TeamsThrottlingSettings, RateLimit, OpenExtension, ExtensionValue } from "./tenant/types";
export { SKU_IDS, SERVICE_PLAN_IDS, SEED_USER_COUNT, SEED_NUMBER_BLOCKS, SEED_LOCATION_IDS, UCFLOW_GRAPH_ROLES, SEED_GROUP_IDS, SEED_GROUP_MEMBER_UPN } from "./tenant/seed-tenant";
export { MICROSOFT_GRAPH, TEAMS_ADMIN_API, DIRECTORY_ROLES } from "./entra/resources";
export { parseFilter, evaluateFilter, checkFilter, equalityValues, FilterSyntaxError } from "./graph/odata-filter";
export type { FilterNode, FilterSchema } from "./graph/odata-filter";
export { USER_FILTER_SCHEMA } from "./graph/user-model";
export { OPEN_EXTENSION_LIMITS, OPEN_EXTENSION_TYPE } from "./graph/extensions";
export { defaultGraphThrottling, defaultTeamsThrottling, tenantSize, TENANT_SIZE_USERS } from "./throttling/limits";
export { graphWorkload, identityResourceUnits, identityWrites, GraphThrottle } from "./throttling/graph-throttling";
export type { GraphWorkload, GraphRequestShape } from "./throttling/graph-throttling";
export { TeamsThrottle } from "./throttling/teams-throttling";
export { RateLimiter } from "./throttling/rate-limiter";
export type { BucketUse, LimitScope } from "./throttling/rate-limiter";
