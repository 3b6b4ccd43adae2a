// Groups and their memberships (learn.microsoft.com/graph/api: group-list, group-get,
// group-list-members, user-list-memberof, group-post-members, group-delete-members):
//   GET    /groups                               $select, $filter, $top (1-999, default 100), @odata.nextLink
//   GET    /groups/{id}                          $select
//   GET    /groups/{id}/members                  directory objects with @odata.type, paged
//   GET    /users/{id|upn}/memberOf              the user's direct memberships, paged
//   POST   /groups/{id}/members/$ref             {"@odata.id": ".../directoryObjects/{id}"} -> 204
//   DELETE /groups/{id}/members/{id}/$ref        -> 204
// Only security groups and user members are modelled; nested groups, owners, dynamic
// membership and Microsoft 365 groups' extras are not.
import type { LabResponse } from "../../http/lab-http";
import { GRAPH_PERMISSIONS } from "../entra/resources";
import type { DirectoryGroup, DirectoryUser, GraphState } from "../tenant/types";
import { decodeToken, encodeToken, expiredPageToken, type GraphCall, type GraphRoute, hasEventualConsistency, link, objectBody, parseCheckedFilter, parseTop, V1_ONLY } from "./graph-call";
import { GraphError, noContent, ok, resourceNotFound } from "./graph-http";
import { capabilities, evaluateFilter, type FilterSchema } from "./odata-filter";
import { parseUserSelect, projectUser } from "./user-model";
import { requireUser } from "./users";

export const GROUPS_DEFAULT_TOP = 100;
export const GROUPS_MAX_TOP = 999;

export const groupRoutes: readonly GraphRoute[] = [
  { method: "GET", path: /^\/groups\/?$/, versions: V1_ONLY, permissions: GRAPH_PERMISSIONS.groupsRead, handle: listGroups },
  { method: "GET", path: /^\/groups\/(?<group>[^/]+)$/, versions: V1_ONLY, permissions: GRAPH_PERMISSIONS.groupsRead, handle: getGroup },
  { method: "GET", path: /^\/groups\/(?<group>[^/]+)\/members\/?$/, versions: V1_ONLY, permissions: GRAPH_PERMISSIONS.groupMembersRead, handle: listMembers },
  { method: "POST", path: /^\/groups\/(?<group>[^/]+)\/members\/\$ref$/, versions: V1_ONLY, permissions: GRAPH_PERMISSIONS.groupMembersWrite, handle: addMember },
  { method: "DELETE", path: /^\/groups\/(?<group>[^/]+)\/members\/(?<member>[^/]+)\/\$ref$/, versions: V1_ONLY, permissions: GRAPH_PERMISSIONS.groupMembersWrite, handle: removeMember },
  { method: "GET", path: /^\/users\/(?<user>[^/]+)\/memberOf\/?$/, versions: V1_ONLY, permissions: GRAPH_PERMISSIONS.memberOfRead, handle: listMemberOf },
];

/** The documented answer to adding a member that is one already (group-post-members). */
export const ALREADY_A_MEMBER_MESSAGE = "One or more added object references already exist for the following modified properties: 'members'.";

const GROUP_PROPERTIES = ["id", "displayName", "description", "mailEnabled", "mailNickname", "securityEnabled", "groupTypes", "createdDateTime"] as const;
const GROUP_BY_LOWER = new Map<string, string>(GROUP_PROPERTIES.map((name) => [name.toLowerCase(), name]));

/** $filter on groups: the properties ucflow and most scripts filter on (group-list: eq, in, startsWith on displayName; eq on the booleans). */
export const GROUP_FILTER_SCHEMA: FilterSchema = {
  resource: "Group",
  odataType: "microsoft.graph.group",
  advancedEverywhere: capabilities("ne", "not", "endsWith", "null", "count"),
  properties: {
    id: { type: "Edm.String", capabilities: capabilities("eq", "ne", "not", "in") },
    displayName: { type: "Edm.String", capabilities: capabilities("eq", "ne", "not", "ge", "le", "in", "startsWith", "null") },
    mailNickname: { type: "Edm.String", capabilities: capabilities("eq", "ne", "not", "ge", "le", "in", "startsWith", "null") },
    securityEnabled: { type: "Edm.Boolean", capabilities: capabilities("eq", "ne", "not", "in") },
    mailEnabled: { type: "Edm.Boolean", capabilities: capabilities("eq", "ne", "not", "in") },
  },
};

function parseGroupSelect(raw: string | null): string[] | undefined {
  if (raw === null || raw.trim() === "") return undefined;
  const names: string[] = [];
  for (const part of raw.split(",")) {
    const name = part.trim();
    if (name === "*") return [...GROUP_PROPERTIES];
    const canonical = GROUP_BY_LOWER.get(name.toLowerCase());
    if (canonical === undefined) throw new GraphError(400, "BadRequest", `Parsing OData Select and Expand failed: Could not find a property named '${name}' on type 'microsoft.graph.group'.`);
    if (!names.includes(canonical)) names.push(canonical);
  }
  return names;
}

function projectGroup(group: DirectoryGroup, select: readonly string[] | undefined): Record<string, unknown> {
  const properties = group.properties as unknown as Record<string, unknown>;
  return Object.fromEntries((select ?? GROUP_PROPERTIES).map((name) => [name, structuredClone(properties[name] ?? null)]));
}

export function findGroup(graph: GraphState, id: string): DirectoryGroup | undefined {
  const wanted = id.toLowerCase();
  return graph.groups.find((group) => group.properties.id === wanted);
}

function requireGroup(call: GraphCall): DirectoryGroup {
  const id = call.params.group ?? "";
  const group = findGroup(call.graph, id);
  if (!group) throw resourceNotFound(id);
  return group;
}

