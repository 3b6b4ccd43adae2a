// Entra users through Graph (reference §2): filtered listing with every needed attribute
// `$select`ed, delta rounds, one user, and the usage location licensing needs.
import { ConfigurationError, isUcflowError } from "../../core/errors";
import { type GraphClient, unexpectedResponse } from "./client";
import { type CallContext } from "./errors";
import { type GraphUser, type RemovedUser } from "./types";

/** Largest `$top` for `/users` (reference §2.1). */
export const MAX_USERS_PAGE_SIZE = 999;

/** Always selected: the immutable key and the name errors and logs use. */
export const USER_KEY_PROPERTIES: readonly string[] = ["id", "userPrincipalName"];

export interface ListUsersQuery {
  /** Every attribute the caller reads or filters on: most are returned only when selected. */
  readonly select: readonly string[];
  /** An OData `$filter`, passed as written (percent-encoded, so it cannot add query options). */
  readonly filter?: string;
  /** Page size. @default 999 (1 to 999) */
  readonly top?: number;
  /** Send `$count=true` and `ConsistencyLevel: eventual`. @default - needsAdvancedQuery(filter) */
  readonly advancedQuery?: boolean;
}

export interface UserList {
  readonly users: readonly GraphUser[];
  /** `@odata.count`, given only for advanced queries. */
  readonly count?: number;
  readonly advancedQuery: boolean;
  readonly pages: number;
}

/** Lists users matching `filter`, following `@odata.nextLink` to the end. */
export async function listUsers(graph: GraphClient, query: ListUsersQuery): Promise<UserList> {
  const top = query.top ?? MAX_USERS_PAGE_SIZE;
  const problems = selectProblems(query.select);
  if (!Number.isInteger(top) || top < 1 || top > MAX_USERS_PAGE_SIZE) problems.push(`top must be an integer from 1 to ${MAX_USERS_PAGE_SIZE}; got ${top}`);
  if (problems.length > 0) throw new ConfigurationError("invalid user query", problems);
  const advancedQuery = query.advancedQuery ?? (query.filter !== undefined && needsAdvancedQuery(query.filter));
  const context: CallContext = { operation: "listing users", ...(query.filter ? { preposition: "matching", object: query.filter } : {}) };
  const result = await graph.getAllPages({
    method: "GET",
    path: "/users",
    query: {
      $select: selectList(query.select),
      $filter: query.filter,
      $top: top,
      $count: advancedQuery ? "true" : undefined,
    },
    headers: advancedQuery ? { ConsistencyLevel: "eventual" } : undefined,
    context,
  });
  return { users: result.items.map((item) => asUser(item, context)), count: result.count, advancedQuery, pages: result.pages };
}

// Filters Graph serves only from its advanced-query index (reference §2.2, §2.3).
const ADVANCED_QUERY_SYNTAX: readonly RegExp[] = [
  /\bne\b/i, // not equals
  /\bnot\b/i, // negation
  /\bendsWith\s*\(/i,
  /\beq\s+null\b/i,
  /\/\$count\b/i, // counting a collection, e.g. assignedLicenses/$count eq 0
  /\bonPremisesExtensionAttributes\//i,
  /\bonPremisesSamAccountName\b/i,
];

/** Whether a `$filter` needs `$count=true` + `ConsistencyLevel: eventual`. Ignores text inside string literals. */
export function needsAdvancedQuery(filter: string): boolean {
  const withoutLiterals = filter.replace(/'(?:[^']|'')*'/g, "''");
  return ADVANCED_QUERY_SYNTAX.some((pattern) => pattern.test(withoutLiterals));
}

/**
 * One user by object id or UPN; NotFoundError when there is none (yet). `expand` names
 * navigation properties to include, e.g. `extensions` (the user's open extensions).
 */
export async function getUser(graph: GraphClient, user: string, select: readonly string[] = USER_KEY_PROPERTIES, expand: readonly string[] = []): Promise<GraphUser> {
  const problems = [...selectProblems(select), ...selectProblems(expand)];
  if (problems.length > 0) throw new ConfigurationError("invalid user query", problems);
  const context: CallContext = { operation: "reading user", object: user };
  const response = await graph.send({
    method: "GET",
    path: userPath(user),
    query: { $select: selectList(select), $expand: expand.length > 0 ? expand.join(",") : undefined },
    context,
  });
  return asUser(response.body, context, response.requestId);
}

