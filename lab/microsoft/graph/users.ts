// Users: GET /users (with $filter/$select/$top/$count/$search/$orderby and the advanced-query
// rules of reference §2.2), GET /users/$count, GET and PATCH /users/{id|upn}, and
// GET /organization.
import type { LabResponse } from "../../http/lab-http";
import { GRAPH_PERMISSIONS } from "../entra/resources";
import type { TenantHub } from "../tenant/tenant-hub";
import type { DirectoryUser } from "../tenant/types";
import {
  ADVANCED_QUERY_HINT,
  decodeToken,
  encodeToken,
  expiredPageToken,
  type GraphCall,
  type GraphRoute,
  hasEventualConsistency,
  link,
  objectBody,
  parseCheckedFilter,
  parseTop,
  V1_ONLY,
} from "./graph-call";
import { GraphError, noContent, ok, resourceNotFound } from "./graph-http";
import { equalityValues, evaluateFilter, type FilterNode } from "./odata-filter";
import { type ExtensionExpansion, expandedExtensions, parseUserExpand } from "./extensions";
import { ON_PREMISES_MASTERED, parseUserSelect, projectUser, USER_FILTER_SCHEMA, userFilterReader, WRITABLE_USER_PROPERTIES } from "./user-model";

export const USERS_DEFAULT_TOP = 100;
export const USERS_MAX_TOP = 999;

export const userRoutes: readonly GraphRoute[] = [
  { method: "GET", path: /^\/users\/?$/, versions: V1_ONLY, permissions: GRAPH_PERMISSIONS.usersRead, handle: listUsers },
  { method: "GET", path: /^\/users\/\$count$/, versions: V1_ONLY, permissions: GRAPH_PERMISSIONS.usersRead, handle: countUsers },
  { method: "GET", path: /^\/users\/(?<user>[^/]+)$/, versions: V1_ONLY, permissions: GRAPH_PERMISSIONS.usersRead, handle: getUser },
  { method: "PATCH", path: /^\/users\/(?<user>[^/]+)$/, versions: V1_ONLY, permissions: GRAPH_PERMISSIONS.usersWrite, handle: patchUser },
  { method: "GET", path: /^\/organization\/?$/, versions: V1_ONLY, permissions: GRAPH_PERMISSIONS.organizationRead, handle: organization },
];

/** The user named in the path (id or UPN), honouring the new-user read lag. */
export function requireUser(call: GraphCall, idOrUpn: string, countsAsRead = true): DirectoryUser {
  const user = call.hub.findUser(idOrUpn);
  if (!user) throw resourceNotFound(idOrUpn);
  if (countsAsRead ? call.hub.consumeUserLag(user.properties.id) : call.hub.isUserHidden(user.properties.id)) throw resourceNotFound(idOrUpn);
  return user;
}

interface UserQuery {
  readonly filter?: FilterNode;
  readonly search?: (user: DirectoryUser) => boolean;
  readonly orderBy?: { property: "displayName" | "userPrincipalName"; descending: boolean };
  /** `$count=true` honoured: ConsistencyLevel: eventual was sent too. */
  readonly count: boolean;
}

