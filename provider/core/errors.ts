// Errors that say which backend failed, doing what, to which object, and what the backend said:
//   graph: assigning license to alice@contoso.com: 400 Request_BadRequest: License assignment
//   cannot be done for user with invalid usage location. (request-id 1234)
// Each class is branded with a Symbol.for key, so the guards work across two copies of ucflow
// in one process (the program's and the provider's), where instanceof does not.
import { STATUS_CODES } from "node:http";
import { isAccessTokenError } from "./access-token";
import { redactText } from "./redaction";
import { classifyTransportFailure, describeTransportFailure } from "./transport-failure";

/** The platform API an error came from. */
export type Backend = "graph" | "teams" | "entra" | "github" | "axl" | "cupi" | "ldap";

/** What was being done when an error happened, in the backend's words. */
export interface ErrorContext {
  readonly backend: Backend;
  /** A lowercase gerund phrase: "assigning license", "listing users". */
  readonly operation: string;
  /** Joins the operation to the object: "to" in "assigning license to alice@contoso.com". */
  readonly preposition?: string;
  /** The object acted on: a UPN, a telephone number, a policy identity. */
  readonly object?: string;
}

/** What the backend said (or why it said nothing). */
export interface ErrorDetails {
  readonly statusCode?: number;
  /** The backend's own error code, e.g. `Request_BadRequest`. */
  readonly code?: string;
  /** The backend's message, or a description of the failure. */
  readonly detail?: string;
  readonly requestId?: string;
  /** Whether trying the same call again later may succeed. @default - true for 408, 429, 500, 502, 503, 504 */
  readonly retryable?: boolean;
  readonly cause?: unknown;
}

const UCFLOW_ERROR = Symbol.for("ucflow.UcflowError");
const NOT_FOUND_ERROR = Symbol.for("ucflow.NotFoundError");
const ALREADY_EXISTS_ERROR = Symbol.for("ucflow.AlreadyExistsError");
const TRANSPORT_ERROR = Symbol.for("ucflow.TransportError");
const CONFIGURATION_ERROR = Symbol.for("ucflow.ConfigurationError");

/** HTTP statuses that mean "not now" rather than "no". */
export const TRANSIENT_STATUS_CODES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** A failed call to a backend, with the context to act on it. Never holds credentials. */
export class UcflowError extends Error {
  readonly backend: Backend;
  readonly operation: string;
  readonly preposition?: string;
  readonly object?: string;
  readonly statusCode?: number;
  readonly code?: string;
  readonly detail?: string;
  readonly requestId?: string;
  readonly retryable: boolean;

  constructor(context: ErrorContext, details: ErrorDetails = {}) {
    const detail = details.detail === undefined ? undefined : redactText(details.detail);
    super(formatErrorMessage(context, { ...details, detail }), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "UcflowError";
    this.backend = context.backend;
    this.operation = context.operation;
    if (context.preposition !== undefined) this.preposition = context.preposition;
    if (context.object !== undefined) this.object = context.object;
    if (details.statusCode !== undefined) this.statusCode = details.statusCode;
    if (details.code !== undefined) this.code = details.code;
    if (detail !== undefined) this.detail = detail;
    if (details.requestId !== undefined) this.requestId = details.requestId;
    this.retryable = details.retryable ?? (details.statusCode !== undefined && TRANSIENT_STATUS_CODES.has(details.statusCode));
  }
}

/** The object does not exist (HTTP 404): a resource's `read` reports it gone, `delete` is done. */
export class NotFoundError extends UcflowError {
  constructor(context: ErrorContext, details: ErrorDetails = {}) {
    super(context, { ...details, retryable: details.retryable ?? false });
    this.name = "NotFoundError";
  }
}

/** The object already exists (HTTP 409 or the backend's conflict code): adopt it or fail, never overwrite. */
export class AlreadyExistsError extends UcflowError {
  constructor(context: ErrorContext, details: ErrorDetails = {}) {
    super(context, { ...details, retryable: details.retryable ?? false });
    this.name = "AlreadyExistsError";
  }
}

/** No HTTP response arrived: connection refused or reset, timeout, TLS failure. */
export class TransportError extends UcflowError {
  constructor(context: ErrorContext, details: ErrorDetails) {
    super(context, details);
    this.name = "TransportError";
  }
}

/**
 * Settings or options that cannot work, found before anything is sent. Lists every problem at
 * once; each names the setting, the value given (unless secret) and what is allowed.
 */
export class ConfigurationError extends Error {
  readonly problems: readonly string[];

