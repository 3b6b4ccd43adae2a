// What a Unified CM subscriber is on the cluster, decided without I/O: the AXL objects an entry
// asks for (end user, line, desk phone, Jabber, extension mobility profile, remote destination
// profile and destination) and the Unity Connection mailbox; which fields of what the cluster
// holds differ from them; which objects are ucflow's; and the drift sentences of a refresh.
// The adapter (cucm.ts) observes, asks these functions, and acts.
import { createHash } from "node:crypto";
import type { DeviceProfile, Line, Phone, PhoneLine, SubscribedService } from "../../backends/axl/devices";
import type { RemoteDestination, RemoteDestinationProfile } from "../../backends/axl/mobility";
import type { User, UserRecord } from "../../backends/axl/users";
import { canonical, cucmCustomerNames, cucmMark, cucmSiteNames, cucmSubscriberNames } from "../../plan";
import { type AdoptionPolicy, NO_ADOPTION } from "../../plan/adoption";
import { adoptionPolicy } from "../adoption";
import type { CucmSubscriberEntry, CucmSubscriberSite, SubscriberSetInputs } from "./types";

/** Cisco's Jabber for desktop product, its button template and security profile. */
export const JABBER_PRODUCT = "Cisco Unified Client Services Framework";
export const JABBER_BUTTON_TEMPLATE = "Standard Client Services Framework";
export const DEFAULT_SIP_PROFILE = "Standard SIP Profile";
export const DEFAULT_EXTENSION_MOBILITY_SERVICE = "Extension Mobility";
export const DEFAULT_PRESENCE_GROUP = "Standard Presence group";
export const DEFAULT_VOICEMAIL_TEMPLATE = "voicemailusertemplate";
/** The access control group every end user ucflow provisions is in when the entry names none (no role with Unified CM memberships). */
export const END_USER_GROUP = "Standard CCM End Users";

/** A phone security profile's standard name: "Cisco 8845 - Standard SIP Non-Secure Profile". */
export function standardSecurityProfile(product: string, protocol: string): string {
  return `${product} - Standard ${protocol} Non-Secure Profile`;
}

/** What a set gives its Unified CM subscribers besides their entries, with defaults. */
export interface CucmSetContext {
  readonly customer: string;
  readonly cluster: string;
  readonly voicemail?: { readonly profile: string; readonly unityConnection: string; readonly template: string; readonly forwardInternalCalls?: false };
  readonly extensionMobilityService: string;
  readonly presenceGroup: string;
  /** The partition of the customer's lines. */
  readonly linePartition: string;
  /** Sites that adopt or name their own objects, by site code. */
  readonly sites: Readonly<Record<string, CucmSubscriberSite>>;
}

export function cucmSetContext(set: SubscriberSetInputs): CucmSetContext {
  return {
    customer: set.customer,
    cluster: set.cluster ?? "",
    linePartition: set.linePartition ?? cucmCustomerNames(set.customer).linePartition,
    sites: set.sites ?? {},
    ...(set.voicemail
      ? {
          voicemail: {
            profile: set.voicemail.profile,
            unityConnection: set.voicemail.unityConnection,
            template: set.voicemail.template ?? DEFAULT_VOICEMAIL_TEMPLATE,
            // Only when off, so the context (and the sets' fingerprint) of existing stacks is as it was.
            ...(set.voicemail.forwardInternalCalls === false ? { forwardInternalCalls: false as const } : {}),
          },
        }
      : {}),
    extensionMobilityService: set.extensionMobilityService ?? DEFAULT_EXTENSION_MOBILITY_SERVICE,
    presenceGroup: set.presenceGroup ?? DEFAULT_PRESENCE_GROUP,
  };
}

/** The set fields a subscriber's objects depend on: when they change, every applied subscriber needs work. */
export function setFieldsFingerprint(context: CucmSetContext): string {
  const placed = Object.keys(context.sites).length > 0 || context.linePartition !== cucmCustomerNames(context.customer).linePartition;
  return fingerprint({ voicemail: context.voicemail ?? null, em: context.extensionMobilityService, presence: context.presenceGroup, ...(placed ? { lines: context.linePartition, sites: context.sites } : {}) });
}

/** The end user's fields ucflow pushes from the directory (not on users an LDAP sync owns). */
export interface UserIdentity {
  readonly firstName?: string;
  readonly lastName: string;
  readonly displayName?: string;
  readonly mailid?: string;
  readonly department?: string;
  /** The extension. */
  readonly telephoneNumber: string;
}

/** The end user's fields ucflow manages whoever made the user: the services it gives. */
export interface UserServices {
  readonly enableMobility: boolean;
  readonly imAndPresenceEnable: boolean;
  /** Only with IM and Presence (CUCM's default is true anyway). */
  readonly homeCluster?: boolean;
  /** Only when the profile names one; otherwise the cluster's default service profile applies. */
  readonly serviceProfile?: string;
  readonly enableUserToHostConferenceNow: boolean;
  /** The profile's credential policy, for the PIN and the password (set with updateUser). */
  readonly credentialPolicy?: string;
  /** The extension mobility profile, as the user's default profile. */
  readonly defaultProfile?: string;
}

export interface DesiredMailbox {
  readonly server: string;
  readonly template: string;
  readonly alias: string;
  readonly extension: string;
  readonly firstName?: string;
  readonly lastName: string;
  readonly displayName?: string;
  readonly mail?: string;
}

