// Coalesces single Graph calls made at about the same time into JSON `$batch` requests of up to
// 20 (reference §6.3), like a DataLoader: each subscriber's steps are written as plain
// sequential calls, and the calls many subscribers make concurrently travel together. A call
// waits at most `lingerMs` for company. Calls that may not be sent twice (a number assignment,
// an extension created by POST) are batched apart from those that may, so a connection lost
// on a batch of repeatable calls is retried as a whole and never repeats a one-shot call.
//
// Throttling is paced, not fought: Graph limits each workload separately (identity, Teams
// administration, extensions; reference §2.5, §6.2), so calls are queued per workload. When an
// item comes back 429, its workload pauses for the Retry-After it asks, the throttled items go
// back to the front of the queue (a 429 is a "not now", not an attempt that failed), and the
// workload's allowance of calls in flight is halved, then grows by one per call that passes
// (additive increase, multiplicative decrease), so the stream settles at the rate the platform
// allows instead of retrying in bursts. A call still waiting after the retry policy's total wait
// fails with the platform's last answer.
import { ConfigurationError, isTransportError, TransportError } from "../../core/errors";
import { IDEMPOTENT_METHODS } from "../../core/http-pipeline";
import { batch, BATCH_LIMIT, type BatchItem, type BatchOutcome } from "./batch";
import { type GraphCall, type GraphClient, type GraphResponse, queryString } from "./client";

export interface GraphBatcherOptions {
  /** Items per `$batch` request. @default 20 (1 to 20) */
  readonly maxItems?: number;
  /** How long a call waits for others to share its batch. @default 2 (0 to 1000) */
  readonly lingerMs?: number;
}

/** The throttling scope a call counts against (Graph limits each workload on its own). */
export type GraphWorkload = "identity" | "teamsAdministration" | "extensions";

/** The workload of a call, from its path relative to the version root. */
export function workloadOf(url: string): GraphWorkload {
  if (url.startsWith("/admin/teams/")) return "teamsAdministration";
  if (/^\/users\/[^/?]+\/extensions(\/|\?|$)/.test(url)) return "extensions";
  return "identity";
}

