// What to change on a platform to bring one subscriber from what the platform holds to what
// the program wants, and what to undo when the subscriber is deprovisioned. Pure: the
// Subscriber provider observes, calls this, and applies the steps in order.
//
// ucflow only ever takes back what it gave: licenses it added, a number it assigned, policies
// it granted (restoring what the user had before). Whatever the user held before ucflow came
// stays when the subscriber is deprovisioned.

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
}

/** What ucflow changed on the platform for this subscriber, kept in state. */
export interface SubscriberFootprint {
  /** SKUs ucflow added (the user did not hold them before). */
  readonly licensesAdded: readonly string[];
  /** True when ucflow assigned the current number. */
  readonly numberAssigned: boolean;
  /** Policy types ucflow granted, with the direct grant the user had before (null: none). */
  readonly policiesReplaced: Readonly<Record<string, string | null>>;
  /** The usage location before ucflow set it (it cannot be cleared on Entra, only changed). */
  readonly usageLocationBefore?: string;
}

export const EMPTY_FOOTPRINT: SubscriberFootprint = { licensesAdded: [], numberAssigned: false, policiesReplaced: {} };

export type SubscriberStep =
  | { readonly kind: "setUsageLocation"; readonly usageLocation: string }
  | { readonly kind: "addLicenses"; readonly licenses: readonly SubscriberLicenseState[] }
  | { readonly kind: "removeLicenses"; readonly skuIds: readonly string[] }
  | { readonly kind: "unassignNumber"; readonly number: SubscriberNumberState }
  | { readonly kind: "assignNumber"; readonly number: SubscriberNumberState }
  | { readonly kind: "grantPolicy"; readonly policyType: string; readonly name: string }
  | { readonly kind: "revokePolicy"; readonly policyType: string };

export interface SubscriberChangePlan {
  readonly steps: readonly SubscriberStep[];
  readonly footprint: SubscriberFootprint;
}

/**
 * Steps to converge `observed` to `desired`, given what ucflow did before (`footprint`).
 * Order: usage location (licenses need it), licenses (a number needs Teams Phone), number,
 * then policies; removals of what is no longer wanted come after additions of a license.
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
  const licensesAdded = [...new Set([...footprint.licensesAdded.filter((s) => wanted.has(s.toLowerCase())), ...newlyAdded])].sort();

  let numberAssigned = footprint.numberAssigned;
  const have = observed.number?.telephoneNumber;
  const want = desired.number?.telephoneNumber;
  if (want === undefined) {
    // A profile without a number leaves the user's own number alone; only ucflow's goes.
    if (numberAssigned && observed.number) steps.push({ kind: "unassignNumber", number: observed.number });
    numberAssigned = false;
  } else if (have !== want) {
    // The allocation decided the user's number changes (a move to another site's range).
    if (observed.number) steps.push({ kind: "unassignNumber", number: observed.number });
    steps.push({ kind: "assignNumber", number: desired.number! });
    numberAssigned = true;
  }

  const policiesReplaced: Record<string, string | null> = { ...footprint.policiesReplaced };
  for (const [type, name] of Object.entries(desired.policies)) {
    const current = observed.policies[type];
    if (current === name) continue;
    if (!(type in policiesReplaced)) policiesReplaced[type] = current ?? null;
    steps.push({ kind: "grantPolicy", policyType: type, name });
  }
  for (const type of Object.keys(policiesReplaced)) {
    if (type in desired.policies) continue;
    const before = policiesReplaced[type];
    delete policiesReplaced[type];
    if (observed.policies[type] === (before ?? undefined)) continue;
    steps.push(before === null ? { kind: "revokePolicy", policyType: type } : { kind: "grantPolicy", policyType: type, name: before });
  }

  return {
    steps,
    footprint: {
      licensesAdded,
      numberAssigned,
      policiesReplaced,
      ...(usageLocationBefore !== undefined ? { usageLocationBefore } : {}),
    },
  };
}

/**
 * Steps that take back what ucflow gave: policies restored to what the user had, the number
 * ucflow assigned, the licenses it added. The usage location is put back when it had one.
 */
export function planSubscriberRemoval(observed: SubscriberServices, footprint: SubscriberFootprint): SubscriberStep[] {
  const steps: SubscriberStep[] = [];
  for (const [type, before] of Object.entries(footprint.policiesReplaced)) {
    if (observed.policies[type] === (before ?? undefined)) continue;
    steps.push(before === null ? { kind: "revokePolicy", policyType: type } : { kind: "grantPolicy", policyType: type, name: before });
  }
  if (footprint.numberAssigned && observed.number) steps.push({ kind: "unassignNumber", number: observed.number });
  const held = new Set(observed.licenses.map((l) => l.skuId.toLowerCase()));
  const remove = footprint.licensesAdded.filter((s) => held.has(s.toLowerCase()));
  if (remove.length > 0) steps.push({ kind: "removeLicenses", skuIds: remove });
  if (footprint.usageLocationBefore && observed.usageLocation !== footprint.usageLocationBefore) {
    steps.push({ kind: "setUsageLocation", usageLocation: footprint.usageLocationBefore });
  }
  return steps;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.map((x) => x.toLowerCase()));
  const right = new Set(b.map((x) => x.toLowerCase()));
  return left.size === right.size && [...left].every((x) => right.has(x));
}
