// Coalesces single Graph calls made at about the same time into JSON `$batch` requests of up to
// 20 (reference §6.3), like a DataLoader: each subscriber's steps are written as plain
// sequential calls, and the calls many subscribers make concurrently travel together. A call
// waits at most `lingerMs` for company. Calls that may not be sent twice (a number assignment,
// an extension created by POST) are batched apart from those that may, so a connection lost
// on a batch of repeatable calls is retried as a whole and never repeats a one-shot call.
// Per-item throttling (429 with Retry-After) is retried by batch() within the client's policy.
import { ConfigurationError } from "../../core/errors";
import { IDEMPOTENT_METHODS } from "../../core/http-pipeline";
import { batch, BATCH_LIMIT, type BatchItem, type BatchOutcome } from "./batch";
import { type GraphCall, type GraphClient, type GraphResponse, queryString } from "./client";

export interface GraphBatcherOptions {
  /** Items per `$batch` request. @default 20 (1 to 20) */
  readonly maxItems?: number;
  /** How long a call waits for others to share its batch. @default 2 (0 to 1000) */
  readonly lingerMs?: number;
}

interface Pending {
  readonly item: BatchItem;
  readonly resolve: (outcome: BatchOutcome) => void;
  readonly reject: (error: unknown) => void;
}

export class GraphBatcher {
  readonly maxItems: number;
  readonly lingerMs: number;
  private readonly queues = { repeatable: [] as Pending[], once: [] as Pending[] };
  private readonly timers = { repeatable: false, once: false };
  /** `$batch` requests sent, for the caller's accounting. */
  batchesSent = 0;
  itemsSent = 0;

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
    const outcome = await new Promise<BatchOutcome>((resolve, reject) => this.enqueue({ item, resolve, reject }));
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

  private enqueue(pending: Pending): void {
    const kind = pending.item.idempotent ? "repeatable" : "once";
    const queue = this.queues[kind];
    queue.push(pending);
    if (queue.length >= this.maxItems) {
      this.flush(kind);
    } else if (!this.timers[kind]) {
      this.timers[kind] = true;
      setTimeout(() => {
        this.timers[kind] = false;
        this.flush(kind);
      }, this.lingerMs).unref();
    }
  }

  private flush(kind: keyof GraphBatcher["queues"]): void {
    const queue = this.queues[kind];
    while (queue.length > 0) {
      const taken = queue.splice(0, this.maxItems);
      this.batchesSent++;
      this.itemsSent += taken.length;
      batch(this.graph, taken.map((p) => p.item), { operation: `sending ${taken.length} requests in one batch` }).then(
        (outcomes) => taken.forEach((p, i) => p.resolve(outcomes[i])),
        (error) => taken.forEach((p) => p.reject(error)),
      );
    }
  }
}

function headerValue(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}
