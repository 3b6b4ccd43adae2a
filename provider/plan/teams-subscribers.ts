// From a customer's definition and a snapshot of its tenant (directory users, subscribed SKUs,
// number assignments) to the exact subscribers to provision: who, at which site, with which
// profile, licenses, number and policies. Every guard that needs no change on the platform
// runs here, so a preview fails before anything is touched: unknown names, license capacity,
// number exhaustion, flow-through problems.
import { checkLicenseCapacity, type SubscribedSku } from "./licenses";
import { type DirectoryUser, type FilterCriteria } from "./filter";
import { planFlowThrough, type FlowThroughEntry } from "./flow-through";
import { allocateNumbers, compareNumbers, parseNumber, type NumberInventory } from "./numbers";

export interface TeamsSiteDefinition {
  readonly code: string;
  /** Values of `{{site.*}}` macros (e.g. city) for filters. */
  readonly macros: Readonly<Record<string, string>>;
  readonly usageLocation: string;
  /** The site's tenant dial plan, granted as TenantDialPlan. */
  readonly dialPlan?: string;
}

export interface TeamsProfileDefinition {
  readonly name: string;
  readonly enterpriseVoice: boolean;
  readonly numberType: "directRouting" | "callingPlan" | "operatorConnect" | "none";
  readonly licenses: readonly { readonly sku: string; readonly disabledPlans?: readonly string[] }[];
  readonly policies: Readonly<Record<string, string>>;
}

export interface TeamsFlowThroughEntry {
  readonly name: string;
  /** Name of a model filter criteria. */
  readonly filter: string;
  readonly site: string;
  readonly profile: string;
  readonly role?: string;
}

export interface TeamsCustomerDefinition {
  readonly customer: string;
  readonly sites: readonly TeamsSiteDefinition[];
  readonly profiles: readonly TeamsProfileDefinition[];
  readonly filters: Readonly<Record<string, FilterCriteria>>;
  readonly flowThrough: readonly TeamsFlowThroughEntry[];
  readonly inventory: NumberInventory;
}

/** A subscribed SKU with its service plans, as Graph lists them. */
export interface TenantSku extends SubscribedSku {
  readonly servicePlans: readonly { readonly servicePlanId: string; readonly servicePlanName: string }[];
}

export interface TenantSnapshot {
  /** Users with at least `userPrincipalName` and the attributes filters use. */
  readonly users: readonly DirectoryUser[];
  /** skuIds each user holds now. */
  readonly licenses: ReadonlyMap<string, readonly string[]>;
  readonly skus: readonly TenantSku[];
  /** Telephone number → id of the user (or other target) it is assigned to. */
  readonly numberAssignments: ReadonlyMap<string, string>;
  readonly now: Date;
}

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
}

export interface TeamsSubscriberPlan {
  /** Sorted by user id. */
  readonly subscribers: readonly PlannedTeamsSubscriber[];
  readonly unmatched: readonly string[];
  /** Number changes a reviewer should see (a subscriber losing a number, and why). */
  readonly notes: readonly string[];
  readonly problems: readonly string[];
}

