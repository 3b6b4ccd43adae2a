// Dial plan objects: route partitions, calling search spaces, translation and route patterns
// (reference §2.3). Fields carry AXL's names; foreign keys are the referenced object's name.
import { type AxlClient } from "./client";
import { type CodecOf } from "./codec";
import { addObject, getObject, type Identified, listObjects, type NameOrUuid, nameOrUuidArgs, nameOrUuidLabel, patternLabel, removeObject, updateObject } from "./operations";
import { axlUuid } from "./values";

// --- route partitions ----------------------------------------------------------------

export interface RoutePartition {
  readonly name: string;
  readonly description?: string;
  readonly timeScheduleIdName?: string;
  readonly useOriginatingDeviceTimeZone?: boolean;
  readonly timeZone?: string;
}

export interface RoutePartitionRecord extends RoutePartition, Identified {
  readonly partitionUsage?: string;
}

export interface RoutePartitionChanges extends Partial<Omit<RoutePartition, "name">> {
  readonly newName?: string;
}

export interface RoutePartitionSearch {
  /** SQL LIKE: % and _ match. @default "%" */
  readonly name?: string;
  readonly description?: string;
}

const PARTITION = { object: "RoutePartition", noun: "route partition" } as const;
const partitionCodec: CodecOf<RoutePartitionRecord & RoutePartitionChanges> = {
  uuid: "text",
  name: "text",
  newName: "text",
  description: "text",
  timeScheduleIdName: "fk",
  useOriginatingDeviceTimeZone: "boolean",
  timeZone: "text",
  partitionUsage: "text",
};

export function addRoutePartition(client: AxlClient, partition: RoutePartition): Promise<string> {
  return addObject(client, PARTITION, partitionCodec, { ...partition }, partition.name);
}

export function getRoutePartition(client: AxlClient, key: NameOrUuid): Promise<RoutePartitionRecord> {
  return getObject<RoutePartitionRecord>(client, PARTITION, partitionCodec, nameOrUuidArgs(key), nameOrUuidLabel(key));
}

export function updateRoutePartition(client: AxlClient, key: NameOrUuid, changes: RoutePartitionChanges): Promise<void> {
  return updateObject(client, PARTITION, partitionCodec, nameOrUuidArgs(key), { ...changes }, nameOrUuidLabel(key));
}

export function removeRoutePartition(client: AxlClient, key: NameOrUuid): Promise<void> {
  return removeObject(client, PARTITION, nameOrUuidArgs(key), nameOrUuidLabel(key));
}

export function listRoutePartitions(client: AxlClient, search: RoutePartitionSearch = {}): Promise<RoutePartitionRecord[]> {
  return listObjects<RoutePartitionRecord>(client, PARTITION, partitionCodec, { ...search }, "route partitions");
}

// --- calling search spaces -----------------------------------------------------------

export interface CssMember {
  readonly routePartitionName: string;
  /** 1-based position in the search order. */
  readonly index: number;
}

export interface Css {
  readonly name: string;
  readonly description?: string;
  /** In search order; the whole list is replaced on update unless addMembers/removeMembers are used. */
  readonly members?: readonly CssMember[];
  readonly partitionUsage?: string;
}

export interface CssRecord extends Css, Identified {
  /** Read only: the partitions as CUCM's clause ("P1:P2"). */
  readonly clause?: string;
}

export interface CssChanges {
  readonly newName?: string;
  readonly description?: string;
  /** Replaces every member. */
  readonly members?: readonly CssMember[];
  /** Delta instead of `members` (reference §2.2): removed first, then added. */
  readonly removeMembers?: readonly CssMember[];
  readonly addMembers?: readonly CssMember[];
}

export interface CssSearch {
  readonly name?: string;
  readonly description?: string;
  readonly partitionUsage?: string;
}

const CSS = { object: "Css", noun: "calling search space" } as const;
const memberCodec: CodecOf<CssMember> = { routePartitionName: "fk", index: "integer" };
const memberList = { list: "member", type: "XCssMember", of: memberCodec } as const;
const cssCodec: CodecOf<CssRecord & CssChanges> = {
  uuid: "text",
  name: "text",
  newName: "text",
  description: "text",
  members: memberList,
  removeMembers: memberList,
  addMembers: memberList,
  partitionUsage: "text",
  clause: "text",
};

export function addCss(client: AxlClient, css: Css): Promise<string> {
  return addObject(client, CSS, cssCodec, { ...css }, css.name);
}

export function getCss(client: AxlClient, key: NameOrUuid): Promise<CssRecord> {
  return getObject<CssRecord>(client, CSS, cssCodec, nameOrUuidArgs(key), nameOrUuidLabel(key));
}

