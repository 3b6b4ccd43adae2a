// Request and response shapes shared by every lab HTTPS server (simulators and the control
// endpoint), and the error a handler throws to answer with a clear JSON error.
import type { IncomingHttpHeaders } from "node:http";

export interface LabRequest {
  readonly method: string;
  /** Path without the query string, as sent (percent-encoding kept). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** Route parameters (`:name` segments or named groups), percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The body as UTF-8 text. */
  text(): string;
  /** The body parsed as JSON; undefined when the body is empty. Throws a 400 LabHttpError when it is not JSON. */
  json(): unknown;
}

export interface LabResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  /** A string or Buffer is sent as is; anything else (except undefined) as JSON. */
  readonly body?: unknown;
  /**
   * Drop the connection instead of answering, after the request was handled: the client sees a
   * reset and cannot tell whether its request took effect (a fault rule's `reset` on a
   * simulator's pseudo-path).
   */
  readonly dropConnection?: true;
}

/** Thrown by handlers; answered as `{ "error": { "code", "message" } }` with the given status. */
export class LabHttpError extends Error {
  override readonly name = "LabHttpError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export function jsonResponse(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): LabResponse {
  return { status, body, headers };
}

export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}
