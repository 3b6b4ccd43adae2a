// add / get / update / remove of any kind, driven by its spec (reference §2): add returns the
// new {UUID}; get answers the object (returnedTags optional); update replaces lists whole unless
// the kind has add/remove variants, merges groups, takes renames (newName, newPattern, newUserid,
// ...) and shows them in every reference; remove refuses while a restricting reference exists
// and otherwise clears or cascades the references that allow it. Every write checks everything
// before it changes anything.
import { AxlFault, AXL_CODES, faults } from "../protocol/axl-fault";
import { displayName, keyOf, numberKey } from "../model/cluster-index";
import { readFields, type ReadMode } from "../model/request-codec";
import { checkProjection, projectionOf, renderObject } from "../model/render";
import type { AxlRecord, AxlValue, Candidate, FieldSpec, FkValue, KindSpec, NumberRefValue, StoredObject } from "../schema/field-spec";
import { kindSpec } from "../schema/kinds";
import { childNamed, type XmlElement } from "../xml/xml-tree";
import { notFoundFault, referenceResolver, requestUuid, type OperationContext } from "./operation-context";

/** The elements of a get/update/remove request that name its object. */
export function keyElements(spec: KindSpec): readonly string[] {
  switch (spec.key.kind) {
    case "name":
      return ["uuid", spec.key.field];
    case "numplan":
      return ["uuid", "pattern", "routePartitionName", "dialPlanName", "routeFilterName"];
    case "pilot":
      return ["uuid", "dirn", "cssName"];
  }
}

function leafText(element: XmlElement | undefined): string | undefined {
  if (!element || element.nil || element.text === "") return undefined;
  return element.text;
}

/** The object a get/update/remove request names; undefined when there is none. */
export function locate(spec: KindSpec, request: XmlElement, context: OperationContext): StoredObject | undefined {
  const { index } = context;
  const path = context.operation;
  const uuid = leafText(childNamed(request, "uuid"));
  if (uuid !== undefined) {
    const found = index.byUuid(requestUuid(uuid, `${path}/uuid`));
    return found?.kind === spec.kind ? found.object : undefined;
  }
  switch (spec.key.kind) {
    case "name": {
      const name = leafText(childNamed(request, spec.key.field));
      if (name === undefined) throw faults.invalid(`${path} needs ${spec.key.field} or uuid`);
      return index.findByName(spec.kind, name);
    }
    case "numplan":
    case "pilot": {
      const [numberName, scopeName, scopeKind] = spec.key.kind === "numplan" ? (["pattern", "routePartitionName", "routePartition"] as const) : (["dirn", "cssName", "css"] as const);
      const number = leafText(childNamed(request, numberName));
      if (number === undefined) throw faults.invalid(`${path} needs ${numberName} or uuid`);
      for (const unmodelled of ["dialPlanName", "routeFilterName"]) {
        if (leafText(childNamed(request, unmodelled)) !== undefined) return undefined; // the lab has no dial plans or route filters
      }
      const scopeElement = childNamed(request, scopeName);
      const scopeText = leafText(scopeElement);
      const scopeUuidText = scopeElement?.attributes.uuid || undefined;
      let scope: FkValue | null = null;
      if (scopeText !== undefined || scopeUuidText !== undefined) {
        const scopeObject = scopeUuidText !== undefined ? index.byUuid(requestUuid(scopeUuidText, `${path}/${scopeName}@uuid`))?.object : index.findByName(scopeKind, scopeText ?? "");
        if (!scopeObject) return undefined;
        scope = { name: "", uuid: scopeObject.uuid };
      }
      return index.findByKey(spec, numberKey(number, scope));
    }
  }
}

function duplicateFault(spec: KindSpec, fields: AxlRecord, holderKind: string): AxlFault {
  if (spec.kind === "line" && holderKind === "line") {
    const partition = fields.routePartitionName as FkValue | null | undefined;
    return new AxlFault(AXL_CODES.duplicateLine, `Directory Number ${String(fields.pattern)} in partition ${partition?.name ?? "<None>"} already exists`, "soapenv:Client");
  }
  return faults.duplicate();
}

// ---------------------------------------------------------------------------------------------
// add

