// Flow-through criteria: which directory users become subscribers, at which site, with which
// profile and role. Unlike VOSS (add-only, first match by sync order), the plan is a pure
// function of the users and the criteria, so a user whose attributes change moves site and a
// user who stops matching is removed, and two runs over the same inputs agree.
import { compileFilter, DirectoryUser, FilterCriteria, resolveMacros, validateFilterCriteria } from "./filter";
import { macrosIn, MacroContext, MacroScope, substituteMacros, unknownMacroMessage } from "./macros";
import { compareIds } from "./identifiers";
import { duplicatesOf, show } from "./messages";

/** One flow-through entry. Entries are tried in order; the first that matches a user wins. */
export interface FlowThroughEntry {
  /** Unique name, shown in plans and problems. */
  readonly name: string;
  /** The model filter; may use `{{site.*}}` and `{{customer.*}}` macros. */
  readonly filter: FilterCriteria;
  /**
   * The site: a site code (`Cu1Si1`), or text with macros resolved per user and matched to a site
   * code ignoring case: `{{user.extensionAttribute5}}` (user attributes), `{{site.code}}` (the
   * site whose filter matched, see {@link planFlowThrough}).
   */
  readonly site: string;
  /** The subscriber profile matched users get. */
  readonly profile: string;
  /** A named set of group memberships (Entra security groups, CUCM access control groups). */
  readonly role?: string;
}

/** A site as flow-through sees it. */
export interface FlowThroughSite {
  /** The site code, unique ignoring case. Also the `{{site.code}}` macro. */
  readonly code: string;
  /** Values of the site's other `{{site.*}}` macros, e.g. `{ city: "Chicago" }`. */
  readonly macros?: MacroScope;
}

export interface FlowThroughOptions {
  /** Values of `{{customer.*}}` macros, e.g. `{ code: "Cu1" }`. */
  readonly customer?: MacroScope;
  /** Known subscriber profile names; when given, an entry naming another is a problem. */
  readonly profiles?: readonly string[];
  /** Known role names; when given, an entry naming another is a problem. */
  readonly roles?: readonly string[];
}

/** Where one user goes. */
export interface FlowThroughAssignment {
  readonly userId: string;
  /** The site code as declared in the sites list. */
  readonly site: string;
  readonly profile: string;
  readonly role: string | undefined;
  /** The name of the entry that matched. */
  readonly criteria: string;
}

export interface FlowThroughPlan {
  /** One per matched user, sorted by user id. */
  readonly assignments: readonly FlowThroughAssignment[];
  /** Ids of users no entry matched, sorted. */
  readonly unmatched: readonly string[];
  /** Problems with the definition or with a user's site; throw them once (throwIfProblems). */
  readonly problems: readonly string[];
}

/**
 * Plans flow-through for every user, in order of immutable id, so the plan never depends on the
 * order a directory returned them in.
 *
 * For each user the first entry whose filter matches wins. An entry whose filter uses
 * `{{site.*}}` macros (one filter serving every site, like a VOSS MFC with a site macro) is
 * tried once per site in the order `sites` declares them, with that site's macros; the first
 * site it matches wins, and its `site` is resolved with that site's macros too (usually
 * `{{site.code}}`). A user whose entry's site resolves to no known site, or to nothing, is a
 * problem rather than falling through to the next entry: falling through would quietly give
 * the user another profile.
 *
 * When the definition itself has problems (invalid filters, unknown sites or profiles,
 * duplicate names) no user is planned, since a skipped entry would shift users to later ones.
 */
export function planFlowThrough(
  users: readonly DirectoryUser[],
  criteria: readonly FlowThroughEntry[],
  sites: readonly FlowThroughSite[],
  options: FlowThroughOptions = {},
): FlowThroughPlan {
  const definitionProblems = [...validateSites(sites), ...duplicateUsers(users)];
  const compiled = criteria.map((entry, i) => compileEntry(entry, i, sites, options, definitionProblems)).filter((c) => c !== undefined);
  definitionProblems.push(...duplicatesOf(criteria.map((c) => c.name)).map((n) => `criteria: the name ${show(n)} is used more than once; give each entry its own name`));
  if (definitionProblems.length > 0) return { assignments: [], unmatched: [], problems: definitionProblems };

  const siteByCode = new Map(sites.map((s) => [s.code.toLowerCase(), s.code]));
  const sorted = [...users].sort((a, b) => compareIds(a.id, b.id));
  const assignments: FlowThroughAssignment[] = [];
  const unmatched: string[] = [];
  const problems: string[] = [];
  for (const user of sorted) {
    const match = firstMatch(compiled, user);
    if (match === undefined) {
      unmatched.push(user.id);
      continue;
    }
    const { entry, context } = match;
    const userContext: MacroContext = { ...context, user: user.attributes };
    const { text, unresolved } = substituteMacros(entry.site, userContext);
    const code = unresolved.length === 0 ? siteByCode.get(text.toLowerCase()) : undefined;
    if (unresolved.length > 0) {
      problems.push(`user ${user.id} matched criteria ${show(entry.name)}, but its site ${show(entry.site)} cannot be resolved: the user has no single value for ${unresolved.map((m) => `{{${m}}}`).join(", ")}`);
    } else if (code === undefined) {
      problems.push(`user ${user.id} matched criteria ${show(entry.name)}, but its site ${show(entry.site)} resolved to ${show(text)}, which is not a site; the sites are ${sites.map((s) => s.code).join(", ")}`);
    } else {
      assignments.push({ userId: user.id, site: code, profile: entry.profile, role: entry.role, criteria: entry.name });
    }
  }
  return { assignments, unmatched, problems };
}

