// The axl simulator: one Unified CM cluster's AXL interface on its own HTTPS port.
//   GET  /axl/   the AXL banner (authenticated)
//   POST /axl/   SOAP 1.1 AXL requests
//   anything else: Tomcat's 404 (405 for another method on /axl/)
// Per request: authentication (Basic or JSESSIONIDSSO; 401/403/404 HTML), the SOAP envelope,
// the schema version (SOAPAction and namespace; 599), access (read-only users read), the lab's
// fault rules for the operation (pseudo-path /axl/<operation>), the throttles (503 for writes,
// -1 faults for reads), then the operation. See docs/lab-cisco.md.
import type { LabRequest, LabResponse } from "../../http/lab-http";
import { defineService, type LabServiceContext, type LabServiceDefinition, type ServiceState } from "../../lab-service";
import { AxlThrottle, writeCost } from "./axl-throttle";
import { ClusterIndex } from "./model/cluster-index";
import type { AxlClusterState } from "./model/cluster-state";
import { decodeAxlState } from "./model/decode-state";
import { defaultAxlSettings } from "./model/settings";
import { newAxlUuid } from "./model/uuids";
import { operationChangesState, resolveOperation } from "./operations/dispatch";
import type { OperationContext } from "./operations/operation-context";
import { AxlSessions } from "./protocol/axl-auth";
import { AxlFault, faults, SoapFault } from "./protocol/axl-fault";
import { decideSchemaVersion, parseSoapAction } from "./protocol/schema-versions";
import { axlFaultResponse, readOperation, sequenceOf, soapFaultResponse, soapResponse } from "./protocol/soap-envelope";
import { axlBanner, tomcatPage, unsupportedVersionPage } from "./protocol/tomcat-pages";
import { applyAxlSeed } from "./seed/apply-seed";
import { seedCluster1 } from "./seed/cluster1";
import type { XmlElement } from "./xml/xml-tree";

export interface AxlServiceOptions {
  /** The service's name in the lab (default "axl"); run several services for several clusters. */
  readonly name?: string;
  /**
   * The cluster a fresh or reset service holds (default: the seeded Cluster1). Build it with
   * the index it is given (e.g. `emptyCluster()` then `applyAxlSeed()`).
   */
  readonly cluster?: (indexFor: (state: AxlClusterState) => ClusterIndex) => AxlClusterState;
  /** The clock (tests pass a fake one). */
  readonly now?: () => number;
}

/** The realm of the Basic challenge (the lab's choice; CUCM's exact realm is not documented). */
const REALM = 'Basic realm="Cisco AXL API"';

/** Waits that end early when the knobs change or the cluster is reset (slow reads in tests). */
class Delays {
  private readonly waiting = new Set<() => void>();

  wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiting.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.waiting.add(done);
    });
  }

  wakeAll(): void {
    for (const done of [...this.waiting]) done();
  }
}

type Caller = { readonly userid: string; readonly access: "full" | "read-only"; readonly headers: Readonly<Record<string, string>> };

