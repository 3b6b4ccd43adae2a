// `ucflow export --platform cucm`, the pure part: one customer's part of a Unified CM cluster
// (cucm-snapshot.ts) as a customer definition (sdk/definition/customer-definition.ts) that
// describes what the cluster holds now, so that previewing it against the same cluster adopts
// rather than builds:
//   - the cluster's dial plan: the route list (or gateway) the customer's route patterns use, the
//     outside access code, the extension length, emergency numbers, and route patterns that are
//     not the country's defaults; the device pools' common references as the site defaults;
//   - classes of service: one per line calling search space of the customer's lines, allowing
//     the call classes whose route patterns its partitions hold;
//   - sites: the customer's device pools (with their locations and time zones);
//   - number inventory: ranges covering the extensions the customer's users have, per site;
//   - profiles: each distinct combination of desk phone, Jabber, voicemail, extension mobility,
//     single number reach, IM and Presence, Conference Now, service profile and class of service;
//   - roles: each distinct set of access control groups other than the default one;
//   - filters and flow-through entries that select each user (by userid) into the site and the
//     profile they are in now; users read from the cluster (directory source cucm);
//   - adoption on for the customer and every site.
// What the definition cannot say (an address, a route pattern outside ucflow's call classes) is
// in `notes`, for the user to read.
import { defaultCallClassPatterns, defaultEmergencyNumbers, CUCM_CALL_CLASSES, CUCM_SITE_DEFAULTS, type CucmCallClass } from "../../provider/plan";
import type { CucmProfileServices } from "../../provider/plan/customer-subscribers";
import { compareIds } from "../../provider/plan/identifiers";
import { MAX_IN_VALUES } from "../../provider/plan/filter";
import type { PhoneRecord } from "../../provider/backends/axl/devices";
import type { UserRecord } from "../../provider/backends/axl/users";
import { DEFAULT_SIP_PROFILE, END_USER_GROUP, JABBER_PRODUCT, standardSecurityProfile } from "../../provider/resources/subscriber-set/cucm-objects";
import { DEFAULT_SUBSCRIBER_SET_COUNT } from "../definition/customer-definition";
import { isCustomerName, isCustomerUser, type CucmExportSnapshot } from "./cucm-snapshot";
import type { LeftOutUser } from "./teams-export";

export interface CucmExportOptions {
  /** The customer whose objects carry this code (`Cu1`: `Cu1-DirNum-PT`, `Cu1Si1-DevicePool`). */
  readonly customerCode: string;
  /** @default - the customer code */
  readonly customerName?: string;
  /** The Unity Connection (its name in ucflow:unityConnections) of the voicemail; needed when the customer's lines have voicemail. */
  readonly unityConnection?: string;
  /** @default - from the users' E.164 numbers (+1, +44) */
  readonly countryCallingCode?: string;
  /** ISO country of the sites' addresses. @default - US for +1, GB for +44 */
  readonly country?: string;
}

export type CucmExport =
  | { readonly ok: true; readonly definition: Record<string, unknown>; readonly leftOut: readonly LeftOutUser[]; readonly notes: readonly string[] }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Subscribers a set holds, about, when the export chooses the set count (the default 20 sets hold 10,000). */
const SUBSCRIBERS_PER_SET = 500;
/** Filter rows hold at most this many rows (ModelFilterCriteria). */
const MAX_FILTER_ROWS = 50;
const COUNTRY_OF_CALLING_CODE: Readonly<Record<string, string>> = { "1": "US", "44": "GB" };
/** What the export writes where Unified CM has no value for a required field. */
export const NOT_ON_THE_CLUSTER = "not on the cluster: set it";

const same = (a: string | undefined, b: string | undefined) => (a ?? "").toLowerCase() === (b ?? "").toLowerCase();
const byText = (a: string, b: string) => compareIds(a.toLowerCase(), b.toLowerCase());

/** The most frequent of `values` (ties: the first in text order); undefined for none. */
function mostCommon(values: readonly (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== undefined && v !== "") counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || byText(a[0], b[0]))[0]?.[0];
}

/** `text` as an ObjectName: letters, digits, space . _ - only, at most 49 characters, starting with a letter or digit. */
function objectName(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9 ._-]/g, "-").replace(/^[^A-Za-z0-9]+/, "");
  return (cleaned === "" ? "x" : cleaned).slice(0, 49);
}

