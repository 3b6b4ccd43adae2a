// What to change on a platform to bring one subscriber from what the platform holds to what
// the program wants, and what to undo when the subscriber is deprovisioned. Pure: the
// subscriber set's provider observes, calls this, records the intent, and applies the steps in
// order.
//
// ucflow only ever takes back what it gave: licenses it added, a number it assigned, policies
// it granted (restoring what the user had before), the group memberships it added. Whatever
// the user held before ucflow came stays when the subscriber is deprovisioned.
//
// Adoption (a site's `adoption.existing: adopt`) needs nothing more of the plan: a user who
// already holds the desired services gets no step and an empty footprint, so a removal takes
// nothing back. Whether a user counts as adopted is the subscriber set's decision
// (resources/subscriber-set/subscriber-adoption.ts), from holdsDesiredServices.

export interface SubscriberLicenseState {
  readonly skuId: string;
  readonly disabledPlans: readonly string[];
}

export interface SubscriberNumberState {
  readonly telephoneNumber: string;
  readonly numberType: string;
  readonly locationId?: string;
}

/** A subscriber as desired or as observed on the platform. */
export interface SubscriberServices {
  readonly usageLocation?: string;
  readonly licenses: readonly SubscriberLicenseState[];
  readonly number?: SubscriberNumberState;
  /** Direct policy grants by policy type (bare names, without `Tag:`). */
  readonly policies: Readonly<Record<string, string>>;
  /**
   * Entra group object ids (lower case). Desired: the role's groups. Observed: the groups the
   * user is a direct member of, of those ucflow looked at (the desired ones and the ones it
   * added). Absent: none.
   */
  readonly groups?: readonly string[];
}

/** A number ucflow assigned, with what unassigning or moving it needs. */
export interface GivenNumber {
  readonly telephoneNumber: string;
  readonly numberType: string;
  /** The emergency location it was assigned (or last moved) with. */
  readonly locationId?: string;
}

/**
 * What ucflow gave this subscriber on the platform. It is kept in state and on the platform
 * itself (with the user), so deprovisioning takes back exactly this even after a failed step,
 * a killed run or a lost checkpoint.
 */
export interface SubscriberFootprint {
  /** SKUs ucflow added (the user did not hold them before), sorted, lower case. */
  readonly licensesAdded: readonly string[];
  /**
   * Numbers ucflow assigned: usually none or one; two while a renumbering is under way (the old
   * one is recorded until it is released, the new one before it is assigned).
   */
  readonly numbers: readonly GivenNumber[];
  /** Policy types ucflow granted, with the direct grant the user had before (null: none). */
  readonly policiesReplaced: Readonly<Record<string, string | null>>;
  /** The usage location before ucflow set it (it cannot be cleared on Entra, only changed). */
  readonly usageLocationBefore?: string;
  /**
   * Groups ucflow added the user to (the user was not a member when ucflow looked), by object
   * id, lower case, sorted. Absent when none, so footprints of subscribers without a role's
   * groups are what they were before roles.
   */
  readonly groupsAdded?: readonly string[];
}

export const EMPTY_FOOTPRINT: SubscriberFootprint = { licensesAdded: [], numbers: [], policiesReplaced: {} };

export type SubscriberStep =
  | { readonly kind: "setUsageLocation"; readonly usageLocation: string }
  | { readonly kind: "addLicenses"; readonly licenses: readonly SubscriberLicenseState[] }
  | { readonly kind: "removeLicenses"; readonly skuIds: readonly string[] }
  /** `numberType` is known when ucflow assigned the number; otherwise the platform is asked. */
  | { readonly kind: "unassignNumber"; readonly telephoneNumber: string; readonly numberType?: string }
  | { readonly kind: "assignNumber"; readonly number: SubscriberNumberState }
  /** The number stays; its emergency location changes (a site's address, a move with a customer-wide number). */
  | { readonly kind: "moveNumberLocation"; readonly telephoneNumber: string; readonly locationId: string }
  | { readonly kind: "grantPolicy"; readonly policyType: string; readonly name: string }
  | { readonly kind: "revokePolicy"; readonly policyType: string }
  | { readonly kind: "addGroupMember"; readonly groupId: string }
  | { readonly kind: "removeGroupMember"; readonly groupId: string };

