// Dial plan objects: route partitions, calling search spaces, translation and route patterns
// (reference §2.3). Fields carry AXL's names; foreign keys are the referenced object's name.
import { type CodecOf } from "./codec";
import { byNameOrUuid, type Identified, type NameOrUuid, objectOperations, patternLabel, referenceOperations } from "./operations";
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

const routePartitions = objectOperations<NameOrUuid, RoutePartition, RoutePartitionRecord, RoutePartitionChanges, RoutePartitionSearch>({
  object: "RoutePartition",
  noun: "route partition",
  plural: "route partitions",
  codec: partitionCodec,
  key: byNameOrUuid,
  label: (partition) => partition.name,
});
export const addRoutePartition = routePartitions.add;
export const getRoutePartition = routePartitions.get;
export const updateRoutePartition = routePartitions.update;
export const removeRoutePartition = routePartitions.remove;
export const listRoutePartitions = routePartitions.list;

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

const csses = objectOperations<NameOrUuid, Css, CssRecord, CssChanges, CssSearch>({
  object: "Css",
  noun: "calling search space",
  plural: "calling search spaces",
  codec: cssCodec,
  key: byNameOrUuid,
  label: (css) => css.name,
  forUpdate: (changes) => {
    if (changes.members !== undefined && (changes.addMembers !== undefined || changes.removeMembers !== undefined)) {
      throw new TypeError("updateCss: give members (replace all) or addMembers/removeMembers, not both");
    }
    return { ...changes };
  },
});
export const addCss = csses.add;
export const getCss = csses.get;
export const updateCss = csses.update;
export const removeCss = csses.remove;
export const listCsses = csses.list;

// --- patterns (translation and route) -------------------------------------------------

/** Patterns are keyed by uuid, or by pattern within a partition (and dial plan / route filter for @ patterns). */
export type PatternKey =
  | { readonly uuid: string }
  | { readonly pattern: string; readonly routePartitionName?: string; readonly dialPlanName?: string; readonly routeFilterName?: string; readonly uuid?: never };

