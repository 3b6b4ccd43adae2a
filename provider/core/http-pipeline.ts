// A small HTTP pipeline over Node's fetch for backends without a vendor client (the Teams admin
// API, later CUPI): named policies around a swappable transport, after Azure core-rest-pipeline.
// Typical order: concurrency -> bearer token -> retry -> request id -> redacting log -> transport.
// Tests and the lab replace only the transport.
import { randomUUID } from "node:crypto";
import { type AccessTokenSource, getAccessToken } from "./access-token";
import { type Clock, type RandomSource, systemClock } from "./clock";
import { type Limiter } from "./concurrency";
import { type Backend, ConfigurationError } from "./errors";
import { formatExchange, type Logger } from "./logging";
import { type RetryDecision, type RetryPolicy, withRetries } from "./retry";
import { classifyTransportFailure, describeTransportFailure, type TransportFailure } from "./transport-failure";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Methods that have the same effect sent once or twice (RFC 9110 9.2.2). */
export const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set(["GET", "PUT", "DELETE"]);

export interface PipelineRequest {
  readonly method: HttpMethod;
  readonly url: string;
  /** Mutable: policies add headers. */
  readonly headers: Headers;
  /** Already serialized. */
  readonly body?: string;
  /** Whether a retry may repeat it after a failure that may have been processed. */
  readonly idempotent: boolean;
}

export interface PipelineResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The whole body as text ("" when empty). */
  readonly bodyText: string;
}

export type SendRequest = (request: PipelineRequest) => Promise<PipelineResponse>;

export interface PipelinePolicy {
  /** Unique within a pipeline. */
  readonly name: string;
  sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse>;
}

/** Chains `policies` (first is outermost) in front of `transport`. */
export function createPipeline(policies: readonly PipelinePolicy[], transport: SendRequest): SendRequest {
  const names = policies.map((p) => p.name);
  const duplicates = names.filter((name, i) => names.indexOf(name) !== i);
  if (duplicates.length > 0) throw new ConfigurationError("invalid pipeline", [`policy names must be unique; repeated: ${[...new Set(duplicates)].join(", ")}`]);
  return policies.reduceRight<SendRequest>((next, policy) => (request) => policy.sendRequest(request, next), transport);
}

export interface FetchTransportOptions {
  /** Abort an attempt that has not completed after this long. @default 100000 (1000 to 600000) */
  readonly requestTimeoutMs?: number;
}

/** The real transport: Node's global fetch. TLS verification stays on; trust extra CAs with NODE_EXTRA_CA_CERTS. */
export function fetchTransport(options: FetchTransportOptions = {}): SendRequest {
  const requestTimeoutMs = options.requestTimeoutMs ?? 100_000;
  if (!Number.isInteger(requestTimeoutMs) || requestTimeoutMs < 1000 || requestTimeoutMs > 600_000) {
    throw new ConfigurationError("invalid transport", [`requestTimeoutMs must be an integer from 1000 to 600000; got ${requestTimeoutMs}`]);
  }
  return async (request) => {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: "manual",
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    return { status: response.status, headers: response.headers, bodyText: await response.text() };
  };
}

/** Holds each request to the backend's in-flight limit, retries included. */
export function concurrencyPolicy(limiter: Limiter): PipelinePolicy {
  return { name: "concurrency", sendRequest: (request, next) => limiter.run(() => next(request)) };
}

/** Adds `Authorization: Bearer <token>` for `scopes`. */
export function bearerTokenPolicy(source: AccessTokenSource, scopes: readonly string[]): PipelinePolicy {
  return {
    name: "bearerToken",
    async sendRequest(request, next) {
      request.headers.set("authorization", `Bearer ${await getAccessToken(source, scopes)}`);
      return next(request);
    },
  };
}

export interface RetryPolicyDependencies {
  readonly policy: RetryPolicy;
  readonly clock?: Clock;
  readonly random?: RandomSource;
  /** Sees each decision, e.g. to log it. */
  readonly onDecision?: (request: PipelineRequest, decision: RetryDecision) => void;
  /** How a thrown error counts for retry (e.g. a protocol's faults). @default classifyTransportFailure */
  readonly classify?: (error: unknown) => TransportFailure | undefined;
}

/** Sends again per `decideRetry` (see core/retry.ts for the idempotency rule). */
export function retryPolicy(dependencies: RetryPolicyDependencies): PipelinePolicy {
  const clock = dependencies.clock ?? systemClock;
  const random = dependencies.random ?? Math.random;
  return {
    name: "retry",
    sendRequest(request, next) {
      return withRetries(() => next(request), {
        policy: dependencies.policy,
        idempotent: request.idempotent,
        clock,
        random,
        inspect: (response) => ({ statusCode: response.status, retryAfter: response.headers.get("retry-after") }),
        classify: dependencies.classify ?? classifyTransportFailure,
        onDecision: (_, decision) => dependencies.onDecision?.(request, decision),
      });
    },
  };
}

/** Stamps a correlation id header (kept across retries) so errors and server logs can be matched. */
export function requestIdPolicy(headerName: string, newId: () => string = randomUUID): PipelinePolicy {
  return {
    name: "requestId",
    sendRequest(request, next) {
      if (!request.headers.has(headerName)) request.headers.set(headerName, newId());
      return next(request);
    },
  };
}

/** Logs each attempt at debug level, redacted. */
export function logPolicy(backend: Backend, logger: Logger, clock: Clock = systemClock): PipelinePolicy {
  return {
    name: "log",
    async sendRequest(request, next) {
      const started = clock.now();
      try {
        const response = await next(request);
        logger.debug(
          formatExchange({
            backend,
            method: request.method,
            url: request.url,
            requestHeaders: request.headers,
            statusCode: response.status,
            responseHeaders: response.headers,
            elapsedMs: clock.now() - started,
          }),
        );
        return response;
      } catch (error) {
        logger.debug(
          formatExchange({
            backend,
            method: request.method,
            url: request.url,
            requestHeaders: request.headers,
            failure: describeTransportFailure(error),
            elapsedMs: clock.now() - started,
          }),
        );
        throw error;
      }
    },
  };
}
