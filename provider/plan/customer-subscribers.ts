// From a customer's definition, its directory and what its platforms hold now to the exact
// subscribers to provision: who, at which site, with which profile, and what each platform gives
// them. Flow-through is platform-neutral (filters, first-match entries, sites, profiles); each
// site says which platform serves it (Microsoft Teams, or a Unified CM cluster), and the
// subscribers of each platform are then planned by that platform's rules: on Teams licenses,
// a Direct Routing or Calling Plan number and policies; on Unified CM a userid, an extension and
// services. Every guard that needs no change on a platform runs here, so a preview fails before
// anything is touched: unknown names, a profile without a bundle for its site's platform,
// license capacity, number and extension exhaustion.
import type { ClusterCatalog } from "./cucm-references";
import { cucmSubscriberNames } from "./cucm-names";
import { checkLicenseCapacity, type SubscribedSku } from "./licenses";
import { type DirectoryUser, type FilterCriteria } from "./filter";
import { applySitePins, planFlowThrough, type FlowThroughAssignment, type FlowThroughEntry, type SitePin } from "./flow-through";
import { lookupProperty } from "./identifiers";
import { listNames, show } from "./messages";
import { allocateNumbers, compareNumbers, parseNumber, type NumberInventory } from "./numbers";
import { resolveCucmRoles, resolveTeamsRoles, roleOf, unknownRoleProblems, type EntraGroup, type RoleDefinition, type RoleNaming, type SubscriberRole } from "./roles";

// ---------------------------------------------------------------------------------------------
// the definition, as the planner needs it

export interface CustomerSiteDefinition {
  readonly code: string;
  /** Values of `{{site.*}}` macros (e.g. city) for filters. */
  readonly macros: Readonly<Record<string, string>>;
  /** Served by Teams (the default) ... */
  readonly teams?: {
    readonly usageLocation: string;
    /** The site's tenant dial plan, granted as TenantDialPlan. */
    readonly dialPlan?: string;
  };
  /** ... or by a Unified CM cluster. */
  readonly cucm?: {
    readonly cluster: string;
    /** The site's class of service (line calling search space). */
    readonly classOfService?: string;
  };
}

export interface TeamsProfileDefinition {
  readonly enterpriseVoice: boolean;
  readonly numberType: "directRouting" | "callingPlan" | "operatorConnect" | "none";
  readonly licenses: readonly { readonly sku: string; readonly disabledPlans?: readonly string[] }[];
  readonly policies: Readonly<Record<string, string>>;
}

/** What a Unified CM subscriber of a profile gets besides the user and a line. */
export interface CucmProfileServices {
  readonly phone?: { readonly product: string; readonly protocol: "SIP" | "SCCP"; readonly buttonTemplate: string; readonly securityProfile?: string; readonly sipProfile?: string };
  readonly jabber: boolean;
  readonly voicemail: boolean;
  readonly extensionMobility: boolean;
  readonly singleNumberReach: boolean;
  readonly imAndPresence: boolean;
  readonly conferencing: boolean;
  readonly serviceProfile?: string;
  readonly credentialPolicy?: string;
}

export interface CustomerProfileDefinition {
  readonly name: string;
  /** The Teams bundle; a profile used at a Teams site needs one. */
  readonly teams?: TeamsProfileDefinition;
  /** The Unified CM bundle; a profile used at a Unified CM site needs one. */
  readonly cucm?: CucmProfileServices & { readonly classOfService?: string };
  /** The role of its subscribers whose entry (or pin) names none. */
  readonly role?: string;
}

export interface CustomerFlowThroughEntry {
  readonly name: string;
  /** Name of a model filter criteria. */
  readonly filter: string;
  readonly site: string;
  readonly profile: string;
  readonly role?: string;
}

export interface CustomerClusterDefinition {
  readonly name: string;
  /** The directory attribute that becomes the end user's userid. @default uid, else the part of the UPN or mail before "@" */
  readonly userIdAttribute?: string;
}

/**
 * A customer as the planner reads it. Sites, profiles, flow-through entries, pins and roles are
 * in the definition's order: a problem about one starts with its path in the definition
 * (`profiles[1].quickAddGroup.licenses[0].sku (profile Sales): ...`), which the program puts
 * under the root the user wrote (sdk atDefinitionPath).
 */