export function updateCss(client: AxlClient, key: NameOrUuid, changes: CssChanges): Promise<void> {
  if (changes.members !== undefined && (changes.addMembers !== undefined || changes.removeMembers !== undefined)) {
    throw new TypeError("updateCss: give members (replace all) or addMembers/removeMembers, not both");
  }
  return updateObject(client, CSS, cssCodec, nameOrUuidArgs(key), { ...changes }, nameOrUuidLabel(key));
}

export function removeCss(client: AxlClient, key: NameOrUuid): Promise<void> {
  return removeObject(client, CSS, nameOrUuidArgs(key), nameOrUuidLabel(key));
}

export function listCsses(client: AxlClient, search: CssSearch = {}): Promise<CssRecord[]> {
  return listObjects<CssRecord>(client, CSS, cssCodec, { ...search }, "calling search spaces");
}

// --- patterns (translation and route) -------------------------------------------------

/** Patterns are keyed by uuid, or by pattern within a partition (and dial plan / route filter for @ patterns). */
export type PatternKey =
  | { readonly uuid: string }
  | { readonly pattern: string; readonly routePartitionName?: string; readonly dialPlanName?: string; readonly routeFilterName?: string; readonly uuid?: never };

function patternKeyArgs(key: PatternKey, withAllParts: boolean): Record<string, unknown> {
  if ("uuid" in key && key.uuid !== undefined) return { uuid: axlUuid(key.uuid) };
  const k = key as Exclude<PatternKey, { uuid: string }>;
  // routePartitionName is required in the key (empty: no partition); route patterns require all four.
  return {
    pattern: k.pattern,
    routePartitionName: k.routePartitionName ?? "",
    dialPlanName: k.dialPlanName ?? (withAllParts ? "" : undefined),
    routeFilterName: k.routeFilterName ?? (withAllParts ? "" : undefined),
  };
}

function patternKeyLabel(key: PatternKey): string {
  return "uuid" in key && key.uuid !== undefined ? axlUuid(key.uuid) : patternLabel((key as { pattern: string }).pattern, (key as { routePartitionName?: string }).routePartitionName);
}

interface PatternCommon {
  readonly pattern: string;
  readonly description?: string;
  readonly routePartitionName?: string;
  readonly blockEnable?: boolean;
  readonly calledPartyTransformationMask?: string;
  readonly callingPartyTransformationMask?: string;
  /** "Default", "On", "Off". */
  readonly useCallingPartyPhoneMask?: string;
  readonly callingPartyPrefixDigits?: string;
  readonly dialPlanName?: string;
  readonly digitDiscardInstructionName?: string;
  readonly patternUrgency?: boolean;
  readonly prefixDigitsOut?: string;
  readonly routeFilterName?: string;
  readonly provideOutsideDialtone?: boolean;
  readonly releaseClause?: string;
  readonly isEmergencyServiceNumber?: boolean;
}

interface PatternChangesCommon {
  readonly newPattern?: string;
  readonly newRoutePartitionName?: string;
  readonly newDialPlanName?: string;
  readonly newRouteFilterName?: string;
}

const patternCommonCodec = {
  uuid: "text",
  pattern: "text",
  newPattern: "text",
  description: "text",
  usage: "text",
  routePartitionName: "fk",
  newRoutePartitionName: "fk",
  blockEnable: "boolean",
  calledPartyTransformationMask: "text",
  callingPartyTransformationMask: "text",
  useCallingPartyPhoneMask: "text",
  callingPartyPrefixDigits: "text",
  dialPlanName: "fk",
  newDialPlanName: "fk",
  digitDiscardInstructionName: "fk",
  patternUrgency: "boolean",
  prefixDigitsOut: "text",
  routeFilterName: "fk",
  newRouteFilterName: "fk",
  provideOutsideDialtone: "boolean",
  releaseClause: "text",
  isEmergencyServiceNumber: "boolean",
} as const;

export interface TransPattern extends PatternCommon {
  /** @default "Translation" */
  readonly usage?: string;
  readonly callingSearchSpaceName?: string;
  readonly routeNextHopByCgpn?: boolean;
  readonly useOriginatorCss?: boolean;
  readonly dontWaitForIDTOnSubsequentHops?: boolean;
}

export type TransPatternRecord = TransPattern & Identified;

export interface TransPatternChanges extends Partial<Omit<TransPattern, "pattern" | "routePartitionName" | "dialPlanName" | "routeFilterName" | "usage">>, PatternChangesCommon {}

export interface PatternSearch {
  readonly pattern?: string;
  readonly description?: string;
  readonly routePartitionName?: string;
  readonly isEmergencyServiceNumber?: string;
}

const TRANS_PATTERN = { object: "TransPattern", noun: "translation pattern" } as const;
const transPatternCodec: CodecOf<TransPatternRecord & TransPatternChanges> = {
  ...patternCommonCodec,
  callingSearchSpaceName: "fk",
  routeNextHopByCgpn: "boolean",
  useOriginatorCss: "boolean",
  dontWaitForIDTOnSubsequentHops: "boolean",
};

