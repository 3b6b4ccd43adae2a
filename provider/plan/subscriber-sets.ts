// Subscriber sets: a customer's subscribers are held in a fixed number of sets (one Pulumi
// resource each), so the engine saves state per set rather than per subscriber and a set's
// provider can apply its subscribers in bulk. A subscriber's set depends only on its immutable
// id, never on site, profile or attributes: a move, a profile change or a renumbering is an
// update of the one set that holds the subscriber, never a removal in one set racing an
// addition in another.
import { canonical } from "./property-diff";

/** Sets a customer's subscribers are spread over when the definition does not say: ~500 each at 10,000. */
export const DEFAULT_SUBSCRIBER_SET_COUNT = 20;
export const MAX_SUBSCRIBER_SET_COUNT = 1000;

/**
 * The set (0 to count-1) a subscriber belongs to: FNV-1a of its id in lower case, modulo the
 * count. Stable across machines, versions and runs; the id's case does not matter.
 */
export function subscriberSetOf(subscriberId: string, count: number): number {
  let hash = 0x811c9dc5;
  for (const ch of subscriberId.toLowerCase()) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}

/**
 * `Cu1-subscribers-07` for set 7 of 20 on Teams, `Cu2-Cluster1-subscribers-07` on a Unified CM
 * cluster: zero-padded so the sets sort in order.
 */
export function subscriberSetName(customer: string, index: number, count: number, cluster?: string): string {
  return `${customer}-${cluster === undefined ? "" : `${cluster}-`}subscribers-${String(index).padStart(String(count - 1).length, "0")}`;
}

/** Subscribers by set index: `count` lists (some possibly empty), each in the order given. */
export function groupIntoSets<T>(subscribers: readonly T[], idOf: (s: T) => string, count: number): T[][] {
  const sets: T[][] = Array.from({ length: count }, () => []);
  for (const s of subscribers) sets[subscriberSetOf(idOf(s), count)].push(s);
  return sets;
}

/** Why a set's definition is inconsistent with itself or with the set it was: [] when it is fine. */
export function subscriberSetProblems(
  set: { readonly set: number; readonly sets: number; readonly subscribers: Readonly<Record<string, unknown>> },
  before: { readonly sets?: number } | undefined,
): { property: string; reason: string }[] {
  const problems: { property: string; reason: string }[] = [];
  if (!Number.isInteger(set.sets) || set.sets < 1 || set.sets > MAX_SUBSCRIBER_SET_COUNT) {
    problems.push({ property: "sets", reason: `must be a whole number from 1 to ${MAX_SUBSCRIBER_SET_COUNT}; got ${set.sets}` });
    return problems;
  }
  if (!Number.isInteger(set.set) || set.set < 0 || set.set >= set.sets) {
    problems.push({ property: "set", reason: `must be a whole number from 0 to ${set.sets - 1}; got ${set.set}` });
    return problems;
  }
  if (before?.sets !== undefined && before.sets !== set.sets) {
    problems.push({
      property: "sets",
      reason:
        `this customer's subscribers are held in ${before.sets} sets, and the definition now asks for ${set.sets}. ` +
        "Changing the number of sets would move most subscribers from one set to another, which ucflow refuses so that no one is deprovisioned by it; " +
        `set subscriberSets.count back to ${before.sets}`,
    });
  }
  for (const id of Object.keys(set.subscribers)) {
    const belongs = subscriberSetOf(id, set.sets);
    if (belongs !== set.set) problems.push({ property: `subscribers.${id}`, reason: `belongs to set ${belongs} of ${set.sets}, not to set ${set.set}` });
  }
  return problems;
}

/** What one set's update does to its subscribers. */
export interface SubscriberSetChanges<E> {
  /** Desired now, not applied before. */
  readonly added: readonly string[];
  /** Applied before and desired now, but differently (or needing work the entry does not show). */
  readonly changed: readonly string[];
  /** Applied before, not desired now: deprovisioned. */
  readonly removed: readonly string[];
  /** Desired entries by id, for the added and changed ones. */
  readonly desired: Readonly<Record<string, E>>;
}

/**
 * Compares what was applied with what is desired, entry by entry (by content, whatever the key
 * order). `needsWork` marks applied, equal entries that still need a call (e.g. their site's
 * emergency location changed). Ids are sorted, so the work is done in the same order every time.
 */
export function subscriberSetChanges<E>(
  applied: Readonly<Record<string, E>>,
  desired: Readonly<Record<string, E>>,
  needsWork: (id: string, entry: E) => boolean = () => false,
): SubscriberSetChanges<E> {
  const added: string[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  for (const id of Object.keys(desired).sort()) {
    if (!(id in applied)) added.push(id);
    else if (canonical(applied[id]) !== canonical(desired[id]) || needsWork(id, desired[id])) changed.push(id);
  }
  for (const id of Object.keys(applied).sort()) if (!(id in desired)) removed.push(id);
  return { added, changed, removed, desired };
}
