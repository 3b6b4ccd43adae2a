// GET /users/delta (reference §2.4): a round is pages of changed users linked by `$skiptoken`
// nextLinks, ending with a page that carries `@odata.deltaLink` (`$deltatoken`). The tokens
// encode the initial $select and id filter, the change window and when they were issued;
// expired tokens (7 days, or every token before a forced expiry) answer 400 syncStateNotFound.
// Deleted users appear as `@removed` entries; `Prefer: return=minimal` returns only changed
// properties; `Prefer: odata.maxpagesize=N` sets the page size (default 100).
import type { LabResponse } from "../../http/lab-http";
import { GRAPH_PERMISSIONS } from "../entra/resources";
import { decodeToken, encodeToken, type GraphCall, type GraphRoute, header, link, parseGraphFilter, V1_ONLY } from "./graph-call";
import { GraphError, ok } from "./graph-http";
import { type FilterNode } from "./odata-filter";
import { DEFAULT_USER_PROPERTIES, parseUserSelect, userProperty } from "./user-model";

export const DELTA_DEFAULT_PAGE_SIZE = 100;
const MAX_DELTA_ID_FILTERS = 50;

export const deltaRoutes: readonly GraphRoute[] = [
  { method: "GET", path: /^\/users\/delta(?:\(\))?$/, versions: V1_ONLY, permissions: GRAPH_PERMISSIONS.usersRead, handle: usersDelta },
];

interface RoundToken {
  /** Graph generation. */
  readonly g: string;
  /** Changes after this stamp. */
  readonly s: number;
  /** Changes up to this stamp (skip tokens only: the window of the round in progress). */
  readonly u?: number;
  /** Last id returned (skip tokens only). */
  readonly k?: string;
  readonly sel: string[] | null;
  readonly ids: string[] | null;
  /** Issued at (ms since the epoch). */
  readonly t: number;
}

export function syncStateNotFound(): GraphError {
  return new GraphError(400, "syncStateNotFound", "The sync state generation is not found. The delta token is expired and data must be synchronized again.");
}

function readToken(call: GraphCall, text: string): RoundToken {
  const raw = decodeToken(text);
  if (!raw || typeof raw.g !== "string" || typeof raw.s !== "number" || typeof raw.t !== "number") {
    throw new GraphError(400, "BadRequest", "Invalid delta or skip token: it is not one the service issued.");
  }
  const token = raw as unknown as RoundToken;
  const settings = call.graph.settings;
  const now = Date.now();
  if (token.g !== call.graph.generation || token.t < settings.deltaTokensNotBefore || token.t + settings.deltaTokenLifetimeSeconds * 1000 < now) throw syncStateNotFound();
  return token;
}

/** Only `id eq '...'` clauses joined by `or`, at most 50 (reference §2.4). */
function deltaIdFilter(text: string): string[] {
  const node = parseGraphFilter(text);
  const ids: string[] = [];
  const walk = (current: FilterNode): void => {
    if (current.kind === "or") {
      walk(current.left);
      walk(current.right);
    } else if (current.kind === "compare" && current.op === "eq" && current.path.toLowerCase() === "id" && current.value.type === "string") {
      ids.push(current.value.value.toLowerCase());
    } else {
      throw new GraphError(400, "Request_UnsupportedQuery", "Unsupported query: /users/delta filters only on id, as id eq '<id>' clauses joined by or.");
    }
  };
  walk(node);
  if (ids.length > MAX_DELTA_ID_FILTERS) throw new GraphError(400, "Request_UnsupportedQuery", `Unsupported query: at most ${MAX_DELTA_ID_FILTERS} ids may be tracked by one delta query; got ${ids.length}.`);
  return ids;
}

function preferences(call: GraphCall): { minimal: boolean; pageSize: number; applied: string[] } {
  const prefer = (header(call.req, "prefer") ?? "").split(",").map((part) => part.trim().toLowerCase());
  const applied: string[] = [];
  const minimal = prefer.includes("return=minimal");
  if (minimal) applied.push("return=minimal");
  let pageSize = DELTA_DEFAULT_PAGE_SIZE;
  const sized = prefer.map((part) => /^odata\.maxpagesize=(\d+)$/.exec(part)).find((match) => match !== null);
  if (sized) {
    pageSize = Math.min(999, Math.max(1, Number(sized[1])));
    applied.push(`odata.maxpagesize=${pageSize}`);
  }
  return { minimal, pageSize, applied };
}

