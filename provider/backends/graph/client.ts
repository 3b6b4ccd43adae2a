// The Microsoft Graph client: `@microsoft/microsoft-graph-client` with our middleware chain
// (middleware.ts), one typed error per failure, and paging. Operations live in their own files
// (users.ts, licenses.ts, ...) as functions of a GraphClient and return plain objects.
import { AuthenticationHandler, Client, GraphClientError, HTTPMessageHandler, type Middleware, ResponseType } from "@microsoft/microsoft-graph-client";
import { type AccessTokenSource } from "../../core/access-token";
import { type Clock, type RandomSource, systemClock } from "../../core/clock";
import { Limiter } from "../../core/concurrency";
import { ConfigurationError, errorFromThrown, UcflowError } from "../../core/errors";
import { type HttpMethod, IDEMPOTENT_METHODS } from "../../core/http-pipeline";
import { type Logger, silentLogger } from "../../core/logging";
import { RetryPolicy } from "../../core/retry";
import { type CallContext, graphError } from "./errors";
import { CallRecord, CallScopeMiddleware, CredentialAuthenticationProvider, RedactingLogMiddleware, RequestIdMiddleware, RetryMiddleware } from "./middleware";

export const GLOBAL_GRAPH_BASE_URL = "https://graph.microsoft.com/";

/** Graph hosts of the national clouds, where the Teams administration APIs do not exist (reference §1 fact 2). */
export const NATIONAL_GRAPH_HOSTS: ReadonlySet<string> = new Set(["graph.microsoft.us", "dod-graph.microsoft.us", "microsoftgraph.chinacloudapi.cn"]);

export interface GraphClientOptions {
  /** Mints Graph tokens: see credentials.ts. */
  readonly credential: AccessTokenSource;
  /** The Graph root: a national cloud, or the lab (https://127.0.0.1:PORT/). https only, no path. @default "https://graph.microsoft.com/" */
  readonly baseUrl?: string;
  /** @default "v1.0" */
  readonly version?: "v1.0" | "beta";
  /** @default - [`<origin of baseUrl>/.default`] */
  readonly scopes?: readonly string[];
  /** @default - new RetryPolicy() */
  readonly retry?: RetryPolicy;
  /** Graph calls in flight at once, retries included. @default 8 (1 to 64) */
  readonly maxInFlight?: number;
  /** A limiter shared with other clients of the same tenant, instead of one of maxInFlight. @default - new Limiter(maxInFlight) */
  readonly limiter?: Limiter;
  /** Abort one attempt after this long. @default 100000 (1000 to 600000) */
  readonly requestTimeoutMs?: number;
  /** Longest wait for a long-running operation (number assignment). @default 120000 (1000 to 3600000) */
  readonly operationTimeoutMs?: number;
  /** First wait between polls of a long-running operation; doubles up to 10 s. @default 1000 (0 to 60000) */
  readonly operationPollIntervalMs?: number;
  /** @default - silent */
  readonly logger?: Logger;
  /** The terminal middleware. Tests put a replaying fake here. @default - the library's HTTPMessageHandler (fetch) */
  readonly transport?: Middleware;
  /** @default systemClock */
  readonly clock?: Clock;
  /** @default Math.random */
  readonly random?: RandomSource;
  /** Makes `client-request-id` values. @default crypto.randomUUID */
  readonly newRequestId?: () => string;
}

/** One Graph request. */
export interface GraphCall {
  readonly method: HttpMethod;
  /** Under the version root ("/users"), or an absolute https URL on the same origin (a nextLink, a Location). */
  readonly path: string;
  /** Query options in order; undefined values are left out. Values are percent-encoded here. */
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** @default - true for GET, PUT and DELETE */
  readonly idempotent?: boolean;
  /** Retry limits for this call only. @default - the client's */
  readonly retry?: RetryPolicy;
  /** For errors: what the call does, to what. */
  readonly context: CallContext;
}

