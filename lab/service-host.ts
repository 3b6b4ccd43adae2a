// Runs one simulator: its HTTPS server on its own port, its persisted state, the count of
// requests in flight (and the simulator's concurrency limit), the fault layer in front of its
// routes, and its entries in the lab's request log (every request, whatever answered it).
import type { IncomingMessage, ServerResponse } from "node:http";
import * as path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import type { FaultOutcome } from "./faults/fault-decision";
import type { FaultInjector } from "./faults/fault-injector";
import { startHttpsServer, send, type RequestHandler, type RunningHttpsServer } from "./http/https-server";
import { errorBody, LabHttpError, type LabResponse } from "./http/lab-http";
import { Router } from "./http/router";
import type { LabComponent } from "./lab-component";
import type { InjectedFault, LabRoute, LabServiceContext, LabServiceDefinition } from "./lab-service";
import { describeHttpRequest, type RequestDescription, type RequestLog } from "./request-log";
import { ServiceStateStore } from "./state-store";
import type { ServiceThrottlingReport } from "./throttling/throttling-report";
import type { LabTls } from "./tls";

/**
 * How long close() waits for requests whose handler is running: their writes are applied and
 * saved, their answers lost with the connection, as on a server that stops after committing.
 */
export const IN_FLIGHT_WAIT_MS = 5_000;

export interface ServiceHostOptions<S> {
  readonly definition: LabServiceDefinition<S>;
  /** <stateDir>/services */
  readonly stateDir: string;
  readonly port: number;
  readonly tls: LabTls;
  readonly faults: FaultInjector;
  /** Base URLs of the lab's services, filled in as they start. */
  readonly urls: ReadonlyMap<string, string>;
  /** Where every request this simulator serves is recorded. */
  readonly requestLog: RequestLog;
  /**
   * Seed data the lab's options ask for (e.g. LabOptions.numberOperations), applied on top of
   * the state when the lab starts and after every reset, so a reset keeps the lab's settings.
   */
  readonly baseline?: unknown;
  readonly log?: (line: string) => void;
}

export interface ServiceHost extends LabComponent {
  readonly url: string;
  readonly port: number;
  readonly stateFile: string;
  close(): Promise<void>;
}