/** Everything one subscriber is on the cluster and on Unity Connection. */
export interface DesiredCucmSubscriber {
  readonly userid: string;
  /** The site's adoption: what happens to the user's existing line and devices. */
  readonly adoption: AdoptionPolicy;
  /** Devices of the user's ucflow adopts in a slot instead of making its own (their names are in `names`). */
  readonly adopted: AdoptedDevices;
  /** `[ucflow:<Cu>:<userid>]`, at the end of the description of every object ucflow makes. */
  readonly mark: string;
  readonly names: ReturnType<typeof cucmSubscriberNames>;
  readonly identity: UserIdentity;
  readonly services: UserServices;
  readonly presenceGroup: string;
  /** The access control groups the user is to be in: the role's, else END_USER_GROUP. */
  readonly accessControlGroups: readonly string[];
  /** The role the groups are of, for drift sentences. */
  readonly role?: string;
  /** Devices the user controls: the desk phone, Jabber and the remote destination profile. */
  readonly devices: readonly string[];
  /** Extension mobility profiles the user may log in with. */
  readonly profiles: readonly string[];
  readonly primaryExtension: { readonly pattern: string; readonly routePartitionName: string };
  readonly line: Line & { readonly routePartitionName: string };
  readonly deskPhone?: Phone;
  readonly jabber?: Phone;
  readonly deviceProfile?: DeviceProfile;
  readonly rdp?: RemoteDestinationProfile;
  /** Wanted with single number reach; undefined as well when the user has no mobile (singleNumberReachWithoutMobile). */
  readonly remoteDestination?: RemoteDestination;
  /** Single number reach asked for, but the directory has no mobile number. */
  readonly singleNumberReachWithoutMobile: boolean;
  readonly mailbox?: DesiredMailbox;
}

const MAX_DESCRIPTION = 128;
const MAX_ALERTING_NAME = 50;
/** Unified CM takes 32 characters of ASCII alerting name (the lab's limit, as Cisco's admin guide gives it). */
const MAX_ASCII_ALERTING_NAME = 32;
const MAX_LABEL = 50;

/** The subscriber's name as people read it. */
export function personName(entry: Pick<CucmSubscriberEntry, "displayName" | "firstName" | "lastName">): string {
  return entry.displayName ?? (entry.firstName ? `${entry.firstName} ${entry.lastName}` : entry.lastName);
}

/** Latin letters Unicode does not decompose into a base letter and a mark. */
const LETTERS_WITHOUT_DECOMPOSITION: Readonly<Record<string, string>> = { Ł: "L", ł: "l", Ø: "O", ø: "o", Đ: "D", đ: "d", Ħ: "H", ħ: "h", ß: "ss", Æ: "AE", æ: "ae", Œ: "OE", œ: "oe", Þ: "Th", þ: "th", ı: "i" };

/** Text without diacritics and outside printable ASCII (CUCM's ASCII alerting name and display). */
export function asciiText(text: string): string {
  return text
    .replace(/[ŁłØøĐđĦħßÆæŒœÞþı]/g, (letter) => LETTERS_WITHOUT_DECOMPOSITION[letter] ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "")
    .trim();
}

/** `text` and the mark, the mark last and whole, within CUCM's 128 characters. */
export function markedDescription(text: string, mark: string): string {
  const room = MAX_DESCRIPTION - mark.length - 1;
  return room <= 0 ? mark.slice(0, MAX_DESCRIPTION) : `${text.slice(0, room).trim()} ${mark}`;
}

/** Whether a description carries this subscriber's mark (what a killed run left is adopted by it). */
export function hasMark(description: string | undefined, mark: string): boolean {
  return description !== undefined && description.trimEnd().endsWith(mark);
}

/**
 * What ucflow added for a subscriber that carries no mark of its own: the end user (AXL's end
 * user has no description) and the Unity Connection mailbox. The subscriber's line records it,
 * written before the user or mailbox is added, so a run killed before the engine saved its state
 * leaves a line that says which of them are ucflow's to take back.
 */
export interface UnmarkedAdded {
  readonly user?: boolean;
  readonly mailbox?: boolean;
}

/** `(ucflow added user, mailbox)` before the mark; empty when ucflow added neither. */
function unmarkedAddedText(added: UnmarkedAdded): string {
  const what = [added.user ? "user" : undefined, added.mailbox ? "mailbox" : undefined].filter((w) => w !== undefined);
  return what.length === 0 ? "" : `(ucflow added ${what.join(", ")})`;
}

/** A subscriber line's description: the name, what ucflow added (when it fits), the mark. */
function lineDescription(name: string, mark: string, added: UnmarkedAdded): string {
  const record = unmarkedAddedText(added);
  return record === "" || record.length + mark.length + 3 > MAX_DESCRIPTION ? markedDescription(name, mark) : markedDescription(name, `${record} ${mark}`);
}

/** What a marked line's description says ucflow added (nothing for a line without the mark). */
export function unmarkedAddedOf(description: string | undefined, mark: string): UnmarkedAdded {
  if (!hasMark(description, mark)) return {};
  const text = description!.trimEnd().slice(0, -mark.length).trimEnd();
  const words = /\(ucflow added ([a-z, ]+)\)$/.exec(text)?.[1]?.split(", ") ?? [];
  return { ...(words.includes("user") ? { user: true } : {}), ...(words.includes("mailbox") ? { mailbox: true } : {}) };
}

