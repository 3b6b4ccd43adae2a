// The AXL object model the simulator serves, as data: each kind's fields in AXL 15.0 schema
// order (element names, nesting, lists, references) and what the lab checks about them. A
// hand-written subset (reference §4: Cisco's XSD is not shipped); request parsing, answers,
// returnedTags projection, referential integrity and renames are all driven by it.
import type { SchemaVersion } from "../protocol/schema-versions";

export type KindName =
  | "phone" | "line" | "user" | "routePartition" | "css" | "transPattern" | "routePattern" | "devicePool" | "location"
  | "deviceProfile" | "remoteDestinationProfile" | "remoteDestination" | "ucService" | "serviceProfile" | "ipPhoneServices"
  | "voiceMailProfile" | "voiceMailPilot" | "customer"
  | "callManagerGroup" | "dateTimeGroup" | "region" | "srst" | "phoneButtonTemplate" | "softKeyTemplate" | "sipProfile"
  | "phoneSecurityProfile" | "commonPhoneConfig" | "presenceGroup" | "userGroup" | "gateway" | "sipTrunk" | "routeList"
  | "credentialPolicy" | "ldapDirectory";

/** What removing a referenced object does to a reference to it. */
export type OnDelete =
  /** The removal is refused while the reference exists (the default). */
  | "restrict"
  /** The reference is set to nothing. */
  | "clear"
  /** The list item holding the reference goes (a many-to-many mapping row). */
  | "cascade";

interface FieldCommon {
  /** The element name. */
  readonly name: string;
  /** First schema version with the element; absent: every schema the lab knows. */
  readonly since?: SchemaVersion;
  /** Not in the list (L) type: list answers leave it out. */
  readonly notInList?: true;
  /** Taken by add and update, never answered (password, pin). */
  readonly writeOnly?: true;
  /** Answered only: set by the lab (login state), never taken in add or update. */
  readonly readOnly?: true;
  /** Taken by add only; the update request has no such element (product, class, ...). */
  readonly fixed?: true;
  /** Semantically required by add (not every XSD minOccurs=1 is: reference §2.1). */
  readonly required?: true;
  /**
   * For a required field that only CUCM's database requires: the column its absence is refused
   * for, as Informix -391 "Cannot insert a null into column (<table.column>)." instead of the
   * lab's 5003 "... is required".
   */
  readonly nullColumn?: string;
}

export type FieldSpec =
  | (FieldCommon & { readonly kind: "text"; readonly default?: string; readonly values?: readonly string[]; readonly maxLength?: number })
  | (FieldCommon & { readonly kind: "bool"; readonly default?: "true" | "false" })
  | (FieldCommon & { readonly kind: "int"; readonly default?: string; readonly min?: number; readonly max?: number })
  /** A reference by name (XFkType: `<x uuid="{...}">name</x>`; `plain` for xsd:string references). */
  | (FieldCommon & { readonly kind: "fk"; readonly target: readonly KindName[]; readonly plain?: true; readonly onDelete?: OnDelete; readonly default?: string })
  /** `choice`: the schema offers one of its members (xsd:choice), so an update's group replaces the old one instead of merging. */
  | (FieldCommon & { readonly kind: "group"; readonly fields: readonly FieldSpec[]; readonly itemUuid?: true; readonly choice?: true })
  | (FieldCommon & { readonly kind: "list"; readonly item: FieldSpec; readonly max?: number })
  /**
   * A directory number by pattern and partition (XDirn `<dirn uuid="{...}"><pattern/><routePartitionName/></dirn>`),
   * or a voice mail pilot by dirn and cssName. `uuid`: where the referenced uuid goes (an
   * attribute, an alternative `<uuid>` element as in lineAssociation, or nowhere);
   * `plainScope`: the partition/CSS element is a plain string (no uuid attribute).
   */
  | (FieldCommon & { readonly kind: "numberRef"; readonly target: "line" | "voiceMailPilot"; readonly uuid: "attribute" | "element" | "none"; readonly plainScope?: true; readonly onDelete?: OnDelete })
  /**
   * Answered only, computed when rendered (Line.associatedDevices); `ignoredInRequests`: a
   * request may carry it and the lab ignores it (addUser's userRoles, which come from the group).
   */
  | (FieldCommon & { readonly kind: "computed"; readonly compute: (record: AxlRecord, object: StoredObject, view: ClusterView) => string; readonly ignoredInRequests?: true });

/** How a kind is found by get/update/remove and kept unique. */
export type KeySpec =
  /** One name element, unique case-insensitively: name, userid, serviceName, domainName, destination. */
  | { readonly kind: "name"; readonly field: string }
  /** pattern + routePartitionName, unique across lines, route and translation patterns (numplan). */
  | { readonly kind: "numplan" }
  /** dirn + cssName (voice mail pilots). */
  | { readonly kind: "pilot" };

