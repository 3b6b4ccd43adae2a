// The control endpoint: tests and demos reset, seed and inspect the lab and drive fault
// injection here. Its own HTTPS server, never subject to injected faults.
import type { FaultInjector } from "../faults/fault-injector";
import { faultRuleToJson, FaultRuleError, parseFaultRule, type FaultRuleSpec } from "../faults/fault-rules";
import { startHttpsServer, type RunningHttpsServer } from "../http/https-server";
import { jsonResponse, LabHttpError, type LabRequest, type LabResponse } from "../http/lab-http";
import { Router } from "../http/router";
import type { LabComponent } from "../lab-component";
import type { RequestLog, RequestLogFilter } from "../request-log";
import type { LabTls } from "../tls";

export interface ControlServerOptions {
  readonly port: number;
  readonly tls: LabTls;
  /** Simulators and OpenLDAP, by name. */
  readonly components: ReadonlyMap<string, LabComponent>;
  /** Names of the HTTP simulators (fault rules can only target these). */
  readonly serviceNames: readonly string[];
  readonly faults: FaultInjector;
  /** The seed the fault generator returns to on a full reset. */
  readonly faultSeed: number;
  /** Every request the simulators served; GET /requests reads it, DELETE /requests empties it. */
  readonly requestLog: RequestLog;
  /** What GET /health reports about the lab. */
  readonly describe: () => Record<string, unknown>;
}

type ControlHandler = (req: LabRequest) => Promise<LabResponse> | LabResponse;

