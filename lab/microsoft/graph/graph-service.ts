// The graph simulator: a Microsoft Graph subset under /v1.0 (and /beta for Teams
// administration and $batch). Every request needs an access token from the entra simulator for
// Microsoft Graph; every answer carries request-id/client-request-id; every error has Graph's
// shape (reference §6.1), including errors of the lab's own routing.
import { defineService, type LabServiceContext, type LabServiceDefinition, type ServiceState } from "../../lab-service";
import { LabHttpError, type LabRequest, type LabResponse } from "../../http/lab-http";
import { hasAnyRole, validateAccessToken, type AccessTokenClaims } from "../entra/access-tokens";
import { publicBase } from "../entra/entra-service";
import { GRAPH_AUDIENCES } from "../entra/resources";
import { decodeGraphState } from "../tenant/decode";
import { newGuid } from "../tenant/ids";
import { seedGraph } from "../tenant/seed-tenant";
import type { TenantHub } from "../tenant/tenant-hub";
import type { GraphState } from "../tenant/types";
import { batchRoutes } from "./batch";
import { deltaRoutes } from "./delta";
import { extensionRoutes } from "./extensions";
import { groupRoutes } from "./groups";
import type { GraphCall, GraphRoute, GraphVersion } from "./graph-call";
import { applyGraphSeed } from "./graph-seed";
import { codeForStatus, GraphError, graphErrorResponse, graphHeaders, type RequestIds, requestIdsOf } from "./graph-http";
import { licenseRoutes } from "./licenses";
import { teamsAdminRoutes } from "./teams-admin";
import { userRoutes } from "./users";
import { GraphThrottle } from "../throttling/graph-throttling";
import { describeHttpRequest } from "../../request-log";

export const GRAPH_ROUTES: readonly GraphRoute[] = [...deltaRoutes, ...extensionRoutes, ...groupRoutes, ...userRoutes, ...licenseRoutes, ...teamsAdminRoutes, ...batchRoutes];

const METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE"];
const BATCH_PATH = /^\/(v1\.0|beta)\/(\$|%24)batch$/i;

