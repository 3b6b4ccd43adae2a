// Devices and their lines: phones, directory numbers (lines), extension mobility device
// profiles, resets, and the reference objects a phone names (phone button templates, SIP
// profiles, phone security profiles, common phone configs). Reference §2.3, §2.4.
import { type AxlClient } from "./client";
import { type Codec, type CodecOf } from "./codec";
import { byNameOrUuid, type Identified, type NameOrUuid, nameOrUuidArgs, nameOrUuidLabel, objectOperations, patternLabel, referenceOperations } from "./operations";
import { axlUuid, compact } from "./values";

// --- lines on devices -----------------------------------------------------------------

/** A directory number as a device's line names it. */
export interface Dirn {
  readonly pattern: string;
  /** @default "" (no partition) */
  readonly routePartitionName?: string;
}

export interface PhoneLine {
  /** 1-based button position. */
  readonly index: number;
  readonly dirn: Dirn;
  readonly label?: string;
  readonly display?: string;
  readonly displayAscii?: string;
  /** "Ring", "Flash Only", "Disable", "Use System Default", … */
  readonly ringSetting?: string;
  /** External phone number mask, e.g. "+4940123XXXX". */
  readonly e164Mask?: string;
  /** @default - CUCM's 2 */
  readonly maxNumCalls?: number;
  /** @default - CUCM's 1 */
  readonly busyTrigger?: number;
  /** End users associated with the line (for presence and the user's line list). */
  readonly associatedEndusers?: readonly { readonly userId: string }[];
}

const dirnCodec: CodecOf<Dirn> = { pattern: "text", routePartitionName: "fk" };
const phoneLineCodec: CodecOf<PhoneLine> = {
  index: "integer",
  label: "text",
  display: "text",
  dirn: { object: "XDirn", codec: dirnCodec },
  ringSetting: "text",
  displayAscii: "text",
  e164Mask: "text",
  maxNumCalls: "integer",
  busyTrigger: "integer",
  associatedEndusers: { list: "enduser", type: "XEnduserMember", of: { userId: "text" } },
};
/** A device's `lines/line` list (phones, device profiles, remote destination profiles). */
export const phoneLines = { list: "line", type: "XPhoneLine", of: phoneLineCodec } as const;

/** Lines as Cisco's schema wants them: dirn/routePartitionName is required (empty: no partition). */
export function linesWithPartitions(lines: readonly PhoneLine[] | undefined): PhoneLine[] | undefined {
  return lines?.map((line) => ({ ...line, dirn: { pattern: line.dirn.pattern, routePartitionName: line.dirn.routePartitionName ?? "" } }));
}

/** A subscription of a device to an IP phone service. */
export interface SubscribedService {
  /** The IP phone service's serviceName. */
  readonly telecasterServiceName: string;
  /** The name shown on the phone. */
  readonly name: string;
  readonly url?: string;
  readonly urlButtonIndex?: number;
  readonly urlLabel?: string;
  readonly serviceNameAscii?: string;
}

const serviceCodec: CodecOf<SubscribedService> = { telecasterServiceName: "fk", name: "text", url: "text", urlButtonIndex: "integer", urlLabel: "text", serviceNameAscii: "text" };
const services = { list: "service", type: "XSubscribedService", of: serviceCodec } as const;

// --- phones --------------------------------------------------------------------------

export interface Phone {
  /** "SEP" + MAC for hardware phones, "CSF…" for Jabber desktop, "BOT…"/"TCT…"/"TAB…" for mobile. */
  readonly name: string;
  /** Cisco's product name, e.g. "Cisco 8845", "Cisco Unified Client Services Framework". */
  readonly product: string;
  /** @default "Phone" */
  readonly class?: string;
  /** "SIP" or "SCCP". */
  readonly protocol: string;
  /** @default "User" */
  readonly protocolSide?: string;
  readonly description?: string;
  readonly callingSearchSpaceName?: string;
  readonly devicePoolName: string;
  /** @default "Standard Common Phone Profile" */
  readonly commonPhoneConfigName?: string;
  /** @default "Hub_None" */
  readonly locationName?: string;
  readonly mediaResourceListName?: string;
  readonly automatedAlternateRoutingCssName?: string;
  readonly aarNeighborhoodName?: string;
  /** @default "Default" */
  readonly useTrustedRelayPoint?: string;
  readonly securityProfileName?: string;
  readonly sipProfileName?: string;
  readonly lines?: readonly PhoneLine[];
  /** The phone button template, e.g. "Standard 8845 SIP", "Standard Client Services Framework". */
  readonly phoneTemplateName: string;
  /** @default "" (none) */
  readonly primaryPhoneName?: string;
  readonly userLocale?: string;
  readonly networkLocale?: string;
  readonly services?: readonly SubscribedService[];
  readonly softkeyTemplateName?: string;
  /** Extension mobility: the profile when nobody is logged in. */
  readonly defaultProfileName?: string;
  readonly enableExtensionMobility?: boolean;
  /** @default "Default" */
  readonly builtInBridgeStatus?: string;
  readonly ownerUserName?: string;
  /** @default "None" */
  readonly packetCaptureMode?: string;
  readonly subscribeCallingSearchSpaceName?: string;
  readonly rerouteCallingSearchSpaceName?: string;
  readonly allowCtiControlFlag?: boolean;
  readonly presenceGroupName?: string;
  /** @default "No Pending Operation" */
  readonly certificateOperation?: string;
  /** @default "Default" */
  readonly deviceMobilityMode?: string;
  readonly mobilityUserIdName?: string;
}

