// The Cisco Unified CM AXL client: npm `soap` builds each request from the WSDL (Cisco's
// SOAPAction and namespace, children in schema order) and parses each answer; HTTP goes through
// ucflow's pipeline (pipeline.ts): one limiter per cluster, retries, the JSESSIONIDSSO session,
// redacted logs. Typed operations live beside it (dial-plan.ts, sites.ts, devices.ts, users.ts,
// mobility.ts, services.ts) as functions of an AxlClient that take and return plain objects.
import * as soap from "soap";
import { type Clock, type RandomSource, systemClock } from "../../core/clock";
import { Limiter } from "../../core/concurrency";
import { ConfigurationError, errorFromThrown, isConfigurationError, isUcflowError, UcflowError } from "../../core/errors";
import { concurrencyPolicy, createPipeline, type PipelineResponse, type SendRequest } from "../../core/http-pipeline";
import { type Logger, silentLogger } from "../../core/logging";
import { registerSecret } from "../../core/redaction";
import { RetryPolicy } from "../../core/retry";
import { AxlFault, type AxlCallContext, httpAnswerError, isAxlFault, leafText } from "./errors";
import { AxlSession, axlLogPolicy, axlRetryPolicy, basicAuthorization, FaultResponse, faultPolicy } from "./pipeline";
import { AXL_SCHEMA_VERSIONS, type AxlSchemaVersion } from "./schema/description";
import { pemCertificates, httpsTransport } from "./transport";
import { arrayOf, child } from "./values";
import { AXL_WSDL_OPTIONS, loadAxlWsdl, SUPPORTED_VERSIONS_TEXT } from "./wsdl";

/** CUCM's AXL port (Tomcat). */
export const AXL_PORT = 8443;
export const DEFAULT_AXL_MAX_IN_FLIGHT = 2;
export const MAX_AXL_MAX_IN_FLIGHT = 8;
export const DEFAULT_AXL_PAGE_SIZE = 1000;
export const MAX_AXL_PAGE_SIZE = 10_000;
export const DEFAULT_AXL_REQUEST_TIMEOUT_MS = 120_000;

/**
 * Cisco asks for "a reasonable delay (e.g. several seconds)" after a 503 (reference §3.3): the
 * first retry waits 2.5 to 5 s, doubling to at most 60 s, five attempts in all.
 */
export function defaultAxlRetryPolicy(): RetryPolicy {
  return new RetryPolicy({ maxAttempts: 5, baseDelayMs: 5000, maxDelayMs: 60_000 });
}

export interface AxlClientOptions {
  /**
   * The publisher: a host name or address (`cucm-pub.example.com`, port 8443 and path /axl/
   * added), or a URL (`https://cucm-pub.example.com:8443/axl/`, or the lab's base URL). https
   * only; a URL whose path is empty gets /axl/, and the path always ends with "/".
   */
  readonly host: string;
  /** An application user with the AXL roles (docs/credentials-cucm.md). */
  readonly username: string;
  /** Secret: registered for redaction, never in errors or logs. */
  readonly password: string;
  /** The AXL schema version, pinned: "12.5", "14.0" or "15.0". @default - detected once with getCCMVersion */
  readonly version?: string;
  /** A folder with the cluster's own AXL toolkit files (AXLAPI.wsdl, AXLSoap.xsd) for that version. @default - ucflow's built-in schema */
  readonly schemaDir?: string;
  /** PEM certificates of the CA that signed CUCM's Tomcat certificate, trusted besides Node's. TLS verification stays on. */
  readonly ca?: string | readonly string[];
  /** Requests in flight to this cluster at once, retries included (Cisco recommends few). @default 2 (1 to 8) */
  readonly maxInFlight?: number;
  /** A limiter shared with other clients of the same cluster, instead of one of maxInFlight. */
  readonly limiter?: Limiter;
  /** Abort one attempt after this long. @default 120000 (1000 to 600000) */
  readonly requestTimeoutMs?: number;
  /** @default - defaultAxlRetryPolicy() */
  readonly retry?: RetryPolicy;
  /** Rows per list page (`first`). @default 1000 (1 to 10000) */
  readonly pageSize?: number;
  /** The cluster's name in settings, so errors can name the setting to fix. */
  readonly cluster?: string;
  /** @default - silent */
  readonly logger?: Logger;
  /** The terminal step. Tests put a replaying fake here. @default - httpsTransport({ ca, requestTimeoutMs }) */
  readonly transport?: SendRequest;
  /** @default systemClock */
  readonly clock?: Clock;
  /** @default Math.random */
  readonly random?: RandomSource;
}

