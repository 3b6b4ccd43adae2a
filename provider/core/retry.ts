// When to send a request again, and how long to wait first. Split like Azure core's
// retryPolicy/RetryStrategy: `decideRetry` is a pure function of one attempt's outcome, and
// `withRetries` is the loop that applies it with an injectable clock.
//
// The rule for requests that are not idempotent (POST actions such as assignNumber, creating
// a configuration): they are sent again only after 429 or 503, the two answers a server gives
// *instead of* processing a request ("too many requests", "unavailable"), or when the
// connection was never made. After 500/502/504, a reset connection or a timeout the server may
// have acted, so repeating could act twice; the caller gets the error instead. Callers whose
// POST sets absolute state (assignLicense, policy assign) mark the call idempotent.
import { type Clock, type RandomSource } from "./clock";
import { ConfigurationError } from "./errors";
import { type TransportFailure } from "./transport-failure";

export interface RetryPolicyOptions {
  /** Attempts in total, the first included. @default 5 (1 to 10) */
  readonly maxAttempts?: number;
  /** Backoff before the first retry when the server gives no Retry-After; doubles each retry. @default 1000 (0 to 60000) */
  readonly baseDelayMs?: number;
  /** Upper bound of one backoff wait. @default 30000 (baseDelayMs to 300000) */
  readonly maxDelayMs?: number;
  /** Longest Retry-After honoured; a longer one ends retrying (msgraph's limit is 180 s). @default 180000 (0 to 600000) */
  readonly maxRetryAfterMs?: number;
  /** Longest total wait for one request across its retries. @default 300000 (0 to 1800000) */
  readonly maxTotalWaitMs?: number;
}

/** Retry limits, checked when made. */
export class RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly maxTotalWaitMs: number;

  constructor(options: RetryPolicyOptions = {}) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? Math.max(30_000, this.baseDelayMs);
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 180_000;
    this.maxTotalWaitMs = options.maxTotalWaitMs ?? 300_000;
    const problems = [
      integerProblem("maxAttempts", this.maxAttempts, 1, 10),
      integerProblem("baseDelayMs", this.baseDelayMs, 0, 60_000),
      integerProblem("maxDelayMs", this.maxDelayMs, this.baseDelayMs, 300_000),
      integerProblem("maxRetryAfterMs", this.maxRetryAfterMs, 0, 600_000),
      integerProblem("maxTotalWaitMs", this.maxTotalWaitMs, 0, 1_800_000),
    ].filter((p): p is string => p !== undefined);
    if (problems.length > 0) throw new ConfigurationError("invalid retry policy", problems);
  }
}

/** The outcome of one attempt, as the decision needs it. */
export interface RetryAttempt {
  /** The attempt that just finished, counting from 1. */
  readonly attempt: number;
  /** Whether sending the request twice has the same effect as sending it once. */
  readonly idempotent: boolean;
  /** The response status; absent when no response arrived. */
  readonly statusCode?: number;
  /** The response's Retry-After header: seconds or an HTTP-date. */
  readonly retryAfter?: string | null;
  /** Why no response arrived. */
  readonly failure?: TransportFailure;
  /** The current time, to turn an HTTP-date Retry-After into a wait. */
  readonly nowMs: number;
  /** Time already spent waiting for this request. */
  readonly waitedMs: number;
}

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number; readonly reason: string }
  | { readonly retry: false; readonly reason: string };

/** Statuses that may be retried for an idempotent request. */
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/** Statuses a server sends instead of processing: safe to retry for any request. */
const NOT_PROCESSED_STATUS = new Set([429, 503]);
/** Statuses whose Retry-After is honoured. */
const RETRY_AFTER_STATUS = new Set([429, 503, 504]);

