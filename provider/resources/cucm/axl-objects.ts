// The Unified CM objects of the cluster dial plan and site kinds, as AXL has them: for each kind
// of object (provider/plan/cucm-objects.ts), what ucflow sends to add it, the fields it compares,
// and the get/add/update/remove calls. One place maps both ways, so what is written and what is
// compared on refresh cannot disagree.
import {
  addCss,
  addRoutePartition,
  addRoutePattern,
  addTransPattern,
  getCss,
  getRoutePartition,
  getRoutePattern,
  getTransPattern,
  removeCss,
  removeRoutePartition,
  removeRoutePattern,
  removeTransPattern,
  updateCss,
  updateRoutePartition,
  updateRoutePattern,
  updateTransPattern,
  type Css,
  type RoutePartition,
  type RoutePattern,
  type RoutePatternDestination,
  type TransPattern,
} from "../../backends/axl/dial-plan";
import type { AxlClient } from "../../backends/axl/client";
import { addDevicePool, addLocation, DEFAULT_BETWEEN_LOCATION, getDevicePool, getLocation, removeDevicePool, removeLocation, updateDevicePool, updateLocation, type BetweenLocation, type DevicePool, type Location } from "../../backends/axl/sites";
import { ifFound } from "../../core/errors";
import { removeOnce, repeatable } from "./repeat-safe-writes";
import type { PlannedCss, PlannedPartition, PlannedRoutePattern, PlannedTranslationPattern } from "../../plan/cucm-dial-plan";
import { cucmPatternKey, type CucmFieldValue, type CucmObjectKind, type DesiredCucmObject, type ObservedCucmObject, parseCucmPatternKey } from "../../plan/cucm-objects";

/** The get/add/update/remove of one kind of object, in the terms of the reconciler. */
export interface AxlObjectAdapter {
  /** What the cluster has under `key`, or undefined. */
  get(client: AxlClient, key: string): Promise<ObservedCucmObject | undefined>;
  /** Adds the object; its uuid. */
  add(client: AxlClient, value: unknown): Promise<string>;
  /** Sets `fields` of the object to the desired value's. */
  update(client: AxlClient, uuid: string, object: DesiredCucmObject, fields: readonly string[]): Promise<void>;
  /** Removes it; nothing when it is gone already. */
  remove(client: AxlClient, uuid: string): Promise<void>;
}

/** "route list Cu1-PSTN-RL" or "gateway Cu1-PSTN-SBC": a destination as ucflow compares it. */
export function destinationText(destination: { readonly gatewayName?: string; readonly routeListName?: string } | undefined): string {
  if (destination?.routeListName) return `route list ${destination.routeListName}`;
  if (destination?.gatewayName) return `gateway ${destination.gatewayName}`;
  return "";
}

/** A destination as state records it, in the shape route patterns take. */
export function recordedDestination(destination: { readonly routeListName?: string; readonly gatewayName?: string } | undefined): RoutePatternDestination {
  return destination?.routeListName ? { routeListName: destination.routeListName } : { gatewayName: destination?.gatewayName ?? "" };
}

export function partitionObject(planned: PlannedPartition): DesiredCucmObject<RoutePartition> {
  return { kind: "routePartition", key: planned.name, fields: { description: planned.description }, value: { name: planned.name, description: planned.description } };
}

/**
 * A route pattern: OffNet, the access code discarded (PreDot), emergency numbers urgent and
 * marked as emergency service numbers. A blocking pattern still names the destination: CUCM
 * requires one on every route pattern.
 */
export function routePatternObject(planned: PlannedRoutePattern, destination: RoutePatternDestination): DesiredCucmObject<RoutePattern> {
  const value: RoutePattern = {
    pattern: planned.pattern,
    routePartitionName: planned.partition,
    description: planned.description,
    blockEnable: planned.block,
    digitDiscardInstructionName: planned.discardPreDot ? "PreDot" : "",
    networkLocation: "OffNet",
    patternUrgency: planned.emergency,
    destination,
    isEmergencyServiceNumber: planned.emergency,
  };
  return { kind: "routePattern", key: cucmPatternKey(planned.pattern, planned.partition), fields: routePatternFields(value), value };
}