/** The user's own devices ucflow adopts as the desk phone and as Jabber, by name. */
export interface AdoptedDevices {
  readonly deskPhone?: string;
  readonly jabber?: string;
}

/** A phone on the cluster as adoption considers it. */
export interface AdoptionCandidate {
  readonly name: string;
  readonly product?: string;
  readonly class?: string;
  readonly ownerUserName?: string;
}

/**
 * Which of the user's own phones (those the user controls and owns) ucflow adopts: the desk phone
 * is the first by name that is not Jabber, Jabber the first Jabber device; a slot the profile does
 * not give adopts nothing. By name, so the same estate always adopts the same way.
 */
export function chooseAdoptedDevices(userid: string, candidates: readonly AdoptionCandidate[], wanted: { readonly deskPhone: boolean; readonly jabber: boolean }): AdoptedDevices {
  const own = candidates
    .filter((c) => (c.class ?? "Phone") === "Phone" && c.ownerUserName?.toLowerCase() === userid.toLowerCase())
    .sort((a, b) => (a.name.toUpperCase() < b.name.toUpperCase() ? -1 : a.name.toUpperCase() > b.name.toUpperCase() ? 1 : 0));
  const desk = wanted.deskPhone ? own.find((c) => c.product !== JABBER_PRODUCT) : undefined;
  const jabber = wanted.jabber ? own.find((c) => c.product === JABBER_PRODUCT) : undefined;
  return { ...(desk ? { deskPhone: desk.name } : {}), ...(jabber ? { jabber: jabber.name } : {}) };
}

/** The site's placement of its subscribers: its adoption and the names of its objects. */
export function subscriberSite(context: CucmSetContext, site: string): { readonly adoption: AdoptionPolicy; readonly devicePool: string; readonly location: string; readonly deviceCss: string; readonly lineCss: (classOfService: string) => string } {
  const placement = context.sites[site];
  const names = cucmSiteNames(site);
  const existing = placement?.existing;
  return {
    adoption: placement?.adoption ? adoptionPolicy(placement.adoption) : NO_ADOPTION,
    devicePool: existing?.devicePool ?? names.devicePool,
    location: existing?.location ?? names.location,
    deviceCss: existing?.deviceCss ?? names.deviceCss,
    lineCss: (classOfService) => existing?.lineCss[classOfService] ?? names.classOfServiceCss(classOfService),
  };
}

/** Fields of an adopted device that stay the estate's: its model and what depends on the model, and its description. */
export const ADOPTED_DEVICE_FIXED_FIELDS = ["name", "product", "class", "protocol", "protocolSide", "description", "phoneTemplateName", "securityProfileName", "sipProfileName"] as const;

/**
 * Fields of an adopted device ucflow leaves as they are: ADOPTED_DEVICE_FIXED_FIELDS, and its line
 * appearances when the subscriber's line is already its first (their labels, masks and call
 * limits are the estate's; rewriting them would give the appearance a new identity).
 */
export function adoptedDeviceFixedFields(want: { readonly lines?: readonly PhoneLine[] }, observed: { readonly lines?: readonly PhoneLine[] }): string[] {
  const line = want.lines?.[0]?.dirn;
  const first = [...(observed.lines ?? [])].sort((a, b) => Number(a.index) - Number(b.index))[0]?.dirn;
  const shown = line !== undefined && first !== undefined && first.pattern === line.pattern && (first.routePartitionName ?? "").toLowerCase() === (line.routePartitionName ?? "").toLowerCase();
  return [...ADOPTED_DEVICE_FIXED_FIELDS, ...(shown ? ["lines"] : [])];
}

const LINE_FORWARDS = ["callForwardBusy", "callForwardBusyInt", "callForwardNoAnswer", "callForwardNoAnswerInt"] as const;

/**
 * Fields of the user's own line (at an adopting site) ucflow leaves as they are: its description,
 * and a call forward the line does not have where ucflow wants none (CUCM's default: not forwarded).
 */
export function adoptedLineFixedFields(want: Pick<Line, (typeof LINE_FORWARDS)[number]>, observed: object): string[] {
  const have = observed as Record<string, unknown>;
  return ["description", ...LINE_FORWARDS.filter((field) => have[field] === undefined && want[field]?.forwardToVoiceMail !== true && !want[field]?.destination)];
}