/** What one subscriber has now, as a profile would give it (the credential policy is not read). */
interface Services extends Omit<CucmProfileServices, "credentialPolicy"> {
  /** Only when it differs from the site's. */
  readonly classOfService?: string;
}

interface Subscriber {
  readonly userid: string;
  readonly extension: string;
  readonly site: string;
  readonly services: Services;
  /** The access control groups, sorted; undefined when just the default group. */
  readonly groups?: readonly string[];
}

/** The definition of the customer's part of the cluster, or why there is none. */
export function cucmExportDefinition(snapshot: CucmExportSnapshot, options: CucmExportOptions): CucmExport {
  const code = options.customerCode;
  const problems: string[] = [];
  const notes: string[] = [];
  const ours = (name: string | undefined) => isCustomerName(name, code);

  const customerUsers = [...snapshot.users].filter((u) => isCustomerUser(u, code)).sort((a, b) => byText(a.userid, b.userid));
  // ucflow's extensions are digits of one length (the cluster's extensionLength): the most common one.
  const extensionLength = Number(mostCommon(customerUsers.filter((u) => /^\d+$/.test(u.primaryExtension!.pattern)).map((u) => String(u.primaryExtension!.pattern.length))) ?? 0);
  const users = customerUsers.filter((u) => /^\d+$/.test(u.primaryExtension!.pattern) && u.primaryExtension!.pattern.length === extensionLength);
  const otherLines: LeftOutUser[] = customerUsers
    .filter((u) => !users.includes(u))
    .map((u) => ({ user: u.userid, reason: `has line ${u.primaryExtension!.pattern}, which is not a ${extensionLength}-digit extension like the customer's other lines (ucflow gives a customer's lines one extension length on a cluster)` }));
  if (users.length === 0) {
    return { ok: false, problems: [`cluster ${snapshot.cluster} has no end user whose primary extension is in a partition of customer ${code} (a partition named ${code}-...); check the customer code`] };
  }

  // The dial plan: the customer's route patterns.
  const patterns = snapshot.routePatterns.filter((p) => ours(p.routePartitionName));
  const countryCallingCode = options.countryCallingCode ?? countryOf(users);
  if (countryCallingCode === undefined) problems.push(`cannot tell the country calling code of customer ${code}: no user has an E.164 telephone number starting +1 or +44; give it (countryCallingCode)`);
  const gateway = mostCommon(patterns.map((p) => p.destination?.routeListName ?? p.destination?.gatewayName));
  if (gateway === undefined) problems.push(`customer ${code} has no route pattern with a route list or gateway in its partitions on cluster ${snapshot.cluster}, so the export cannot tell where outside calls leave`);
  const dotted = patterns.filter((p) => p.pattern.includes("."));
  const outsideAccessCode = mostCommon(dotted.map((p) => p.pattern.slice(0, p.pattern.indexOf(".")))) ?? "9";
  if (problems.length > 0) return { ok: false, problems };
  const cc = countryCallingCode!;

  const lineOf = new Map(snapshot.lines.map((l) => [`${l.pattern}\u0000${(l.routePartitionName ?? "").toLowerCase()}`, l]));
  const userLine = (u: UserRecord) => lineOf.get(`${u.primaryExtension!.pattern}\u0000${(u.primaryExtension!.routePartitionName ?? "").toLowerCase()}`);

  const defaults = defaultCallClassPatterns(cc);
  const classOfPattern = new Map<string, CucmCallClass>();
  const found: Partial<Record<CucmCallClass, string[]>> = {};
  const emergency: string[] = [];
  for (const p of [...patterns].sort((a, b) => byText(a.pattern, b.pattern))) {
    const digits = p.pattern.includes(".") ? p.pattern.slice(p.pattern.indexOf(".") + 1) : p.pattern;
    if (p.blockEnable) continue;
    if (!p.pattern.includes(".") && /^[0-9]{2,4}$/.test(p.pattern)) {
      emergency.push(p.pattern);
      continue;
    }
    const callClass =
      CUCM_CALL_CLASSES.find((c) => (defaults[c] ?? []).includes(digits)) ??
      CUCM_CALL_CLASSES.find((c) => new RegExp(`\\b${c}\\b`, "i").test(`${p.description ?? ""} ${p.routePartitionName ?? ""}`));
    if (callClass === undefined || !p.pattern.startsWith(`${outsideAccessCode}.`)) {
      notes.push(`route pattern ${p.pattern} in ${p.routePartitionName} (${p.description ?? "no description"}) is not one of ucflow's call classes with access code ${outsideAccessCode}; the definition leaves it out`);
      continue;
    }
    classOfPattern.set(`${p.pattern}\u0000${(p.routePartitionName ?? "").toLowerCase()}`, callClass);
    (found[callClass] ??= []).push(digits);
  }
  const routePatterns: Partial<Record<CucmCallClass, string[]>> = {};
  for (const c of CUCM_CALL_CLASSES) {
    const have = found[c];
    if (have === undefined) continue;
    const standard = defaults[c] ?? [];
    if (have.length !== standard.length || have.some((d) => !standard.includes(d))) routePatterns[c] = have;
  }
  const countryEmergency = defaultEmergencyNumbers(cc) ?? [];
  const emergencyNumbers = [...new Set(emergency)];
  const sameEmergency = emergencyNumbers.length === countryEmergency.length && emergencyNumbers.every((n) => countryEmergency.includes(n));

  // Classes of service: the line calling search spaces, each allowing the call classes its partitions route.
  const cssByName = new Map(snapshot.csses.map((c) => [c.name.toLowerCase(), c]));
  const classOfServiceName = (css: string) => objectName(css.replace(/[-_ ]?css$/i, ""));
  const lineCsses = [...new Set(users.map((u) => userLine(u)?.shareLineAppearanceCssName).filter((c): c is string => c !== undefined && c !== ""))].sort(byText);
  const classesOfService = lineCsses.map((css) => {
    const members = (cssByName.get(css.toLowerCase())?.members ?? []).map((m) => m.toLowerCase());
    const allows = CUCM_CALL_CLASSES.filter((c) => patterns.some((p) => members.includes((p.routePartitionName ?? "").toLowerCase()) && classOfPattern.get(`${p.pattern}\u0000${(p.routePartitionName ?? "").toLowerCase()}`) === c));
    return { name: classOfServiceName(css), countryCallingCode: cc, allows, css };
  });
  for (const u of users) {
    if (!userLine(u)?.shareLineAppearanceCssName) notes.push(`user ${u.userid}'s line ${u.primaryExtension!.pattern} has no calling search space; the site's class of service applies to it`);
  }

  // Sites: the device pools of the users' devices, and the customer's own device pools.
  const phones = snapshot.phones;
  const devicesOf = (u: UserRecord): PhoneRecord[] => {
    const associated = new Set((u.associatedDevices ?? []).map((d) => d.toLowerCase()));
    return phones.filter((p) => same(p.ownerUserName, u.userid) || associated.has(p.name.toLowerCase())).sort((a, b) => byText(a.name, b.name));
  };
  const rdpOf = (u: UserRecord) => snapshot.remoteDestinationProfiles.filter((r) => same(r.userId, u.userid)).sort((a, b) => byText(a.name, b.name))[0];
  const poolOf = (u: UserRecord) => mostCommon([...devicesOf(u).map((p) => p.devicePoolName), rdpOf(u)?.devicePoolName]);
  const pools = [...new Set([...snapshot.devicePools.filter((d) => ours(d.name)).map((d) => d.name), ...users.map(poolOf).filter((p): p is string => p !== undefined)])].sort(byText);
  if (pools.length === 0) return { ok: false, problems: [`customer ${code}'s users have no devices and the cluster has no device pool named ${code}...: there is no site to put them in`] };
  const siteCodes = new Map<string, string>();
  let n = 0;
  for (const pool of pools) {
    const prefix = /^([A-Za-z][A-Za-z0-9]{0,23})[-_ .]/.exec(pool)?.[1];
    let siteCode = prefix !== undefined && ours(pool) && prefix.length > code.length ? prefix : undefined;
    while (siteCode === undefined || [...siteCodes.values()].some((s) => same(s, siteCode))) siteCode = `${code}Si${++n}`;
    siteCodes.set(pool.toLowerCase(), siteCode);
  }
  const devicePoolOf = new Map(snapshot.devicePools.map((d) => [d.name.toLowerCase(), d]));
  const timeZoneOf = new Map(snapshot.dateTimeGroups.map((g) => [g.name.toLowerCase(), g.timeZone]));

  const voicemailProfiles = new Map(snapshot.voiceMailProfiles.map((v) => [v.name.toLowerCase(), v]));
  const hasVoicemail = (u: UserRecord) => {
    const name = userLine(u)?.voiceMailProfileName;
    return name !== undefined && name !== "" && voicemailProfiles.get(name.toLowerCase())?.isDefault !== true && !same(name, "NoVoiceMail");
  };
  const voicemailProfile = mostCommon(users.filter(hasVoicemail).map((u) => userLine(u)!.voiceMailProfileName));
  for (const u of users.filter(hasVoicemail)) {
    if (!same(userLine(u)!.voiceMailProfileName, voicemailProfile)) notes.push(`user ${u.userid}'s line has voicemail profile ${userLine(u)!.voiceMailProfileName}; the cluster's voicemail in the definition is ${voicemailProfile}, which ucflow will put on every line with voicemail`);
  }
  // Lines with voicemail forward internal busy and unanswered calls there too, or not: as most do.
  const internalForwards = users.filter(hasVoicemail).map((u) => userLine(u)!.forwardsInternalToVoicemail !== false);
  const forwardInternalCalls = internalForwards.filter(Boolean).length * 2 >= internalForwards.length;
  const odd = users.filter(hasVoicemail).filter((u) => (userLine(u)!.forwardsInternalToVoicemail !== false) !== forwardInternalCalls);
  if (odd.length > 0) notes.push(`${odd.map((u) => u.userid).join(", ")}: internal calls ${forwardInternalCalls ? "are not" : "are"} forwarded to voicemail on their lines, unlike most; ucflow will make them like the others (voicemail.forwardInternalCalls)`);
  if (voicemailProfile !== undefined && options.unityConnection === undefined) {
    return { ok: false, problems: [`customer ${code}'s lines have voicemail (profile ${voicemailProfile}), so the definition needs the Unity Connection its mailboxes are on: give its name in ucflow:unityConnections (unityConnection)`] };
  }

  // Each subscriber as it is now.
  const subscribers: Subscriber[] = users.map((u) => {
    const devices = devicesOf(u);
    const desk = devices.find((p) => p.product !== JABBER_PRODUCT && (p.class ?? "Phone") === "Phone");
    if (devices.filter((p) => p.product !== JABBER_PRODUCT).length > 1) notes.push(`user ${u.userid} has ${devices.filter((p) => p.product !== JABBER_PRODUCT).length} desk phones; the profile describes ${desk!.name}, the first by name`);
    const pool = poolOf(u) ?? pools[0]!;
    const site = siteCodes.get(pool.toLowerCase())!;
    const css = userLine(u)?.shareLineAppearanceCssName;
    const groups = [...new Set((u.associatedGroups ?? []).map((g) => g.name))].sort(byText);
    // ucflow's extension mobility is a login on the subscriber's desk phone: without one a profile cannot ask for it.
    const mobility = (u.phoneProfiles ?? []).length > 0 || (u.defaultProfile ?? "") !== "";
    if (mobility && desk === undefined) {
      notes.push(`user ${u.userid} has extension mobility profiles (${(u.phoneProfiles ?? [u.defaultProfile]).join(", ")}) but no desk phone; ucflow's extension mobility needs a desk phone in the profile, so the export leaves it out and ucflow will not manage those profiles`);
    }
    const services: Services = {
      ...(desk ? { phone: phoneTemplate(desk) } : {}),
      jabber: devices.some((p) => p.product === JABBER_PRODUCT),
      voicemail: hasVoicemail(u),
      extensionMobility: mobility && desk !== undefined,
      singleNumberReach: rdpOf(u) !== undefined,
      imAndPresence: u.imAndPresenceEnable === true,
      conferencing: u.enableUserToHostConferenceNow === true,
      ...(u.serviceProfile ? { serviceProfile: u.serviceProfile } : {}),
      ...(css ? { classOfService: classOfServiceName(css) } : {}),
    };
    return { userid: u.userid, extension: u.primaryExtension!.pattern, site, services, ...(groups.length === 1 && groups[0] === END_USER_GROUP ? {} : { groups }) };
  });

  // A site's class of service: its subscribers' most common; a profile names another only when it differs.
  const siteClass = new Map(pools.map((pool) => {
    const site = siteCodes.get(pool.toLowerCase())!;
    return [site, mostCommon(subscribers.filter((s) => s.site === site).map((s) => s.services.classOfService)) ?? classesOfService[0]?.name] as const;
  }));
  const placed = subscribers.map((s) => {
    const { classOfService, ...rest } = s.services;
    const services: Services = classOfService === undefined || classOfService === siteClass.get(s.site) ? rest : { ...rest, classOfService };
    return { ...s, services };
  });

  // Profiles: one per distinct combination, named for what it gives.
  const profileKey = (s: Services) => JSON.stringify([s.phone ?? null, s.jabber, s.voicemail, s.extensionMobility, s.singleNumberReach, s.imAndPresence, s.conferencing, s.serviceProfile ?? null, s.classOfService ?? null]);
  const combos = [...new Map(placed.map((s) => [profileKey(s.services), s.services])).entries()].sort((a, b) => byText(profileLabel(a[1]), profileLabel(b[1])) || byText(a[0], b[0]));
  const profileOf = new Map<string, string>();
  const profiles = combos.map(([key, s]) => {
    let name = profileLabel(s);
    for (let i = 2; [...profileOf.values()].some((p) => same(p, name)); i++) name = `${profileLabel(s).slice(0, 45)}-${i}`;
    profileOf.set(key, name);
    return {
      name,
      ...(s.jabber ? { jabber: true } : {}),
      ...(s.voicemail ? { voicemail: true } : {}),
      ...(s.extensionMobility ? { extensionMobility: true } : {}),
      ...(s.singleNumberReach ? { singleNumberReach: true } : {}),
      ...(s.imAndPresence ? { imAndPresence: true } : {}),
      ...(s.conferencing ? { conferencing: true } : {}),
      ...(s.classOfService ? { classOfService: s.classOfService } : {}),
      quickAddGroup: { name: name.toLowerCase(), ...(s.phone ? { phone: s.phone } : {}), ...(s.serviceProfile ? { serviceProfile: s.serviceProfile } : {}) },
    };
  });

  // Roles: each distinct set of access control groups but the default one.
  const groupSets = [...new Set(placed.filter((s) => s.groups !== undefined).map((s) => JSON.stringify(s.groups)))].sort(byText);
  const roleOf = new Map(groupSets.map((set, i) => [set, `${code}-Role${i + 1}`]));
  const roles = groupSets.map((set) => ({ name: roleOf.get(set)!, cucm: { accessControlGroups: JSON.parse(set) as string[] } }));

  // Entries: users by userid into their site, profile and role, at most what one filter holds each.
  const groupsOfEntry = new Map<string, { site: string; profile: string; role?: string; userids: string[] }>();
  for (const s of placed) {
    const profile = profileOf.get(profileKey(s.services))!;
    const role = s.groups === undefined ? undefined : roleOf.get(JSON.stringify(s.groups));
    const key = JSON.stringify([s.site, profile, role ?? null]);
    const entry = groupsOfEntry.get(key) ?? { site: s.site, profile, ...(role ? { role } : {}), userids: [] };
    entry.userids.push(s.userid);
    groupsOfEntry.set(key, entry);
  }
  const filters: { name: string; rows: Record<string, unknown>[] }[] = [];
  const entries: Record<string, unknown>[] = [];
  for (const entry of [...groupsOfEntry.values()].sort((a, b) => byText(a.site, b.site) || byText(a.profile, b.profile) || byText(a.role ?? "", b.role ?? ""))) {
    const perFilter = MAX_IN_VALUES * MAX_FILTER_ROWS;
    for (let start = 0, part = 1; start < entry.userids.length; start += perFilter, part++) {
      const userids = entry.userids.slice(start, start + perFilter);
      const base = objectName(`${entry.site}-${entry.profile}${entry.role ? `-${entry.role}` : ""}`).slice(0, 44);
      const name = entry.userids.length > perFilter ? `${base}-${part}` : base;
      const rows: Record<string, unknown>[] = [];
      for (let i = 0; i < userids.length; i += MAX_IN_VALUES) rows.push({ attribute: "userId", condition: "in", value: userids.slice(i, i + MAX_IN_VALUES) });
      filters.push({ name, rows: rows.map((r, i) => (i < rows.length - 1 ? { ...r, join: "or" } : r)) });
      entries.push({ name, filter: name, site: entry.site, profile: entry.profile, ...(entry.role ? { role: entry.role } : {}) });
    }
  }

  // Number inventory: per site, ranges over its subscribers' extensions, split where another site's come between.
  const ranges: { start: string; end: string; site: string }[] = [];
  const numbered = [...placed].sort((a, b) => Number(a.extension) - Number(b.extension) || byText(a.extension, b.extension));
  for (const s of numbered) {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last.site === s.site && last.end.length === s.extension.length && /^\d+$/.test(s.extension)) last.end = s.extension;
    else ranges.push({ start: s.extension, end: s.extension, site: s.site });
  }

  // The device pools' common references are the cluster's site defaults (one set per cluster).
  const poolRecords = pools.map((p) => devicePoolOf.get(p.toLowerCase())).filter((d) => d !== undefined);
  const siteDefaults: Record<string, string> = {};
  for (const [key, field] of [["callManagerGroup", "callManagerGroupName"], ["dateTimeGroup", "dateTimeSettingName"], ["region", "regionName"], ["srst", "srstName"]] as const) {
    const values = [...new Set(poolRecords.map((d) => d[field]).filter((v): v is string => v !== undefined && v !== ""))];
    const value = mostCommon(poolRecords.map((d) => d[field]));
    if (values.length > 1) notes.push(`the customer's device pools refer to ${values.length} different ${key} values (${values.join(", ")}); the cluster's defaults.${key} is ${value}, which every site's device pool will get`);
    if (value !== undefined && !same(value, CUCM_SITE_DEFAULTS[key])) siteDefaults[key] = value;
  }

  const country = options.country ?? COUNTRY_OF_CALLING_CODE[cc];
  if (country === undefined) return { ok: false, problems: [`cannot tell the country of customer ${code}'s sites from country calling code ${cc}; give it (country)`] };
  // The estate keeps its own names: the line partition, and per site its device pool, location and calling search spaces.
  const linePartition = mostCommon(users.map((u) => u.primaryExtension!.routePartitionName))!;
  for (const u of users) {
    if (!same(u.primaryExtension!.routePartitionName, linePartition)) notes.push(`user ${u.userid}'s line ${u.primaryExtension!.pattern} is in partition ${u.primaryExtension!.routePartitionName}; ucflow keeps every line of the customer in ${linePartition}`);
  }
  const lineCss = Object.fromEntries(classesOfService.map((c) => [c.name, c.css]));
  const sites = pools.map((pool) => {
    const site = siteCodes.get(pool.toLowerCase())!;
    const record = devicePoolOf.get(pool.toLowerCase());
    const sitePhones = phones.filter((p) => same(p.devicePoolName, pool) && placed.some((s) => s.site === site && (same(p.ownerUserName, s.userid))));
    const deviceCss = mostCommon(sitePhones.map((p) => p.callingSearchSpaceName)) ?? mostCommon(phones.filter((p) => same(p.devicePoolName, pool)).map((p) => p.callingSearchSpaceName));
    const location = record?.locationName;
    const existing = deviceCss !== undefined && location !== undefined && location !== "" ? { devicePool: pool, location, deviceCss, lineCss } : undefined;
    if (existing === undefined) notes.push(`site ${site} (device pool ${pool}) has ${location ? "no phone with a calling search space" : "no location"}, so the export cannot name its objects to adopt (cucm.existing); ucflow will make its own`);
    const timeZone = record?.dateTimeSettingName ? timeZoneOf.get(record.dateTimeSettingName.toLowerCase()) : undefined;
    const city = cityOf(timeZone);
    notes.push(`site ${site} (device pool ${pool}): Unified CM has no address; the export wrote "${NOT_ON_THE_CLUSTER}" in its street${city ? "" : " and city"} (ucflow uses a Unified CM site's address only for {{site.*}} macros)`);
    return {
      code: site,
      name: city ?? site,
      cucm: { cluster: snapshot.cluster, ...(siteClass.get(site) ? { classOfService: siteClass.get(site) } : {}), ...(existing ? { existing } : {}) },
      address: { street: NOT_ON_THE_CLUSTER, city: city ?? NOT_ON_THE_CLUSTER, postalCode: "", country },
      ...(timeZone && timeZone !== "Etc/GMT" ? { timeZone } : {}),
      adoption: { existing: "adopt" },
    };
  });
  for (const pool of pools) if (!placed.some((s) => s.site === siteCodes.get(pool.toLowerCase()))) notes.push(`site ${siteCodes.get(pool.toLowerCase())} (device pool ${pool}) has no subscribers now`);
  // A subscriber has a line: an end user without one is no one's subscriber yet (another customer's users are not listed).
  const leftOut = [
    ...otherLines,
    ...[...snapshot.usersWithoutExtension].sort(byText).map((user) => ({ user, reason: "has no primary extension, so no line to manage as a subscriber (and may not be this customer's)" })),
  ];

  const definition: Record<string, unknown> = {
    customer: { code, name: options.customerName ?? code, adoption: { existing: "adopt" } },
    directory: { source: "cucm" },
    // Fixed for the life of the stack: about 500 subscribers a set, as the default 20 sets hold 10,000.
    subscriberSets: { count: Math.min(DEFAULT_SUBSCRIBER_SET_COUNT, Math.max(1, Math.ceil(placed.length / SUBSCRIBERS_PER_SET))) },
    clusters: [
      {
        name: snapshot.cluster,
        dialPlan: {
          extensionLength,
          countryCallingCode: cc,
          outsideAccessCode,
          gateway: gateway!,
          ...(sameEmergency || emergencyNumbers.length === 0 ? {} : { emergencyNumbers }),
          ...(Object.keys(routePatterns).length > 0 ? { routePatterns } : {}),
        },
        ...(voicemailProfile !== undefined ? { voicemail: { profile: voicemailProfile, unityConnection: options.unityConnection!, ...(forwardInternalCalls ? {} : { forwardInternalCalls: false }) } } : {}),
        ...(Object.keys(siteDefaults).length > 0 ? { defaults: siteDefaults } : {}),
        existingDialPlan: { linePartition },
      },
    ],
    classesOfService: classesOfService.map(({ css: _css, ...cos }) => cos),
    sites,
    numberInventory: { ranges },
    ...(roles.length > 0 ? { roles } : {}),
    profiles,
    filters,
    flowThrough: { entries },
  };
  return { ok: true, definition, leftOut, notes };
}

