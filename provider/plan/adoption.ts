// The decisions of adoption (VOSS's overbuild), pure so both platforms adopt, and give back, the
// same way: what create does with an object that is already under the key ucflow wants, and what
// delete does with one ucflow adopted. The input's codec is provider/resources/adoption.ts.

/** An adoption input with its defaults filled in. */
export interface AdoptionPolicy {
  readonly existing: "refuse" | "adopt";
  readonly onDelete: "retain" | "remove";
}

export const NO_ADOPTION: AdoptionPolicy = { existing: "refuse", onDelete: "retain" };

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
