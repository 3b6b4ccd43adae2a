import * as t from "io-ts";
import { Country, CustomerCode, NonEmptyString, ObjectName, SiteCode, TimeZone } from "../codecs";
import { AdoptionInput } from "../adoption";
import { strictObject } from "../input-validation";

/** A civic address, as emergency services need it. */
export const Address = strictObject(
  "Address",
  {
    /** House number and street, e.g. "233 S Wacker Dr". */
    street: NonEmptyString,
    /** The city; also the value of `{{site.city}}` in filters unless the site's macros say otherwise. */
    city: NonEmptyString,
    /** Quote it in YAML ("02110"), or a leading zero is lost. */
    postalCode: t.string,
    /** The country, two capital letters, e.g. "US". */
    country: Country,
  },
  {
    /** State or province, e.g. "IL". */
    state: t.string,
  },
);
export type Address = t.TypeOf<typeof Address>;

/**
 * A site of a customer. On Teams: an emergency location at its address, and the site dial plan
 * its subscribers get. Subscribers exist only at sites.
 */
export const SiteInputs = strictObject(
  "Site",
  {
    /** The code of the customer it belongs to (in a definition, customer.code fills it). */
    customer: CustomerCode,
    /** The site's code, unique in the customer; it prefixes the names of the site's objects. */
    code: SiteCode,
    /** The site's name as people know it, e.g. "Chicago"; also the value of `{{site.name}}`. */
    name: NonEmptyString,
    /** Where the site is: on Teams its emergency location. */
    address: Address,
  },
  {
    /** The site's tenant dial plan (a DialPlan with scope "site"). */
    dialPlan: ObjectName,
    /** Usage location given to the site's subscribers. @default the address's country */
    usageLocation: Country,
    /** The site's IANA time zone, e.g. "America/Chicago"; recorded with the site. */
    timeZone: TimeZone,
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
