// Graph's side of the wire: the error shape of reference §6.1 with request-id/client-request-id
// (as headers and in innerError), JSON content types, collection and entity bodies.
import type { LabRequest, LabResponse } from "../../http/lab-http";
import { newGuid } from "../tenant/ids";

/** Thrown by Graph handlers; answered in Graph's error shape. */
export class GraphError extends Error {
  override readonly name = "GraphError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export const JSON_CONTENT_TYPE = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

export interface RequestIds {
  readonly requestId: string;
  readonly clientRequestId: string;
}

export function requestIdsOf(req: Pick<LabRequest, "headers">): RequestIds {
  const requestId = newGuid();
  const sent = req.headers["client-request-id"];
  return { requestId, clientRequestId: typeof sent === "string" && sent !== "" ? sent : requestId };
}

/** "2025-02-13T10:17:05", as innerError.date. */
export function graphDate(now = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, "");
}

export function graphHeaders(ids: RequestIds): Record<string, string> {
  return {
    "request-id": ids.requestId,
    "client-request-id": ids.clientRequestId,
    "x-ms-ags-diagnostic": JSON.stringify({ ServerInfo: { DataCenter: "ucflow lab", Slice: "E", Ring: "1", ScaleUnit: "000", RoleInstance: "lab" } }),
    "cache-control": "no-cache",
    "strict-transport-security": "max-age=31536000",
  };
}

export function graphErrorBody(code: string, message: string, ids: RequestIds, now = new Date()): Record<string, unknown> {
  return { error: { code, message, innerError: { date: graphDate(now), "request-id": ids.requestId, "client-request-id": ids.clientRequestId } } };
}

export function graphErrorResponse(status: number, code: string, message: string, ids: RequestIds, extraHeaders: Readonly<Record<string, string>> = {}): LabResponse {
  return {
    status,
    headers: { ...graphHeaders(ids), "content-type": "application/json", ...extraHeaders },
    body: graphErrorBody(code, message, ids),
  };
}

/** A successful JSON answer; the Graph headers are added by the service wrapper. */
export function ok(body: unknown, status = 200, headers: Readonly<Record<string, string>> = {}): LabResponse {
  return { status, headers: { "content-type": JSON_CONTENT_TYPE, "odata-version": "4.0", ...headers }, body };
}

export function noContent(headers: Readonly<Record<string, string>> = {}): LabResponse {
  return { status: 204, headers };
}

/** The usual error for a missing directory object (reference §6.1). */
export function resourceNotFound(id: string): GraphError {
  return new GraphError(404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
}

/** Graph's error code for an HTTP status, as used for injected faults. */
export function codeForStatus(status: number): { code: string; message: string } {
  switch (status) {
    case 400:
      return { code: "BadRequest", message: "Bad request." };
    case 401:
      return { code: "InvalidAuthenticationToken", message: "Access token validation failure." };
    case 403:
      return { code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." };
    case 404:
      return { code: "Request_ResourceNotFound", message: "Resource does not exist or one of its queried reference-property objects are not present." };
    case 409:
      return { code: "Request_MultipleObjectsWithSameKeyValue", message: "Another object with the same value for property exists." };
    case 412:
      return { code: "Request_PreconditionFailed", message: "Precondition failed." };
    case 429:
      return { code: "TooManyRequests", message: "Too many requests. Please retry after the time given in Retry-After." };
    case 500:
      return { code: "generalException", message: "An unspecified error has occurred." };
    case 502:
      return { code: "BadGateway", message: "Bad gateway." };
    case 503:
      return { code: "serviceNotAvailable", message: "The service is temporarily unavailable. Retry after the time given in Retry-After." };
    case 504:
      return { code: "UnknownError", message: "Gateway timeout." };
    default:
      return { code: status >= 500 ? "UnknownError" : "BadRequest", message: `HTTP ${status}.` };
  }
}
