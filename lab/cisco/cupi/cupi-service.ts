// The cupi simulator: the subset of Cisco Unity Connection's provisioning API (CUPI, /vmrest)
// that voicemail for provisioned users needs:
//   GET    /vmrest/users[?query=(alias is x)|(alias startswith x)&rowsPerPage=N&pageNumber=P]
//   GET    /vmrest/users/{objectId}
//   POST   /vmrest/users?templateAlias={alias}     creates a user with a mailbox from the template
//   PUT    /vmrest/users/{objectId}                 a few fields (names, alias, extension, mail, directory listing, inactive)
//   DELETE /vmrest/users/{objectId}
//   GET    /vmrest/usertemplates[/{objectId}]       (query by alias too)
//   GET    /vmrest/partitions
// HTTP Basic authentication (401 otherwise), XML or JSON by Accept, errors as ErrorDetails, the
// extension (DtmfAccessId) unique within its partition, a write rate limit answered with 503 and
// Retry-After. What is documented and what is guessed: docs/lab-unity-connection.md.
import { randomUUID, timingSafeEqual } from "node:crypto";
import { LabHttpError, type LabRequest, type LabResponse } from "../../http/lab-http";
import { defineService, type LabServiceContext, type LabServiceDefinition, type ServiceState } from "../../lab-service";
import { limitPerWindow, TokenBucket } from "../../throttling/token-bucket";
import { parseUserQuery, queryMatches, type UserQuery } from "./query";
import { CUPI_TEMPLATES, decodeCupiState, DEFAULT_CUPI_WRITES, readCupiSeed, seedCupi } from "./seed";
import type { CupiState, CupiUser, CupiUserTemplate } from "./types";
import { errorResponse, listResponse, objectResponse, requestFields, responseFormat, type WireFormat, type WireObject } from "./wire-format";

/** Rows per page when rowsPerPage is not given (a guess; Cisco's example for user licenses says 2001). */
export const CUPI_DEFAULT_ROWS_PER_PAGE = 2000;

/** Fields a create or update may set, and how each is read. */
const WRITABLE_FIELDS = {
  Alias: "text",
  DtmfAccessId: "text",
  FirstName: "text",
  LastName: "text",
  DisplayName: "text",
  EmailAddress: "text",
  ListInDirectory: "boolean",
  Inactive: "boolean",
} as const;
type WritableField = keyof typeof WRITABLE_FIELDS;
type UserChanges = { -readonly [K in WritableField]?: (typeof WRITABLE_FIELDS)[K] extends "boolean" ? boolean : string };

interface Call {
  readonly req: LabRequest;
  readonly format: WireFormat;
  readonly state: ServiceState<CupiState>;
  readonly lab: LabServiceContext;
  readonly params: Readonly<Record<string, string>>;
}

interface Route {
  readonly method: string;
  readonly path: RegExp;
  handle(call: Call): LabResponse | Promise<LabResponse>;
}

const USER_PATH = /^\/vmrest\/users\/(?<id>[^/]+)\/?$/i;

