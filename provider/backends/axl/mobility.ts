// Single number reach (reference §2.3): a remote destination profile (the user's virtual
// device holding their lines) and remote destinations (mobile numbers that ring with it). The
// user needs enableMobility.
import { type AxlClient } from "./client";
import { type CodecOf } from "./codec";
import { linesWithPartitions, type PhoneLine, phoneLines } from "./devices";
import { addObject, getObject, type Identified, listObjects, type NameOrUuid, nameOrUuidArgs, nameOrUuidLabel, removeObject, updateObject } from "./operations";
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

const RDP = { object: "RemoteDestinationProfile", noun: "remote destination profile" } as const;
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

export function addRemoteDestinationProfile(client: AxlClient, profile: RemoteDestinationProfile): Promise<string> {
  return addObject(client, RDP, rdpCodec, { ...REMOTE_DESTINATION_PROFILE_DEFAULTS, ...compact(profile), lines: linesWithPartitions(profile.lines) }, profile.name);
}

export function getRemoteDestinationProfile(client: AxlClient, key: NameOrUuid): Promise<RemoteDestinationProfileRecord> {
  return getObject<RemoteDestinationProfileRecord>(client, RDP, rdpCodec, nameOrUuidArgs(key), nameOrUuidLabel(key));
}

export function updateRemoteDestinationProfile(client: AxlClient, key: NameOrUuid, changes: RemoteDestinationProfileChanges): Promise<void> {
  return updateObject(client, RDP, rdpCodec, nameOrUuidArgs(key), { ...changes, lines: linesWithPartitions(changes.lines) }, nameOrUuidLabel(key));
}

export function removeRemoteDestinationProfile(client: AxlClient, key: NameOrUuid): Promise<void> {
  return removeObject(client, RDP, nameOrUuidArgs(key), nameOrUuidLabel(key));
}

export function listRemoteDestinationProfiles(client: AxlClient, search: { readonly name?: string } = {}): Promise<RemoteDestinationProfileRecord[]> {
  return listObjects<RemoteDestinationProfileRecord>(client, RDP, rdpCodec, { ...search }, "remote destination profiles");
}

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

const RD = { object: "RemoteDestination", noun: "remote destination" } as const;
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

function rdKeyArgs(key: RemoteDestinationKey): Record<string, unknown> {
  return key.uuid !== undefined ? { uuid: axlUuid(key.uuid) } : { destination: key.destination };
}

function rdKeyLabel(key: RemoteDestinationKey): string {
  return key.uuid !== undefined ? axlUuid(key.uuid) : key.destination;
}

export function addRemoteDestination(client: AxlClient, destination: RemoteDestination): Promise<string> {
  // No nil elements: CUCM rejects some (bug CSCvq98025, nil dualModeDeviceName), so unset fields are left out.
  return addObject(client, RD, rdCodec, withAssociations({ ...REMOTE_DESTINATION_TIMERS, ...compact(destination) }), destination.destination);
}

export function getRemoteDestination(client: AxlClient, key: RemoteDestinationKey): Promise<RemoteDestinationRecord> {
  return getObject<RemoteDestinationRecord>(client, RD, rdCodec, rdKeyArgs(key), rdKeyLabel(key));
}

export function updateRemoteDestination(client: AxlClient, key: RemoteDestinationKey, changes: RemoteDestinationChanges): Promise<void> {
  return updateObject(client, RD, rdCodec, rdKeyArgs(key), withAssociations({ ...changes }), rdKeyLabel(key));
}

export function removeRemoteDestination(client: AxlClient, key: RemoteDestinationKey): Promise<void> {
  return removeObject(client, RD, rdKeyArgs(key), rdKeyLabel(key));
}

export function listRemoteDestinations(client: AxlClient, search: RemoteDestinationSearch = {}): Promise<RemoteDestinationRecord[]> {
  return listObjects<RemoteDestinationRecord>(client, RD, rdCodec, { ...search }, "remote destinations");
}
