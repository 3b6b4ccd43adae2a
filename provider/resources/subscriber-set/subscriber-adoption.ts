// Adoption of a site's subscribers on Teams: a user who already holds some of the subscriber's
// services (a licence, the number, a policy) at a site that adopts is taken as it is. The plan
// (provider/plan/subscriber-changes.ts) already gives such a user no step and records nothing as
// given by ucflow that the user had, so a removal never takes that back; what adoption adds is:
// no write at all for a user who needs nothing (not even ucflow's record on the user), and a
// removal that leaves an adopted user whole unless the site's `adoption.onDelete` is remove.
// Pure.
import { holdsDesiredServices, isEmptyFootprint, type SubscriberFootprint, type SubscriberServices } from "../../plan";
import { type AdoptionPolicy, creationDecision } from "../adoption";

/** What ucflow knows of the subscriber before it looks at the user. */
export interface KnownSubscriber {
  /** State has a record of what ucflow gave it (it was converged before). */
  readonly inState: boolean;
  /** State's record says it was adopted. */
  readonly adopted?: boolean;
  /** The user carries ucflow's record (open extension): ucflow's own subscriber. */
  readonly recordOnUser: boolean;
}

/**
 * Whether a subscriber is adopted. Decided when ucflow first meets the user (nothing in state,
 * no record on the user) and kept after: a user that carries ucflow's record is ucflow's own, a
 * user that holds some of the desired services at a site that adopts is adopted, and a user
 * that holds none has nothing to adopt (ucflow gives it everything, and takes it back).
 */
export function subscriberAdoption(known: KnownSubscriber, observed: SubscriberServices, desired: SubscriberServices, policy: AdoptionPolicy): boolean {
  if (known.inState) return known.adopted === true;
  if (known.recordOnUser) return false;
  const existing = holdsDesiredServices(observed, desired) ? ({ found: true, ours: false } as const) : ({ found: false } as const);
  return creationDecision(existing, policy).action === "adopt";
}

/**
 * Whether to write ucflow's record on the user before the steps. Always for ucflow's own
 * subscribers (it also says which customer the user belongs to); for an adopted user without a
 * record only once ucflow is about to give it something to take back.
 */
export function recordsIntent(adopted: boolean, recordOnUser: boolean, intent: SubscriberFootprint): boolean {
  return !adopted || recordOnUser || !isEmptyFootprint(intent);
}
