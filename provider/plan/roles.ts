// Roles: which role each subscriber holds, and the memberships that role stands for on the
// subscriber's platform. A subscriber's role is its pin's, else its flow-through entry's, else its
// profile's, else the customer default (a pin places a user whatever the entries say, so an entry's
// role never reaches a pinned user). On Microsoft 365 the role's groups, given by display name or
// object id, resolve to Entra object ids; on Unified CM its access control groups resolve to the
// names the cluster has. Pure: the tenant's groups and the cluster's names come in as data.
import { PINNED_CRITERIA, type FlowThroughAssignment, type SitePin } from "./flow-through";
import { listNames, show } from "./messages";

/** A role as the planner needs it (the definition's `roles[]`). */
export interface RoleDefinition {
  readonly name: string;
  /** Entra security groups, by display name or object id. */
  readonly teams?: { readonly groups: readonly string[] };
  /** Unified CM access control groups, by name. */
  readonly cucm?: { readonly accessControlGroups: readonly string[] };
}

/** An Entra group as GET /groups?$select=id,displayName,securityEnabled,mailEnabled,groupTypes returns it. */
export interface EntraGroup {
  readonly id: string;
  readonly displayName: string;
  readonly securityEnabled?: boolean;
  readonly mailEnabled?: boolean;
  /** "Unified" for a Microsoft 365 group. */
  readonly groupTypes?: readonly string[];
}

/** A subscriber's role and what named it, e.g. `flow-through entry sales`. */
export interface SubscriberRole {
  readonly name: string;
  readonly from: string;
}

/** Where roles can be named besides entries, for {@link roleOf}. */
export interface RoleNaming {
  readonly pins: readonly SitePin[];
  /** Profile name → its role. */
  readonly profileRoles: ReadonlyMap<string, string>;
  readonly defaultRole?: string;
}

/** The role of one planned subscriber by precedence (pin, entry, profile, default); undefined when none names one. */
export function roleOf(assignment: FlowThroughAssignment, naming: RoleNaming): SubscriberRole | undefined {
  if (assignment.criteria === PINNED_CRITERIA) {
    const pin = naming.pins.find((p) => p.user.toLowerCase() === assignment.userId.toLowerCase());
    if (pin?.role !== undefined) return { name: pin.role, from: `the pin of user ${assignment.userId}` };
  } else if (assignment.role !== undefined) {
    return { name: assignment.role, from: `flow-through entry ${assignment.criteria}` };
  }
  const profileRole = naming.profileRoles.get(assignment.profile);
  if (profileRole !== undefined) return { name: profileRole, from: `subscriber profile ${assignment.profile}` };
  if (naming.defaultRole !== undefined) return { name: naming.defaultRole, from: "flowThrough.defaultRole" };
  return undefined;
}

/** Roles named by profiles (in definition order) or the default that the definition does not have (entries and pins are checked by flow-through). */
export function unknownRoleProblems(roles: readonly RoleDefinition[], profiles: readonly { readonly name: string; readonly role?: string }[], defaultRole?: string): string[] {
  const names = roles.map((r) => r.name);
  const known = new Set(names);
  const problems: string[] = [];
  profiles.forEach((profile, p) => {
    if (profile.role !== undefined && !known.has(profile.role)) problems.push(`profiles[${p}].role (profile ${profile.name}): ${show(profile.role)} is not a role of this definition; the roles are ${listNames(names)}`);
  });
  if (defaultRole !== undefined && !known.has(defaultRole)) {
    problems.push(`flowThrough.defaultRole: ${show(defaultRole)} is not a role of this definition; the roles are ${listNames(names)}`);
  }
  return problems;
}

