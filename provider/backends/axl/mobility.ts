// Single number reach (reference §2.3): a remote destination profile (the user's virtual
// device holding their lines) and remote destinations (mobile numbers that ring with it). The
// user needs enableMobility.
import { type CodecOf } from "./codec";
import { linesWithPartitions, type PhoneLine, phoneLines } from "./devices";
import { byNameOrUuid, type Identified, type NameOrUuid, objectOperations } from "./operations";
import { axlUuid, compact } from "./values";

// --- remote destination profiles ---------------------------------------------------------

export interface RemoteDestinationProfile {
  readonly name: string;
  /** The owner's userid. */
  readonly userId: string;
  readonly devicePoolName: string;
  readonly description?: string;
  readonly callingSearchSpaceName?: string;
  /** Replaced whole on update. */
  readonly lines?: readonly PhoneLine[];
  readonly rerouteCallingSearchSpaceName?: string;
  readonly userLocale?: string;
  readonly networkLocale?: string;
  readonly primaryPhoneName?: string;
  /** @default "Remote Destination Profile" */
  readonly product?: string;
  /** @default "Remote Destination Profile" */
  readonly class?: string;
  /** @default "Remote Destination" */
  readonly protocol?: string;
  /** @default "User" */
  readonly protocolSide?: string;
  /** @default "Default" */
  readonly callInfoPrivacyStatus?: string;
}

export interface RemoteDestinationProfileRecord extends Partial<RemoteDestinationProfile>, Identified {
  readonly name: string;
}

export interface RemoteDestinationProfileChanges extends Partial<Omit<RemoteDestinationProfile, "name" | "product" | "class" | "protocol" | "protocolSide">> {
  readonly newName?: string;
}

/** The values of Cisco's DevNet sample and VOSS's template (reference §2.3). */
export const REMOTE_DESTINATION_PROFILE_DEFAULTS = {
  product: "Remote Destination Profile",
  class: "Remote Destination Profile",
  protocol: "Remote Destination",
  protocolSide: "User",
  callInfoPrivacyStatus: "Default",
} as const;

const rdpCodec: CodecOf<RemoteDestinationProfileRecord & RemoteDestinationProfileChanges> = {
  uuid: "text",
  name: "text",
  newName: "text",
  description: "text",
  product: "text",
  class: "text",
  protocol: "text",
  protocolSide: "text",
  callingSearchSpaceName: "fk",
  devicePoolName: "fk",
  lines: phoneLines,
  callInfoPrivacyStatus: "text",
  userId: "text",
  rerouteCallingSearchSpaceName: "fk",
  userLocale: "text",
  networkLocale: "text",
  primaryPhoneName: "fk",
};

const remoteDestinationProfiles = objectOperations<NameOrUuid, RemoteDestinationProfile, RemoteDestinationProfileRecord, RemoteDestinationProfileChanges, { readonly name?: string }>({
  object: "RemoteDestinationProfile",
  noun: "remote destination profile",
  plural: "remote destination profiles",
  codec: rdpCodec,
  key: byNameOrUuid,
  label: (profile) => profile.name,
  forAdd: (profile) => ({ ...REMOTE_DESTINATION_PROFILE_DEFAULTS, ...compact(profile), lines: linesWithPartitions(profile.lines) }),
  forUpdate: (changes) => ({ ...changes, lines: linesWithPartitions(changes.lines) }),
});
export const addRemoteDestinationProfile = remoteDestinationProfiles.add;
export const getRemoteDestinationProfile = remoteDestinationProfiles.get;
export const updateRemoteDestinationProfile = remoteDestinationProfiles.update;
export const removeRemoteDestinationProfile = remoteDestinationProfiles.remove;
export const listRemoteDestinationProfiles = remoteDestinationProfiles.list;

// --- remote destinations -------------------------------------------------------------

/** A line a remote destination rings for: by uuid, or by pattern in a partition. */
export type LineAssociation = { readonly uuid: string } | { readonly pattern: string; readonly routePartitionName?: string; readonly uuid?: never };

