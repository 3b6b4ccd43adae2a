import * as t from "io-ts";
import { boundedArray, CustomerCode, NonEmptyString, ObjectName, SiteCode } from "../codecs";
import { strictObject } from "../input-validation";

/** One entry: users matching `filter` (a model filter criteria name) go to `site` with `profile`. */
export const FlowThroughEntryInput = strictObject(
  "FlowThroughEntry",
  {
    /** The entry's name, shown in previews as the criteria that matched a user. */
    name: ObjectName,
    /** The model filter criteria (by name) a user must match. */
    filter: ObjectName,
    /** A site code, or `{{site.code}}`: the entry is tried for every site, with that site's macros. */
    site: NonEmptyString,
    /** The subscriber profile (by name) matched users get. */
    profile: ObjectName,
  },
  {
    /** The role matched users get (wins over the profile's). @default - the profile's, else flowThrough.defaultRole */
    role: ObjectName,
  },
);

/** A user placed at a site by hand: kept there with the profile whatever the entries say. */
export const SitePinInput = strictObject(
  "SitePin",
  {
    /** The user's immutable id: Entra object id, LDAP entryUUID or objectGUID. */
    user: NonEmptyString,
    /** The site the user stays at. */
    site: SiteCode,
    /** The subscriber profile the user gets. */
    profile: ObjectName,
  },
  {
    /** The role the pinned user gets (wins like an entry's). @default - the matching entry's, else the profile's, else flowThrough.defaultRole */
    role: ObjectName,
  },
);

/** At most this many groups (or access control groups) per role and platform. */
export const MAX_ROLE_MEMBERSHIPS = 50;

/**
 * A role: the memberships its subscribers hold, per platform. On Microsoft 365 Entra security
 * groups, by display name or object id; on Unified CM access control groups, by name. A platform
 * the role has no section for grants nothing there.
 */
export const RoleInput = strictObject(
  "Role",
  {
    /** The name entries, pins, profiles and flowThrough.defaultRole give it by. */
    name: ObjectName,
  },
  {
    /** Microsoft 365: the Entra security groups (display name or object id) the subscribers are members of. */
    teams: strictObject("RoleTeams", { groups: boundedArray(NonEmptyString, MAX_ROLE_MEMBERSHIPS, "RoleGroups") }),
    /** Unified CM: the access control groups (by name) the end users are in. */
    cucm: strictObject("RoleCucm", { accessControlGroups: boundedArray(NonEmptyString, MAX_ROLE_MEMBERSHIPS, "RoleAccessControlGroups") }),
  },
);
export type RoleInput = t.TypeOf<typeof RoleInput>;

export const DeleteThresholdInput = t.partial({
  /** At most this many subscribers may be removed in one run. */
  maxCount: t.number,
  /** At most this percentage of the subscribers may be removed in one run. */
  maxPercent: t.number,
});

/**
 * The customer's flow-through criteria: ordered entries, the first that matches wins. The
 * resource also carries the set of subscribers the entries select (computed by the program), so
 * its `check` can refuse a change that would deprovision too many of them at once.
 */
export const FlowThroughCriteriaInputs = strictObject(
  "FlowThroughCriteria",
  {
    /** The code of the customer it belongs to (in a definition, customer.code fills it). */
    customer: CustomerCode,
    entries: boundedArray(FlowThroughEntryInput, 100, "FlowThroughEntries"),
    /** Entra object ids of the users the entries select. */
    subscribers: boundedArray(t.string, 200_000, "Subscribers"),
  },
  {
    /** Refuses, at preview, a change that would remove more subscribers than this, unless acknowledged. @default - no limit */
    deleteThreshold: DeleteThresholdInput,
    /** The role of subscribers whose entry (or pin) and profile name none. @default - no role (no memberships managed) */
    defaultRole: ObjectName,
    /** Users pinned to a site by hand (VOSS: a user moved to a site manually stays there). */
    pins: boundedArray(SitePinInput, 200_000, "SitePins"),
    /** Set from the `ucflow:allowMassDeprovision` config key to acknowledge a large removal. */
    allowMassDeprovision: t.boolean,
  },
);
export type FlowThroughCriteriaInputs = t.TypeOf<typeof FlowThroughCriteriaInputs>;
