// Adoption (VOSS calls it overbuild): bringing an estate that already exists under management
// without re-provisioning it. Opt-in, per customer (its customer-level objects: Teams dial plans,
// policies, voice routes, emergency locations; a cluster's partitions and calling search spaces)
// and per site (the site's objects and the users, phones and lines of its subscribers).
//
// Without it ucflow refuses an object it did not create (an "already exists" error with the fix);
// with it, create takes the object that has the desired key, records that it was adopted, and
// delete leaves an adopted object on the platform unless `onDelete: remove` says otherwise.
// The decisions are pure functions (provider/plan/adoption.ts) so both platforms adopt, and give
// back, the same way.
import * as t from "io-ts";
import { type AdoptionPolicy, NO_ADOPTION } from "../plan/adoption";
import { strictObject } from "./input-validation";

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

export { type AdoptionPolicy, type CreationDecision, creationDecision, type ExistingObject, NO_ADOPTION, removalDecision } from "../plan/adoption";

export function adoptionPolicy(input: AdoptionInput | undefined): AdoptionPolicy {
  return { existing: input?.existing ?? NO_ADOPTION.existing, onDelete: input?.onDelete ?? NO_ADOPTION.onDelete };
}
