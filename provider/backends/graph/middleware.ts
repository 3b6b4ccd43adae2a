// The Graph client's middleware chain, in msgraph's shape (`execute(context)` + `setNext`):
//   call scope (concurrency limit, keeps the original error)
//   -> authentication (the library's AuthenticationHandler over our token provider)
//   -> retry (core decideRetry) -> request id -> redacting log -> transport.
// Per-call options and what the chain learned travel in a CallRecord, passed with
// `GraphRequest.middlewareOptions([record])` and looked up by class, as msgraph does for its
// own handler options.
import { randomUUID } from "node:crypto";
import type { AuthenticationProvider, Context, Middleware, MiddlewareOptions } from "@microsoft/microsoft-graph-client";
import { type AccessTokenSource, getAccessToken } from "../../core/access-token";
import { type Clock, type RandomSource } from "../../core/clock";
import { type Limiter } from "../../core/concurrency";
import { type HttpMethod, IDEMPOTENT_METHODS } from "../../core/http-pipeline";
import { formatExchange, type Logger } from "../../core/logging";
import { type HeaderSet, headerEntries, redactText } from "../../core/redaction";
import { type RetryPolicy, withRetries } from "../../core/retry";
import { classifyTransportFailure, describeTransportFailure } from "../../core/transport-failure";

/** One Graph call's options for the chain, and what the chain found out. */
export class CallRecord implements MiddlewareOptions {
  /** Whether the call may be repeated after a failure the server may have processed. */
  readonly idempotent: boolean;
  /** This call's retry limits, instead of the client's. */
  readonly retry?: RetryPolicy;
  /** Our `client-request-id`, the same for every attempt. */
  clientRequestId?: string;
  /** Graph's `request-id` of the last response. */
  requestId?: string;
  attempts = 0;
  /** What the chain threw; GraphRequest re-wraps it into a GraphError, losing its type. */
  thrown?: unknown;

  constructor(idempotent: boolean, retry?: RetryPolicy) {
    this.idempotent = idempotent;
    if (retry !== undefined) this.retry = retry;
  }
}

export function callRecordOf(context: Context): CallRecord | undefined {
  const found = context.middlewareControl?.getMiddlewareOptions(CallRecord);
  return found instanceof CallRecord ? found : undefined;
}

abstract class ChainLink implements Middleware {
  private nextMiddleware?: Middleware;

  setNext(next: Middleware): void {
    this.nextMiddleware = next;
  }

  protected next(context: Context): Promise<void> {
    if (!this.nextMiddleware) throw new Error(`${this.constructor.name} is the last middleware; a transport must follow it`);
    return this.nextMiddleware.execute(context);
  }

  abstract execute(context: Context): Promise<void>;
}

/** Outermost: admits the call under the backend's in-flight limit; remembers what was thrown. */
export class CallScopeMiddleware extends ChainLink {
  constructor(private readonly limiter: Limiter) {
    super();
  }

  async execute(context: Context): Promise<void> {
    try {
      await this.limiter.run(() => this.next(context));
    } catch (error) {
      const record = callRecordOf(context);
      if (record) record.thrown = error;
      throw error;
    }
  }
}

/** Tokens for the library's AuthenticationHandler, with failures as AccessTokenError. */
export class CredentialAuthenticationProvider implements AuthenticationProvider {
  constructor(
    private readonly credential: AccessTokenSource,
    readonly scopes: readonly string[],
  ) {}

  getAccessToken(): Promise<string> {
    return getAccessToken(this.credential, this.scopes);
  }
}

export interface RetryMiddlewareOptions {
  readonly policy: RetryPolicy;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly requestTimeoutMs: number;
  readonly logger: Logger;
}