/** What getCCMVersion said. */
export interface CucmVersion {
  /** The full version, e.g. "15.0.1.12900(234)". */
  readonly cucmVersion: string;
  /** Its major.minor, the AXL schema version ucflow uses. */
  readonly schemaVersion: AxlSchemaVersion;
}

/** One AXL request. */
export interface AxlCall {
  /** The AXL operation, e.g. "addLine". */
  readonly operation: string;
  /** The request's children as node-soap takes them (attributes under `attributes`, text under `$value`). */
  readonly args: Readonly<Record<string, unknown>>;
  readonly context: AxlCallContext;
  /** Whether it may be sent again after a lost connection. @default - true for get*, list* and getCCMVersion */
  readonly idempotent?: boolean;
}

/** A list request: `searchCriteria` (at least one; "%" matches all) and the tags to return. */
export interface AxlListQuery {
  /** e.g. "listPhone". */
  readonly operation: string;
  /** The rows' element in `return`, e.g. "phone". */
  readonly element: string;
  readonly searchCriteria: Readonly<Record<string, string>>;
  /** Tag names to return (sent as empty elements, which AXL reads as "return it"). */
  readonly returnedTags: readonly string[];
  readonly context: AxlCallContext;
  /** @default - the client's pageSize */
  readonly pageSize?: number;
}

/** The pages a list took. */
export interface AxlListResult {
  readonly rows: unknown[];
  readonly pages: number;
  /** The page size it ended with (smaller than asked when CUCM said the query was too large). */
  readonly pageSize: number;
}

/** Page-size cuts allowed for one list after "Query request too large". */
export const MAX_PAGE_SIZE_CUTS = 8;

/** The next page size after "Query request too large", from CUCM's suggestion ("less than N rows") with a margin, else half. Pure. */
export function reducedPageSize(current: number, suggestedRows: number | undefined): number {
  const target = suggestedRows !== undefined && suggestedRows > 0 ? Math.floor(suggestedRows * 0.9) : Math.floor(current / 2);
  return Math.max(1, Math.min(current - 1, target));
}

const READ_OPERATION = /^(get|list)[A-Z]|^getCCMVersion$/;

interface Ready {
  readonly version: AxlSchemaVersion;
  readonly soapClient: soap.Client;
}

/** Per-call facts the HTTP adapter needs, passed through node-soap's options. */
interface PendingCall {
  readonly operation: string;
  readonly context: AxlCallContext;
  readonly idempotent: boolean;
}

const PENDING = "ucflowAxlCall";

export class AxlClient {
  /** The AXL URL, ending in "/". */
  readonly endpoint: string;
  readonly username: string;
  readonly cluster?: string;
  readonly pageSize: number;
  readonly schemaDir?: string;
  readonly logger: Logger;
  readonly clock: Clock;
  private readonly pinnedVersion?: AxlSchemaVersion;
  private readonly session: AxlSession;
  private readonly send_: SendRequest;
  private readonly httpClient: soap.IHttpClient;
  private ready: Promise<Ready> | undefined;
  private detected: Promise<CucmVersion> | undefined;

