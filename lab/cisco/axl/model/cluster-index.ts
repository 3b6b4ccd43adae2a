// Lookups of one cluster without scanning it: every object by uuid, by its natural key (name,
// userid, pattern + partition, ...), and who refers to whom (for renames, deletes in use and
// computed fields). Built once when a state is created, loaded, reset or seeded, and kept right
// by every change the operations make. Only list requests walk a kind's objects.
import type { AxlClusterState } from "./cluster-state";
import { kindSpec } from "../schema/kinds";
import type { AxlRecord, ClusterView, FieldSpec, FkValue, KindName, KindSpec, NumberRefValue, StoredObject } from "../schema/field-spec";

type KeyBucket = KindName | "numplan" | "pilot";

export interface Located {
  readonly kind: KindName;
  readonly object: StoredObject;
}

/** The bucket a kind's keys are unique in: lines, route and translation patterns share numplan. */
export function keyBucket(spec: KindSpec): KeyBucket {
  return spec.key.kind === "numplan" ? "numplan" : spec.key.kind === "pilot" ? "pilot" : spec.kind;
}

const scopeUuid = (value: unknown): string => (value && typeof value === "object" ? (value as FkValue).uuid : "");

/** The unique key of an object: names case-insensitive, patterns and pilots with their partition/CSS. */
export function keyOf(spec: KindSpec, fields: AxlRecord): string {
  switch (spec.key.kind) {
    case "name":
      return String(fields[spec.key.field] ?? "").toLowerCase();
    case "numplan":
      return `${String(fields.pattern ?? "")}\u0000${scopeUuid(fields.routePartitionName)}`;
    case "pilot":
      return `${String(fields.dirn ?? "")}\u0000${scopeUuid(fields.cssName)}`;
  }
}

/** The key the way a numplan or pilot lookup builds it from a request. */
export function numberKey(number: string, scope: FkValue | null): string {
  return `${number}\u0000${scope?.uuid ?? ""}`;
}

/** What a reference to this object shows: its name, userid, pattern or dirn. */
export function displayName(spec: KindSpec, fields: AxlRecord): string {
  switch (spec.key.kind) {
    case "name":
      return String(fields[spec.key.field] ?? "");
    case "numplan":
      return String(fields.pattern ?? "");
    case "pilot":
      return String(fields.dirn ?? "");
  }
}

/** Every uuid a record refers to, with how often. */
export function referencesOf(fields: readonly FieldSpec[], record: AxlRecord, into: Map<string, number> = new Map()): Map<string, number> {
  const add = (uuid: string | undefined): void => {
    if (uuid) into.set(uuid, (into.get(uuid) ?? 0) + 1);
  };
  const visit = (field: FieldSpec, value: unknown): void => {
    if (value === null || value === undefined) return;
    switch (field.kind) {
      case "fk":
        add((value as FkValue).uuid);
        return;
      case "numberRef":
        add((value as NumberRefValue).uuid);
        add((value as NumberRefValue).scope?.uuid);
        return;
      case "group":
        referencesOf(field.fields, value as AxlRecord, into);
        return;
      case "list":
        for (const item of value as unknown[]) visit(field.item, item);
        return;
      default:
        return;
    }
  };
  for (const field of fields) visit(field, record[field.name]);
  return into;
}

export class ClusterIndex implements ClusterView {
  private readonly uuids = new Map<string, Located>();
  private readonly keys = new Map<KeyBucket, Map<string, Located>>();
  /** target uuid -> referrer uuid -> references held. */
  private readonly refs = new Map<string, Map<string, number>>();
  private readonly counts = new Map<KindName, number>();

  constructor(readonly state: AxlClusterState) {
    for (const [kind, objects] of Object.entries(state.objects) as [KindName, Record<string, StoredObject>][]) {
      const spec = kindSpec(kind);
      for (const object of Object.values(objects)) this.indexObject(spec, object);
    }
  }

  byUuid(uuid: string): Located | undefined {
    return this.uuids.get(uuid);
  }

  findByName(kind: KindName, name: string): StoredObject | undefined {
    const found = this.keys.get(kind)?.get(name.toLowerCase());
    return found?.kind === kind ? found.object : undefined;
  }

  /** The object holding this key in the kind's bucket, whatever its kind (a line and a pattern share numplan). */
  holderOf(spec: KindSpec, key: string): Located | undefined {
    return this.keys.get(keyBucket(spec))?.get(key);
  }

  /** The object of this kind with this key. */
  findByKey(spec: KindSpec, key: string): StoredObject | undefined {
    const found = this.holderOf(spec, key);
    return found?.kind === spec.kind ? found.object : undefined;
  }

  referrers(uuid: string): ReadonlyMap<string, number> {
    return this.refs.get(uuid) ?? EMPTY;
  }

  count(kind: KindName): number {
    return this.counts.get(kind) ?? 0;
  }

  objectsOf(kind: KindName): Record<string, StoredObject> {
    return (this.state.objects[kind] ??= {});
  }

  insert(spec: KindSpec, object: StoredObject): void {
    this.objectsOf(spec.kind)[object.uuid] = object;
    this.indexObject(spec, object);
  }

  remove(spec: KindSpec, object: StoredObject): void {
    delete this.objectsOf(spec.kind)[object.uuid];
    this.counts.set(spec.kind, this.count(spec.kind) - 1);
    this.uuids.delete(object.uuid);
    this.keys.get(keyBucket(spec))?.delete(keyOf(spec, object.fields));
    this.dropReferences(object.uuid, referencesOf(spec.fields, object.fields));
    this.refs.delete(object.uuid);
  }

  /** After an object's fields changed from `before` to `object.fields`. */
  reindex(spec: KindSpec, object: StoredObject, before: AxlRecord): void {
    const bucket = this.bucket(keyBucket(spec));
    const oldKey = keyOf(spec, before);
    const newKey = keyOf(spec, object.fields);
    if (oldKey !== newKey) {
      bucket.delete(oldKey);
      bucket.set(newKey, { kind: spec.kind, object });
    }
    this.dropReferences(object.uuid, referencesOf(spec.fields, before));
    this.addReferences(object.uuid, referencesOf(spec.fields, object.fields));
  }

  private indexObject(spec: KindSpec, object: StoredObject): void {
    const located = { kind: spec.kind, object };
    this.counts.set(spec.kind, this.count(spec.kind) + 1);
    this.uuids.set(object.uuid, located);
    this.bucket(keyBucket(spec)).set(keyOf(spec, object.fields), located);
    this.addReferences(object.uuid, referencesOf(spec.fields, object.fields));
  }

  private bucket(name: KeyBucket): Map<string, Located> {
    let bucket = this.keys.get(name);
    if (!bucket) this.keys.set(name, (bucket = new Map()));
    return bucket;
  }

  private addReferences(referrer: string, targets: Map<string, number>): void {
    for (const [target, count] of targets) {
      let holders = this.refs.get(target);
      if (!holders) this.refs.set(target, (holders = new Map()));
      holders.set(referrer, (holders.get(referrer) ?? 0) + count);
    }
  }

  private dropReferences(referrer: string, targets: Map<string, number>): void {
    for (const [target, count] of targets) {
      const holders = this.refs.get(target);
      if (!holders) continue;
      const left = (holders.get(referrer) ?? 0) - count;
      if (left > 0) holders.set(referrer, left);
      else holders.delete(referrer);
      if (holders.size === 0) this.refs.delete(target);
    }
  }
}

const EMPTY: ReadonlyMap<string, number> = new Map();
