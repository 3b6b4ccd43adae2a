// Codecs for the values every resource kind shares: codes, numbers, identifiers. Each failure
// message says what is expected, with an example, in the words a UC engineer uses.
import * as t from "io-ts";
import { getCountries, getCountryCallingCode } from "libphonenumber-js";
import { refinedString } from "./input-validation";

// The countries and country calling codes of the world's numbering plans, from libphonenumber's
// metadata (kept current with ITU assignments): a code that is not one of them is a typo.
const COUNTRIES: ReadonlySet<string> = new Set(getCountries());
const COUNTRY_CALLING_CODES: ReadonlySet<string> = new Set(getCountries().map((country) => getCountryCallingCode(country)));

export interface CustomerCodeBrand {
  readonly CustomerCode: unique symbol;
}
/** A customer code such as `Cu1`: it prefixes every name ucflow creates for the customer. */
export const CustomerCode = refinedString<CustomerCodeBrand>(
  "CustomerCode",
  (s) => /^[A-Za-z][A-Za-z0-9]{0,15}$/.test(s),
  "must be a customer code: a letter then up to 15 letters or digits, e.g. Cu1",
);
export type CustomerCode = t.TypeOf<typeof CustomerCode>;

export interface SiteCodeBrand {
  readonly SiteCode: unique symbol;
}
/** A site code such as `Cu1Si2`. */
export const SiteCode = refinedString<SiteCodeBrand>(
  "SiteCode",
  (s) => /^[A-Za-z][A-Za-z0-9]{0,23}$/.test(s),
  "must be a site code: a letter then up to 23 letters or digits, e.g. Cu1Si2",
);
export type SiteCode = t.TypeOf<typeof SiteCode>;

export interface E164Brand {
  readonly E164: unique symbol;
}
/** A telephone number in E.164: `+`, country code, subscriber number; 8 to 15 digits in all. */
export const E164 = refinedString<E164Brand>(
  "E164",
  (s) => /^\+[1-9]\d{7,14}$/.test(s),
  "must be an E.164 number: + then 8 to 15 digits, e.g. +14155550100",
);
export type E164 = t.TypeOf<typeof E164>;

export interface InventoryNumberBrand {
  readonly InventoryNumber: unique symbol;
}
/**
 * A number of the inventory: an E.164 number (Teams, DIDs) or an internal extension of digits
 * only (Unified CM directory numbers), as provider/plan/numbers.ts reads them.
 */
export const InventoryNumber = refinedString<InventoryNumberBrand>(
  "InventoryNumber",
  (s) => /^\+[1-9]\d{7,14}$/.test(s) || /^\d{1,15}$/.test(s),
  "must be an E.164 number (+ then 8 to 15 digits, e.g. +14155550100) or an extension (1 to 15 digits, e.g. 4001)",
);

export interface GuidBrand {
  readonly Guid: unique symbol;
}
/** A Microsoft identifier such as a tenant, user or SKU id. */
export const Guid = refinedString<GuidBrand>(
  "Guid",
  (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s),
  "must be a GUID, e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47",
);
export type Guid = t.TypeOf<typeof Guid>;

export interface CountryBrand {
  readonly Country: unique symbol;
}
/** ISO 3166-1 alpha-2 country, as Entra's usageLocation and Teams emergency addresses take it. */
export const Country = refinedString<CountryBrand>(
  "Country",
  (s) => /^[A-Z]{2}$/.test(s) && COUNTRIES.has(s),
  "must be a two-letter ISO 3166 country code in capitals of a country with a telephone numbering plan, e.g. US, GB or DE",
);
export type Country = t.TypeOf<typeof Country>;

/** Whether `code` is the E.164 country calling code (no "+") of a country, e.g. "1" or "44". */
export function isCountryCallingCode(code: string): boolean {
  return COUNTRY_CALLING_CODES.has(code);
}

/** What a country calling code must be, for messages. */
export const COUNTRY_CALLING_CODE_RULE = 'must be the country calling code of a country: digits without + or a leading 0, e.g. "1" (North America), "44" (UK) or "49" (Germany)';

export interface TimeZoneBrand {
  readonly TimeZone: unique symbol;
}
/** An IANA time zone, e.g. America/Chicago (the names Node's Intl knows, aliases included). */
export const TimeZone = refinedString<TimeZoneBrand>(
  "TimeZone",
  (s) => {
    if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(s)) return false;
    try {
      new Intl.DateTimeFormat("en", { timeZone: s });
      return true;
    } catch {
      return false;
    }
  },
  "must be an IANA time zone, e.g. America/Chicago or Europe/London",
);
export type TimeZone = t.TypeOf<typeof TimeZone>;

export interface NameBrand {
  readonly Name: unique symbol;
}
/**
 * A name ucflow gives to a platform object (policy, dial plan, usage): Teams identities are
 * limited to 49 characters and `Tag:` is added by the platform.
 */
export const ObjectName = refinedString<NameBrand>(
  "ObjectName",
  (s) => /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,48}$/.test(s),
  "must be 1 to 49 letters, digits, spaces, dots, dashes or underscores, starting with a letter or digit",
);
export type ObjectName = t.TypeOf<typeof ObjectName>;

export interface NonEmptyBrand {
  readonly NonEmpty: unique symbol;
}
/** Text that is not blank, at most 256 characters. */
export const NonEmptyString = refinedString<NonEmptyBrand>(
  "NonEmptyString",
  (s) => s.trim().length > 0 && s.length <= 256,
  "must be a non-empty text of at most 256 characters",
);
export type NonEmptyString = t.TypeOf<typeof NonEmptyString>;

/** A list codec that keeps its item codec and limit, so the docs can say what the list holds. */
export type BoundedArrayType<C extends t.Mixed> = t.Type<t.TypeOf<C>[], unknown[], unknown> & { readonly item: C; readonly maxItems: number };

/** An array with at most `max` items, so an oversized list fails at preview, not at the platform. */
export function boundedArray<C extends t.Mixed>(item: C, max: number, name: string): BoundedArrayType<C> {
  const array = t.array(item);
  const codec = new t.Type<t.TypeOf<C>[], unknown[], unknown>(
    name,
    (u): u is t.TypeOf<C>[] => array.is(u) && u.length <= max,
    (u, c) =>
      Array.isArray(u) && u.length > max
        ? t.failure(u, c, `must have at most ${max} entries; got ${u.length}`)
        : array.validate(u, [...c, { key: "", type: array, actual: u }]),
    (a) => array.encode(a),
  );
  return Object.assign(codec, { item, maxItems: max });
}