  constructor(options: AxlClientOptions) {
    const problems: string[] = [];
    this.endpoint = axlEndpoint(options.host, problems);
    if (typeof options.username !== "string" || options.username.trim() === "") problems.push("username must be a non-empty string: an application user with AXL access");
    if (typeof options.password !== "string" || options.password === "") problems.push("password must be a non-empty string");
    if (options.version !== undefined) {
      const version = schemaVersionOf(options.version);
      if (version === undefined) problems.push(`version must be one of ${SUPPORTED_VERSIONS_TEXT} (or left unset to detect it); got ${JSON.stringify(options.version)}`);
      else this.pinnedVersion = version;
    }
    if (options.schemaDir !== undefined && (typeof options.schemaDir !== "string" || options.schemaDir.trim() === "")) problems.push("schemaDir must be a folder path");
    const maxInFlight = options.maxInFlight ?? DEFAULT_AXL_MAX_IN_FLIGHT;
    const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_AXL_REQUEST_TIMEOUT_MS;
    this.pageSize = options.pageSize ?? DEFAULT_AXL_PAGE_SIZE;
    problems.push(
      ...[
        integerProblem("maxInFlight", maxInFlight, 1, MAX_AXL_MAX_IN_FLIGHT),
        integerProblem("requestTimeoutMs", requestTimeoutMs, 1000, 600_000),
        integerProblem("pageSize", this.pageSize, 1, MAX_AXL_PAGE_SIZE),
      ].filter((p): p is string => p !== undefined),
    );
    if (options.ca !== undefined) {
      try {
        pemCertificates(options.ca);
      } catch (error) {
        problems.push(...(isConfigurationError(error) ? error.problems : [String(error)]));
      }
    }
    if (problems.length > 0) throw new ConfigurationError(`invalid AXL client options${options.cluster ? ` for cluster ${options.cluster}` : ""}`, problems);

    registerSecret(options.password);
    this.username = options.username;
    if (options.cluster !== undefined) this.cluster = options.cluster;
    if (options.schemaDir !== undefined) this.schemaDir = options.schemaDir;
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.session = new AxlSession(basicAuthorization(options.username, options.password));
    this.send_ = createPipeline(
      [
        concurrencyPolicy(options.limiter ?? new Limiter(maxInFlight)),
        axlRetryPolicy({ policy: options.retry ?? defaultAxlRetryPolicy(), clock: this.clock, random: options.random ?? Math.random, logger: this.logger }),
        faultPolicy(),
        this.session.policy(),
        axlLogPolicy(this.logger, this.clock),
      ],
      options.transport ?? httpsTransport({ ca: options.ca, requestTimeoutMs, maxSockets: maxInFlight }),
    );
    this.httpClient = { request: (url, data, callback, headers, exoptions) => this.sendSoap(url, data, callback, headers, exoptions) };
  }

  /** How many times the client logged in again after CUCM expired its session. */
  get reauthentications(): number {
    return this.session.reauthentications;
  }

  /** The AXL schema version in use: the pinned one, or the cluster's, detected once. */
  async schemaVersion(): Promise<AxlSchemaVersion> {
    return (await this.prepare()).version;
  }

  /**
   * Asks the cluster its version the way Cisco's samples do (reference §1): getCCMVersion in
   * the namespace …/AXL/API/1.0 with no SOAPAction, which every CUCM answers with its oldest
   * schema. Asked once per client.
   */
  detectVersion(): Promise<CucmVersion> {
    this.detected ??= this.askVersion();
    this.detected.catch(() => (this.detected = undefined));
    return this.detected;
  }

  /** Sends one AXL request and returns its `return` element as node-soap parsed it (undefined when empty). */
  async call<T = unknown>(call: AxlCall): Promise<T> {
    const ready = await this.prepare();
    const pending: PendingCall = { operation: call.operation, context: call.context, idempotent: call.idempotent ?? READ_OPERATION.test(call.operation) };
    const method = (ready.soapClient as unknown as Record<string, soap.SoapMethod | undefined>)[call.operation];
    if (typeof method !== "function") {
      throw new UcflowError(
        { backend: "axl", ...call.context },
        { code: "UnknownOperation", detail: `the AXL schema ${ready.version}${this.schemaDir ? ` in ${this.schemaDir}` : ""} has no operation ${call.operation}`, retryable: false },
      );
    }
    const result = await new Promise<unknown>((resolve, reject) => {
      method(call.args, (error: unknown, parsed: unknown) => (error ? reject(error) : resolve(parsed)), { [PENDING]: pending });
    }).catch((error: unknown) => {
      throw isUcflowError(error) || isConfigurationError(error) ? error : unexpectedAnswer(call.context, error);
    });
    const returned = child(result, "return");
    return (returned === null || returned === "" ? undefined : returned) as T;
  }