function routePatternFields(pattern: Partial<Omit<RoutePattern, "destination">> & { readonly destination?: { readonly gatewayName?: string; readonly routeListName?: string } }): Record<string, CucmFieldValue> {
  return {
    description: pattern.description ?? "",
    blockEnable: pattern.blockEnable ?? false,
    digitDiscardInstructionName: pattern.digitDiscardInstructionName ?? "",
    networkLocation: pattern.networkLocation ?? "OnNet",
    patternUrgency: pattern.patternUrgency ?? false,
    destination: destinationText(pattern.destination),
    isEmergencyServiceNumber: pattern.isEmergencyServiceNumber ?? false,
  };
}

/**
 * A translation pattern: the digits before the dot discarded when it has one, the prefix added,
 * routed again with the pattern's own calling search space (not the caller's). No called party
 * mask, so the compared empty mask reports one set by hand.
 */
export function transPatternObject(planned: PlannedTranslationPattern): DesiredCucmObject<TransPattern> {
  const value: TransPattern = {
    pattern: planned.pattern,
    routePartitionName: planned.partition,
    description: planned.description,
    usage: "Translation",
    blockEnable: false,
    calledPartyTransformationMask: "",
    digitDiscardInstructionName: planned.discardPreDot ? "PreDot" : "",
    prefixDigitsOut: planned.prefixDigits,
    callingSearchSpaceName: planned.css,
    useOriginatorCss: false,
  };
  return { kind: "transPattern", key: cucmPatternKey(planned.pattern, planned.partition), fields: transPatternFields(value), value };
}

function transPatternFields(pattern: Partial<TransPattern>): Record<string, CucmFieldValue> {
  return {
    description: pattern.description ?? "",
    blockEnable: pattern.blockEnable ?? false,
    calledPartyTransformationMask: pattern.calledPartyTransformationMask ?? "",
    digitDiscardInstructionName: pattern.digitDiscardInstructionName ?? "",
    prefixDigitsOut: pattern.prefixDigitsOut ?? "",
    callingSearchSpaceName: pattern.callingSearchSpaceName ?? "",
    useOriginatorCss: pattern.useOriginatorCss ?? false,
  };
}

export function cssObject(planned: PlannedCss): DesiredCucmObject<Css> {
  return {
    kind: "css",
    key: planned.name,
    fields: { description: planned.description, members: [...planned.members] },
    value: { name: planned.name, description: planned.description, members: planned.members.map((routePartitionName, i) => ({ routePartitionName, index: i + 1 })) },
  };
}

/**
 * An object the definition names as already on the cluster and ucflow adopts as it is: no field
 * compared or set (a calling search space's members, a partition's description stay the estate's).
 */
export function existingObject(kind: "routePartition" | "css", name: string): DesiredCucmObject<{ readonly name: string }> {
  return { kind, key: name, fields: {}, value: { name }, existing: true };
}

function betweenText(link: BetweenLocation): string {
  const full = { ...DEFAULT_BETWEEN_LOCATION, ...link };
  return `${full.locationName}: weight ${full.weight}, audio ${full.audioBandwidth}, video ${full.videoBandwidth}, immersive ${full.immersiveBandwidth} kbit/s`;
}

/** A site's location: unlimited bandwidth within it (0), linked to Hub_None as CUCM Administration links a new one. */
export function locationObject(name: string): DesiredCucmObject<Location> {
  const value: Location = { name, withinAudioBandwidth: 0, withinVideoBandwidth: 0, withinImmersiveKbits: 0, betweenLocations: [DEFAULT_BETWEEN_LOCATION] };
  return { kind: "location", key: name, fields: locationFields(value), value };
}

function locationFields(location: Partial<Location>): Record<string, CucmFieldValue> {
  return {
    withinAudioBandwidth: location.withinAudioBandwidth ?? 0,
    withinVideoBandwidth: location.withinVideoBandwidth ?? 0,
    withinImmersiveKbits: location.withinImmersiveKbits ?? 0,
    betweenLocations: (location.betweenLocations ?? []).map(betweenText),
  };
}