export interface PhoneRecord extends Partial<Phone>, Identified {
  readonly name: string;
  readonly model?: string;
}

export interface PhoneChanges extends Partial<Omit<Phone, "name" | "product" | "class" | "protocol" | "protocolSide">> {
  readonly newName?: string;
  /** Delta instead of `lines`: the only object with one (reference §2.2). */
  readonly addLines?: readonly PhoneLine[];
  readonly removeLines?: readonly PhoneLine[];
}

export interface PhoneSearch {
  readonly name?: string;
  readonly description?: string;
  readonly protocol?: string;
  readonly callingSearchSpaceName?: string;
  readonly devicePoolName?: string;
  readonly securityProfileName?: string;
}

const phoneCodec: CodecOf<PhoneRecord & PhoneChanges> = {
  uuid: "text",
  name: "text",
  newName: "text",
  description: "text",
  product: "text",
  model: "text",
  class: "text",
  protocol: "text",
  protocolSide: "text",
  callingSearchSpaceName: "fk",
  devicePoolName: "fk",
  commonPhoneConfigName: "fk",
  locationName: "fk",
  mediaResourceListName: "fk",
  automatedAlternateRoutingCssName: "fk",
  aarNeighborhoodName: "fk",
  useTrustedRelayPoint: "text",
  securityProfileName: "fk",
  sipProfileName: "fk",
  lines: phoneLines,
  addLines: phoneLines,
  removeLines: phoneLines,
  phoneTemplateName: "fk",
  primaryPhoneName: "fk",
  userLocale: "text",
  networkLocale: "text",
  services,
  softkeyTemplateName: "fk",
  defaultProfileName: "fk",
  enableExtensionMobility: "boolean",
  builtInBridgeStatus: "text",
  ownerUserName: "fk",
  packetCaptureMode: "text",
  subscribeCallingSearchSpaceName: "fk",
  rerouteCallingSearchSpaceName: "fk",
  allowCtiControlFlag: "boolean",
  presenceGroupName: "fk",
  certificateOperation: "text",
  deviceMobilityMode: "text",
  mobilityUserIdName: "fk",
};

/** The defaults Cisco's addPhone sample sends for the schema's required fields (reference §2.4). */
export const PHONE_DEFAULTS = {
  class: "Phone",
  protocolSide: "User",
  commonPhoneConfigName: "Standard Common Phone Profile",
  locationName: "Hub_None",
  useTrustedRelayPoint: "Default",
  primaryPhoneName: "",
  builtInBridgeStatus: "Default",
  packetCaptureMode: "None",
  certificateOperation: "No Pending Operation",
  deviceMobilityMode: "Default",
} as const;

const phones = objectOperations<NameOrUuid, Phone, PhoneRecord, PhoneChanges, PhoneSearch>({
  object: "Phone",
  noun: "phone",
  plural: "phones",
  codec: phoneCodec,
  key: byNameOrUuid,
  label: (phone) => phone.name,
  forAdd: (phone) => ({ ...PHONE_DEFAULTS, ...compact(phone), lines: linesWithPartitions(phone.lines) }),
  forUpdate: (changes) => {
    if (changes.lines !== undefined && (changes.addLines !== undefined || changes.removeLines !== undefined)) {
      throw new TypeError("updatePhone: give lines (replace all) or addLines/removeLines, not both");
    }
    return { ...changes, lines: linesWithPartitions(changes.lines), addLines: linesWithPartitions(changes.addLines), removeLines: linesWithPartitions(changes.removeLines) };
  },
});
export const addPhone = phones.add;
export const getPhone = phones.get;
export const updatePhone = phones.update;
export const removePhone = phones.remove;
export const listPhones = phones.list;

