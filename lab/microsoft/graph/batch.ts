// POST /$batch (reference §6.3): at most 20 requests with unique ids (compared without case) and
// urls relative to the version root, each
// answered with its own status (including per-item 429 with Retry-After, which the client's
// RetryHandler never sees), dependsOn with 424 for the dependents of a failed request, and
// responses in an order that is not the request order (shuffled deterministically by id).
// Items of a parallel batch run concurrently, as Graph runs them: the lab's fault rules decide
// per item (a latency rule delays that item only), then the seed's batchItemFaults, then the
// item is served like a request of its own (permissions, throttling, route).
import { createHash } from "node:crypto";
import type { LabRequest, LabResponse } from "../../http/lab-http";
import type { BatchItemFault } from "../tenant/types";
import { type GraphCall, type GraphRoute, BOTH_VERSIONS } from "./graph-call";
import { codeForStatus, GraphError, graphErrorBody, ok, type RequestIds } from "./graph-http";
import { newGuid } from "../tenant/ids";

export const MAX_BATCH_REQUESTS = 20;
const METHODS = new Set(["GET", "POST", "PATCH", "PUT", "DELETE"]);
const ITEM_HEADERS = new Map(
  ["Content-Type", "Location", "Retry-After", "Preference-Applied", "OData-Version", "Cache-Control", "x-ms-resource-unit", "x-ms-throttle-scope", "x-ms-throttle-information", "x-ms-throttle-limit-percentage"].map((name) => [name.toLowerCase(), name]),
);

type ItemResult = { status: number; headers: Record<string, string>; body?: unknown };

export const batchRoutes: readonly GraphRoute[] = [{ method: "POST", path: /^\/\$batch$/, versions: BOTH_VERSIONS, permissions: [], handle: batch }];

interface BatchItem {
  readonly id: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly dependsOn: readonly string[];
}

function readBatch(call: GraphCall): BatchItem[] {
  if (call.inBatch) throw new GraphError(400, "BadRequest", "A $batch request cannot contain another $batch request.");
  let body: unknown;
  try {
    body = call.req.json();
  } catch {
    throw new GraphError(400, "BadRequest", "Invalid batch payload format: the body is not JSON.");
  }
  const requests = (body as { requests?: unknown } | undefined)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) throw new GraphError(400, "BadRequest", "Invalid batch payload format: expected {\"requests\": [ ... ]} with at least one request.");
  if (requests.length > MAX_BATCH_REQUESTS) throw new GraphError(400, "BadRequest", `The number of requests in a batch is limited to ${MAX_BATCH_REQUESTS}; this batch has ${requests.length}.`);
  const items: BatchItem[] = [];
  // Graph compares request ids case-insensitively: "A" and "a" are one id, and dependsOn "a" names request "A".
  const ids = new Set<string>();
  requests.forEach((raw, index) => {
    const where = `requests[${index}]`;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new GraphError(400, "BadRequest", `Invalid batch payload format: ${where} is not an object.`);
    const item = raw as Record<string, unknown>;
    const id = typeof item.id === "number" ? String(item.id) : item.id;
    if (typeof id !== "string" || id === "") throw new GraphError(400, "BadRequest", `Invalid batch payload format: ${where} has no id.`);
    if (ids.has(id.toLowerCase())) throw new GraphError(400, "BadRequest", `Batch request contains duplicate request id '${id}'.`);
    ids.add(id.toLowerCase());
    const method = typeof item.method === "string" ? item.method.toUpperCase() : "";
    if (!METHODS.has(method)) throw new GraphError(400, "BadRequest", `Invalid batch payload format: request '${id}' has an invalid method ${JSON.stringify(item.method)}.`);
    if (typeof item.url !== "string" || item.url === "") throw new GraphError(400, "BadRequest", `Invalid batch payload format: request '${id}' has no url.`);
    if (/^[a-z]+:\/\//i.test(item.url)) throw new GraphError(400, "BadRequest", `Invalid batch payload format: request '${id}' must use a relative url such as "/users?$top=1"; got ${item.url}.`);
    const headers: Record<string, string> = {};
    if (item.headers !== undefined) {
      if (typeof item.headers !== "object" || item.headers === null || Array.isArray(item.headers)) throw new GraphError(400, "BadRequest", `Invalid batch payload format: headers of request '${id}' must be an object.`);
      for (const [name, value] of Object.entries(item.headers)) headers[name.toLowerCase()] = String(value);
    }
    if (item.body !== undefined && headers["content-type"] === undefined) {
      throw new GraphError(400, "BadRequest", `Content-Type header must be specified for request '${id}', which has a body.`);
    }
    let dependsOn: string[] = [];
    if (item.dependsOn !== undefined) {
      if (!Array.isArray(item.dependsOn) || item.dependsOn.some((dependency) => typeof dependency !== "string")) throw new GraphError(400, "BadRequest", `Invalid batch payload format: dependsOn of request '${id}' must be a list of request ids.`);
      dependsOn = (item.dependsOn as string[]).map((dependency) => items.find((earlier) => sameId(earlier.id, dependency))?.id ?? dependency);
      for (const dependency of dependsOn) {
        if (!items.some((earlier) => earlier.id === dependency)) throw new GraphError(400, "BadRequest", `Request '${id}' depends on '${dependency}', which is not an earlier request of the batch.`);
      }
    }
    items.push({ id, method, url: item.url, headers, body: item.body, dependsOn });
  });
  const sequential = items.some((item) => item.dependsOn.length > 0);
  if (sequential && items.slice(1).some((item) => item.dependsOn.length === 0)) {
    throw new GraphError(400, "BadRequest", "Batch should be either fully sequential or fully parallel");
  }
  return items;
}