export function addTransPattern(client: AxlClient, pattern: TransPattern): Promise<string> {
  // usage and routePartitionName are required by Cisco's schema; "" is no partition.
  const value = { ...pattern, usage: pattern.usage ?? "Translation", routePartitionName: pattern.routePartitionName ?? "" };
  return addObject(client, TRANS_PATTERN, transPatternCodec, value, patternLabel(pattern.pattern, pattern.routePartitionName));
}

export function getTransPattern(client: AxlClient, key: PatternKey): Promise<TransPatternRecord> {
  return getObject<TransPatternRecord>(client, TRANS_PATTERN, transPatternCodec, patternKeyArgs(key, false), patternKeyLabel(key));
}

export function updateTransPattern(client: AxlClient, key: PatternKey, changes: TransPatternChanges): Promise<void> {
  return updateObject(client, TRANS_PATTERN, transPatternCodec, patternKeyArgs(key, false), { ...changes }, patternKeyLabel(key));
}

export function removeTransPattern(client: AxlClient, key: PatternKey): Promise<void> {
  return removeObject(client, TRANS_PATTERN, patternKeyArgs(key, false), patternKeyLabel(key));
}

export function listTransPatterns(client: AxlClient, search: PatternSearch = {}): Promise<TransPatternRecord[]> {
  return listObjects<TransPatternRecord>(client, TRANS_PATTERN, transPatternCodec, { ...search }, "translation patterns");
}

/** Where a route pattern sends calls: a gateway or trunk, or a route list. */
export type RoutePatternDestination = { readonly gatewayName: string; readonly routeListName?: never } | { readonly routeListName: string; readonly gatewayName?: never };

export interface RoutePattern extends PatternCommon {
  readonly destination: RoutePatternDestination;
  /** "OnNet" or "OffNet". @default "OnNet" */
  readonly networkLocation?: string;
}

export interface RoutePatternRecord extends Omit<RoutePattern, "destination">, Identified {
  readonly destination?: { readonly gatewayName?: string; readonly routeListName?: string };
  readonly usage?: string;
}

export interface RoutePatternChanges extends Partial<Omit<RoutePattern, "pattern" | "routePartitionName" | "dialPlanName" | "routeFilterName">>, PatternChangesCommon {}

const ROUTE_PATTERN = { object: "RoutePattern", noun: "route pattern" } as const;
const destinationCodec: CodecOf<{ gatewayName: string; routeListName: string }> = { gatewayName: "fk", routeListName: "fk" };
const routePatternCodec: CodecOf<RoutePatternRecord & RoutePatternChanges> = {
  ...patternCommonCodec,
  networkLocation: "text",
  destination: { object: "XRoutePatternDestination", codec: destinationCodec },
};

export function addRoutePattern(client: AxlClient, pattern: RoutePattern): Promise<string> {
  // Cisco's schema requires these; the values are CUCM Administration's defaults.
  const value = {
    ...pattern,
    routePartitionName: pattern.routePartitionName ?? "",
    blockEnable: pattern.blockEnable ?? false,
    useCallingPartyPhoneMask: pattern.useCallingPartyPhoneMask ?? "Default",
    dialPlanName: pattern.dialPlanName ?? "",
    digitDiscardInstructionName: pattern.digitDiscardInstructionName ?? "",
    networkLocation: pattern.networkLocation ?? "OnNet",
    prefixDigitsOut: pattern.prefixDigitsOut ?? "",
    routeFilterName: pattern.routeFilterName ?? "",
  };
  return addObject(client, ROUTE_PATTERN, routePatternCodec, value, patternLabel(pattern.pattern, pattern.routePartitionName));
}

export function getRoutePattern(client: AxlClient, key: PatternKey): Promise<RoutePatternRecord> {
  return getObject<RoutePatternRecord>(client, ROUTE_PATTERN, routePatternCodec, patternKeyArgs(key, true), patternKeyLabel(key));
}

export function updateRoutePattern(client: AxlClient, key: PatternKey, changes: RoutePatternChanges): Promise<void> {
  return updateObject(client, ROUTE_PATTERN, routePatternCodec, patternKeyArgs(key, true), { ...changes }, patternKeyLabel(key));
}

export function removeRoutePattern(client: AxlClient, key: PatternKey): Promise<void> {
  return removeObject(client, ROUTE_PATTERN, patternKeyArgs(key, true), patternKeyLabel(key));
}

export function listRoutePatterns(client: AxlClient, search: PatternSearch = {}): Promise<RoutePatternRecord[]> {
  return listObjects<RoutePatternRecord>(client, ROUTE_PATTERN, routePatternCodec, { ...search }, "route patterns");
}