export function createAxlService(options: AxlServiceOptions = {}): LabServiceDefinition<AxlClusterState> {
  const now = options.now ?? Date.now;
  const indexes = new WeakMap<AxlClusterState, ClusterIndex>();
  const indexFor = (state: AxlClusterState): ClusterIndex => {
    let index = indexes.get(state);
    if (!index) indexes.set(state, (index = new ClusterIndex(state)));
    return index;
  };
  const sessions = new AxlSessions(now);
  const throttle = new AxlThrottle(defaultAxlSettings().throttling, now);
  const delays = new Delays();
  /** The state last seen (for the throttling report, which has no state of its own). */
  let latest: AxlClusterState | undefined;
  const build = options.cluster ?? seedCluster1;

  const withHeaders = (response: LabResponse, headers: Readonly<Record<string, string>>): LabResponse => ({ ...response, headers: { ...response.headers, ...headers } });

  /** The caller, or the HTML answer that turns them away. */
  const authenticate = (req: LabRequest, cluster: AxlClusterState): Caller | LabResponse => {
    const result = sessions.authenticate(req.headers, cluster.applicationUsers, cluster.settings.sessionIdleSeconds);
    if (result.kind === "unauthorized") return tomcatPage(401, { "www-authenticate": REALM });
    if (result.kind === "session-expired") return tomcatPage(404);
    if (result.access === "none") return tomcatPage(403);
    return { userid: result.userid, access: result.access, headers: result.setCookie ? { "set-cookie": result.setCookie } : {} };
  };

  const banner = (req: LabRequest, state: ServiceState<AxlClusterState>): LabResponse => {
    latest = state.current;
    const caller = authenticate(req, state.current);
    if ("status" in caller) return caller;
    return withHeaders(axlBanner(), caller.headers);
  };

  const soap = async (req: LabRequest, state: ServiceState<AxlClusterState>, lab: LabServiceContext): Promise<LabResponse> => {
    const cluster = state.current;
    latest = cluster;
    const caller = authenticate(req, cluster);
    if ("status" in caller) return caller;
    const answer = (response: LabResponse): LabResponse => withHeaders(response, caller.headers);

    let request: XmlElement;
    try {
      request = readOperation(req.text());
    } catch (error) {
      if (error instanceof SoapFault) return answer(soapFaultResponse(error));
      throw error;
    }
    const name = request.local;
    lab.describeRequest({ operation: name, write: operationChangesState(name) });
    const fault = (error: unknown): LabResponse => {
      if (error instanceof AxlFault) return answer(axlFaultResponse(error, name));
      if (error instanceof SoapFault) return answer(soapFaultResponse(error));
      throw error;
    };
    const soapAction = req.headers.soapaction;
    let decision;
    try {
      decision = decideSchemaVersion(typeof soapAction === "string" ? soapAction : undefined, request.uri, name, cluster.cluster.schemaVersions);
    } catch (error) {
      return fault(error);
    }
    if (decision.kind === "unsupported") return answer(unsupportedVersionPage(decision.body));
    const version = decision.version;
    const operation = resolveOperation(name, version);
    if (!operation) return fault(new SoapFault(`No such operation ${name} in AXL schema ${version} as the lab's simulator serves it (see docs/lab-cisco.md)`));
    if (operation.class !== "read" && caller.access !== "full") return answer(tomcatPage(403));

    // The lab's fault rules for this operation alone, as for a request of its own. A reset here
    // lets the operation run, then drops the connection unanswered: the client cannot tell
    // whether it took effect (a reset on the HTTP path "^/axl/$" drops it before anything runs).
    const injected = await lab.subRequestFault({ method: "POST", path: `/axl/${name}` });
    if (injected.kind === "status") {
      const headers = { ...(injected.retryAfter !== undefined ? { "retry-after": String(injected.retryAfter) } : {}), ...injected.headers };
      return answer(withHeaders(injected.body !== undefined ? { status: injected.status, body: injected.body } : injectedAnswer(injected.status, injected.ruleId, name), headers));
    }
    const perform = async (): Promise<LabResponse> => {
      const context: OperationContext = { state: cluster, index: indexFor(cluster), version, operation: name, caller: caller.userid, now, newUuid: newAxlUuid };
      const settings = cluster.settings.throttling;
      const namespace = request.uri;
      try {
        if (operation.class === "read") {
          const admission = throttle.beginRead(settings);
          if (!admission.ok) return fault(faults.memoryConsumed());
          try {
            const response = soapResponse(name, namespace, operation.run(request, context), sequenceOf(request));
            if (!admission.reserve(Buffer.byteLength(String(response.body)))) return fault(faults.memoryConsumed());
            await delays.wait(settings.readDelayMs);
            return answer(response);
          } finally {
            admission.release();
          }
        }
        const cost = writeCost(operation.kind);
        if (operation.class === "write" && !throttle.writeAllowed(settings, cost)) return answer(tomcatPage(503));
        let content = "";
        await state.update(() => {
          content = operation.run(request, context);
        });
        if (operation.class === "write") throttle.chargeWrite(settings, cost);
        return answer(soapResponse(name, namespace, content, sequenceOf(request)));
      } catch (error) {
        return fault(error);
      }
    };
    const response = await perform();
    return injected.kind === "reset" ? { ...response, dropConnection: true } : response;
  };

  const elsewhere = (req: LabRequest): LabResponse => (req.path === "/axl/" ? tomcatPage(405, { allow: "GET, POST" }) : tomcatPage(404));

  return defineService<AxlClusterState>({
    name: options.name ?? "axl",
    initialState: () => {
      sessions.clear();
      delays.wakeAll();
      const state = build(indexFor);
      throttle.fill(state.settings.throttling);
      latest = state;
      return state;
    },
    decodeState: (raw) => {
      const state = decodeAxlState(raw);
      latest = state;
      return state;
    },
    seed: (state, data) => {
      const copy = structuredClone(state);
      applyAxlSeed(copy, indexFor(copy), data, newAxlUuid, now);
      // Changed knobs apply to reads in progress too (a test releases slow reads this way).
      delays.wakeAll();
      latest = copy;
      return copy;
    },
    faultResponse: (fault) => injectedAnswer(fault.status, fault.ruleId, undefined),
    // Before the body is read (a fault on the HTTP path, a refusal) the SOAPAction names the
    // operation; once the envelope is parsed, its body element does (soap() says so).
    describeRequest: ({ method, path, headers }) => {
      const action = method === "POST" && path === "/axl/" && typeof headers.soapaction === "string" ? parseSoapAction(headers.soapaction) : undefined;
      if (action === undefined || action === "malformed") return { write: false };
      return { operation: action.operation, write: operationChangesState(action.operation) };
    },
    throttling: {
      report: () => throttle.report((latest?.settings ?? defaultAxlSettings()).throttling),
      reset: () => throttle.resetCounters(),
    },
    routes: [
      { method: "GET", path: /^\/axl\/$/, handle: (req, state) => banner(req, state) },
      { method: "POST", path: /^\/axl\/$/, handle: soap },
      ...["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].map((method) => ({ method, path: /^.*$/, handle: elsewhere })),
    ],
  });
}

/**
 * What an injected status looks like from CUCM: Tomcat's HTML page for 4xx and 503 (the write
 * throttle's answer), 599 with the version text, a bare SOAP fault for 500.
 */
function injectedAnswer(status: number, ruleId: string, operation: string | undefined): LabResponse {
  if (status === 500) return soapFaultResponse(new SoapFault(`lab fault rule ${ruleId} answered 500${operation ? ` for ${operation}` : ""}`, "soapenv:Server"));
  if (status === 599) return unsupportedVersionPage("Incorrect axl version.");
  return tomcatPage(status);
}