/** Sends again per core `decideRetry`; marks retries with `Retry-Attempt` as msgraph does. */
export class RetryMiddleware extends ChainLink {
  constructor(private readonly options: RetryMiddlewareOptions) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const record = callRecordOf(context);
    const method = methodOf(context);
    const options = this.options;
    context.response = await withRetries(
      async (attempt) => {
        if (attempt > 1) setRequestHeader(context, "Retry-Attempt", String(attempt - 1));
        if (record) record.attempts = attempt;
        context.options = { ...context.options, signal: AbortSignal.timeout(options.requestTimeoutMs) };
        context.response = undefined;
        await this.next(context);
        const response = context.response as Response | undefined;
        if (!response) throw new Error("the transport returned no response");
        return response;
      },
      {
        policy: record?.retry ?? options.policy,
        idempotent: record?.idempotent ?? IDEMPOTENT_METHODS.has(method as HttpMethod),
        clock: options.clock,
        random: options.random,
        inspect: (response) => ({ statusCode: response.status, retryAfter: response.headers.get("retry-after") }),
        discard: async (response) => {
          await response.body?.cancel();
        },
        classify: classifyTransportFailure,
        onDecision: (_, decision) => {
          if (decision.retry) options.logger.debug(redactText(`graph: ${method} ${urlOf(context)}: ${decision.reason}`));
        },
      },
    );
  }
}

/** Stamps `client-request-id` once per call and records Graph's `request-id`. */
export class RequestIdMiddleware extends ChainLink {
  constructor(private readonly newId: () => string = randomUUID) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const record = callRecordOf(context);
    let id = getRequestHeader(context, "client-request-id");
    if (id === undefined) {
      id = this.newId();
      setRequestHeader(context, "client-request-id", id);
    }
    if (record) record.clientRequestId = id;
    await this.next(context);
    const requestId = context.response?.headers.get("request-id");
    if (record && requestId) record.requestId = requestId;
  }
}

/** Logs every attempt, redacted: the Authorization header is masked like any non-allowlisted header. */
export class RedactingLogMiddleware extends ChainLink {
  constructor(
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const started = this.clock.now();
    const base = { backend: "graph" as const, method: methodOf(context), url: urlOf(context) };
    try {
      await this.next(context);
    } catch (error) {
      this.logger.debug(formatExchange({ ...base, requestHeaders: requestHeaders(context), failure: describeTransportFailure(error), elapsedMs: this.clock.now() - started }));
      throw error;
    }
    this.logger.debug(
      formatExchange({
        ...base,
        requestHeaders: requestHeaders(context),
        statusCode: context.response?.status,
        responseHeaders: context.response?.headers,
        elapsedMs: this.clock.now() - started,
      }),
    );
  }
}

export function methodOf(context: Context): string {
  if (typeof context.request !== "string") return context.request.method.toUpperCase();
  return (context.options?.method ?? "GET").toUpperCase();
}

export function urlOf(context: Context): string {
  return typeof context.request === "string" ? context.request : context.request.url;
}

/** The request's headers, whichever shape fetch options hold them in. */
export function requestHeaders(context: Context): HeaderSet {
  if (typeof context.request !== "string") return context.request.headers;
  return (context.options?.headers ?? {}) as HeaderSet;
}

export function getRequestHeader(context: Context, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headerEntries(requestHeaders(context)).find(([n]) => n.toLowerCase() === wanted)?.[1];
}

export function setRequestHeader(context: Context, name: string, value: string): void {
  if (typeof context.request !== "string") {
    context.request.headers.set(name, value);
    return;
  }
  const options = (context.options ??= {});
  const headers = options.headers;
  if (headers instanceof Headers) {
    headers.set(name, value);
  } else if (Array.isArray(headers)) {
    const wanted = name.toLowerCase();
    const kept = (headers as [string, string][]).filter(([n]) => n.toLowerCase() !== wanted);
    options.headers = [...kept, [name, value]];
  } else {
    const wanted = name.toLowerCase();
    const record: Record<string, string> = { ...((headers ?? {}) as Record<string, string>) };
    for (const key of Object.keys(record)) if (key.toLowerCase() === wanted) delete record[key];
    record[name] = value;
    options.headers = record;
  }
}