/** The objects one entry asks for (with the user's devices ucflow adopts, `adopted`). Pure. */
export function desiredCucmSubscriber(context: CucmSetContext, subscriberId: string, entry: CucmSubscriberEntry, adopted: AdoptedDevices = {}, added: UnmarkedAdded = {}): DesiredCucmSubscriber {
  const site = subscriberSite(context, entry.site);
  const names = { ...cucmSubscriberNames(context.customer, entry.userid, subscriberId), ...adopted };
  const mark = cucmMark(context.customer, { userid: entry.userid });
  const name = personName(entry);
  const partition = context.linePartition;
  const dirn = { pattern: entry.extension, routePartitionName: partition };
  const lineCss = site.lineCss(entry.classOfService);
  const services = entry.services;
  const voicemail = services.voicemail ? context.voicemail : undefined;
  const appearance: PhoneLine = {
    index: 1,
    dirn,
    label: `${name} - ${entry.extension}`.slice(0, MAX_LABEL),
    display: name.slice(0, MAX_ALERTING_NAME),
    displayAscii: asciiText(name).slice(0, MAX_ALERTING_NAME),
    associatedEndusers: [{ userId: entry.userid }],
    // Calls out show the DID; none: the mask is cleared.
    e164Mask: entry.did ?? "",
  };
  const emServices: SubscribedService[] = services.extensionMobility ? [{ telecasterServiceName: context.extensionMobilityService, name: context.extensionMobilityService }] : [];
  const sitePlacement = { devicePoolName: site.devicePool, locationName: site.location, callingSearchSpaceName: site.deviceCss };
  const phone = services.phone;
  const deskPhone: Phone | undefined = phone
    ? {
        name: names.deskPhone,
        product: phone.product,
        class: "Phone",
        protocol: phone.protocol,
        description: markedDescription(`${name} - desk phone`, mark),
        ...sitePlacement,
        phoneTemplateName: phone.buttonTemplate,
        securityProfileName: phone.securityProfile ?? standardSecurityProfile(phone.product, phone.protocol),
        ...(phone.protocol === "SIP" ? { sipProfileName: phone.sipProfile ?? DEFAULT_SIP_PROFILE } : {}),
        lines: [appearance],
        ownerUserName: entry.userid,
        enableExtensionMobility: services.extensionMobility,
        services: emServices,
      }
    : undefined;
  const jabber: Phone | undefined = services.jabber
    ? {
        name: names.jabber,
        product: JABBER_PRODUCT,
        class: "Phone",
        protocol: "SIP",
        description: markedDescription(`${name} - Jabber`, mark),
        ...sitePlacement,
        phoneTemplateName: JABBER_BUTTON_TEMPLATE,
        securityProfileName: standardSecurityProfile(JABBER_PRODUCT, "SIP"),
        sipProfileName: DEFAULT_SIP_PROFILE,
        lines: [appearance],
        ownerUserName: entry.userid,
      }
    : undefined;
  // The profile takes the desk phone's model: a user logs in to phones like their own.
  const deviceProfile: DeviceProfile | undefined =
    services.extensionMobility && phone
      ? {
          name: names.deviceProfile,
          product: phone.product,
          class: "Device Profile",
          protocol: phone.protocol,
          description: markedDescription(`${name} - extension mobility`, mark),
          lines: [appearance],
          phoneTemplateName: phone.buttonTemplate,
          services: emServices,
        }
      : undefined;
  const snr = services.singleNumberReach;
  const rdp: RemoteDestinationProfile | undefined =
    snr && entry.mobile
      ? {
          name: names.remoteDestinationProfile,
          userId: entry.userid,
          description: markedDescription(`${name} - single number reach`, mark),
          devicePoolName: site.devicePool,
          callingSearchSpaceName: site.deviceCss,
          // Calls to the mobile are rerouted with the class of service of the line.
          rerouteCallingSearchSpaceName: lineCss,
          lines: [appearance],
        }
      : undefined;
  const remoteDestination: RemoteDestination | undefined =
    rdp && entry.mobile
      ? {
          destination: entry.mobile,
          name: `${name} mobile`.slice(0, MAX_LABEL),
          ownerUserId: entry.userid,
          remoteDestinationProfileName: names.remoteDestinationProfile,
          isMobilePhone: true,
          enableMobileConnect: true,
          lineAssociations: [dirn],
        }
      : undefined;
  const forward = { forwardToVoiceMail: voicemail !== undefined };
  const forwardInternal = { forwardToVoiceMail: voicemail !== undefined && voicemail.forwardInternalCalls !== false };
  return {
    userid: entry.userid,
    adoption: site.adoption,
    adopted,
    mark,
    names,
    identity: {
      ...(entry.firstName ? { firstName: entry.firstName } : {}),
      lastName: entry.lastName,
      ...(entry.displayName ? { displayName: entry.displayName } : {}),
      ...(entry.mail ? { mailid: entry.mail } : {}),
      ...(entry.department ? { department: entry.department } : {}),
      telephoneNumber: entry.extension,
    },
    services: {
      enableMobility: rdp !== undefined,
      imAndPresenceEnable: services.imAndPresence,
      ...(services.imAndPresence ? { homeCluster: true } : {}),
      ...(services.serviceProfile ? { serviceProfile: services.serviceProfile } : {}),
      enableUserToHostConferenceNow: services.conferencing,
      ...(services.credentialPolicy ? { credentialPolicy: services.credentialPolicy } : {}),
      ...(deviceProfile ? { defaultProfile: deviceProfile.name } : {}),
    },
    presenceGroup: context.presenceGroup,
    accessControlGroups: desiredAccessControlGroups(entry),
    ...(entry.role ? { role: entry.role } : {}),
    devices: [deskPhone?.name, jabber?.name, rdp?.name].filter((d): d is string => d !== undefined),
    profiles: deviceProfile ? [deviceProfile.name] : [],
    primaryExtension: dirn,
    line: {
      pattern: entry.extension,
      routePartitionName: partition,
      // The mark stays last and whole; what ucflow added goes just before it, kept whole too.
      description: lineDescription(name, mark, added),
      alertingName: name.slice(0, MAX_ALERTING_NAME),
      asciiAlertingName: asciiText(name).slice(0, MAX_ASCII_ALERTING_NAME),
      shareLineAppearanceCssName: lineCss,
      voiceMailProfileName: voicemail?.profile ?? "",
      callForwardBusy: forward,
      callForwardBusyInt: forwardInternal,
      callForwardNoAnswer: forward,
      callForwardNoAnswerInt: forwardInternal,
      // The DID as the line's +E.164 alternate number, dialable in the line partition: calls in
      // from the PSTN, globalised to +E.164 by the customer's inbound translation patterns, reach
      // the line through the inbound calling search space, which lists that partition.
      e164AltNum: entry.did ? { numMask: entry.did, addLocalRoutePartition: true, routePartition: partition } : { numMask: "" },
    },
    ...(deskPhone ? { deskPhone } : {}),
    ...(jabber ? { jabber } : {}),
    ...(deviceProfile ? { deviceProfile } : {}),
    ...(rdp ? { rdp } : {}),
    ...(remoteDestination ? { remoteDestination } : {}),
    singleNumberReachWithoutMobile: snr && !entry.mobile,
    ...(voicemail
      ? {
          mailbox: {
            server: voicemail.unityConnection,
            template: voicemail.template,
            alias: entry.userid,
            extension: entry.extension,
            ...(entry.firstName ? { firstName: entry.firstName } : {}),
            lastName: entry.lastName,
            ...(entry.displayName ? { displayName: entry.displayName } : {}),
            ...(entry.mail ? { mail: entry.mail } : {}),
          },
        }
      : {}),
  };
}