function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * An item url is relative to the version root of the $batch request. One that repeats the
 * version ("/v1.0/users", as the JS client 3.0.7's BatchRequestContent writes for absolute
 * Request urls) is looked up as a resource "v1.0", which Graph answers per item with
 * 400 "Resource not found for the segment 'v1.0'." (msgraph-sdk-javascript#1178, #1451).
 */
function versionSegment(item: BatchItem): string | undefined {
  return /^\/?(v1\.0|beta)(?=\/|\?|$)/i.exec(item.url)?.[1];
}

/** The item's path with the batch's version ("/v1.0/users/x") and its query. */
function itemPath(call: GraphCall, item: BatchItem): { pathname: string; searchParams: URLSearchParams } {
  const url = item.url.startsWith("/") ? item.url : `/${item.url}`;
  const parsed = new URL(url, "https://batch.invalid");
  return { pathname: `/${call.version}${parsed.pathname}`, searchParams: parsed.searchParams };
}

function itemRequest(call: GraphCall, item: BatchItem): LabRequest {
  const parsed = itemPath(call, item);
  const bodyText = item.body === undefined ? "" : typeof item.body === "string" ? item.body : JSON.stringify(item.body);
  const body = Buffer.from(bodyText, "utf8");
  return {
    method: item.method,
    path: parsed.pathname,
    query: parsed.searchParams,
    headers: { ...item.headers, authorization: call.req.headers.authorization },
    params: {},
    body,
    text: () => bodyText,
    json: () => (bodyText === "" ? undefined : JSON.parse(bodyText)),
  };
}

/** Faults match the item's url relative to the version root ("/users/x?$select=y"). */
function matchingFault(faults: readonly BatchItemFault[], item: BatchItem): BatchItemFault | undefined {
  const url = item.url.startsWith("/") ? item.url : `/${item.url}`;
  return faults.find((fault) => fault.remaining > 0 && (fault.method === undefined || fault.method.toUpperCase() === item.method) && new RegExp(fault.url).test(url));
}

async function batch(call: GraphCall): Promise<LabResponse> {
  const items = readBatch(call);
  const results = new Map<string, ItemResult>();
  const run = async (item: BatchItem): Promise<void> => {
    const at = new Date().toISOString();
    const result = await answerItem(call, item, results);
    results.set(item.id, result);
    // The lab's request log lists the item as a request of its own.
    call.logSubRequest({ method: item.method, path: itemPath(call, item).pathname, status: result.status, at });
  };
  // A batch is fully sequential (dependsOn) or fully parallel (readBatch checks).
  if (items.some((item) => item.dependsOn.length > 0)) {
    for (const item of items) await run(item);
  } else {
    await Promise.all(items.map(run));
  }
  const shuffled = [...items].sort((a, b) => digest(a.id).localeCompare(digest(b.id)));
  return ok({ responses: shuffled.map((item) => ({ id: item.id, ...(results.get(item.id) as object) })) });
}

/** The response of one item: dependency, fault rules, seeded item faults, then the item itself. */
async function answerItem(call: GraphCall, item: BatchItem, earlier: ReadonlyMap<string, ItemResult>): Promise<ItemResult> {
  const ids: RequestIds = { requestId: newGuid(), clientRequestId: item.headers["client-request-id"] ?? newGuid() };
  const failedDependency = item.dependsOn.find((dependency) => (earlier.get(dependency)?.status ?? 500) >= 400);
  if (failedDependency !== undefined) {
    return { status: 424, headers: { "Content-Type": "application/json" }, body: graphErrorBody("FailedDependency", `The request depends on request '${failedDependency}', which failed.`, ids) };
  }
  const segment = versionSegment(item);
  if (segment !== undefined) {
    return { status: 400, headers: { "Content-Type": "application/json" }, body: graphErrorBody("BadRequest", `Resource not found for the segment '${segment}'.`, ids) };
  }
  const request = itemRequest(call, item);

  // Rules match the item's method and path with the version, as for a request of its own.
  const outcome = await call.subRequestFault({ method: item.method, path: request.path });
  if (outcome.kind === "status") {
    const { code, message } = codeForStatus(outcome.status);
    return {
      status: outcome.status,
      headers: { "Content-Type": "application/json", ...(outcome.retryAfter !== undefined ? { "Retry-After": String(outcome.retryAfter) } : {}), ...outcome.headers },
      body: outcome.body ?? graphErrorBody(code, `${message} (lab fault rule ${outcome.ruleId})`, ids),
    };
  }
  if (outcome.kind === "reset") {
    // The item's backend connection dropped: Graph cannot say whether the item was applied, as
    // after a gateway timeout, so the item fails with 504. The lab applied nothing, unless the
    // rule says `processed`: then the item ran and only its answer was lost.
    if (outcome.processed) await call.dispatch(request, ids).catch(() => undefined);
    return { status: 504, headers: { "Content-Type": "application/json" }, body: graphErrorBody("UnknownError", `Gateway timeout: the connection to the service was reset (lab fault rule ${outcome.ruleId}).`, ids) };
  }

  const fault = matchingFault(call.graph.settings.batchItemFaults, item);
  if (fault) {
    await call.update(() => {
      fault.remaining -= 1;
    });
    const { code, message } = codeForStatus(fault.status);
    return {
      status: fault.status,
      headers: { "Content-Type": "application/json", ...(fault.retryAfterSeconds !== undefined ? { "Retry-After": String(fault.retryAfterSeconds) } : {}) },
      body: graphErrorBody(code, message, ids),
    };
  }
  let response: LabResponse;
  try {
    response = await call.dispatch(request, ids);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    response = { status: 400, headers: { "Content-Type": "application/json" }, body: graphErrorBody("BadRequest", "Unable to read JSON request payload.", ids) };
  }
  // Item headers in Graph's casing: the JS client looks for "Content-Type" exactly.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    const canonical = ITEM_HEADERS.get(name.toLowerCase());
    if (canonical) headers[canonical] = String(value);
  }
  const body = Buffer.isBuffer(response.body) ? response.body.toString("utf8") : response.body;
  return { status: response.status, headers, ...(body !== undefined ? { body } : {}) };
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
