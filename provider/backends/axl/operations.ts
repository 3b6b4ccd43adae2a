// The add/get/update/remove/list plumbing the typed operations share: element names from the
// schema description, keys, uuids, and the error context each call names its object with.
import { type AxlClient } from "./client";
import { type Codec, decode, encode } from "./codec";
import { type AxlCallContext } from "./errors";
import { axlObject, fieldNames } from "./schema/description";
import { UcflowError } from "../../core/errors";
import { axlUuid, child, textOf } from "./values";

/** Get, update and remove most objects by name or by uuid. */
export type NameOrUuid = { readonly name: string; readonly uuid?: never } | { readonly uuid: string; readonly name?: never };

/** What a read returns besides the fields: CUCM's uuid of the object. */
export interface Identified {
  /** Upper case in braces, as AXL returns it. */
  readonly uuid: string;
}

/** The request elements of a key: `name`, or `uuid` in AXL's form. */
export function nameOrUuidArgs(key: NameOrUuid): Record<string, unknown> {
  return key.uuid !== undefined ? { uuid: axlUuid(key.uuid) } : { name: key.name };
}

/** A key for messages. */
export function nameOrUuidLabel(key: NameOrUuid): string {
  return key.uuid !== undefined ? axlUuid(key.uuid) : key.name;
}

/** "4001 in Cu1Si1-Internal", or "4001" when the pattern has no partition. */
export function patternLabel(pattern: string, routePartitionName?: string): string {
  return routePartitionName ? `${pattern} in ${routePartitionName}` : pattern;
}

function operationText(verb: string, noun: string, object: string): AxlCallContext {
  return { operation: `${verb} ${noun}`, object };
}

export interface ObjectOperations {
  /** The description's object name, e.g. "Line". */
  readonly object: string;
  /** Words for messages: "line", "route partition". */
  readonly noun: string;
}

/** add<Object>; returns the new object's uuid. */
export async function addObject(client: AxlClient, ops: ObjectOperations, codec: Codec, value: Readonly<Record<string, unknown>>, label: string): Promise<string> {
  const object = axlObject(ops.object);
  const returned = await client.call({
    operation: `add${ops.object}`,
    args: { [object.element]: encode(codec, value, object.type!) },
    context: operationText("adding", ops.noun, label),
  });
  const uuid = textOf(returned);
  return uuid === undefined ? "" : tryUuid(uuid);
}

/** get<Object>: the object's fields per `codec`, with its uuid. NotFoundError when CUCM has none. */
export async function getObject<T>(client: AxlClient, ops: ObjectOperations, codec: Codec, key: Readonly<Record<string, unknown>>, label: string): Promise<T & Identified> {
  const object = axlObject(ops.object);
  const returned = await client.call({ operation: `get${ops.object}`, args: encodeKey(object.key, key), context: operationText("reading", ops.noun, label) });
  return decode<T & Identified>(codec, (returned as Record<string, unknown> | undefined)?.[object.element], true);
}

/** update<Object> with the key and the changed fields. */
export async function updateObject(client: AxlClient, ops: ObjectOperations, codec: Codec, key: Readonly<Record<string, unknown>>, changes: Readonly<Record<string, unknown>>, label: string): Promise<void> {
  const object = axlObject(ops.object);
  const args = { ...encodeKey(object.updateKey ?? object.key, key), ...encode(codec, changes, object.update ?? "") };
  await client.call({ operation: `update${ops.object}`, args: orderedBy(`${object.updateKey ?? object.key} ${object.update ?? ""}`, args), context: operationText("updating", ops.noun, label) });
}

/** remove<Object>. NotFoundError when CUCM has none. */
export async function removeObject(client: AxlClient, ops: ObjectOperations, key: Readonly<Record<string, unknown>>, label: string): Promise<void> {
  const object = axlObject(ops.object);
  await client.call({ operation: `remove${ops.object}`, args: encodeKey(object.key, key), context: operationText("removing", ops.noun, label) });
}

/** list<Object>: every match, with the list fields of the description decoded per `codec`. */
export async function listObjects<T>(client: AxlClient, ops: ObjectOperations, codec: Codec, searchCriteria: Readonly<Record<string, string | undefined>>, plural: string): Promise<(T & Identified)[]> {
  const object = axlObject(ops.object);
  const criteria = Object.fromEntries(Object.entries(searchCriteria).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const allowed = fieldNames(object.searchCriteria);
  const unknown = Object.keys(criteria).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) throw new Error(`list${ops.object}: ${unknown.join(", ")} not among its searchCriteria (${allowed.join(", ")})`);
  const shown = Object.entries(criteria).map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(", ");
  const result = await client.list({
    operation: `list${ops.object}`,
    element: object.element,
    searchCriteria: Object.keys(criteria).length > 0 ? orderedBy(object.searchCriteria, criteria) as Record<string, string> : { [matchAllCriterion(object.key, allowed)]: "%" },
    returnedTags: fieldNames(object.listFields),
    context: { operation: `listing ${plural}`, ...(shown ? { preposition: "matching", object: shown } : {}) },
  });
  return result.rows.map((row) => decode<T & Identified>(codec, row, true));
}