export async function startControlServer(options: ControlServerOptions): Promise<RunningHttpsServer> {
  const { components, faults } = options;

  const component = (name: unknown, where: string): LabComponent => {
    if (typeof name !== "string") throw new LabHttpError(400, "InvalidRequest", `${where} must be a service name string, one of ${known()}`);
    const found = components.get(name);
    if (!found) throw new LabHttpError(404, "UnknownService", `no lab service is called ${JSON.stringify(name)}; running: ${known()}`);
    return found;
  };
  const known = (): string => [...components.keys()].join(", ") || "(none)";
  /** When the throttling counters started counting: the lab's start or the last POST /throttling/reset. */
  let throttlingSince = new Date().toISOString();

  const routes: { method: string; path: string; handler: ControlHandler }[] = [
    { method: "GET", path: "/health", handler: () => jsonResponse(200, { status: "ok", ...options.describe() }) },

    {
      method: "POST", path: "/reset", handler: async (req) => {
        const body = objectBody(req, ["service"], true);
        if (body.service !== undefined) {
          const target = component(body.service, "service");
          await target.reset();
          return jsonResponse(200, { reset: [target.name] });
        }
        // A full reset is a fresh lab: seeded state everywhere, no fault rules, generator reseeded.
        for (const target of components.values()) await target.reset();
        faults.clear();
        faults.reseed(options.faultSeed);
        return jsonResponse(200, { reset: [...components.keys()], faults: "cleared" });
      },
    },

    {
      method: "POST", path: "/seed", handler: async (req) => {
        const body = objectBody(req, ["service", "data"], false);
        const target = component(body.service, "service");
        if (body.data === undefined) throw new LabHttpError(400, "InvalidRequest", `POST /seed needs "data" (what ${target.name} accepts as seed data)`);
        await target.seed(body.data);
        return jsonResponse(200, { seeded: target.name });
      },
    },

    {
      method: "GET", path: "/faults", handler: () => {
        const { seed, rules } = faults.snapshot();
        return jsonResponse(200, { seed, rules: rules.map(faultRuleToJson) });
      },
    },

    {
      method: "POST", path: "/faults", handler: (req) => {
        const body = req.json();
        let specs: FaultRuleSpec[];
        let seed: number | undefined;
        try {
          if (isRecord(body) && "rules" in body) {
            for (const key of Object.keys(body)) {
              if (key !== "rules" && key !== "seed") throw new FaultRuleError(`unknown field "${key}" next to "rules" (allowed: rules, seed)`);
            }
            if (!Array.isArray(body.rules)) throw new FaultRuleError(`"rules" must be an array of fault rules`);
            specs = body.rules.map((rule, index) => parseFaultRule(rule, options.serviceNames, `rules[${index}]`));
            if (body.seed !== undefined) {
              if (typeof body.seed !== "number" || !Number.isSafeInteger(body.seed)) throw new FaultRuleError(`"seed" must be an integer, got ${JSON.stringify(body.seed)}`);
              seed = body.seed;
            }
          } else {
            specs = [parseFaultRule(body, options.serviceNames)];
          }
        } catch (error) {
          if (error instanceof FaultRuleError) throw new LabHttpError(400, "InvalidFaultRule", error.message);
          throw error;
        }
        if (seed !== undefined) faults.reseed(seed);
        return jsonResponse(201, { rules: faults.add(specs).map(faultRuleToJson) });
      },
    },

    {
      method: "DELETE", path: "/faults", handler: () => {
        const removed = faults.snapshot().rules.length;
        faults.clear();
        return jsonResponse(200, { removed });
      },
    },

    {
      method: "DELETE", path: "/faults/:id", handler: (req) => {
        const id = req.params.id ?? "";
        if (!faults.remove(id)) throw new LabHttpError(404, "UnknownFaultRule", `no fault rule has id ${JSON.stringify(id)}; GET /faults lists them`);
        return jsonResponse(200, { removed: id });
      },
    },

    {
      method: "POST", path: "/flush", handler: async (req) => {
        const body = objectBody(req, ["service"], true);
        const targets = body.service !== undefined ? [component(body.service, "service")] : [...components.values()];
        const flushed: string[] = [];
        for (const target of targets) {
          if (!target.flush) continue;
          try {
            await target.flush();
          } catch (error) {
            throw new LabHttpError(500, "StateWriteFailed", (error as Error).message);
          }
          flushed.push(target.name);
        }
        return jsonResponse(200, { flushed });
      },
    },

    {
      method: "GET", path: "/throttling", handler: () => {
        const services: Record<string, unknown> = {};
        for (const target of components.values()) if (target.throttling) services[target.name] = target.throttling();
        return jsonResponse(200, { since: throttlingSince, services });
      },
    },

    {
      method: "POST", path: "/throttling/reset", handler: (req) => {
        objectBody(req, [], true);
        const reset: string[] = [];
        for (const target of components.values()) {
          if (!target.resetThrottling) continue;
          target.resetThrottling();
          reset.push(target.name);
        }
        throttlingSince = new Date().toISOString();
        return jsonResponse(200, { reset, since: throttlingSince });
      },
    },

    {
      method: "GET", path: "/requests", handler: (req) => {
        const filter: { -readonly [K in keyof RequestLogFilter]: RequestLogFilter[K] } = {};
        for (const key of new Set(req.query.keys())) {
          if (key !== "service" && key !== "since") throw new LabHttpError(400, "InvalidRequest", `GET /requests takes the query parameters service and since, not "${key}"`);
        }
        const service = req.query.get("service");
        if (service !== null) {
          if (!options.serviceNames.includes(service)) throw new LabHttpError(400, "InvalidRequest", `service=${JSON.stringify(service)} is not a simulator of this lab; use one of ${options.serviceNames.join(", ") || "(none)"}`);
          filter.service = service;
        }
        const since = req.query.get("since");
        if (since !== null) {
          const value = Number(since);
          if (since.trim() === "" || !Number.isSafeInteger(value) || value < 0) throw new LabHttpError(400, "InvalidRequest", `since=${JSON.stringify(since)} must be a whole number of at least 0: the seq of the last entry already read (entries after it are listed)`);
          filter.since = value;
        }
        const page = options.requestLog.list(filter);
        return jsonResponse(200, { requests: page.requests, dropped: page.dropped, maxEntries: options.requestLog.maxEntries });
      },
    },

    {
      method: "DELETE", path: "/requests", handler: () => jsonResponse(200, { cleared: options.requestLog.clear() }),
    },

    {
      method: "GET", path: "/state/:service", handler: async (req) => {
        const target = component(req.params.service, "service");
        return jsonResponse(200, { service: target.name, state: await target.snapshot() });
      },
    },
  ];
  const router = new Router(routes);

  return startHttpsServer({
    name: "control",
    port: options.port,
    certPem: options.tls.serverCertPem,
    keyPem: options.tls.serverKeyPem,
    handle: async (request) => {
      const match = router.match(request.method, request.path);
      if (match.kind === "not-found") {
        throw new LabHttpError(404, "NotFound", `the lab control endpoint has no ${request.path}; see docs/lab.md (GET /health, POST /reset, POST /seed, POST /flush, GET|POST|DELETE /faults, GET /throttling, POST /throttling/reset, GET|DELETE /requests, GET /state/<service>)`);
      }
      if (match.kind === "method-not-allowed") {
        throw new LabHttpError(405, "MethodNotAllowed", `${request.path} accepts ${match.allowed.join(", ")}, not ${request.method}`, { allow: match.allowed.join(", ") });
      }
      return match.handler({ ...request, params: match.params });
    },
  });
}

/** The JSON object body with only the allowed fields; `optional` accepts an empty body. */
function objectBody(req: LabRequest, allowed: readonly string[], optional: boolean): Record<string, unknown> {
  const body = req.json();
  if (body === undefined && optional) return {};
  if (!isRecord(body)) throw new LabHttpError(400, "InvalidRequest", `${req.method} ${req.path} needs a JSON object body with ${allowed.join(", ")}`);
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw new LabHttpError(400, "InvalidRequest", `${req.method} ${req.path} does not take "${key}" (allowed: ${allowed.join(", ")})`);
  }
  return body;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
