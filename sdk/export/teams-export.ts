// `ucflow export --platform teams`, the pure part: a Microsoft 365 tenant as read (users with
// their licences, Enterprise Voice, numbers and direct policy grants; the acquired numbers; the
// tenant dial plans; the emergency locations) to a customer definition that selects every user
// into the services they hold now, so its first preview plans no new user, licence or number.
// Every decision is here, over plain data; sdk/export/teams-tenant.ts reads the tenant.
//
// What becomes what (docs/export.md says the same for users):
// - sites: one per emergency location (a Teams site is an emergency location; a city without one
//   has no address to give a site). A user is at the site of their number's location, else of
//   the location in their city.
// - subscribers: licensed users at a site. Users left out are listed with the reason (no licence,
//   no site, a usage location other than the site's, Enterprise Voice without a number, a SKU
//   the tenant does not list), and stay as they are: no entry selects them.
// - profiles: the distinct combinations of licences (with disabled plans), Enterprise Voice,
//   number type and direct policy grants.
// - dial plans: every `Tag:` tenant dial plan, rules as they are. A site's dialPlan is the one
//   all its subscribers hold; otherwise the dial plan stays a grant of the profiles.
// - classes of service: a voice routing policy `Tag:N` made the way ucflow's class of service
//   makes one (usages and voice routes `N-<class>`, a calling policy `Tag:N`) becomes class of
//   service N, when building it again from the exported inputs writes nothing. Other policies
//   (made by hand, with their own usages) stay as they are: profiles grant them by name.
// - number inventory: runs of consecutive acquired numbers, each scoped to the site its users
//   (or its numbers' city) are at, else customer-wide.
// - flow-through: entries that the planner itself confirms select exactly the right users (by
//   site city, then also by department), and a pin for every subscriber no entry can express.
import { planFlowThrough, type DirectoryUser, type FilterCriteria, type FlowThroughEntry } from "../../provider/plan";
import { POLICY_TYPES } from "../../provider/resources/subscriber-profile/types";
import { addressFromLocation } from "../../provider/resources/site/address";
import { descriptionOwner, unmarkedDescription } from "../../provider/backends/teams/ownership";
import type { EmergencyLocation, TenantDialPlan } from "../../provider/backends/teams/types";
import { classObjectName, classOfServiceChanges, classOfServiceFromPlatform, classOfServiceObjects, foreignObjects, validateClassOfService, withAdoptedDescriptions, type ClassOfServicePlatform } from "../../provider/resources/class-of-service/provider";
import { CALL_CLASSES } from "../../provider/resources/class-of-service/number-patterns";
import type { ClassOfServiceInputs } from "../../provider/resources/class-of-service/types";

// ---------------------------------------------------------------------------------------------
// the tenant as read

export interface TeamsExportUser {
  /** The Entra object id. */
  readonly id: string;
  /** userPrincipalName, city, department, usageLocation, ... as Graph returns them. */
  readonly attributes: DirectoryUser["attributes"];
  readonly licenses: readonly { readonly skuId: string; readonly disabledPlans: readonly string[] }[];
  readonly enterpriseVoice: boolean;
  /** Direct policy grants by policy type, bare names (`US-National`, not `Tag:US-National`). */
  readonly policies: Readonly<Record<string, string>>;
}

export interface TeamsExportNumber {
  readonly telephoneNumber: string;
  readonly numberType?: string;
  /** The user (or other target) it is assigned to. */
  readonly assignmentTargetId?: string | null;
  readonly locationId?: string | null;
  readonly city?: string | null;
}

export interface TeamsExportSku {
  readonly skuId: string;
  readonly skuPartNumber: string;
  readonly servicePlans: readonly { readonly servicePlanId: string; readonly servicePlanName: string }[];
}

export interface TeamsExportSnapshot {
  readonly tenant: { readonly id: string; readonly displayName: string };
  readonly users: readonly TeamsExportUser[];
  readonly skus: readonly TeamsExportSku[];
  /** Every telephone number acquired in the tenant, assigned or not. */
  readonly numbers: readonly TeamsExportNumber[];
  readonly dialPlans: readonly TenantDialPlan[];
  readonly emergencyLocations: readonly EmergencyLocation[];
  /**
   * What the tenant holds under the names of each voice routing policy `Tag:N` whose usages are
   * all named `N-<call class>` (readClassOfServicePlatform): the candidates for classes of service.
   * @default none
   */
  readonly classOfServiceCandidates?: readonly { readonly name: string; readonly platform: ClassOfServicePlatform }[];
}

