// Plain TypeScript objects to AXL elements and back. The typed operations name their fields
// exactly as AXL does (`devicePoolName`, `callForwardAll`), so one table per shape says only how
// each field is written: text, a foreign key, a boolean, an integer, a nested element or a list.
// Requests come out in the order of the schema description (so the order is Cisco's whatever
// WSDL node-soap uses, even inside nested choices where node-soap keeps object order), and a
// field the description lacks is a programming error caught by the tests.
import { fieldNames, TYPES } from "./schema/description";
import { arrayOf, booleanOf, child, compact, integerOf, textOf, uuidOf } from "./values";

export type FieldKind =
  | "text"
  /** A foreign key: the referenced object's name ("" clears it). */
  | "fk"
  | "boolean"
  | "integer"
  /** A nested element of a TYPES type. */
  | { readonly object: string; readonly codec: Codec }
  /** A wrapper element holding repeated `item` elements: `members/member`. `of` is a codec or a leaf kind. */
  | { readonly list: string; readonly type?: string; readonly of: Codec | "text" | "fk" }
  /** The field's own element repeated, with no wrapper: `localRouteGroup`. */
  | { readonly repeated: string; readonly codec: Codec };

export type Codec = Readonly<Record<string, FieldKind>>;

/** A codec covering exactly the keys of T (a missing or extra key does not compile). */
export type CodecOf<T> = { readonly [K in keyof Required<T>]: FieldKind };

function leafValue(kind: "text" | "fk" | "boolean" | "integer", value: unknown): unknown {
  if (value === null) return null;
  if (kind === "boolean") return value ? "true" : "false";
  return String(value);
}

/**
 * The request element for `value`: its fields in the order of `order` (a description field
 * list, or a TYPES name), undefined fields left out. Throws for a field `order` lacks.
 */
export function encode(codec: Codec, value: Readonly<Record<string, unknown>>, order: string): Record<string, unknown> {
  const names = fieldNames(TYPES[order]?.fields ?? order);
  const unknown = Object.keys(value).filter((key) => value[key] !== undefined && !names.includes(key));
  if (unknown.length > 0) throw new Error(`AXL request: ${unknown.join(", ")} not in the schema description's ${TYPES[order] ? order : JSON.stringify(order)}`);
  const result: Record<string, unknown> = {};
  for (const name of names) {
    const item = value[name];
    if (item === undefined) continue;
    const kind = codec[name];
    if (kind === undefined) throw new Error(`AXL request: no codec for field ${name}`);
    result[name] = encodeField(kind, item);
  }
  return result;
}

function encodeField(kind: FieldKind, value: unknown): unknown {
  if (typeof kind === "string") return leafValue(kind, value);
  if (value === null) return null;
  if ("object" in kind) return encode(kind.codec, value as Record<string, unknown>, kind.object);
  if ("repeated" in kind) return (value as readonly Record<string, unknown>[]).map((item) => encode(kind.codec, item, kind.repeated));
  const items = value as readonly unknown[];
  const of = kind.of;
  const encoded = typeof of === "string" ? items.map((item) => String(item)) : items.map((item) => encode(of, item as Record<string, unknown>, kind.type!));
  // An empty list is sent as an empty wrapper: AXL reads that as "no members".
  return encoded.length === 0 ? "" : { [kind.list]: encoded };
}

/** A plain object from a parsed element: every codec field read, empty ones left out; `uuid` from the attribute when `withUuid`. */
export function decode<T>(codec: Codec, element: unknown, withUuid = false): T {
  const result: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(codec)) result[name] = decodeField(kind, child(element, name));
  if (withUuid) result.uuid = uuidOf(element);
  return compact(result) as T;
}

function decodeField(kind: FieldKind, value: unknown): unknown {
  if (kind === "text" || kind === "fk") return textOf(value);
  if (kind === "boolean") return booleanOf(value);
  if (kind === "integer") return integerOf(value);
  if ("object" in kind) return value === undefined || value === null || value === "" ? undefined : decode(kind.codec, value);
  if ("repeated" in kind) return value === undefined ? undefined : arrayOf(value).map((item) => decode(kind.codec, item));
  const of = kind.of;
  if (value === undefined) return undefined;
  const items = arrayOf(child(value, kind.list));
  return typeof of === "string" ? items.map((item) => textOf(item)).filter((t): t is string => t !== undefined) : items.map((item) => decode(of, item));
}