/** The access control groups an entry asks for: its role's (`accessControlGroups`), else the end users' group. */
export function desiredAccessControlGroups(entry: Pick<CucmSubscriberEntry, "accessControlGroups">): readonly string[] {
  return entry.accessControlGroups ?? [END_USER_GROUP];
}

/** Whether `names` holds `name`: Unified CM compares names without case. */
function holds(names: readonly string[], name: string): boolean {
  return names.some((n) => n.toLowerCase() === name.toLowerCase());
}

/**
 * The access control groups that are ucflow's on a user, from what state recorded: the groups it
 * added (`groupsAdded`). A user ucflow added before that was recorded for such users was made in
 * the end users' group only, which is then ucflow's.
 */
export function ucflowAccessControlGroups(record: { readonly user?: { readonly added: boolean }; readonly groupsAdded?: readonly string[] } | undefined): readonly string[] {
  return record?.groupsAdded ?? (record?.user?.added ? [END_USER_GROUP] : []);
}

/** The groups ucflow holds on the user after an update: those it held and those added now, less those taken away now. */
export function recordedAccessControlGroups(held: readonly string[], update: Pick<UserUpdate, "groupsAdded" | "groupsRemoved">): string[] {
  const kept = held.filter((g) => !holds(update.groupsRemoved, g));
  return [...kept, ...update.groupsAdded.filter((g) => !holds(kept, g))];
}

/** The desired access control groups the user is not in (removed by hand): drift, which the next update puts right. */
export function missingAccessControlGroups(desired: Pick<DesiredCucmSubscriber, "accessControlGroups">, user: Pick<UserRecord, "associatedGroups">): string[] {
  const groups = (user.associatedGroups ?? []).map((g) => g.name);
  return desired.accessControlGroups.filter((g) => !holds(groups, g));
}

/** "end user adavis: not in access control group Standard CTI Enabled of role Sales". */
export function accessControlGroupDrift(desired: Pick<DesiredCucmSubscriber, "userid" | "accessControlGroups" | "role">, user: Pick<UserRecord, "associatedGroups">): string[] {
  return missingAccessControlGroups(desired, user).map((g) => `end user ${desired.userid}: not in access control group ${g}${desired.role ? ` of role ${desired.role}` : ""}`);
}

/** Why a user cannot be put in access control groups the cluster does not have. */
export function unknownAccessControlGroupsMessage(userid: string, cluster: string, role: string | undefined, unknown: readonly string[]): string {
  const one = unknown.length === 1;
  const named = unknown.map((g) => JSON.stringify(g)).join(", ");
  return (
    `end user ${userid}: access control group${one ? "" : "s"} ${named}${role ? ` of role ${role}` : ""} ${one ? "is" : "are"} not on cluster ${cluster}: ` +
    `add ${one ? "it" : "them"} on the cluster (User Management > User Settings > Access Control Group), or correct the role's cucm.accessControlGroups`
  );
}

/** A short, stable fingerprint of a value (e.g. the desk phone's configuration, to know when it needs a reset). */
export function fingerprint(value: unknown): string {
  return createHash("sha256").update(canonical(value)).digest("hex").slice(0, 16);
}

/** The desk phone's configuration as the phone sees it: its own fields and its line's. */
export function deskPhoneConfiguration(desired: DesiredCucmSubscriber): string | undefined {
  return desired.deskPhone ? fingerprint({ phone: desired.deskPhone, line: desired.line }) : undefined;
}

// ---------------------------------------------------------------------------------------------
// what differs

/** A field's value for comparison: empty and absent are the same; lists of lines by what ucflow sets. */
function comparable(value: unknown): unknown {
  if (value === undefined || value === null || value === "") return "";
  if (Array.isArray(value)) return value.map(comparable);
  if (typeof value === "object") {
    const result: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const c = comparable(v);
      // An absent or empty member is "not set", whichever way the platform answers it.
      if (c !== "" && !(Array.isArray(c) && c.length === 0)) result[k] = c;
    }
    return result;
  }
  return value;
}