/** The desk phone's template: what differs from the product's standard profiles only. */
function phoneTemplate(phone: PhoneRecord): NonNullable<Services["phone"]> {
  const protocol = phone.protocol === "SCCP" ? "SCCP" : "SIP";
  const product = phone.product ?? "";
  return {
    product,
    protocol,
    buttonTemplate: phone.phoneTemplateName ?? `Standard ${product.replace(/^Cisco /, "")} ${protocol}`,
    ...(phone.securityProfileName && !same(phone.securityProfileName, standardSecurityProfile(product, protocol)) ? { securityProfile: phone.securityProfileName } : {}),
    ...(protocol === "SIP" && phone.sipProfileName && !same(phone.sipProfileName, DEFAULT_SIP_PROFILE) ? { sipProfile: phone.sipProfileName } : {}),
  };
}

/** A profile's name: the desk phone's model, then the services ("8865-Jabber-VM-IMP"; "Line" for a line alone). */
function profileLabel(s: Services): string {
  const parts = [
    ...(s.phone ? [s.phone.product.replace(/^Cisco /, "")] : []),
    ...(s.jabber ? ["Jabber"] : []),
    ...(s.extensionMobility ? ["EM"] : []),
    ...(s.singleNumberReach ? ["SNR"] : []),
    ...(s.voicemail ? ["VM"] : []),
    ...(s.imAndPresence ? ["IMP"] : []),
    ...(s.conferencing ? ["Conf"] : []),
    ...(s.classOfService ? [s.classOfService] : []),
  ];
  return objectName(parts.length === 0 ? "Line" : parts.join("-"));
}

/** The country calling code of most users' E.164 telephone numbers, among those ucflow has dial plans for. */
function countryOf(users: readonly UserRecord[]): string | undefined {
  return mostCommon(users.map((u) => /^\+(1|44)/.exec(u.telephoneNumber ?? "")?.[1]));
}

/** The city of an IANA time zone such as America/Chicago ("Chicago"); undefined for Etc/... zones. */
function cityOf(timeZone: string | undefined): string | undefined {
  if (timeZone === undefined || !timeZone.includes("/") || timeZone.startsWith("Etc/")) return undefined;
  return timeZone.slice(timeZone.lastIndexOf("/") + 1).replace(/_/g, " ");
}