export interface RemoteDestination {
  /** The number dialled, e.g. "+4917012345678". */
  readonly destination: string;
  /** The owner's userid. */
  readonly ownerUserId: string;
  readonly name?: string;
  /** ms. @default 1500 */
  readonly answerTooSoonTimer?: number;
  /** ms. @default 19000 */
  readonly answerTooLateTimer?: number;
  /** ms. @default 4000 */
  readonly delayBeforeRingingCell?: number;
  readonly enableUnifiedMobility?: boolean;
  readonly remoteDestinationProfileName?: string;
  readonly enableExtendAndConnect?: boolean;
  readonly ctiRemoteDeviceName?: string;
  readonly dualModeDeviceName?: string;
  readonly isMobilePhone?: boolean;
  /** @default - CUCM's true */
  readonly enableMobileConnect?: boolean;
  readonly lineAssociations?: readonly LineAssociation[];
  readonly timeZone?: string;
  readonly todAccessName?: string;
}

export interface RemoteDestinationRecord extends Partial<Omit<RemoteDestination, "lineAssociations">>, Identified {
  readonly destination: string;
  readonly lineAssociations?: readonly { readonly uuid?: string; readonly pattern?: string; readonly routePartitionName?: string }[];
}

export interface RemoteDestinationChanges extends Partial<Omit<RemoteDestination, "destination" | "name">> {
  /** Renames (updates have no `name`). */
  readonly newName?: string;
  readonly newDestination?: string;
}

/** A remote destination by its number or by uuid (not by name, reference §2.3). */
export type RemoteDestinationKey = { readonly destination: string; readonly uuid?: never } | { readonly uuid: string; readonly destination?: never };

export interface RemoteDestinationSearch {
  readonly name?: string;
  readonly remoteDestinationProfileName?: string;
  readonly ctiRemoteDeviceName?: string;
  readonly dualModeDeviceName?: string;
}

/** Cisco's defaults for the schema's required timers (reference §2.3). */
export const REMOTE_DESTINATION_TIMERS = { answerTooSoonTimer: 1500, answerTooLateTimer: 19000, delayBeforeRingingCell: 4000 } as const;

const rdCodec: CodecOf<RemoteDestinationRecord & RemoteDestinationChanges> = {
  uuid: "text",
  name: "text",
  newName: "text",
  destination: "text",
  newDestination: "text",
  answerTooSoonTimer: "integer",
  answerTooLateTimer: "integer",
  delayBeforeRingingCell: "integer",
  ownerUserId: "fk",
  enableUnifiedMobility: "boolean",
  remoteDestinationProfileName: "fk",
  enableExtendAndConnect: "boolean",
  ctiRemoteDeviceName: "fk",
  dualModeDeviceName: "fk",
  isMobilePhone: "boolean",
  enableMobileConnect: "boolean",
  lineAssociations: { list: "lineAssociation", type: "XLineAssociation", of: { uuid: "text", pattern: "text", routePartitionName: "fk" } },
  timeZone: "text",
  todAccessName: "fk",
};

function withAssociations<T extends { readonly lineAssociations?: readonly LineAssociation[] }>(value: T): T {
  if (value.lineAssociations === undefined) return value;
  const lineAssociations = value.lineAssociations.map((a) =>
    "uuid" in a && a.uuid !== undefined ? { uuid: axlUuid(a.uuid) } : { pattern: (a as { pattern: string }).pattern, routePartitionName: (a as { routePartitionName?: string }).routePartitionName },
  );
  return { ...value, lineAssociations };
}

function remoteDestinationKey(key: RemoteDestinationKey): { args: Record<string, unknown>; label: string } {
  return key.uuid !== undefined ? { args: { uuid: axlUuid(key.uuid) }, label: axlUuid(key.uuid) } : { args: { destination: key.destination }, label: key.destination };
}

const remoteDestinations = objectOperations<RemoteDestinationKey, RemoteDestination, RemoteDestinationRecord, RemoteDestinationChanges, RemoteDestinationSearch>({
  object: "RemoteDestination",
  noun: "remote destination",
  plural: "remote destinations",
  codec: rdCodec,
  key: remoteDestinationKey,
  label: (destination) => destination.destination,
  // No nil elements: CUCM rejects some (bug CSCvq98025, nil dualModeDeviceName), so unset fields are left out.
  forAdd: (destination) => withAssociations({ ...REMOTE_DESTINATION_TIMERS, ...compact(destination) }),
  forUpdate: (changes) => withAssociations({ ...changes }),
});
export const addRemoteDestination = remoteDestinations.add;
export const getRemoteDestination = remoteDestinations.get;
export const updateRemoteDestination = remoteDestinations.update;
export const removeRemoteDestination = remoteDestinations.remove;
export const listRemoteDestinations = remoteDestinations.list;