interface CompiledEntry {
  readonly entry: FlowThroughEntry;
  /** One predicate per site context to try, in order; a single one when the filter uses no site macro. */
  readonly variants: readonly { readonly context: MacroContext; readonly matches: (user: DirectoryUser) => boolean }[];
}

function firstMatch(entries: readonly CompiledEntry[], user: DirectoryUser): { entry: FlowThroughEntry; context: MacroContext } | undefined {
  for (const { entry, variants } of entries) {
    for (const { context, matches } of variants) if (matches(user)) return { entry, context };
  }
  return undefined;
}

/** Checks one entry and compiles its filter for every site context it needs; problems go to `problems`. */
function compileEntry(
  entry: FlowThroughEntry,
  i: number,
  sites: readonly FlowThroughSite[],
  options: FlowThroughOptions,
  problems: string[],
): CompiledEntry | undefined {
  const at = `criteria[${i}] ${show(entry.name)}`;
  const before = problems.length;
  if (typeof entry.name !== "string" || entry.name.trim() === "") problems.push(`criteria[${i}].name: is empty; give the entry a name`);
  if (typeof entry.profile !== "string" || entry.profile === "") problems.push(`${at}: profile is empty; name the subscriber profile matched users get`);
  else if (options.profiles !== undefined && !options.profiles.includes(entry.profile)) {
    problems.push(`${at}: profile ${show(entry.profile)} is not a subscriber profile; the profiles are ${options.profiles.join(", ")}`);
  }
  if (entry.role !== undefined && options.roles !== undefined && !options.roles.includes(entry.role)) {
    problems.push(`${at}: role ${show(entry.role)} is not a role; the roles are ${options.roles.join(", ") || "none"}`);
  }
  const filterProblems = validateFilterCriteria(entry.filter);
  problems.push(...filterProblems.map((p) => `${at}: filter ${p}`));
  if (filterProblems.length > 0) return undefined;

  const filterUsesSite = entry.filter.some((row) => (typeof row.value === "string" ? [row.value] : row.value).some((v) => usesScope(v, "site")));
  const contexts: { label: string; context: MacroContext }[] = filterUsesSite
    ? sites.map((site) => ({ label: ` for site ${site.code}`, context: siteContext(site, options.customer) }))
    : [{ label: "", context: options.customer === undefined ? {} : { customer: options.customer } }];
  problems.push(...siteProblems(entry.site, at, filterUsesSite, contexts, sites));

  const variants = contexts.flatMap(({ label, context }) => {
    const resolved = resolveMacros(entry.filter, context);
    const found = resolved.problems.length > 0 ? resolved.problems : validateFilterCriteria(resolved.rows);
    problems.push(...found.map((p) => `${at}: filter${label} ${p}`));
    return found.length > 0 ? [] : [{ context, matches: compileFilter(resolved.rows) }];
  });
  return problems.length > before ? undefined : { entry, variants };
}

/**
 * Problems with an entry's site that show before any user is read: a site code that does not
 * exist, a macro scope other than user/site/customer, `{{site.*}}` without a site filter, and
 * `{{site.*}}`/`{{customer.*}}` macros a site context cannot resolve. `{{user.*}}` macros are
 * resolved per user.
 */
function siteProblems(
  site: string,
  at: string,
  filterUsesSite: boolean,
  contexts: readonly { label: string; context: MacroContext }[],
  sites: readonly FlowThroughSite[],
): string[] {
  if (typeof site !== "string" || site === "") return [`${at}: site is empty; give a site code or a macro such as {{user.extensionAttribute5}}`];
  const macros = macrosIn(site);
  if (macros.length === 0) {
    return sites.some((s) => s.code.toLowerCase() === site.toLowerCase())
      ? []
      : [`${at}: site ${show(site)} is not a site; the sites are ${sites.map((s) => s.code).join(", ")}`];
  }
  const badScopes = [...new Set(macros.map((m) => m.split(".")[0]).filter((scope) => !["user", "site", "customer"].includes(scope.toLowerCase())))];
  if (badScopes.length > 0) {
    return [`${at}: site ${show(site)} uses the macro scope ${badScopes.map((s) => show(s)).join(", ")}; site macros may use {{user.*}}, {{site.*}} and {{customer.*}}`];
  }
  if (usesScope(site, "site") && !filterUsesSite) {
    return [`${at}: site ${show(site)} uses a {{site.*}} macro but the filter uses none, so every matching user would go to the first site; use {{site.*}} macros in the filter or name the site`];
  }
  return contexts.flatMap(({ label, context }) =>
    substituteMacros(site, context)
      .unresolved.filter((m) => !m.toLowerCase().startsWith("user."))
      .map((m) => `${at}: site ${show(site)}${label}: ${unknownMacroMessage(m, context)}`),
  );
}