// --- lines (directory numbers) --------------------------------------------------------

export interface CallForward {
  readonly forwardToVoiceMail?: boolean;
  /** The CSS the forward is dialled with. @default "" (none) */
  readonly callingSearchSpaceName?: string;
  readonly destination?: string;
}

export interface CallForwardAll extends CallForward {
  /** @default "" (none) */
  readonly secondaryCallingSearchSpaceName?: string;
}

export interface CallForwardNoAnswer extends CallForward {
  /** Seconds before forwarding. */
  readonly duration?: number;
}

export interface DirectoryUri {
  readonly isPrimary: boolean;
  readonly uri: string;
  readonly partition: string;
  readonly advertiseGloballyViaIls?: boolean;
}

export interface AlternateNumber {
  readonly numMask?: string;
  readonly isUrgent?: boolean;
  readonly addLocalRoutePartition?: boolean;
  readonly routePartition?: string;
  readonly advertiseGloballyIls?: boolean;
}

export interface Line {
  readonly pattern: string;
  /** @default "" (no partition) */
  readonly routePartitionName?: string;
  readonly description?: string;
  /** @default "Device" */
  readonly usage?: string;
  readonly callForwardAll?: CallForwardAll;
  readonly callForwardBusy?: CallForward;
  readonly callForwardBusyInt?: CallForward;
  readonly callForwardNoAnswer?: CallForwardNoAnswer;
  readonly callForwardNoAnswerInt?: CallForwardNoAnswer;
  readonly callForwardNoCoverage?: CallForward;
  readonly callForwardNoCoverageInt?: CallForward;
  readonly callForwardOnFailure?: CallForward;
  readonly callForwardNotRegistered?: CallForward;
  readonly callForwardNotRegisteredInt?: CallForward;
  readonly callPickupGroupName?: string;
  /** Caller id name (Unicode). */
  readonly alertingName?: string;
  readonly asciiAlertingName?: string;
  readonly presenceGroupName?: string;
  /** The line CSS. */
  readonly shareLineAppearanceCssName?: string;
  readonly voiceMailProfileName?: string;
  readonly directoryURIs?: readonly DirectoryUri[];
  readonly enterpriseAltNum?: AlternateNumber;
  readonly e164AltNum?: AlternateNumber;
  readonly active?: boolean;
}

export type LineRecord = Line & Identified;

export interface LineChanges extends Partial<Omit<Line, "pattern" | "routePartitionName" | "usage">> {
  readonly newPattern?: string;
  readonly newRoutePartitionName?: string;
}

/** A line by uuid, or by pattern in a partition (no partition: ""). */
export type LineKey = { readonly uuid: string } | { readonly pattern: string; readonly routePartitionName?: string; readonly uuid?: never };

export interface LineSearch {
  readonly pattern?: string;
  readonly description?: string;
  readonly usage?: string;
  readonly routePartitionName?: string;
}

const forwardCodec: Codec = { forwardToVoiceMail: "boolean", callingSearchSpaceName: "fk", secondaryCallingSearchSpaceName: "fk", destination: "text", duration: "integer" };
const forward = { object: "XCallForward", codec: forwardCodec } as const;
const alternateNumberCodec: CodecOf<AlternateNumber> = { numMask: "text", isUrgent: "boolean", addLocalRoutePartition: "boolean", routePartition: "fk", advertiseGloballyIls: "boolean" };
const lineCodec: CodecOf<LineRecord & LineChanges> = {
  uuid: "text",
  pattern: "text",
  newPattern: "text",
  description: "text",
  usage: "text",
  routePartitionName: "fk",
  newRoutePartitionName: "fk",
  callForwardAll: forward,
  callForwardBusy: forward,
  callForwardBusyInt: forward,
  callForwardNoAnswer: forward,
  callForwardNoAnswerInt: forward,
  callForwardNoCoverage: forward,
  callForwardNoCoverageInt: forward,
  callForwardOnFailure: forward,
  callForwardNotRegistered: forward,
  callForwardNotRegisteredInt: forward,
  callPickupGroupName: "fk",
  alertingName: "text",
  asciiAlertingName: "text",
  presenceGroupName: "fk",
  shareLineAppearanceCssName: "fk",
  voiceMailProfileName: "fk",
  directoryURIs: { list: "directoryUri", type: "XDirectoryUri", of: { isPrimary: "boolean", uri: "text", partition: "fk", advertiseGloballyViaIls: "boolean" } },
  enterpriseAltNum: { object: "XAlternateNumber", codec: alternateNumberCodec },
  e164AltNum: { object: "XAlternateNumber", codec: alternateNumberCodec },
  active: "boolean",
};