/**
 * The criterion "%" lists everything on: a key field when the list searches by one (userid,
 * pattern, name), which every row has. CUCM's database is Informix, where `LIKE '%'` does not
 * match NULL, so "%" on an optional field (a CSS's description, a user's firstName: the first
 * criteria in Cisco's order) may leave rows out. Pure.
 */
export function matchAllCriterion(keyFields: string, searchCriteria: readonly string[]): string {
  const key = fieldNames(keyFields);
  return searchCriteria.find((criterion) => key.includes(criterion)) ?? searchCriteria[0];
}

/** A key's elements: uuids in AXL's form, foreign keys as text, in the description's order. */
function encodeKey(keyFields: string, key: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(key)) if (value !== undefined) values[name] = name === "uuid" ? axlUuid(String(value)) : value;
  return orderedBy(keyFields, values);
}

/** `values` in the order of a field list; throws for a key the list lacks. */
export function orderedBy(fields: string, values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const names = fieldNames(fields);
  const extra = Object.keys(values).filter((key) => !names.includes(key));
  if (extra.length > 0) throw new Error(`AXL request: ${extra.join(", ")} not in ${JSON.stringify(fields)}`);
  const result: Record<string, unknown> = {};
  for (const name of names) if (values[name] !== undefined) result[name] = values[name];
  return result;
}

/** How one kind of object is keyed, labelled and shaped for its add/get/update/remove/list. */
export interface ObjectKind<Key, Value, Changes> extends ObjectOperations {
  /** Plural words for list messages: "lines". */
  readonly plural: string;
  readonly codec: Codec;
  readonly key: (key: Key) => { readonly args: Record<string, unknown>; readonly label: string };
  /** The object's name in messages. */
  readonly label: (value: Value) => string;
  /** The add request's fields: defaults, required empties. @default - the value as given */
  readonly forAdd?: (value: Value) => Readonly<Record<string, unknown>>;
  /** The update request's fields (may throw for an impossible combination). @default - the changes as given */
  readonly forUpdate?: (changes: Changes) => Readonly<Record<string, unknown>>;
}

/** The five operations of an object kind, as functions of a client. */
export function objectOperations<Key, Value extends object, Rec, Changes extends object, Search extends object>(kind: ObjectKind<Key, Value, Changes>) {
  return {
    /** add<Object>; the new object's uuid. AlreadyExistsError when CUCM has it. */
    add: (client: AxlClient, value: Value): Promise<string> => addObject(client, kind, kind.codec, kind.forAdd ? kind.forAdd(value) : ({ ...value } as Record<string, unknown>), kind.label(value)),
    /** get<Object>; NotFoundError when CUCM has none. */
    get: (client: AxlClient, key: Key): Promise<Rec> => {
      const { args, label } = kind.key(key);
      return getObject<Rec>(client, kind, kind.codec, args, label);
    },
    /** update<Object>: the changed fields (lists are replaced whole unless a delta field is used). */
    update: (client: AxlClient, key: Key, changes: Changes): Promise<void> => {
      const { args, label } = kind.key(key);
      return updateObject(client, kind, kind.codec, args, kind.forUpdate ? kind.forUpdate(changes) : ({ ...changes } as Record<string, unknown>), label);
    },
    /** remove<Object>; NotFoundError when CUCM has none. */
    remove: (client: AxlClient, key: Key): Promise<void> => {
      const { args, label } = kind.key(key);
      return removeObject(client, kind, args, label);
    },
    /** list<Object>: every match (SQL LIKE: % and _), all pages. */
    list: (client: AxlClient, search?: Search): Promise<Rec[]> => listObjects<Rec>(client, kind, kind.codec, { ...(search ?? {}) } as Record<string, string | undefined>, kind.plural),
  };
}

/** get and list of a reference object ucflow reads but does not manage. */
export function referenceOperations<Key, Rec, Search extends object>(kind: Omit<ObjectKind<Key, never, never>, "label">) {
  const all = objectOperations<Key, never, Rec, never, Search>({ ...kind, label: () => "" });
  return { get: all.get, list: all.list };
}

/** Keys by name or uuid, the most common. */
export function byNameOrUuid(key: NameOrUuid): { args: Record<string, unknown>; label: string } {
  return { args: nameOrUuidArgs(key), label: nameOrUuidLabel(key) };
}

function tryUuid(text: string): string {
  try {
    return axlUuid(text);
  } catch {
    return text;
  }
}

/** getCCMVersion in the client's schema version: the full CUCM version, e.g. "15.0.1.12900(234)". */
export async function getCcmVersion(client: AxlClient): Promise<string> {
  const context: AxlCallContext = { operation: "reading the CUCM version", preposition: "at", object: client.endpoint };
  const returned = await client.call({ operation: "getCCMVersion", args: { processNodeName: "" }, context });
  const version = textOf(child(child(returned, "componentVersion"), "version"));
  if (version === undefined) throw new UcflowError({ backend: "axl", ...context }, { code: "UnexpectedResponse", detail: "the getCCMVersion answer has no componentVersion/version", retryable: false });
  return version;
}