/** A user placed at a site by hand: kept there with the profile whatever the filters say. */
export interface SitePin {
  /** The user's immutable id (Entra object id, LDAP entryUUID or objectGUID), matched ignoring case. */
  readonly user: string;
  readonly site: string;
  readonly profile: string;
  /** The pinned user's role, whatever the entries say. @default - the profile's, else the customer default */
  readonly role?: string;
}

/** The name pinned subscribers have instead of a flow-through entry's. */
export const PINNED_CRITERIA = "pinned";

/**
 * The plan with every pinned user at its pin's site and profile (criteria "pinned"), whether or
 * not an entry matched them. A pin names a site and a profile of the definition; a pin whose user
 * is not in the directory places nobody (the user has left: `notes` says so, and the delete guard
 * decides as for any leaver). A pin's role, when it gives one, is a role of `roles` (when given).
 */
export function applySitePins(
  plan: FlowThroughPlan,
  pins: readonly SitePin[],
  users: readonly DirectoryUser[],
  sites: readonly string[],
  profiles: readonly string[],
  roles?: readonly string[],
): FlowThroughPlan & { readonly notes: readonly string[] } {
  const problems: string[] = [];
  const notes: string[] = [];
  const siteByCode = new Map(sites.map((code) => [code.toLowerCase(), code]));
  const ids = new Map(users.map((u) => [u.id.toLowerCase(), u.id]));
  const pinned = new Map<string, FlowThroughAssignment>();
  pins.forEach((pin, i) => {
    const at = `pins[${i}]`;
    const site = siteByCode.get(pin.site.toLowerCase());
    if (site === undefined) problems.push(`${at}.site: ${show(pin.site)} is not a site; the sites are ${sites.join(", ")}`);
    if (!profiles.includes(pin.profile)) problems.push(`${at}.profile: ${show(pin.profile)} is not a subscriber profile; the profiles are ${profiles.join(", ")}`);
    if (pin.role !== undefined && roles !== undefined && !roles.includes(pin.role)) problems.push(`${at}.role: ${show(pin.role)} is not a role; the roles are ${roles.join(", ") || "none"}`);
    const key = pin.user.toLowerCase();
    if ([...pins.slice(0, i)].some((other) => other.user.toLowerCase() === key)) problems.push(`${at}.user: ${show(pin.user)} is pinned more than once; keep one pin per user`);
    const id = ids.get(key);
    if (id === undefined) {
      notes.push(`pin ${show(pin.user)} (site ${pin.site}) places nobody: no user with that id is in the directory`);
      return;
    }
    if (site !== undefined) pinned.set(id, { userId: id, site, profile: pin.profile, role: pin.role, criteria: PINNED_CRITERIA });
  });
  if (problems.length > 0) return { ...plan, problems: [...plan.problems, ...problems], notes };
  const assignments = [...plan.assignments.filter((a) => !pinned.has(a.userId)), ...pinned.values()].sort((a, b) => compareIds(a.userId, b.userId));
  return { assignments, unmatched: plan.unmatched.filter((id) => !pinned.has(id)), problems: plan.problems, notes };
}

function usesScope(text: string, scope: string): boolean {
  return macrosIn(text).some((m) => m.split(".")[0].toLowerCase() === scope);
}

function siteContext(site: FlowThroughSite, customer: MacroScope | undefined): MacroContext {
  const context: Record<string, MacroScope> = { site: { ...site.macros, code: site.code } };
  if (customer !== undefined) context.customer = customer;
  return context;
}

function validateSites(sites: readonly FlowThroughSite[]): string[] {
  const problems = sites.flatMap((s, i) => (typeof s.code === "string" && s.code !== "" ? [] : [`sites[${i}].code: is empty; give the site code, e.g. "Cu1Si1"`]));
  const codes = sites.map((s) => (typeof s.code === "string" ? s.code.toLowerCase() : ""));
  for (const dup of duplicatesOf(codes.filter((c) => c !== ""))) {
    problems.push(`sites: ${sites.filter((s) => s.code.toLowerCase() === dup).map((s) => show(s.code)).join(" and ")} are the same site code ignoring case; site codes must be unique`);
  }
  return problems;
}

function duplicateUsers(users: readonly DirectoryUser[]): string[] {
  return duplicatesOf(users.map((u) => u.id)).map((id) => `users: the id ${show(id)} appears more than once; each directory user must appear once`);
}
