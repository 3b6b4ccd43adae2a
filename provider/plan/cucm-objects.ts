// How the cluster dial plan and site kinds bring a Unified CM cluster to their objects, as plain
// data: which objects are ucflow's, which writes (in which order) make the cluster match, which
// objects block the writes, and what a refresh reports as drift. Reading and writing the
// cluster is the kinds' business (provider/resources/cluster-kind.ts); nothing here talks to one.
//
// Ownership. An object under one of ucflow's names is ucflow's when
//   - state records it (same kind, name and uuid): ucflow made or adopted it, whatever happened
//     to it since (a description edited by hand is drift, put right by the next `up`);
//   - or, for objects with a description (partitions, route and translation patterns, calling search spaces), its
//     description ends with ucflow's mark for this customer or site (`[ucflow:Cu2]`,
//     `[ucflow:Cu2/Cu2Si1]`): a killed run made it before its state was saved;
//   - or, for device pools and locations, which have no description in AXL, every field ucflow
//     sets already has ucflow's value: a killed run's object always does, and adopting such an
//     object writes nothing to it.
// Anything else under ucflow's names is refused, before any write, unless adoption is on
// (provider/resources/adoption.ts): then it is adopted, recorded `adopted: true`, and keeps its own
// description (state, not a mark, says it is ucflow's); its other fields are brought to ucflow's
// only where they differ. Delete and a plan that no longer has it leave an adopted object on the
// cluster unless the policy says remove.
import { type AdoptionPolicy, creationDecision, NO_ADOPTION, removalDecision } from "./adoption";
import { show } from "./messages";

/** The objects the two kinds manage, in the order they are added (each refers only to earlier ones). */
export const CUCM_OBJECT_KINDS = ["routePartition", "routePattern", "css", "transPattern", "location", "devicePool"] as const;
export type CucmObjectKind = (typeof CUCM_OBJECT_KINDS)[number];

const NOUNS: Readonly<Record<CucmObjectKind, string>> = {
  routePartition: "route partition",
  routePattern: "route pattern",
  css: "calling search space",
  transPattern: "translation pattern",
  location: "location",
  devicePool: "device pool",
};

/** A field's value as ucflow compares it: names ignoring case, descriptions exactly, lists in order. */
export type CucmFieldValue = string | number | boolean | readonly string[];

/** One object ucflow wants on the cluster. */
export interface DesiredCucmObject<V = unknown> {
  readonly kind: CucmObjectKind;
  /** Its name, or for a route or translation pattern cucmPatternKey(pattern, partition). */
  readonly key: string;
  /** The fields ucflow sets, by AXL field name, as compared with the cluster's (`description` carries the mark). */
  readonly fields: Readonly<Record<string, CucmFieldValue>>;
  /** What the kind sends to add it. */
  readonly value: V;
  /** The definition names it as already on the cluster (adoption under the estate's names): never added; missing is an error. */
  readonly existing?: true;
}

/** An object as the cluster has it: its uuid and the fields ucflow compares (absent: empty). */
export interface ObservedCucmObject {
  readonly uuid: string;
  readonly fields: Readonly<Record<string, CucmFieldValue | undefined>>;
}

/** What state records of an object ucflow made or adopted. */
export interface CucmObjectRecord {
  readonly kind: CucmObjectKind;
  readonly key: string;
  /** CUCM's uuid, `{UPPER-CASE}`. */
  readonly uuid: string;
  /** ucflow adopted it (it was on the cluster, not ucflow's): delete leaves it unless the policy says remove. */
  readonly adopted?: true;
}

/** What the cluster holds under the keys of interest: `observed.get(cucmObjectId(kind, key))`, undefined when nothing. */
export interface CucmObjectsView {
  readonly desired: readonly DesiredCucmObject[];
  readonly observed: ReadonlyMap<string, ObservedCucmObject | undefined>;
  readonly recorded: readonly CucmObjectRecord[];
  /** ucflow's mark for this customer or site. */
  readonly mark: string;
  /** What to do with an object under a desired key that is not ucflow's. @default NO_ADOPTION (refuse it) */
  readonly adoption?: AdoptionPolicy;
}

export type CucmWrite =
  | { readonly op: "add"; readonly object: DesiredCucmObject }
  | { readonly op: "update"; readonly object: DesiredCucmObject; readonly uuid: string; readonly fields: readonly string[] }
  | { readonly op: "remove"; readonly record: CucmObjectRecord };

export interface CucmObjectsPlan {
  /** Adds and updates in CUCM_OBJECT_KINDS order, then removals in the reverse order. */
  readonly writes: readonly CucmWrite[];
  /** Objects under ucflow's names that are not ucflow's, each with why: nothing may be written while there are any. */
  readonly conflicts: readonly string[];
  /** Desired objects that are ucflow's already, with their uuids (the adds' come when they run). */
  readonly owned: readonly CucmObjectRecord[];
  /** Objects the definition names as existing that the cluster does not have: nothing may be written while there are any. */
  readonly missing: readonly string[];
}