export interface SubscriberChangePlan {
  readonly steps: readonly SubscriberStep[];
  /** What ucflow will have given once every step is done. */
  readonly footprint: SubscriberFootprint;
  /**
   * What to record before the first step: everything ucflow holds now or is about to give, so a
   * run that stops between two steps still knows what to take back.
   */
  readonly intent: SubscriberFootprint;
}

/**
 * Steps to converge `observed` to `desired`, given what ucflow gave before (`footprint`).
 * Order: usage location (licenses need it), licenses (a number needs Teams Phone), number,
 * then policies, then group memberships (additions before removals); removals of what is no
 * longer wanted come after additions of a license.
 */
export function planSubscriberChanges(observed: SubscriberServices, desired: SubscriberServices, footprint: SubscriberFootprint = EMPTY_FOOTPRINT): SubscriberChangePlan {
  const steps: SubscriberStep[] = [];
  let usageLocationBefore = footprint.usageLocationBefore;
  if (desired.usageLocation && observed.usageLocation !== desired.usageLocation) {
    steps.push({ kind: "setUsageLocation", usageLocation: desired.usageLocation });
    usageLocationBefore ??= observed.usageLocation;
  }

  const held = new Map(observed.licenses.map((l) => [l.skuId.toLowerCase(), l]));
  const wanted = new Set(desired.licenses.map((l) => l.skuId.toLowerCase()));
  const toAdd = desired.licenses.filter((l) => {
    const h = held.get(l.skuId.toLowerCase());
    return h === undefined || !sameSet(h.disabledPlans, l.disabledPlans);
  });
  if (toAdd.length > 0) steps.push({ kind: "addLicenses", licenses: toAdd });
  const newlyAdded = toAdd.filter((l) => !held.has(l.skuId.toLowerCase())).map((l) => l.skuId.toLowerCase());
  const toRemove = footprint.licensesAdded.filter((s) => !wanted.has(s.toLowerCase()) && held.has(s.toLowerCase()));
  if (toRemove.length > 0) steps.push({ kind: "removeLicenses", skuIds: toRemove });
  const licensesAdded = [...new Set([...footprint.licensesAdded.map((s) => s.toLowerCase()).filter((s) => wanted.has(s)), ...newlyAdded])].sort();

  const numbers = planNumber(observed.number?.telephoneNumber, desired.number, footprint.numbers);
  steps.push(...numbers.steps);

  const policiesReplaced: Record<string, string | null> = { ...footprint.policiesReplaced };
  for (const [type, name] of Object.entries(desired.policies)) {
    const current = observed.policies[type];
    if (current === name) continue;
    if (!(type in policiesReplaced)) policiesReplaced[type] = current ?? null;
    steps.push({ kind: "grantPolicy", policyType: type, name });
  }
  const intentPolicies = { ...policiesReplaced };
  for (const type of Object.keys(policiesReplaced)) {
    if (type in desired.policies) continue;
    const before = policiesReplaced[type];
    delete policiesReplaced[type];
    if (observed.policies[type] === (before ?? undefined)) continue;
    steps.push(before === null ? { kind: "revokePolicy", policyType: type } : { kind: "grantPolicy", policyType: type, name: before });
  }

  const groups = planGroups(observed.groups, desired.groups, footprint.groupsAdded);
  steps.push(...groups.steps);

  const after: SubscriberFootprint = {
    licensesAdded,
    numbers: numbers.given,
    policiesReplaced,
    ...(usageLocationBefore !== undefined ? { usageLocationBefore } : {}),
    ...(groups.added.length > 0 ? { groupsAdded: groups.added } : {}),
  };
  const intentGroups = idSet([...(footprint.groupsAdded ?? []), ...groups.added]);
  const intent: SubscriberFootprint = {
    licensesAdded: [...new Set([...footprint.licensesAdded.map((s) => s.toLowerCase()), ...licensesAdded])].sort(),
    numbers: unionNumbers(footprint.numbers, numbers.given),
    policiesReplaced: intentPolicies,
    ...(usageLocationBefore !== undefined ? { usageLocationBefore } : {}),
    ...(intentGroups.length > 0 ? { groupsAdded: intentGroups } : {}),
  };
  return { steps, footprint: after, intent };
}