/** The part of `observed` covering the keys of `desired`, recursively (lines: by the fields ucflow sets). */
function projected(desired: unknown, observed: unknown): unknown {
  if (Array.isArray(desired)) {
    const items = Array.isArray(observed) ? observed : [];
    // Lists are compared whole, each item projected on the first desired item's keys.
    const template = desired[0];
    return items.map((item) => (template !== undefined && typeof template === "object" ? projected(template, item) : item));
  }
  if (desired !== null && typeof desired === "object") {
    const source = observed !== null && typeof observed === "object" ? (observed as Record<string, unknown>) : {};
    return Object.fromEntries(Object.keys(desired as Record<string, unknown>).map((k) => [k, projected((desired as Record<string, unknown>)[k], source[k])]));
  }
  return observed;
}

/** The fields of `desired` whose values `observed` does not hold (keys in `fixed` are never updates). */
export function changedFields<T extends object>(desired: T, observed: object | undefined, fixed: readonly string[] = []): Partial<T> {
  const changes: Record<string, unknown> = {};
  for (const [key, want] of Object.entries(desired)) {
    if (fixed.includes(key) || want === undefined) continue;
    const have = projected(want, (observed as Record<string, unknown> | undefined)?.[key]);
    if (canonical(comparable(want)) !== canonical(comparable(have))) changes[key] = want;
  }
  return changes as Partial<T>;
}

/** Keys of a device that an update cannot change: a different product or protocol means a new device. */
export const DEVICE_FIXED_FIELDS = ["name", "product", "class", "protocol", "protocolSide"] as const;

/** Whether an observed device must be replaced to become the desired one. */
export function needsReplacing(desired: { readonly product: string; readonly protocol: string }, observed: { readonly product?: string; readonly protocol?: string }): boolean {
  return (observed.product !== undefined && observed.product !== desired.product) || (observed.protocol !== undefined && observed.protocol !== desired.protocol);
}

/** The user's managed service fields as AXL has them, flat (for comparing and for recording what they were before). */
export interface UserServiceFields {
  readonly enableMobility?: boolean;
  readonly imAndPresenceEnable?: boolean;
  readonly homeCluster?: boolean;
  readonly serviceProfile?: string;
  readonly enableUserToHostConferenceNow?: boolean;
  readonly pwdCredPolicyName?: string;
  readonly pinCredPolicyName?: string;
  readonly defaultProfile?: string;
}

export const USER_SERVICE_FIELDS = ["enableMobility", "imAndPresenceEnable", "homeCluster", "serviceProfile", "enableUserToHostConferenceNow", "pwdCredPolicyName", "pinCredPolicyName", "defaultProfile"] as const;
export type UserServiceField = (typeof USER_SERVICE_FIELDS)[number];

export function userServiceFields(user: UserRecord | undefined): UserServiceFields {
  if (!user) return {};
  return {
    ...(user.enableMobility !== undefined ? { enableMobility: user.enableMobility } : {}),
    ...(user.imAndPresenceEnable !== undefined ? { imAndPresenceEnable: user.imAndPresenceEnable } : {}),
    ...(user.homeCluster !== undefined ? { homeCluster: user.homeCluster } : {}),
    ...(user.serviceProfile ? { serviceProfile: user.serviceProfile } : {}),
    ...(user.enableUserToHostConferenceNow !== undefined ? { enableUserToHostConferenceNow: user.enableUserToHostConferenceNow } : {}),
    ...(user.passwordCredentials?.pwdCredPolicyName ? { pwdCredPolicyName: user.passwordCredentials.pwdCredPolicyName } : {}),
    ...(user.pinCredentials?.pinCredPolicyName ? { pinCredPolicyName: user.pinCredentials.pinCredPolicyName } : {}),
    ...(user.defaultProfile ? { defaultProfile: user.defaultProfile } : {}),
  };
}

/** The desired service fields, flat. */
export function desiredUserServiceFields(services: UserServices): UserServiceFields {
  return {
    enableMobility: services.enableMobility,
    imAndPresenceEnable: services.imAndPresenceEnable,
    ...(services.homeCluster !== undefined ? { homeCluster: services.homeCluster } : {}),
    ...(services.serviceProfile ? { serviceProfile: services.serviceProfile } : {}),
    enableUserToHostConferenceNow: services.enableUserToHostConferenceNow,
    ...(services.credentialPolicy ? { pwdCredPolicyName: services.credentialPolicy, pinCredPolicyName: services.credentialPolicy } : {}),
    // No profile: the default profile is cleared only where ucflow set it (userUpdate).
    defaultProfile: services.defaultProfile ?? "",
  };
}

/** Flat service fields as updateUser takes them. */
export function userServiceChanges(fields: UserServiceFields): Partial<User> {
  const { pwdCredPolicyName, pinCredPolicyName, ...rest } = fields;
  return {
    ...rest,
    ...(pwdCredPolicyName !== undefined ? { passwordCredentials: { pwdCredPolicyName } } : {}),
    ...(pinCredPolicyName !== undefined ? { pinCredentials: { pinCredPolicyName } } : {}),
  };
}