/** A pattern key's elements: routePartitionName is required (empty: no partition); route patterns require all four. */
function patternKey(withAllParts: boolean): (key: PatternKey) => { args: Record<string, unknown>; label: string } {
  return (key) => {
    if ("uuid" in key && key.uuid !== undefined) return { args: { uuid: axlUuid(key.uuid) }, label: axlUuid(key.uuid) };
    const k = key as Exclude<PatternKey, { uuid: string }>;
    const args = {
      pattern: k.pattern,
      routePartitionName: k.routePartitionName ?? "",
      dialPlanName: k.dialPlanName ?? (withAllParts ? "" : undefined),
      routeFilterName: k.routeFilterName ?? (withAllParts ? "" : undefined),
    };
    return { args, label: patternLabel(k.pattern, k.routePartitionName) };
  };
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

const transPatternCodec: CodecOf<TransPatternRecord & TransPatternChanges> = {
  ...patternCommonCodec,
  callingSearchSpaceName: "fk",
  routeNextHopByCgpn: "boolean",
  useOriginatorCss: "boolean",
  dontWaitForIDTOnSubsequentHops: "boolean",
};

const transPatterns = objectOperations<PatternKey, TransPattern, TransPatternRecord, TransPatternChanges, PatternSearch>({
  object: "TransPattern",
  noun: "translation pattern",
  plural: "translation patterns",
  codec: transPatternCodec,
  key: patternKey(false),
  label: (pattern) => patternLabel(pattern.pattern, pattern.routePartitionName),
  // usage and routePartitionName are required by Cisco's schema; "" is no partition.
  forAdd: (pattern) => ({ ...pattern, usage: pattern.usage ?? "Translation", routePartitionName: pattern.routePartitionName ?? "" }),
});
export const addTransPattern = transPatterns.add;
export const getTransPattern = transPatterns.get;
export const updateTransPattern = transPatterns.update;
export const removeTransPattern = transPatterns.remove;
export const listTransPatterns = transPatterns.list;

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

const destinationCodec: CodecOf<{ gatewayName: string; routeListName: string }> = { gatewayName: "fk", routeListName: "fk" };
const routePatternCodec: CodecOf<RoutePatternRecord & RoutePatternChanges> = {
  ...patternCommonCodec,
  networkLocation: "text",
  destination: { object: "XRoutePatternDestination", codec: destinationCodec },
};

const routePatterns = objectOperations<PatternKey, RoutePattern, RoutePatternRecord, RoutePatternChanges, PatternSearch>({
  object: "RoutePattern",
  noun: "route pattern",
  plural: "route patterns",
  codec: routePatternCodec,
  key: patternKey(true),
  label: (pattern) => patternLabel(pattern.pattern, pattern.routePartitionName),
  // Cisco's schema requires these; the values are CUCM Administration's defaults.
  forAdd: (pattern) => ({
    ...pattern,
    routePartitionName: pattern.routePartitionName ?? "",
    blockEnable: pattern.blockEnable ?? false,
    useCallingPartyPhoneMask: pattern.useCallingPartyPhoneMask ?? "Default",
    dialPlanName: pattern.dialPlanName ?? "",
    digitDiscardInstructionName: pattern.digitDiscardInstructionName ?? "",
    networkLocation: pattern.networkLocation ?? "OnNet",
    prefixDigitsOut: pattern.prefixDigitsOut ?? "",
    routeFilterName: pattern.routeFilterName ?? "",
  }),
});
export const addRoutePattern = routePatterns.add;
export const getRoutePattern = routePatterns.get;
export const updateRoutePattern = routePatterns.update;
export const removeRoutePattern = routePatterns.remove;
export const listRoutePatterns = routePatterns.list;

// --- route pattern destinations ucflow reads but does not manage ----------------------

export interface RouteListRecord extends Identified {
  readonly name: string;
  readonly description?: string;
}

export interface SipTrunkRecord extends Identified {
  readonly name: string;
  readonly description?: string;
}

/** A gateway, named (in route patterns' destination/gatewayName too) by its domainName. */
export interface GatewayRecord extends Identified {
  readonly domainName: string;
  readonly description?: string;
  readonly product?: string;
  readonly protocol?: string;
}

export type GatewayKey = { readonly domainName: string; readonly uuid?: never } | { readonly uuid: string; readonly domainName?: never };

const namedCodec: CodecOf<RouteListRecord> = { uuid: "text", name: "text", description: "text" };

const routeLists = referenceOperations<NameOrUuid, RouteListRecord, { readonly name?: string; readonly description?: string }>({
  object: "RouteList",
  noun: "route list",
  plural: "route lists",
  codec: namedCodec,
  key: byNameOrUuid,
});
export const getRouteList = routeLists.get;
export const listRouteLists = routeLists.list;

const sipTrunks = referenceOperations<NameOrUuid, SipTrunkRecord, { readonly name?: string; readonly description?: string }>({
  object: "SipTrunk",
  noun: "SIP trunk",
  plural: "SIP trunks",
  codec: namedCodec,
  key: byNameOrUuid,
});
export const getSipTrunk = sipTrunks.get;
export const listSipTrunks = sipTrunks.list;

const gateways = referenceOperations<GatewayKey, GatewayRecord, { readonly domainName?: string; readonly description?: string; readonly product?: string; readonly protocol?: string }>({
  object: "Gateway",
  noun: "gateway",
  plural: "gateways",
  codec: { uuid: "text", domainName: "text", description: "text", product: "text", protocol: "text" } satisfies CodecOf<GatewayRecord>,
  key: (key) => (key.uuid !== undefined ? { args: { uuid: axlUuid(key.uuid) }, label: axlUuid(key.uuid) } : { args: { domainName: key.domainName }, label: key.domainName }),
});
export const getGateway = gateways.get;
export const listGateways = gateways.list;