const FORWARD_KINDS = [
  "callForwardAll",
  "callForwardBusy",
  "callForwardBusyInt",
  "callForwardNoAnswer",
  "callForwardNoAnswerInt",
  "callForwardNoCoverage",
  "callForwardNoCoverageInt",
  "callForwardOnFailure",
  "callForwardNotRegistered",
  "callForwardNotRegisteredInt",
] as const;

/**
 * Each forward as Cisco's type for it has it: callingSearchSpaceName always (required; ""
 * none), secondaryCallingSearchSpaceName only on callForwardAll (required there), duration only
 * on the no-answer ones.
 */
function withForwards<T extends Partial<Line>>(line: T): T {
  const result: Record<string, unknown> = { ...line };
  for (const kind of FORWARD_KINDS) {
    const value = line[kind] as (CallForwardAll & CallForwardNoAnswer) | undefined;
    if (value === undefined) continue;
    result[kind] = {
      forwardToVoiceMail: value.forwardToVoiceMail,
      callingSearchSpaceName: value.callingSearchSpaceName ?? "",
      secondaryCallingSearchSpaceName: kind === "callForwardAll" ? (value.secondaryCallingSearchSpaceName ?? "") : undefined,
      destination: value.destination,
      duration: kind === "callForwardNoAnswer" || kind === "callForwardNoAnswerInt" ? value.duration : undefined,
    };
  }
  return result as T;
}

/** A line key's elements; no partition is sent as an empty routePartitionName. */
function lineKey(key: LineKey): { args: Record<string, unknown>; label: string } {
  if ("uuid" in key && key.uuid !== undefined) return { args: { uuid: axlUuid(key.uuid) }, label: axlUuid(key.uuid) };
  const k = key as { pattern: string; routePartitionName?: string };
  return { args: { pattern: k.pattern, routePartitionName: k.routePartitionName ?? "" }, label: patternLabel(k.pattern, k.routePartitionName) };
}

const lines = objectOperations<LineKey, Line, LineRecord, LineChanges, LineSearch>({
  object: "Line",
  noun: "line",
  plural: "lines",
  codec: lineCodec,
  key: lineKey,
  label: (line) => patternLabel(line.pattern, line.routePartitionName),
  forAdd: (line) => withForwards({ ...line, usage: line.usage ?? "Device", routePartitionName: line.routePartitionName ?? "" }),
  forUpdate: (changes) => withForwards({ ...changes }),
});
export const addLine = lines.add;
export const getLine = lines.get;
export const updateLine = lines.update;
export const removeLine = lines.remove;
export const listLines = lines.list;

// --- extension mobility device profiles ------------------------------------------------

export interface DeviceProfile {
  readonly name: string;
  readonly product: string;
  /** @default "Device Profile" */
  readonly class?: string;
  readonly protocol: string;
  /** @default "User" */
  readonly protocolSide?: string;
  readonly description?: string;
  /** Replaced whole on update (no addLines/removeLines for profiles). */
  readonly lines?: readonly PhoneLine[];
  readonly phoneTemplateName: string;
  readonly userLocale?: string;
  readonly loginUserId?: string;
  readonly softkeyTemplateName?: string;
  readonly services?: readonly SubscribedService[];
}

export interface DeviceProfileRecord extends Partial<DeviceProfile>, Identified {
  readonly name: string;
}

export interface DeviceProfileChanges extends Partial<Omit<DeviceProfile, "name" | "product" | "class" | "protocol" | "protocolSide">> {
  readonly newName?: string;
}

const deviceProfileCodec: CodecOf<DeviceProfileRecord & DeviceProfileChanges> = {
  uuid: "text",
  name: "text",
  newName: "text",
  description: "text",
  product: "text",
  class: "text",
  protocol: "text",
  protocolSide: "text",
  lines: phoneLines,
  phoneTemplateName: "fk",
  userLocale: "text",
  loginUserId: "fk",
  softkeyTemplateName: "fk",
  services,
};

const deviceProfiles = objectOperations<NameOrUuid, DeviceProfile, DeviceProfileRecord, DeviceProfileChanges, { readonly name?: string; readonly description?: string }>({
  object: "DeviceProfile",
  noun: "device profile",
  plural: "device profiles",
  codec: deviceProfileCodec,
  key: byNameOrUuid,
  label: (profile) => profile.name,
  forAdd: (profile) => ({ class: "Device Profile", protocolSide: "User", ...compact(profile), lines: linesWithPartitions(profile.lines) }),
  forUpdate: (changes) => ({ ...changes, lines: linesWithPartitions(changes.lines) }),
});
export const addDeviceProfile = deviceProfiles.add;
export const getDeviceProfile = deviceProfiles.get;
export const updateDeviceProfile = deviceProfiles.update;
export const removeDeviceProfile = deviceProfiles.remove;
export const listDeviceProfiles = deviceProfiles.list;

