// Fake terminal transports that replay queued responses and record every request, like
// msgraph's DummyHTTPMessageHandler: one for the Graph client's middleware chain, one for the
// core fetch pipeline. Everything in front of them (auth, retry, request ids, logging) is real.
import type { Context, Middleware } from "@microsoft/microsoft-graph-client";
import type { UcflowError } from "../../../provider/core/errors";
import type { PipelineRequest, PipelineResponse } from "../../../provider/core/http-pipeline";
import { headerEntries, type HeaderSet } from "../../../provider/core/redaction";

/** A queued reply: a response, or an error to throw instead (a reset connection). */
export interface Reply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Objects are sent as JSON with `Content-Type: application/json`; strings as given. */
  readonly body?: unknown;
  readonly error?: Error;
}

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON when it parses. */
  readonly body: unknown;
}

class ReplayQueue {
  readonly requests: RecordedRequest[] = [];
  private readonly replies: Reply[] = [];

  reply(...replies: Reply[]): this {
    this.replies.push(...replies);
    return this;
  }

  get pending(): number {
    return this.replies.length;
  }

  protected take(request: RecordedRequest): Reply {
    this.requests.push(request);
    const next = this.replies.shift();
    if (next === undefined) throw new Error(`no reply queued for ${request.method} ${request.url}`);
    if (next.error) throw next.error;
    return next;
  }
}

/** The Graph client's terminal middleware. */
export class GraphReplay extends ReplayQueue implements Middleware {
  /** The fetch `redirect` option of each request. */
  readonly redirects: (string | undefined)[] = [];

  async execute(context: Context): Promise<void> {
    this.redirects.push(context.options?.redirect);
    const url = typeof context.request === "string" ? context.request : context.request.url;
    const method = (context.options?.method ?? "GET").toUpperCase();
    const reply = this.take({ method, url, headers: lowerCase(context.options?.headers as HeaderSet | undefined), body: parse(context.options?.body) });
    context.response = toResponse(reply);
  }
}

/** The core pipeline's transport. */
export class PipelineReplay extends ReplayQueue {
  readonly send = async (request: PipelineRequest): Promise<PipelineResponse> => {
    const reply = this.take({ method: request.method, url: request.url, headers: lowerCase(request.headers), body: parse(request.body) });
    const response = toResponse(reply);
    return { status: response.status, headers: response.headers, bodyText: await response.text() };
  };
}

/** A socket-level failure as Node's fetch reports it. */
export function socketFailure(code: string, message = code): Error {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });
}

/** A token source that records the scopes asked for. */
export class StubCredential {
  readonly requests: string[][] = [];

  constructor(readonly token: string) {}

  async getToken(scopes: string | string[]): Promise<{ token: string; expiresOnTimestamp: number }> {
    this.requests.push(Array.isArray(scopes) ? scopes : [scopes]);
    return { token: this.token, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

/** A logger that keeps every line. */
export class CaptureLogger {
  readonly lines: string[] = [];
  debug(line: string): void {
    this.lines.push(`debug ${line}`);
  }
  warn(line: string): void {
    this.lines.push(`warn ${line}`);
  }
}

/** A Graph error body as Graph sends it (reference §6.1). */
export function graphErrorBody(code: string, message: string, requestId: string): unknown {
  return { error: { code, message, innerError: { date: "2026-01-01T00:00:00", "request-id": requestId, "client-request-id": "c" } } };
}

function toResponse(reply: Reply): Response {
  const headers = new Headers(reply.headers);
  let body: string | null = null;
  if (reply.body !== undefined) {
    if (typeof reply.body === "string") body = reply.body;
    else {
      body = JSON.stringify(reply.body);
      if (!headers.has("content-type")) headers.set("content-type", "application/json; odata.metadata=minimal");
    }
  }
  return new Response(reply.status === 204 ? null : body, { status: reply.status, headers });
}

function lowerCase(headers: HeaderSet | undefined): Record<string, string> {
  return Object.fromEntries(headerEntries(headers).map(([n, v]) => [n.toLowerCase(), v]));
}

function parse(body: unknown): unknown {
  if (typeof body !== "string") return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/** The error a call fails with; fails the test if the call succeeds. */
export async function rejectionOf<E = UcflowError>(call: Promise<unknown>): Promise<E> {
  try {
    await call;
  } catch (error) {
    return error as E;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
