// The Teams admin "ConfigAPI" client (reference §5): the undocumented API behind the
// MicrosoftTeams PowerShell module, for what Graph cannot do (dial plans, voice routes, PSTN
// usages, voice routing policies, emergency locations, policy grants by name). Plain fetch
// through the core pipeline: concurrency -> bearer token -> retry -> x-ms-correlation-id ->
// redacting log -> transport.
import { randomUUID } from "node:crypto";
import { type AccessTokenSource } from "../../core/access-token";
import { type Clock, type RandomSource, systemClock } from "../../core/clock";
import { Limiter } from "../../core/concurrency";
import { ConfigurationError, type ErrorContext, errorFromThrown, UcflowError } from "../../core/errors";
import {
  bearerTokenPolicy,
  concurrencyPolicy,
  createPipeline,
  fetchTransport,
  type HttpMethod,
  IDEMPOTENT_METHODS,
  logPolicy,
  requestIdPolicy,
  retryPolicy,
  type SendRequest,
} from "../../core/http-pipeline";
import { type Logger, silentLogger } from "../../core/logging";
import { redactText } from "../../core/redaction";
import { RetryPolicy } from "../../core/retry";
import { teamsError } from "./errors";

export const TEAMS_ADMIN_BASE_URL = "https://api.interfaces.records.teams.microsoft.com/";

/** Token scope of the "Skype and Teams Tenant Admin API", the same in every cloud (reference §5.2). */
export const TEAMS_ADMIN_SCOPE = "48ac35b8-9aa8-4d74-927d-1f4a14a0b239/.default";

export const CORRELATION_ID_HEADER = "x-ms-correlation-id";

/** Where ConfigAPI puts the warnings PowerShell would print. */
export const WARNING_HEADER = "x-ms-configapi-powershell-warningmessage";

/** The operation and object of a call, for its errors. */
export type TeamsCallContext = Omit<ErrorContext, "backend">;

export interface TeamsAdminClientOptions {
  /** The same credential as Graph's; its service principal needs the Teams Administrator role. */
  readonly credential: AccessTokenSource;
  /** https; may have a path. @default "https://api.interfaces.records.teams.microsoft.com/" */
  readonly baseUrl?: string;
  /** @default [TEAMS_ADMIN_SCOPE] */
  readonly scopes?: readonly string[];
  /** @default - new RetryPolicy() */
  readonly retry?: RetryPolicy;
  /** Calls in flight at once (its limits are undocumented, so the default is gentle). @default 4 (1 to 64) */
  readonly maxInFlight?: number;
  /** A limiter shared with other clients, instead of one of maxInFlight. @default - new Limiter(maxInFlight) */
  readonly limiter?: Limiter;
  /** For the default transport. @default 100000 (1000 to 600000) */
  readonly requestTimeoutMs?: number;
  /** @default - silent */
  readonly logger?: Logger;
  /** The terminal step. Tests put a replaying fake here. @default - fetch */
  readonly transport?: SendRequest;
  /** @default systemClock */
  readonly clock?: Clock;
  /** @default Math.random */
  readonly random?: RandomSource;
  /** Makes x-ms-correlation-id values. @default crypto.randomUUID */
  readonly newCorrelationId?: () => string;
}

export interface TeamsCall {
  readonly method: HttpMethod;
  /** Under the base URL: "/Skype.Policy/configurations/TenantDialPlan". Segments already encoded. */
  readonly path: string;
  /** JSON body. */
  readonly body?: unknown;
  /** @default - true for GET, PUT and DELETE */
  readonly idempotent?: boolean;
  readonly context: TeamsCallContext;
}

export interface TeamsResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T | undefined;
  readonly correlationId: string;
}

/**
 * @experimental The Teams admin API is undocumented and unsupported by Microsoft; routes and
 * shapes follow community clients (CIPP, go-teams) and may change without notice.
 */
export class TeamsAdminClient {
  readonly baseUrl: string;
  readonly logger: Logger;
  private readonly send_: SendRequest;
  private readonly newCorrelationId: () => string;

