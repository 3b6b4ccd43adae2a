// Writes stored objects as AXL answers: elements in schema order, references as
// `<devicePoolName uuid="{...}">Default</devicePoolName>`, empty values as empty elements (an
// empty reference as `<x uuid=""/>`, CUCM 14's form), write-only fields never, and only what
// returnedTags asks for. list answers leave out what the list (L) type lacks.
import { faults } from "../protocol/axl-fault";
import { numberRefParts, type AxlRecord, type AxlValue, type ClusterView, type FieldSpec, type FkValue, type KindSpec, type NumberRefValue, type StoredObject } from "../schema/field-spec";
import { escapeXml, xmlElement, type XmlElement } from "../xml/xml-tree";

/** What returnedTags asks for: everything, or some fields (each with what of it). */
export type Projection = "all" | ReadonlyMap<string, Projection>;

export type RenderMode = "get" | "list";

/** The projection a returnedTags element describes: an empty element means the whole field. */
export function projectionOf(element: XmlElement | undefined): Projection {
  if (!element || element.children.length === 0) return "all";
  const fields = new Map<string, Projection>();
  for (const child of element.children) fields.set(child.local, projectionOf(child));
  return fields;
}

/** Refuses returnedTags naming elements the kind does not have (list-only omissions are dropped, not refused). */
export function checkProjection(fields: readonly FieldSpec[], projection: Projection, path: string): void {
  if (projection === "all") return;
  for (const [name, inner] of projection) {
    const field = fields.find((candidate) => candidate.name === name);
    if (!field) throw faults.invalid(`${path}/${name}: the lab's AXL simulator has no such element to return (see docs/lab-cisco.md)`);
    if (field.kind === "group") checkProjection(field.fields, inner, `${path}/${name}`);
    if (field.kind === "list" && inner !== "all") {
      const itemProjection = inner.get(field.item.name);
      if (inner.size !== 1 || itemProjection === undefined) throw faults.invalid(`${path}/${name} may hold only ${field.item.name}`);
      if (field.item.kind === "group") checkProjection(field.item.fields, itemProjection, `${path}/${name}/${field.item.name}`);
    }
  }
}

/** `<phone ctiid="7" uuid="{...}">...</phone>` */
export function renderObject(spec: KindSpec, object: StoredObject, projection: Projection, mode: RenderMode, view: ClusterView): string {
  const attributes: Record<string, string> = {};
  if (spec.ctiid && object.ctiid !== undefined) attributes.ctiid = String(object.ctiid);
  attributes.uuid = object.uuid;
  return xmlElement(spec.element, attributes, renderFields(spec.fields, object.fields, projection, mode, object, view));
}

export function renderFields(fields: readonly FieldSpec[], record: AxlRecord, projection: Projection, mode: RenderMode, object: StoredObject, view: ClusterView): string {
  let out = "";
  for (const field of fields) {
    if (field.writeOnly || (mode === "list" && field.notInList)) continue;
    const inner = projection === "all" ? "all" : projection.get(field.name);
    if (inner === undefined) continue;
    out += renderField(field, record[field.name], inner, mode, record, object, view);
  }
  return out;
}

function renderField(field: FieldSpec, value: AxlValue | undefined, projection: Projection, mode: RenderMode, record: AxlRecord, object: StoredObject, view: ClusterView): string {
  const empty = value === undefined || value === null;
  switch (field.kind) {
    case "text":
    case "bool":
    case "int":
      return xmlElement(field.name, {}, empty ? "" : escapeXml(String(value)));
    case "fk": {
      if (empty) return field.plain ? `<${field.name}/>` : `<${field.name} uuid=""/>`;
      const reference = value as FkValue;
      return xmlElement(field.name, field.plain ? {} : { uuid: reference.uuid }, escapeXml(reference.name));
    }
    case "group": {
      if (empty) return `<${field.name}/>`;
      const group = value as AxlRecord;
      const attributes: Record<string, string> = field.itemUuid && typeof group["@uuid"] === "string" ? { uuid: group["@uuid"] } : {};
      // A choice in Cisco's schema (a route pattern's destination) holds one branch: answer
      // only the one that is set, as RRoutePattern allows, never its empty siblings.
      const fields = field.choice ? field.fields.filter((member) => group[member.name] !== undefined && group[member.name] !== null) : field.fields;
      return xmlElement(field.name, attributes, renderFields(fields, group, projection, mode, object, view));
    }
    case "list": {
      const items = (value as AxlValue[] | undefined) ?? [];
      const itemProjection = projection === "all" ? "all" : projection.get(field.item.name) ?? "all";
      return xmlElement(field.name, {}, items.map((item) => renderField(field.item, item, itemProjection, mode, record, object, view)).join(""));
    }
    case "numberRef": {
      if (empty) return `<${field.name}/>`;
      const reference = value as NumberRefValue;
      const [numberName, scopeName] = numberRefParts(field.target);
      const scope = reference.scope;
      const scopeXml = field.plainScope
        ? xmlElement(scopeName, {}, scope ? escapeXml(scope.name) : "")
        : scope ? xmlElement(scopeName, { uuid: scope.uuid }, escapeXml(scope.name)) : `<${scopeName} uuid=""/>`;
      return xmlElement(field.name, field.uuid === "attribute" ? { uuid: reference.uuid } : {}, xmlElement(numberName, {}, escapeXml(reference.number)) + scopeXml);
    }
    case "computed":
      return xmlElement(field.name, {}, field.compute(record, object, view));
  }
}
