// What a Graph handler receives, the route table type, and the query-option helpers every
// collection shares ($top, $select, page tokens, the advanced-query gate).
import type { FaultOutcome } from "../../faults/fault-decision";
import type { LabRequest, LabResponse } from "../../http/lab-http";
import type { AccessTokenClaims } from "../entra/access-tokens";
import type { TenantHub } from "../tenant/tenant-hub";
import type { GraphState } from "../tenant/types";
import { GraphError, type RequestIds } from "./graph-http";
import { checkFilter, FilterSyntaxError, parseFilter, type FilterNode, type FilterSchema } from "./odata-filter";

export type GraphVersion = "v1.0" | "beta";

export interface GraphCall {
  readonly req: LabRequest;
  readonly version: GraphVersion;
  /** Named groups of the route's pattern, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly graph: GraphState;
  /** Changes the graph partition and waits until it is on disk. Validate first, then mutate. */
  update(mutate: (graph: GraphState) => void): Promise<void>;
  readonly hub: TenantHub;
  /** "https://127.0.0.1:<port>" as the client addressed the lab (absolute links use it). */
  readonly base: string;
  readonly auth: AccessTokenClaims;
  readonly ids: RequestIds;
  /** Runs another Graph request with the same token (for $batch items). */
  dispatch(request: LabRequest, ids: RequestIds): Promise<LabResponse>;
  /** The lab's fault rules for a $batch item (LabServiceContext.subRequestFault). */
  subRequestFault(request: { readonly method: string; readonly path: string }): Promise<FaultOutcome>;
  /** Logs a $batch item as a request of its own (LabServiceContext.logSubRequest). */
  logSubRequest(request: { readonly method: string; readonly path: string; readonly status: number; readonly at: string }): void;
  readonly inBatch: boolean;
}

export interface GraphRoute {
  readonly method: string;
  /** Matched against the path after the version segment ("/users/abc"). */
  readonly path: RegExp;
  readonly versions: readonly GraphVersion[];
  /** Application permissions, any of which allows the call; empty for none needed. */
  readonly permissions: readonly string[];
  handle(call: GraphCall): LabResponse | Promise<LabResponse>;
}

export const BOTH_VERSIONS: readonly GraphVersion[] = ["v1.0", "beta"];
export const V1_ONLY: readonly GraphVersion[] = ["v1.0"];

/** A case-insensitive header value. */
export function header(req: Pick<LabRequest, "headers">, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  if (Array.isArray(value)) return value.join(", ");
  return typeof value === "string" ? value : undefined;
}

export function hasEventualConsistency(req: Pick<LabRequest, "headers">): boolean {
  return (header(req, "consistencylevel") ?? "").trim().toLowerCase() === "eventual";
}

/** `$top`: whole number from 1 to `max`; Graph's own message otherwise. */
export function parseTop(req: LabRequest, fallback: number, max: number): number {
  const raw = req.query.get("$top");
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > max) {
    throw new GraphError(400, "Request_BadRequest", `Invalid page size specified: '${raw}'. Must be between 1 and ${max} inclusive.`);
  }
  return value;
}

/** Page tokens are opaque to clients: base64url JSON, bound to the graph generation. */
export function encodeToken(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

export function decodeToken(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function expiredPageToken(): GraphError {
  return new GraphError(400, "Directory_ExpiredPageToken", "The specified page token value has expired and can no longer be included in your request.");
}

/** An absolute link to `path` under the version with these query options (values encoded). */
export function link(call: Pick<GraphCall, "base" | "version">, path: string, query: Readonly<Record<string, string | undefined>>): string {
  const parts = Object.entries(query)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
  return `${call.base}/${call.version}${path}${parts.length > 0 ? `?${parts.join("&")}` : ""}`;
}

export const ADVANCED_QUERY_HINT = "Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information";

/**
 * Parses and checks `$filter` against a schema. `advanced` says whether the request is an
 * advanced query (ConsistencyLevel: eventual and $count=true); without it, advanced-only
 * operators answer Request_UnsupportedQuery (reference §2.2).
 */
export function parseCheckedFilter(text: string, schema: FilterSchema, advanced: boolean): FilterNode {
  const node = parseGraphFilter(text);
  const check = checkFilter(node, schema);
  const first = check.problems[0];
  if (first) throw new GraphError(400, first.kind === "badRequest" ? "BadRequest" : "Request_UnsupportedQuery", first.kind === "badRequest" ? `Invalid filter clause: ${first.message}` : first.message);
  if (check.needsAdvanced && !advanced) {
    throw new GraphError(400, "Request_UnsupportedQuery", `Operator '${check.advancedOperator ?? "ne"}' is not supported because the required parameters might be missing. ${ADVANCED_QUERY_HINT}`);
  }
  return node;
}

/** The JSON body of a write, as an object; Graph's messages for the rest. */
export function objectBody(req: LabRequest): Record<string, unknown> {
  let body: unknown;
  try {
    body = req.json();
  } catch {
    throw new GraphError(400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new GraphError(400, "BadRequest", "Empty Payload. JSON content expected.");
  }
  return body as Record<string, unknown>;
}

/** Parses a `$filter`; a syntax error answers 400 as Graph does. */
export function parseGraphFilter(text: string): FilterNode {
  try {
    return parseFilter(text);
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw new GraphError(400, "BadRequest", `Invalid filter clause: ${error.message}`);
    throw error;
  }
}