  constructor(options: TeamsAdminClientOptions) {
    const problems: string[] = [];
    this.baseUrl = parseBaseUrl(options.baseUrl ?? TEAMS_ADMIN_BASE_URL, problems);
    const scopes = options.scopes ?? [TEAMS_ADMIN_SCOPE];
    if (scopes.length === 0 || scopes.some((s) => typeof s !== "string" || s.trim() === "")) problems.push("scopes must be a non-empty list of non-empty strings");
    const maxInFlight = options.maxInFlight ?? 4;
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1 || maxInFlight > 64) problems.push(`maxInFlight must be an integer from 1 to 64; got ${maxInFlight}`);
    if (problems.length > 0) throw new ConfigurationError("invalid Teams admin client options", problems);

    this.logger = options.logger ?? silentLogger;
    const clock = options.clock ?? systemClock;
    this.newCorrelationId = options.newCorrelationId ?? randomUUID;
    this.send_ = createPipeline(
      [
        concurrencyPolicy(options.limiter ?? new Limiter(maxInFlight)),
        bearerTokenPolicy(options.credential, scopes),
        retryPolicy({
          policy: options.retry ?? new RetryPolicy(),
          clock,
          random: options.random ?? Math.random,
          onDecision: (request, decision) => {
            if (decision.retry) this.logger.debug(redactText(`teams: ${request.method} ${request.url}: ${decision.reason}`));
          },
        }),
        requestIdPolicy(CORRELATION_ID_HEADER, this.newCorrelationId),
        logPolicy("teams", this.logger, clock),
      ],
      options.transport ?? fetchTransport({ requestTimeoutMs: options.requestTimeoutMs }),
    );
  }

  /** Sends one call; a non-2xx response or a failure becomes a typed UcflowError. */
  async send<T = unknown>(call: TeamsCall): Promise<TeamsResponse<T>> {
    if (!call.path.startsWith("/")) throw new Error(`TeamsCall.path must start with "/"; got ${JSON.stringify(call.path)}`);
    const correlationId = this.newCorrelationId();
    const headers = new Headers({ accept: "application/json", [CORRELATION_ID_HEADER]: correlationId });
    if (call.body !== undefined) headers.set("content-type", "application/json");
    const context = { backend: "teams" as const, ...call.context };
    let response;
    try {
      response = await this.send_({
        method: call.method,
        url: this.baseUrl + call.path.slice(1),
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        idempotent: call.idempotent ?? IDEMPOTENT_METHODS.has(call.method),
      });
    } catch (error) {
      throw errorFromThrown(error, context, correlationId);
    }
    const answeredId = response.headers.get(CORRELATION_ID_HEADER) ?? correlationId;
    const warning = response.headers.get(WARNING_HEADER);
    if (warning) this.logger.warn(redactText(`teams: ${[call.context.operation, call.context.preposition, call.context.object].filter(Boolean).join(" ")}: Teams warns: ${warning}`));
    if (response.status < 200 || response.status >= 300) throw teamsError(call.context, response.status, response.bodyText, answeredId);
    let body: unknown;
    if (response.bodyText.trim() !== "") {
      try {
        body = JSON.parse(response.bodyText);
      } catch {
        throw new UcflowError(context, { code: "UnexpectedResponse", detail: `the ${response.status} response is not JSON`, requestId: answeredId });
      }
    }
    return { status: response.status, headers: response.headers, body: body as T | undefined, correlationId: answeredId };
  }
}

/** A path segment: percent-encoded, with `:` and `@` kept (as in `Tag:Cu1-Dial` and UPNs). */
export function pathSegment(value: string): string {
  return encodeURIComponent(value).replace(/%3A/gi, ":").replace(/%40/g, "@");
}

function parseBaseUrl(text: string, problems: string[]): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.push(`baseUrl must be an absolute URL such as ${TEAMS_ADMIN_BASE_URL}; got ${JSON.stringify(text)}`);
    return TEAMS_ADMIN_BASE_URL;
  }
  if (url.protocol !== "https:") problems.push(`baseUrl must use https (the lab serves https with its own CA, trusted through NODE_EXTRA_CA_CERTS); got ${JSON.stringify(text)}`);
  if (url.search !== "" || url.hash !== "") problems.push(`baseUrl cannot have a query or fragment; got ${JSON.stringify(text)}`);
  return url.origin + (url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`);
}
