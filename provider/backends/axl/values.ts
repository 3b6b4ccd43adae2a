// AXL values in both directions. Requests: uuids in AXL's form. Responses: node-soap's parse
// turned into plain values, whatever the WSDL (ucflow's lax one gives text; Cisco's gives
// numbers and booleans for typed elements) and whatever the nil encoding (reference §1.1: before
// CUCM 14 an empty foreign key may come as `<x xsi:nil="true" uuid=""/>`, node-soap drops it;
// from 14 as `<x uuid=""/>`, node-soap gives `{attributes: {uuid: ""}}`). Empty means unset:
// every reader returns undefined for it.

const UUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** A uuid as AXL writes it: upper case in braces (reference §1.2). Accepts any case, with or without braces. */
export function axlUuid(value: string): string {
  const match = UUID.exec(value.trim());
  if (!match) throw new TypeError(`not a CUCM uuid: ${JSON.stringify(value)} (expected 8-4-4-4-12 hex digits, with or without braces)`);
  return `{${match[1].toUpperCase()}}`;
}

/** Whether text is a CUCM uuid in any case, with or without braces. */
export function isAxlUuid(value: string): boolean {
  return UUID.test(value.trim());
}

type Parsed = Record<string, unknown>;

function isRecord(value: unknown): value is Parsed {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The element's text: strings, numbers and booleans as text; `$value` of attributed elements; else undefined. Empty text is undefined. */
export function textOf(value: unknown): string | undefined {
  if (Array.isArray(value)) return textOf(value[0]);
  let raw: unknown = value;
  if (isRecord(value)) raw = value.$value;
  if (raw === undefined || raw === null) return undefined;
  if (raw instanceof Date) return raw.toISOString();
  const text = typeof raw === "string" ? raw : typeof raw === "number" || typeof raw === "boolean" ? String(raw) : undefined;
  return text === undefined || text === "" ? undefined : text;
}

/** An attribute of an element (uuid, ctiid), or undefined. */
export function attributeOf(value: unknown, name: string): string | undefined {
  if (!isRecord(value) || !isRecord(value.attributes)) return undefined;
  const raw = value.attributes[name];
  return typeof raw === "string" && raw !== "" ? raw : undefined;
}

/** The uuid attribute in AXL's form, or undefined. */
export function uuidOf(value: unknown): string | undefined {
  const raw = attributeOf(value, "uuid");
  return raw !== undefined && isAxlUuid(raw) ? axlUuid(raw) : raw;
}

/** AXL's booleans: true/false, t/f (SQL style), 1/0. */
export function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  const text = textOf(value)?.toLowerCase();
  if (text === "true" || text === "t" || text === "1") return true;
  if (text === "false" || text === "f" || text === "0") return false;
  return undefined;
}

export function integerOf(value: unknown): number | undefined {
  const text = textOf(value);
  if (text === undefined || !/^-?\d+$/.test(text.trim())) return undefined;
  return Number(text);
}

/** Repeated elements as an array: node-soap gives an array, one object, or nothing. */
export function arrayOf(value: unknown): unknown[] {
  if (value === undefined || value === null || value === "") return [];
  return Array.isArray(value) ? value : [value];
}

/** A child element of a parsed element, or undefined. */
export function child(value: unknown, name: string): unknown {
  return isRecord(value) ? value[name] : undefined;
}

/** The repeated `item` elements inside the `list` element of `value`: `members/member`. */
export function itemsOf(value: unknown, list: string, item: string): unknown[] {
  return arrayOf(child(child(value, list), item));
}

/** A plain object with the undefined values left out (for readable results and deep equality). */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * A request object: `undefined` values left out (node-soap would send them as empty
 * elements), in the given key order. Values that are `null` stay: node-soap sends xsi:nil.
 */
export function requestOf(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of entries) if (value !== undefined) result[key] = value;
  return result;
}

