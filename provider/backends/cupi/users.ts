// Voicemail users on Unity Connection: find by alias, create from a template with an extension,
// update, delete; and list the templates. Each write is one call; callers observe first (find
// by alias) and act, so a repeated run adopts or updates instead of creating twice.
import { ConfigurationError, UcflowError } from "../../core/errors";
import { type CupiClient, pathSegment } from "./client";
import type { CupiNewUser, CupiUser, CupiUserChanges, CupiUserTemplate } from "./types";

/** Rows per page for list calls (CUPI's own default is about 2000). */
export const CUPI_PAGE_SIZE = 500;

// CUPI queries have no escaping: a value ends at the closing parenthesis. Aliases that could
// change a query are refused before anything is sent.
const QUERY_UNSAFE = /[()\u0000-\u001f\u007f]/;

/** The user with this alias (compared ignoring case), or undefined. */
export async function findUserByAlias(client: CupiClient, alias: string): Promise<CupiUser | undefined> {
  checkQueryValue("alias", alias);
  const context = { operation: "finding user", preposition: "by alias", object: alias };
  const { body } = await client.send<unknown>({ method: "GET", path: "/users", query: { query: `(alias is ${alias})` }, context });
  const users = listOf(body, "User", context).map(toUser).filter((u) => u.Alias.toLowerCase() === alias.toLowerCase());
  if (users.length > 1) throw new UcflowError({ backend: "cupi", ...context }, { code: "AmbiguousAlias", detail: `${users.length} users answer to alias ${alias}`, retryable: false });
  return users[0];
}

/** Every user whose alias starts with `prefix` (ignoring case), reading all pages. */
export async function listUsersByAliasPrefix(client: CupiClient, prefix: string, pageSize = CUPI_PAGE_SIZE): Promise<CupiUser[]> {
  checkQueryValue("alias prefix", prefix);
  const context = { operation: "listing users", preposition: "with alias prefix", object: prefix };
  const users: CupiUser[] = [];
  for (let page = 1; ; page++) {
    const { body } = await client.send<unknown>({
      method: "GET",
      path: "/users",
      query: { query: `(alias startswith ${prefix})`, rowsPerPage: String(pageSize), pageNumber: String(page) },
      context,
    });
    const rows = listOf(body, "User", context).map(toUser);
    users.push(...rows);
    const total = Number((body as Record<string, unknown> | undefined)?.["@total"] ?? rows.length);
    if (rows.length < pageSize || users.length >= total) return users;
  }
}

/** The user, or a NotFoundError when no user has this id. */
export async function getUser(client: CupiClient, objectId: string): Promise<CupiUser> {
  const { body } = await client.send<Record<string, unknown>>({ method: "GET", path: `/users/${pathSegment(objectId)}`, context: { operation: "reading user", object: objectId } });
  return toUser(body);
}

/**
 * Creates a user with a mailbox from a template, then reads it back. A taken alias or an
 * extension already used in the template's partition is an AlreadyExistsError. Not repeated
 * after a failure that may have been processed (core retry rule for POST).
 */