export function createCupiService(now: () => number = Date.now): LabServiceDefinition<CupiState> {
  const writes = new TokenBucket("cupi.writes", limitPerWindow(DEFAULT_CUPI_WRITES.limit, DEFAULT_CUPI_WRITES.windowSeconds), now());
  // What GET /throttling reports as enabled: the setting as of the last write.
  let enforced = true;

  const routes: readonly Route[] = [
    { method: "GET", path: /^\/vmrest\/users\/?$/i, handle: listUsers },
    { method: "POST", path: /^\/vmrest\/users\/?$/i, handle: createUser },
    { method: "GET", path: USER_PATH, handle: getUser },
    { method: "PUT", path: USER_PATH, handle: updateUser },
    { method: "DELETE", path: USER_PATH, handle: deleteUser },
    { method: "GET", path: /^\/vmrest\/usertemplates\/?$/i, handle: listTemplates },
    { method: "GET", path: /^\/vmrest\/usertemplates\/(?<id>[^/]+)\/?$/i, handle: getTemplate },
    { method: "GET", path: /^\/vmrest\/partitions\/?$/i, handle: listPartitions },
  ];

  const handle = async (req: LabRequest, state: ServiceState<CupiState>, lab: LabServiceContext): Promise<LabResponse> => {
    const format = responseFormat(req);
    try {
      authenticate(req, state.current);
      if (req.method !== "GET") admitWrite(state.current);
      const allowed: string[] = [];
      for (const route of routes) {
        const match = route.path.exec(req.path);
        if (!match) continue;
        if (route.method !== req.method) {
          allowed.push(route.method);
          continue;
        }
        const params: Record<string, string> = {};
        for (const [name, value] of Object.entries(match.groups ?? {})) params[name] = decodeSegment(value as string);
        return await route.handle({ req, format, state, lab, params });
      }
      if (allowed.length > 0) throw new LabHttpError(405, "METHOD_NOT_ALLOWED", `${req.path} accepts ${allowed.join(", ")}, not ${req.method}.`, { allow: allowed.join(", ") });
      throw new LabHttpError(404, "NOT_FOUND", `The lab's Unity Connection simulator has no resource ${req.path} (see docs/lab-unity-connection.md).`);
    } catch (error) {
      if (error instanceof LabHttpError) return errorResponse(format, error);
      throw error;
    }
  };

  const admitWrite = (state: CupiState): void => {
    const { enabled, writes: limit } = state.throttling;
    enforced = enabled;
    const nowMs = now();
    writes.setLimit(limitPerWindow(limit.limit, limit.windowSeconds), nowMs);
    if (!enabled) {
      writes.account(1);
      return;
    }
    const result = writes.check(1, nowMs);
    if (!result.ok) {
      writes.refused();
      throw new LabHttpError(503, "SERVICE_UNAVAILABLE", `The server is busy: the lab's Unity Connection takes at most ${limit.limit} writes per ${limit.windowSeconds} s (lab setting throttling.writes). Retry after ${result.retryAfterSeconds} seconds.`, { "retry-after": String(result.retryAfterSeconds) });
    }
    writes.take(1, nowMs);
  };

  return defineService<CupiState>({
    name: "cupi",
    initialState: () => {
      writes.fill(now());
      return seedCupi();
    },
    decodeState: decodeCupiState,
    seed: (state, data) => {
      const seed = readCupiSeed(data);
      const next = structuredClone(state);
      seed.users.forEach((user, i) => {
        try {
          next.users.push(newUser(next, user.templateAlias, user.fields));
        } catch (error) {
          if (error instanceof LabHttpError) throw new LabHttpError(400, "InvalidSeed", `seed data for cupi: data.users[${i}]: ${error.message}`);
          throw error;
        }
      });
      if (seed.throttling?.enabled !== undefined) next.throttling.enabled = seed.throttling.enabled;
      if (seed.throttling?.writes) next.throttling.writes = { ...seed.throttling.writes };
      return next;
    },
    faultResponse: (fault) => ({
      status: fault.status,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ errors: { code: fault.status === 503 ? "SERVICE_UNAVAILABLE" : "LAB_INJECTED_FAULT", message: `The server answered ${fault.status} (lab fault rule ${fault.ruleId}).` } }),
    }),
    throttling: {
      report: () => ({ enabled: enforced, buckets: [{ ...writes.report(now()), scope: "Server" }] }),
      reset: () => writes.resetCounters(now()),
    },
    routes: ["GET", "POST", "PUT", "DELETE", "PATCH"].map((method) => ({ method, path: /^\/.*$/, handle })),
  });
}

// ---------------------------------------------------------------------------------------------

function authenticate(req: LabRequest, state: CupiState): void {
  const header = typeof req.headers.authorization === "string" ? req.headers.authorization : "";
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  const decoded = match ? Buffer.from(match[1] as string, "base64").toString("utf8") : "";
  const colon = decoded.indexOf(":");
  const ok = colon > 0 && same(decoded.slice(0, colon), state.credentials.username) && same(decoded.slice(colon + 1), state.credentials.password);
  if (!ok) {
    throw new LabHttpError(401, "AUTHENTICATION_FAILED", header === "" ? "Authentication is required: send HTTP Basic credentials of an account with the System Administrator role." : "The user name or password is not valid.", {
      "www-authenticate": 'Basic realm="Cisco Unity Connection"',
    });
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function decodeSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new LabHttpError(400, "INVALID_PARAMETER", `The path segment ${value} is not valid percent-encoding.`);
  }
}