  constructor(subject: string, problems: readonly string[]) {
    super(`${subject}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigurationError";
    this.problems = [...problems];
  }
}

brand(UcflowError, UCFLOW_ERROR);
brand(NotFoundError, NOT_FOUND_ERROR);
brand(AlreadyExistsError, ALREADY_EXISTS_ERROR);
brand(TransportError, TRANSPORT_ERROR);
brand(ConfigurationError, CONFIGURATION_ERROR);

export function isUcflowError(e: unknown): e is UcflowError {
  return hasBrand(e, UCFLOW_ERROR);
}

export function isNotFoundError(e: unknown): e is NotFoundError {
  return hasBrand(e, NOT_FOUND_ERROR);
}

export function isAlreadyExistsError(e: unknown): e is AlreadyExistsError {
  return hasBrand(e, ALREADY_EXISTS_ERROR);
}

export function isTransportError(e: unknown): e is TransportError {
  return hasBrand(e, TRANSPORT_ERROR);
}

export function isConfigurationError(e: unknown): e is ConfigurationError {
  return hasBrand(e, CONFIGURATION_ERROR);
}

/**
 * The call's result, or undefined when the object is not there (NotFoundError): how a
 * resource's `read` reports an object as gone. Every other error is thrown.
 */
export async function ifFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (isNotFoundError(error)) return undefined;
    throw error;
  }
}

/** Which error class an HTTP failure becomes, unless the backend's code says otherwise. */
export type ErrorKind = "not-found" | "already-exists" | "other";

/** The error for an HTTP error response: 404 is NotFound, 409 AlreadyExists, unless `kind` says otherwise. */
export function errorForStatus(context: ErrorContext, details: ErrorDetails & { readonly statusCode: number }, kind?: ErrorKind): UcflowError {
  const chosen = kind ?? (details.statusCode === 404 ? "not-found" : details.statusCode === 409 ? "already-exists" : "other");
  if (chosen === "not-found") return new NotFoundError(context, details);
  if (chosen === "already-exists") return new AlreadyExistsError(context, details);
  return new UcflowError(context, details);
}

/**
 * The error for something thrown instead of a response: ucflow errors pass through, token
 * failures say so (not retryable: a wrong secret stays wrong), anything else is a transport
 * failure, retryable when the connection failed or dropped.
 */
export function errorFromThrown(error: unknown, context: ErrorContext, requestId?: string): UcflowError {
  if (isUcflowError(error)) return error;
  if (isAccessTokenError(error)) {
    return new UcflowError(context, { code: error.credentialError, detail: error.message, requestId, retryable: false });
  }
  const failure = classifyTransportFailure(error);
  return new TransportError(context, {
    detail: describeTransportFailure(error),
    requestId,
    retryable: failure === "not-sent" || failure === "no-response",
    cause: error,
  });
}

/** The standard reason phrase, for responses whose body says nothing. */
export function reasonPhrase(statusCode: number): string {
  return STATUS_CODES[statusCode] ?? "Unknown Status";
}

export function formatErrorMessage(context: ErrorContext, details: ErrorDetails): string {
  const subject = [context.operation, context.preposition, context.object].filter((part) => part !== undefined && part !== "").join(" ");
  const head = [details.statusCode === undefined ? undefined : String(details.statusCode), details.code].filter((p) => p !== undefined && p !== "").join(" ");
  const said = head !== "" && details.detail ? `${head}: ${details.detail}` : head || details.detail || "failed";
  const requestId = details.requestId ? ` (request-id ${details.requestId})` : "";
  return `${context.backend}: ${subject}: ${said}${requestId}`;
}

function brand(errorClass: { prototype: object }, key: symbol): void {
  Object.defineProperty(errorClass.prototype, key, { value: true, enumerable: false });
}

function hasBrand(e: unknown, key: symbol): boolean {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[key] === true;
}
