// JSON `$batch` (reference §6.3): up to 20 requests per call, each with its own status. The
// outer call is 200 even when items are throttled, so the retry middleware never sees per-item
// 429s: this helper sends those items again in a new batch after the longest Retry-After among
// them, within the same retry policy bounds as single calls.
import { UcflowError } from "../../core/errors";
import { type HttpMethod, IDEMPOTENT_METHODS } from "../../core/http-pipeline";
import { decideRetry, parseRetryAfter } from "../../core/retry";
import { type GraphClient, unexpectedResponse } from "./client";
import { type CallContext, graphError } from "./errors";

/** Graph's limit of requests per batch. */
export const BATCH_LIMIT = 20;

export interface BatchItem {
  readonly method: HttpMethod;
  /** Relative to the version root, with its query: "/users/{id}/assignLicense", "/users?$select=id". */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON body; `Content-Type: application/json` is added for it. */
  readonly body?: unknown;
  /** @default - true for GET, PUT and DELETE */
  readonly idempotent?: boolean;
  /** For this item's error. */
  readonly context: CallContext;
}

export type BatchOutcome<T = unknown> =
  | { readonly ok: true; readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: T | undefined }
  /** `throttledForMs`: answered 429 and returned as asked (see BatchOptions), with the wait it asked for. */
  | { readonly ok: false; readonly error: UcflowError; readonly throttledForMs?: number };

export interface BatchOptions {
  /**
   * Return items answered 429 (with the wait they ask for) instead of sending them again: for a
   * caller that paces a whole stream of calls by the platform's answers.
   * @default false
   */
  readonly returnThrottled?: boolean;
}

interface WireResponse {
  readonly id: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/**
 * Sends `items` in batches of 20, one batch at a time, and returns one outcome per item in
 * the order given. Items answered 429 (or 503, or 504 when idempotent) are re-batched after
 * the longest wait they ask for, until the retry policy gives up; they then fail with the
 * last error. Other per-item errors are typed (NotFoundError for 404, ...).
 */
export async function batch<T = unknown>(graph: GraphClient, items: readonly BatchItem[], context: CallContext = { operation: "sending batch" }, options: BatchOptions = {}): Promise<BatchOutcome<T>[]> {
  for (const item of items) {
    if (!item.url.startsWith("/")) throw new Error(`BatchItem.url must be relative to the version root and start with "/"; got ${JSON.stringify(item.url)}`);
  }
  const outcomes: BatchOutcome<T>[] = new Array(items.length);
  for (let start = 0; start < items.length; start += BATCH_LIMIT) {
    const indexes = items.slice(start, start + BATCH_LIMIT).map((_, i) => start + i);
    await sendChunk(graph, items, indexes, outcomes, context, options);
  }
  return outcomes;
}

async function sendChunk<T>(graph: GraphClient, items: readonly BatchItem[], chunk: readonly number[], outcomes: BatchOutcome<T>[], context: CallContext, options: BatchOptions): Promise<void> {
  let pending = chunk;
  let waitedMs = 0;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const idempotentOf = (i: number) => items[i].idempotent ?? IDEMPOTENT_METHODS.has(items[i].method);
    const response = await graph.send({
      method: "POST",
      path: "/$batch",
      body: { requests: pending.map((i) => wireRequest(i, items[i])) },
      // The envelope may be repeated when every item in it may.
      idempotent: pending.every(idempotentOf),
      context,
    });
    const answers = wireResponses(response.body, context, response.requestId);
    const throttled: number[] = [];
    let delayMs = 0;
    for (const i of pending) {
      const answer = answers.get(String(i + 1));
      if (answer === undefined) {
        outcomes[i] = { ok: false, error: new UcflowError({ backend: "graph", ...items[i].context }, { code: "MissingBatchResponse", detail: `the batch response has no item with id ${i + 1}`, requestId: response.requestId }) };
        continue;
      }
      if (answer.status < 400) {
        outcomes[i] = { ok: true, status: answer.status, headers: answer.headers, body: answer.body as T | undefined };
        continue;
      }
      if (answer.status === 429 && options.returnThrottled) {
        const waitMs = parseRetryAfter(headerOf(answer.headers, "retry-after") ?? null, graph.clock.now()) ?? graph.retry.baseDelayMs;
        outcomes[i] = { ok: false, error: graphError(items[i].context, answer.status, answer.headers, answer.body, response.requestId), throttledForMs: waitMs };
        continue;
      }
      const decision = decideRetry(
        { attempt, idempotent: idempotentOf(i), statusCode: answer.status, retryAfter: headerOf(answer.headers, "retry-after"), nowMs: graph.clock.now(), waitedMs },
        graph.retry,
        graph.random,
      );
      if (decision.retry) {
        throttled.push(i);
        delayMs = Math.max(delayMs, decision.delayMs);
      } else {
        outcomes[i] = { ok: false, error: graphError(items[i].context, answer.status, answer.headers, answer.body, response.requestId) };
      }
    }
    if (throttled.length > 0) {
      graph.logger.debug(`graph: $batch: ${throttled.length} of ${pending.length} items throttled; sending them again in ${delayMs} ms (attempt ${attempt + 1})`);
      await graph.clock.sleep(delayMs);
      waitedMs += delayMs;
    }
    pending = throttled;
  }
}

function wireRequest(index: number, item: BatchItem): Record<string, unknown> {
  const headers: Record<string, string> = { ...item.headers };
  if (item.body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === "content-type")) headers["Content-Type"] = "application/json";
  return {
    id: String(index + 1),
    method: item.method,
    url: item.url,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(item.body !== undefined ? { body: item.body } : {}),
  };
}

function wireResponses(body: unknown, context: CallContext, requestId: string | undefined): Map<string, WireResponse> {
  const responses = (body as { responses?: unknown } | undefined)?.responses;
  if (!Array.isArray(responses)) throw unexpectedResponse(context, "expected a batch response with a `responses` array", requestId);
  const byId = new Map<string, WireResponse>();
  for (const r of responses as Record<string, unknown>[]) {
    if (typeof r !== "object" || r === null || typeof r.id !== "string" || typeof r.status !== "number") {
      throw unexpectedResponse(context, "expected batch response items with a string `id` and a numeric `status`", requestId);
    }
    const headers = typeof r.headers === "object" && r.headers !== null ? (r.headers as Record<string, string>) : {};
    byId.set(r.id, { id: r.id, status: r.status, headers, body: r.body });
  }
  return byId;
}

function headerOf(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