// --- resets ----------------------------------------------------------------------------

/**
 * doDeviceReset: a reset (the device reboots and re-reads its configuration) or, with
 * `restart`, a restart (re-registers without rebooting).
 */
export async function resetDevice(client: AxlClient, deviceName: string, options: { readonly restart?: boolean } = {}): Promise<void> {
  await client.call({
    operation: "doDeviceReset",
    args: { deviceName, isHardReset: options.restart ? "false" : "true" },
    context: { operation: options.restart ? "restarting device" : "resetting device", object: deviceName },
  });
}

/** resetPhone: resets one phone. */
export async function resetPhone(client: AxlClient, key: NameOrUuid): Promise<void> {
  await client.call({ operation: "resetPhone", args: nameOrUuidArgs(key), context: { operation: "resetting phone", object: nameOrUuidLabel(key) } });
}

/** applyPhone: applies pending configuration changes to one phone. */
export async function applyPhone(client: AxlClient, key: NameOrUuid): Promise<void> {
  await client.call({ operation: "applyPhone", args: nameOrUuidArgs(key), context: { operation: "applying configuration to phone", object: nameOrUuidLabel(key) } });
}

// --- reference objects a phone names ----------------------------------------------------

export interface PhoneButtonTemplateRecord extends Identified {
  readonly name: string;
  readonly isUserModifiable?: boolean;
}

export interface SipProfileRecord extends Identified {
  readonly name: string;
  readonly description?: string;
}

export interface PhoneSecurityProfileRecord extends Identified {
  readonly name: string;
  readonly description?: string;
  readonly phoneType?: string;
  readonly protocol?: string;
  readonly deviceSecurityMode?: string;
}

export interface CommonPhoneConfigRecord extends Identified {
  readonly name: string;
  readonly description?: string;
}

const phoneButtonTemplateCodec: CodecOf<PhoneButtonTemplateRecord> = { uuid: "text", name: "text", isUserModifiable: "boolean" };
const nameDescriptionCodec: CodecOf<SipProfileRecord> = { uuid: "text", name: "text", description: "text" };
const phoneSecurityProfileCodec: CodecOf<PhoneSecurityProfileRecord> = { uuid: "text", name: "text", description: "text", phoneType: "text", protocol: "text", deviceSecurityMode: "text" };

/** Phone button templates ("phone templates": a phone's phoneTemplateName names one). */
const phoneButtonTemplates = referenceOperations<NameOrUuid, PhoneButtonTemplateRecord, { readonly name?: string }>({
  object: "PhoneButtonTemplate",
  noun: "phone button template",
  plural: "phone button templates",
  codec: phoneButtonTemplateCodec,
  key: byNameOrUuid,
});
export const getPhoneButtonTemplate = phoneButtonTemplates.get;
export const listPhoneButtonTemplates = phoneButtonTemplates.list;

const sipProfiles = referenceOperations<NameOrUuid, SipProfileRecord, { readonly name?: string; readonly description?: string }>({
  object: "SipProfile",
  noun: "SIP profile",
  plural: "SIP profiles",
  codec: nameDescriptionCodec,
  key: byNameOrUuid,
});
export const getSipProfile = sipProfiles.get;
export const listSipProfiles = sipProfiles.list;

const phoneSecurityProfiles = referenceOperations<NameOrUuid, PhoneSecurityProfileRecord, { readonly name?: string; readonly description?: string }>({
  object: "PhoneSecurityProfile",
  noun: "phone security profile",
  plural: "phone security profiles",
  codec: phoneSecurityProfileCodec,
  key: byNameOrUuid,
});
export const getPhoneSecurityProfile = phoneSecurityProfiles.get;
export const listPhoneSecurityProfiles = phoneSecurityProfiles.list;

const commonPhoneConfigs = referenceOperations<NameOrUuid, CommonPhoneConfigRecord, { readonly name?: string }>({
  object: "CommonPhoneConfig",
  noun: "common phone profile",
  plural: "common phone profiles",
  codec: nameDescriptionCodec,
  key: byNameOrUuid,
});
export const getCommonPhoneConfig = commonPhoneConfigs.get;
export const listCommonPhoneConfigs = commonPhoneConfigs.list;