export async function startServiceHost<S>(options: ServiceHostOptions<S>): Promise<ServiceHost> {
  const { definition, faults } = options;
  const name = definition.name;
  const withBaseline = (state: S): S => {
    if (options.baseline === undefined) return state;
    if (!definition.seed) throw new Error(`lab service ${name} takes no seed data, so the lab's options cannot set anything in it`);
    return definition.seed(state, options.baseline);
  };
  const store = await ServiceStateStore.open(name, options.stateDir, (raw) => definition.decodeState(raw), () => definition.initialState(), options.log);
  if (options.baseline !== undefined) {
    try {
      await store.replace(withBaseline(store.current));
    } catch (error) {
      await store.close();
      throw new Error(`the lab's options for ${name} were refused: ${(error as Error).message}`);
    }
  }
  const router = new Router<LabRoute<S>>(definition.routes.map((route) => ({ method: route.method, path: route.path, handler: route })));
  // Aborts latency faults still waiting when the lab stops, so no timer outlives it.
  const closing = new AbortController();
  let url = "";
  const concurrency = { current: 0, peak: 0, refused: 0 };
  /** Route handlers running now; close() lets them finish before the state is saved. */
  const handling = new Set<Promise<LabResponse>>();

  /** Waits out a fault delay; false when the lab is stopping. */
  const waitOut = async (ms: number): Promise<boolean> => {
    if (ms <= 0) return true;
    try {
      await delay(ms, undefined, { signal: closing.signal });
      return true;
    } catch {
      return false;
    }
  };

  /** The log entry of each request being served, from its arrival to its answer. */
  interface PendingEntry {
    readonly at: string;
    readonly method: string;
    readonly path: string;
    description: RequestDescription;
  }
  const pending = new WeakMap<IncomingMessage, PendingEntry>();
  /** Requests a `reset` rule with `processed` fired on: handled, then their connection dropped. */
  const answerLost = new WeakSet<IncomingMessage>();
  const describe = (request: { method: string; path: string; headers: IncomingMessage["headers"] }): RequestDescription =>
    definition.describeRequest?.(request) ?? describeHttpRequest(request.method);

  /** Opens the request's log entry; it is recorded when the answer is written or the connection drops. */
  const openEntry = (req: IncomingMessage, res: ServerResponse): void => {
    const method = (req.method ?? "GET").toUpperCase();
    const requestPath = new URL(req.url ?? "/", "https://lab").pathname;
    const entry: PendingEntry = { at: new Date().toISOString(), method, path: requestPath, description: describe({ method, path: requestPath, headers: req.headers }) };
    pending.set(req, entry);
    res.once("close", () => {
      const { operation, write } = entry.description;
      // No headers written: the connection was dropped (a reset fault, the lab stopping).
      const status = res.headersSent ? res.statusCode : 0;
      options.requestLog.record({ at: entry.at, service: name, method: entry.method, path: entry.path, ...(operation !== undefined ? { operation } : {}), status, write });
    });
  };

  const urlOf = (service: string): string => {
    const found = options.urls.get(service);
    if (!found) throw new Error(`lab service ${name} needs service ${service}, which is not running in this lab`);
    return found;
  };
  const subRequestFault = async (request: { readonly method: string; readonly path: string }): Promise<FaultOutcome> => {
    const decision = faults.decide({ service: name, method: request.method, path: request.path });
    if (!(await waitOut(decision.delayMs))) return { kind: "reset", ruleId: "lab-stopping" };
    return decision.outcome;
  };

  /** What a handler sees of the lab while it serves one request (whose log entry it may correct). */
  const contextFor = (entry: PendingEntry | undefined): LabServiceContext => ({
    get url() {
      return url;
    },
    urlOf,
    subRequestFault,
    describeRequest(details) {
      if (entry) entry.description = { ...entry.description, ...details };
    },
    logSubRequest(request) {
      const method = request.method.toUpperCase();
      const described = describe({ method, path: request.path, headers: {} });
      const operation = request.operation ?? described.operation;
      options.requestLog.record({ at: request.at ?? new Date().toISOString(), service: name, method, path: request.path, ...(operation !== undefined ? { operation } : {}), status: request.status, write: request.write ?? described.write });
    },
  });

  /** Counts the request in flight until its answer is written or its connection drops. */
  const admit = (res: ServerResponse): "admitted" | "refused" => {
    const limit = definition.concurrency?.limit(store.current) ?? null;
    if (limit !== null && concurrency.current >= limit) {
      concurrency.refused += 1;
      send(res, definition.concurrency?.refuse(limit) ?? { status: 429, headers: { "retry-after": "1" }, body: errorBody("TooManyConcurrentRequests", `the lab's ${name} simulator takes at most ${limit} requests at once`) });
      return "refused";
    }
    concurrency.current += 1;
    concurrency.peak = Math.max(concurrency.peak, concurrency.current);
    // "close" comes once the answer is written or the connection dropped, whichever happens.
    res.once("close", () => {
      concurrency.current -= 1;
    });
    return "admitted";
  };

  const applyFaults = async (req: IncomingMessage, res: ServerResponse): Promise<"handled" | "continue"> => {
    openEntry(req, res);
    if (admit(res) === "refused") return "handled";
    const requestPath = new URL(req.url ?? "/", "https://lab").pathname;
    const decision = faults.decide({ service: name, method: req.method ?? "GET", path: requestPath });
    if (!(await waitOut(decision.delayMs))) {
      req.socket.destroy();
      return "handled";
    }
    const outcome = decision.outcome;
    if (outcome.kind === "pass") return "continue";
    if (outcome.kind === "reset") {
      if (outcome.processed) {
        // The service handles it; its answer is dropped (see `handle`).
        answerLost.add(req);
        return "continue";
      }
      // No HTTP answer at all: the client sees the connection drop, as behind a failing proxy.
      req.socket.destroy();
      return "handled";
    }
    const fault: InjectedFault = {
      ruleId: outcome.ruleId,
      status: outcome.status,
      ...(outcome.retryAfter !== undefined ? { retryAfter: outcome.retryAfter } : {}),
    };
    const base: LabResponse = outcome.body !== undefined
      ? { status: outcome.status, body: outcome.body }
      : definition.faultResponse?.(fault) ?? {
          status: outcome.status,
          body: errorBody("LabInjectedFault", `lab fault rule ${outcome.ruleId} answered ${outcome.status} for ${req.method} ${requestPath} on ${name}`),
        };
    send(res, {
      status: outcome.status,
      body: base.body,
      headers: {
        ...base.headers,
        ...(outcome.retryAfter !== undefined ? { "retry-after": String(outcome.retryAfter) } : {}),
        ...outcome.headers,
      },
    });
    return "handled";
  };

  const route: RequestHandler = async (request, incoming) => {
    const match = router.match(request.method, request.path);
    if (match.kind === "not-found") {
      throw new LabHttpError(404, "NotFound", `the lab's ${name} simulator has no route for ${request.method} ${request.path}`);
    }
    if (match.kind === "method-not-allowed") {
      throw new LabHttpError(405, "MethodNotAllowed", `${request.path} on the lab's ${name} simulator accepts ${match.allowed.join(", ")}, not ${request.method}`, { allow: match.allowed.join(", ") });
    }
    const response = await match.handler.handle({ ...request, params: match.params }, store, contextFor(pending.get(incoming)));
    return answerLost.has(incoming) ? { ...response, dropConnection: true } : response;
  };

  const server: RunningHttpsServer = await startHttpsServer({
    name,
    port: options.port,
    certPem: options.tls.serverCertPem,
    keyPem: options.tls.serverKeyPem,
    early: applyFaults,
    handle: (request, incoming) => {
      const work = route(request, incoming);
      handling.add(work);
      const done = (): void => void handling.delete(work);
      work.then(done, done);
      return work;
    },
  });
  url = server.url;

  return {
    name,
    url: server.url,
    port: server.port,
    stateFile: path.join(options.stateDir, `${name}.json`),
    reset: () => store.replace(withBaseline(definition.initialState())),
    seed: async (data) => {
      if (!definition.seed) throw new LabHttpError(400, "SeedNotSupported", `lab service ${name} takes no seed data; use POST /reset to return it to its seed`);
      await store.replace(definition.seed(store.current, data));
    },
    snapshot: async () => store.current,
    flush: () => store.flush(),
    throttling: (): ServiceThrottlingReport => {
      const limits = definition.throttling?.report() ?? { enabled: false, buckets: [] };
      return {
        ...limits,
        maxConcurrentRequests: definition.concurrency?.limit(store.current) ?? null,
        concurrentRequests: concurrency.current,
        peakConcurrentRequests: concurrency.peak,
        refusedForConcurrency: concurrency.refused,
      };
    },
    resetThrottling: () => {
      definition.throttling?.reset();
      concurrency.peak = concurrency.current;
      concurrency.refused = 0;
    },
    close: async () => {
      closing.abort();
      await server.close();
      // The connections are gone, so no answer reaches a client; what the handlers write is kept.
      const waited = new AbortController();
      const finished = await Promise.race([
        Promise.allSettled([...handling]).then(() => true),
        delay(IN_FLIGHT_WAIT_MS, false, { signal: waited.signal, ref: false }).catch(() => false),
      ]);
      waited.abort();
      if (!finished) options.log?.(`${name}: ${handling.size} request(s) still being handled after ${IN_FLIGHT_WAIT_MS} ms; saving the state without them`);
      await store.close();
    },
  };
}
