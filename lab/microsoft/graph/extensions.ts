// Open extensions on users (docs-contrib api-reference/v1.0/api/opentypeextension-*.md,
// concepts/extensibility-overview.md, concepts/extensibility-open-users.md):
//   POST   /users/{id|upn}/extensions          {"@odata.type":"microsoft.graph.openTypeExtension","extensionName":"com.x", ...} -> 201
//   GET    /users/{id|upn}/extensions          -> the collection
//   GET    /users/{id|upn}/extensions/{name}   -> the extension
//   PATCH  /users/{id|upn}/extensions/{name}   -> 204; the body replaces the custom data (directory objects)
//   DELETE /users/{id|upn}/extensions/{name}   -> 204
// and `$expand=extensions` on GET /users and GET /users/{id}. On directory objects an
// extension's id is its name; the data are primitives or arrays of primitives; an application
// may add at most two open extensions to one user, each at most 2 KB with its definition.
import type { LabResponse } from "../../http/lab-http";
import { GRAPH_PERMISSIONS } from "../entra/resources";
import type { DirectoryUser, ExtensionValue, OpenExtension } from "../tenant/types";
import { type GraphCall, type GraphRoute, objectBody, parseGraphFilter, V1_ONLY } from "./graph-call";
import { GraphError, noContent, ok } from "./graph-http";
import { requireUser } from "./users";

/** The documented limits on directory objects (extensibility-overview.md, "Comparison of extension types"). */
export const OPEN_EXTENSION_LIMITS = {
  /** Open extensions one application may create on one user. */
  perApplication: 2,
  /** Bytes of one open extension, its definition (@odata.type, extensionName, id) included. */
  maxBytes: 2048,
} as const;

export const OPEN_EXTENSION_TYPE = "microsoft.graph.openTypeExtension";
const QUALIFIED_PREFIX = `${OPEN_EXTENSION_TYPE}.`.toLowerCase();
const DEFINITION = new Set(["extensionname", "id"]);

export const extensionRoutes: readonly GraphRoute[] = [
  { method: "GET", path: /^\/users\/(?<user>[^/]+)\/extensions\/?$/, versions: V1_ONLY, permissions: GRAPH_PERMISSIONS.usersRead, handle: listExtensions },
  { method: "POST", path: /^\/users\/(?<user>[^/]+)\/extensions\/?$/, versions: V1_ONLY, permissions: GRAPH_PERMISSIONS.usersWrite, handle: createExtension },
  { method: "GET", path: /^\/users\/(?<user>[^/]+)\/extensions\/(?<extension>[^/]+)$/, versions: V1_ONLY, permissions: GRAPH_PERMISSIONS.usersRead, handle: getExtension },
  { method: "PATCH", path: /^\/users\/(?<user>[^/]+)\/extensions\/(?<extension>[^/]+)$/, versions: V1_ONLY, permissions: GRAPH_PERMISSIONS.usersWrite, handle: updateExtension },
  { method: "DELETE", path: /^\/users\/(?<user>[^/]+)\/extensions\/(?<extension>[^/]+)$/, versions: V1_ONLY, permissions: GRAPH_PERMISSIONS.usersWrite, handle: deleteExtension },
];

/** The extension as Graph returns it: type, name, id (the name on directory objects), then the data. */
export function extensionJson(extension: OpenExtension): Record<string, unknown> {
  return { "@odata.type": `#${OPEN_EXTENSION_TYPE}`, extensionName: extension.extensionName, id: extension.extensionName, ...structuredClone(extension.data) };
}

/** The byte size the 2 KB limit applies to: the extension's JSON, definition included. */
export function extensionBytes(extension: OpenExtension): number {
  return Buffer.byteLength(JSON.stringify(extensionJson(extension)), "utf8");
}

/** An extension by name or by fully qualified name ("microsoft.graph.openTypeExtension.<name>"), case-insensitive. */
export function findExtension(user: DirectoryUser, name: string): OpenExtension | undefined {
  let wanted = name.toLowerCase();
  if (wanted.startsWith(QUALIFIED_PREFIX)) wanted = wanted.slice(QUALIFIED_PREFIX.length);
  return user.extensions?.find((extension) => extension.extensionName.toLowerCase() === wanted);
}

function extensionNotFound(name: string): GraphError {
  return new GraphError(404, "Request_ResourceNotFound", `Resource '${name}' does not exist or one of its queried reference-property objects are not present.`);
}

const QUERY_OPTIONS = ["$filter", "$select", "$top", "$orderby", "$search", "$count", "$skip", "$expand"];

/** "Open extensions don't support any OData query parameters." */
function refuseQueryOptions(call: GraphCall): void {
  const given = QUERY_OPTIONS.find((option) => call.req.query.has(option));
  if (given) throw new GraphError(400, "Request_UnsupportedQuery", `Open extensions do not support query options; got ${given}.`);
}

