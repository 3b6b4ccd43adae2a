import * as t from "io-ts";
import { Country, CustomerCode, NonEmptyString, ObjectName, SiteCode } from "../codecs";
import { AdoptionInput } from "../adoption";
import { strictObject } from "../input-validation";

/** A civic address, as emergency services need it. */
export const Address = strictObject(
  "Address",
  { street: NonEmptyString, city: NonEmptyString, postalCode: t.string, country: Country },
  { state: t.string },
);
export type Address = t.TypeOf<typeof Address>;

/**
 * A site of a customer. On Teams: an emergency location at its address, and the site dial plan
 * its subscribers get. Subscribers exist only at sites.
 */
export const SiteInputs = strictObject(
  "Site",
  { customer: CustomerCode, code: SiteCode, name: NonEmptyString, address: Address },
  {
    /** The site's tenant dial plan (a DialPlan with scope "site"). */
    dialPlan: ObjectName,
    /** Usage location given to the site's subscribers. @default the address's country */
    usageLocation: Country,
    timeZone: t.string,
    /** An emergency location at the site's address that exists and is not ucflow's: a new one is created beside it, or it is adopted (the site's `adoption`). @default - a new one */
    adoption: AdoptionInput,
  },
);
export type SiteInputs = t.TypeOf<typeof SiteInputs>;

/** A site as ucflow records it: its inputs and the emergency location Teams created for its address. */
export type SiteState = SiteInputs & {
  /** The emergency location's LocationId: subscribers at the site assign their numbers with it. */
  readonly locationId: string;
  /** ucflow adopted the emergency location (it existed at the address, not ucflow's): delete leaves it unless `adoption.onDelete` is remove. */
  readonly adopted?: boolean;
};