export interface CustomerPlanDefinition {
  readonly customer: string;
  readonly sites: readonly CustomerSiteDefinition[];
  readonly profiles: readonly CustomerProfileDefinition[];
  readonly filters: Readonly<Record<string, FilterCriteria>>;
  readonly flowThrough: readonly CustomerFlowThroughEntry[];
  /** Users placed at a site by hand, whatever the entries say. @default none */
  readonly pins?: readonly SitePin[];
  readonly inventory: NumberInventory;
  readonly clusters?: readonly CustomerClusterDefinition[];
  /** Class of service names the definition has (for Unified CM sites and profiles). */
  readonly classesOfService?: readonly string[];
  /** The roles entries, pins, profiles and `defaultRole` may name. @default none */
  readonly roles?: readonly RoleDefinition[];
  /** The role of subscribers whose pin, entry and profile name none. @default - no role */
  readonly defaultRole?: string;
}

// ---------------------------------------------------------------------------------------------
// what the platforms hold now

/** A subscribed SKU with its service plans, as Graph lists them. */
export interface TenantSku extends SubscribedSku {
  readonly servicePlans: readonly { readonly servicePlanId: string; readonly servicePlanName: string }[];
}

/** The Microsoft 365 tenant as read now (users are the directory). */
export interface TenantSnapshot {
  /** Users with at least `userPrincipalName` and the attributes filters use. */
  readonly users: readonly DirectoryUser[];
  /** skuIds each user holds now. */
  readonly licenses: ReadonlyMap<string, readonly string[]>;
  readonly skus: readonly TenantSku[];
  /** Telephone number → id of the user (or other target) it is assigned to. */
  readonly numberAssignments: ReadonlyMap<string, string>;
  /** The tenant's groups (GET /groups); read when a role has teams groups, absent otherwise. */
  readonly groups?: readonly EntraGroup[];
  readonly now: Date;
}

/** A Unified CM cluster as read now. */
export interface ClusterSnapshot {
  /** Every directory number on the cluster, by pattern, with its partition and the userid of the user whose line it is (if known). */
  readonly lines: ReadonlyMap<string, readonly { readonly partition: string; readonly userid?: string; readonly markedFor?: { readonly customer: string; readonly userid: string } }[]>;
  /** End users on the cluster by userid (lower case), with their primary extension and telephone number (a DID when E.164). */
  readonly users: ReadonlyMap<string, { readonly primaryExtension?: string; readonly telephoneNumber?: string }>;
  /** The names of objects a definition may refer to (checkCucmReferences); absent when not read. */
  readonly catalog?: ClusterCatalog;
}

export interface PlatformSnapshots {
  /** The directory the users come from (Entra for a customer with Teams sites; LDAP or Unified CM otherwise). */
  readonly directory: readonly DirectoryUser[];
  /** Needed when a site is on Teams. */
  readonly tenant?: Omit<TenantSnapshot, "users" | "now">;
  /** Needed for each cluster a site uses. */
  readonly clusters?: Readonly<Record<string, ClusterSnapshot>>;
  readonly now: Date;
}

/**
 * An entry that places nobody is most often a typo in a filter value (or a value shaped like an
 * injection, which ucflow escapes and so matches literally): said by name, as a warning, since an
 * entry written ahead of the people it is for is legitimate.
 */
export function entriesMatchingNobody(entries: readonly { readonly name: string; readonly filter: string }[], assignments: readonly { readonly criteria: string }[]): string[] {
  const placed = new Set(assignments.map((a) => a.criteria));
  return entries
    .filter((entry) => !placed.has(entry.name))
    .map((entry) => `flow-through entry ${entry.name} places nobody: its filter ${entry.filter} matches no user of the directory that an earlier entry or a pin has not placed; check the filter's values`);
}

// ---------------------------------------------------------------------------------------------
// the plan

export interface PlannedTeamsSubscriber {
  readonly userId: string;
  readonly userPrincipalName: string;
  readonly site: string;
  readonly profile: string;
  readonly criteria: string;
  readonly usageLocation: string;
  readonly licenses: readonly { readonly skuId: string; readonly sku: string; readonly disabledPlans: readonly string[] }[];
  readonly enterpriseVoice: boolean;
  readonly number?: { readonly telephoneNumber: string; readonly numberType: "directRouting" | "callingPlan" | "operatorConnect" };
  readonly policies: Readonly<Record<string, string>>;
  /** The subscriber's role (pin, else entry, else profile, else the customer default); absent when none. */
  readonly role?: string;
  /** The role's Entra groups by object id, lower case, sorted; absent when the role grants none on Teams. */
  readonly groups?: readonly string[];
}