function listUsers(call: Call): LabResponse {
  const query = queryOf(call.req, ["alias", "dtmfaccessid", "objectid", "emailaddress", "firstname", "lastname", "displayname"]);
  const matching = call.state.current.users.filter((u) => query === undefined || queryMatches(query, userColumn(u, query.column)));
  matching.sort((a, b) => (a.Alias.toLowerCase() < b.Alias.toLowerCase() ? -1 : a.Alias.toLowerCase() > b.Alias.toLowerCase() ? 1 : 0));
  const page = pageOf(call.req, matching);
  return listResponse(call.format, "Users", "User", page.map((u) => renderUser(call.state.current, u)), matching.length);
}

function getUser(call: Call): LabResponse {
  return objectResponse(call.format, "User", renderUser(call.state.current, findUser(call.state.current, call.params.id as string)));
}

async function createUser(call: Call): Promise<LabResponse> {
  const templateAlias = call.req.query.get("templateAlias") ?? call.req.query.get("templatealias");
  if (!templateAlias) throw new LabHttpError(400, "INVALID_PARAMETER", "templateAlias is required: POST /vmrest/users?templateAlias=<user template alias> (list them with GET /vmrest/usertemplates).");
  const fields = requestFields(call.req, "User");
  let created: CupiUser | undefined;
  await call.state.update((state) => {
    created = newUser(state, templateAlias, fields);
    state.users.push(created);
  });
  const path = `/vmrest/users/${(created as CupiUser).ObjectId}`;
  return { status: 201, headers: { "content-type": "text/plain", location: `${call.lab.url}${path}` }, body: path };
}

async function updateUser(call: Call): Promise<LabResponse> {
  const current = findUser(call.state.current, call.params.id as string);
  const changes = readChanges(requestFields(call.req, "User"));
  checkUnique(call.state.current, { ...current, ...changes }, current.ObjectId);
  await call.state.update((state) => {
    const user = state.users.find((u) => u.ObjectId === current.ObjectId) as CupiUser;
    Object.assign(user, changes);
  });
  return { status: 204 };
}

async function deleteUser(call: Call): Promise<LabResponse> {
  const user = findUser(call.state.current, call.params.id as string);
  if (user.Undeletable) throw new LabHttpError(400, "DATA_EXCEPTION", `User ${user.Alias} is a system mailbox and cannot be deleted.`);
  await call.state.update((state) => {
    state.users.splice(state.users.findIndex((u) => u.ObjectId === user.ObjectId), 1);
  });
  return { status: 204 };
}

function listTemplates(call: Call): LabResponse {
  const query = queryOf(call.req, ["alias", "objectid", "displayname"]);
  const templates = call.state.current.templates.filter((t) => query === undefined || queryMatches(query, templateColumn(t, query.column)));
  const page = pageOf(call.req, templates);
  return listResponse(call.format, "UserTemplates", "UserTemplate", page.map((t) => renderTemplate(call.state.current, t)), templates.length);
}

function getTemplate(call: Call): LabResponse {
  const template = call.state.current.templates.find((t) => t.ObjectId.toLowerCase() === (call.params.id as string).toLowerCase());
  if (!template) throw new LabHttpError(404, "NOT_FOUND", `No user template has ObjectId ${call.params.id}.`);
  return objectResponse(call.format, "UserTemplate", renderTemplate(call.state.current, template));
}

function listPartitions(call: Call): LabResponse {
  const partitions = call.state.current.partitions;
  return listResponse(call.format, "Partitions", "Partition", partitions.map((p) => ({ URI: `/vmrest/partitions/${p.ObjectId}`, ObjectId: p.ObjectId, Name: p.Name, Description: p.Description })), partitions.length);
}

// ---------------------------------------------------------------------------------------------

function queryOf(req: LabRequest, columns: readonly string[]): UserQuery | undefined {
  const text = req.query.get("query");
  if (text === null || text === "") return undefined;
  const parsed = parseUserQuery(text);
  if ("problem" in parsed) throw new LabHttpError(400, "INVALID_PARAMETER", parsed.problem);
  if (!columns.includes(parsed.column)) throw new LabHttpError(400, "INVALID_PARAMETER", `Queries on this resource take the indexed columns ${columns.join(", ")}; got ${parsed.column}.`);
  return parsed;
}

