// AXL failures as typed errors (reference §1, §3.4, §3.5). A SOAP fault (HTTP 500) becomes an
// AxlFault, which is also a NotFoundError or AlreadyExistsError when its axlcode says so, so
// resources handle CUCM like any other backend (`ifFound`, adopt-or-conflict). Tomcat's HTML
// pages (401, 403), 404, 503 and 599 say what to fix. Messages never hold the password.
import { type ErrorContext, reasonPhrase, UcflowError } from "../../core/errors";
import { redactText } from "../../core/redaction";

/** The operation and object of an AXL call, for its errors: {operation: "adding line", object: "4001 in Cu1Si1-Internal"}. */
export type AxlCallContext = Omit<ErrorContext, "backend">;

/** Not found: "Item not valid: The specified … was not found" (5007), update of a missing object (5003). */
export const NOT_FOUND_AXLCODES: ReadonlySet<number> = new Set([5007, 5003]);
/**
 * Already exists: Informix's duplicate in a unique index (-239) or unique constraint violated
 * (-268, "Unique constraint (informix.…) violated.": the same clash on a table whose key is a
 * constraint rather than an index), an existing directory number (4052).
 */
export const ALREADY_EXISTS_AXLCODES: ReadonlySet<number> = new Set([-239, -268, 4052]);
/** Throttle faults (reference §3.2). */
export const THROTTLE_AXLCODE = -1;

const AXL_FAULT = Symbol.for("ucflow.AxlFault");
const NOT_FOUND_ERROR = Symbol.for("ucflow.NotFoundError");
const ALREADY_EXISTS_ERROR = Symbol.for("ucflow.AlreadyExistsError");

/** What a SOAP fault body says, read namespace-agnostically. */
export interface SoapFault {
  readonly faultcode?: string;
  readonly faultstring?: string;
  readonly axlcode?: number;
  readonly axlmessage?: string;
  /** detail/axlError/request: the AXL operation CUCM was running. */
  readonly request?: string;
}

export type AxlFaultKind = "not-found" | "already-exists" | "memory-throttle" | "query-too-large" | "other";

/** How ucflow treats a fault. Pure. */
export function classifyFault(fault: SoapFault, axlOperation?: string): AxlFaultKind {
  const message = fault.axlmessage ?? fault.faultstring ?? "";
  if (fault.axlcode === THROTTLE_AXLCODE || fault.axlcode === undefined) {
    if (/Maximum AXL Memory Allocation Consumed/i.test(message)) return "memory-throttle";
    if (/Query request too large/i.test(message)) return "query-too-large";
  }
  if (fault.axlcode !== undefined && ALREADY_EXISTS_AXLCODES.has(fault.axlcode)) return "already-exists";
  // 5003 is also CUCM's "lower User Rank" denial on removeUser, and an add or list never reports
  // its own object as missing (a missing reference in an add is the caller's error, not a gone
  // object), so not-found needs the words and an operation on an existing object.
  if (fault.axlcode !== undefined && NOT_FOUND_AXLCODES.has(fault.axlcode) && /not found/i.test(message) && !/^(add|list)/.test(axlOperation ?? "")) return "not-found";
  return "other";
}

/** "Query request too large. Total rows matched: 2816 rows. Suggestive Row Fetch: less than 844 rows" -> 844 (both spellings, reference §3.2). */
export function suggestedRowFetch(message: string): number | undefined {
  const match = /Sugges\w*\s+Row\s+Fetch\s*:?\s*less\s+than\s+(\d+)/i.exec(message);
  return match ? Number(match[1]) : undefined;
}

export interface AxlFaultDetails {
  readonly fault: SoapFault;
  /** The AXL operation sent, e.g. "addLine". */
  readonly axlOperation: string;
  readonly statusCode?: number;
  readonly cause?: unknown;
}

/** A SOAP fault from CUCM, e.g. "axl: adding line 4001 in Cu1Si1-Internal: 4052: …". */
export class AxlFault extends UcflowError {
  /** CUCM's code (detail/axlError/axlcode); undefined when the fault had none. */
  readonly axlcode: number | undefined;
  /** CUCM's message (detail/axlError/axlmessage, else faultstring). */
  readonly axlmessage: string;
  /** The AXL operation sent ("addLine"). `operation` is the gerund phrase ("adding line"). */
  readonly axlOperation: string;
  readonly faultcode?: string;
  readonly kind: AxlFaultKind;
  /** For "query-too-large": CUCM's suggested page size ("less than N rows"). */
  readonly suggestedRows?: number;

  constructor(context: AxlCallContext, details: AxlFaultDetails) {
    const kind = classifyFault(details.fault, details.axlOperation);
    const axlmessage = redactText(details.fault.axlmessage ?? details.fault.faultstring ?? "SOAP fault without a message");
    super(
      { backend: "axl", ...context },
      {
        code: details.fault.axlcode === undefined ? details.fault.faultcode : String(details.fault.axlcode),
        detail: axlmessage,
        retryable: kind === "memory-throttle",
        cause: details.cause,
      },
    );
    this.name = "AxlFault";
    this.axlcode = details.fault.axlcode;
    this.axlmessage = axlmessage;
    this.axlOperation = details.axlOperation;
    if (details.fault.faultcode !== undefined) this.faultcode = details.fault.faultcode;
    this.kind = kind;
    if (kind === "query-too-large") {
      const rows = suggestedRowFetch(axlmessage);
      if (rows !== undefined) this.suggestedRows = rows;
    }
    // Instances carry the brands, so a not-found fault passes isNotFoundError in any copy of ucflow.
    if (kind === "not-found") Object.defineProperty(this, NOT_FOUND_ERROR, { value: true, enumerable: false });
    if (kind === "already-exists") Object.defineProperty(this, ALREADY_EXISTS_ERROR, { value: true, enumerable: false });
  }
}
Object.defineProperty(AxlFault.prototype, AXL_FAULT, { value: true, enumerable: false });

