// Teams telephone numbers through Graph (reference §4.2): listing assignments, and assigning or
// unassigning a number, which Graph answers with 202 + Location of a long-running operation
// that is polled here until it succeeds or fails, within the client's operation timeout.
import { ConfigurationError, isNotFoundError, UcflowError } from "../../core/errors";
import { parseRetryAfter } from "../../core/retry";
import { type CollectionPage, type GraphClient, unexpectedResponse } from "./client";
import { type CallContext } from "./errors";
import { type AssignmentCategory, type NumberAssignment, type NumberOperation, type NumberType } from "./types";

export const NUMBER_MANAGEMENT_PATH = "/admin/teams/telephoneNumberManagement";

/** Largest `$top` for numberAssignments (reference §4.2). */
export const MAX_NUMBER_ASSIGNMENTS_PAGE_SIZE = 1000;

/** Longest wait between operation polls. */
const MAX_POLL_INTERVAL_MS = 10_000;

export interface ListNumberAssignmentsQuery {
  /** OData `$filter` on any field but `id` and `city`, e.g. `assignmentStatus eq 'unassigned'`. */
  readonly filter?: string;
  /** Page size. @default 1000 (1 to 1000) */
  readonly top?: number;
}

/**
 * Every number assignment matching `filter`. Pages with `$top`/`$skip` (whether Graph emits
 * `@odata.nextLink` here is unverified; one is followed if present).
 */
export async function listNumberAssignments(graph: GraphClient, query: ListNumberAssignmentsQuery = {}): Promise<NumberAssignment[]> {
  const top = query.top ?? MAX_NUMBER_ASSIGNMENTS_PAGE_SIZE;
  if (!Number.isInteger(top) || top < 1 || top > MAX_NUMBER_ASSIGNMENTS_PAGE_SIZE) {
    throw new ConfigurationError("invalid number assignment query", [`top must be an integer from 1 to ${MAX_NUMBER_ASSIGNMENTS_PAGE_SIZE}; got ${top}`]);
  }
  const context: CallContext = { operation: "listing number assignments", ...(query.filter ? { preposition: "matching", object: query.filter } : {}) };
  graph.requireTeamsAdministration(context);
  const pageAt = (skip: number) =>
    graph.getPage({ method: "GET", path: `${NUMBER_MANAGEMENT_PATH}/numberAssignments`, query: { $filter: query.filter, $top: top, $skip: skip > 0 ? skip : undefined }, context });
  const assignments: NumberAssignment[] = [];
  let skip = 0;
  let page: CollectionPage = await pageAt(skip);
  for (;;) {
    const batch = page.value.map((item) => asNumberAssignment(item, context));
    if (skip > 0 && batch.length > 0 && assignments.length > 0 && batch[0].telephoneNumber === assignments[assignments.length - top]?.telephoneNumber) {
      throw unexpectedResponse(context, `the server ignored $skip=${skip}: the page starts with the same number as the previous page`);
    }
    assignments.push(...batch);
    if (page.nextLink !== undefined) {
      page = await graph.getPage({ method: "GET", path: page.nextLink, context });
      continue;
    }
    if (batch.length < top) return assignments;
    skip = assignments.length;
    page = await pageAt(skip);
  }
}

export interface AssignNumberRequest {
  /** As the docs' example: digits, with or without `+`. Sent as given. */
  readonly telephoneNumber: string;
  /** The user's (or resource account's) Entra object id. */
  readonly assignmentTargetId: string;
  readonly numberType: NumberType;
  /** @default "primary" */
  readonly assignmentCategory?: AssignmentCategory;
  /** Emergency address id. @default - none */
  readonly locationId?: string;
}

/**
 * Assigns a number and waits for the operation. Not idempotent: after an ambiguous failure
 * (no response, 5xx) it is not sent again; read the assignment back before trying again.
 * Throws UcflowError `NumberOperationFailed` when the operation fails, `OperationTimeout` when
 * it has not finished within the client's operationTimeoutMs.
 */
export async function assignNumber(graph: GraphClient, request: AssignNumberRequest): Promise<NumberOperation> {
  const context: CallContext = { operation: "assigning number", object: `${request.telephoneNumber} to ${request.assignmentTargetId}` };
  graph.requireTeamsAdministration(context);
  return startNumberOperation(graph, "assignNumber", context, {
    telephoneNumber: request.telephoneNumber,
    assignmentTargetId: request.assignmentTargetId,
    numberType: request.numberType,
    assignmentCategory: request.assignmentCategory ?? "primary",
    ...(request.locationId !== undefined ? { locationId: request.locationId } : {}),
  });
}

export interface UnassignNumberRequest {
  readonly telephoneNumber: string;
  readonly numberType: NumberType;
}