/** Sets the ISO 3166 country licensing needs (reference §3.2). It cannot be cleared once set. */
export async function setUsageLocation(graph: GraphClient, user: string, usageLocation: string): Promise<void> {
  if (!/^[A-Z]{2}$/.test(usageLocation)) {
    throw new ConfigurationError("invalid usage location", [`usageLocation must be an ISO 3166-1 alpha-2 code in capitals, such as "US" or "GB"; got ${JSON.stringify(usageLocation)}`]);
  }
  await graph.send({
    method: "PATCH",
    path: userPath(user),
    body: { usageLocation },
    idempotent: true, // sets an absolute value
    context: { operation: "setting usage location", preposition: "of", object: user },
  });
}

export interface UsersDeltaQuery {
  /** Attributes to track; encoded into the links, so they apply to every later round. */
  readonly select: readonly string[];
  /** The deltaLink of the previous round. @default - start a full round */
  readonly deltaLink?: string;
}

export interface UsersDeltaRound {
  /** Users new or changed since `deltaLink` (every user on a full round). */
  readonly users: readonly GraphUser[];
  readonly removed: readonly RemovedUser[];
  /** Where the next round starts. */
  readonly deltaLink: string;
  /** True when this round lists every user: no deltaLink was given, or it had expired. */
  readonly fullRound: boolean;
  /** Why a given deltaLink was dropped for a full round, e.g. "syncStateNotFound: ...". */
  readonly resyncReason?: string;
  readonly pages: number;
}

/** Error codes that mean "the delta token is no good: synchronize again" (reference §2.4). */
const RESYNC_CODES = new Set(["syncStateNotFound", "resyncRequired"]);

/**
 * One delta round: follows `@odata.nextLink` until a page carries `@odata.deltaLink`. A stored
 * deltaLink that expired (7 days) or is otherwise rejected falls back to a full round, reported
 * in `fullRound` and `resyncReason` and logged as a warning.
 */
export async function usersDelta(graph: GraphClient, query: UsersDeltaQuery): Promise<UsersDeltaRound> {
  const problems = selectProblems(query.select);
  if (problems.length > 0) throw new ConfigurationError("invalid user delta query", problems);
  const context: CallContext = { operation: "reading user changes" };
  const fresh = { method: "GET" as const, path: "/users/delta", query: { $select: selectList(query.select) }, context };
  let resyncReason: string | undefined;
  let result;
  if (query.deltaLink === undefined) {
    result = await graph.getAllPages(fresh);
  } else {
    try {
      result = await graph.getAllPages({ method: "GET", path: query.deltaLink, context });
    } catch (error) {
      if (!isUcflowError(error) || error.code === undefined) throw error;
      const expired = (error.statusCode === 400 || error.statusCode === 410) && RESYNC_CODES.has(error.code);
      // A link to another endpoint (the lab restarted on a new port, the base URL changed).
      const elsewhere = error.statusCode === undefined && error.code === "UnexpectedLink";
      if (!expired && !elsewhere) throw error;
      resyncReason = `${error.code}: ${error.detail ?? "the delta token is no longer valid"}`;
      graph.logger.warn(`graph: the stored users deltaLink was rejected (${resyncReason}); reading every user again`);
      result = await graph.getAllPages(fresh);
    }
  }
  if (result.deltaLink === undefined) throw unexpectedResponse(context, "the last page carried neither @odata.nextLink nor @odata.deltaLink");
  const users: GraphUser[] = [];
  const removed: RemovedUser[] = [];
  for (const item of result.items) {
    const user = asUser(item, context);
    const marker = user["@removed"];
    if (marker !== undefined) {
      const reason = typeof marker === "object" && marker !== null && typeof (marker as { reason?: unknown }).reason === "string" ? (marker as { reason: string }).reason : "deleted";
      removed.push({ id: user.id, reason });
    } else {
      users.push(user);
    }
  }
  return { users, removed, deltaLink: result.deltaLink, fullRound: query.deltaLink === undefined || resyncReason !== undefined, resyncReason, pages: result.pages };
}

/** `/users/{id or UPN}`, encoded (guest UPNs hold `#`); `@` kept readable. */
export function userPath(user: string): string {
  return `/users/${encodeURIComponent(user).replace(/%40/g, "@")}`;
}

/** `$select` with the key properties first and no duplicates. */
export function selectList(select: readonly string[]): string {
  return [...new Set([...USER_KEY_PROPERTIES, ...select])].join(",");
}

function selectProblems(select: readonly string[]): string[] {
  return select.filter((name) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(name)).map((name) => `select entries must be property names; got ${JSON.stringify(name)}`);
}

function asUser(item: unknown, context: CallContext, requestId?: string): GraphUser {
  if (typeof item !== "object" || item === null || typeof (item as { id?: unknown }).id !== "string") {
    throw unexpectedResponse(context, "expected a user object with a string `id`", requestId);
  }
  return item as GraphUser;
}