/** What ucflow changes on the user, and what those fields were before (for a user ucflow did not add). */
export interface UserUpdate {
  readonly changes: Partial<User>;
  /** Service fields changed now from a value ucflow did not set, with that value (null: unset). */
  readonly before: Readonly<Partial<Record<UserServiceField, string | boolean | null>>>;
  /** Access control groups added now (the user was not in them). */
  readonly groupsAdded: readonly string[];
  /** ucflow's access control groups taken away now (no longer desired). */
  readonly groupsRemoved: readonly string[];
}

/**
 * The updateUser of a subscriber: the service fields, the devices, profiles and primary
 * extension, the access control groups, and (unless an LDAP sync owns the user) the identity.
 * `ucflowDevices`/`ucflowProfiles` are the names of ucflow's objects (one it no longer gives is
 * taken off the user; the user's own are left). `ucflowGroups` are the access control groups
 * ucflow added to the user (ucflowAccessControlGroups): the desired groups the user is not in are
 * added, ucflow's no longer desired are taken away, every other group of the user stays.
 */
export function userUpdate(
  desired: DesiredCucmSubscriber,
  user: UserRecord,
  options: { readonly pushIdentity: boolean; readonly ucflowDevices: readonly string[]; readonly ucflowProfiles: readonly string[]; readonly ucflowGroups: readonly string[]; readonly recordBefore: boolean },
): UserUpdate {
  const changes: Record<string, unknown> = {};
  if (options.pushIdentity) Object.assign(changes, changedFields(desired.identity, user));
  const want = desiredUserServiceFields(desired.services);
  const have = userServiceFields(user);
  const before: Record<string, string | boolean | null> = {};
  const serviceChanges: Record<string, unknown> = {};
  for (const field of USER_SERVICE_FIELDS) {
    const value = want[field];
    // A default profile that is not ucflow's stays when ucflow gives none.
    if (field === "defaultProfile" && value === "" && !(have.defaultProfile && options.ucflowProfiles.includes(have.defaultProfile))) continue;
    if (value === undefined) continue;
    const current = have[field];
    if (canonical(comparable(value)) === canonical(comparable(current))) continue;
    // CUCM's own default for an unset boolean: false, except homeCluster (true).
    if (typeof value === "boolean" && current === undefined && value === (field === "homeCluster")) continue;
    serviceChanges[field] = value;
    if (options.recordBefore) before[field] = current ?? null;
  }
  Object.assign(changes, userServiceChanges(serviceChanges as UserServiceFields));
  // Lists are replaced whole: keep what is the user's own, put in ucflow's, take out ucflow's old ones.
  const merge = (current: readonly string[] | undefined, mine: readonly string[], ucflows: readonly string[]): string[] | undefined => {
    const kept = (current ?? []).filter((d) => !ucflows.some((u) => u.toLowerCase() === d.toLowerCase()) || mine.some((m) => m.toLowerCase() === d.toLowerCase()));
    const next = [...kept, ...mine.filter((m) => !kept.some((k) => k.toLowerCase() === m.toLowerCase()))];
    return canonical([...next].sort()) === canonical([...(current ?? [])].sort()) ? undefined : next;
  };
  const devices = merge(user.associatedDevices, desired.devices, options.ucflowDevices);
  if (devices) changes.associatedDevices = devices;
  const profiles = merge(user.phoneProfiles, desired.profiles, options.ucflowProfiles);
  if (profiles) changes.phoneProfiles = profiles;
  const extension = user.primaryExtension;
  if (extension?.pattern !== desired.primaryExtension.pattern || (extension.routePartitionName ?? "") !== desired.primaryExtension.routePartitionName) changes.primaryExtension = desired.primaryExtension;
  // The whole list is sent (updateUser replaces it): the user's groups less ucflow's no longer
  // desired, with the desired ones the user is not in.
  const groups = (user.associatedGroups ?? []).map((g) => g.name);
  const wanted = desired.accessControlGroups;
  const groupsRemoved = groups.filter((g) => holds(options.ucflowGroups, g) && !holds(wanted, g));
  const groupsAdded = missingAccessControlGroups(desired, user);
  if (groupsAdded.length > 0 || groupsRemoved.length > 0) changes.associatedGroups = [...groups.filter((g) => !holds(groupsRemoved, g)), ...groupsAdded].map((name) => ({ name }));
  return { changes: changes as Partial<User>, before, groupsAdded, groupsRemoved };
}

/** addUser of a subscriber ucflow adds: identity, presence group, access control groups (devices come later, once they exist). */
export function newUser(desired: DesiredCucmSubscriber): User {
  return {
    userid: desired.userid,
    ...desired.identity,
    presenceGroupName: desired.presenceGroup,
    associatedGroups: desired.accessControlGroups.map((name) => ({ name })),
  };
}

// ---------------------------------------------------------------------------------------------
// drift

