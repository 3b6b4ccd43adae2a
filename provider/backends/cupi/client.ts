// The Unity Connection provisioning API (CUPI, https://<server>/vmrest/...) client: plain fetch
// through the core pipeline, concurrency -> HTTP Basic -> retry -> redacting log -> transport,
// JSON both ways (Accept and Content-Type application/json; CUPI answers XML otherwise).
import { Buffer } from "node:buffer";
import { type Clock, type RandomSource, systemClock } from "../../core/clock";
import { Limiter } from "../../core/concurrency";
import { ConfigurationError, type ErrorContext, errorFromThrown, UcflowError } from "../../core/errors";
import {
  concurrencyPolicy,
  createPipeline,
  fetchTransport,
  type HttpMethod,
  IDEMPOTENT_METHODS,
  logPolicy,
  type PipelinePolicy,
  retryPolicy,
  type SendRequest,
} from "../../core/http-pipeline";
import { httpsTransport, pemCertificates } from "../../core/https-transport";
import { type Logger, silentLogger } from "../../core/logging";
import { redactText, registerSecret } from "../../core/redaction";
import { RetryPolicy } from "../../core/retry";
import { cupiError } from "./errors";

/** The operation and object of a call, for its errors. */
export type CupiCallContext = Omit<ErrorContext, "backend">;

export interface CupiClientOptions {
  /** The Connection server's root, e.g. `https://cuc1.example.com/` (https; `vmrest/` is added per call). */
  readonly baseUrl: string;
  /** An account with the System Administrator role (or a role that may provision users). */
  readonly username: string;
  /** Its password; sent only in the Authorization header, masked in every log line and error. */
  readonly password: string;
  /** @default - new RetryPolicy() */
  readonly retry?: RetryPolicy;
  /** Calls in flight at once: Connection is one server, provisioning beside call processing. @default 4 (1 to 32) */
  readonly maxInFlight?: number;
  /** A limiter shared with other clients, instead of one of maxInFlight. */
  readonly limiter?: Limiter;
  /** For the default transport. @default 100000 (1000 to 600000) */
  readonly requestTimeoutMs?: number;
  /**
   * PEM certificates of the CA that signed the server's certificate, trusted besides Node's (and
   * NODE_EXTRA_CA_CERTS) for this server only. TLS verification stays on.
   */
  readonly ca?: string | readonly string[];
  /** The server's name in ucflow:unityConnections, so errors can name the setting to fix. */
  readonly server?: string;
  /** @default - silent */
  readonly logger?: Logger;
  /** The terminal step. Tests put a replaying fake here. @default - fetch; node:https with `ca` when one is given */
  readonly transport?: SendRequest;
  /** @default systemClock */
  readonly clock?: Clock;
  /** @default Math.random */
  readonly random?: RandomSource;
}

export interface CupiCall {
  readonly method: HttpMethod;
  /** Under /vmrest: "/users", "/users/<objectId>". Segments already encoded. */
  readonly path: string;
  /** Query parameters, encoded by the client. */
  readonly query?: Readonly<Record<string, string>>;
  /** JSON body. */
  readonly body?: unknown;
  /** @default - true for GET, PUT and DELETE */
  readonly idempotent?: boolean;
  readonly context: CupiCallContext;
}

export interface CupiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  /** The parsed JSON body; undefined when the body is empty or not JSON (201's plain-text URI). */
  readonly body: T | undefined;
  readonly bodyText: string;
}

export class CupiClient {
  readonly baseUrl: string;
  readonly logger: Logger;
  readonly server?: string;
  private readonly send_: SendRequest;

  constructor(options: CupiClientOptions) {
    const problems: string[] = [];
    this.baseUrl = cupiBaseUrl(options.baseUrl, problems);
    if (typeof options.username !== "string" || options.username.trim() === "") problems.push("username is empty; give the Unity Connection account ucflow provisions as");
    else if (options.username.includes(":")) problems.push("username cannot contain \":\" (HTTP Basic separates user and password with it)");
    if (typeof options.password !== "string" || options.password === "") problems.push("password is empty");
    const maxInFlight = options.maxInFlight ?? 4;
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1 || maxInFlight > 32) problems.push(`maxInFlight must be an integer from 1 to 32; got ${maxInFlight}`);
    if (options.ca !== undefined) {
      try {
        pemCertificates(options.ca, "ca", "Unity Connection");
      } catch (error) {
        problems.push(...(error instanceof ConfigurationError ? error.problems : [String(error)]));
      }
    }
    if (problems.length > 0) throw new ConfigurationError("invalid Unity Connection client options", problems);
    if (options.server !== undefined) this.server = options.server;