function usersDelta(call: GraphCall): LabResponse {
  const { req, graph } = call;
  const skipToken = req.query.get("$skiptoken");
  const deltaToken = req.query.get("$deltatoken");
  const now = Date.now();
  let since: number;
  let upTo: number;
  let lastId: string | undefined;
  let select: string[] | undefined;
  let ids: string[] | undefined;

  if (skipToken !== null) {
    const token = readToken(call, skipToken);
    since = token.s;
    upTo = token.u ?? call.hub.currentStamp();
    lastId = token.k;
    select = token.sel ?? undefined;
    ids = token.ids ?? undefined;
  } else if (deltaToken !== null && deltaToken !== "latest") {
    const token = readToken(call, deltaToken);
    since = token.s;
    upTo = call.hub.currentStamp();
    select = token.sel ?? undefined;
    ids = token.ids ?? undefined;
  } else {
    select = parseUserSelect(req.query.get("$select"));
    const filterText = req.query.get("$filter");
    ids = filterText === null || filterText.trim() === "" ? undefined : deltaIdFilter(filterText);
    since = 0;
    upTo = call.hub.currentStamp();
    if (deltaToken === "latest") {
      // Only a deltaLink: start tracking from now without reading the users.
      return ok({
        "@odata.context": `${call.base}/${call.version}/$metadata#users`,
        "@odata.deltaLink": link(call, "/users/delta()", { $deltatoken: encodeToken({ g: graph.generation, s: upTo, sel: select ?? null, ids: ids ?? null, t: now }) }),
        value: [],
      });
    }
  }

  const { minimal, pageSize, applied } = preferences(call);
  const properties = select ?? DEFAULT_USER_PROPERTIES;
  const tracked = (id: string): boolean => ids === undefined || ids.includes(id);

  // Changed users and deletions in the window, by id; bodies are built for the page only.
  type Entry = { id: string; body: () => Record<string, unknown> };
  const entries: Entry[] = [];
  for (const user of graph.users) {
    const id = user.properties.id;
    if (!tracked(id) || user.lastChangeStamp <= since || user.lastChangeStamp > upTo) continue;
    if (call.hub.isUserHidden(id)) continue;
    entries.push({
      id,
      body: () => {
        const body: Record<string, unknown> = { "@odata.type": "#microsoft.graph.user", id };
        const isNew = user.createdStamp > since;
        for (const name of properties) {
          if (name === "id") continue;
          if (minimal && !isNew && (user.propertyStamps[name] ?? user.createdStamp) <= since) continue;
          body[name] = userProperty(graph, user, name);
        }
        return body;
      },
    });
  }
  if (since > 0) {
    for (const deleted of graph.deletedUsers) {
      if (!tracked(deleted.id) || deleted.deletedStamp <= since || deleted.deletedStamp > upTo) continue;
      entries.push({ id: deleted.id, body: () => ({ "@odata.type": "#microsoft.graph.user", id: deleted.id, "@removed": { reason: deleted.permanent ? "deleted" : "changed" } }) });
    }
  }
  entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const remaining = lastId === undefined ? entries : entries.filter((entry) => entry.id > lastId);
  const page = remaining.slice(0, pageSize);
  const body: Record<string, unknown> = { "@odata.context": `${call.base}/${call.version}/$metadata#users${select ? `(${select.join(",")})` : ""}` };
  if (remaining.length > pageSize) {
    const last = page[page.length - 1] as Entry;
    body["@odata.nextLink"] = link(call, "/users/delta()", { $skiptoken: encodeToken({ g: graph.generation, s: since, u: upTo, k: last.id, sel: select ?? null, ids: ids ?? null, t: now }) });
  } else {
    body["@odata.deltaLink"] = link(call, "/users/delta()", { $deltatoken: encodeToken({ g: graph.generation, s: upTo, sel: select ?? null, ids: ids ?? null, t: now }) });
  }
  body.value = page.map((entry) => entry.body());
  return ok(body, 200, applied.length > 0 ? { "preference-applied": applied.join(", ") } : {});
}
