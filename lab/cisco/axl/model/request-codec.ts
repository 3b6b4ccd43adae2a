// Reads the fields of an AXL request element into a record, driven by the kind's field specs:
// every element must be one the lab models (in the request's schema version), scalars are
// checked (booleans, integers, enumerations, lengths), references are resolved to the objects
// they name (an unknown name is refused), list items are read one by one. In add mode defaults
// are filled and required fields checked.
import { faults } from "../protocol/axl-fault";
import { compareSchemaVersions, type SchemaVersion } from "../protocol/schema-versions";
import { numberRefParts, type AxlRecord, type AxlValue, type FieldSpec, type FkValue, type NumberRefValue } from "../schema/field-spec";
import { childNamed, type XmlElement } from "../xml/xml-tree";

type FkField = Extract<FieldSpec, { kind: "fk" }>;
type NumberRefField = Extract<FieldSpec, { kind: "numberRef" }>;

/** Looks references up in the cluster (implemented by the operations over the index). */
export interface ReferenceResolver {
  readonly version: SchemaVersion;
  /** By name, or by uuid (an XFkType may carry just `uuid="{...}"`); throws AxlFault when missing. */
  fk(field: FkField, name: string | undefined, uuid: string | undefined, path: string): FkValue;
  number(field: NumberRefField, reference: { readonly uuid?: string; readonly number?: string; readonly scope?: string; readonly scopeUuid?: string }, path: string): NumberRefValue;
  newUuid(): string;
}

export type ReadMode = "add" | "update";

/** Whether a field exists in a schema version. */
export function inVersion(field: { readonly since?: SchemaVersion }, version: SchemaVersion): boolean {
  return field.since === undefined || compareSchemaVersions(version, field.since) >= 0;
}

export function unknownElement(path: string, version: SchemaVersion): Error {
  return faults.invalid(`${path}: the lab's AXL simulator has no such element in schema ${version} (it serves a subset of AXL; see docs/lab-cisco.md)`);
}

/**
 * The record given by an element's children. `skip` names children the caller reads itself
 * (update keys, renames, list deltas).
 */
export function readFields(fields: readonly FieldSpec[], element: XmlElement, resolver: ReferenceResolver, path: string, mode: ReadMode, skip: ReadonlySet<string> = new Set()): AxlRecord {
  const record: AxlRecord = {};
  const seen = new Set<string>();
  for (const child of element.children) {
    if (skip.has(child.local)) continue;
    const where = `${path}/${child.local}`;
    const field = fields.find((candidate) => candidate.name === child.local);
    if (!field || (field.kind === "computed" && !field.ignoredInRequests)) throw unknownElement(where, resolver.version);
    if (!inVersion(field, resolver.version)) throw faults.invalid(`${where}: AXL schema ${resolver.version} has no such element (it arrived in ${String(field.since)})`);
    if (field.readOnly && !(field.kind === "computed" && field.ignoredInRequests)) throw faults.invalid(`${where} is answered by get and list only; a request cannot set it`);
    if (mode === "update" && field.fixed) throw faults.invalid(`${where} cannot be changed by an update`);
    if (seen.has(child.local)) throw faults.invalid(`${where} is given more than once`);
    seen.add(child.local);
    if (field.kind === "computed") continue;
    record[field.name] = readValue(field, child, resolver, where, mode);
  }
  if (mode === "add") completeRecord(fields, record, resolver, path);
  return record;
}

/** Fills defaults of absent fields and checks required ones (add, and items of lists). */
function completeRecord(fields: readonly FieldSpec[], record: AxlRecord, resolver: ReferenceResolver, path: string): void {
  for (const field of fields) {
    if (!inVersion(field, resolver.version) || field.readOnly) continue;
    const present = record[field.name] !== undefined && record[field.name] !== null;
    if (!present && "default" in field && field.default !== undefined) {
      record[field.name] = field.kind === "fk" ? resolver.fk(field, field.default, undefined, `${path}/${field.name}`) : field.default;
      continue;
    }
    if (!present && field.required) throw field.nullColumn ? faults.nullValue(field.nullColumn) : faults.invalid(`${path}/${field.name} is required`);
  }
}