export interface TeamsExportOptions {
  /** The customer code (`Cu1`): it prefixes site codes and the names ucflow creates. */
  readonly customerCode: string;
  /** The customer's name. @default - the tenant's display name */
  readonly customerName?: string;
}

/** A user the definition does not select, and why. */
export interface LeftOutUser {
  readonly user: string;
  readonly reason: string;
}

export interface TeamsExport {
  /** The customer definition (sdk/definition/customer-definition.ts), as plain data for YAML. */
  readonly definition: ExportedDefinition;
  /** Users no entry or pin selects, by user principal name, with the reason. */
  readonly leftOut: readonly LeftOutUser[];
  /** What else a reviewer should know (objects not exported and why). */
  readonly notes: readonly string[];
}

// The definition's parts as this file builds them (the codec checks the whole at the verb).
type Rows = { attribute: string; condition: "equals"; value: string; join?: "and" }[];
interface ExportedSite {
  code: string;
  name: string;
  address: { street: string; city: string; state?: string; postalCode: string; country: string };
  dialPlan?: string;
  adoption: { existing: "adopt" };
}
interface ExportedProfile {
  name: string;
  enterpriseVoice: boolean;
  numberType: NumberType;
  quickAddGroup: { name: string; licenses: { sku: string; disabledPlans?: string[] }[]; policies?: Record<string, string> };
}
export interface ExportedDefinition {
  customer: { code: string; name: string; tenantId: string; adoption: { existing: "adopt" } };
  dialPlans?: { name: string; scope: "customer" | "site"; site?: string; description?: string; normalizationRules: { name: string; pattern: string; translation: string; description?: string; isInternalExtension?: boolean }[] }[];
  classesOfService?: Omit<ClassOfServiceInputs, "customer" | "adoption">[];
  sites: ExportedSite[];
  numberInventory: { ranges: { start: string; end: string; site?: string }[] };
  profiles: ExportedProfile[];
  filters: { name: string; rows: Rows }[];
  flowThrough: { entries: { name: string; filter: string; site: string; profile: string }[]; pins?: { user: string; site: string; profile: string }[] };
}

type NumberType = "directRouting" | "callingPlan" | "operatorConnect" | "none";

// ---------------------------------------------------------------------------------------------
// the mapping

