// Adoption (VOSS calls it overbuild): bringing an estate that already exists under management
// without re-provisioning it. Opt-in, per customer (its customer-level objects: Teams dial plans,
// policies, voice routes, emergency locations; a cluster's partitions and calling search spaces)
// and per site (the site's objects and the users, phones and lines of its subscribers).
//
// Without it ucflow refuses an object it did not create (an "already exists" error with the fix);
// with it, create takes the object that has the desired key, records that it was adopted, and
// delete leaves an adopted object on the platform unless `onDelete: remove` says otherwise.
// The decisions are pure functions here so both platforms adopt, and give back, the same way.
import * as t from "io-ts";
import { strictObject } from "./input-validation";

/** Adoption (VOSS: overbuild): whether create takes over an object that already exists under the key ucflow wants, and what delete does with it. */
export const AdoptionInput = strictObject(
  "Adoption",
  {},
  {
    /** What create does with an object that already has the desired key and is not ucflow's: refuse it, or adopt it. @default refuse */
    existing: t.keyof({ refuse: null, adopt: null }),
    /** What delete does with an object ucflow adopted: leave it on the platform, or remove it as it removes what it created. @default retain */
    onDelete: t.keyof({ retain: null, remove: null }),
  },
);
export type AdoptionInput = t.TypeOf<typeof AdoptionInput>;

/** An adoption input with its defaults filled in. */
export interface AdoptionPolicy {
  readonly existing: "refuse" | "adopt";
  readonly onDelete: "retain" | "remove";
}

export const NO_ADOPTION: AdoptionPolicy = { existing: "refuse", onDelete: "retain" };

export function adoptionPolicy(input: AdoptionInput | undefined): AdoptionPolicy {
  return { existing: input?.existing ?? NO_ADOPTION.existing, onDelete: input?.onDelete ?? NO_ADOPTION.onDelete };
}

/** What the platform has under the key ucflow wants. */
export type ExistingObject =
  | { readonly found: false }
  /** `ours`: it carries this customer's ucflow mark (or ucflow's state records it as created). */
  | { readonly found: true; readonly ours: boolean };

export type CreationDecision =
  | { readonly action: "create" }
  /** Take it as ucflow's own (it is marked as this customer's): no adoption record. */
  | { readonly action: "take-own" }
  /** Adopt it: record `adopted: true`, then bring it to the desired settings. */
  | { readonly action: "adopt" }
  | { readonly action: "refuse" };

/** Create's decision for one object, the same on every platform. */
export function creationDecision(existing: ExistingObject, policy: AdoptionPolicy): CreationDecision {
  if (!existing.found) return { action: "create" };
  if (existing.ours) return { action: "take-own" };
  return policy.existing === "adopt" ? { action: "adopt" } : { action: "refuse" };
}

/** Delete's decision for one recorded object: an adopted object stays unless the policy says remove. */
export function removalDecision(record: { readonly adopted?: boolean }, policy: AdoptionPolicy): "remove" | "retain" {
  return record.adopted === true && policy.onDelete === "retain" ? "retain" : "remove";
}