/** Whether and when to send the request again. Pure. */
export function decideRetry(attempt: RetryAttempt, policy: RetryPolicy, random: RandomSource): RetryDecision {
  const status = attempt.statusCode;
  if (status !== undefined) {
    if (status < 400) return { retry: false, reason: `status ${status} is final` };
    if (!RETRYABLE_STATUS.has(status)) return { retry: false, reason: `status ${status} is not transient` };
    if (!attempt.idempotent && !NOT_PROCESSED_STATUS.has(status)) {
      return { retry: false, reason: `status ${status} does not say the request was not processed, and it is not idempotent` };
    }
  } else {
    const failure = attempt.failure ?? "no-response";
    if (failure === "tls" || failure === "aborted") return { retry: false, reason: `${failure} failures are not transient` };
    if (failure === "no-response" && !attempt.idempotent) {
      return { retry: false, reason: "no response arrived, the server may have processed it, and it is not idempotent" };
    }
  }
  if (attempt.attempt >= policy.maxAttempts) return { retry: false, reason: `gave up after ${attempt.attempt} attempts` };

  let delayMs: number;
  let why: string;
  const serverWaitMs = status !== undefined && RETRY_AFTER_STATUS.has(status) ? parseRetryAfter(attempt.retryAfter, attempt.nowMs) : undefined;
  if (serverWaitMs !== undefined) {
    if (serverWaitMs > policy.maxRetryAfterMs) {
      return { retry: false, reason: `the server asked to wait ${seconds(serverWaitMs)}, more than the ${seconds(policy.maxRetryAfterMs)} limit` };
    }
    delayMs = serverWaitMs;
    why = "Retry-After";
  } else {
    delayMs = backoffDelay(attempt.attempt, policy, random);
    why = "backoff";
  }
  if (attempt.waitedMs + delayMs > policy.maxTotalWaitMs) {
    return { retry: false, reason: `waiting ${seconds(delayMs)} more would pass the ${seconds(policy.maxTotalWaitMs)} total wait limit` };
  }
  const outcome = status !== undefined ? `status ${status}` : (attempt.failure ?? "no-response");
  return { retry: true, delayMs, reason: `${outcome}; attempt ${attempt.attempt + 1} of ${policy.maxAttempts} after ${delayMs} ms (${why})` };
}

/**
 * Capped exponential backoff with jitter: the ceiling doubles from `baseDelayMs` each retry up
 * to `maxDelayMs`, and the wait is drawn from its upper half, so clients that failed together
 * spread out without any retrying immediately.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: RandomSource): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (r * ceiling) / 2);
}

/** A Retry-After value as a wait in ms: delay-seconds, or an HTTP-date relative to now. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export interface RetryLoopOptions<R> {
  readonly policy: RetryPolicy;
  readonly idempotent: boolean;
  readonly clock: Clock;
  readonly random: RandomSource;
  /** The status and Retry-After of a result. */
  readonly inspect: (result: R) => { readonly statusCode: number; readonly retryAfter: string | null };
  /** Releases a result that will not be returned (e.g. drains a response body). */
  readonly discard?: (result: R) => Promise<void>;
  /** Whether a thrown error is a transport failure to judge, and which; others are rethrown at once. */
  readonly classify: (error: unknown) => TransportFailure | undefined;
  /** Sees every decision, e.g. to log it. */
  readonly onDecision?: (attempt: RetryAttempt, decision: RetryDecision) => void;
}

/**
 * Sends with `send(attempt)` until `decideRetry` says stop. Returns the last result, which may
 * be an error response (the caller maps it), or rethrows the last transport error.
 */
export async function withRetries<R>(send: (attempt: number) => Promise<R>, options: RetryLoopOptions<R>): Promise<R> {
  let waitedMs = 0;
  for (let attempt = 1; ; attempt++) {
    let result: R | undefined;
    let thrown: { error: unknown; failure: TransportFailure } | undefined;
    try {
      result = await send(attempt);
    } catch (error) {
      const failure = options.classify(error);
      if (failure === undefined) throw error;
      thrown = { error, failure };
    }
    const seen: RetryAttempt =
      thrown === undefined
        ? { attempt, idempotent: options.idempotent, ...options.inspect(result as R), nowMs: options.clock.now(), waitedMs }
        : { attempt, idempotent: options.idempotent, failure: thrown.failure, nowMs: options.clock.now(), waitedMs };
    const decision = decideRetry(seen, options.policy, options.random);
    options.onDecision?.(seen, decision);
    if (!decision.retry) {
      if (thrown !== undefined) throw thrown.error;
      return result as R;
    }
    if (thrown === undefined && options.discard) await options.discard(result as R);
    await options.clock.sleep(decision.delayMs);
    waitedMs += decision.delayMs;
  }
}

function integerProblem(name: string, value: number, min: number, max: number): string | undefined {
  return Number.isInteger(value) && value >= min && value <= max ? undefined : `${name} must be an integer from ${min} to ${max}; got ${value}`;
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}