/** The customer definition that holds `snapshot` as it is; see the file's head for what becomes what. */
export function teamsExportDefinition(snapshot: TeamsExportSnapshot, options: TeamsExportOptions): TeamsExport {
  const code = options.customerCode;
  const notes: string[] = [];
  const sites = sitesOf(snapshot.emergencyLocations, code);
  const numbersOf = numbersByUser(snapshot.numbers);
  const skus = new Map(snapshot.skus.map((s) => [s.skuId.toLowerCase(), s]));

  // Each user: a subscriber (site and services) or left out with the reason.
  const leftOut: LeftOutUser[] = [];
  const subscribers: Subscriber[] = [];
  for (const user of [...snapshot.users].sort((a, b) => compareText(a.id, b.id))) {
    const placed = subscriberOf(user, numbersOf.get(user.id.toLowerCase()), sites, skus);
    if (typeof placed === "string") leftOut.push({ user: upnOf(user), reason: placed });
    else subscribers.push(placed);
  }

  // A site's dial plan is the one all its subscribers hold; otherwise it stays a profile grant.
  for (const site of sites) {
    const at = subscribers.filter((s) => s.site === site.site.code);
    const held = new Set(at.map((s) => s.policies.TenantDialPlan ?? ""));
    const only = [...held][0];
    if (at.length > 0 && held.size === 1 && only !== "" && snapshot.dialPlans.some((d) => sameText(d.Identity, `Tag:${only}`))) {
      site.site.dialPlan = only;
      for (const s of at) delete s.policies.TenantDialPlan;
    }
  }

  const profiles = profilesOf(subscribers);
  const dialPlans = dialPlansOf(snapshot.dialPlans, sites.map((s) => s.site));
  const ranges = rangesOf(snapshot.numbers, subscribers, sites);
  if (ranges.length > 500) notes.push(`the tenant's numbers make ${ranges.length} ranges, more than the 500 a number inventory holds; merge ranges by hand`);
  const flowThrough = flowThroughOf(snapshot.users, profiles, sites.map((s) => s.site), code);
  const classes = classesOfServiceOf(snapshot.classOfServiceCandidates ?? [], code);
  const others = [...new Set(profiles.flatMap((p) => (p.profile.quickAddGroup.policies?.OnlineVoiceRoutingPolicy ? [p.profile.quickAddGroup.policies.OnlineVoiceRoutingPolicy] : [])))]
    .filter((name) => !classes.some((c) => sameText(c.name, name)))
    .sort(compareText);
  if (others.length > 0) {
    notes.push(
      `voice routing polic${others.length === 1 ? "y" : "ies"} ${others.join(", ")}: not made the way ucflow's class of service makes one (usages and voice routes <name>-<class>), so not a class of service; profiles grant ${others.length === 1 ? "it" : "them"} by name, as ${others.length === 1 ? "it is" : "they are"}`,
    );
  }

  const definition: ExportedDefinition = {
    customer: { code, name: options.customerName ?? (snapshot.tenant.displayName.trim() || code), tenantId: snapshot.tenant.id, adoption: { existing: "adopt" } },
    ...(dialPlans.length > 0 ? { dialPlans } : {}),
    ...(classes.length > 0 ? { classesOfService: classes } : {}),
    sites: sites.map((s) => s.site),
    numberInventory: { ranges },
    profiles: profiles.map((p) => p.profile),
    filters: flowThrough.filters,
    flowThrough: { entries: flowThrough.entries, ...(flowThrough.pins.length > 0 ? { pins: flowThrough.pins } : {}) },
  };
  return { definition, leftOut, notes };
}

// ---------------------------------------------------------------------------------------------
// sites

interface SiteOfLocation {
  readonly site: ExportedSite;
  readonly locationId: string;
  /** The location carries ucflow's mark for the customer and a site. */
  readonly owned: boolean;
}

/**
 * One site per emergency location, ordered by city, then description, then id. A location ucflow
 * made for this customer (`[ucflow:Cu1/Cu1Si2]`) keeps its site code; the others are numbered
 * `<code>Si<n>` after the highest code in use.
 */
