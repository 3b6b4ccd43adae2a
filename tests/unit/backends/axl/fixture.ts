// Fakes for the AXL client's terminal transport: a queue of replies (replaying CUCM's answers,
// shaped as reference §1 and §3.4 give them) that records every request, and an answering
// transport that gives each operation a plain success, for the schema cross-check.
import type { PipelineRequest, PipelineResponse, SendRequest } from "../../../../provider/core/http-pipeline";
import { AxlClient, type AxlClientOptions } from "../../../../provider/backends/axl/client";

export const PASSWORD = "Tr1cky&<Pass>word";
export const USERNAME = "ucflow-axl";

export interface SentRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The AXL operation, from SOAPAction (or the body element when there is none). */
  readonly operation: string;
  readonly idempotent: boolean;
}

/** A queued answer: a response, or an error to throw (a failed connection). */
export type Reply = { readonly status: number; readonly headers?: Readonly<Record<string, string | readonly string[]>>; readonly body?: string } | { readonly error: Error };

export class AxlReplay {
  readonly requests: SentRequest[] = [];
  private readonly replies: Reply[] = [];

  reply(...replies: Reply[]): this {
    this.replies.push(...replies);
    return this;
  }

  get pending(): number {
    return this.replies.length;
  }

  readonly send: SendRequest = async (request: PipelineRequest): Promise<PipelineResponse> => {
    this.requests.push(recorded(request));
    const next = this.replies.shift();
    if (next === undefined) throw new Error(`no reply queued for ${recorded(request).operation}`);
    if ("error" in next) throw next.error;
    return response(next.status, next.headers ?? {}, next.body ?? "");
  };
}

export function recorded(request: PipelineRequest): SentRequest {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  const action = headers.soapaction?.replace(/^"|"$/g, "");
  const operation = action?.split(" ").pop() ?? /<(?:[\w]+:)?Body>\s*<(?:\w+:)?(\w+)/.exec(request.body ?? "")?.[1] ?? "?";
  return { url: request.url, headers, body: request.body ?? "", operation, idempotent: request.idempotent };
}

export function response(status: number, headers: Readonly<Record<string, string | readonly string[]>>, body: string): PipelineResponse {
  const h = new Headers();
  for (const [name, value] of Object.entries(headers)) for (const item of typeof value === "string" ? [value] : value) h.append(name, item);
  if (!h.has("content-type") && body.startsWith("<")) h.set("content-type", body.includes("<html") ? "text/html;charset=utf-8" : "text/xml;charset=utf-8");
  return { status, headers: h, bodyText: body };
}

/** A SOAP envelope holding `inner` in the Body, as CUCM writes it. */
export function envelope(inner: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`;
}

/** A 200 answer `<ns:<op>Response><return>…</return></ns:<op>Response>`. */
export function ok(operation: string, returnXml: string, version = "15.0", headers: Readonly<Record<string, string | readonly string[]>> = {}): Reply {
  return {
    status: 200,
    headers,
    body: envelope(`<ns:${operation}Response xmlns:ns="http://www.cisco.com/AXL/API/${version}"><return>${returnXml}</return></ns:${operation}Response>`),
  };
}

/** A SOAP fault as CUCM sends it (reference §3.4). */
export function fault(axlcode: number, message: string, request: string, faultcode = "soapenv:Server"): Reply {
  return {
    status: 500,
    body: envelope(
      `<soapenv:Fault><faultcode>${faultcode}</faultcode><faultstring>${escapeXml(message)}</faultstring><detail><axlError><axlcode>${axlcode}</axlcode><axlmessage>${escapeXml(message)}</axlmessage><request>${request}</request></axlError></detail></soapenv:Fault>`,
    ),
  };
}

/** getCCMVersion's answer (CUCM answers the 1.0 request in its oldest schema's namespace). */
export function versionReply(version: string, headers: Readonly<Record<string, string | readonly string[]>> = {}): Reply {
  return ok("getCCMVersion", `<componentVersion><version>${version}</version></componentVersion>`, "12.0", headers);
}

/** Tomcat's HTML error page. */
export function htmlPage(status: number, title: string): Reply {
  return { status, body: `<!doctype html><html lang="en"><head><title>HTTP Status ${status} – ${title}</title></head><body><h1>HTTP Status ${status} – ${title}</h1></body></html>` };
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The body element of a request as a document of its own (its namespace declared on it). */
export function bodyElement(envelopeXml: string): string {
  const match = /<(\w+):Body[^>]*>([\s\S]*)<\/\1:Body>/.exec(envelopeXml);
  if (!match) throw new Error(`no SOAP Body in ${envelopeXml.slice(0, 200)}`);
  return match[2];
}

export function testClient(transport: SendRequest, options: Partial<AxlClientOptions> = {}): AxlClient {
  return new AxlClient({ host: "cucm-pub.example.com", username: USERNAME, password: PASSWORD, version: "15.0", transport, ...options });
}

/** A logger that keeps every line. */
export class LineLogger {
  readonly lines: string[] = [];
  debug(line: string): void {
    this.lines.push(line);
  }
  warn(line: string): void {
    this.lines.push(line);
  }
}