export interface GraphResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, text, or undefined when empty. */
  readonly body: T | undefined;
  readonly requestId?: string;
}

/** One page of a collection. */
export interface CollectionPage {
  readonly value: readonly unknown[];
  readonly nextLink?: string;
  readonly deltaLink?: string;
  readonly count?: number;
}

export interface AllPages {
  readonly items: unknown[];
  readonly pages: number;
  /** `@odata.count` of the first page, when the server gave one. */
  readonly count?: number;
  /** `@odata.deltaLink` of the last page (delta queries). */
  readonly deltaLink?: string;
}

export class GraphClient {
  readonly baseUrl: string;
  readonly origin: string;
  readonly version: string;
  readonly scopes: readonly string[];
  readonly retry: RetryPolicy;
  readonly operationTimeoutMs: number;
  readonly operationPollIntervalMs: number;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly random: RandomSource;
  private readonly client: Client;

  constructor(options: GraphClientOptions) {
    const problems: string[] = [];
    const base = parseBaseUrl(options.baseUrl ?? GLOBAL_GRAPH_BASE_URL, problems);
    this.baseUrl = base?.href ?? GLOBAL_GRAPH_BASE_URL;
    this.origin = base?.origin ?? new URL(GLOBAL_GRAPH_BASE_URL).origin;
    this.version = options.version ?? "v1.0";
    if (this.version !== "v1.0" && this.version !== "beta") problems.push(`version must be "v1.0" or "beta"; got ${JSON.stringify(this.version)}`);
    this.scopes = options.scopes ?? [`${this.origin}/.default`];
    if (this.scopes.length === 0 || this.scopes.some((s) => typeof s !== "string" || s.trim() === "")) problems.push("scopes must be a non-empty list of non-empty strings");
    const maxInFlight = options.maxInFlight ?? 8;
    const requestTimeoutMs = options.requestTimeoutMs ?? 100_000;
    this.operationTimeoutMs = options.operationTimeoutMs ?? 120_000;
    this.operationPollIntervalMs = options.operationPollIntervalMs ?? 1000;
    problems.push(
      ...[
        integerProblem("maxInFlight", maxInFlight, 1, 64),
        integerProblem("requestTimeoutMs", requestTimeoutMs, 1000, 600_000),
        integerProblem("operationTimeoutMs", this.operationTimeoutMs, 1000, 3_600_000),
        integerProblem("operationPollIntervalMs", this.operationPollIntervalMs, 0, 60_000),
      ].filter((p): p is string => p !== undefined),
    );
    if (problems.length > 0) throw new ConfigurationError("invalid Graph client options", problems);

    this.retry = options.retry ?? new RetryPolicy();
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    const middleware: Middleware[] = [
      new CallScopeMiddleware(options.limiter ?? new Limiter(maxInFlight)),
      new AuthenticationHandler(new CredentialAuthenticationProvider(options.credential, this.scopes)),
      new RetryMiddleware({ policy: this.retry, clock: this.clock, random: this.random, requestTimeoutMs, logger: this.logger }),
      new RequestIdMiddleware(options.newRequestId),
      new RedactingLogMiddleware(this.logger, this.clock),
      options.transport ?? new HTTPMessageHandler(),
    ];
    this.client = Client.initWithMiddleware({
      middleware,
      baseUrl: this.baseUrl,
      defaultVersion: this.version,
      // The library attaches the token only to Graph hosts and these, compared by hostname
      // without the port (reference §7): "127.0.0.1", never "127.0.0.1:8443".
      customHosts: new Set([new URL(this.baseUrl).hostname]),
      // A redirect is answered, not followed: following could carry the request elsewhere.
      fetchOptions: { redirect: "manual" },
    });
  }

  /** Whether the Teams administration APIs can exist here (not in national clouds). */
  get servesTeamsAdministration(): boolean {
    return !NATIONAL_GRAPH_HOSTS.has(new URL(this.baseUrl).hostname);
  }