function sitesOf(locations: readonly EmergencyLocation[], code: string): SiteOfLocation[] {
  const sorted = [...locations].sort((a, b) => compareText(text(a.City), text(b.City)) || compareText(text(a.Description), text(b.Description)) || compareText(a.LocationId, b.LocationId));
  const used = new Set<string>();
  const owned = new Map<string, string>();
  for (const location of sorted) {
    const owner = descriptionOwner(location.Description);
    if (owner?.site !== undefined && sameText(owner.customer, code) && !used.has(owner.site.toLowerCase())) {
      owned.set(location.LocationId, owner.site);
      used.add(owner.site.toLowerCase());
    }
  }
  let next = 1;
  return sorted.map((location) => {
    let siteCode = owned.get(location.LocationId);
    if (siteCode === undefined) {
      while (used.has(`${code}Si${next}`.toLowerCase())) next += 1;
      siteCode = `${code}Si${next}`;
      used.add(siteCode.toLowerCase());
    }
    // A ucflow-made Description is `<code> <name> [mark]`: the name is what follows the code.
    const described = unmarkedDescription(location.Description).trim();
    const name = (described.startsWith(`${siteCode} `) ? described.slice(siteCode.length + 1).trim() : described) || text(location.City) || siteCode;
    const address = addressFromLocation(location, { street: "", city: "", postalCode: "", country: location.CountryOrRegion } as never, { customer: code, code: siteCode, name } as never);
    return {
      locationId: location.LocationId,
      owned: owned.has(location.LocationId),
      site: {
        code: siteCode,
        name,
        address: { street: address.street, city: address.city, ...(address.state ? { state: address.state } : {}), postalCode: address.postalCode, country: address.country },
        adoption: { existing: "adopt" },
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// subscribers

interface Subscriber {
  readonly userId: string;
  readonly site: string;
  readonly licenses: { sku: string; disabledPlans: string[] }[];
  readonly enterpriseVoice: boolean;
  readonly numberType: NumberType;
  /** Policy grants the profile gives (TenantDialPlan is taken out when the site gives it). */
  readonly policies: Record<string, string>;
  readonly numbers: readonly TeamsExportNumber[];
}

/** The user as a subscriber, or why they are left out. */
function subscriberOf(user: TeamsExportUser, numbers: readonly TeamsExportNumber[] | undefined, sites: readonly SiteOfLocation[], skus: ReadonlyMap<string, TeamsExportSku>): Subscriber | string {
  if (user.licenses.length === 0) return "holds no licence (a Teams subscriber needs one)";
  const licenses: Subscriber["licenses"] = [];
  for (const license of user.licenses) {
    const sku = skus.get(license.skuId.toLowerCase());
    if (sku === undefined) return `holds licence ${license.skuId}, which the tenant's subscribed SKUs do not list`;
    const disabled = license.disabledPlans.map((id) => sku.servicePlans.find((p) => sameText(p.servicePlanId, id))?.servicePlanName ?? id);
    licenses.push({ sku: sku.skuPartNumber, disabledPlans: [...disabled].sort(compareText) });
  }
  licenses.sort((a, b) => compareText(a.sku, b.sku));
  const held = [...(numbers ?? [])].sort((a, b) => compareText(a.telephoneNumber, b.telephoneNumber));
  const number = held[0];
  const byLocation = number?.locationId ? sites.find((s) => sameText(s.locationId, number.locationId as string)) : undefined;
  const city = text(user.attributes.city);
  // Of several locations in the city, the one ucflow made for the customer first (where ucflow placed its users), then in site order.
  const inCity = sites.filter((s) => city !== "" && sameText(s.site.address.city, city));
  const site = byLocation ?? inCity.find((s) => s.owned) ?? inCity[0];
  if (site === undefined) return city === "" ? "has no city and no number at an emergency location, so no site" : `is in ${city}, where the tenant has no emergency location (a site needs one)`;
  const usageLocation = text(user.attributes.usageLocation);
  if (!sameText(usageLocation, site.site.address.country)) {
    return `has usage location ${usageLocation || "(none)"}, but site ${site.site.code} (${site.site.name}) gives ${site.site.address.country}`;
  }
  const numberType = number === undefined ? "none" : numberTypeOf(number.numberType);
  if (numberType === undefined) return `holds ${number!.telephoneNumber}, a number of type ${number!.numberType ?? "(unknown)"} that a profile cannot give`;
  if (user.enterpriseVoice && numberType === "none") return "has Enterprise Voice but no number; a profile with Enterprise Voice gives a number";
  const policies: Record<string, string> = {};
  for (const type of POLICY_TYPES) if (user.policies[type]) policies[type] = user.policies[type] as string;
  return { userId: user.id, site: site.site.code, licenses, enterpriseVoice: user.enterpriseVoice, numberType, policies, numbers: held };
}

function numberTypeOf(type: string | undefined): NumberType | undefined {
  return type === "directRouting" || type === "callingPlan" || type === "operatorConnect" ? type : undefined;
}

function numbersByUser(numbers: readonly TeamsExportNumber[]): Map<string, TeamsExportNumber[]> {
  const byUser = new Map<string, TeamsExportNumber[]>();
  for (const n of numbers) {
    if (!n.assignmentTargetId) continue;
    const key = n.assignmentTargetId.toLowerCase();
    byUser.set(key, [...(byUser.get(key) ?? []), n]);
  }
  return byUser;
}

// ---------------------------------------------------------------------------------------------
// profiles

interface ProfileOfSubscribers {
  readonly profile: ExportedProfile;
  readonly key: string;
  readonly members: readonly Subscriber[];
}

function serviceKey(s: Subscriber): string {
  return JSON.stringify([s.licenses, s.enterpriseVoice, s.numberType, Object.entries(s.policies).sort(([a], [b]) => compareText(a, b))]);
}

/**
 * One profile per distinct combination, the most common first. Named for what it gives: the
 * SKUs, "voice" with Enterprise Voice, then its policies while names collide, then a number.
 */
function profilesOf(subscribers: readonly Subscriber[]): ProfileOfSubscribers[] {
  const groups = new Map<string, Subscriber[]>();
  for (const s of subscribers) groups.set(serviceKey(s), [...(groups.get(serviceKey(s)) ?? []), s]);
  const ordered = [...groups].sort(([ka, a], [kb, b]) => b.length - a.length || compareText(ka, kb));
  const base = (s: Subscriber) => [...s.licenses.map((l) => l.sku + (l.disabledPlans.length > 0 ? ` no ${l.disabledPlans.join(" ")}` : "")), ...(s.enterpriseVoice ? ["voice"] : [])].join(" ");
  const detailed = (s: Subscriber) => [base(s), ...new Set(Object.values(s.policies))].join(" ");
  const counts = (names: string[]) => names.reduce((m, n) => m.set(n.toLowerCase(), (m.get(n.toLowerCase()) ?? 0) + 1), new Map<string, number>());
  const bases = ordered.map(([, members]) => base(members[0]!));
  const baseCounts = counts(bases);
  const names = ordered.map(([, members], i) => objectName(baseCounts.get(bases[i]!.toLowerCase())! > 1 ? detailed(members[0]!) : bases[i]!));
  const taken = new Set<string>();
  return ordered.map(([key, members], i) => {
    let name = names[i]!;
    for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = objectName(`${names[i]!.slice(0, 44)} ${n}`);
    taken.add(name.toLowerCase());
    const first = members[0]!;
    return {
      key,
      members,
      profile: {
        name,
        enterpriseVoice: first.enterpriseVoice,
        numberType: first.numberType,
        quickAddGroup: {
          name,
          licenses: first.licenses.map((l) => ({ sku: l.sku, ...(l.disabledPlans.length > 0 ? { disabledPlans: [...l.disabledPlans] } : {}) })),
          ...(Object.keys(first.policies).length > 0 ? { policies: { ...first.policies } } : {}),
        },
      },
    };
  });
}

/** Text made a valid object name: letters, digits, space, ".", "_", "-", at most 49, starting with a letter or digit. */
function objectName(raw: string): string {
  const cleaned = raw.replace(/[^A-Za-z0-9 ._-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "").slice(0, 49).trim();
  return cleaned === "" ? "profile" : cleaned;
}

// ---------------------------------------------------------------------------------------------
// dial plans

function dialPlansOf(plans: readonly TenantDialPlan[], sites: readonly ExportedSite[]): NonNullable<ExportedDefinition["dialPlans"]> {
  return plans
    .filter((p) => /^tag:/i.test(p.Identity))
    .map((p) => ({ plan: p, name: p.Identity.slice(4) }))
    .sort((a, b) => compareText(a.name, b.name))
    .map(({ plan, name }) => {
      // A site dial plan is one site's; one that several sites give is a customer dial plan they share.
      const given = sites.filter((s) => s.dialPlan !== undefined && sameText(s.dialPlan, name));
      const site = given.length === 1 ? given[0] : undefined;
      const description = unmarkedDescription(plan.Description).trim();
      return {
        name,
        scope: site ? ("site" as const) : ("customer" as const),
        ...(site ? { site: site.code } : {}),
        ...(description ? { description } : {}),
        // Teams applies rules by Priority; ucflow writes them in list order.
        normalizationRules: [...plan.NormalizationRules].sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0)).map((r, i) => ({
          name: r.Name ?? `${name}-${i + 1}`,
          pattern: r.Pattern,
          translation: r.Translation ?? "",
          ...(r.Description ? { description: r.Description } : {}),
          ...(r.IsInternalExtension !== undefined ? { isInternalExtension: r.IsInternalExtension } : {}),
        })),
      };
    });
}

// ---------------------------------------------------------------------------------------------
// classes of service

/**
 * Each candidate whose objects a class of service would build again without a write: its call
 * classes from the policy's usages, its SBCs from the routes, the country calling code that
 * explains the most route patterns (the rest become numberPatterns), the calling policy's
 * settings that are off. Checked with the provider's own decisions: the objects the inputs make, with the
 * Descriptions adoption keeps, differ in nothing from what the tenant holds.
 */
function classesOfServiceOf(candidates: readonly { readonly name: string; readonly platform: ClassOfServicePlatform }[], code: string): NonNullable<ExportedDefinition["classesOfService"]> {
  const found: NonNullable<ExportedDefinition["classesOfService"]> = [];
  for (const { name, platform } of [...candidates].sort((a, b) => compareText(a.name, b.name))) {
    const listed = platform.routingPolicy?.OnlinePstnUsages ?? [];
    const allows = CALL_CLASSES.filter((c) => listed.some((u) => sameText(u, classObjectName(name, c))));
    const routes = allows.map((c) => platform.routes.get(c));
    if (allows.length === 0 || listed.length !== allows.length || routes.some((r) => r === undefined)) continue;
    const pstnGateways = [...(routes[0]!.OnlinePstnGatewayList ?? [])];
    const calling = platform.callingPolicy;
    // Country calling codes are 1 to 3 digits: every prefix of the digits after a "\\+" is a candidate.
    const digits = routes.flatMap((r) => [...(r!.NumberPattern ?? "").matchAll(/\\\+(?:\(\?!)?(\d{1,3})/g)].map((m) => m[1]!));
    const codes = [...new Set(digits.flatMap((d) => [d.slice(0, 1), d.slice(0, 2), d.slice(0, 3)]))];
    const fits = codes.flatMap((countryCallingCode) => {
      const guess = {
        customer: code,
        name,
        countryCallingCode,
        allows,
        pstnGateways,
        // Only what differs from Teams' default (allowed): a class that leaves them unset manages neither.
        ...(calling?.AllowPrivateCalling === false ? { allowPrivateCalling: false } : {}),
        ...(calling?.AllowCallForwardingToPhone === false ? { allowCallForwardingToPhone: false } : {}),
      } as ClassOfServiceInputs;
      const read = classOfServiceFromPlatform(platform, guess);
      if (read === undefined || read.drift !== undefined || validateClassOfService(read).length > 0) return [];
      const { drift: _drift, ...inputs } = read;
      const adopted = foreignObjects(platform, inputs).map((o) => o.object);
      const desired = withAdoptedDescriptions(classOfServiceObjects(inputs), platform, adopted);
      return classOfServiceChanges(desired, platform, name).length === 0 ? [inputs] : [];
    });
    const overrides = (i: ClassOfServiceInputs) => Object.keys(i.numberPatterns ?? {}).length;
    const best = fits.sort((a, b) => overrides(a) - overrides(b) || a.countryCallingCode.length - b.countryCallingCode.length || compareText(a.countryCallingCode, b.countryCallingCode))[0];
    if (best === undefined) continue;
    const { customer: _customer, adoption: _adoption, ...inputs } = best;
    found.push(inputs);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// number inventory

/**
 * Runs of consecutive numbers (same length, each one more than the last, same city), each scoped
 * to a site when every subscriber holding one of its numbers is at that site and something ties
 * it there (a holder, or the run's city is the site's); customer-wide otherwise.
 */
function rangesOf(numbers: readonly TeamsExportNumber[], subscribers: readonly Subscriber[], sites: readonly SiteOfLocation[]): ExportedDefinition["numberInventory"]["ranges"] {
  const siteOf = new Map(subscribers.flatMap((s) => s.numbers.map((n) => [n.telephoneNumber, s.site] as const)));
  const sorted = [...new Map(numbers.filter((n) => /^\+[1-9]\d{7,14}$/.test(n.telephoneNumber)).map((n) => [n.telephoneNumber, n])).values()].sort(
    (a, b) => a.telephoneNumber.length - b.telephoneNumber.length || compareText(a.telephoneNumber, b.telephoneNumber),
  );
  const runs: TeamsExportNumber[][] = [];
  for (const n of sorted) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (run && last && last.telephoneNumber.length === n.telephoneNumber.length && BigInt(n.telephoneNumber.slice(1)) === BigInt(last.telephoneNumber.slice(1)) + 1n && sameText(text(last.city), text(n.city))) run.push(n);
    else runs.push([n]);
  }
  return runs.map((run) => {
    const holders = new Set(run.flatMap((n) => (siteOf.has(n.telephoneNumber) ? [siteOf.get(n.telephoneNumber)!] : [])));
    const city = text(run[0]!.city);
    const byCity = sites.filter((s) => city !== "" && sameText(s.site.address.city, city)).map((s) => s.site.code);
    const site = holders.size === 1 ? [...holders][0] : holders.size === 0 && byCity.length === 1 ? byCity[0] : undefined;
    return { start: run[0]!.telephoneNumber, end: run[run.length - 1]!.telephoneNumber, ...(site ? { site } : {}) };
  });
}

// ---------------------------------------------------------------------------------------------
// flow-through

const CITY_ROW = { attribute: "city", condition: "equals", value: "{{site.city}}" } as const;

interface Candidate {
  readonly filter: { name: string; rows: Rows };
  readonly entry: { name: string; filter: string; site: string; profile: string };
}

/**
 * Entries the planner confirms, then pins. Candidates per profile (most subscribers first): its
 * users in the site's city, then in the site's city and one department. A candidate is kept when
 * every user it newly selects (among all the tenant's users, left-out ones included) is a
 * subscriber of that profile at that site; earlier entries win, as in the planner. Subscribers
 * no kept entry selects are pinned.
 */
function flowThroughOf(users: readonly TeamsExportUser[], profiles: readonly ProfileOfSubscribers[], sites: readonly ExportedSite[], code: string) {
  const directory: DirectoryUser[] = users.map((u) => ({ id: u.id, attributes: u.attributes }));
  const planSites = sites.map((s) => ({ code: s.code, macros: { city: s.address.city, name: s.name } }));
  const wanted = new Map<string, { site: string; profile: string }>();
  for (const p of profiles) for (const s of p.members) wanted.set(s.userId, { site: s.site, profile: p.profile.name });

  const kept: Candidate[] = [];
  let remaining = directory;
  const filterNames = new Set<string>();
  const entryNames = new Set<string>();
  for (const p of profiles) {
    const departments = [...new Set(p.members.map((s) => text(directory.find((u) => u.id === s.userId)?.attributes.department)).filter((d) => d !== ""))].sort(compareText);
    const candidates: { rows: Rows; filter: string; entry: string }[] = [
      { rows: [{ ...CITY_ROW }], filter: "in-site-city", entry: p.profile.name },
      ...departments.map((d) => ({
        rows: [{ ...CITY_ROW, join: "and" as const }, { attribute: "department", condition: "equals" as const, value: d }],
        filter: objectName(`in-site-city ${d}`),
        entry: objectName(`${p.profile.name.slice(0, 30)} ${d}`),
      })),
    ];
    for (const c of candidates) {
      if (remaining.length === 0) break;
      const entry: FlowThroughEntry = { name: c.entry, filter: c.rows as FilterCriteria, site: "{{site.code}}", profile: p.profile.name };
      const plan = planFlowThrough(remaining, [entry], planSites, { customer: { code }, profiles: profiles.map((q) => q.profile.name) });
      if (plan.problems.length > 0 || plan.assignments.length === 0) continue;
      if (!plan.assignments.every((a) => wanted.get(a.userId)?.site === a.site && wanted.get(a.userId)?.profile === a.profile)) continue;
      const entryName = unique(c.entry, entryNames);
      if (!filterNames.has(c.filter.toLowerCase())) filterNames.add(c.filter.toLowerCase());
      kept.push({ filter: { name: c.filter, rows: c.rows }, entry: { name: entryName, filter: c.filter, site: "{{site.code}}", profile: p.profile.name } });
      const taken = new Set(plan.assignments.map((a) => a.userId));
      remaining = remaining.filter((u) => !taken.has(u.id));
    }
  }
  const selected = new Set(directory.filter((u) => !remaining.includes(u)).map((u) => u.id));
  const pins = [...wanted]
    .filter(([id]) => !selected.has(id))
    .sort(([a], [b]) => compareText(a, b))
    .map(([user, w]) => ({ user, site: w.site, profile: w.profile }));
  const filters = [...new Map(kept.map((k) => [k.filter.name, k.filter])).values()];
  return { filters, entries: kept.map((k) => k.entry), pins };
}

function unique(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n += 1) candidate = objectName(`${name.slice(0, 44)} ${n}`);
  taken.add(candidate.toLowerCase());
  return candidate;
}

// ---------------------------------------------------------------------------------------------

function upnOf(user: TeamsExportUser): string {
  return text(user.attributes.userPrincipalName) || user.id;
}

function text(value: unknown): string {
  return typeof value === "string" ? value.trim() : "";
}

function sameText(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