  /**
   * Every row of a list, page by page (`skip`/`first`, one page at a time as Cisco asks). When
   * CUCM answers "Query request too large … Suggestive Row Fetch: less than N rows", the same
   * page is asked again smaller, and later pages keep the smaller size.
   */
  async list(query: AxlListQuery): Promise<AxlListResult> {
    if (Object.keys(query.searchCriteria).length === 0) throw new ConfigurationError(`invalid ${query.operation} query`, ["searchCriteria needs at least one element (AXL requires one; use \"%\" to match everything)"]);
    let first = query.pageSize ?? this.pageSize;
    if (!Number.isInteger(first) || first < 1 || first > MAX_AXL_PAGE_SIZE) throw new ConfigurationError(`invalid ${query.operation} query`, [`pageSize must be an integer from 1 to ${MAX_AXL_PAGE_SIZE}; got ${first}`]);
    const returnedTags = Object.fromEntries(query.returnedTags.map((tag) => [tag, ""]));
    const rows: unknown[] = [];
    let skip = 0;
    let pages = 0;
    let cuts = 0;
    for (;;) {
      let page: unknown;
      try {
        page = await this.call({ operation: query.operation, args: { searchCriteria: query.searchCriteria, returnedTags, skip, first }, context: query.context, idempotent: true });
      } catch (error) {
        if (isAxlFault(error) && error.kind === "query-too-large" && first > 1 && cuts < MAX_PAGE_SIZE_CUTS) {
          const smaller = reducedPageSize(first, error.suggestedRows);
          this.logger.debug(`axl: ${query.operation}: CUCM said the query is too large (${error.axlmessage}); asking ${smaller} rows per page instead of ${first}`);
          first = smaller;
          cuts++;
          continue;
        }
        throw error;
      }
      pages++;
      const items = arrayOf(child(page, query.element));
      rows.push(...items);
      if (items.length < first) return { rows, pages, pageSize: first };
      skip += items.length;
    }
  }

  private prepare(): Promise<Ready> {
    this.ready ??= (async () => {
      const version = this.pinnedVersion ?? (await this.detectVersion()).schemaVersion;
      const { wsdl } = await loadAxlWsdl(version, this.schemaDir);
      // Client options go into the shared WSDL's options, so every client passes the same ones.
      return { version, soapClient: new soap.Client(wsdl, this.endpoint, { ...AXL_WSDL_OPTIONS, httpClient: this.httpClient }) };
    })();
    this.ready.catch(() => (this.ready = undefined));
    return this.ready;
  }

  private async askVersion(): Promise<CucmVersion> {
    const context: AxlCallContext = { operation: "reading the CUCM version", preposition: "at", object: this.endpoint };
    const body =
      '<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.cisco.com/AXL/API/1.0">' +
      "<soapenv:Body><ns:getCCMVersion><processNodeName/></ns:getCCMVersion></soapenv:Body></soapenv:Envelope>";
    const pending: PendingCall = { operation: "getCCMVersion", context, idempotent: true };
    const response = await this.post(body, { "content-type": "text/xml; charset=utf-8" }, pending);
    const cucmVersion = leafText(response.bodyText, "version");
    const match = cucmVersion === undefined ? null : /^(\d+)\.(\d+)/.exec(cucmVersion);
    if (cucmVersion === undefined || match === null) throw new UcflowError({ backend: "axl", ...context }, { code: "UnexpectedResponse", detail: "the getCCMVersion answer has no componentVersion/version", retryable: false });
    const schemaVersion = `${match[1]}.${match[2]}`;
    if (!(AXL_SCHEMA_VERSIONS as readonly string[]).includes(schemaVersion)) {
      const setting = this.cluster === undefined ? "version" : `ucflow:clusters.${this.cluster}.version`;
      throw new ConfigurationError(`unsupported CUCM version at ${this.endpoint}`, [
        `the cluster runs CUCM ${cucmVersion} (AXL schema ${schemaVersion}); ucflow speaks AXL schema ${SUPPORTED_VERSIONS_TEXT}. ` +
          `A newer CUCM usually still accepts older schemas: set ${setting} to one of them (for example 15.0) if it does`,
      ]);
    }
    return { cucmVersion, schemaVersion: schemaVersion as AxlSchemaVersion };
  }