/** The map key of an object. */
export function cucmObjectId(kind: CucmObjectKind, key: string): string {
  return `${kind}|${key.toLowerCase()}`;
}

/** "route partition Cu2-DN-PT", "route pattern 9.011! in Cu2-International-PT". */
export function cucmObjectLabel(kind: CucmObjectKind, key: string): string {
  return `${NOUNS[kind]} ${key}`;
}

/** A pattern's key: "9.011! in Cu2-International-PT" (patterns have no spaces; partitions may). */
export function cucmPatternKey(pattern: string, partition: string): string {
  return `${pattern} in ${partition}`;
}

export function parseCucmPatternKey(key: string): { readonly pattern: string; readonly partition: string } {
  const at = key.indexOf(" in ");
  if (at <= 0) throw new Error(`not a pattern key: ${JSON.stringify(key)}`);
  return { pattern: key.slice(0, at), partition: key.slice(at + 4) };
}

const MARK_AT_END = /\[ucflow:[^\]]*\]$/;

/** Whether objects of `kind` carry ucflow's mark in a description. */
function isMarkedKind(kind: CucmObjectKind): boolean {
  return kind === "routePartition" || kind === "routePattern" || kind === "css" || kind === "transPattern";
}

function sameValue(field: string, observed: CucmFieldValue | undefined, desired: CucmFieldValue): boolean {
  if (Array.isArray(desired)) {
    const have = Array.isArray(observed) ? observed : [];
    return have.length === desired.length && desired.every((item, i) => sameValue(field, have[i], item));
  }
  if (typeof desired === "string") {
    const have = observed === undefined ? "" : String(observed);
    return field === "description" ? have === desired : have.toLowerCase() === desired.toLowerCase();
  }
  return observed === desired;
}

/** The fields of `desired` the cluster holds otherwise, in the desired order; an adopted object's description is its own. */
export function differingFields(desired: DesiredCucmObject, observed: ObservedCucmObject, adopted = false): string[] {
  return Object.keys(desired.fields).filter((field) => !(adopted && field === "description") && !sameValue(field, observed.fields[field], desired.fields[field]!));
}

function recordOf(recorded: readonly CucmObjectRecord[], kind: CucmObjectKind, key: string): CucmObjectRecord | undefined {
  const id = cucmObjectId(kind, key);
  return recorded.find((r) => cucmObjectId(r.kind, r.key) === id);
}

/** Why an object the cluster has under a desired name is not ucflow's, or undefined when it is. */
export function notOwnedReason(view: Pick<CucmObjectsView, "recorded" | "mark">, desired: DesiredCucmObject, observed: ObservedCucmObject): string | undefined {
  const record = recordOf(view.recorded, desired.kind, desired.key);
  if (record !== undefined && record.uuid.toUpperCase() === observed.uuid.toUpperCase()) return undefined;
  const notRecorded = record === undefined ? "it is not in ucflow's state" : `it is not the one ucflow recorded (uuid ${observed.uuid}, not ${record.uuid})`;
  if (isMarkedKind(desired.kind)) {
    const description = observed.fields.description === undefined ? "" : String(observed.fields.description);
    if (description.endsWith(view.mark)) return undefined;
    const other = MARK_AT_END.exec(description)?.[0];
    if (other !== undefined) return `${notRecorded} and its description ends with ${other}, the mark of another ucflow customer or site`;
    return `${notRecorded} and its description ${description === "" ? "is empty" : show(description)}, without ucflow's mark ${view.mark}`;
  }
  const differing = differingFields(desired, observed);
  if (differing.length === 0) return undefined;
  const field = differing[0]!;
  return `${notRecorded} and differs from what ucflow creates (${field} is ${show(observed.fields[field] ?? "")}, not ${show(desired.fields[field])})`;
}

/**
 * Whether, with adoption on, an object that passes for ucflow's is not proven to be: state does
 * not record it, and it has no mark (a device pool or location that happens to match) or the
 * definition names it as the estate's. Such an object is adopted, so delete leaves it.
 */
function unproven(view: CucmObjectsView, object: DesiredCucmObject, observed: ObservedCucmObject): boolean {
  if ((view.adoption ?? NO_ADOPTION).existing !== "adopt") return false;
  const record = recordOf(view.recorded, object.kind, object.key);
  if (record !== undefined && record.uuid.toUpperCase() === observed.uuid.toUpperCase()) return false;
  return object.existing === true || !isMarkedKind(object.kind);
}

/** Whether state records the object (this uuid) as adopted. */
function isAdopted(recorded: readonly CucmObjectRecord[], kind: CucmObjectKind, key: string, uuid: string): boolean {
  const record = recordOf(recorded, kind, key);
  return record?.adopted === true && record.uuid.toUpperCase() === uuid.toUpperCase();
}

function kindOrder(kind: CucmObjectKind): number {
  return CUCM_OBJECT_KINDS.indexOf(kind);
}

/**
 * The writes that bring the cluster to `view.desired`, only where it differs, and what blocks
 * them. Recorded objects no longer desired are removed when the cluster still has the one
 * recorded (same uuid) or one with the mark; anything else there is left alone.
 */