/**
 * The membership steps, and the groups ucflow holds the user in afterwards. A desired group the
 * user is not in is added and becomes ucflow's; one the user is in already stays the user's own
 * unless ucflow added it before (then it stays ucflow's, e.g. after a membership removed by hand
 * was restored). A group ucflow added that is no longer desired is left, and forgotten once the
 * user is out of it.
 */
function planGroups(have: readonly string[] | undefined, want: readonly string[] | undefined, added: readonly string[] | undefined): { steps: SubscriberStep[]; added: string[] } {
  const held = new Set(idSet(have ?? []));
  const wanted = idSet(want ?? []);
  const ours = new Set(idSet(added ?? []));
  const steps: SubscriberStep[] = [];
  const after: string[] = [];
  for (const groupId of wanted) {
    if (!held.has(groupId)) {
      steps.push({ kind: "addGroupMember", groupId });
      after.push(groupId);
    } else if (ours.has(groupId)) {
      after.push(groupId);
    }
  }
  for (const groupId of ours) {
    if (!wanted.includes(groupId) && held.has(groupId)) steps.push({ kind: "removeGroupMember", groupId });
  }
  return { steps, added: idSet(after) };
}

/** Object ids, lower case, without duplicates, sorted. */
function idSet(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.toLowerCase()))].sort();
}

/**
 * The number steps, and the numbers ucflow holds afterwards. The number the user holds is kept
 * when it is the desired one; ucflow's own number is re-assigned when its type changes and moved
 * when its emergency location changes. A number that is the user's own is never unassigned
 * unless the allocation replaced it.
 */
function planNumber(
  have: string | undefined,
  want: SubscriberNumberState | undefined,
  given: readonly GivenNumber[],
): { steps: SubscriberStep[]; given: GivenNumber[] } {
  const ours = (n: string | undefined) => (n === undefined ? undefined : given.find((g) => g.telephoneNumber === n));
  if (want === undefined) {
    // A profile without a number leaves the user's own number alone; only ucflow's goes.
    const mine = ours(have);
    return { steps: mine ? [{ kind: "unassignNumber", telephoneNumber: mine.telephoneNumber, numberType: mine.numberType }] : [], given: [] };
  }
  const wanted: GivenNumber = { telephoneNumber: want.telephoneNumber, numberType: want.numberType, ...(want.locationId ? { locationId: want.locationId } : {}) };
  if (have !== want.telephoneNumber) {
    // The allocation decided the user's number changes (a move to another site's range).
    const steps: SubscriberStep[] = [];
    if (have !== undefined) steps.push(unassign(have, ours(have)));
    steps.push({ kind: "assignNumber", number: want });
    return { steps, given: [wanted] };
  }
  const mine = ours(have);
  if (mine === undefined) return { steps: [], given: [] }; // the user's own number, kept as it is
  if (mine.numberType !== want.numberType) {
    return { steps: [unassign(have, mine), { kind: "assignNumber", number: want }], given: [wanted] };
  }
  if (want.locationId !== undefined && mine.locationId !== want.locationId) {
    return { steps: [{ kind: "moveNumberLocation", telephoneNumber: have, locationId: want.locationId }], given: [wanted] };
  }
  return { steps: [], given: [mine] };
}