  /** node-soap's HTTP hook: its request through ucflow's pipeline. */
  private sendSoap(url: string, data: unknown, callback: (error: unknown, res?: unknown, body?: unknown) => unknown, headers: soap.IHeaders | undefined, exoptions: soap.IExOptions | undefined): ReturnType<soap.IHttpClient["request"]> {
    const pending = exoptions?.[PENDING] as PendingCall | undefined;
    const done = pending
      ? this.post(String(data), headers ?? {}, pending, url).then((response) => callback(null, { status: response.status, headers: Object.fromEntries(response.headers), data: response.bodyText }, response.bodyText))
      : Promise.reject(new Error("AXL request without ucflow call context"));
    done.catch((error: unknown) => callback(error));
    return undefined as unknown as ReturnType<soap.IHttpClient["request"]>;
  }

  /** POSTs an envelope; resolves with a 200 answer, rejects with a typed error otherwise. */
  private async post(body: string, headers: soap.IHeaders, pending: PendingCall, url = this.endpoint): Promise<PipelineResponse> {
    const requestHeaders = new Headers();
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) requestHeaders.set(name, String(value));
    requestHeaders.set("accept", "text/xml");
    let response: PipelineResponse;
    try {
      response = await this.send_({ method: "POST", url, headers: requestHeaders, body, idempotent: pending.idempotent });
    } catch (error) {
      if (error instanceof FaultResponse) throw new AxlFault(pending.context, { fault: error.fault, axlOperation: pending.operation, statusCode: error.statusCode });
      if (isConfigurationError(error)) throw error;
      throw errorFromThrown(error, { backend: "axl", ...pending.context });
    }
    if (response.status !== 200) throw httpAnswerError(pending.context, response, { endpoint: this.endpoint, username: this.username, cluster: this.cluster });
    return response;
  }
}

/** "12.5", "14", "14.0", "15.0" -> the schema version; undefined when unsupported. */
export function schemaVersionOf(text: string): AxlSchemaVersion | undefined {
  const match = /^\s*(\d+)(?:\.(\d+))?\s*$/.exec(String(text));
  if (!match) return undefined;
  const version = `${Number(match[1])}.${Number(match[2] ?? 0)}`;
  return (AXL_SCHEMA_VERSIONS as readonly string[]).includes(version) ? (version as AxlSchemaVersion) : undefined;
}

/** The AXL URL for a `host` setting (see AxlClientOptions.host). */
export function axlEndpoint(host: string, problems: string[]): string {
  const fallback = "https://invalid.invalid:8443/axl/";
  if (typeof host !== "string" || host.trim() === "") {
    problems.push("host must be the publisher's host name, or an https URL such as https://cucm-pub.example.com:8443/axl/");
    return fallback;
  }
  const text = host.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `https://${text}`);
  } catch {
    problems.push(`host must be a host name or an https URL; got ${JSON.stringify(text)}`);
    return fallback;
  }
  if (url.protocol !== "https:") problems.push(`host must use https (AXL is served on https://<publisher>:8443/axl/); got ${JSON.stringify(text)}`);
  if (url.search !== "" || url.hash !== "") problems.push(`host cannot have a query or fragment; got ${JSON.stringify(text)}`);
  if (url.username !== "" || url.password !== "") problems.push("host cannot hold credentials; set username and password instead");
  if (!hasScheme) {
    if (url.pathname !== "/") problems.push(`host without https:// must be only a host name (and port); got ${JSON.stringify(text)}`);
    return `https://${url.hostname.includes(":") ? `[${url.hostname}]` : url.hostname}:${url.port || AXL_PORT}/axl/`;
  }
  // CUCM serves AXL at /axl/ and answers 404 without the trailing slash (reference §1).
  const path = url.pathname === "/" ? "/axl/" : url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`;
  return `${url.origin}${path}`;
}

function unexpectedAnswer(context: AxlCallContext, error: unknown): UcflowError {
  const detail = error instanceof Error ? error.message : typeof error === "object" && error !== null && "Fault" in error ? "the answer is not valid XML" : String(error);
  return new UcflowError({ backend: "axl", ...context }, { code: "UnexpectedResponse", detail: `could not read CUCM's answer: ${detail}`, retryable: false, cause: error });
}

function integerProblem(name: string, value: number, min: number, max: number): string | undefined {
  return Number.isInteger(value) && value >= min && value <= max ? undefined : `${name} must be an integer from ${min} to ${max}; got ${value}`;
}
