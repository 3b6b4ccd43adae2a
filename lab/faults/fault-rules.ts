// Fault-injection rules: their JSON shape (what POST /faults accepts) and its validation. Pure:
// no I/O, so the control endpoint and tests share one definition of a valid rule.

/** What a client posts. Every matcher is optional; an absent matcher matches everything. */
export interface FaultRuleSpec {
  /** Service name, exact (e.g. "graph"). */
  readonly service?: string;
  /** HTTP method, exact, upper case. */
  readonly method?: string;
  /** Regular expression tested against the request path (no query string). */
  readonly path?: string;
  readonly action: FaultAction;
  /** Probability in [0, 1] that a matching request fires the rule; default 1. */
  readonly rate?: number;
  /** The rule fires at most this many times, then stays listed as exhausted. */
  readonly count?: number;
}

export type FaultAction =
  /** Delays the request, then lets it through (or into a later rule that answers). */
  | { readonly type: "latency"; readonly ms: number }
  /** Answers with this status instead of the service. */
  | {
      readonly type: "status";
      readonly status: number;
      /** Seconds (integer) or an HTTP-date, sent as the Retry-After header. */
      readonly retryAfter?: number | string;
      /** Body to send: a string as is, anything else as JSON. Default: the service's own error shape. */
      readonly body?: unknown;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /**
   * Drops the connection without an answer, as a reset by a load balancer does. With
   * `processed`, the service handles the request first (its changes stay) and the answer is
   * lost: the client cannot tell whether its write took effect.
   */
  | { readonly type: "reset"; readonly processed?: boolean };

/** A rule as the lab holds it: the spec, an id and how often it fired. */
export interface FaultRule extends FaultRuleSpec {
  readonly id: string;
  readonly fired: number;
}

/**
 * The wire shape: what POST /faults takes and GET /faults returns (with id and fired). Flat, so
 * a rule reads the same way in curl, in tests and in the lab's answers.
 */
export type FaultRuleInput =
  & Omit<FaultRuleSpec, "action">
  & (
    | { readonly action: "latency"; readonly ms: number }
    | {
        readonly action: "status";
        readonly status: number;
        readonly retryAfter?: number | string;
        readonly body?: unknown;
        readonly headers?: Readonly<Record<string, string>>;
      }
    | { readonly action: "reset"; readonly processed?: boolean }
  );

export type FaultRuleJson = FaultRuleInput & { readonly id: string; readonly fired: number };

/** A held rule in the wire shape (the inverse of parseFaultRule, plus id and fired). */
export function faultRuleToJson(rule: FaultRule): FaultRuleJson {
  const { action, id, fired, ...matchers } = rule;
  const { type, ...fields } = action;
  return { id, ...matchers, action: type, ...fields, fired } as FaultRuleJson;
}

export class FaultRuleError extends Error {
  override readonly name = "FaultRuleError";
}

const MAX_LATENCY_MS = 10 * 60 * 1000;
const TOKEN = /^[A-Z]+$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Validates one rule as posted (flat JSON: matchers, `action` and the action's fields) and
 * returns it in the lab's shape. `knownServices` guards against rules that can never fire
 * because of a typo in the service name.
 */
export function parseFaultRule(raw: unknown, knownServices: readonly string[], where = "rule"): FaultRuleSpec {
  if (!isRecord(raw)) throw new FaultRuleError(`${where} must be a JSON object, got ${describe(raw)}`);
  const allowed = new Set(["service", "method", "path", "action", "rate", "count",
    "ms", "status", "retryAfter", "body", "headers", "processed"]);
  for (const key of Object.keys(raw)) {
    if (!allowed.has(key)) throw new FaultRuleError(`${where} has an unknown field "${key}"`);
  }

  const spec: { -readonly [K in keyof FaultRuleSpec]: FaultRuleSpec[K] } = { action: parseAction(raw, where) };
  if (raw.service !== undefined) {
    if (typeof raw.service !== "string" || !knownServices.includes(raw.service)) {
      throw new FaultRuleError(`${where}.service must be one of ${knownServices.map((s) => `"${s}"`).join(", ") || "(no services are running)"}, got ${describe(raw.service)}`);
    }
    spec.service = raw.service;
  }
  if (raw.method !== undefined) {
    if (typeof raw.method !== "string" || !TOKEN.test(raw.method.toUpperCase())) {
      throw new FaultRuleError(`${where}.method must be an HTTP method such as "GET", got ${describe(raw.method)}`);
    }
    spec.method = raw.method.toUpperCase();
  }
  if (raw.path !== undefined) {
    if (typeof raw.path !== "string") throw new FaultRuleError(`${where}.path must be a regular expression string, got ${describe(raw.path)}`);
    try {
      new RegExp(raw.path);
    } catch (error) {
      throw new FaultRuleError(`${where}.path is not a valid regular expression: ${(error as Error).message}`);
    }
    spec.path = raw.path;
  }
  if (raw.rate !== undefined) {
    if (typeof raw.rate !== "number" || !(raw.rate >= 0 && raw.rate <= 1)) {
      throw new FaultRuleError(`${where}.rate must be a number from 0 to 1, got ${describe(raw.rate)}`);
    }
    spec.rate = raw.rate;
  }
  if (raw.count !== undefined) {
    if (typeof raw.count !== "number" || !Number.isSafeInteger(raw.count) || raw.count < 1) {
      throw new FaultRuleError(`${where}.count must be a whole number of at least 1, got ${describe(raw.count)}`);
    }
    spec.count = raw.count;
  }
  return spec;
}

function parseAction(raw: Record<string, unknown>, where: string): FaultAction {
  const only = (type: string, fields: readonly string[]): void => {
    for (const field of ["ms", "status", "retryAfter", "body", "headers", "processed"]) {
      if (raw[field] !== undefined && !fields.includes(field)) {
        throw new FaultRuleError(`${where}.${field} does not apply to action "${type}"`);
      }
    }
  };
  switch (raw.action) {
    case "latency": {
      only("latency", ["ms"]);
      const ms = raw.ms;
      if (typeof ms !== "number" || !Number.isSafeInteger(ms) || ms < 0 || ms > MAX_LATENCY_MS) {
        throw new FaultRuleError(`${where}.ms must be a whole number of milliseconds from 0 to ${MAX_LATENCY_MS}, got ${describe(ms)}`);
      }
      return { type: "latency", ms };
    }
    case "status": {
      only("status", ["status", "retryAfter", "body", "headers"]);
      const status = raw.status;
      if (typeof status !== "number" || !Number.isInteger(status) || status < 400 || status > 599) {
        throw new FaultRuleError(`${where}.status must be an HTTP error status from 400 to 599, got ${describe(status)}`);
      }
      const action: { -readonly [K in keyof Extract<FaultAction, { type: "status" }>]: Extract<FaultAction, { type: "status" }>[K] } = { type: "status", status };
      if (raw.retryAfter !== undefined) action.retryAfter = parseRetryAfter(raw.retryAfter, where);
      if (raw.body !== undefined) action.body = raw.body;
      if (raw.headers !== undefined) action.headers = parseHeaders(raw.headers, where);
      return action;
    }
    case "reset": {
      only("reset", ["processed"]);
      if (raw.processed === undefined || raw.processed === false) return { type: "reset" };
      if (raw.processed !== true) throw new FaultRuleError(`${where}.processed must be true or false, got ${describe(raw.processed)}`);
      return { type: "reset", processed: true };
    }
    default:
      throw new FaultRuleError(`${where}.action must be "latency", "status" or "reset", got ${describe(raw.action)}`);
  }
}

function parseRetryAfter(value: unknown, where: string): number | string {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
  // RFC 9110 §10.2.3: delay-seconds or an HTTP-date.
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  if (typeof value === "string" && !Number.isNaN(Date.parse(value)) && /GMT$/.test(value)) return value;
  throw new FaultRuleError(`${where}.retryAfter must be whole seconds or an HTTP-date such as "Wed, 21 Oct 2015 07:28:00 GMT", got ${describe(value)}`);
}

function parseHeaders(value: unknown, where: string): Record<string, string> {
  if (!isRecord(value)) throw new FaultRuleError(`${where}.headers must be an object of header names to strings, got ${describe(value)}`);
  const headers: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(value)) {
    if (!HEADER_NAME.test(name)) throw new FaultRuleError(`${where}.headers has an invalid header name ${JSON.stringify(name)}`);
    if (typeof headerValue !== "string" || /[\r\n]/.test(headerValue)) {
      throw new FaultRuleError(`${where}.headers.${name} must be a single-line string, got ${describe(headerValue)}`);
    }
    headers[name] = headerValue;
  }
  return headers;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : JSON.stringify(value);
}