/** Words for the AXL fields a drift sentence names. */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  shareLineAppearanceCssName: "line calling search space",
  callingSearchSpaceName: "calling search space",
  rerouteCallingSearchSpaceName: "rerouting calling search space",
  devicePoolName: "device pool",
  locationName: "location",
  voiceMailProfileName: "voicemail profile",
  alertingName: "alerting name",
  asciiAlertingName: "ASCII alerting name",
  phoneTemplateName: "phone button template",
  securityProfileName: "security profile",
  sipProfileName: "SIP profile",
  ownerUserName: "owner",
  enableExtensionMobility: "extension mobility",
  services: "phone services",
  lines: "line appearances",
  callForwardBusy: "forward on busy",
  callForwardBusyInt: "forward on busy (internal)",
  callForwardNoAnswer: "forward on no answer",
  callForwardNoAnswerInt: "forward on no answer (internal)",
  lineAssociations: "lines",
  remoteDestinationProfileName: "remote destination profile",
  enableMobility: "mobility",
  imAndPresenceEnable: "IM and Presence",
  homeCluster: "home cluster",
  serviceProfile: "service profile",
  enableUserToHostConferenceNow: "Conference Now hosting",
  pwdCredPolicyName: "password credential policy",
  pinCredPolicyName: "PIN credential policy",
  defaultProfile: "default extension mobility profile",
  primaryExtension: "primary extension",
  associatedDevices: "controlled devices",
  phoneProfiles: "extension mobility profiles",
};

function shown(value: unknown): string {
  const v = comparable(value);
  if (v === "") return "not set";
  if (typeof v === "boolean") return v ? "on" : "off";
  if (typeof v === "string") return v;
  if (Array.isArray(v) && v.every((item) => typeof item === "object" && item !== null && "dirn" in (item as object))) {
    return v.map((item) => { const d = (item as { dirn: { pattern?: string; routePartitionName?: string } }).dirn; return `${d.pattern ?? "?"} in ${d.routePartitionName ?? "no partition"}`; }).join(", ") || "none";
  }
  return JSON.stringify(v);
}

/** One sentence per field of an existing object that differs from what ucflow set: "line 4001 in Cu2-DN-PT: line calling search space is X, ucflow set Y". */
export function fieldDifferences(what: string, desired: object, observed: object, fixed: readonly string[] = []): string[] {
  const changes = changedFields(desired, observed, fixed);
  return Object.keys(changes).map((key) => {
    const word = FIELD_WORDS[key] ?? key;
    const want = (desired as Record<string, unknown>)[key];
    const have = projected(want, (observed as Record<string, unknown>)[key]);
    return `${what}: ${word} is ${shown(have)}, ucflow set ${shown(want)}`;
  });
}

/** What differs between the entry ucflow applied and the subscriber as read back now, one sentence each. */
export function describeCucmDrift(who: string, applied: CucmSubscriberEntry, seen: CucmSubscriberEntry | undefined): string[] {
  if (seen === undefined) return [`${who}: the end user ${applied.userid} no longer exists`];
  const drift: string[] = [];
  for (const field of ["firstName", "lastName", "displayName", "mail", "department"] as const) {
    if (seen[field] !== applied[field]) drift.push(`${who}: ${field} is ${seen[field] ?? "not set"}, ucflow set ${applied[field] ?? "nothing"}`);
  }
  if (seen.extension !== applied.extension) drift.push(seen.extension === "" ? `${who}: line ${applied.extension} is gone` : `${who}: the line is ${seen.extension}, ucflow gave ${applied.extension}`);
  const a = applied.services;
  const s = seen.services;
  const gone = (what: string, had: boolean, has: boolean) => {
    if (had && !has) drift.push(`${who}: ${what} is gone`);
    if (!had && has) drift.push(`${who}: has ${what}, which ucflow does not give`);
  };
  if (a.phone && !s.phone) drift.push(`${who}: the desk phone (${a.phone.product}) is gone`);
  else if (a.phone && s.phone) {
    for (const key of ["product", "protocol", "buttonTemplate", "securityProfile", "sipProfile"] as const) {
      if (s.phone[key] !== a.phone[key]) drift.push(`${who}: the desk phone's ${key === "buttonTemplate" ? "button template" : key === "securityProfile" ? "security profile" : key === "sipProfile" ? "SIP profile" : key} is ${s.phone[key] ?? "the standard one"}, ucflow set ${a.phone[key] ?? "the standard one"}`);
    }
  } else if (!a.phone && s.phone) drift.push(`${who}: has a desk phone, which ucflow does not give`);
  gone("the Jabber device", a.jabber, s.jabber);
  gone("the voicemail box", a.voicemail, s.voicemail);
  gone("the extension mobility profile", a.extensionMobility, s.extensionMobility);
  gone("single number reach", a.singleNumberReach, s.singleNumberReach);
  if (a.imAndPresence !== s.imAndPresence) drift.push(`${who}: IM and Presence is ${s.imAndPresence ? "on" : "off"}, ucflow set it ${a.imAndPresence ? "on" : "off"}`);
  if (a.conferencing !== s.conferencing) drift.push(`${who}: Conference Now hosting is ${s.conferencing ? "on" : "off"}, ucflow set it ${a.conferencing ? "on" : "off"}`);
  if (a.serviceProfile !== s.serviceProfile) drift.push(`${who}: the service profile is ${s.serviceProfile ?? "not set"}, ucflow set ${a.serviceProfile ?? "nothing"}`);
  if (a.credentialPolicy !== s.credentialPolicy) drift.push(`${who}: the credential policy is ${s.credentialPolicy ?? "another"}, ucflow set ${a.credentialPolicy ?? "nothing"}`);
  if (applied.mobile !== seen.mobile && a.singleNumberReach && s.singleNumberReach) drift.push(`${who}: the remote destination is ${seen.mobile ?? "gone"}, ucflow set ${applied.mobile ?? "nothing"}`);
  for (const difference of seen.differences ?? []) drift.push(`${who}: ${difference}`);
  return drift;
}