export async function createUser(client: CupiClient, user: CupiNewUser): Promise<CupiUser> {
  checkNewUser(user);
  const { templateAlias, ...fields } = user;
  const context = { operation: "creating user", object: `${user.Alias} (extension ${user.DtmfAccessId}, template ${templateAlias})` };
  const response = await client.send({ method: "POST", path: "/users", query: { templateAlias }, body: fields, context });
  const location = response.headers.get("location") ?? response.bodyText;
  const objectId = /\/vmrest\/users\/([^/?#\s]+)/.exec(location)?.[1];
  if (!objectId) {
    throw new UcflowError({ backend: "cupi", ...context }, { statusCode: response.status, code: "UnexpectedResponse", detail: "the created user's URI (Location header or body) is missing", retryable: false });
  }
  return getUser(client, decodeURIComponent(objectId));
}

/** Changes the given fields (PUT is absolute, so it may be repeated). */
export async function updateUser(client: CupiClient, objectId: string, changes: CupiUserChanges): Promise<void> {
  const problems: string[] = [];
  if (changes.Alias !== undefined) aliasProblems(changes.Alias, "Alias", problems);
  if (changes.DtmfAccessId !== undefined) extensionProblems(changes.DtmfAccessId, problems);
  if (problems.length > 0) throw new ConfigurationError(`cannot update Unity Connection user ${objectId}`, problems);
  const body: Record<string, string> = {};
  for (const [key, value] of Object.entries(changes)) if (value !== undefined) body[key] = String(value);
  if (Object.keys(body).length === 0) return;
  await client.send({ method: "PUT", path: `/users/${pathSegment(objectId)}`, body, context: { operation: "updating user", object: objectId } });
}

/** Deletes the user and its mailbox; a NotFoundError when it is already gone. */
export async function deleteUser(client: CupiClient, objectId: string): Promise<void> {
  await client.send({ method: "DELETE", path: `/users/${pathSegment(objectId)}`, context: { operation: "deleting user", object: objectId } });
}

export async function listUserTemplates(client: CupiClient): Promise<CupiUserTemplate[]> {
  const context = { operation: "listing user templates" };
  const { body } = await client.send<unknown>({ method: "GET", path: "/usertemplates", query: { rowsPerPage: String(CUPI_PAGE_SIZE) }, context });
  return listOf(body, "UserTemplate", context).map((t) => ({
    ObjectId: text(t.ObjectId) ?? "",
    Alias: text(t.Alias) ?? "",
    ...optional("DisplayName", text(t.DisplayName)),
    ...optional("PartitionObjectId", text(t.PartitionObjectId)),
    ...optional("CosObjectId", text(t.CosObjectId)),
  }));
}

/**
 * The rows of a CUPI list: `{"@total":"N","User":[...]}`, where one row comes as an object
 * rather than a list and none leaves the key out.
 */
function listOf(body: unknown, element: string, context: { operation: string }): Record<string, unknown>[] {
  if (typeof body !== "object" || body === null) throw new UcflowError({ backend: "cupi", ...context }, { code: "UnexpectedResponse", detail: "the list response is not a JSON object", retryable: false });
  const rows = (body as Record<string, unknown>)[element];
  if (rows === undefined) return [];
  return (Array.isArray(rows) ? rows : [rows]).filter((r): r is Record<string, unknown> => typeof r === "object" && r !== null);
}

function toUser(raw: Record<string, unknown> | undefined): CupiUser {
  const r = raw ?? {};
  return {
    ObjectId: text(r.ObjectId) ?? "",
    Alias: text(r.Alias) ?? "",
    DtmfAccessId: text(r.DtmfAccessId) ?? "",
    ...optional("FirstName", text(r.FirstName)),
    ...optional("LastName", text(r.LastName)),
    ...optional("DisplayName", text(r.DisplayName)),
    ...optional("EmailAddress", text(r.EmailAddress)),
    ...optional("PartitionObjectId", text(r.PartitionObjectId)),
    ...optional("CosObjectId", text(r.CosObjectId)),
    ...optional("ListInDirectory", flag(r.ListInDirectory)),
    ...optional("Inactive", flag(r.Inactive)),
    ...optional("IsVmEnrolled", flag(r.IsVmEnrolled)),
    ...optional("Undeletable", flag(r.Undeletable)),
  };
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : undefined;
}

function flag(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  return undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function checkQueryValue(what: string, value: string): void {
  const problems: string[] = [];
  aliasProblems(value, what, problems);
  if (problems.length > 0) throw new ConfigurationError(`cannot search Unity Connection users by ${what}`, problems);
}

function checkNewUser(user: CupiNewUser): void {
  const problems: string[] = [];
  aliasProblems(user.Alias, "Alias", problems);
  extensionProblems(user.DtmfAccessId, problems);
  if (typeof user.templateAlias !== "string" || user.templateAlias.trim() === "") problems.push("templateAlias is empty; name the user template (GET /vmrest/usertemplates lists them)");
  if (problems.length > 0) throw new ConfigurationError(`cannot create Unity Connection user ${JSON.stringify(user.Alias)}`, problems);
}

function aliasProblems(alias: string, what: string, problems: string[]): void {
  if (typeof alias !== "string" || alias.trim() === "") problems.push(`${what} is empty`);
  else if (alias.length > 64) problems.push(`${what} ${JSON.stringify(alias.slice(0, 70))} is longer than 64 characters`);
  else if (QUERY_UNSAFE.test(alias)) problems.push(`${what} ${JSON.stringify(alias)} holds a parenthesis or a control character, which a CUPI query cannot carry`);
}

function extensionProblems(extension: string, problems: string[]): void {
  if (typeof extension !== "string" || !/^[0-9]{1,40}$/.test(extension)) problems.push(`DtmfAccessId must be the extension as 1 to 40 digits; got ${JSON.stringify(extension)}`);
}