export function planTeamsSubscribers(definition: TeamsCustomerDefinition, tenant: TenantSnapshot): TeamsSubscriberPlan {
  const problems: string[] = [];
  const notes: string[] = [];

  const entries: FlowThroughEntry[] = [];
  for (const entry of definition.flowThrough) {
    const filter = definition.filters[entry.filter];
    if (!filter) {
      problems.push(`flow-through entry ${entry.name} uses model filter criteria ${JSON.stringify(entry.filter)}, which is not defined; defined: ${Object.keys(definition.filters).join(", ") || "none"}`);
      continue;
    }
    entries.push({ name: entry.name, filter, site: entry.site, profile: entry.profile, ...(entry.role ? { role: entry.role } : {}) });
  }
  const flow = planFlowThrough(
    tenant.users,
    entries,
    definition.sites.map((s) => ({ code: s.code, macros: s.macros })),
    { customer: { code: definition.customer }, profiles: definition.profiles.map((p) => p.name) },
  );
  problems.push(...flow.problems);

  const skuByPart = new Map(tenant.skus.map((s) => [s.skuPartNumber.toUpperCase(), s]));
  for (const profile of definition.profiles) {
    for (const license of profile.licenses) {
      const sku = skuByPart.get(license.sku.toUpperCase());
      if (!sku) {
        problems.push(`subscriber profile ${profile.name} gives license ${license.sku}, which the tenant does not subscribe to; it has ${tenant.skus.map((s) => s.skuPartNumber).join(", ") || "none"}`);
        continue;
      }
      for (const plan of license.disabledPlans ?? []) {
        if (!sku.servicePlans.some((p) => p.servicePlanName.toUpperCase() === plan.toUpperCase())) {
          problems.push(`subscriber profile ${profile.name} disables service plan ${plan} of ${sku.skuPartNumber}, which has no such plan; its plans are ${sku.servicePlans.map((p) => p.servicePlanName).join(", ")}`);
        }
      }
    }
  }
  if (problems.length > 0) return { subscribers: [], unmatched: flow.unmatched, notes, problems };

  const profileByName = new Map(definition.profiles.map((p) => [p.name, p]));
  const siteByCode = new Map(definition.sites.map((s) => [s.code, s]));
  const userById = new Map(tenant.users.map((u) => [u.id, u]));
  // A user holding several numbers: the lowest is taken as current, whatever order the tenant
  // listed them in (allocation then keeps the first of them valid for the user's site).
  const currentNumber = new Map<string, string>();
  for (const [number, owner] of tenant.numberAssignments) {
    const held = currentNumber.get(owner);
    if (parseNumber(number) !== undefined && (held === undefined || compareNumbers(number, held) < 0)) currentNumber.set(owner, number);
  }

  const numbered = flow.assignments.filter((a) => profileByName.get(a.profile)!.numberType !== "none");
  const numbers = allocateNumbers({
    inventory: definition.inventory,
    requests: numbered.map((a) => ({ subscriberId: a.userId, site: a.site, ...(currentNumber.has(a.userId) ? { current: currentNumber.get(a.userId)! } : {}) })),
    usedOnPlatform: tenant.numberAssignments,
    now: tenant.now,
    sites: definition.sites.map((s) => s.code),
  });
  problems.push(...numbers.problems);
  const numberOf = new Map(numbers.allocations.map((n) => [n.subscriberId, n]));
  for (const n of numbers.allocations) {
    if (n.replaced) notes.push(`${upnOf(userById.get(n.subscriberId))} loses ${n.replaced.number} (${n.replaced.reason}) and gets ${n.number}`);
  }

  const licenses = checkLicenseCapacity(
    tenant.skus,
    flow.assignments.map((a) => ({
      userId: a.userId,
      needs: profileByName.get(a.profile)!.licenses.map((l) => l.sku),
      holds: tenant.licenses.get(a.userId) ?? [],
    })),
  );
  problems.push(...licenses.problems);
  if (problems.length > 0) return { subscribers: [], unmatched: flow.unmatched, notes, problems };

  const subscribers = flow.assignments.map((a): PlannedTeamsSubscriber => {
    const profile = profileByName.get(a.profile)!;
    const site = siteByCode.get(a.site)!;
    const number = numberOf.get(a.userId);
    return {
      userId: a.userId,
      userPrincipalName: upnOf(userById.get(a.userId)),
      site: a.site,
      profile: a.profile,
      criteria: a.criteria,
      usageLocation: site.usageLocation,
      licenses: profile.licenses.map((l) => {
        const sku = skuByPart.get(l.sku.toUpperCase())!;
        const disabled = (l.disabledPlans ?? []).map((name) => sku.servicePlans.find((p) => p.servicePlanName.toUpperCase() === name.toUpperCase())!.servicePlanId);
        return { skuId: sku.skuId, sku: sku.skuPartNumber, disabledPlans: disabled };
      }),
      enterpriseVoice: profile.enterpriseVoice,
      ...(number && profile.numberType !== "none" ? { number: { telephoneNumber: number.number, numberType: profile.numberType } } : {}),
      policies: { ...profile.policies, ...(site.dialPlan ? { TenantDialPlan: site.dialPlan } : {}) },
    };
  });
  return { subscribers, unmatched: flow.unmatched, notes, problems };
}

function upnOf(user: DirectoryUser | undefined): string {
  const upn = user?.attributes.userPrincipalName;
  return typeof upn === "string" ? upn : (user?.id ?? "unknown user");
}