/** Removes a number from whoever holds it and waits for the operation. */
export async function unassignNumber(graph: GraphClient, request: UnassignNumberRequest): Promise<NumberOperation> {
  const context: CallContext = { operation: "unassigning number", object: request.telephoneNumber };
  graph.requireTeamsAdministration(context);
  return startNumberOperation(graph, "unassignNumber", context, { telephoneNumber: request.telephoneNumber, numberType: request.numberType });
}

/**
 * Moves a number to another emergency location (`updateNumber`, 200): the number stays with
 * its user. Setting an absolute value, so it is safe to send again.
 */
export async function updateNumberLocation(graph: GraphClient, telephoneNumber: string, locationId: string): Promise<void> {
  const context: CallContext = { operation: "moving number", object: `${telephoneNumber} to emergency location ${locationId}` };
  graph.requireTeamsAdministration(context);
  await graph.send({ method: "POST", path: `${NUMBER_MANAGEMENT_PATH}/numberAssignments/updateNumber`, body: { telephoneNumber, locationId }, idempotent: true, context });
}

async function startNumberOperation(graph: GraphClient, action: string, context: CallContext, body: Record<string, unknown>): Promise<NumberOperation> {
  const path = `${NUMBER_MANAGEMENT_PATH}/numberAssignments/${action}`;
  const response = await graph.send({ method: "POST", path, body, context });
  const location = response.headers.get("location");
  if (response.status !== 202 || location === null) {
    throw unexpectedResponse(context, `expected 202 Accepted with a Location header; got ${response.status}${location === null ? " without Location" : ""}`, response.requestId);
  }
  const operationUrl = new URL(location, `${graph.baseUrl}${graph.version}${path}`).href;
  return waitForNumberOperation(graph, operationUrl, context, response.headers.get("retry-after"));
}

/**
 * Polls a number operation until `succeeded` or `skipped` (returned) or `failed` (thrown).
 * Waits `operationPollIntervalMs` first, doubling up to 10 s, or as long as Retry-After says.
 * A 404 while polling means "not visible yet".
 */
export async function waitForNumberOperation(graph: GraphClient, operationUrl: string, context: CallContext, retryAfter: string | null = null): Promise<NumberOperation> {
  const started = graph.clock.now();
  let intervalMs = graph.operationPollIntervalMs;
  let delayMs = parseRetryAfter(retryAfter, started) ?? intervalMs;
  let last = "notStarted";
  for (;;) {
    const elapsedMs = graph.clock.now() - started;
    if (elapsedMs + delayMs > graph.operationTimeoutMs) {
      throw new UcflowError(
        { backend: "graph", ...context },
        { code: "OperationTimeout", detail: `the operation ${operationUrl} is still ${last} after ${elapsedMs / 1000} s`, retryable: true },
      );
    }
    await graph.clock.sleep(delayMs);
    intervalMs = Math.min(MAX_POLL_INTERVAL_MS, Math.max(1, intervalMs * 2));
    let response;
    try {
      response = await graph.send({ method: "GET", path: operationUrl, context });
    } catch (error) {
      if (!isNotFoundError(error)) throw error;
      last = "not visible";
      delayMs = intervalMs;
      continue;
    }
    const operation = asNumberOperation(response.body, context, response.requestId);
    last = operation.status;
    if (operation.status === "succeeded" || operation.status === "skipped") return operation;
    if (operation.status === "failed") {
      const details = (operation.numbers ?? []).map((n) => n.statusDetail).filter((d): d is string => typeof d === "string" && d !== "");
      throw new UcflowError(
        { backend: "graph", ...context },
        { code: "NumberOperationFailed", detail: details.length > 0 ? details.join("; ") : `operation ${operation.id} failed`, requestId: response.requestId },
      );
    }
    delayMs = parseRetryAfter(response.headers.get("retry-after"), graph.clock.now()) ?? intervalMs;
  }
}

function asNumberAssignment(item: unknown, context: CallContext): NumberAssignment {
  if (typeof item !== "object" || item === null || typeof (item as { telephoneNumber?: unknown }).telephoneNumber !== "string") {
    throw unexpectedResponse(context, "expected numberAssignment objects with a string `telephoneNumber`");
  }
  return item as NumberAssignment;
}

/** The operation, bare or wrapped in `value` as the docs' example shows (reference §4.2). */
export function asNumberOperation(body: unknown, context: CallContext, requestId?: string): NumberOperation {
  let candidate = body;
  if (typeof candidate === "object" && candidate !== null && "value" in candidate && !("status" in candidate)) {
    candidate = (candidate as { value: unknown }).value;
    if (Array.isArray(candidate) && candidate.length === 1) candidate = candidate[0];
  }
  if (typeof candidate !== "object" || candidate === null || typeof (candidate as { status?: unknown }).status !== "string") {
    throw unexpectedResponse(context, "expected a telephone number operation with a string `status`", requestId);
  }
  const operation = candidate as NumberOperation;
  return { ...operation, id: typeof operation.id === "string" ? operation.id : "" };
}