export function isAxlFault(e: unknown): e is AxlFault {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[AXL_FAULT] === true;
}

// --- reading fault bodies -------------------------------------------------------------

const ENTITIES: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeXmlText(text: string): string {
  const cdata = /^\s*<!\[CDATA\[([\s\S]*)\]\]>\s*$/.exec(text);
  if (cdata) return cdata[1];
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity.startsWith("#x") || entity.startsWith("#X")) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

/**
 * The text of the first element with this local name, any prefix: fault bodies and the
 * version answer are small fixed shapes whose leaves are read here, before (and whatever) WSDL
 * the client loaded. Undefined when absent; "" for an empty element.
 */
export function leafText(xml: string, localName: string): string | undefined {
  const pattern = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${localName}(?:\\s[^>]*?)?(?:/>|>([\\s\\S]*?)</(?:[A-Za-z_][\\w.-]*:)?${localName}\\s*>)`);
  const match = pattern.exec(xml);
  if (!match) return undefined;
  return decodeXmlText(match[1] ?? "").trim();
}

/** The fault in a SOAP 1.1 body, or undefined when the body holds no Fault element. */
export function parseSoapFault(body: string): SoapFault | undefined {
  if (!/<(?:[A-Za-z_][\w.-]*:)?Fault[\s>]/.test(body)) return undefined;
  const code = leafText(body, "axlcode");
  const axlcode = code !== undefined && /^-?\d+$/.test(code) ? Number(code) : undefined;
  const fault: SoapFault = {
    faultcode: leafText(body, "faultcode"),
    faultstring: leafText(body, "faultstring"),
    axlcode,
    axlmessage: leafText(body, "axlmessage") || undefined,
    request: leafText(body, "request") || undefined,
  };
  return Object.fromEntries(Object.entries(fault).filter(([, v]) => v !== undefined && v !== "")) as SoapFault;
}

// --- HTTP answers that are not SOAP ---------------------------------------------------

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly bodyText: string;
}

export interface EndpointFacts {
  readonly endpoint: string;
  readonly username: string;
  /** The cluster's name in settings, for the fix. */
  readonly cluster?: string;
}

function settingName(facts: EndpointFacts, key: string): string {
  return facts.cluster === undefined ? key : `ucflow:clusters.${facts.cluster}.${key}`;
}

/** The error for a non-200 answer that is not a SOAP fault. */
export function httpAnswerError(context: AxlCallContext, answer: HttpAnswer, facts: EndpointFacts): UcflowError {
  const full = { backend: "axl" as const, ...context };
  const { status } = answer;
  switch (status) {
    case 401:
      return new UcflowError(full, {
        statusCode: 401,
        code: "Unauthorized",
        detail: `CUCM rejected the username or password of AXL user ${JSON.stringify(facts.username)} at ${facts.endpoint}; check ${settingName(facts, "username")} and ${settingName(facts, "password")}`,
        retryable: false,
      });
    case 403:
      return new UcflowError(full, {
        statusCode: 403,
        code: "Forbidden",
        detail:
          `AXL user ${JSON.stringify(facts.username)} has no AXL access: in CUCM Administration (User Management, User Settings, Access Control Group) ` +
          `give it a group with the role "Standard AXL API Access" and the group "Standard CCM Admin Users" (reads only: "Standard AXL Read Only API Access")`,
        retryable: false,
      });
    case 404:
      return new UcflowError(full, {
        statusCode: 404,
        code: "EndpointNotFound",
        detail: `no AXL service at ${facts.endpoint}: the URL is https://<publisher>:8443/axl/ (with the trailing slash); check ${settingName(facts, "host")}`,
        retryable: false,
      });
    case 503:
      return new UcflowError(full, {
        statusCode: 503,
        code: "ServiceUnavailable",
        detail: "CUCM is throttling AXL writes (its change-notification queue is full) and kept refusing after ucflow's retries; try again in a few minutes",
        retryable: true,
      });
    case 599:
      return new UcflowError(full, {
        statusCode: 599,
        code: "UnsupportedSchemaVersion",
        detail: `CUCM does not accept this AXL schema version: ${bodySummary(answer.bodyText) || "no details"}; set ${settingName(facts, "version")} to a version it lists that ucflow supports (12.5, 14.0, 15.0), or leave it unset to detect it`,
        retryable: false,
      });
    default:
      return new UcflowError(full, { statusCode: status, detail: bodySummary(answer.bodyText) || reasonPhrase(status) });
  }
}

/** A short text of a body: tags and whitespace collapsed, at most 300 characters, redacted. */
export function bodySummary(body: string): string {
  const text = body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return redactText(text.length > 300 ? `${text.slice(0, 297)}...` : text);
}