/** One page of `items` from `$skiptoken`, with the nextLink that carries the other query options on. */
function page<T>(call: GraphCall, path: string, items: readonly T[], top: number): { items: T[]; nextLink?: string } {
  let start = 0;
  const skipToken = call.req.query.get("$skiptoken");
  if (skipToken !== null) {
    const token = decodeToken(skipToken);
    if (!token || token.g !== call.graph.generation || typeof token.o !== "number" || token.o < 0) throw expiredPageToken();
    start = token.o;
  }
  if (call.req.query.has("$skip")) throw new GraphError(400, "Request_BadRequest", "'$skip' is not supported by the service.");
  const slice = items.slice(start, start + top);
  if (start + top >= items.length) return { items: slice };
  const next: Record<string, string | undefined> = {};
  for (const [name, value] of call.req.query) if (name !== "$skiptoken") next[name] = value;
  next.$skiptoken = encodeToken({ g: call.graph.generation, o: start + top });
  return { items: slice, nextLink: link(call, path, next) };
}

function collection(call: GraphCall, context: string, result: { items: Record<string, unknown>[]; nextLink?: string }): LabResponse {
  return ok({ "@odata.context": `${call.base}/${call.version}/$metadata#${context}`, ...(result.nextLink ? { "@odata.nextLink": result.nextLink } : {}), value: result.items });
}

function listGroups(call: GraphCall): LabResponse {
  const top = parseTop(call.req, GROUPS_DEFAULT_TOP, GROUPS_MAX_TOP);
  const select = parseGroupSelect(call.req.query.get("$select"));
  const filterText = call.req.query.get("$filter");
  const advanced = hasEventualConsistency(call.req) && call.req.query.get("$count") === "true";
  const filter = filterText === null || filterText.trim() === "" ? undefined : parseCheckedFilter(filterText, GROUP_FILTER_SCHEMA, advanced);
  const matches = call.graph.groups.filter((group) => filter === undefined || evaluateFilter(filter, groupReader(group)));
  const result = page(call, "/groups", matches, top);
  return collection(call, `groups${select ? `(${select.join(",")})` : ""}`, { ...result, items: result.items.map((group) => projectGroup(group, select)) });
}

function groupReader(group: DirectoryGroup): (path: string) => unknown {
  const properties = group.properties as unknown as Record<string, unknown>;
  return (path) => properties[GROUP_BY_LOWER.get(path.toLowerCase()) ?? ""];
}

function getGroup(call: GraphCall): LabResponse {
  const select = parseGroupSelect(call.req.query.get("$select"));
  const group = requireGroup(call);
  return ok({ "@odata.context": `${call.base}/${call.version}/$metadata#groups${select ? `(${select.join(",")})` : ""}/$entity`, ...projectGroup(group, select) });
}

function listMembers(call: GraphCall): LabResponse {
  const group = requireGroup(call);
  const top = parseTop(call.req, GROUPS_DEFAULT_TOP, GROUPS_MAX_TOP);
  const select = parseUserSelect(call.req.query.get("$select"));
  const members = group.members.map((id) => call.hub.findUser(id)).filter((user): user is DirectoryUser => user !== undefined);
  const result = page(call, `/groups/${group.properties.id}/members`, members, top);
  return collection(call, "directoryObjects", { ...result, items: result.items.map((user) => ({ "@odata.type": "#microsoft.graph.user", ...projectUser(call.graph, user, select ?? ["id", "displayName", "userPrincipalName", "mail"]) })) });
}

function listMemberOf(call: GraphCall): LabResponse {
  const user = requireUser(call, call.params.user ?? "");
  const top = parseTop(call.req, GROUPS_DEFAULT_TOP, GROUPS_MAX_TOP);
  const select = parseGroupSelect(call.req.query.get("$select"));
  const groups = call.graph.groups.filter((group) => group.members.includes(user.properties.id));
  const result = page(call, `/users/${user.properties.id}/memberOf`, groups, top);
  return collection(call, "directoryObjects", { ...result, items: result.items.map((group) => ({ "@odata.type": "#microsoft.graph.group", ...projectGroup(group, select) })) });
}

/**
 * The object id an `@odata.id` names: `https://graph.microsoft.com/v1.0/directoryObjects/{id}`
 * as documented (any https host is taken: the lab is not graph.microsoft.com), or `.../users/{id}`.
 */
function referencedId(body: Record<string, unknown>): string {
  const reference = body["@odata.id"];
  if (typeof reference !== "string") throw new GraphError(400, "BadRequest", `The request body needs "@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}".`);
  const match = /^https:\/\/[^/]+\/(?:v1\.0|beta)\/(?:directoryObjects|users)\/([^/?#]+)$/i.exec(reference.trim());
  if (!match) throw new GraphError(400, "BadRequest", `Invalid object identifier '${reference}'.`);
  return decodeURIComponent(match[1] as string);
}

async function addMember(call: GraphCall): Promise<LabResponse> {
  const body = objectBody(call.req);
  const group = requireGroup(call);
  const memberId = referencedId(body);
  const user = requireUser(call, memberId, false);
  if (group.members.includes(user.properties.id)) throw new GraphError(400, "Request_BadRequest", ALREADY_A_MEMBER_MESSAGE);
  await call.update(() => {
    group.members.push(user.properties.id);
  });
  return noContent();
}

async function removeMember(call: GraphCall): Promise<LabResponse> {
  const group = requireGroup(call);
  const memberId = (call.params.member ?? "").toLowerCase();
  const user = call.hub.findUser(memberId);
  if (!user || !group.members.includes(user.properties.id)) throw resourceNotFound(call.params.member ?? "");
  await call.update(() => {
    group.members = group.members.filter((id) => id !== user.properties.id);
  });
  return noContent();
}
