// UC services and service profiles (what Jabber is told to use), IP phone services, and the
// voicemail reference objects a line names (voicemail profiles and pilots). Reference §2.3.
import { type CodecOf } from "./codec";
import { byNameOrUuid, type Identified, type NameOrUuid, objectOperations, referenceOperations } from "./operations";
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

const ucServices = objectOperations<NameOrUuid, UcService, UcServiceRecord, UcServiceChanges, { readonly name?: string }>({
  object: "UcService",
  noun: "UC service",
  plural: "UC services",
  codec: ucServiceCodec,
  key: byNameOrUuid,
  label: (service) => service.name,
});
export const addUcService = ucServices.add;
export const getUcService = ucServices.get;
export const updateUcService = ucServices.update;
export const removeUcService = ucServices.remove;
export const listUcServices = ucServices.list;

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

const serviceProfiles = objectOperations<NameOrUuid, ServiceProfile, ServiceProfileRecord, ServiceProfileChanges, { readonly name?: string; readonly description?: string }>({
  object: "ServiceProfile",
  noun: "service profile",
  plural: "service profiles",
  codec: serviceProfileCodec,
  key: byNameOrUuid,
  label: (profile) => profile.name,
  forAdd: (profile) => {
    checkInfos(profile.serviceProfileInfos);
    return { ...profile };
  },
  forUpdate: (changes) => {
    checkInfos(changes.serviceProfileInfos);
    return { ...changes };
  },
});
export const addServiceProfile = serviceProfiles.add;
export const getServiceProfile = serviceProfiles.get;
export const updateServiceProfile = serviceProfiles.update;
export const removeServiceProfile = serviceProfiles.remove;
export const listServiceProfiles = serviceProfiles.list;

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

function serviceKey(key: IpPhoneServiceKey): { args: Record<string, unknown>; label: string } {
  return key.uuid !== undefined ? { args: { uuid: axlUuid(key.uuid) }, label: axlUuid(key.uuid) } : { args: { serviceName: key.serviceName }, label: key.serviceName };
}

const ipPhoneServices = objectOperations<IpPhoneServiceKey, IpPhoneService, IpPhoneServiceRecord, IpPhoneServiceChanges, { readonly serviceName?: string; readonly serviceDescription?: string }>({
  object: "IpPhoneServices",
  noun: "IP phone service",
  plural: "IP phone services",
  codec: ipPhoneServiceCodec,
  key: serviceKey,
  label: (service) => service.serviceName,
  forAdd: (service) => ({
    ...service,
    asciiServiceName: service.asciiServiceName ?? service.serviceName,
    serviceCategory: service.serviceCategory ?? "XML Service",
    serviceType: service.serviceType ?? "Standard IP Phone Service",
  }),
  forUpdate: (changes) => {
    if (changes.parameters !== undefined && (changes.addParameters !== undefined || changes.removeParameters !== undefined)) {
      throw new TypeError("updateIpPhoneService: give parameters (replace all) or addParameters/removeParameters, not both");
    }
    return { ...changes };
  },
});
export const addIpPhoneService = ipPhoneServices.add;
export const getIpPhoneService = ipPhoneServices.get;
export const updateIpPhoneService = ipPhoneServices.update;
export const removeIpPhoneService = ipPhoneServices.remove;
export const listIpPhoneServices = ipPhoneServices.list;

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

const voiceMailProfileCodec: CodecOf<VoiceMailProfileRecord> = {
  uuid: "text",
  name: "text",
  description: "text",
  isDefault: "boolean",
  voiceMailboxMask: "text",
  voiceMailPilot: { object: "XVoiceMailPilotKey", codec: { dirn: "text", cssName: "fk" } },
};
const voiceMailPilotCodec: CodecOf<VoiceMailPilotRecord> = { uuid: "text", dirn: "text", description: "text", cssName: "fk", isDefault: "boolean" };

function voiceMailPilotKey(key: VoiceMailPilotKey): { args: Record<string, unknown>; label: string } {
  if ("uuid" in key && key.uuid !== undefined) return { args: { uuid: axlUuid(key.uuid) }, label: axlUuid(key.uuid) };
  const k = key as { dirn: string; cssName?: string };
  return { args: { dirn: k.dirn, cssName: k.cssName ?? "" }, label: k.dirn };
}

const voiceMailProfiles = referenceOperations<NameOrUuid, VoiceMailProfileRecord, { readonly name?: string }>({
  object: "VoiceMailProfile",
  noun: "voicemail profile",
  plural: "voicemail profiles",
  codec: voiceMailProfileCodec,
  key: byNameOrUuid,
});
export const getVoiceMailProfile = voiceMailProfiles.get;
export const listVoiceMailProfiles = voiceMailProfiles.list;

const voiceMailPilots = referenceOperations<VoiceMailPilotKey, VoiceMailPilotRecord, { readonly dirn?: string; readonly description?: string; readonly cssName?: string }>({
  object: "VoiceMailPilot",
  noun: "voicemail pilot",
  plural: "voicemail pilots",
  codec: voiceMailPilotCodec,
  key: voiceMailPilotKey,
});
export const getVoiceMailPilot = voiceMailPilots.get;
export const listVoiceMailPilots = voiceMailPilots.list;
