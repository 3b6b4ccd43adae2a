// License capacity: a plan that needs more units of a SKU than the tenant has free fails at
// preview, naming the SKU, instead of failing halfway through `up` with CountViolation errors.
import { compareIds } from "./identifiers";
import { duplicatesOf, formatCount, plural, show } from "./messages";

/** A SKU the tenant subscribes to (Graph `subscribedSku`). */
export interface SubscribedSku {
  /** e.g. `MCOEV`. */
  readonly skuPartNumber: string;
  /** The SKU's GUID. */
  readonly skuId: string;
  /** Units bought and usable (`prepaidUnits.enabled`). */
  readonly enabled: number;
  /** Units assigned (`consumedUnits`). */
  readonly consumed: number;
}

/** Which SKUs one planned user needs and which it holds now; SKUs by part number or skuId, ignoring case. */
export interface LicenseNeed {
  readonly userId: string;
  readonly needs: readonly string[];
  readonly holds: readonly string[];
}

/** Capacity of one SKU the plan needs. */
export interface SkuCapacity {
  readonly skuPartNumber: string;
  readonly skuId: string;
  readonly enabled: number;
  readonly consumed: number;
  /** `enabled - consumed`, at least 0. */
  readonly free: number;
  /** Users that need the SKU and do not hold it: each takes a unit. */
  readonly needed: number;
  /** Units missing: `needed - free`, at least 0. */
  readonly shortfall: number;
}

export interface LicenseCapacityReport {
  /** One per SKU the plan needs, sorted by part number. */
  readonly skus: readonly SkuCapacity[];
  /** One per SKU short of units or not subscribed, and per invalid input; throw them once (throwIfProblems). */
  readonly problems: readonly string[];
}

/**
 * Checks that the tenant has a free unit for every user the plan gives a SKU it does not hold.
 * Units that the plan frees by removing licenses are not counted as free: Pulumi may add
 * licenses before it removes others, and Graph refuses an assignment beyond the enabled units.
 */
export function checkLicenseCapacity(skus: readonly SubscribedSku[], plan: readonly LicenseNeed[]): LicenseCapacityReport {
  const problems: string[] = [];
  skus.forEach((sku, i) => {
    for (const field of ["enabled", "consumed"] as const) {
      if (!Number.isInteger(sku[field]) || sku[field] < 0) problems.push(`skus[${i}].${field}: must be a whole number of units, 0 or more; got ${show(sku[field])}`);
    }
  });
  for (const id of duplicatesOf(plan.map((n) => n.userId))) problems.push(`plan: user ${show(id)} is listed more than once; list each user once with all the SKUs it needs`);

  const byKey = new Map<string, SubscribedSku>();
  for (const sku of skus) {
    byKey.set(sku.skuPartNumber.toLowerCase(), sku);
    byKey.set(sku.skuId.toLowerCase(), sku);
  }
  const needed = new Map<SubscribedSku, number>();
  const unknown = new Map<string, number>();
  for (const user of plan) {
    const holds = new Set(user.holds.map((h) => byKey.get(h.toLowerCase())).filter((s) => s !== undefined));
    const needs = new Set<SubscribedSku>();
    for (const name of user.needs) {
      const sku = byKey.get(name.toLowerCase());
      if (sku === undefined) unknown.set(name, (unknown.get(name) ?? 0) + 1);
      else needs.add(sku);
    }
    for (const sku of needs) needed.set(sku, (needed.get(sku) ?? 0) + (holds.has(sku) ? 0 : 1));
  }

  for (const [name, users] of [...unknown].sort(([a], [b]) => compareIds(a, b))) {
    const subscribed = skus.map((s) => s.skuPartNumber).sort(compareIds);
    problems.push(
      `SKU ${show(name)} is needed by ${plural(users, "user")} but the tenant does not subscribe to it; ${subscribed.length === 0 ? "the tenant subscribes to no SKU" : `the subscribed SKUs are ${subscribed.join(", ")}`}`,
    );
  }
  const report = [...needed]
    .map(([sku, count]): SkuCapacity => {
      const free = Math.max(0, sku.enabled - sku.consumed);
      return { skuPartNumber: sku.skuPartNumber, skuId: sku.skuId, enabled: sku.enabled, consumed: sku.consumed, free, needed: count, shortfall: Math.max(0, count - free) };
    })
    .sort((a, b) => compareIds(a.skuPartNumber, b.skuPartNumber));
  for (const sku of report) {
    if (sku.shortfall === 0) continue;
    problems.push(
      `not enough ${sku.skuPartNumber} licenses: ${plural(sku.needed, "user")} ${sku.needed === 1 ? "needs" : "need"} a new unit but only ${formatCount(sku.free)} ${sku.free === 1 ? "is" : "are"} free ` +
        `(${formatCount(sku.enabled)} enabled, ${formatCount(sku.consumed)} consumed); add at least ${formatCount(sku.shortfall)} ${sku.shortfall === 1 ? "unit" : "units"} to the subscription or give fewer users ${sku.skuPartNumber}`,
    );
  }
  return { skus: report, problems };
}