/** rowsPerPage and pageNumber (from 1); pageNumber 0 asks only for the total. */
function pageOf<T>(req: LabRequest, items: readonly T[]): readonly T[] {
  const number = (name: string, fallback: number, min: number): number => {
    const text = req.query.get(name);
    if (text === null) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new LabHttpError(400, "INVALID_PARAMETER", `${name} must be a whole number of at least ${min}; got ${JSON.stringify(text)}.`);
    return value;
  };
  const rows = number("rowsPerPage", CUPI_DEFAULT_ROWS_PER_PAGE, 0);
  const page = number("pageNumber", 1, 0);
  if (rows === 0 || page === 0) return [];
  return items.slice((page - 1) * rows, page * rows);
}

function userColumn(user: CupiUser, column: string): string | undefined {
  switch (column) {
    case "alias":
      return user.Alias;
    case "dtmfaccessid":
      return user.DtmfAccessId;
    case "objectid":
      return user.ObjectId;
    case "emailaddress":
      return user.EmailAddress;
    case "firstname":
      return user.FirstName;
    case "lastname":
      return user.LastName;
    default:
      return user.DisplayName;
  }
}

function templateColumn(template: CupiUserTemplate, column: string): string {
  return column === "alias" ? template.Alias : column === "objectid" ? template.ObjectId : template.DisplayName;
}

function findUser(state: CupiState, objectId: string): CupiUser {
  const user = state.users.find((u) => u.ObjectId.toLowerCase() === objectId.toLowerCase());
  if (!user) throw new LabHttpError(404, "NOT_FOUND", `No user has ObjectId ${objectId}.`);
  return user;
}

/** A new user from a template, checked; throws a LabHttpError naming the first problem. */
function newUser(state: CupiState, templateAlias: string, fields: Readonly<Record<string, unknown>>): CupiUser {
  const template = state.templates.find((t) => t.Alias.toLowerCase() === templateAlias.toLowerCase());
  if (!template) {
    throw new LabHttpError(400, "INVALID_PARAMETER", `templateAlias ${templateAlias} does not name a user template; the templates are ${state.templates.map((t) => t.Alias).join(", ")}.`);
  }
  const changes = readChanges(fields);
  if (!changes.Alias) throw new LabHttpError(400, "INVALID_PARAMETER", "Alias is required to create a user.");
  if (!changes.DtmfAccessId) throw new LabHttpError(400, "INVALID_PARAMETER", "DtmfAccessId (the extension) is required to create a user with a mailbox.");
  const names = [changes.FirstName, changes.LastName].filter((n): n is string => n !== undefined && n !== "");
  const user: CupiUser = {
    ObjectId: randomUUID(),
    Alias: changes.Alias,
    DtmfAccessId: changes.DtmfAccessId,
    ...(changes.FirstName !== undefined ? { FirstName: changes.FirstName } : {}),
    ...(changes.LastName !== undefined ? { LastName: changes.LastName } : {}),
    DisplayName: changes.DisplayName ?? (names.length > 0 ? names.join(" ") : changes.Alias),
    ...(changes.EmailAddress !== undefined ? { EmailAddress: changes.EmailAddress } : {}),
    PartitionObjectId: template.PartitionObjectId,
    CosObjectId: template.CosObjectId,
    TimeZone: template.TimeZone,
    Language: template.Language,
    ListInDirectory: changes.ListInDirectory ?? template.ListInDirectory,
    IsVmEnrolled: template.IsVmEnrolled,
    Inactive: changes.Inactive ?? false,
    Undeletable: false,
    CreationTime: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    MailboxStoreName: "Unity Messaging Database -1",
    TemplateObjectId: template.ObjectId,
  };
  checkUnique(state, user, undefined);
  return user;
}