/** `role Sales, named by flow-through entry sales and subscriber profile Office`: the subject of a problem with the role. */
function describeRole(role: string, from: readonly string[]): string {
  const sorted = [...new Set(from)].sort();
  const shown = sorted.length <= 3 ? sorted.join(", ") : `${sorted.slice(0, 3).join(", ")} and ${sorted.length - 3} more`;
  return `role ${role}, named by ${shown}`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The Entra object ids (lower case, sorted, once each) of each role used by Teams subscribers.
 * `used` maps each such role to what named it. A group is found by object id, else by exact
 * display name; a name matching no group or several, and a group that is not a security group,
 * is a problem naming its path in the definition (`roles[1].teams.groups[0]`), the role, where
 * it was named and the group. `roles` are the definition's, in its order. Graph manages members only
 * of security and Microsoft 365 groups (distribution groups are read-only through it), and the
 * role is for security groups (what conditional access and group-based licensing key on).
 */
export function resolveTeamsRoles(
  roles: readonly RoleDefinition[],
  used: ReadonlyMap<string, readonly string[]>,
  groups: readonly EntraGroup[] | undefined,
  problems: string[],
): Map<string, readonly string[]> {
  const resolved = new Map<string, readonly string[]>();
  const byId = new Map((groups ?? []).map((g) => [g.id.toLowerCase(), g]));
  for (const [name, from] of [...used].sort(([a], [b]) => a.localeCompare(b))) {
    const index = roles.findIndex((r) => r.name === name);
    const role = roles[index];
    if (role === undefined) continue; // reported as an unknown role
    const wanted = role.teams?.groups ?? [];
    if (wanted.length === 0) {
      resolved.set(name, []);
      continue;
    }
    const subject = describeRole(name, from);
    if (groups === undefined) {
      problems.push(`roles[${index}].teams.groups (${subject}): grants Entra groups, but the tenant's groups were not read; read the tenant with readEntraTenant({ groups: true }) (the root program does when a role has teams groups)`);
      continue;
    }
    const ids = new Set<string>();
    for (const [g, given] of wanted.entries()) {
      const at = `roles[${index}].teams.groups[${g}] (${subject})`;
      const matches = byId.has(given.toLowerCase()) ? [byId.get(given.toLowerCase())!] : groups.filter((g) => g.displayName === given);
      if (matches.length === 0) {
        const close = groups.filter((g) => g.displayName.toLowerCase() === given.toLowerCase()).map((g) => g.displayName);
        problems.push(
          `${at}: Entra group ${show(given)} is not in the tenant: no group has that ${GUID.test(given) ? "object id" : "display name (compared exactly)"}` +
            (close.length > 0 ? `; did you mean ${close.map((c) => show(c)).join(" or ")}?` : "; give a security group's display name or object id"),
        );
        continue;
      }
      if (matches.length > 1) {
        problems.push(`${at}: Entra group ${show(given)} is the display name of ${matches.length} groups (${matches.map((g) => g.id.toLowerCase()).sort().join(", ")}); give the object id of the one meant`);
        continue;
      }
      const group = matches[0]!;
      if (group.securityEnabled === false) {
        problems.push(
          `${at}: Entra group ${show(given)} (${group.id.toLowerCase()}) is not a security group (securityEnabled is false); a role grants security groups: ` +
            "use a security group, or enable security on the Microsoft 365 group (distribution groups cannot be managed through Graph)",
        );
        continue;
      }
      // A mail-enabled security group is managed in Exchange: Graph cannot change its members.
      if (group.mailEnabled === true && !(group.groupTypes ?? []).includes("Unified")) {
        problems.push(
          `${at}: Entra group ${show(given)} (${group.id.toLowerCase()}) is a mail-enabled security group, whose members only Exchange can change; ` +
            "use a security group that is not mail-enabled, or a Microsoft 365 group",
        );
        continue;
      }
      ids.add(group.id.toLowerCase());
    }
    resolved.set(name, [...ids].sort());
  }
  return resolved;
}

/**
 * The access control group names of each role used by a cluster's subscribers, as the cluster
 * spells them (Unified CM compares them ignoring case), sorted, once each. `userGroups` is the
 * cluster's list (readCucmCluster's catalog); undefined when not read, and the names are then
 * taken as given. A name the cluster lacks is a problem naming its path in the definition
 * (`roles[1].cucm.accessControlGroups[2]`), the role, where it was named, the group and the cluster.
 */
export function resolveCucmRoles(
  roles: readonly RoleDefinition[],
  used: ReadonlyMap<string, readonly string[]>,
  cluster: string,
  userGroups: readonly string[] | undefined,
  problems: string[],
): Map<string, readonly string[] | undefined> {
  const resolved = new Map<string, readonly string[] | undefined>();
  const byName = new Map((userGroups ?? []).map((g) => [g.toLowerCase(), g]));
  for (const [name, from] of [...used].sort(([a], [b]) => a.localeCompare(b))) {
    const index = roles.findIndex((r) => r.name === name);
    const role = roles[index];
    if (role === undefined) continue;
    if (role.cucm === undefined) {
      // No section: the role grants nothing here, and the adapter keeps its default membership.
      resolved.set(name, undefined);
      continue;
    }
    const names = new Set<string>();
    for (const [g, given] of role.cucm.accessControlGroups.entries()) {
      const found = userGroups === undefined ? given : byName.get(given.toLowerCase());
      if (found === undefined) {
        problems.push(`roles[${index}].cucm.accessControlGroups[${g}] (${describeRole(name, from)}): cluster ${cluster} has no access control group ${show(given)}; it has ${listNames([...userGroups!].sort())}; name one the cluster has`);
        continue;
      }
      names.add(found);
    }
    resolved.set(name, [...names].sort());
  }
  return resolved;
}