export function createGraphService(hub: TenantHub, throttle: GraphThrottle = new GraphThrottle()): LabServiceDefinition<GraphState> {
  const handleTopLevel = async (req: LabRequest, state: ServiceState<GraphState>, lab: LabServiceContext): Promise<LabResponse> => {
    hub.attach(state.current);
    const ids = requestIdsOf(req);
    let auth: AccessTokenClaims;
    try {
      const entra = hub.require("entra", "graph");
      const check = validateAccessToken(entra, typeof req.headers.authorization === "string" ? req.headers.authorization : undefined, [...GRAPH_AUDIENCES, lab.url.replace(/\/+$/, "")], Math.floor(Date.now() / 1000));
      if (!check.ok) {
        return graphErrorResponse(401, "InvalidAuthenticationToken", check.message, ids, {
          "www-authenticate": `Bearer realm="", authorization_uri="${lab.urlOf("entra")}/${entra.tenant.id}/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
        });
      }
      auth = check.claims;
    } catch (error) {
      return errorAnswer(error, ids);
    }
    return dispatch(req, ids, auth, false, state, lab);
  };

  const dispatch = async (req: LabRequest, ids: RequestIds, auth: AccessTokenClaims, inBatch: boolean, state: ServiceState<GraphState>, lab: LabServiceContext): Promise<LabResponse> => {
    // x-ms-resource-unit and friends, on the answer whatever it is once the request was charged.
    let throttleHeaders: Record<string, string> = {};
    try {
      const versioned = /^\/(v1\.0|beta)(\/.*)?$/.exec(req.path);
      if (!versioned) {
        const first = req.path.split("/")[1] ?? "";
        throw new GraphError(400, "BadRequest", `Invalid version: ${first}`);
      }
      const version = versioned[1] as GraphVersion;
      const rest = decodePath(versioned[2] ?? "/");
      const allowed: string[] = [];
      for (const route of GRAPH_ROUTES) {
        const match = route.path.exec(rest);
        if (!match || !route.versions.includes(version)) continue;
        if (route.method !== req.method) {
          if (!allowed.includes(route.method)) allowed.push(route.method);
          continue;
        }
        // Every routed request (each $batch item too) is charged to its workload's buckets first.
        throttleHeaders = throttle.admit(state.current.settings.throttling, { method: req.method, path: rest, query: req.query }, { appId: auth.appid, tenantId: auth.tid, users: hub.graph().userCount });
        if (route.permissions.length > 0 && !hasAnyRole(auth, route.permissions)) {
          throw new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        }
        const call: GraphCall = {
          req,
          version,
          params: { ...(match.groups ?? {}) },
          get graph() {
            return state.current;
          },
          update: (mutate) => state.update((graph) => void mutate(graph)),
          hub,
          base: publicBase(req, lab),
          auth,
          ids,
          dispatch: (inner, innerIds) => dispatch(inner, innerIds, auth, true, state, lab),
          subRequestFault: (request) => lab.subRequestFault(request),
          logSubRequest: (request) => lab.logSubRequest(request),
          inBatch,
        };
        const response = await route.handle(call);
        return { ...response, headers: { ...graphHeaders(ids), ...throttleHeaders, ...response.headers } };
      }
      if (allowed.length > 0) throw new GraphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.", { allow: allowed.join(", ") });
      const segment = rest.split("/").filter((part) => part !== "")[0] ?? "";
      throw new GraphError(400, "BadRequest", `Resource not found for the segment '${segment}'.`);
    } catch (error) {
      const answer = errorAnswer(error, ids);
      return { ...answer, headers: { ...throttleHeaders, ...answer.headers } };
    }
  };

  return defineService<GraphState>({
    name: "graph",
    initialState: () => {
      // A fresh tenant: its buckets are full again (the counters of GET /throttling go on).
      throttle.limiter.fill();
      return hub.attach(seedGraph());
    },
    decodeState: (raw) => hub.attach(decodeGraphState(raw)),
    seed: (state, data) => {
      const copy = structuredClone(state);
      hub.attach(copy);
      try {
        return applyGraphSeed(copy, data, hub);
      } catch (error) {
        hub.attach(state);
        throw error;
      }
    },
    faultResponse: (fault) => {
      const ids = { requestId: newGuid(), clientRequestId: newGuid() };
      const { code, message } = codeForStatus(fault.status);
      const tenantId = hub.optional("entra")?.tenant.id ?? "lab";
      return graphErrorResponse(fault.status, code, `${message} (lab fault rule ${fault.ruleId})`, ids, fault.status === 429 ? { "x-ms-throttle-information": "ResourceUnitLimitExceeded", "x-ms-throttle-scope": `Tenant_Application/ReadWrite/lab/${tenantId}` } : {});
    },
    concurrency: {
      limit: (graph) => (graph.settings.throttling.enabled ? graph.settings.throttling.maxConcurrentRequests : null),
      refuse: (limit) => graphErrorResponse(429, "TooManyRequests", `Too many requests: the service takes at most ${limit} requests at once from this tenant (lab knob throttling.maxConcurrentRequests). Retry after the time given in Retry-After.`, { requestId: newGuid(), clientRequestId: newGuid() }, { "retry-after": "1", "x-ms-throttle-information": "ConcurrencyLimitExceeded" }),
    },
    throttling: {
      report: () => throttle.limiter.report(hub.optional("graph")?.settings.throttling.enabled ?? true),
      reset: () => throttle.limiter.reset(),
    },
    // The $batch container only carries requests (its items are logged one by one as they are served).
    describeRequest: ({ method, path }) => (method === "POST" && BATCH_PATH.test(path) ? { write: false } : describeHttpRequest(method)),
    // One catch-all route per method: the simulator routes itself, so that unknown paths and
    // methods are answered in Graph's shape too.
    routes: METHODS.map((method) => ({ method, path: /^\/.*$/, handle: handleTopLevel })),
  });
}

/** Decodes %-escapes of path segments (%27 in getPolicyId(...), %40 in UPNs), keeping / as is. */
function decodePath(path: string): string {
  try {
    return path.split("/").map((segment) => decodeURIComponent(segment)).join("/");
  } catch {
    throw new GraphError(400, "BadRequest", `The request path is not valid percent-encoding: ${path}`);
  }
}

function errorAnswer(error: unknown, ids: RequestIds): LabResponse {
  if (error instanceof GraphError) return graphErrorResponse(error.status, error.code, error.message, ids, error.headers);
  if (error instanceof LabHttpError) return graphErrorResponse(error.status, error.status === 400 ? "BadRequest" : error.code, error.message, ids, error.headers);
  throw error;
}
