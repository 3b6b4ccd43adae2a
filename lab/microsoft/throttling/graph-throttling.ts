// Graph's throttling as the lab models it (docs/lab-microsoft.md, "Throttling"): which
// workload a request belongs to, what it costs, and the answer when a bucket is empty. Each
// $batch item is a request of its own here; the $batch envelope costs nothing.
//   identity (users, their licenses, subscribedSkus, organization): resource units per
//     application+tenant by tenant size, writes per application+tenant, writes per tenant;
//     x-ms-resource-unit on every answer, x-ms-throttle-limit-percentage above 80 %,
//     x-ms-throttle-scope and x-ms-throttle-information on a 429.
//   extensions (/users/{id}/extensions...): requests per application+tenant.
//   teamsAdministration (/admin/teams/...): reads and writes per application+tenant (a guess).
import { GraphError } from "../graph/graph-http";
import type { GraphThrottlingSettings } from "../tenant/types";
import { tenantSize } from "./limits";
import { type BucketUse, RateLimiter } from "./rate-limiter";

export type GraphWorkload = "identity" | "extensions" | "teamsAdministration";

export interface GraphRequestShape {
  readonly method: string;
  /** After the version segment, percent-decoded: "/users/abc/assignLicense". */
  readonly path: string;
  readonly query: URLSearchParams;
}

/** The workload whose limits a request counts against; undefined for none ($batch, unknown paths). */
export function graphWorkload(path: string): GraphWorkload | undefined {
  if (/^\/users\/[^/]+\/extensions(\/|$)/.test(path)) return "extensions";
  if (/^\/admin\/teams(\/|$)/.test(path)) return "teamsAdministration";
  if (/^\/(users|groups|subscribedSkus|organization)(\/|$)/.test(path)) return "identity";
  return undefined;
}

/**
 * Resource units of an identity request: base cost 2 for GET users (and GET groups, a guess:
 * the table lists no groups row), 3 for GET subscribedSkus,
 * 2 for GET users/{id}/licenseDetails (me/licenseDetails applies to users/{id}), else 1;
 * `$select` -1, `$expand` +1, `$top` under 20 -1; never under 1.
 */
export function identityResourceUnits(request: GraphRequestShape): number {
  let cost = 1;
  if (request.method === "GET") {
    if (/^\/(users|groups)\/?$/.test(request.path)) cost = 2;
    else if (/^\/subscribedSkus\/?$/.test(request.path)) cost = 3;
    else if (/^\/users\/[^/]+\/licenseDetails\/?$/.test(request.path)) cost = 2;
  }
  if ((request.query.get("$select") ?? "") !== "") cost -= 1;
  if ((request.query.get("$expand") ?? "") !== "") cost += 1;
  const top = request.query.get("$top");
  if (top !== null && Number(top) < 20) cost -= 1;
  return Math.max(1, cost);
}

/** Writes of an identity request: 1 for POST, PATCH, PUT and DELETE. */
export function identityWrites(request: GraphRequestShape): number {
  return request.method === "GET" ? 0 : 1;
}

export interface GraphCaller {
  readonly appId: string;
  readonly tenantId: string;
  /** Users in the tenant: the tenant size of the resource-unit limit. */
  readonly users: number;
}

export class GraphThrottle {
  readonly limiter: RateLimiter;

  constructor(now: () => number = Date.now) {
    this.limiter = new RateLimiter(now);
  }

  /**
   * Charges a request to its workload's buckets. Returns the headers of a served request;
   * throws a 429 GraphError with Retry-After (and the identity headers) when a bucket is empty.
   */
  admit(settings: GraphThrottlingSettings, request: GraphRequestShape, caller: GraphCaller): Record<string, string> {
    const workload = graphWorkload(request.path);
    if (!workload) return {};
    const uses = bucketUses(settings, workload, request, caller);
    const decision = this.limiter.charge(uses, settings.enabled);
    const units = workload === "identity" ? identityResourceUnits(request) : undefined;
    if (!decision.ok) {
      const { refusedBy, retryAfterSeconds } = decision;
      const headers: Record<string, string> = { "retry-after": String(retryAfterSeconds) };
      if (workload !== "teamsAdministration") {
        const limit = refusedBy.name.endsWith("Writes") ? "Write" : "ReadWrite";
        headers["x-ms-throttle-scope"] = `${refusedBy.scope}/${limit}/${caller.appId}/${caller.tenantId}`;
        headers["x-ms-throttle-information"] = refusedBy.name.endsWith("Writes") ? "WriteLimitExceeded" : "ResourceUnitLimitExceeded";
      }
      if (units !== undefined) headers["x-ms-resource-unit"] = String(units);
      const who = refusedBy.scope === "Tenant" ? "the tenant (every application)" : `application ${caller.appId} in this tenant`;
      throw new GraphError(429, "TooManyRequests", `Too many requests: the limit of ${refusedBy.limit.limit} ${refusedBy.name.endsWith("resourceUnits") ? "resource units" : refusedBy.name.endsWith("Writes") ? "writes" : "requests"} per ${refusedBy.limit.windowSeconds} s (${refusedBy.name}) for ${who} is used up. Retry after ${retryAfterSeconds} seconds.`, headers);
    }
    if (units === undefined) return {};
    const headers: Record<string, string> = { "x-ms-resource-unit": String(units) };
    const share = this.limiter.usedShare(uses[0] as BucketUse);
    if (share > 0.8) headers["x-ms-throttle-limit-percentage"] = share.toFixed(2);
    return headers;
  }
}

function bucketUses(settings: GraphThrottlingSettings, workload: GraphWorkload, request: GraphRequestShape, caller: GraphCaller): BucketUse[] {
  const { appId } = caller;
  switch (workload) {
    case "identity": {
      const units = settings.identity.resourceUnits;
      const uses: BucketUse[] = [{ name: "identity.resourceUnits", scope: "Tenant_Application", appId, limit: { limit: units[tenantSize(caller.users)], windowSeconds: units.windowSeconds }, cost: identityResourceUnits(request) }];
      if (identityWrites(request) > 0) {
        uses.push({ name: "identity.applicationWrites", scope: "Tenant_Application", appId, limit: settings.identity.applicationWrites, cost: 1 });
        uses.push({ name: "identity.tenantWrites", scope: "Tenant", appId, limit: settings.identity.tenantWrites, cost: 1 });
      }
      return uses;
    }
    case "extensions":
      return [{ name: "extensions.requests", scope: "Tenant_Application", appId, limit: settings.extensions, cost: 1 }];
    case "teamsAdministration":
      return request.method === "GET"
        ? [{ name: "teamsAdministration.reads", scope: "Tenant_Application", appId, limit: settings.teamsAdministration.reads, cost: 1 }]
        : [{ name: "teamsAdministration.writes", scope: "Tenant_Application", appId, limit: settings.teamsAdministration.writes, cost: 1 }];
  }
}
