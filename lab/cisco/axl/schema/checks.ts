// Semantic checks of an object about to be stored, after its references resolved: what CUCM
// refuses beyond "that name does not exist". They may also fill defaults that depend on other
// fields (a phone's template and security profile follow its product). Where a check or its
// wording is the lab's guess, docs/lab-cisco.md lists it.
import { faults } from "../protocol/axl-fault";
import type { AxlRecord, AxlValue, Candidate, ClusterView, FkValue, KindName, NumberRefValue } from "./field-spec";
import { productSpec } from "./products";

const fkOf = (value: AxlValue | undefined): FkValue | null => (value && typeof value === "object" && !Array.isArray(value) && "name" in value ? (value as FkValue) : null);
const listOf = (value: AxlValue | undefined): AxlRecord[] => (Array.isArray(value) ? (value as AxlRecord[]) : []);
const isTrue = (value: AxlValue | undefined): boolean => value === "true";

/** Sets a reference field to a seeded object by name when the request left it out. */
function defaultReference(candidate: Candidate, view: ClusterView, field: string, kind: KindName, name: string): void {
  if (candidate.fields[field] !== undefined && candidate.fields[field] !== null) return;
  const found = view.findByName(kind, name);
  if (!found) throw faults.notFound(`${field} ${name}`);
  candidate.fields[field] = { name, uuid: found.uuid };
}

function checkDeviceName(candidate: Candidate): void {
  const product = productSpec(String(candidate.fields.product));
  if (product && !product.name.test(String(candidate.fields.name))) {
    throw faults.invalid("The specified name has invalid characters or is not formatted correctly for this device type.");
  }
}

/** Line appearances: one per index, one per directory number (XDbErrors wording). */
function checkLines(candidate: Candidate): void {
  const indexes = new Set<string>();
  const numbers = new Set<string>();
  for (const line of listOf(candidate.fields.lines)) {
    const index = String(line.index);
    const dirn = line.dirn as NumberRefValue | null;
    if (indexes.has(index) || (dirn && numbers.has(dirn.uuid))) throw faults.invalid("Phone cannot have the same line more than once (duplicate NumPlanIndex)");
    indexes.add(index);
    if (dirn) numbers.add(dirn.uuid);
  }
}

export function checkPhone(candidate: Candidate, view: ClusterView): void {
  checkDeviceName(candidate);
  const product = productSpec(String(candidate.fields.product));
  if (product) {
    defaultReference(candidate, view, "phoneTemplateName", "phoneButtonTemplate", product.defaultTemplate);
    defaultReference(candidate, view, "securityProfileName", "phoneSecurityProfile", product.defaultSecurityProfile);
  }
  checkLines(candidate);
  const primary = fkOf(candidate.fields.primaryPhoneName);
  if (primary && primary.uuid === candidate.uuid) throw faults.invalid("A phone cannot be its own primary phone");
}

export function checkDeviceProfile(candidate: Candidate, view: ClusterView): void {
  const product = productSpec(String(candidate.fields.product));
  if (product) defaultReference(candidate, view, "phoneTemplateName", "phoneButtonTemplate", product.defaultTemplate);
  checkLines(candidate);
}

export function checkRemoteDestinationProfile(candidate: Candidate): void {
  checkLines(candidate);
}