/** Checks and stores a new object; returns its uuid. Used by add<Kind> and by the seed. */
export function insertObject(spec: KindSpec, element: XmlElement, context: OperationContext, path: string): StoredObject {
  const resolver = referenceResolver(context);
  const fields = readFields(spec.fields, element, resolver, path, "add");
  const uuid = context.newUuid();
  const candidate: Candidate = { spec, fields, uuid, version: context.version };
  spec.validate?.(candidate, context.index);
  const holder = context.index.holderOf(spec, keyOf(spec, fields));
  if (holder) throw duplicateFault(spec, fields, holder.kind);
  const object: StoredObject = spec.ctiid ? { uuid, ctiid: context.state.nextCtiid++, fields } : { uuid, fields };
  context.index.insert(spec, object);
  return object;
}

export function addObject(spec: KindSpec, request: XmlElement, context: OperationContext): string {
  const element = childNamed(request, spec.element);
  if (!element) throw faults.invalid(`${context.operation} needs its ${spec.element} element`);
  return insertObject(spec, element, context, `${context.operation}/${spec.element}`).uuid;
}

// ---------------------------------------------------------------------------------------------
// get

export function getObject(spec: KindSpec, request: XmlElement, context: OperationContext): string {
  const tags = childNamed(request, "returnedTags");
  const projection = projectionOf(tags);
  checkProjection(spec.fields, projection, `${context.operation}/returnedTags`);
  const object = locate(spec, request, context);
  if (!object) throw notFoundFault(spec.kind, leafText(childNamed(request, spec.key.kind === "name" ? spec.key.field : "pattern")));
  return renderObject(spec, object, projection, "get", context.index);
}

// ---------------------------------------------------------------------------------------------
// update

/** A copy of an element under another name (a rename element read as its field). */
function renamed(element: XmlElement, local: string): XmlElement {
  return { ...element, name: local, local };
}

/** Identity of a list item for add/remove variants: its directory number, partition, or contents. */
function itemIdentity(item: AxlValue): string {
  if (item && typeof item === "object" && !Array.isArray(item)) {
    const record = item as AxlRecord;
    const dirn = record.dirn as NumberRefValue | undefined;
    if (dirn && typeof dirn === "object") return `dirn:${dirn.uuid}`;
    const partition = record.routePartitionName as FkValue | undefined;
    if (partition && typeof partition === "object" && "uuid" in partition) return `partition:${partition.uuid}`;
    const { "@uuid": _ignored, ...rest } = record;
    void _ignored;
    return JSON.stringify(rest);
  }
  return JSON.stringify(item);
}

/** removeLines may name appearances by lineIdentifier{directoryNumber, routePartitionName}. */
function lineIdentifiersAsLines(element: XmlElement): XmlElement {
  const children = element.children.map((child) => {
    if (child.local !== "lineIdentifier") return child;
    const number = childNamed(child, "directoryNumber");
    const partition = childNamed(child, "routePartitionName");
    const dirnChildren = [...(number ? [renamed(number, "pattern")] : []), ...(partition ? [partition] : [])];
    const dirn: XmlElement = { name: "dirn", local: "dirn", uri: "", attributes: {}, nil: false, children: dirnChildren, text: "" };
    const index: XmlElement = { name: "index", local: "index", uri: "", attributes: {}, nil: false, children: [], text: "1" };
    return { ...child, name: "line", local: "line", children: [index, dirn] };
  });
  return { ...element, children };
}

function mergeRecords(fields: readonly FieldSpec[], base: AxlRecord, changes: AxlRecord): AxlRecord {
  const merged: AxlRecord = { ...base };
  for (const [name, value] of Object.entries(changes)) {
    const field = fields.find((candidate) => candidate.name === name);
    const previous = base[name];
    merged[name] =
      field?.kind === "group" && !field.choice && value && previous && typeof value === "object" && typeof previous === "object" && !Array.isArray(value)
        ? mergeRecords(field.fields, previous as AxlRecord, value as AxlRecord)
        : value;
  }
  return merged;
}

