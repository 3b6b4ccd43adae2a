// UC services and service profiles (what Jabber is told to use), IP phone services, and the
// voicemail reference objects a line names (voicemail profiles and pilots). Reference §2.3.
import { type AxlClient } from "./client";
import { type CodecOf } from "./codec";
import { addObject, getObject, type Identified, listObjects, type NameOrUuid, nameOrUuidArgs, nameOrUuidLabel, removeObject, updateObject } from "./operations";
import { axlUuid } from "./values";

// --- UC services -------------------------------------------------------------------------

export interface UcService {
  /** "Voicemail", "MailStore", "Conferencing", "Directory", "IM and Presence", "CTI", … */
  readonly serviceType: string;
  /** "Unity Connection", "Unified CM (IM and Presence)", "Enhanced Directory", "CTI", … */
  readonly productType: string;
  readonly name: string;
  readonly hostnameorip: string;
  readonly description?: string;
  readonly port?: number;
  /** "HTTP", "HTTPS", "TCP", "TLS", "UDP", "LDAP", "LDAPS", … */
  readonly protocol?: string;
}

export type UcServiceRecord = Partial<UcService> & { readonly name: string } & Identified;

export interface UcServiceChanges extends Partial<Omit<UcService, "name" | "serviceType" | "productType">> {
  readonly newName?: string;
}

const UC_SERVICE = { object: "UcService", noun: "UC service" } as const;
const ucServiceCodec: CodecOf<UcServiceRecord & UcServiceChanges> = {
  uuid: "text",
  serviceType: "text",
  productType: "text",
  name: "text",
  newName: "text",
  description: "text",
  hostnameorip: "text",
  port: "integer",
  protocol: "text",
};

export function addUcService(client: AxlClient, service: UcService): Promise<string> {
  return addObject(client, UC_SERVICE, ucServiceCodec, { ...service }, service.name);
}

export function getUcService(client: AxlClient, key: NameOrUuid): Promise<UcServiceRecord> {
  return getObject<UcServiceRecord>(client, UC_SERVICE, ucServiceCodec, nameOrUuidArgs(key), nameOrUuidLabel(key));
}

export function updateUcService(client: AxlClient, key: NameOrUuid, changes: UcServiceChanges): Promise<void> {
  return updateObject(client, UC_SERVICE, ucServiceCodec, nameOrUuidArgs(key), { ...changes }, nameOrUuidLabel(key));
}

export function removeUcService(client: AxlClient, key: NameOrUuid): Promise<void> {
  return removeObject(client, UC_SERVICE, nameOrUuidArgs(key), nameOrUuidLabel(key));
}

export function listUcServices(client: AxlClient, search: { readonly name?: string } = {}): Promise<UcServiceRecord[]> {
  return listObjects<UcServiceRecord>(client, UC_SERVICE, ucServiceCodec, { ...search }, "UC services");
}

// --- service profiles ----------------------------------------------------------------------

/** One service of a profile: which UC services, by name, serve it. */
export interface ServiceProfileInfo {
  /** "Voicemail Profile", "MailStore Profile", "Conferencing Profile", "Directory Profile", "IM and Presence Profile", "CTI Profile", … */
  readonly profileName: string;
  readonly primary?: string;
  readonly secondary?: string;
  readonly tertiary?: string;
  readonly serverCertificateVerification?: string;
}

export interface ServiceProfile {
  readonly name: string;
  readonly description?: string;
  readonly isDefault?: boolean;
  /**
   * At most 7. Cisco bug CSCvq97982: on 12.5 primary/secondary set here did not take; Cisco's
   * workaround is SQL on ucserviceprofiledetail (reference §2.3), which ucflow does not do.
   */
  readonly serviceProfileInfos?: readonly ServiceProfileInfo[];
}

export type ServiceProfileRecord = ServiceProfile & Identified;

export interface ServiceProfileChanges extends Partial<Omit<ServiceProfile, "name">> {
  readonly newName?: string;
}

const SERVICE_PROFILE = { object: "ServiceProfile", noun: "service profile" } as const;
const serviceProfileCodec: CodecOf<ServiceProfileRecord & ServiceProfileChanges> = {
  uuid: "text",
  name: "text",
  newName: "text",
  description: "text",
  isDefault: "boolean",
  serviceProfileInfos: {
    list: "serviceProfileInfo",
    type: "XServiceProfileInfo",
    of: { profileName: "text", primary: "text", secondary: "text", tertiary: "text", serverCertificateVerification: "text" },
  },
};

export const MAX_SERVICE_PROFILE_INFOS = 7;