export function planCucmObjects(view: CucmObjectsView): CucmObjectsPlan {
  const conflicts: string[] = [];
  const changes: CucmWrite[] = [];
  const owned: CucmObjectRecord[] = [];
  const missing: string[] = [];
  for (const object of view.desired) {
    const observed = view.observed.get(cucmObjectId(object.kind, object.key));
    if (observed === undefined && object.existing) {
      missing.push(cucmObjectLabel(object.kind, object.key));
      continue;
    }
    if (observed === undefined) {
      changes.push({ op: "add", object });
      continue;
    }
    const reason = notOwnedReason(view, object, observed);
    const decision = creationDecision({ found: true, ours: reason === undefined && !unproven(view, object, observed) }, view.adoption ?? NO_ADOPTION);
    if (decision.action === "refuse") {
      conflicts.push(`${cucmObjectLabel(object.kind, object.key)} (${reason})`);
      continue;
    }
    const adopted = decision.action === "adopt" || isAdopted(view.recorded, object.kind, object.key, observed.uuid);
    owned.push({ kind: object.kind, key: object.key, uuid: observed.uuid, ...(adopted ? { adopted: true as const } : {}) });
    const fields = differingFields(object, observed, adopted);
    if (fields.length > 0) changes.push({ op: "update", object, uuid: observed.uuid, fields });
  }
  const wanted = new Set(view.desired.map((o) => cucmObjectId(o.kind, o.key)));
  const removals = view.recorded
    .filter((record) => !wanted.has(cucmObjectId(record.kind, record.key)))
    .filter((record) => {
      const observed = view.observed.get(cucmObjectId(record.kind, record.key));
      if (observed === undefined) return false;
      if (removalDecision(record, view.adoption ?? NO_ADOPTION) === "retain") return false;
      if (observed.uuid.toUpperCase() === record.uuid.toUpperCase()) return true;
      return isMarkedKind(record.kind) && String(observed.fields.description ?? "").endsWith(view.mark);
    })
    .map((record): CucmWrite => ({ op: "remove", record: { ...record, uuid: view.observed.get(cucmObjectId(record.kind, record.key))!.uuid } }));
  const sorted = [...changes].sort((a, b) => kindOrder(objectOf(a).kind) - kindOrder(objectOf(b).kind));
  const removed = [...removals].sort((a, b) => kindOrder(objectOf(b).kind) - kindOrder(objectOf(a).kind));
  return { writes: [...sorted, ...removed], conflicts, owned, missing };
}

function objectOf(write: CucmWrite): { readonly kind: CucmObjectKind } {
  return write.op === "remove" ? write.record : write.object;
}

/**
 * What a refresh reports: for each desired object, missing, not ucflow's any more, not in state,
 * its mark gone, or a field changed; and recorded objects the plan no longer has but the cluster
 * still does. Empty when the cluster matches.
 */
export function cucmObjectsDrift(view: CucmObjectsView): string[] {
  const drift: string[] = [];
  for (const object of view.desired) {
    const label = cucmObjectLabel(object.kind, object.key);
    const observed = view.observed.get(cucmObjectId(object.kind, object.key));
    if (observed === undefined) {
      drift.push(`${label} is missing`);
      continue;
    }
    const reason = notOwnedReason(view, object, observed);
    if (reason !== undefined) {
      drift.push(`${label} is on the cluster, but ${reason}`);
      continue;
    }
    const record = recordOf(view.recorded, object.kind, object.key);
    if (record === undefined || record.uuid.toUpperCase() !== observed.uuid.toUpperCase()) drift.push(`${label} carries ucflow's mark but is not in ucflow's state`);
    for (const field of differingFields(object, observed, isAdopted(view.recorded, object.kind, object.key, observed.uuid))) {
      const have = observed.fields[field];
      if (field === "description" && isMarkedKind(object.kind) && !String(have ?? "").endsWith(view.mark)) {
        drift.push(`${label}: its description ${have === undefined || have === "" ? "is empty" : `is ${show(have)}`}, without ucflow's mark ${view.mark} (ucflow sets ${show(object.fields[field])})`);
      } else {
        drift.push(`${label}: ${field} is ${describeValue(have)} instead of ${describeValue(object.fields[field]!)}`);
      }
    }
  }
  const wanted = new Set(view.desired.map((o) => cucmObjectId(o.kind, o.key)));
  for (const record of view.recorded) {
    if (wanted.has(cucmObjectId(record.kind, record.key))) continue;
    if (view.observed.get(cucmObjectId(record.kind, record.key)) !== undefined) drift.push(`${cucmObjectLabel(record.kind, record.key)} is no longer wanted but still on the cluster`);
  }
  return drift;
}

function describeValue(value: CucmFieldValue | undefined): string {
  if (Array.isArray(value)) return value.length === 0 ? "(none)" : value.join(", ");
  if (value === undefined || value === "") return "(empty)";
  return show(value);
}