function readUserQuery(call: GraphCall): UserQuery {
  const { req } = call;
  if (req.query.has("$skip")) throw new GraphError(400, "Request_BadRequest", "'$skip' is not supported by the service.");
  const eventual = hasEventualConsistency(req);
  const countParam = req.query.get("$count");
  if (countParam !== null && countParam !== "true" && countParam !== "false") throw new GraphError(400, "BadRequest", `Invalid value '${countParam}' for $count: expected true or false.`);
  // Without the header, $count=true is silently ignored (reference §2.2).
  const advanced = eventual && countParam === "true";

  const searchText = req.query.get("$search");
  let search: UserQuery["search"];
  if (searchText !== null) {
    if (!eventual) throw new GraphError(400, "Request_UnsupportedQuery", "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
    search = parseSearch(searchText);
  }
  const filterText = req.query.get("$filter");
  const filter = filterText === null || filterText.trim() === "" ? undefined : parseCheckedFilter(filterText, USER_FILTER_SCHEMA, advanced);

  const orderText = req.query.get("$orderby");
  let orderBy: UserQuery["orderBy"];
  if (orderText !== null && orderText.trim() !== "") {
    const match = /^\s*(displayName|userPrincipalName)(?:\s+(asc|desc))?\s*$/i.exec(orderText);
    if (!match) throw new GraphError(400, "Request_UnsupportedQuery", "Sorting not supported for current query.");
    if ((filter !== undefined || search !== undefined) && !advanced) {
      throw new GraphError(400, "Request_UnsupportedQuery", `Sorting not supported for current query. ${ADVANCED_QUERY_HINT}`);
    }
    orderBy = { property: (match[1] as string).toLowerCase() === "displayname" ? "displayName" : "userPrincipalName", descending: (match[2] ?? "asc").toLowerCase() === "desc" };
  }
  return { ...(filter ? { filter } : {}), ...(search ? { search } : {}), ...(orderBy ? { orderBy } : {}), count: advanced };
}

/** `"displayName:ada" AND "mail:contoso"`: each clause matches a word prefix of the property. */
function parseSearch(text: string): (user: DirectoryUser) => boolean {
  const clauses = [...text.matchAll(/"([A-Za-z]+):([^"]*)"|\s+(AND|OR)\s+/g)];
  const terms: { property: string; value: string }[] = [];
  const joins: string[] = [];
  for (const clause of clauses) {
    if (clause[3]) joins.push(clause[3]);
    else terms.push({ property: clause[1] as string, value: (clause[2] as string).toLowerCase() });
  }
  const searchable = ["displayName", "givenName", "surname", "mail", "userPrincipalName", "mailNickname", "jobTitle", "department"];
  if (terms.length === 0 || terms.some((term) => !searchable.some((name) => name.toLowerCase() === term.property.toLowerCase()))) {
    throw new GraphError(400, "Request_UnsupportedQuery", `Syntax error: the $search value must be "property:value" clauses joined by AND or OR, on ${searchable.join(", ")}; got ${text}`);
  }
  return (user) => {
    const results = terms.map((term) => {
      const name = searchable.find((candidate) => candidate.toLowerCase() === term.property.toLowerCase()) as string;
      const value = (user.properties as unknown as Record<string, unknown>)[name];
      return typeof value === "string" && value.toLowerCase().split(/[\s.@_-]+/).some((word) => word.startsWith(term.value));
    });
    return results.reduce((acc, result, index) => (index === 0 ? result : joins[index - 1] === "OR" ? acc || result : acc && result), false);
  };
}

/** The users a query matches, in order: a count and a page. */
interface UserMatches {
  readonly count: number;
  page(start: number, top: number): DirectoryUser[];
}

/**
 * Without a filter, search or order, pages come straight from the index in id order (the cost
 * of a page, not of the tenant). A filter naming ids or user principal names looks them up;
 * any other filter or search is evaluated on every user.
 */
function matchingUsers(call: GraphCall, query: UserQuery): UserMatches {
  const index = call.hub.graph();
  const visible = (user: DirectoryUser): boolean => !call.hub.isUserHidden(user.properties.id);
  if (!query.filter && !query.search && !query.orderBy) {
    const ids = call.hub.hasHiddenUsers() ? index.userIdsInOrder().filter((id) => !call.hub.isUserHidden(id)) : index.userIdsInOrder();
    return { count: ids.length, page: (start, top) => ids.slice(start, start + top).map((id) => index.user(id) as DirectoryUser) };
  }
  const named = query.filter ? equalityValues(query.filter, "id") ?? equalityValues(query.filter, "userPrincipalName") : undefined;
  const candidates = named
    ? [...new Set(named.map((key) => index.user(key)).filter((user): user is DirectoryUser => user !== undefined))]
    : index.userIdsInOrder().map((id) => index.user(id) as DirectoryUser);
  const filter = query.filter;
  const matching = candidates.filter((user) => visible(user) && (filter ? evaluateFilter(filter, userFilterReader(user)) : true) && (query.search ? query.search(user) : true));
  if (query.orderBy) {
    const { property, descending } = query.orderBy;
    matching.sort((a, b) => a.properties[property].toLowerCase().localeCompare(b.properties[property].toLowerCase()) * (descending ? -1 : 1) || byId(a, b));
  } else if (named) {
    matching.sort(byId);
  }
  return { count: matching.length, page: (start, top) => matching.slice(start, start + top) };
}

function byId(a: DirectoryUser, b: DirectoryUser): number {
  return a.properties.id < b.properties.id ? -1 : a.properties.id > b.properties.id ? 1 : 0;
}

function listUsers(call: GraphCall): LabResponse {
  const { req, graph } = call;
  const top = parseTop(req, USERS_DEFAULT_TOP, USERS_MAX_TOP);
  const select = parseUserSelect(req.query.get("$select"));
  const expand = parseUserExpand(req.query.get("$expand"));
  const query = readUserQuery(call);
  const matches = matchingUsers(call, query);

  let start = 0;
  const skipToken = req.query.get("$skiptoken");
  if (skipToken !== null) {
    const token = decodeToken(skipToken);
    if (!token || token.g !== graph.generation || typeof token.o !== "number" || token.o < 0) throw expiredPageToken();
    start = token.o;
  }
  const page = matches.page(start, top);
  const body: Record<string, unknown> = {
    "@odata.context": `${call.base}/${call.version}/$metadata#users${contextProperties(select, expand)}`,
  };
  if (query.count) body["@odata.count"] = matches.count;
  if (start + top < matches.count) {
    const next: Record<string, string | undefined> = {};
    for (const [name, value] of req.query) if (name !== "$skiptoken") next[name] = value;
    next.$skiptoken = encodeToken({ g: graph.generation, o: start + top });
    body["@odata.nextLink"] = link(call, "/users", next);
  }
  body.value = page.map((user) => expandedUser(call, user, select, expand));
  return ok(body);
}

function countUsers(call: GraphCall): LabResponse {
  if (!hasEventualConsistency(call.req)) throw new GraphError(400, "Request_BadRequest", "$count is not currently supported.");
  // The /$count segment is itself an advanced query: operators need no $count=true here.
  const { req } = call;
  const filterText = req.query.get("$filter");
  const filter = filterText === null || filterText.trim() === "" ? undefined : parseCheckedFilter(filterText, USER_FILTER_SCHEMA, true);
  const searchText = req.query.get("$search");
  const search = searchText === null ? undefined : parseSearch(searchText);
  const count = matchingUsers(call, { ...(filter ? { filter } : {}), ...(search ? { search } : {}), count: true }).count;
  return { status: 200, headers: { "content-type": "text/plain;charset=utf-8" }, body: String(count) };
}

function getUser(call: GraphCall): LabResponse {
  const select = parseUserSelect(call.req.query.get("$select"));
  const expand = parseUserExpand(call.req.query.get("$expand"));
  const user = requireUser(call, call.params.user ?? "");
  return ok({ "@odata.context": `${call.base}/${call.version}/$metadata#users${contextProperties(select, expand)}/$entity`, ...expandedUser(call, user, select, expand) });
}

/** "(id,displayName,extensions())" as @odata.context lists what was selected and expanded. */
function contextProperties(select: readonly string[] | undefined, expand: ExtensionExpansion | undefined): string {
  const names = [...(select ?? []), ...(expand ? ["extensions()"] : [])];
  return names.length > 0 ? `(${names.join(",")})` : "";
}

/**
 * The user with its selected properties (or the default set) and, with $expand=extensions, its
 * open extensions. The docs ask for $select with id on directory objects; the lab also expands
 * without it (the Learn training module lists GET /users?$expand=extensions).
 */
function expandedUser(call: GraphCall, user: DirectoryUser, select: readonly string[] | undefined, expand: ExtensionExpansion | undefined): Record<string, unknown> {
  const body = projectUser(call.graph, user, select);
  if (expand) body.extensions = expandedExtensions(user, expand);
  return body;
}

async function patchUser(call: GraphCall): Promise<LabResponse> {
  const body = objectBody(call.req);
  const user = requireUser(call, call.params.user ?? "", false);
  const tenant = call.hub.require("entra", "graph").tenant;
  const changes = checkUserChanges(call.hub, user, body, { enforceOnPremisesMastering: true, verifiedDomains: [tenant.initialDomain, tenant.defaultDomain] });
  await call.update((graph) => {
    applyUserChanges(call.hub, user, changes, call.hub.stamp(graph));
  });
  return noContent();
}

export interface UserChangeOptions {
  /** Refuse on-premises-mastered properties of synced users (a PATCH does; a lab seed does not). */
  readonly enforceOnPremisesMastering: boolean;
  /** Domains a userPrincipalName may use. */
  readonly verifiedDomains: readonly string[];
}

/** Validates a PATCH body against the user; returns the changes in canonical names. */
export function checkUserChanges(hub: TenantHub, user: DirectoryUser, body: Record<string, unknown>, options: UserChangeOptions): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  const byLower = new Map(Object.keys(WRITABLE_USER_PROPERTIES).map((name) => [name.toLowerCase(), name]));
  const readOnly = new Set(["id", "createddatetime", "assignedlicenses", "assignedplans", "licenseassignmentstates", "onpremisessyncenabled", "onpremisesimmutableid", "onpremisessamaccountname", "onpremiseslastsyncdatetime", "usertype"]);
  for (const [rawName, value] of Object.entries(body)) {
    if (rawName.startsWith("@odata.")) continue;
    const name = byLower.get(rawName.toLowerCase());
    if (name === undefined) {
      if (readOnly.has(rawName.toLowerCase())) throw new GraphError(400, "Request_BadRequest", `Property '${rawName}' is read-only and cannot be set.`);
      throw new GraphError(400, "BadRequest", `The property '${rawName}' does not exist on type 'microsoft.graph.user'. Make sure to only use property names that are defined by the type or mark the type as open type.`);
    }
    const invalid = (): GraphError => new GraphError(400, "Request_BadRequest", `Invalid value specified for property '${name}' of resource 'User'.`);
    switch (WRITABLE_USER_PROPERTIES[name]) {
      case "string":
        if (typeof value !== "string" || value.trim() === "") throw invalid();
        break;
      case "nullableString":
        if (value !== null && (typeof value !== "string" || value.trim() === "")) throw invalid();
        break;
      case "boolean":
        if (typeof value !== "boolean") throw invalid();
        break;
      case "stringList":
        if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) throw invalid();
        if (name === "businessPhones" && value.length > 1) throw invalid();
        break;
      case "extensionAttributes":
        if (typeof value !== "object" || value === null || Array.isArray(value) || Object.entries(value).some(([key, item]) => !/^extensionAttribute([1-9]|1[0-5])$/.test(key) || (item !== null && typeof item !== "string"))) throw invalid();
        break;
      default:
        throw invalid();
    }
    if (name === "usageLocation") {
      if (value === null && user.properties.usageLocation !== null) throw invalid(); // cannot be reset to null once set (reference §3.2)
      if (value !== null && !/^[A-Za-z]{2}$/.test(value as string)) throw invalid();
    }
    if (name === "userPrincipalName") {
      const upn = (value as string).toLowerCase();
      const domain = upn.split("@")[1];
      if (!upn.includes("@") || domain === undefined || !options.verifiedDomains.some((verified) => verified.toLowerCase() === domain)) throw new GraphError(400, "Request_BadRequest", `The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.`);
      const holder = hub.findUser(upn);
      if (holder !== undefined && holder !== user) {
        throw new GraphError(400, "Request_BadRequest", "Another object with the same value for property userPrincipalName already exists.");
      }
    }
    changes[name] = name === "usageLocation" && typeof value === "string" ? value.toUpperCase() : value;
  }
  if (options.enforceOnPremisesMastering && user.properties.onPremisesSyncEnabled === true && Object.keys(changes).some((name) => ON_PREMISES_MASTERED.has(name))) {
    throw new GraphError(400, "Request_BadRequest", "Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.");
  }
  return changes;
}