    this.logger = options.logger ?? silentLogger;
    const clock = options.clock ?? systemClock;
    this.send_ = createPipeline(
      [
        concurrencyPolicy(options.limiter ?? new Limiter(maxInFlight)),
        basicAuthPolicy(options.username, options.password),
        retryPolicy({
          policy: options.retry ?? new RetryPolicy(),
          clock,
          random: options.random ?? Math.random,
          onDecision: (request, decision) => {
            if (decision.retry) this.logger.debug(redactText(`cupi: ${request.method} ${request.url}: ${decision.reason}`));
          },
        }),
        logPolicy("cupi", this.logger, clock),
      ],
      options.transport ??
        (options.ca !== undefined
          ? httpsTransport({ service: "Unity Connection", ca: options.ca, maxSockets: maxInFlight, ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}) })
          : fetchTransport({ requestTimeoutMs: options.requestTimeoutMs })),
    );
  }

  /** Sends one call; a non-2xx response or a failure becomes a typed UcflowError. */
  async send<T = unknown>(call: CupiCall): Promise<CupiResponse<T>> {
    if (!call.path.startsWith("/")) throw new Error(`CupiCall.path must start with "/"; got ${JSON.stringify(call.path)}`);
    const headers = new Headers({ accept: "application/json" });
    if (call.body !== undefined) headers.set("content-type", "application/json");
    const context = { backend: "cupi" as const, ...call.context };
    const query = call.query ? `?${Object.entries(call.query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}` : "";
    let response;
    try {
      response = await this.send_({
        method: call.method,
        url: `${this.baseUrl}vmrest${call.path}${query}`,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        idempotent: call.idempotent ?? IDEMPOTENT_METHODS.has(call.method),
      });
    } catch (error) {
      throw errorFromThrown(error, context);
    }
    if (response.status < 200 || response.status >= 300) throw cupiError(call.context, response.status, response.bodyText, response.headers.get("content-type"), this.server);
    let body: unknown;
    const type = response.headers.get("content-type") ?? "";
    if (response.bodyText.trim() !== "" && (type.includes("json") || /^\s*[{[]/.test(response.bodyText))) {
      try {
        body = JSON.parse(response.bodyText);
      } catch {
        throw new UcflowError(context, { statusCode: response.status, code: "UnexpectedResponse", detail: `the ${response.status} response says it is JSON but is not` });
      }
    }
    return { status: response.status, headers: response.headers, body: body as T | undefined, bodyText: response.bodyText };
  }
}

/** Adds `Authorization: Basic ...`; the password and the encoded pair are registered for redaction. */
export function basicAuthPolicy(username: string, password: string): PipelinePolicy {
  const token = Buffer.from(`${username}:${password}`, "utf8").toString("base64");
  registerSecret(password);
  registerSecret(token);
  return {
    name: "basicAuth",
    sendRequest(request, next) {
      request.headers.set("authorization", `Basic ${token}`);
      return next(request);
    },
  };
}

/** A path segment: percent-encoded. */
export function pathSegment(value: string): string {
  return encodeURIComponent(value);
}

/** The server's root URL, ending in "/"; problems with `text` go to `problems`. */
export function cupiBaseUrl(text: string, problems: string[]): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.push(`baseUrl must be an absolute URL such as https://cuc1.example.com/; got ${JSON.stringify(text)}`);
    return "https://invalid/";
  }
  if (url.protocol !== "https:") problems.push(`baseUrl must use https (the lab serves https with its own CA, trusted through NODE_EXTRA_CA_CERTS); got ${JSON.stringify(redactText(text))}`);
  if (url.username !== "" || url.password !== "") problems.push("baseUrl cannot carry credentials; set the username and password instead");
  if (url.search !== "" || url.hash !== "") problems.push(`baseUrl cannot have a query or fragment; got ${JSON.stringify(text)}`);
  if (/\/vmrest\/?$/i.test(url.pathname)) problems.push(`baseUrl is the server's root, without /vmrest (the client adds it); got ${JSON.stringify(text)}`);
  return url.origin + (url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`);
}