/** The custom data of a POST or PATCH body; every problem is a 400 naming the property. */
function readData(body: Record<string, unknown>): Record<string, ExtensionValue> {
  const data: Record<string, ExtensionValue> = {};
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith("@odata.") || DEFINITION.has(name.toLowerCase())) continue;
    if (name.includes("@")) throw new GraphError(400, "BadRequest", `Property annotation '${name}' is not supported on open extensions of directory objects.`);
    if (!isExtensionValue(value)) {
      throw new GraphError(400, "BadRequest", `Invalid value for property '${name}' of the open extension: only primitive values (strings, numbers, true or false, null) and arrays of them can be stored.`);
    }
    data[name] = value;
  }
  return data;
}

function isPrimitive(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
}

function isExtensionValue(value: unknown): value is ExtensionValue {
  return value === null || isPrimitive(value) || (Array.isArray(value) && value.every(isPrimitive));
}

function checkType(body: Record<string, unknown>, required: boolean): void {
  const type = body["@odata.type"];
  if (type === undefined && !required) return;
  if (typeof type !== "string" || type.replace(/^#/, "").toLowerCase() !== OPEN_EXTENSION_TYPE.toLowerCase()) {
    throw new GraphError(400, "BadRequest", `An open extension needs "@odata.type": "${OPEN_EXTENSION_TYPE}"; got ${type === undefined ? "none" : JSON.stringify(type)}.`);
  }
}

/** The name a body gives (extensionName, or id as some samples write it); both must agree. */
function nameOf(body: Record<string, unknown>): string | undefined {
  const given = Object.entries(body).filter(([key]) => DEFINITION.has(key.toLowerCase())).map(([key, value]) => ({ key, value }));
  for (const { key, value } of given) {
    if (typeof value !== "string" || value.trim() === "" || /[/\\?#\s]/.test(value) || value.length > 256) {
      throw new GraphError(400, "BadRequest", `The open extension's ${key} must be a name such as "com.contoso.roamingSettings" (no spaces, slashes, ? or #, at most 256 characters); got ${JSON.stringify(value)}.`);
    }
  }
  const names = [...new Set(given.map(({ value }) => (value as string).toLowerCase()))];
  if (names.length > 1) throw new GraphError(400, "BadRequest", `The open extension's extensionName and id differ (${given.map(({ key, value }) => `${key} ${JSON.stringify(value)}`).join(", ")}); on directory objects the id is the extension name.`);
  const first = given[0]?.value as string | undefined;
  return first?.replace(new RegExp(`^${QUALIFIED_PREFIX.replace(/\./g, "\\.")}`, "i"), "");
}

function checkSize(extension: OpenExtension): void {
  const bytes = extensionBytes(extension);
  if (bytes > OPEN_EXTENSION_LIMITS.maxBytes) {
    throw new GraphError(400, "Request_BadRequest", `The open extension '${extension.extensionName}' would hold ${bytes} bytes; an open extension on a user holds at most 2 KB (${OPEN_EXTENSION_LIMITS.maxBytes} bytes), its definition (@odata.type, extensionName, id) included.`);
  }
}

function context(call: GraphCall, user: DirectoryUser, entity: boolean): string {
  return `${call.base}/${call.version}/$metadata#users('${user.properties.id}')/extensions${entity ? "/$entity" : ""}`;
}

function listExtensions(call: GraphCall): LabResponse {
  refuseQueryOptions(call);
  const user = requireUser(call, call.params.user ?? "");
  return ok({ "@odata.context": context(call, user, false), value: (user.extensions ?? []).map(extensionJson) });
}

function getExtension(call: GraphCall): LabResponse {
  refuseQueryOptions(call);
  const user = requireUser(call, call.params.user ?? "");
  const extension = findExtension(user, call.params.extension ?? "");
  if (!extension) throw extensionNotFound(call.params.extension ?? "");
  return ok({ "@odata.context": context(call, user, true), ...extensionJson(extension) });
}

async function createExtension(call: GraphCall): Promise<LabResponse> {
  const body = objectBody(call.req);
  const user = requireUser(call, call.params.user ?? "", false);
  checkType(body, true);
  const name = nameOf(body);
  if (name === undefined) throw new GraphError(400, "BadRequest", `An open extension needs an extensionName, such as "com.contoso.roamingSettings".`);
  const extension: OpenExtension = { extensionName: name, creatorAppId: call.auth.appid, data: readData(body) };
  if (findExtension(user, name)) throw new GraphError(409, "Request_MultipleObjectsWithSameKeyValue", "Another object with the same value for property extensionName already exists.");
  const mine = (user.extensions ?? []).filter((existing) => existing.creatorAppId === call.auth.appid);
  if (mine.length >= OPEN_EXTENSION_LIMITS.perApplication) {
    throw new GraphError(400, "Request_BadRequest", `Application ${call.auth.appid} already has ${mine.length} open extensions on user '${user.properties.userPrincipalName}' (${mine.map((existing) => existing.extensionName).join(", ")}); one application may add at most ${OPEN_EXTENSION_LIMITS.perApplication} to a user. Delete one or store the data in an existing one.`);
  }
  checkSize(extension);
  await call.update(() => {
    (user.extensions ??= []).push(extension);
  });
  return ok({ "@odata.context": context(call, user, true), ...extensionJson(extension) }, 201);
}

async function updateExtension(call: GraphCall): Promise<LabResponse> {
  const body = objectBody(call.req);
  const user = requireUser(call, call.params.user ?? "", false);
  const extension = findExtension(user, call.params.extension ?? "");
  if (!extension) throw extensionNotFound(call.params.extension ?? "");
  checkType(body, false);
  const name = nameOf(body);
  if (name !== undefined && name.toLowerCase() !== extension.extensionName.toLowerCase()) {
    throw new GraphError(400, "BadRequest", `The body names open extension '${name}', but the request is for '${extension.extensionName}'; an extension cannot be renamed.`);
  }
  // Directory objects: the body is the whole custom data; properties it leaves out are deleted, null keeps the property empty.
  const next: OpenExtension = { ...extension, data: readData(body) };
  checkSize(next);
  await call.update(() => {
    extension.data = next.data;
  });
  return noContent();
}

async function deleteExtension(call: GraphCall): Promise<LabResponse> {
  const user = requireUser(call, call.params.user ?? "", false);
  const extension = findExtension(user, call.params.extension ?? "");
  if (!extension) throw extensionNotFound(call.params.extension ?? "");
  await call.update(() => {
    user.extensions = (user.extensions ?? []).filter((existing) => existing !== extension);
    if (user.extensions.length === 0) delete user.extensions;
  });
  return noContent();
}

// ---------------------------------------------------------------------------------------------
// $expand=extensions on users

/** What `$expand` asks of a user: its extensions, all or those with the given ids. */
export interface ExtensionExpansion {
  /** Lower-case names from `extensions($filter=id eq '...')`; undefined for all. */
  readonly only?: readonly string[];
}

/** Navigation properties of user Graph has that the lab does not expand. */
const OTHER_NAVIGATION = new Set(["manager", "directreports", "memberof", "transitivememberof", "ownedobjects", "registeredowners", "licensedetails", "createdobjects", "ownedDevices".toLowerCase(), "registereddevices", "approleassignments", "photo", "drive", "calendar", "events", "messages", "contacts"]);

/**
 * `$expand` on users: `extensions` or `extensions($filter=id eq '<name>')` (the form the
 * docs give for directory objects); anything else answers Graph's 400s.
 */
export function parseUserExpand(raw: string | null): ExtensionExpansion | undefined {
  if (raw === null || raw.trim() === "") return undefined;
  let expansion: ExtensionExpansion | undefined;
  for (const part of splitTopLevel(raw)) {
    const match = /^\s*([A-Za-z]+)\s*(?:\((.*)\))?\s*$/s.exec(part);
    const property = match?.[1] ?? part.trim();
    if (!match || property.toLowerCase() !== "extensions") {
      if (OTHER_NAVIGATION.has(property.toLowerCase())) throw new GraphError(400, "Request_BadRequest", `The lab's Graph simulator expands only extensions on users, not ${property}.`);
      throw new GraphError(400, "BadRequest", `Parsing OData Select and Expand failed: Could not find a property named '${property}' on type 'microsoft.graph.user'.`);
    }
    expansion = { ...(match[2] !== undefined ? { only: expansionFilter(match[2]) } : {}) };
  }
  return expansion;
}

function expansionFilter(options: string): string[] {
  const filter = /^\s*\$filter\s*=\s*(.*)$/s.exec(options);
  if (!filter) throw new GraphError(400, "BadRequest", `Parsing OData Select and Expand failed: extensions takes only $filter=id eq '<extension name>', got (${options}).`);
  const node = parseGraphFilter(filter[1] as string);
  const ids: string[] = [];
  const walk = (current: typeof node): void => {
    if (current.kind === "or") {
      walk(current.left);
      walk(current.right);
    } else if (current.kind === "compare" && current.op === "eq" && current.path.toLowerCase() === "id" && current.value.type === "string") {
      ids.push(current.value.value.toLowerCase().replace(QUALIFIED_PREFIX, ""));
    } else {
      throw new GraphError(400, "BadRequest", `Invalid filter clause: an expansion of extensions filters only on id, as id eq '<extension name>'.`);
    }
  };
  walk(node);
  return ids;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "(") depth += 1;
    if (ch === ")") depth -= 1;
    if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** The `extensions` property of an expanded user. */
export function expandedExtensions(user: DirectoryUser, expansion: ExtensionExpansion): Record<string, unknown>[] {
  return (user.extensions ?? [])
    .filter((extension) => expansion.only === undefined || expansion.only.includes(extension.extensionName.toLowerCase()))
    .map(extensionJson);
}