export function updateObject(spec: KindSpec, request: XmlElement, context: OperationContext): string {
  const path = context.operation;
  const target = locate(spec, request, context);
  if (!target) throw faults.updateTargetMissing(spec.label);
  const resolver = referenceResolver(context);
  const keys = new Set(keyElements(spec));
  const deltas = spec.deltaLists ?? {};
  const renames: XmlElement[] = [];
  const deltaElements: XmlElement[] = [];
  const skip = new Set<string>(keys);
  // Cisco's Update<Kind>Req renames only the key's fields (and renamedOnly ones): newName,
  // newPattern, newUserid ...; there is no newDescription, and a remote destination's name
  // changes by newName only. Anything else is an element the update does not have.
  const renameable = new Set([...keys, ...(spec.renamedOnly ?? [])]);
  for (const child of request.children) {
    if (spec.renamedOnly?.includes(child.local)) throw faults.invalid(`${path}/${child.local}: the update changes it with new${child.local.charAt(0).toUpperCase()}${child.local.slice(1)}, not ${child.local}`);
    const renamedField = /^new[A-Z]/.test(child.local) ? child.local.charAt(3).toLowerCase() + child.local.slice(4) : undefined;
    if (renamedField && renameable.has(renamedField) && spec.fields.some((field) => field.name === renamedField)) {
      renames.push(renamed(child, renamedField));
      skip.add(child.local);
    } else if (deltas[child.local]) {
      deltaElements.push(child);
      skip.add(child.local);
    }
  }
  const mode: ReadMode = "update";
  const changes = readFields(spec.fields, request, resolver, path, mode, skip);
  if (renames.length > 0) {
    const renameElement: XmlElement = { ...request, children: renames };
    Object.assign(changes, readFields(spec.fields, renameElement, resolver, path, mode));
  }
  let fields = mergeRecords(spec.fields, structuredClone(target.fields), changes);

  // add/remove variants of a list (updatePhone lines, updateCss members): removes first, as the schema orders them.
  const ordered = [...deltaElements].sort((a, b) => (deltas[a.local]?.mode === "remove" ? 0 : 1) - (deltas[b.local]?.mode === "remove" ? 0 : 1));
  for (const element of ordered) {
    const delta = deltas[element.local] as { list: string; mode: "add" | "remove" };
    if (changes[delta.list] !== undefined) throw faults.invalid(`${path}: ${element.local} and ${delta.list} cannot be given together (the schema offers one or the other)`);
    const listField = spec.fields.find((field) => field.name === delta.list) as Extract<FieldSpec, { kind: "list" }>;
    const source = delta.mode === "remove" ? lineIdentifiersAsLines(element) : element;
    const items = readFields([listField], { ...source, children: [renamed(source, delta.list)] }, resolver, path, "update")[delta.list] as AxlValue[];
    const current = (fields[delta.list] as AxlValue[] | undefined) ?? [];
    if (delta.mode === "remove") {
      // Removing an item the list does not hold changes nothing (the lab's choice).
      const gone = new Set(items.map(itemIdentity));
      fields = { ...fields, [delta.list]: current.filter((item) => !gone.has(itemIdentity(item))) };
    } else {
      fields = { ...fields, [delta.list]: [...current, ...items] };
    }
    if (listField.max !== undefined && (fields[delta.list] as AxlValue[]).length > listField.max) throw faults.invalid(`${path}/${element.local}: at most ${listField.max} ${listField.item.name} items are allowed`);
  }

  const candidate: Candidate = { spec, fields, previous: target, uuid: target.uuid, version: context.version };
  spec.validate?.(candidate, context.index);
  const oldKey = keyOf(spec, target.fields);
  const newKey = keyOf(spec, fields);
  if (newKey !== oldKey) {
    const holder = context.index.holderOf(spec, newKey);
    if (holder && holder.object !== target) throw duplicateFault(spec, fields, holder.kind);
  }
  const before = target.fields;
  const renamedShown = displayName(spec, before) !== displayName(spec, fields) || JSON.stringify(before.routePartitionName ?? null) !== JSON.stringify(fields.routePartitionName ?? null) || JSON.stringify(before.cssName ?? null) !== JSON.stringify(fields.cssName ?? null);
  target.fields = fields;
  context.index.reindex(spec, target, before);
  if (renamedShown) showRename(spec, target, context);
  return target.uuid;
}