  /** Sends one call; a non-2xx response or a failure becomes a typed UcflowError. */
  async send<T = unknown>(call: GraphCall): Promise<GraphResponse<T>> {
    const url = this.urlFor(call);
    const record = new CallRecord(call.idempotent ?? IDEMPOTENT_METHODS.has(call.method), call.retry);
    const request = this.client.api(url).middlewareOptions([record]).responseType(ResponseType.RAW);
    if (call.headers) request.headers({ ...call.headers });
    let raw: Response;
    try {
      switch (call.method) {
        case "GET":
          raw = await request.get();
          break;
        case "POST":
          raw = await request.post(call.body);
          break;
        case "PATCH":
          raw = await request.patch(call.body);
          break;
        case "PUT":
          raw = await request.put(call.body);
          break;
        case "DELETE":
          raw = await request.delete();
          break;
      }
    } catch (error) {
      const context = { backend: "graph" as const, ...call.context };
      if (record.thrown === undefined && error instanceof GraphClientError) throw new UcflowError(context, { code: "GraphClientError", detail: error.message });
      throw errorFromThrown(record.thrown ?? error, context, record.requestId ?? record.clientRequestId);
    }
    const requestId = raw.headers.get("request-id") ?? record.requestId ?? undefined;
    const body = await readBody(raw, call.context, requestId ?? record.clientRequestId);
    if (!raw.ok) throw graphError(call.context, raw.status, raw.headers, body, record.clientRequestId);
    return { status: raw.status, headers: raw.headers, body: body as T | undefined, requestId };
  }

  /** One page of a collection (`value` plus `@odata.*` links). */
  async getPage(call: GraphCall): Promise<CollectionPage> {
    const response = await this.send(call);
    return collectionPage(response.body, call.context, response.requestId);
  }

  /** Every page of a collection, following `@odata.nextLink` with the same headers. */
  async getAllPages(call: GraphCall): Promise<AllPages> {
    const items: unknown[] = [];
    let page = await this.getPage(call);
    const count = page.count;
    let pages = 1;
    const seen = new Set<string>();
    for (;;) {
      items.push(...page.value);
      if (page.nextLink === undefined) return { items, pages, count, deltaLink: page.deltaLink };
      if (seen.has(page.nextLink)) {
        throw new UcflowError({ backend: "graph", ...call.context }, { code: "PagingLoop", detail: `the server returned the same @odata.nextLink twice: ${page.nextLink}` });
      }
      seen.add(page.nextLink);
      page = await this.getPage({ method: "GET", path: page.nextLink, headers: call.headers, context: call.context });
      pages++;
    }
  }

  /**
   * This client with every call sent as an item of a `$batch` through `batcher` (the batch
   * requests themselves go out through this client). Paging, errors and options are the same.
   */
  batched(batcher: { send<T>(call: GraphCall): Promise<GraphResponse<T>> }): GraphClient {
    const view = Object.create(this) as GraphClient;
    view.send = <T>(call: GraphCall) => (call.path === "/$batch" ? this.send<T>(call) : batcher.send<T>(call));
    return view;
  }

  /** Fails with a clear error where the Teams administration APIs do not exist. */
  requireTeamsAdministration(context: CallContext): void {
    if (!this.servesTeamsAdministration) {
      throw new UcflowError(
        { backend: "graph", ...context },
        { code: "NotAvailableInCloud", detail: `Teams administration through Graph is available only in the global service, not at ${this.origin}` },
      );
    }
  }

