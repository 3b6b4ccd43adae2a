// Objects in seed data are JSON in AXL's shape: fields by element name, values as strings,
// numbers or booleans, references by name, lists as arrays ("lines": [{"index": 1, "dirn":
// {"pattern": "4000", "routePartitionName": "Cu1-DirNum-PT"}}]). They are turned into the XML
// an add or update request would carry and go through the same checks, so seeded objects obey
// the same rules as provisioned ones.
import type { FieldSpec, KindSpec } from "../schema/field-spec";
import type { XmlElement } from "../xml/xml-tree";

function element(local: string, children: XmlElement[], text = "", nil = false, attributes: Record<string, string> = {}): XmlElement {
  return { name: local, local, uri: "", attributes, nil, children, text };
}

/** The element a JSON value stands for, shaped by the field spec when there is one. */
export function jsonToElement(local: string, value: unknown, field: FieldSpec | undefined, where: string): XmlElement {
  if (value === null) return element(local, [], "", true);
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return element(local, [], String(value));
  if (Array.isArray(value)) {
    if (!field || field.kind !== "list") throw new SeedShapeError(`${where} is a list, but ${local} is not a list element`);
    return element(local, value.map((item, index) => jsonToElement(field.item.name, item, field.item, `${where}[${index}]`)));
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (field?.kind === "fk" && entries.length === 1 && entries[0]?.[0] === "uuid") return element(local, [], "", false, { uuid: String(entries[0][1]) });
    const inner = field?.kind === "group" ? field.fields : [];
    return element(local, entries.map(([key, child]) => jsonToElement(key, child, inner.find((candidate) => candidate.name === key), `${where}.${key}`)));
  }
  throw new SeedShapeError(`${where} must be a string, number, boolean, null, list or object`);
}

/** An add request's object element (`<phone>...</phone>`) from a JSON object. */
export function objectElement(spec: KindSpec, value: Record<string, unknown>, where: string): XmlElement {
  return element(spec.element, Object.entries(value).map(([key, child]) => jsonToElement(key, child, spec.fields.find((field) => field.name === key), `${where}.${key}`)));
}

/**
 * An update request element (`<updatePhone><name>...</name>...</updatePhone>`) from a JSON
 * object holding the key, renames (newName, ...), fields and list variants (addLines, ...).
 */
export function updateElement(spec: KindSpec, value: Record<string, unknown>, where: string): XmlElement {
  const children = Object.entries(value).map(([key, child]) => {
    const delta = spec.deltaLists?.[key];
    const renamedField = /^new[A-Z]/.test(key) ? key.charAt(3).toLowerCase() + key.slice(4) : undefined;
    const fieldName = delta ? delta.list : renamedField && spec.fields.some((field) => field.name === renamedField) ? renamedField : key;
    const field = spec.fields.find((candidate) => candidate.name === fieldName);
    if (delta && Array.isArray(child) && field?.kind === "list") {
      return element(key, child.map((item, index) => jsonToElement(field.item.name, item, field.item, `${where}.${key}[${index}]`)));
    }
    return jsonToElement(key, child, field, `${where}.${key}`);
  });
  return element(`update${spec.suffix}`, children);
}

/** A get/remove request element naming an object by its key fields. */
export function keyElement(spec: KindSpec, value: Record<string, unknown>, where: string): XmlElement {
  return element(`remove${spec.suffix}`, Object.entries(value).map(([key, child]) => jsonToElement(key, child, undefined, `${where}.${key}`)));
}

export class SeedShapeError extends Error {
  override readonly name = "SeedShapeError";
}
