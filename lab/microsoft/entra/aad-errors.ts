// Errors of the Entra token endpoint in its own shape (not Graph's): an OAuth error code plus an
// AADSTS description with trace and correlation ids, as MSAL reads and reports them.
import type { LabResponse } from "../../http/lab-http";
import { newGuid } from "../tenant/ids";

export interface AadErrorOptions {
  readonly status: number;
  /** OAuth 2.0 error code: invalid_client, invalid_request, unauthorized_client, invalid_scope, ... */
  readonly error: string;
  /** The AADSTS number. */
  readonly code: number;
  /** The text after "AADSTS<code>: ". */
  readonly description: string;
  readonly correlationId?: string;
  readonly now?: Date;
}

export function aadError(options: AadErrorOptions): LabResponse {
  const traceId = newGuid();
  const correlationId = options.correlationId ?? newGuid();
  const timestamp = (options.now ?? new Date()).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "Z");
  return {
    status: options.status,
    headers: { "cache-control": "no-store, no-cache", pragma: "no-cache", "x-ms-request-id": traceId, "client-request-id": correlationId },
    body: {
      error: options.error,
      error_description: `AADSTS${options.code}: ${options.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [options.code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${options.code}`,
    },
  };
}

/** Thrown inside the token endpoint; answered with aadError. */
export class AadError extends Error {
  override readonly name = "AadError";
  constructor(
    readonly status: number,
    readonly error: string,
    readonly code: number,
    readonly description: string,
  ) {
    super(`AADSTS${code}: ${description}`);
  }
}

export const TENANT_NOT_FOUND = (tenant: string): AadError =>
  new AadError(400, "invalid_tenant", 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`);
