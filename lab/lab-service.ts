// What a simulator is to the lab: a name, route handlers over its own state, and how that state
// is seeded, reset and loaded from disk. The lab gives each service its own HTTPS server and
// port, its persisted state and the fault layer; a simulator only describes its platform.
import type { FaultOutcome } from "./faults/fault-decision";
import type { LabRequest, LabResponse } from "./http/lab-http";
import type { RequestDescription } from "./request-log";
import type { ServiceRateLimits } from "./throttling/throttling-report";

export interface LabServiceDefinition<S> {
  /** Lower-case name, e.g. "graph"; used in URLs of the control endpoint, fault rules and env names. */
  readonly name: string;
  /** The seeded state: what a fresh lab holds and what POST /reset returns to. */
  initialState(): S;
  /**
   * Checks state read back from the state directory (it may be from an older lab or edited by
   * hand) and returns it typed; throws with a sentence saying what is wrong.
   */
  decodeState(raw: unknown): S;
  /**
   * POST /seed: returns the state with the caller's data added. Throw a LabHttpError(400) for bad
   * data. A service without it refuses seed data.
   */
  seed?(state: S, data: unknown): S;
  readonly routes: readonly LabRoute<S>[];
  /**
   * The platform's own error shape for an injected status (a Graph error object, a SOAP fault);
   * used when the fault rule carries no body.
   */
  faultResponse?(fault: InjectedFault): LabResponse;
  /**
   * A limit on requests in flight at once, read from the state for every request (null: no
   * limit). A request over it is answered with `refuse()` before any fault rule or route; the
   * lab counts requests in flight and their peak for every service either way.
   */
  readonly concurrency?: {
    limit(state: S): number | null;
    refuse(limit: number): LabResponse;
  };
  /** The simulator's rate limits, reported by GET /throttling and reset by POST /throttling/reset. */
  readonly throttling?: {
    report(): ServiceRateLimits;
    reset(): void;
  };
  /**
   * How the request log describes a request, from what is known before its body is read
   * (default: a write for POST, PUT, PATCH and DELETE, no operation). A handler that learns more
   * says so with LabServiceContext.describeRequest.
   */
  describeRequest?(request: { readonly method: string; readonly path: string; readonly headers: LabRequest["headers"] }): RequestDescription;
}

export interface LabRoute<S> {
  readonly method: string;
  /** "/users/:id" style pattern or a regular expression with named groups. */
  readonly path: string | RegExp;
  handle(req: LabRequest, state: ServiceState<S>, lab: LabServiceContext): LabResponse | Promise<LabResponse>;
}

/** A service's state as its handlers see it. */
export interface ServiceState<S> {
  readonly current: S;
  /**
   * Changes the state (mutate in place or return a new value). The change is in memory when
   * this resolves and written to the state directory soon after, off the request path (see
   * docs/lab.md, "State directory"). Validate before mutating: a throwing mutator leaves
   * whatever it already changed.
   */
  update(mutate: (state: S) => S | void): Promise<void>;
}

/** What a handler may need to know about the rest of the lab. */
export interface LabServiceContext {
  /** This service's base URL, e.g. for absolute `@odata.nextLink`s. */
  readonly url: string;
  /** Base URL of another running service; throws if it is not running. */
  urlOf(service: string): string;
  /**
   * The lab's fault rules for a request that arrives inside another one (an item of a Graph
   * `$batch`), matched on its method and path as a request of its own would be: waits out the
   * latency of the rules that fire, then returns what the first status or reset rule decided
   * ("pass" when none did). Rules count these in `fired`.
   */
  subRequestFault(request: { readonly method: string; readonly path: string }): Promise<FaultOutcome>;
  /** Corrects the request log's entry for the request being handled (e.g. the SOAP operation read from the body). */
  describeRequest(details: Partial<RequestDescription>): void;
  /**
   * Logs a request that arrived inside the one being handled (an item of a Graph `$batch`) as
   * an entry of its own, with its own method, path and status; `write` defaults by method, `at`
   * (when it arrived) to now.
   */
  logSubRequest(request: { readonly method: string; readonly path: string; readonly status: number; readonly operation?: string; readonly write?: boolean; readonly at?: string }): void;
}

export interface InjectedFault {
  readonly ruleId: string;
  readonly status: number;
  readonly retryAfter?: number | string;
}

/** Names the lab itself uses on the control endpoint; a simulator cannot take them. */
export const RESERVED_SERVICE_NAMES: readonly string[] = ["control", "ldap", "lab"];

/** Identity function that checks the name early and keeps the state type for the routes. */
export function defineService<S>(definition: LabServiceDefinition<S>): LabServiceDefinition<S> {
  if (!/^[a-z][a-z0-9-]{0,30}$/.test(definition.name)) {
    throw new Error(`lab service name ${JSON.stringify(definition.name)} must be lower-case letters, digits and dashes, starting with a letter`);
  }
  if (RESERVED_SERVICE_NAMES.includes(definition.name)) {
    throw new Error(`lab service name "${definition.name}" is reserved for the lab itself`);
  }
  return definition;
}