export function checkLine(candidate: Candidate): void {
  // Digits, + and the pattern characters a directory number may hold.
  if (!/^[0-9*#+\\X[\]\-^!?.]+$/.test(String(candidate.fields.pattern))) {
    throw faults.invalid(`The directory number ${String(candidate.fields.pattern)} contains characters not allowed in a directory number`);
  }
}

export function checkCss(candidate: Candidate, view: ClusterView): void {
  const usage = candidate.fields.partitionUsage ?? "General";
  const indexes = new Set<string>();
  const partitions = new Set<string>();
  for (const member of listOf(candidate.fields.members)) {
    const partition = fkOf(member.routePartitionName);
    if (!partition) continue;
    if (partitions.has(partition.uuid)) throw faults.invalid(`Route partition ${partition.name} is in the calling search space more than once`);
    if (indexes.has(String(member.index))) throw faults.invalid(`Two members of the calling search space have index ${String(member.index)}`);
    partitions.add(partition.uuid);
    indexes.add(String(member.index));
    const partitionUsage = view.byUuid(partition.uuid)?.object.fields.partitionUsage ?? "General";
    if (partitionUsage !== usage) throw faults.invalid("Members of a calling search space must be of the same partition type");
  }
}

export function checkRoutePattern(candidate: Candidate): void {
  const destination = candidate.fields.destination as AxlRecord | null | undefined;
  const gateway = fkOf(destination?.gatewayName);
  const routeList = fkOf(destination?.routeListName);
  if ((gateway === null) === (routeList === null)) {
    throw faults.invalid("A route pattern needs a destination: exactly one of destination/gatewayName and destination/routeListName");
  }
}

/**
 * The end user attributes an LDAP sync writes (Cisco's directory guide lists what is
 * synchronized; with synchronization on "you cannot modify end user data, except for the fields
 * that are not synchronized from the corporate directory").
 */
const LDAP_SYNCHRONIZED_USER_FIELDS = ["userid", "firstName", "middleName", "lastName", "displayName", "mailid", "department", "manager", "telephoneNumber", "title", "mobileNumber", "homeNumber", "pagerNumber", "directoryUri"] as const;

export function checkUser(candidate: Candidate): void {
  // A user an LDAP sync brought in keeps the directory's values: an update may not change them
  // (the lab's wording and code: Cisco documents the rule for the administration pages only).
  const directory = fkOf(candidate.previous?.fields.ldapDirectoryName);
  if (directory && fkOf(candidate.fields.ldapDirectoryName)) {
    const changed = LDAP_SYNCHRONIZED_USER_FIELDS.filter((field) => JSON.stringify(candidate.fields[field] ?? null) !== JSON.stringify(candidate.previous!.fields[field] ?? null));
    if (changed.length > 0) {
      throw faults.invalid(`End user ${String(candidate.previous!.fields.userid)} is synchronized from LDAP directory ${directory.name}: ${changed.join(", ")} can be changed in the directory only`);
    }
  }
  const groups = new Set<string>();
  for (const group of listOf(candidate.fields.associatedGroups)) {
    const name = fkOf(group.name);
    if (name && groups.has(name.uuid)) throw faults.invalid(`The user is in access control group ${name.name} more than once`);
    if (name) groups.add(name.uuid);
  }
}

export function checkRemoteDestination(candidate: Candidate, view: ClusterView): void {
  const owner = fkOf(candidate.fields.ownerUserId);
  if (!owner) return;
  const user = view.byUuid(owner.uuid)?.object;
  if (!user) return;
  // Reference §2.3: the owner must have enableMobility=true.
  if (!isTrue(user.fields.enableMobility)) throw faults.invalid(`End user ${owner.name} is not enabled for mobility (enableMobility); a remote destination needs it`);
  const limit = Number(user.fields.remoteDestinationLimit ?? "4");
  let owned = 0;
  for (const referrer of view.referrers(owner.uuid).keys()) {
    if (referrer !== candidate.uuid && view.byUuid(referrer)?.kind === "remoteDestination") owned += 1;
  }
  if (owned >= limit) throw faults.invalid(`End user ${owner.name} already has ${owned} remote destinations, the user's remoteDestinationLimit of ${limit}`);
  const profile = fkOf(candidate.fields.remoteDestinationProfileName);
  const profileObject = profile ? view.byUuid(profile.uuid)?.object : undefined;
  if (profile && profileObject) {
    const profileUser = fkOf(profileObject.fields.userId);
    if (profileUser && profileUser.uuid !== owner.uuid) throw faults.invalid(`Remote destination profile ${profile.name} belongs to ${profileUser.name}, not to ${owner.name}`);
    const onProfile = new Set(listOf(profileObject.fields.lines).map((line) => (line.dirn as NumberRefValue | null)?.uuid));
    for (const association of (candidate.fields.lineAssociations as NumberRefValue[] | null | undefined) ?? []) {
      if (!onProfile.has(association.uuid)) throw faults.invalid(`Line ${association.number} is not a line of remote destination profile ${profile.name}`);
    }
  }
}

/** Which product types can offer which UC service type (the admin pages' choices). */
const UC_PRODUCTS: Readonly<Record<string, readonly string[]>> = {
  Voicemail: ["Unity", "Unity Connection"],
  MailStore: ["Exchange"],
  Conferencing: ["MeetingPlace Classic", "MeetingPlace Express", "WebEx (Conferencing)"],
  Directory: ["Directory", "Enhanced Directory"],
  "IM and Presence": ["Unified CM (IM and Presence)", "WebEx (IM and Presence)"],
  CTI: ["CTI"],
  "Video Conference Scheduling Portal": ["Telepresence Management System"],
  "Jabber Client Configuration (jabber-config.xml)": ["Jabber"],
};

export function checkUcService(candidate: Candidate): void {
  const type = String(candidate.fields.serviceType);
  const product = String(candidate.fields.productType);
  const allowed = UC_PRODUCTS[type] ?? [];
  if (!allowed.includes(product)) throw faults.invalid(`Product type ${product} cannot offer UC service type ${type} (allowed: ${allowed.join(", ")})`);
}

/** A service profile's profile names and the UC service type each takes. */
export const SERVICE_PROFILE_TYPES: Readonly<Record<string, string>> = {
  "Voicemail Profile": "Voicemail",
  "MailStore Profile": "MailStore",
  "Conferencing Profile": "Conferencing",
  "Directory Profile": "Directory",
  "IM and Presence Profile": "IM and Presence",
  "CTI Profile": "CTI",
  "Video Conference Scheduling Portal Profile": "Video Conference Scheduling Portal",
};

export function checkServiceProfile(candidate: Candidate, view: ClusterView): void {
  const seen = new Set<string>();
  for (const info of listOf(candidate.fields.serviceProfileInfos)) {
    const profileName = String(info.profileName);
    const type = SERVICE_PROFILE_TYPES[profileName];
    if (!type) throw faults.invalid(`serviceProfileInfo/profileName ${profileName} is not a service profile type (one of ${Object.keys(SERVICE_PROFILE_TYPES).join(", ")})`);
    if (seen.has(profileName)) throw faults.invalid(`The service profile has ${profileName} more than once`);
    seen.add(profileName);
    for (const slot of ["primary", "secondary", "tertiary"]) {
      const service = fkOf(info[slot]);
      const serviceType = service ? view.byUuid(service.uuid)?.object.fields.serviceType : undefined;
      if (service && serviceType !== type) throw faults.invalid(`UC service ${service.name} is a ${String(serviceType)} service and cannot be the ${slot} of ${profileName}`);
    }
  }
}