export interface KindSpec {
  readonly kind: KindName;
  /** add<Suffix>, get<Suffix>, ...: "Phone", "Css", "IpPhoneServices". */
  readonly suffix: string;
  /** The object element in add requests and get answers: "phone", "css". */
  readonly element: string;
  /** The object in messages: "Phone", "Route Partition". */
  readonly label: string;
  readonly since?: SchemaVersion;
  readonly key: KeySpec;
  readonly fields: readonly FieldSpec[];
  /** list<Suffix> searchCriteria elements (field names). */
  readonly searchCriteria: readonly string[];
  /** add/update/remove served; otherwise get and list only (seeded, referenced kinds). */
  readonly writable: boolean;
  /** The object element carries a ctiid attribute (devices). */
  readonly ctiid?: true;
  /** get/remove of a missing one says "The specified <name> was not found" (devices) instead of the label. */
  readonly notFoundByName?: true;
  /**
   * Fields besides the key that an update changes only by a rename element (new<Field>), as
   * Cisco's Update<Kind>Req has them: a remote destination's name (newName, no name).
   * @default - the key's fields only (newName, newPattern + newRoutePartitionName, newUserid ...)
   */
  readonly renamedOnly?: readonly string[];
  /** Update elements that add to or remove from a list instead of replacing it: {addLines: "lines"}. */
  readonly deltaLists?: Readonly<Record<string, { readonly list: string; readonly mode: "add" | "remove" }>>;
  /** Semantic checks of an object about to be stored (after references resolved). */
  readonly validate?: (candidate: Candidate, view: ClusterView) => void;
}

// ---------------------------------------------------------------------------------------------
// values

/** A resolved reference. */
export interface FkValue {
  name: string;
  uuid: string;
}

/** A resolved directory number (pattern, partition) or voice mail pilot (dirn, CSS) reference. */
export interface NumberRefValue {
  uuid: string;
  number: string;
  scope: FkValue | null;
}

export type AxlValue = string | null | FkValue | NumberRefValue | AxlValue[] | AxlRecord;
export interface AxlRecord {
  [field: string]: AxlValue;
}

/** One stored object: its uuid ("{UPPERCASE}"), ctiid for devices, and its fields. */
export interface StoredObject {
  readonly uuid: string;
  readonly ctiid?: number;
  fields: AxlRecord;
}

/** An object about to be added or replaced. */
export interface Candidate {
  readonly spec: KindSpec;
  readonly fields: AxlRecord;
  /** The stored object it replaces (update), if any. */
  readonly previous?: StoredObject;
  readonly uuid: string;
  readonly version: SchemaVersion;
}

/** What checks and computed fields may look up (implemented by the cluster index). */
export interface ClusterView {
  byUuid(uuid: string): { readonly kind: KindName; readonly object: StoredObject } | undefined;
  findByName(kind: KindName, name: string): StoredObject | undefined;
  /** Objects referring to this uuid, with how many references each holds. */
  referrers(uuid: string): ReadonlyMap<string, number>;
  count(kind: KindName): number;
}

// ---------------------------------------------------------------------------------------------
// constructors (field lists read like the schema)

type Options = Omit<FieldCommon, "name">;

export const text = (name: string, options: Options & { default?: string; values?: readonly string[]; maxLength?: number } = {}): FieldSpec => ({ kind: "text", name, ...options });
export const bool = (name: string, options: Options & { default?: "true" | "false" } = {}): FieldSpec => ({ kind: "bool", name, ...options });
export const int = (name: string, options: Options & { default?: string; min?: number; max?: number } = {}): FieldSpec => ({ kind: "int", name, ...options });
export const fk = (name: string, target: KindName | readonly KindName[], options: Options & { plain?: true; onDelete?: OnDelete; default?: string } = {}): FieldSpec => ({
  kind: "fk",
  name,
  target: typeof target === "string" ? [target] : target,
  ...options,
});
export const group = (name: string, fields: readonly FieldSpec[], options: Options & { itemUuid?: true; choice?: true } = {}): FieldSpec => ({ kind: "group", name, fields, ...options });
export const list = (name: string, item: FieldSpec, options: Options & { max?: number } = {}): FieldSpec => ({ kind: "list", name, item, ...options });
export const numberRef = (name: string, target: "line" | "voiceMailPilot", uuid: "attribute" | "element" | "none", options: Options & { plainScope?: true; onDelete?: OnDelete } = {}): FieldSpec => ({
  kind: "numberRef",
  name,
  target,
  uuid,
  ...options,
});
export const computed = (name: string, compute: (record: AxlRecord, object: StoredObject, view: ClusterView) => string, options: Options & { ignoredInRequests?: true } = {}): FieldSpec => ({
  kind: "computed",
  name,
  compute,
  readOnly: true,
  ...options,
});

/** The two elements of a number reference: pattern + routePartitionName, or dirn + cssName. */
export function numberRefParts(target: "line" | "voiceMailPilot"): readonly [string, string] {
  return target === "line" ? ["pattern", "routePartitionName"] : ["dirn", "cssName"];
}

/** The field of a kind with this element name. */
export function fieldNamed(fields: readonly FieldSpec[], name: string): FieldSpec | undefined {
  return fields.find((field) => field.name === name);
}