/** The device pool fields ucflow sets. */
export type SiteDevicePool = Required<Pick<DevicePool, "name" | "dateTimeSettingName" | "callManagerGroupName" | "regionName" | "srstName" | "locationName">>;

export function devicePoolObject(pool: SiteDevicePool): DesiredCucmObject<SiteDevicePool> {
  return { kind: "devicePool", key: pool.name, fields: devicePoolFields(pool), value: pool };
}

function devicePoolFields(pool: Partial<DevicePool>): Record<string, CucmFieldValue> {
  return {
    dateTimeSettingName: pool.dateTimeSettingName ?? "",
    callManagerGroupName: pool.callManagerGroupName ?? "",
    regionName: pool.regionName ?? "",
    srstName: pool.srstName ?? "",
    locationName: pool.locationName ?? "",
  };
}

/** The desired value's `fields`, as the update request sets them (the field names are AXL's). */
function changesOf(object: DesiredCucmObject, fields: readonly string[]): Record<string, unknown> {
  const value = object.value as Record<string, unknown>;
  return Object.fromEntries(fields.map((field) => [field, value[field]]));
}

/** The typed AXL operations of one kind, as backends/axl has them. */
interface TypedOperations<Key, Rec> {
  get(client: AxlClient, key: Key): Promise<Rec>;
  add(client: AxlClient, value: never): Promise<string>;
  update(client: AxlClient, key: { uuid: string }, changes: never): Promise<void>;
  remove(client: AxlClient, key: { uuid: string }): Promise<void>;
}

/** An adapter from a kind's typed operations: `keyOf` turns the reconciler's key into the get key, `fieldsOf` a record into compared fields. */
function adapter<Key, Rec extends { readonly uuid: string }>(ops: TypedOperations<Key, Rec>, keyOf: (key: string) => Key, fieldsOf: (record: Rec) => ObservedCucmObject["fields"]): AxlObjectAdapter {
  return {
    async get(client, key) {
      const found = await ifFound(ops.get(client, keyOf(key)));
      return found && { uuid: found.uuid, fields: fieldsOf(found) };
    },
    add: (client, value) => ops.add(client, value as never),
    // Updates set absolute values: a lost answer is sent once more.
    update: (client, uuid, object, fields) => repeatable(() => ops.update(client, { uuid }, changesOf(object, fields) as never)),
    // Gone already (by a removal whose answer was lost, or anyone's) is removed.
    remove: (client, uuid) => removeOnce(() => ops.remove(client, { uuid })),
  };
}

const byName = (name: string) => ({ name });
const patternKeyOf = (key: string) => {
  const { pattern, partition } = parseCucmPatternKey(key);
  return { pattern, routePartitionName: partition };
};

export const AXL_OBJECTS: Readonly<Record<CucmObjectKind, AxlObjectAdapter>> = {
  routePartition: adapter({ get: getRoutePartition, add: addRoutePartition, update: updateRoutePartition, remove: removeRoutePartition }, byName, (found) => ({ description: found.description ?? "" })),
  routePattern: adapter({ get: getRoutePattern, add: addRoutePattern, update: updateRoutePattern, remove: removeRoutePattern }, patternKeyOf, routePatternFields),
  // An update's `members` replaces the whole list, in the desired order.
  css: adapter({ get: getCss, add: addCss, update: updateCss, remove: removeCss }, byName, (found) => ({
    description: found.description ?? "",
    members: [...(found.members ?? [])].sort((a, b) => a.index - b.index).map((m) => m.routePartitionName),
  })),
  transPattern: adapter({ get: getTransPattern, add: addTransPattern, update: updateTransPattern, remove: removeTransPattern }, patternKeyOf, transPatternFields),
  location: adapter({ get: getLocation, add: addLocation, update: updateLocation, remove: removeLocation }, byName, locationFields),
  devicePool: adapter({ get: getDevicePool, add: addDevicePool, update: updateDevicePool, remove: removeDevicePool }, byName, devicePoolFields),
};