/** Writes an object's new name (or pattern and partition) into every reference to it. */
function showRename(spec: KindSpec, object: StoredObject, context: OperationContext): void {
  const name = displayName(spec, object.fields);
  const scopeField = spec.kind === "line" ? "routePartitionName" : spec.kind === "voiceMailPilot" ? "cssName" : undefined;
  const scope = scopeField ? ((object.fields[scopeField] as FkValue | null | undefined) ?? null) : null;
  const visit = (value: AxlValue | undefined): void => {
    if (!value || typeof value !== "object") return;
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    const record = value as AxlRecord;
    if (typeof record.uuid === "string" && record.uuid === object.uuid) {
      if ("number" in record) {
        record.number = name;
        record.scope = scope ? { ...scope } : null;
      } else if ("name" in record) {
        record.name = name;
      }
      return;
    }
    for (const inner of Object.values(record)) visit(inner);
  };
  for (const referrer of context.index.referrers(object.uuid).keys()) {
    const found = context.index.byUuid(referrer);
    if (found) visit(found.object.fields);
  }
}

// ---------------------------------------------------------------------------------------------
// remove

interface Detachment {
  /** A reference that refuses the removal: where it is. */
  readonly restrict?: string;
  /** The referrer's fields with the cleared and cascaded references gone. */
  readonly fields: AxlRecord;
}

/** What removing `target` does to one referrer's record (nothing changes in place). */
function detach(fields: readonly FieldSpec[], record: AxlRecord, target: string, path = ""): { restrict?: string; record: AxlRecord } {
  let restrict: string | undefined;
  const out: AxlRecord = { ...record };
  /** Whether an item holds a cascading reference to the target in its own fields (not in nested lists). */
  const cascades = (field: FieldSpec, value: AxlValue): boolean => {
    if (!value || typeof value !== "object") return false;
    if (field.kind === "fk" || field.kind === "numberRef") return (value as FkValue).uuid === target && field.onDelete === "cascade";
    if (field.kind === "group") return field.fields.some((inner) => inner.kind !== "list" && cascades(inner, (value as AxlRecord)[inner.name] ?? null));
    return false;
  };
  const strip = (field: FieldSpec, value: AxlValue, where: string): AxlValue => {
    if (!value || typeof value !== "object") return value;
    switch (field.kind) {
      case "fk":
      case "numberRef":
        if ((value as FkValue).uuid !== target) return value;
        if ((field.onDelete ?? "restrict") === "restrict") restrict ??= where;
        return null;
      case "group": {
        const inner = detach(field.fields, value as AxlRecord, target, `${where}/`);
        if (inner.restrict) restrict ??= inner.restrict;
        return inner.record;
      }
      case "list":
        return (value as AxlValue[]).filter((item) => !cascades(field.item, item)).map((item) => strip(field.item, item, `${where}/${field.item.name}`));
      default:
        return value;
    }
  };
  for (const field of fields) {
    const value = record[field.name];
    if (value !== undefined) out[field.name] = strip(field, value, `${path}${field.name}`);
  }
  return restrict ? { restrict, record } : { record: out };
}

export function removeObject(spec: KindSpec, request: XmlElement, context: OperationContext): string {
  const target = locate(spec, request, context);
  if (!target) throw notFoundFault(spec.kind, leafText(childNamed(request, spec.key.kind === "name" ? spec.key.field : "pattern")));
  deleteObject(spec, target, context);
  return target.uuid;
}

/** Removes an object after checking every reference to it; shared by remove<Kind> and the seed. */
export function deleteObject(spec: KindSpec, target: StoredObject, context: OperationContext): void {
  const changes: { spec: KindSpec; object: StoredObject; detachment: Detachment }[] = [];
  for (const referrer of context.index.referrers(target.uuid).keys()) {
    if (referrer === target.uuid) continue;
    const found = context.index.byUuid(referrer);
    if (!found) continue;
    const referrerSpec = kindSpec(found.kind);
    const result = detach(referrerSpec.fields, found.object.fields, target.uuid);
    if (result.restrict) {
      throw faults.inUse(`${result.restrict} of ${referrerSpec.label} ${displayName(referrerSpec, found.object.fields)} refers to ${spec.label} ${displayName(spec, target.fields)}`);
    }
    changes.push({ spec: referrerSpec, object: found.object, detachment: { fields: result.record } });
  }
  for (const change of changes) {
    const before = change.object.fields;
    change.object.fields = change.detachment.fields;
    context.index.reindex(change.spec, change.object, before);
  }
  context.index.remove(spec, target);
}