  private urlFor(call: GraphCall): string {
    if (/^[a-z][a-z0-9+.-]*:/i.test(call.path)) {
      const url = new URL(call.path);
      // Only links back to the configured endpoint are followed: a link elsewhere would either
      // fail (no token) or, for a listed custom host, receive our token.
      if (url.protocol !== "https:" || url.origin !== this.origin) {
        throw new UcflowError(
          { backend: "graph", ...call.context },
          { code: "UnexpectedLink", detail: `the server linked to ${url.origin}${url.pathname}, outside the configured Graph endpoint ${this.origin}` },
        );
      }
      if (call.query !== undefined) throw new Error("GraphCall.query cannot be combined with an absolute URL; links carry their own query");
      return call.path;
    }
    if (!call.path.startsWith("/")) throw new Error(`GraphCall.path must start with "/" or be an absolute URL; got ${JSON.stringify(call.path)}`);
    return call.path + queryString(call.query);
  }
}

/** `?k=v&...` with values percent-encoded (and `,` `$` `/` `:` kept readable, as Graph's docs write them). */
export function queryString(query: Readonly<Record<string, string | number | boolean | undefined>> | undefined): string {
  if (query === undefined) return "";
  const parts = Object.entries(query)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${encodeQueryValue(String(value))}`);
  return parts.length === 0 ? "" : `?${parts.join("&")}`;
}

/** Percent-encodes a query value; `'` too, as fetch would, so the URL we log is the URL sent. */
export function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/'/g, "%27").replace(/%2C/g, ",").replace(/%24/g, "$").replace(/%2F/g, "/").replace(/%3A/g, ":");
}

/** A `value` collection page, or an error saying what was wrong with it. */
export function collectionPage(body: unknown, context: CallContext, requestId?: string): CollectionPage {
  if (typeof body !== "object" || body === null || !Array.isArray((body as { value?: unknown }).value)) {
    throw unexpectedResponse(context, "expected a collection with a `value` array", requestId);
  }
  const b = body as Record<string, unknown>;
  const text = (key: string): string | undefined => (typeof b[key] === "string" ? (b[key] as string) : undefined);
  return {
    value: b.value as unknown[],
    nextLink: text("@odata.nextLink"),
    deltaLink: text("@odata.deltaLink"),
    count: typeof b["@odata.count"] === "number" ? (b["@odata.count"] as number) : undefined,
  };
}

export function unexpectedResponse(context: CallContext, detail: string, requestId?: string): UcflowError {
  return new UcflowError({ backend: "graph", ...context }, { code: "UnexpectedResponse", detail, requestId });
}

async function readBody(response: Response, context: CallContext, requestId: string | undefined): Promise<unknown> {
  if (response.status === 204 || response.body === null) return undefined;
  const text = await response.text();
  if (text === "") return undefined;
  const type = response.headers.get("content-type") ?? "";
  if (!/[/+]json\b/i.test(type)) return text;
  try {
    return JSON.parse(text);
  } catch {
    if (!response.ok) return text;
    throw unexpectedResponse(context, `the ${response.status} response is labelled ${type} but is not JSON`, requestId);
  }
}

function parseBaseUrl(text: string, problems: string[]): URL | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.push(`baseUrl must be an absolute URL such as https://graph.microsoft.com/; got ${JSON.stringify(text)}`);
    return undefined;
  }
  const before = problems.length;
  if (url.protocol !== "https:") {
    problems.push(`baseUrl must use https (the client sends tokens and follows links only over https; the lab serves https with its own CA, trusted through NODE_EXTRA_CA_CERTS); got ${JSON.stringify(text)}`);
  }
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "") {
    problems.push(`baseUrl must be the Graph root with no path (the version is added per request); got ${JSON.stringify(text)}`);
  }
  if (url.hostname.startsWith("[")) {
    problems.push(`baseUrl cannot be an IPv6 literal (the Graph client's host matching cannot parse it); use a hostname or 127.0.0.1; got ${JSON.stringify(text)}`);
  }
  return problems.length === before ? url : undefined;
}

function integerProblem(name: string, value: number, min: number, max: number): string | undefined {
  return Number.isInteger(value) && value >= min && value <= max ? undefined : `${name} must be an integer from ${min} to ${max}; got ${value}`;
}