export interface PlannedCucmSubscriber {
  /** The immutable id (Entra object id, LDAP entryUUID or objectGUID). */
  readonly userId: string;
  /** The end user's id on the cluster. */
  readonly userid: string;
  readonly firstName?: string;
  readonly lastName: string;
  readonly displayName?: string;
  readonly mail?: string;
  readonly department?: string;
  /** For single number reach, in E.164. */
  readonly mobile?: string;
  readonly site: string;
  readonly profile: string;
  readonly criteria: string;
  readonly cluster: string;
  /** The directory number of the user's line. */
  readonly extension: string;
  /** The line's DID (E.164), when the site has DID ranges. */
  readonly did?: string;
  readonly classOfService: string;
  readonly services: CucmProfileServices;
  /** The subscriber's role (pin, else entry, else profile, else the customer default); absent when none. */
  readonly role?: string;
  /** The role's access control groups as the cluster names them, sorted; absent when the role has no cucm section (or there is no role). */
  readonly accessControlGroups?: readonly string[];
}

export interface CustomerSubscriberPlan {
  /** Sorted by user id. */
  readonly teams: readonly PlannedTeamsSubscriber[];
  /** Sorted by user id. */
  readonly cucm: readonly PlannedCucmSubscriber[];
  /** Every subscriber's id, both platforms, sorted (for the delete guard). */
  readonly subscriberIds: readonly string[];
  readonly unmatched: readonly string[];
  /** Number changes a reviewer should see (a subscriber losing a number, and why). */
  readonly notes: readonly string[];
  readonly problems: readonly string[];
}

/** Plans every subscriber of a customer, on every platform its sites use. */
export function planCustomerSubscribers(definition: CustomerPlanDefinition, platforms: PlatformSnapshots): CustomerSubscriberPlan {
  const problems: string[] = [];
  const notes: string[] = [];
  const empty = (unmatched: readonly string[] = []): CustomerSubscriberPlan => ({ teams: [], cucm: [], subscriberIds: [], unmatched, notes, problems });

  const entries: FlowThroughEntry[] = [];
  /** The definition's index of each planned entry (an entry naming no filter is not planned). */
  const entryIndex: number[] = [];
  for (const [i, entry] of definition.flowThrough.entries()) {
    const filter = definition.filters[entry.filter];
    if (!filter) {
      problems.push(`flowThrough.entries[${i}].filter (flow-through entry ${entry.name}): ${show(entry.filter)} is not the name of a model filter criteria; the filters are ${listNames(Object.keys(definition.filters))}`);
      continue;
    }
    entries.push({ name: entry.name, filter, site: entry.site, profile: entry.profile, ...(entry.role ? { role: entry.role } : {}) });
    entryIndex.push(i);
  }
  const roleNames = (definition.roles ?? []).map((r) => r.name);
  const naming: RoleNaming = {
    pins: definition.pins ?? [],
    profileRoles: new Map(definition.profiles.flatMap((p) => (p.role === undefined ? [] : [[p.name, p.role] as const]))),
    ...(definition.defaultRole === undefined ? {} : { defaultRole: definition.defaultRole }),
  };
  problems.push(...unknownRoleProblems(definition.roles ?? [], definition.profiles, definition.defaultRole));
  problems.push(...platformProblems(definition, platforms));
  if (platforms.tenant) problems.push(...teamsLicenseProblems(definition, platforms.tenant));
  const flow = applySitePins(
    planFlowThrough(
      platforms.directory,
      entries,
      definition.sites.map((s) => ({ code: s.code, macros: s.macros })),
      { customer: { code: definition.customer }, profiles: definition.profiles.map((p) => p.name), roles: roleNames },
    ),
    definition.pins ?? [],
    platforms.directory,
    definition.sites.map((s) => s.code),
    definition.profiles.map((p) => p.name),
    roleNames,
  );
  problems.push(...flow.problems.map((problem) => flowThroughPath(problem, entries, entryIndex)));
  notes.push(...flow.notes);
  if (problems.length > 0) return empty(flow.unmatched);
  notes.push(...entriesMatchingNobody(definition.flowThrough, flow.assignments));

  const siteByCode = new Map(definition.sites.map((s) => [s.code, s]));
  const profileByName = new Map(definition.profiles.map((p) => [p.name, p]));
  const onTeams: FlowThroughAssignment[] = [];
  const onCucm: FlowThroughAssignment[] = [];
  const missingBundles = new Set<string>();
  for (const a of flow.assignments) {
    const site = siteByCode.get(a.site)!;
    const profile = profileByName.get(a.profile)!;
    const platform = site.cucm ? "cucm" : "teams";
    if (!profile[platform]) {
      missingBundles.add(
        `profiles[${definition.profiles.indexOf(profile)}] (profile ${profile.name}): has no ${platform === "cucm" ? "Unified CM" : "Teams"} bundle, but flow-through entry ${a.criteria} gives it to users at site ${site.code}, which is on ${platform === "cucm" ? `Unified CM cluster ${site.cucm!.cluster}` : "Teams"}; ` +
          `give the profile ${platform === "cucm" ? "its Unified CM services" : "its Teams services (enterpriseVoice, numberType, quickAddGroup licenses and policies)"}, or use another profile at that site`,
      );
      continue;
    }
    (platform === "cucm" ? onCucm : onTeams).push(a);
  }
  problems.push(...missingBundles);
  if (problems.length > 0) return empty(flow.unmatched);

  const users = new Map(platforms.directory.map((u) => [u.id, u]));
  const roles = new Map(flow.assignments.flatMap((a) => {
    const role = roleOf(a, naming);
    return role === undefined ? [] : [[a.userId, role] as const];
  }));
  const teams = onTeams.length > 0 ? planTeams(definition, onTeams, users, platforms, roles, problems, notes) : [];
  const cucm = onCucm.length > 0 ? planCucm(definition, onCucm, users, platforms, roles, problems) : [];
  if (problems.length > 0) return empty(flow.unmatched);
  return { teams, cucm, subscriberIds: flow.assignments.map((a) => a.userId), unmatched: flow.unmatched, notes, problems };
}