/** The writable fields of a body, checked; anything else is refused by name. */
function readChanges(fields: Readonly<Record<string, unknown>>): UserChanges {
  const changes: UserChanges = {};
  for (const [name, raw] of Object.entries(fields)) {
    const kind = WRITABLE_FIELDS[name as WritableField];
    if (kind === undefined) {
      throw new LabHttpError(400, "INVALID_PARAMETER", `The lab's Unity Connection does not set ${name}; it takes ${Object.keys(WRITABLE_FIELDS).join(", ")} (docs/lab-unity-connection.md).`);
    }
    if (kind === "boolean") {
      const text = String(raw).toLowerCase();
      if (text !== "true" && text !== "false") throw new LabHttpError(400, "INVALID_PARAMETER", `${name} must be true or false; got ${JSON.stringify(raw)}.`);
      (changes as Record<string, unknown>)[name] = text === "true";
      continue;
    }
    if (typeof raw !== "string" && typeof raw !== "number") throw new LabHttpError(400, "INVALID_PARAMETER", `${name} must be text; got ${JSON.stringify(raw)}.`);
    const text = String(raw);
    if (/[\u0000-\u001f\u007f]/.test(text)) throw new LabHttpError(400, "INVALID_PARAMETER", `${name} must not hold control characters.`);
    (changes as Record<string, unknown>)[name] = text;
  }
  if (changes.Alias !== undefined && (changes.Alias === "" || changes.Alias.length > 64 || /[()<>"\\]/.test(changes.Alias))) {
    throw new LabHttpError(400, "INVALID_PARAMETER", `Alias must be 1 to 64 characters without ( ) < > " or \\; got ${JSON.stringify(changes.Alias)}.`);
  }
  if (changes.DtmfAccessId !== undefined && !/^[0-9]{1,40}$/.test(changes.DtmfAccessId)) {
    throw new LabHttpError(400, "INVALID_PARAMETER", `DtmfAccessId must be 1 to 40 digits; got ${JSON.stringify(changes.DtmfAccessId)}.`);
  }
  return changes;
}

/** Alias unique on the server, extension unique in the partition (`self` is the user being changed). */
function checkUnique(state: CupiState, user: Pick<CupiUser, "Alias" | "DtmfAccessId" | "PartitionObjectId">, self: string | undefined): void {
  const others = state.users.filter((u) => u.ObjectId !== self);
  const alias = others.find((u) => u.Alias.toLowerCase() === user.Alias.toLowerCase());
  if (alias) throw new LabHttpError(400, "DATA_EXCEPTION", `Alias ${user.Alias} is already used by user ${alias.ObjectId}.`);
  const extension = others.find((u) => u.PartitionObjectId === user.PartitionObjectId && u.DtmfAccessId === user.DtmfAccessId);
  if (extension) {
    const partition = state.partitions.find((p) => p.ObjectId === user.PartitionObjectId)?.Name ?? user.PartitionObjectId;
    throw new LabHttpError(400, "DATA_EXCEPTION", `DtmfAccessId ${user.DtmfAccessId} is already in use in partition ${partition} (by ${extension.Alias}).`);
  }
}

function renderUser(state: CupiState, user: CupiUser): WireObject {
  return {
    URI: `/vmrest/users/${user.ObjectId}`,
    ObjectId: user.ObjectId,
    FirstName: user.FirstName,
    LastName: user.LastName,
    Alias: user.Alias,
    DisplayName: user.DisplayName,
    EmailAddress: user.EmailAddress,
    TimeZone: user.TimeZone,
    CreationTime: user.CreationTime,
    CosObjectId: user.CosObjectId,
    CosURI: `/vmrest/coses/${user.CosObjectId}`,
    Language: user.Language,
    ListInDirectory: user.ListInDirectory,
    IsVmEnrolled: user.IsVmEnrolled,
    DtmfAccessId: user.DtmfAccessId,
    PartitionObjectId: user.PartitionObjectId,
    PartitionURI: `/vmrest/partitions/${user.PartitionObjectId}`,
    Inactive: user.Inactive,
    Undeletable: user.Undeletable,
    IsTemplate: false,
    MailboxStoreName: user.MailboxStoreName,
    SmtpAddress: `${user.Alias.replace(/[^A-Za-z0-9._-]/g, "")}@${state.serverName}.example.com`,
  };
}

function renderTemplate(state: CupiState, template: CupiUserTemplate): WireObject {
  return {
    URI: `/vmrest/usertemplates/${template.ObjectId}`,
    ObjectId: template.ObjectId,
    Alias: template.Alias,
    DisplayName: template.DisplayName,
    TimeZone: template.TimeZone,
    CreationTime: template.CreationTime,
    CosObjectId: template.CosObjectId,
    CosURI: `/vmrest/coses/${template.CosObjectId}`,
    Language: template.Language,
    ListInDirectory: template.ListInDirectory,
    IsVmEnrolled: template.IsVmEnrolled,
    PartitionObjectId: template.PartitionObjectId,
    PartitionURI: `/vmrest/partitions/${template.PartitionObjectId}`,
    IsTemplate: true,
    IsDefaultTemplate: template.Alias === CUPI_TEMPLATES.default && state.templates[0]?.ObjectId === template.ObjectId,
  };
}