interface Pending {
  readonly item: BatchItem;
  readonly firstQueuedMs: number;
  readonly resolve: (outcome: BatchOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/** One stream of calls: a workload, and whether its calls may be repeated. */
class Lane {
  readonly queue: Pending[] = [];
  inFlight = 0;
  /** Calls allowed in flight at once; unbounded until the platform first says 429. */
  allowance = Number.POSITIVE_INFINITY;
  /** No call goes out before this time (ms): the platform's Retry-After. */
  notBeforeMs = 0;
  timer = false;
}

export class GraphBatcher {
  readonly maxItems: number;
  readonly lingerMs: number;
  private readonly lanes = new Map<string, Lane>();
  /** `$batch` requests sent and their items, and items answered 429, for the caller's accounting. */
  batchesSent = 0;
  itemsSent = 0;
  itemsThrottled = 0;

  constructor(
    private readonly graph: GraphClient,
    options: GraphBatcherOptions = {},
  ) {
    this.maxItems = options.maxItems ?? BATCH_LIMIT;
    this.lingerMs = options.lingerMs ?? 2;
    const problems: string[] = [];
    if (!Number.isInteger(this.maxItems) || this.maxItems < 1 || this.maxItems > BATCH_LIMIT) problems.push(`maxItems must be an integer from 1 to ${BATCH_LIMIT}; got ${this.maxItems}`);
    if (!Number.isInteger(this.lingerMs) || this.lingerMs < 0 || this.lingerMs > 1000) problems.push(`lingerMs must be an integer from 0 to 1000; got ${this.lingerMs}`);
    if (problems.length > 0) throw new ConfigurationError("invalid Graph batcher options", problems);
  }

  /** Sends `call` as an item of a `$batch`; resolves as `graph.send` would, or throws its typed error. */
  async send<T = unknown>(call: GraphCall): Promise<GraphResponse<T>> {
    const item = this.itemOf(call);
    const outcome = await new Promise<BatchOutcome>((resolve, reject) => {
      const key = `${workloadOf(item.url)}|${item.idempotent ? "repeatable" : "once"}`;
      let lane = this.lanes.get(key);
      if (!lane) this.lanes.set(key, (lane = new Lane()));
      lane.queue.push({ item, firstQueuedMs: this.graph.clock.now(), resolve, reject });
      this.schedule(lane, this.lingerMs);
    });
    if (!outcome.ok) throw outcome.error;
    return { status: outcome.status, headers: new Headers(outcome.headers), body: outcome.body as T | undefined, requestId: headerValue(outcome.headers, "request-id") };
  }

  private itemOf(call: GraphCall): BatchItem {
    let url: string;
    if (/^[a-z][a-z0-9+.-]*:/i.test(call.path)) {
      // An absolute link (an operation's Location, a nextLink) on the configured endpoint: relative
      // to the version root inside a batch.
      const absolute = new URL(call.path);
      const root = `/${this.graph.version}`;
      if (absolute.origin !== this.graph.origin || !absolute.pathname.startsWith(`${root}/`)) {
        throw new Error(`cannot batch a call to ${absolute.origin}${absolute.pathname}: it is not under ${this.graph.origin}${root}/`);
      }
      url = absolute.pathname.slice(root.length) + absolute.search;
    } else {
      url = call.path + queryString(call.query);
    }
    return {
      method: call.method,
      url,
      ...(call.headers ? { headers: call.headers } : {}),
      ...(call.body !== undefined ? { body: call.body } : {}),
      idempotent: call.idempotent ?? IDEMPOTENT_METHODS.has(call.method),
      context: call.context,
    };
  }

  /** Flushes `lane` after `delayMs` (at once when a batch is full), unless a flush is due already. */
  private schedule(lane: Lane, delayMs: number): void {
    const full = lane.queue.length >= this.maxItems && lane.inFlight + this.maxItems <= lane.allowance;
    if (full && this.graph.clock.now() >= lane.notBeforeMs) {
      this.flush(lane);
      return;
    }
    if (lane.timer) return;
    lane.timer = true;
    const wait = Math.max(delayMs, lane.notBeforeMs - this.graph.clock.now());
    void this.graph.clock.sleep(wait).then(() => {
      lane.timer = false;
      this.flush(lane);
    });
  }

  private flush(lane: Lane): void {
    if (this.graph.clock.now() < lane.notBeforeMs) {
      this.schedule(lane, 0);
      return;
    }
    while (lane.queue.length > 0 && lane.inFlight < lane.allowance) {
      const room = Math.max(1, Math.min(this.maxItems, lane.allowance - lane.inFlight));
      const taken = lane.queue.splice(0, room);
      lane.inFlight += taken.length;
      this.batchesSent++;
      this.itemsSent += taken.length;
      batch(this.graph, taken.map((p) => p.item), { operation: `sending ${taken.length} requests in one batch` }, { returnThrottled: true }).then(
        (outcomes) => this.settle(lane, taken, outcomes),
        (error) => {
          lane.inFlight -= taken.length;
          taken.forEach((p) => p.reject(itemFailure(error, p.item, taken.length)));
          if (lane.queue.length > 0) this.schedule(lane, 0);
        },
      );
    }
  }

  private settle(lane: Lane, taken: readonly Pending[], outcomes: readonly BatchOutcome[]): void {
    lane.inFlight -= taken.length;
    const again: Pending[] = [];
    let waitMs = 0;
    taken.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome.ok || outcome.throttledForMs === undefined) {
        if (outcome.ok && Number.isFinite(lane.allowance)) lane.allowance += 1;
        pending.resolve(outcome);
        return;
      }
      this.itemsThrottled++;
      // Waited as long as the retry policy allows one request to wait: the platform's answer stands.
      if (this.graph.clock.now() + outcome.throttledForMs - pending.firstQueuedMs > this.graph.retry.maxTotalWaitMs) {
        pending.resolve(outcome);
        return;
      }
      waitMs = Math.max(waitMs, outcome.throttledForMs);
      again.push(pending);
    });
    if (again.length > 0) {
      lane.notBeforeMs = Math.max(lane.notBeforeMs, this.graph.clock.now() + waitMs);
      const passed = taken.length - again.length;
      lane.allowance = Math.max(1, Math.floor(Math.min(lane.allowance, lane.inFlight + taken.length) / 2), passed);
      lane.queue.unshift(...again);
      this.graph.logger.debug(`graph: ${again.length} calls throttled; their workload waits ${waitMs} ms and sends at most ${lane.allowance} at once`);
    }
    if (lane.queue.length > 0) this.schedule(lane, 0);
  }
}

function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/**
 * The error of one call whose `$batch` got no answer: a transport failure names the call itself
 * (its operation and object, e.g. "recording ucflow's footprint on <user>"), so a caller that
 * reads back after a lost answer and a user reading the message both know which write it was.
 */
export function itemFailure(error: unknown, item: BatchItem, batchSize: number): unknown {
  if (!isTransportError(error)) return error;
  return new TransportError({ backend: error.backend, ...item.context }, {
    ...(error.code !== undefined ? { code: error.code } : {}),
    detail: `${error.detail ?? "no response"} (sent in a $batch of ${batchSize})`,
    ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
    retryable: error.retryable,
    cause: error,
  });
}