function checkInfos(infos: readonly ServiceProfileInfo[] | undefined): void {
  if (infos !== undefined && infos.length > MAX_SERVICE_PROFILE_INFOS) throw new TypeError(`a service profile has at most ${MAX_SERVICE_PROFILE_INFOS} serviceProfileInfos; got ${infos.length}`);
}

export function addServiceProfile(client: AxlClient, profile: ServiceProfile): Promise<string> {
  checkInfos(profile.serviceProfileInfos);
  return addObject(client, SERVICE_PROFILE, serviceProfileCodec, { ...profile }, profile.name);
}

export function getServiceProfile(client: AxlClient, key: NameOrUuid): Promise<ServiceProfileRecord> {
  return getObject<ServiceProfileRecord>(client, SERVICE_PROFILE, serviceProfileCodec, nameOrUuidArgs(key), nameOrUuidLabel(key));
}

export function updateServiceProfile(client: AxlClient, key: NameOrUuid, changes: ServiceProfileChanges): Promise<void> {
  checkInfos(changes.serviceProfileInfos);
  return updateObject(client, SERVICE_PROFILE, serviceProfileCodec, nameOrUuidArgs(key), { ...changes }, nameOrUuidLabel(key));
}

export function removeServiceProfile(client: AxlClient, key: NameOrUuid): Promise<void> {
  return removeObject(client, SERVICE_PROFILE, nameOrUuidArgs(key), nameOrUuidLabel(key));
}

export function listServiceProfiles(client: AxlClient, search: { readonly name?: string; readonly description?: string } = {}): Promise<ServiceProfileRecord[]> {
  return listObjects<ServiceProfileRecord>(client, SERVICE_PROFILE, serviceProfileCodec, { ...search }, "service profiles");
}

// --- IP phone services --------------------------------------------------------------------

export interface IpPhoneServiceParameter {
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly default?: string;
  readonly paramRequired?: boolean;
  readonly paramPassword?: boolean;
}

export interface IpPhoneService {
  readonly serviceName: string;
  /** @default - serviceName */
  readonly asciiServiceName?: string;
  readonly serviceUrl: string;
  readonly serviceDescription?: string;
  readonly secureServiceUrl?: string;
  /** "XML Service" or "Java MIDlet". @default "XML Service" */
  readonly serviceCategory?: string;
  /** "Standard IP Phone Service", "Directories", "Messages". @default "Standard IP Phone Service" */
  readonly serviceType?: string;
  readonly serviceVendor?: string;
  readonly serviceVersion?: string;
  readonly enabled?: boolean;
  /** Subscribed on every phone; only settable when adding. */
  readonly enterpriseSubscription?: boolean;
  readonly parameters?: readonly IpPhoneServiceParameter[];
}

export type IpPhoneServiceRecord = IpPhoneService & Identified;

export interface IpPhoneServiceChanges extends Partial<Omit<IpPhoneService, "serviceName" | "enterpriseSubscription">> {
  readonly newServiceName?: string;
  readonly addParameters?: readonly IpPhoneServiceParameter[];
  readonly removeParameters?: readonly IpPhoneServiceParameter[];
}

/** An IP phone service by its serviceName or uuid. */
export type IpPhoneServiceKey = { readonly serviceName: string; readonly uuid?: never } | { readonly uuid: string; readonly serviceName?: never };

const IP_PHONE_SERVICES = { object: "IpPhoneServices", noun: "IP phone service" } as const;
const parameterCodec: CodecOf<IpPhoneServiceParameter> = { name: "text", displayName: "text", default: "text", description: "text", paramRequired: "boolean", paramPassword: "boolean" };
const parameters = { list: "parameter", type: "XIpPhoneServiceParameter", of: parameterCodec } as const;
const ipPhoneServiceCodec: CodecOf<IpPhoneServiceRecord & IpPhoneServiceChanges> = {
  uuid: "text",
  serviceName: "text",
  newServiceName: "text",
  asciiServiceName: "text",
  serviceDescription: "text",
  serviceUrl: "text",
  secureServiceUrl: "text",
  serviceCategory: "text",
  serviceType: "text",
  serviceVendor: "text",
  serviceVersion: "text",
  enabled: "boolean",
  enterpriseSubscription: "boolean",
  parameters,
  addParameters: parameters,
  removeParameters: parameters,
};

function serviceKeyArgs(key: IpPhoneServiceKey): Record<string, unknown> {
  return key.uuid !== undefined ? { uuid: axlUuid(key.uuid) } : { serviceName: key.serviceName };
}

function serviceKeyLabel(key: IpPhoneServiceKey): string {
  return key.uuid !== undefined ? axlUuid(key.uuid) : key.serviceName;
}