function readValue(field: FieldSpec, element: XmlElement, resolver: ReferenceResolver, path: string, mode: ReadMode): AxlValue {
  switch (field.kind) {
    case "text":
    case "bool":
    case "int":
      return readScalar(field, element, path);
    case "fk": {
      const text = scalarText(element, path);
      const uuid = element.attributes.uuid;
      if (text === null && (uuid === undefined || uuid === "")) return null;
      return resolver.fk(field, text ?? undefined, uuid === "" ? undefined : uuid, path);
    }
    case "group": {
      if (element.nil) return null;
      const record = readFields(field.fields, element, resolver, path, mode);
      if (field.itemUuid && mode === "add") record["@uuid"] = resolver.newUuid();
      return record;
    }
    case "list": {
      if (element.nil) return [];
      const items: AxlValue[] = [];
      for (const child of element.children) {
        if (child.local !== field.item.name) throw unknownElement(`${path}/${child.local}`, resolver.version);
        // List items are whole: an item is always read as in add (defaults, required fields).
        items.push(readValue(field.item, child, resolver, `${path}/${child.local}`, "add"));
      }
      if (field.max !== undefined && items.length > field.max) throw faults.invalid(`${path} holds ${items.length} items; at most ${field.max} are allowed`);
      return items;
    }
    case "numberRef":
      return readNumberRef(field, element, resolver, path);
    case "computed":
      return null;
  }
}

/** The text of a leaf element; null for xsi:nil or empty. */
function scalarText(element: XmlElement, path: string): string | null {
  if (element.children.length > 0) throw faults.invalid(`${path} must hold a value, not elements`);
  if (element.nil || element.text === "") return null;
  return element.text;
}

function readScalar(field: Extract<FieldSpec, { kind: "text" | "bool" | "int" }>, element: XmlElement, path: string): string | null {
  const value = scalarText(element, path);
  if (value === null) return null;
  switch (field.kind) {
    case "bool": {
      const normalized = { true: "true", t: "true", "1": "true", false: "false", f: "false", "0": "false" }[value.trim().toLowerCase()];
      if (!normalized) throw faults.invalid(`${path} must be true or false, got "${value}"`);
      return normalized;
    }
    case "int": {
      if (!/^-?\d+$/.test(value.trim())) throw faults.invalid(`${path} must be a whole number, got "${value}"`);
      const number = Number(value.trim());
      if ((field.min !== undefined && number < field.min) || (field.max !== undefined && number > field.max)) {
        throw faults.invalid(`${path} must be from ${field.min ?? "-"} to ${field.max ?? "-"}, got ${number}`);
      }
      return String(number);
    }
    case "text":
      if (field.values !== undefined && !field.values.includes(value)) {
        throw faults.invalid(field.values.length === 0 ? `${path} must be empty: the lab models no ${field.name} objects` : `${path} must be one of ${field.values.map((v) => `"${v}"`).join(", ")}, got "${value}"`);
      }
      if (field.maxLength !== undefined && value.length > field.maxLength) throw faults.invalid(`${path} is longer than ${field.maxLength} characters`);
      return value;
  }
}

function readNumberRef(field: NumberRefField, element: XmlElement, resolver: ReferenceResolver, path: string): NumberRefValue | null {
  if (element.nil) return null;
  const [numberName, scopeName] = numberRefParts(field.target);
  const allowed = new Set([numberName, scopeName, ...(field.uuid === "element" ? ["uuid"] : [])]);
  for (const child of element.children) if (!allowed.has(child.local)) throw unknownElement(`${path}/${child.local}`, resolver.version);
  const text = (name: string): string | undefined => {
    const child = childNamed(element, name);
    const value = child ? scalarText(child, `${path}/${name}`) : null;
    return value ?? undefined;
  };
  const uuid = field.uuid === "attribute" ? element.attributes.uuid || undefined : field.uuid === "element" ? text("uuid") : undefined;
  const number = text(numberName);
  const scopeElement = childNamed(element, scopeName);
  const scope = text(scopeName);
  const scopeUuid = field.plainScope ? undefined : scopeElement?.attributes.uuid || undefined;
  if (uuid === undefined && number === undefined) {
    if (element.children.length === 0 && element.text === "") return null;
    throw faults.invalid(`${path} needs ${numberName}${field.uuid === "element" ? " or uuid" : ""}`);
  }
  return resolver.number(field, { ...(uuid !== undefined ? { uuid } : {}), ...(number !== undefined ? { number } : {}), ...(scope !== undefined ? { scope } : {}), ...(scopeUuid !== undefined ? { scopeUuid } : {}) }, path);
}