function unassign(telephoneNumber: string, mine: GivenNumber | undefined): SubscriberStep {
  return mine ? { kind: "unassignNumber", telephoneNumber, numberType: mine.numberType } : { kind: "unassignNumber", telephoneNumber };
}

function unionNumbers(a: readonly GivenNumber[], b: readonly GivenNumber[]): GivenNumber[] {
  const byNumber = new Map<string, GivenNumber>();
  for (const n of [...a, ...b]) byNumber.set(n.telephoneNumber, n);
  return [...byNumber.values()].sort((x, y) => (x.telephoneNumber < y.telephoneNumber ? -1 : x.telephoneNumber > y.telephoneNumber ? 1 : 0));
}

/**
 * Steps that take back what ucflow gave: policies restored to what the user had, the numbers
 * ucflow assigned that the user still holds, the licenses it added, the group memberships it
 * added (those the user is still in; all of them when the memberships were not observed). The
 * usage location is put back when it had one.
 */
export function planSubscriberRemoval(observed: SubscriberServices, footprint: SubscriberFootprint): SubscriberStep[] {
  const steps: SubscriberStep[] = [];
  for (const [type, before] of Object.entries(footprint.policiesReplaced)) {
    if (observed.policies[type] === (before ?? undefined)) continue;
    steps.push(before === null ? { kind: "revokePolicy", policyType: type } : { kind: "grantPolicy", policyType: type, name: before });
  }
  for (const n of footprint.numbers) {
    if (observed.number?.telephoneNumber === n.telephoneNumber) steps.push({ kind: "unassignNumber", telephoneNumber: n.telephoneNumber, numberType: n.numberType });
  }
  const held = new Set(observed.licenses.map((l) => l.skuId.toLowerCase()));
  const remove = footprint.licensesAdded.filter((s) => held.has(s.toLowerCase()));
  if (remove.length > 0) steps.push({ kind: "removeLicenses", skuIds: remove });
  if (footprint.usageLocationBefore && observed.usageLocation !== footprint.usageLocationBefore) {
    steps.push({ kind: "setUsageLocation", usageLocation: footprint.usageLocationBefore });
  }
  const inGroups = observed.groups === undefined ? undefined : new Set(idSet(observed.groups));
  for (const groupId of idSet(footprint.groupsAdded ?? [])) {
    if (inGroups === undefined || inGroups.has(groupId)) steps.push({ kind: "removeGroupMember", groupId });
  }
  return steps;
}

/**
 * Whether the user already holds any of the desired services: a desired licence SKU, the desired
 * number, a desired policy grant, or a membership of the role's groups. Such a user has an
 * estate to adopt; one that holds none has nothing, and ucflow gives it everything as it does at
 * any site.
 */
export function holdsDesiredServices(observed: SubscriberServices, desired: SubscriberServices): boolean {
  const held = new Set(observed.licenses.map((l) => l.skuId.toLowerCase()));
  const inGroups = new Set(idSet(observed.groups ?? []));
  return (
    desired.licenses.some((l) => held.has(l.skuId.toLowerCase())) ||
    (desired.number !== undefined && observed.number?.telephoneNumber === desired.number.telephoneNumber) ||
    Object.entries(desired.policies).some(([type, name]) => observed.policies[type] === name) ||
    idSet(desired.groups ?? []).some((g) => inGroups.has(g))
  );
}

/** True when the footprint records nothing ucflow gave. */
export function isEmptyFootprint(footprint: SubscriberFootprint): boolean {
  return footprint.licensesAdded.length === 0 && footprint.numbers.length === 0 && Object.keys(footprint.policiesReplaced).length === 0 && footprint.usageLocationBefore === undefined && (footprint.groupsAdded ?? []).length === 0;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.map((x) => x.toLowerCase()));
  const right = new Set(b.map((x) => x.toLowerCase()));
  return left.size === right.size && [...left].every((x) => right.has(x));
}
