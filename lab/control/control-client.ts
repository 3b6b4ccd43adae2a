// A typed client for the lab's control endpoint, for integration tests and demo scripts. It
// trusts exactly the lab CA it is given, so it also proves the lab's TLS verifies.
import * as https from "node:https";
import type { FaultRuleInput, FaultRuleJson } from "../faults/fault-rules";
import type { LoggedRequest, RequestLogFilter, RequestLogPage } from "../request-log";
import type { ServiceThrottlingReport } from "../throttling/throttling-report";

/** GET /throttling: per service, its rate-limit buckets and concurrency, counted since `since`. */
export interface LabThrottlingReport {
  /** ISO time the counters started: the lab's start or the last POST /throttling/reset. */
  readonly since: string;
  readonly services: Readonly<Record<string, ServiceThrottlingReport>>;
}

/** One entry of the lab's request log (GET /requests); lab/request-log.ts says what each field holds. */
export type LabRequest = LoggedRequest;

export class LabControlError extends Error {
  override readonly name = "LabControlError";
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export interface LabJsonResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: unknown;
}

export class LabControlClient {
  constructor(
    readonly url: string,
    private readonly caPem: string,
  ) {}

  async health(): Promise<Record<string, unknown>> {
    return (await this.call("GET", "/health")) as Record<string, unknown>;
  }

  /** Resets one service, or the whole lab (all services, OpenLDAP, fault rules) without a name. */
  async reset(service?: string): Promise<void> {
    await this.call("POST", "/reset", service === undefined ? undefined : { service });
  }

  async seed(service: string, data: unknown): Promise<void> {
    await this.call("POST", "/seed", { service, data });
  }

  async state(service: string): Promise<unknown> {
    const body = (await this.call("GET", `/state/${encodeURIComponent(service)}`)) as { state: unknown };
    return body.state;
  }

  /** Writes every simulator's pending state changes (or one's) to the state directory now. */
  async flush(service?: string): Promise<string[]> {
    const body = (await this.call("POST", "/flush", service === undefined ? undefined : { service })) as { flushed: string[] };
    return body.flushed;
  }

  /** Rate-limit buckets (consumed, throttled) and concurrency of every simulator. */
  async throttling(): Promise<LabThrottlingReport> {
    return (await this.call("GET", "/throttling")) as LabThrottlingReport;
  }

  /** Counters of throttling() back to zero, every bucket full again. */
  async resetThrottling(): Promise<void> {
    await this.call("POST", "/throttling/reset");
  }

  /** The request log, oldest first: every request the simulators served (a `$batch` item is an entry of its own). */
  async requests(filter: RequestLogFilter = {}): Promise<LabRequest[]> {
    return [...(await this.requestLog(filter)).requests];
  }

  /** The request log with the count of entries dropped because of its bound (see LabOptions.requestLog). */
  async requestLog(filter: RequestLogFilter = {}): Promise<RequestLogPage & { maxEntries: number }> {
    const query = new URLSearchParams();
    if (filter.service !== undefined) query.set("service", filter.service);
    if (filter.since !== undefined) query.set("since", String(filter.since));
    const suffix = query.size > 0 ? `?${query.toString()}` : "";
    return (await this.call("GET", `/requests${suffix}`)) as RequestLogPage & { maxEntries: number };
  }

  /** Empties the request log (seq numbers go on). */
  async clearRequests(): Promise<void> {
    await this.call("DELETE", "/requests");
  }

  async faults(): Promise<{ seed: number; rules: FaultRuleJson[] }> {
    return (await this.call("GET", "/faults")) as { seed: number; rules: FaultRuleJson[] };
  }

  /** Adds rules (in order, after existing ones); with `seed`, restarts the fault generator first. */
  async addFaults(rules: readonly FaultRuleInput[], seed?: number): Promise<FaultRuleJson[]> {
    const body = (await this.call("POST", "/faults", seed === undefined ? { rules } : { rules, seed })) as { rules: FaultRuleJson[] };
    return body.rules;
  }

  async removeFault(id: string): Promise<void> {
    await this.call("DELETE", `/faults/${encodeURIComponent(id)}`);
  }

  async clearFaults(): Promise<void> {
    await this.call("DELETE", "/faults");
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await requestJson(`${this.url}${path}`, { method, body, caPem: this.caPem });
    if (response.status >= 400) {
      const error = (response.body as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new LabControlError(`lab control ${method} ${path} answered ${response.status}: ${error?.message ?? JSON.stringify(response.body)}`, response.status, error?.code);
    }
    return response.body;
  }
}

/** One HTTPS request with a JSON body, trusting only `caPem`; the body is parsed when it is JSON. */
export function requestJson(
  url: string,
  options: { method?: string; body?: unknown; headers?: Record<string, string>; caPem: string; servername?: string },
): Promise<LabJsonResponse> {
  const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
  return new Promise((resolve, reject) => {
    const req = https.request(url, {
      method: options.method ?? "GET",
      ca: options.caPem,
      agent: false,
      ...(options.servername ? { servername: options.servername } : {}),
      headers: {
        accept: "application/json",
        ...(payload ? { "content-type": "application/json", "content-length": String(payload.length) } : {}),
        ...options.headers,
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = text;
        if ((res.headers["content-type"] ?? "").includes("json") && text.length > 0) {
          try {
            body = JSON.parse(text);
          } catch (error) {
            return reject(new Error(`${options.method ?? "GET"} ${url} answered ${res.statusCode} with invalid JSON: ${(error as Error).message}`));
          }
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on("error", reject);
    req.end(payload);
  });
}