/** Applies checked changes, stamping each property that really changed, and keeps the tenant index right. */
export function applyUserChanges(hub: TenantHub, user: DirectoryUser, changes: Record<string, unknown>, stamp: number): void {
  const properties = user.properties as unknown as Record<string, unknown>;
  const previousUpn = user.properties.userPrincipalName;
  const previousSync = user.properties.onPremisesSyncEnabled;
  let changed = false;
  for (const [name, value] of Object.entries(changes)) {
    const next = name === "onPremisesExtensionAttributes" ? { ...(properties[name] as Record<string, unknown>), ...(value as Record<string, unknown>) } : value;
    if (JSON.stringify(properties[name]) === JSON.stringify(next)) continue;
    properties[name] = structuredClone(next);
    user.propertyStamps[name] = stamp;
    changed = true;
  }
  if (changed) user.lastChangeStamp = stamp;
  const index = hub.graph();
  if (user.properties.userPrincipalName !== previousUpn) index.renamed(user, previousUpn);
  if (user.properties.onPremisesSyncEnabled !== previousSync) index.syncChanged(previousSync, user.properties.onPremisesSyncEnabled);
}

function organization(call: GraphCall): LabResponse {
  const tenant = call.hub.require("entra", "graph").tenant;
  return ok({
    "@odata.context": `${call.base}/${call.version}/$metadata#organization`,
    value: [
      {
        id: tenant.id,
        displayName: tenant.displayName,
        countryLetterCode: tenant.countryLetterCode,
        createdDateTime: tenant.createdDateTime,
        tenantType: "AAD",
        preferredLanguage: "en",
        businessPhones: [],
        city: null,
        country: null,
        state: null,
        postalCode: null,
        street: null,
        onPremisesSyncEnabled: call.hub.graph().hasSyncedUsers ? true : null,
        verifiedDomains: [
          { capabilities: "Email, OfficeCommunicationsOnline", isDefault: false, isInitial: true, name: tenant.initialDomain, type: "Managed" },
          { capabilities: "Email, OfficeCommunicationsOnline", isDefault: true, isInitial: false, name: tenant.defaultDomain, type: "Managed" },
        ],
      },
    ],
  });
}