/**
 * A flow-through problem with its path in the definition: the planner's `criteria[2] "sales": ...`
 * is `flowThrough.entries[<its index in the definition>] (flow-through entry sales): ...`, its
 * `pins[0].site` is `flowThrough.pins[0].site`, and a user whose attributes an entry's site macros
 * cannot turn into a site is reported on that entry's site.
 */
export function flowThroughPath(problem: string, entries: readonly { readonly name: string }[], entryIndex: readonly number[] = entries.map((_, i) => i)): string {
  const planned = /^criteria\[(\d+)\](?: "(?:[^"\\]|\\.)*")?((?:\.\w+)?): /.exec(problem);
  if (planned) {
    const i = Number(planned[1]);
    const name = entries[i]?.name;
    return `flowThrough.entries[${entryIndex[i] ?? i}]${planned[2]}${name === undefined ? "" : ` (flow-through entry ${name})`}: ${problem.slice(planned[0].length)}`;
  }
  if (problem.startsWith("pins[")) return `flowThrough.${problem}`;
  const user = /^user \S+ matched criteria ("(?:[^"\\]|\\.)*"), but its site /.exec(problem);
  const i = user ? entries.findIndex((e) => show(e.name) === user[1]) : -1;
  return i < 0 ? problem : `flowThrough.entries[${entryIndex[i] ?? i}].site (flow-through entry ${entries[i]!.name}): ${problem}`;
}

/** A site short of numbers is a problem with the definition's ranges: `numberInventory.ranges (site Cu1Si3): ...`. */
function inInventory(problem: string): string {
  return problem.startsWith("ranges (") ? `numberInventory.${problem}` : problem;
}

