// Graph error responses as typed errors. Graph's body is
//   {"error":{"code","message","innerError":{"date","request-id","client-request-id"},"details"?:[…]}}
// (reference §6.1). The request id comes from the `request-id` header, else the body, else our
// own client-request-id, so every error can be traced.
import { type ErrorContext, type ErrorKind, errorForStatus, reasonPhrase, type UcflowError } from "../../core/errors";

/** The operation and object of a Graph call, for its errors. */
export type CallContext = Omit<ErrorContext, "backend">;

/** Graph codes meaning "no such object", whatever the status. */
const NOT_FOUND_CODES = new Set(["Request_ResourceNotFound", "ResourceNotFound", "itemNotFound", "NotFound"]);
/** Graph codes meaning "already exists". */
const CONFLICT_CODES = new Set(["ObjectConflict", "conflict", "nameAlreadyExists", "resourceAlreadyExists"]);

interface GraphErrorBody {
  readonly code?: string;
  readonly message?: string;
  readonly innerError?: { readonly "request-id"?: string };
  readonly details?: readonly { readonly code?: string; readonly message?: string }[];
}

/** The typed error for a Graph error response (a whole response or one `$batch` item). */
export function graphError(context: CallContext, statusCode: number, headers: Headers | Readonly<Record<string, string>>, body: unknown, fallbackRequestId?: string): UcflowError {
  const error = errorBodyOf(body);
  const code = error?.code || undefined;
  const detailCodes = (error?.details ?? []).map((d) => d.code).filter((c): c is string => typeof c === "string");
  let detail = error?.message || (typeof body === "string" && body.trim() !== "" ? truncate(body.trim()) : reasonPhrase(statusCode));
  const conflict = detailCodes.find((c) => CONFLICT_CODES.has(c));
  if (conflict && error?.details) {
    const message = error.details.find((d) => d.code === conflict)?.message;
    if (message && !detail.includes(message)) detail = `${detail} (${conflict}: ${message})`;
  }
  let kind: ErrorKind | undefined;
  if (code && NOT_FOUND_CODES.has(code)) kind = "not-found";
  else if ((code && CONFLICT_CODES.has(code)) || conflict) kind = "already-exists";
  const requestId = headerOf(headers, "request-id") ?? error?.innerError?.["request-id"] ?? headerOf(headers, "client-request-id") ?? fallbackRequestId;
  return errorForStatus({ backend: "graph", ...context }, { statusCode, code, detail, requestId }, kind);
}

function errorBodyOf(body: unknown): GraphErrorBody | undefined {
  let parsed = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const error = (parsed as { error?: unknown }).error;
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as Record<string, unknown>;
  return {
    code: typeof e.code === "string" ? e.code : undefined,
    message: typeof e.message === "string" ? e.message : undefined,
    innerError: typeof e.innerError === "object" && e.innerError !== null ? (e.innerError as GraphErrorBody["innerError"]) : undefined,
    details: Array.isArray(e.details) ? (e.details as GraphErrorBody["details"]) : undefined,
  };
}

function headerOf(headers: Headers | Readonly<Record<string, string>>, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function truncate(text: string): string {
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
