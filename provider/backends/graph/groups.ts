// Entra groups and their memberships through Graph (learn.microsoft.com/graph/api: group-list,
// group-get, user-list-memberof, group-post-members, group-delete-members): the tenant's groups
// for resolving a role's groups by name, a user's direct memberships, and adding or removing a
// member by reference. Adding and removing state a wanted result, so each is safe to repeat:
// "already a member" on add and "not a member" on remove mean the work is done.
import { ConfigurationError, isNotFoundError, isUcflowError } from "../../core/errors";
import { type GraphClient, unexpectedResponse } from "./client";
import { type CallContext } from "./errors";
import { userPath } from "./users";

/** A group as ucflow reads it. */
export interface GraphGroup {
  readonly id: string;
  readonly displayName?: string | null;
  readonly securityEnabled?: boolean;
  readonly mailEnabled?: boolean;
  readonly groupTypes?: readonly string[];
  readonly [property: string]: unknown;
}

/** One of a user's direct memberships: a group (other directory objects are left out). */
export interface GroupMembership {
  readonly id: string;
  readonly displayName?: string;
}

/** Largest `$top` for groups and memberships (as for users). */
export const MAX_GROUPS_PAGE_SIZE = 999;

export interface ListGroupsQuery {
  /** @default ["id", "displayName", "securityEnabled"] */
  readonly select?: readonly string[];
  /** An OData `$filter`, e.g. `displayName eq 'Sales Voice'`. */
  readonly filter?: string;
  /** @default 999 */
  readonly top?: number;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROPERTY = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The tenant's groups matching `filter`, every page. */
export async function listGroups(graph: GraphClient, query: ListGroupsQuery = {}): Promise<GraphGroup[]> {
  const select = query.select ?? ["id", "displayName", "securityEnabled"];
  const top = query.top ?? MAX_GROUPS_PAGE_SIZE;
  const problems = select.filter((name) => !PROPERTY.test(name)).map((name) => `select entries must be property names; got ${JSON.stringify(name)}`);
  if (!Number.isInteger(top) || top < 1 || top > MAX_GROUPS_PAGE_SIZE) problems.push(`top must be an integer from 1 to ${MAX_GROUPS_PAGE_SIZE}; got ${top}`);
  if (problems.length > 0) throw new ConfigurationError("invalid group query", problems);
  const context: CallContext = { operation: "listing groups", ...(query.filter ? { preposition: "matching", object: query.filter } : {}) };
  const result = await graph.getAllPages({ method: "GET", path: "/groups", query: { $select: [...new Set(["id", ...select])].join(","), $filter: query.filter, $top: top }, context });
  return result.items.map((item) => asGroup(item, context));
}

/** One group by object id; NotFoundError when there is none. */
export async function getGroup(graph: GraphClient, groupId: string, select: readonly string[] = ["id", "displayName"]): Promise<GraphGroup> {
  checkIds({ groupId });
  const context: CallContext = { operation: "reading group", object: groupId };
  const response = await graph.send({ method: "GET", path: groupPath(groupId), query: { $select: [...new Set(["id", ...select])].join(",") }, context });
  return asGroup(response.body, context, response.requestId);
}

/**
 * The groups the user is a direct member of (`/users/{id}/memberOf`, every page). Directory
 * roles and administrative units the collection also holds are left out by their @odata.type.
 */
export async function listUserGroupMemberships(graph: GraphClient, userId: string): Promise<GroupMembership[]> {
  const context: CallContext = { operation: "listing group memberships", preposition: "of", object: userId };
  const result = await graph.getAllPages({ method: "GET", path: `${userPath(userId)}/memberOf`, query: { $select: "id,displayName", $top: MAX_GROUPS_PAGE_SIZE }, context });
  const groups: GroupMembership[] = [];
  for (const item of result.items) {
    const entry = item as { id?: unknown; displayName?: unknown; "@odata.type"?: unknown } | null;
    if (typeof entry !== "object" || entry === null || typeof entry.id !== "string") throw unexpectedResponse(context, "expected directory objects with a string `id`");
    if (entry["@odata.type"] !== undefined && String(entry["@odata.type"]).toLowerCase() !== "#microsoft.graph.group") continue;
    groups.push({ id: entry.id.toLowerCase(), ...(typeof entry.displayName === "string" ? { displayName: entry.displayName } : {}) });
  }
  return groups;
}

/** The documented answer to adding a member twice (group-post-members: 400 Bad Request). */
const ALREADY_A_MEMBER = /one or more added object references already exist/i;

/** Whether an error is Graph's "already a member" answer to adding a member. */
export function isAlreadyMemberError(error: unknown): boolean {
  return isUcflowError(error) && error.statusCode === 400 && ALREADY_A_MEMBER.test(error.detail ?? "");
}

/**
 * Adds the user (any directory object) to the group. Already a member: done (the caller has
 * observed the memberships first, so it knows whether the membership was the user's own).
 */
export async function addGroupMember(graph: GraphClient, groupId: string, memberId: string): Promise<void> {
  checkIds({ groupId, memberId });
  try {
    await graph.send({
      method: "POST",
      path: `${groupPath(groupId)}/members/$ref`,
      body: { "@odata.id": `${graph.origin}/v1.0/directoryObjects/${memberId}` },
      // Sent twice, the second answers "already exist", which is success here.
      idempotent: true,
      context: { operation: "adding group member", preposition: "to", object: `group ${groupId} (member ${memberId})` },
    });
  } catch (error) {
    if (!isAlreadyMemberError(error)) throw error;
  }
}

/** Removes the member from the group; done when it is not a member (404) or the group is gone. */
export async function removeGroupMember(graph: GraphClient, groupId: string, memberId: string): Promise<void> {
  checkIds({ groupId, memberId });
  try {
    await graph.send({
      method: "DELETE",
      path: `${groupPath(groupId)}/members/${memberId}/$ref`,
      context: { operation: "removing group member", preposition: "from", object: `group ${groupId} (member ${memberId})` },
    });
  } catch (error) {
    if (!isNotFoundError(error)) throw error;
  }
}

function groupPath(groupId: string): string {
  return `/groups/${groupId}`;
}

function checkIds(ids: Readonly<Record<string, string>>): void {
  const problems = Object.entries(ids)
    .filter(([, id]) => !GUID.test(id))
    .map(([name, id]) => `${name} must be an Entra object id (a GUID); got ${JSON.stringify(id)}`);
  if (problems.length > 0) throw new ConfigurationError("invalid group membership call", problems);
}

function asGroup(item: unknown, context: CallContext, requestId?: string): GraphGroup {
  if (typeof item !== "object" || item === null || typeof (item as { id?: unknown }).id !== "string") throw unexpectedResponse(context, "expected a group object with a string `id`", requestId);
  return item as GraphGroup;
}