/** Sites whose platform the snapshots do not cover, and Unified CM sites naming an unknown cluster or class of service. */
function platformProblems(definition: CustomerPlanDefinition, platforms: PlatformSnapshots): string[] {
  const problems: string[] = [];
  const clusters = new Set((definition.clusters ?? []).map((c) => c.name));
  const classes = new Set(definition.classesOfService ?? []);
  for (const [s, site] of definition.sites.entries()) {
    const at = `sites[${s}]`;
    if (site.teams && site.cucm) problems.push(`site ${site.code} is on Teams and on Unified CM; a site is served by one platform`);
    if (site.cucm) {
      if (!clusters.has(site.cucm.cluster)) problems.push(`${at}.cucm.cluster (site ${site.code}): ${show(site.cucm.cluster)} is not one of the customer's clusters; the clusters are ${[...clusters].join(", ") || "none"}`);
      else if (!platforms.clusters?.[site.cucm.cluster]) problems.push(`site ${site.code} is on cluster ${site.cucm.cluster}, which was not read`);
      if (site.cucm.classOfService !== undefined && !classes.has(site.cucm.classOfService)) {
        problems.push(`${at}.cucm.classOfService (site ${site.code}): ${show(site.cucm.classOfService)} is not a class of service of this definition; the classes of service are ${[...classes].join(", ") || "none"}`);
      }
    } else if (!platforms.tenant) {
      problems.push(`site ${site.code} is on Teams, but the customer's tenant was not read`);
    }
  }
  for (const [p, profile] of definition.profiles.entries()) {
    const cos = profile.cucm?.classOfService;
    if (cos !== undefined && !classes.has(cos)) {
      problems.push(`profiles[${p}].classOfService (profile ${profile.name}): ${show(cos)} is not a class of service of this definition; the classes of service are ${[...classes].join(", ") || "none"}`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Teams

/** Licenses the tenant does not subscribe to, service plans their SKUs do not have, Teams bundles giving none. */
function teamsLicenseProblems(definition: CustomerPlanDefinition, tenant: NonNullable<PlatformSnapshots["tenant"]>): string[] {
  const problems: string[] = [];
  const skuByPart = new Map(tenant.skus.map((s) => [s.skuPartNumber.toUpperCase(), s]));
  for (const [p, { name, teams: profile }] of definition.profiles.entries()) {
    if (!profile) continue;
    const at = `profiles[${p}].quickAddGroup.licenses`;
    if (profile.licenses.length === 0) problems.push(`${at} (profile ${name}): gives no license, so the profile's Teams users could not use Teams; give it licenses, e.g. [{"sku": "SPE_E5"}]`);
    for (const [l, license] of profile.licenses.entries()) {
      const sku = skuByPart.get(license.sku.toUpperCase());
      if (!sku) {
        problems.push(`${at}[${l}].sku (profile ${name}): the tenant does not subscribe to ${show(license.sku)}; it has ${tenant.skus.map((s) => s.skuPartNumber).join(", ") || "none"}; name a SKU it has (its skuPartNumber), or subscribe the tenant first`);
        continue;
      }
      for (const [d, plan] of (license.disabledPlans ?? []).entries()) {
        if (!sku.servicePlans.some((sp) => sp.servicePlanName.toUpperCase() === plan.toUpperCase())) {
          problems.push(`${at}[${l}].disabledPlans[${d}] (profile ${name}): ${sku.skuPartNumber} has no service plan ${show(plan)}; its plans are ${sku.servicePlans.map((sp) => sp.servicePlanName).join(", ")}; name one of them`);
        }
      }
    }
  }
  return problems;
}

function planTeams(
  definition: CustomerPlanDefinition,
  assignments: readonly FlowThroughAssignment[],
  users: ReadonlyMap<string, DirectoryUser>,
  platforms: PlatformSnapshots,
  roles: ReadonlyMap<string, SubscriberRole>,
  problems: string[],
  notes: string[],
): PlannedTeamsSubscriber[] {
  const tenant = platforms.tenant!;
  const profiles = new Map(definition.profiles.filter((p) => p.teams).map((p) => [p.name, p.teams!]));
  const skuByPart = new Map(tenant.skus.map((s) => [s.skuPartNumber.toUpperCase(), s]));
  const before = problems.length;
  const siteByCode = new Map(definition.sites.map((s) => [s.code, s]));
  // A user holding several numbers: the lowest is taken as current, whatever order the tenant
  // listed them in (allocation then keeps the first of them valid for the user's site).
  const currentNumber = new Map<string, string>();
  for (const [number, owner] of tenant.numberAssignments) {
    const held = currentNumber.get(owner);
    if (parseNumber(number) !== undefined && (held === undefined || compareNumbers(number, held) < 0)) currentNumber.set(owner, number);
  }
  const numbered = assignments.filter((a) => profiles.get(a.profile)!.numberType !== "none");
  const numbers = allocateNumbers({
    inventory: definition.inventory,
    requests: numbered.map((a) => ({ subscriberId: a.userId, site: a.site, ...(currentNumber.has(a.userId) ? { current: currentNumber.get(a.userId)! } : {}) })),
    usedOnPlatform: tenant.numberAssignments,
    now: platforms.now,
    sites: definition.sites.map((s) => s.code),
  });
  problems.push(...numbers.problems.map(inInventory));
  const numberOf = new Map(numbers.allocations.map((n) => [n.subscriberId, n]));
  for (const n of numbers.allocations) {
    if (n.replaced) notes.push(`${upnOf(users.get(n.subscriberId))} loses ${n.replaced.number} (${n.replaced.reason}) and gets ${n.number}`);
  }
  const licenses = checkLicenseCapacity(
    tenant.skus,
    assignments.map((a) => ({ userId: a.userId, needs: profiles.get(a.profile)!.licenses.map((l) => l.sku), holds: tenant.licenses.get(a.userId) ?? [] })),
  );
  problems.push(...licenses.problems);
  const groupsOf = resolveTeamsRoles(definition.roles ?? [], rolesUsed(assignments, roles), tenant.groups, problems);
  if (problems.length > before) return [];

  return assignments.map((a): PlannedTeamsSubscriber => {
    const profile = profiles.get(a.profile)!;
    const site = siteByCode.get(a.site)!;
    const number = numberOf.get(a.userId);
    return {
      userId: a.userId,
      userPrincipalName: upnOf(users.get(a.userId)),
      site: a.site,
      profile: a.profile,
      criteria: a.criteria,
      usageLocation: site.teams!.usageLocation,
      licenses: profile.licenses.map((l) => {
        const sku = skuByPart.get(l.sku.toUpperCase())!;
        const disabled = (l.disabledPlans ?? []).map((name) => sku.servicePlans.find((p) => p.servicePlanName.toUpperCase() === name.toUpperCase())!.servicePlanId);
        return { skuId: sku.skuId, sku: sku.skuPartNumber, disabledPlans: disabled };
      }),
      enterpriseVoice: profile.enterpriseVoice,
      ...(number && profile.numberType !== "none" ? { number: { telephoneNumber: number.number, numberType: profile.numberType } } : {}),
      policies: { ...profile.policies, ...(site.teams!.dialPlan ? { TenantDialPlan: site.teams!.dialPlan } : {}) },
      ...roleFields(roles.get(a.userId), (role) => {
        const groups = groupsOf.get(role) ?? [];
        return groups.length > 0 ? { groups } : {};
      }),
    };
  });
}

/** Each role the subscribers hold, with what named it for them. */
function rolesUsed(assignments: readonly FlowThroughAssignment[], roles: ReadonlyMap<string, SubscriberRole>): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const a of assignments) {
    const role = roles.get(a.userId);
    if (role !== undefined) used.set(role.name, [...(used.get(role.name) ?? []), role.from]);
  }
  return used;
}

/** `{ role, ...memberships }` for a subscriber with a role; nothing for one without. */
function roleFields<M extends object>(role: SubscriberRole | undefined, memberships: (role: string) => M): ({ role: string } & M) | {} {
  return role === undefined ? {} : { role: role.name, ...memberships(role.name) };
}

function upnOf(user: DirectoryUser | undefined): string {
  const upn = user?.attributes.userPrincipalName;
  return typeof upn === "string" ? upn : (user?.id ?? "unknown user");
}

// ---------------------------------------------------------------------------------------------
// Unified CM

/** Unified CM userids: letters, digits and . _ - @ (at most 128). */
const USERID = /^[A-Za-z0-9._@-]{1,128}$/;

function planCucm(
  definition: CustomerPlanDefinition,
  assignments: readonly FlowThroughAssignment[],
  users: ReadonlyMap<string, DirectoryUser>,
  platforms: PlatformSnapshots,
  roles: ReadonlyMap<string, SubscriberRole>,
  problems: string[],
): PlannedCucmSubscriber[] {
  const before = problems.length;
  const siteByCode = new Map(definition.sites.map((s) => [s.code, s]));
  const profiles = new Map(definition.profiles.filter((p) => p.cucm).map((p) => [p.name, p.cucm!]));
  const clusterByName = new Map((definition.clusters ?? []).map((c) => [c.name, c]));

  // Who is who on the clusters: the userid of each planned subscriber, then which lines are theirs.
  const userids = new Map<string, string>();
  const byJabber = new Map<string, string>();
  const byUserid = new Map<string, string>();
  const classless = new Set<string>();
  for (const a of assignments) {
    if (profiles.get(a.profile)!.classOfService === undefined && siteByCode.get(a.site)!.cucm!.classOfService === undefined) {
      const s = definition.sites.findIndex((site) => site.code === a.site);
      const p = definition.profiles.findIndex((profile) => profile.name === a.profile);
      classless.add(
        `sites[${s}].cucm.classOfService (site ${a.site}): is not given, and profiles[${p}] (profile ${a.profile}) gives no classOfService either, so its users there would have no calling search space; give the site or the profile a class of service`,
      );
    }
  }
  problems.push(...classless);
  for (const a of assignments) {
    const site = siteByCode.get(a.site)!;
    const user = users.get(a.userId)!;
    const userid = useridOf(user, clusterByName.get(site.cucm!.cluster)?.userIdAttribute);
    if (userid === undefined) {
      problems.push(`user ${a.userId} (${describeUser(user)}) goes to Unified CM site ${a.site}, but has no userid: ${clusterByName.get(site.cucm!.cluster)?.userIdAttribute ?? "uid (or userId)"} is empty and there is no user principal name or mail`);
      continue;
    }
    if (!USERID.test(userid)) {
      problems.push(`user ${a.userId} (${describeUser(user)}): ${show(userid)} is not a Unified CM userid (letters, digits and . _ - @, at most 128)`);
      continue;
    }
    const other = byUserid.get(userid.toLowerCase());
    if (other !== undefined) {
      problems.push(`users ${other} and ${a.userId} would both be Unified CM user ${userid}; userids must be unique (choose another userIdAttribute)`);
      continue;
    }
    // Device names are shorter than userids: two userids may still meet in one (a hash collision).
    const jabber = cucmSubscriberNames(definition.customer, userid, a.userId).jabber;
    const sameDevice = byJabber.get(jabber);
    if (sameDevice !== undefined) {
      problems.push(`users ${sameDevice} and ${a.userId} (userid ${userid}) would both have Jabber device ${jabber}; give one of them another userid (userIdAttribute)`);
      continue;
    }
    byJabber.set(jabber, a.userId);
    userids.set(a.userId, userid);
    byUserid.set(userid.toLowerCase(), a.userId);
  }
  if (problems.length > before) return [];

  // Every line on the customer's clusters is taken, unless it is a planned subscriber's own.
  const usedOnPlatform = new Map<string, string>();
  const current = new Map<string, string>();
  for (const [clusterName, cluster] of Object.entries(platforms.clusters ?? {})) {
    for (const [pattern, lines] of cluster.lines) {
      // A subscriber's line is its user's primary extension, or marked for it: a run killed
      // before it pointed the user at the line made it, and the subscriber keeps it.
      const ownerOf = (l: { readonly userid?: string; readonly markedFor?: { readonly customer: string; readonly userid: string } }) =>
        l.userid ? byUserid.get(l.userid.toLowerCase()) : l.markedFor?.customer === definition.customer ? byUserid.get(l.markedFor.userid.toLowerCase()) : undefined;
      const owner = lines.map(ownerOf).find((id) => id !== undefined);
      usedOnPlatform.set(pattern, owner ?? `line ${pattern} (${lines.map((l) => l.partition || "no partition").join(", ")}) on cluster ${clusterName}`);
    }
    for (const [userid, user] of cluster.users) {
      const id = byUserid.get(userid);
      if (id !== undefined && user.primaryExtension && parseNumber(user.primaryExtension)?.kind === "extension") current.set(id, user.primaryExtension);
    }
  }
  const extensions = allocateNumbers({
    inventory: definition.inventory,
    kind: "extension",
    requests: assignments.filter((a) => userids.has(a.userId)).map((a) => ({ subscriberId: a.userId, site: a.site, ...(current.has(a.userId) ? { current: current.get(a.userId)! } : {}) })),
    usedOnPlatform,
    now: platforms.now,
    sites: definition.sites.map((s) => s.code),
  });
  problems.push(...extensions.problems.map(inInventory));
  if (problems.length > before) return [];
  const extensionOf = new Map(extensions.allocations.map((n) => [n.subscriberId, n.number]));
  const didOf = planDids(definition, assignments.filter((a) => userids.has(a.userId)), byUserid, platforms, problems);
  const clusterOf = (a: FlowThroughAssignment) => siteByCode.get(a.site)!.cucm!.cluster;
  const groupsOf = new Map(
    [...new Set(assignments.map(clusterOf))].sort().map((cluster) => [
      cluster,
      resolveCucmRoles(definition.roles ?? [], rolesUsed(assignments.filter((a) => clusterOf(a) === cluster), roles), cluster, platforms.clusters?.[cluster]?.catalog?.userGroups, problems),
    ]),
  );
  if (problems.length > before) return [];

  return assignments.map((a): PlannedCucmSubscriber => {
    const site = siteByCode.get(a.site)!;
    const profile = profiles.get(a.profile)!;
    const user = users.get(a.userId)!;
    const text = (name: string) => {
      const value = lookupProperty(user.attributes, name);
      return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
    };
    const mobile = text("mobile") ?? text("mobilePhone");
    const lastName = text("sn") ?? text("surname") ?? text("lastName") ?? userids.get(a.userId)!;
    const { classOfService: profileClass, ...services } = profile;
    return {
      userId: a.userId,
      userid: userids.get(a.userId)!,
      ...optional("firstName", text("givenName") ?? text("firstName")),
      lastName,
      ...optional("displayName", text("displayName") ?? text("cn")),
      ...optional("mail", text("mail")),
      ...optional("department", text("department") ?? text("departmentNumber") ?? text("ou")),
      ...optional("mobile", mobile && /^\+[1-9]\d{7,14}$/.test(mobile.replace(/[\s()-]/g, "")) ? mobile.replace(/[\s()-]/g, "") : undefined),
      site: a.site,
      profile: a.profile,
      criteria: a.criteria,
      cluster: site.cucm!.cluster,
      extension: extensionOf.get(a.userId)!,
      ...optional("did", didOf.get(a.userId)),
      classOfService: (profileClass ?? site.cucm!.classOfService)!,
      services,
      ...roleFields(roles.get(a.userId), (role) => {
        const accessControlGroups = groupsOf.get(site.cucm!.cluster)!.get(role);
        return accessControlGroups === undefined ? {} : { accessControlGroups };
      }),
    };
  });
}

/**
 * DIDs for Unified CM subscribers at sites with E.164 ranges of their own: the number callers
 * dial from outside, which reaches the line (its +E.164 alternate number) and is shown on calls
 * out. Only the site's own ranges: customer-wide E.164 ranges are for Teams. A subscriber keeps
 * the DID the cluster shows as its user's telephone number; every other E.164 number a cluster
 * has on a line or a user is taken.
 */
function planDids(
  definition: CustomerPlanDefinition,
  assignments: readonly FlowThroughAssignment[],
  byUserid: ReadonlyMap<string, string>,
  platforms: PlatformSnapshots,
  problems: string[],
): Map<string, string> {
  const e164 = (text: string) => parseNumber(text.replace(/^\\\+/, "+"))?.kind === "e164";
  const sites = new Set(definition.inventory.ranges.filter((r) => r.site !== undefined && e164(r.start)).map((r) => r.site!.toLowerCase()));
  const requests = assignments.filter((a) => sites.has(a.site.toLowerCase()));
  if (requests.length === 0) return new Map();
  const usedOnPlatform = new Map<string, string>();
  const current = new Map<string, string>();
  for (const [clusterName, cluster] of Object.entries(platforms.clusters ?? {})) {
    for (const [pattern] of cluster.lines) {
      const number = pattern.replace(/^\\\+/, "+");
      if (e164(number)) usedOnPlatform.set(number, `line ${pattern} on cluster ${clusterName}`);
    }
    for (const [userid, user] of cluster.users) {
      if (user.telephoneNumber === undefined || !e164(user.telephoneNumber)) continue;
      const id = byUserid.get(userid);
      if (id !== undefined) current.set(id, user.telephoneNumber);
      usedOnPlatform.set(user.telephoneNumber, id ?? `user ${userid} on cluster ${clusterName}`);
    }
  }
  const dids = allocateNumbers({
    inventory: { ...definition.inventory, ranges: definition.inventory.ranges.filter((r) => r.site !== undefined && sites.has(r.site.toLowerCase()) && e164(r.start)) },
    kind: "e164",
    requests: requests.map((a) => ({ subscriberId: a.userId, site: a.site, ...(current.has(a.userId) ? { current: current.get(a.userId)! } : {}) })),
    usedOnPlatform,
    now: platforms.now,
    sites: definition.sites.map((s) => s.code),
  });
  problems.push(...dids.problems.map(inInventory));
  return new Map(dids.allocations.map((n) => [n.subscriberId, n.number]));
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/**
 * The end user's id: the configured attribute, else `uid`, else `userId` (what the LDAP and
 * Unified CM sources name the userid), else the UPN's or mail's part before "@".
 */
export function useridOf(user: DirectoryUser, attribute: string | undefined): string | undefined {
  const read = (name: string) => {
    const value = lookupProperty(user.attributes, name);
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  };
  if (attribute !== undefined) return read(attribute);
  const local = (name: string) => read(name)?.split("@")[0];
  return read("uid") ?? read("userId") ?? local("userPrincipalName") ?? local("mail");
}

function describeUser(user: DirectoryUser): string {
  const name = lookupProperty(user.attributes, "userPrincipalName") ?? lookupProperty(user.attributes, "mail") ?? lookupProperty(user.attributes, "cn");
  return typeof name === "string" ? name : "no name";
}