export function addIpPhoneService(client: AxlClient, service: IpPhoneService): Promise<string> {
  const value = {
    ...service,
    asciiServiceName: service.asciiServiceName ?? service.serviceName,
    serviceCategory: service.serviceCategory ?? "XML Service",
    serviceType: service.serviceType ?? "Standard IP Phone Service",
  };
  return addObject(client, IP_PHONE_SERVICES, ipPhoneServiceCodec, value, service.serviceName);
}

export function getIpPhoneService(client: AxlClient, key: IpPhoneServiceKey): Promise<IpPhoneServiceRecord> {
  return getObject<IpPhoneServiceRecord>(client, IP_PHONE_SERVICES, ipPhoneServiceCodec, serviceKeyArgs(key), serviceKeyLabel(key));
}

export function updateIpPhoneService(client: AxlClient, key: IpPhoneServiceKey, changes: IpPhoneServiceChanges): Promise<void> {
  if (changes.parameters !== undefined && (changes.addParameters !== undefined || changes.removeParameters !== undefined)) {
    throw new TypeError("updateIpPhoneService: give parameters (replace all) or addParameters/removeParameters, not both");
  }
  return updateObject(client, IP_PHONE_SERVICES, ipPhoneServiceCodec, serviceKeyArgs(key), { ...changes }, serviceKeyLabel(key));
}

export function removeIpPhoneService(client: AxlClient, key: IpPhoneServiceKey): Promise<void> {
  return removeObject(client, IP_PHONE_SERVICES, serviceKeyArgs(key), serviceKeyLabel(key));
}

export function listIpPhoneServices(client: AxlClient, search: { readonly serviceName?: string; readonly serviceDescription?: string } = {}): Promise<IpPhoneServiceRecord[]> {
  return listObjects<IpPhoneServiceRecord>(client, IP_PHONE_SERVICES, ipPhoneServiceCodec, { ...search }, "IP phone services");
}

// --- voicemail reference objects ------------------------------------------------------------

export interface VoiceMailProfileRecord extends Identified {
  readonly name: string;
  readonly description?: string;
  readonly isDefault?: boolean;
  readonly voiceMailboxMask?: string;
  readonly voiceMailPilot?: { readonly dirn?: string; readonly cssName?: string };
}

export interface VoiceMailPilotRecord extends Identified {
  readonly dirn: string;
  readonly description?: string;
  readonly cssName?: string;
  readonly isDefault?: boolean;
}

/** A voicemail pilot by uuid, or by number and CSS. */
export type VoiceMailPilotKey = { readonly uuid: string } | { readonly dirn: string; readonly cssName?: string; readonly uuid?: never };

const VOICE_MAIL_PROFILE = { object: "VoiceMailProfile", noun: "voicemail profile" } as const;
const VOICE_MAIL_PILOT = { object: "VoiceMailPilot", noun: "voicemail pilot" } as const;
const voiceMailProfileCodec: CodecOf<VoiceMailProfileRecord> = {
  uuid: "text",
  name: "text",
  description: "text",
  isDefault: "boolean",
  voiceMailboxMask: "text",
  voiceMailPilot: { object: "XVoiceMailPilotKey", codec: { dirn: "text", cssName: "fk" } },
};
const voiceMailPilotCodec: CodecOf<VoiceMailPilotRecord> = { uuid: "text", dirn: "text", description: "text", cssName: "fk", isDefault: "boolean" };

export function listVoiceMailProfiles(client: AxlClient, search: { readonly name?: string } = {}): Promise<VoiceMailProfileRecord[]> {
  return listObjects(client, VOICE_MAIL_PROFILE, voiceMailProfileCodec, { ...search }, "voicemail profiles");
}

export function getVoiceMailProfile(client: AxlClient, key: NameOrUuid): Promise<VoiceMailProfileRecord> {
  return getObject(client, VOICE_MAIL_PROFILE, voiceMailProfileCodec, nameOrUuidArgs(key), nameOrUuidLabel(key));
}

export function listVoiceMailPilots(client: AxlClient, search: { readonly dirn?: string; readonly description?: string; readonly cssName?: string } = {}): Promise<VoiceMailPilotRecord[]> {
  return listObjects(client, VOICE_MAIL_PILOT, voiceMailPilotCodec, { ...search }, "voicemail pilots");
}

export function getVoiceMailPilot(client: AxlClient, key: VoiceMailPilotKey): Promise<VoiceMailPilotRecord> {
  const args = "uuid" in key && key.uuid !== undefined ? { uuid: axlUuid(key.uuid) } : { dirn: (key as { dirn: string }).dirn, cssName: (key as { cssName?: string }).cssName ?? "" };
  const label = "uuid" in key && key.uuid !== undefined ? axlUuid(key.uuid) : (key as { dirn: string }).dirn;
  return getObject(client, VOICE_MAIL_PILOT, voiceMailPilotCodec, args, label);
}
