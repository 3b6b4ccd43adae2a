// The lab's request log: one entry per request a simulator served (and per item of a Graph
// `$batch`), with what it was and how it was answered, so tests can assert what reached the
// platform ("no create or delete"). Only method, path, operation and status: never a body, a
// query string or a header (bodies and Authorization carry secrets).

export interface LoggedRequest {
  /** Position in the log: 1, 2, ... in the order answers were written; never reused, not even after a clear. */
  readonly seq: number;
  /** ISO time the request arrived. */
  readonly at: string;
  /** The simulator that served it: "entra", "graph", "teams", "axl", "cupi". */
  readonly service: string;
  readonly method: string;
  /** The path without the query string, as sent (a `$batch` item: the item's url with the version, e.g. /v1.0/users/x). */
  readonly path: string;
  /** The AXL SOAP operation (e.g. "addPhone"), when the request named one. */
  readonly operation?: string;
  /** The HTTP status answered; 0 when the connection was dropped without an answer (an injected reset). */
  readonly status: number;
  /** The request asks to change state (see RequestDescription.write), whatever its status. */
  readonly write: boolean;
}

/** What a simulator says about a request for the log. */
export interface RequestDescription {
  readonly operation?: string;
  /**
   * True for a request that asks to change state: HTTP POST/PUT/PATCH/DELETE by default; a
   * simulator says false for reads sent as POST (a Graph `$batch` container, a token request)
   * and names AXL operations by what they do.
   */
  readonly write: boolean;
}

export interface RequestLogFilter {
  readonly service?: string;
  /** Only entries with a greater seq. */
  readonly since?: number;
}

export interface RequestLogPage {
  readonly requests: readonly LoggedRequest[];
  /** Entries dropped since the last clear because the log keeps only the last `maxEntries`. */
  readonly dropped: number;
}

export const DEFAULT_REQUEST_LOG_ENTRIES = 100_000;

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The default for HTTP APIs: the methods that change state. */
export function describeHttpRequest(method: string): RequestDescription {
  return { write: WRITE_METHODS.has(method.toUpperCase()) };
}

export class RequestLog {
  // entries[start..] are kept; the front is cut off in one slice once it is as long as the bound.
  private entries: LoggedRequest[] = [];
  private start = 0;
  private nextSeq = 1;
  private droppedCount = 0;

  constructor(readonly maxEntries: number = DEFAULT_REQUEST_LOG_ENTRIES) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new Error(`the request log's maxEntries must be a whole number of at least 1, got ${JSON.stringify(maxEntries)}`);
    }
  }

  record(entry: Omit<LoggedRequest, "seq">): LoggedRequest {
    const logged: LoggedRequest = { seq: this.nextSeq++, ...entry };
    this.entries.push(logged);
    if (this.entries.length - this.start > this.maxEntries) {
      this.start += 1;
      this.droppedCount += 1;
      if (this.start >= this.maxEntries) {
        this.entries = this.entries.slice(this.start);
        this.start = 0;
      }
    }
    return logged;
  }

  list(filter: RequestLogFilter = {}): RequestLogPage {
    let from = this.start;
    if (filter.since !== undefined) {
      // seq rises with the index: binary search for the first entry after `since`.
      let low = this.start;
      let high = this.entries.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((this.entries[middle] as LoggedRequest).seq <= filter.since) low = middle + 1;
        else high = middle;
      }
      from = low;
    }
    const kept = this.entries.slice(from);
    return { requests: filter.service === undefined ? kept : kept.filter((entry) => entry.service === filter.service), dropped: this.droppedCount };
  }

  /** Empties the log (seq numbers go on); returns how many entries it held. */
  clear(): number {
    const held = this.entries.length - this.start;
    this.entries = [];
    this.start = 0;
    this.droppedCount = 0;
    return held;
  }
}
