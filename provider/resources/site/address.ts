// A site's civic address as a Teams emergency address, and back. Pure.
//
// Teams keeps the house number apart from the street (HouseNumber, StreetName); a site gives one
// `street`. It is split at its number:
//   "233 S Wacker Dr"     -> HouseNumber "233", StreetName "S Wacker Dr"   (number first: US, UK, FR, AU)
//   "Bahnhofstrasse 5"    -> HouseNumber "5",   StreetName "Bahnhofstrasse" (number last: DE, CH, NL, IT)
//   "12B Baker St"        -> HouseNumber "12B", StreetName "Baker St"
// A street with no number at its start or end is refused at preview (Teams requires a house
// number). The rest of the street stays in StreetName as written: ucflow does not split
// directionals or suffixes (PreDirectional, StreetSuffix), so nothing is guessed.
import { descriptionOwner, isMarkedFor, markedDescription } from "../../backends/teams/ownership";
import { type AdoptionPolicy, creationDecision } from "../adoption";
import type { EmergencyAddress, EmergencyLocation } from "../../backends/teams/types";
import { optionalText } from "../tenant-kind";
import type { Address, SiteInputs } from "./types";

export interface StreetParts {
  readonly houseNumber: string;
  readonly streetName: string;
  /** Whether the number comes before the street name, as it was written. */
  readonly numberFirst: boolean;
}

const HOUSE_NUMBER = String.raw`\d[\dA-Za-z/-]*`;
const NUMBER_FIRST = new RegExp(String.raw`^(${HOUSE_NUMBER}),?\s+(\S.*)$`);
const NUMBER_LAST = new RegExp(String.raw`^(.*\S),?\s+(${HOUSE_NUMBER})$`);

/** The house number and street name of `street`, or undefined when it has no number at either end. */
export function splitStreet(street: string): StreetParts | undefined {
  const text = street.trim();
  const first = NUMBER_FIRST.exec(text);
  if (first) return { houseNumber: first[1] as string, streetName: first[2] as string, numberFirst: true };
  const last = NUMBER_LAST.exec(text);
  if (last) return { houseNumber: last[2] as string, streetName: (last[1] as string).replace(/,$/, ""), numberFirst: false };
  return undefined;
}

/**
 * The emergency address of a site: Description `<code> <name>` with ucflow's mark for the site
 * (`Cu1Si1 Chicago [ucflow:Cu1/Cu1Si1]`), CompanyName the customer code.
 */
export function emergencyAddressOf(site: Pick<SiteInputs, "customer" | "code" | "name" | "address">): EmergencyAddress {
  const parts = splitStreet(site.address.street);
  return {
    Description: markedDescription(`${site.code} ${site.name}`, { customer: site.customer, site: site.code }),
    CompanyName: site.customer,
    HouseNumber: parts?.houseNumber ?? "",
    StreetName: parts?.streetName ?? site.address.street.trim(),
    City: site.address.city,
    ...(site.address.state ? { StateOrProvince: site.address.state } : {}),
    PostalCode: site.address.postalCode,
    CountryOrRegion: site.address.country,
  };
}

/**
 * The location a site's create adopts instead of creating another: one marked for the site's
 * customer and site whose address is the site's address (a killed run's create). A marked
 * location at another address is not it: while a site moves, its old location still exists. Of
 * several, the lowest LocationId, so the same leftovers are always adopted the same way.
 */
export function adoptableLocation(locations: readonly EmergencyLocation[], site: Pick<SiteInputs, "customer" | "code" | "name" | "address">): EmergencyLocation | undefined {
  const expected = emergencyAddressOf(site) as unknown as Record<string, unknown>;
  return locations
    .filter((l) => isMarkedFor(l.Description, { customer: site.customer, site: site.code }) && sameAddress(l as unknown as Record<string, unknown>, expected))
    .sort((a, b) => (a.LocationId.toLowerCase() < b.LocationId.toLowerCase() ? -1 : a.LocationId.toLowerCase() > b.LocationId.toLowerCase() ? 1 : 0))[0];
}

/**
 * A location at the site's address that carries no ucflow mark at all: what a site that adopts
 * takes instead of creating its own (someone made it by hand). A location marked for another
 * site or customer is never taken: that site deletes it when it goes. Of several, the lowest
 * LocationId, so the same estate is always adopted the same way.
 */
export function unmarkedLocationAt(locations: readonly EmergencyLocation[], site: Pick<SiteInputs, "customer" | "code" | "name" | "address">): EmergencyLocation | undefined {
  const expected = emergencyAddressOf(site) as unknown as Record<string, unknown>;
  return locations
    .filter((l) => descriptionOwner(l.Description) === undefined && (sameAddress(l as unknown as Record<string, unknown>, expected) || sameCivicAddress(addressFromLocation(l, site.address, site), site.address)))
    .sort((a, b) => (a.LocationId.toLowerCase() < b.LocationId.toLowerCase() ? -1 : a.LocationId.toLowerCase() > b.LocationId.toLowerCase() ? 1 : 0))[0];
}

/**
 * Two site addresses are the same place: street (spaces collapsed), city, state, postal code and
 * country, ignoring case. A location made by hand often splits the street further than ucflow
 * does (New-CsOnlineLisCivicAddress -PreDirectional "S" -StreetName "Wacker" -StreetSuffix "Dr"
 * for "233 S Wacker Dr"); read back as a site address it is the same street.
 */
function sameCivicAddress(a: Address, b: Address): boolean {
  const key = (x: Address) => [x.street, x.city, x.state ?? "", x.postalCode, x.country].map((t) => t.trim().replace(/\s+/g, " ").toLowerCase()).join("\n");
  return key(a) === key(b);
}

/** What a site's create does: take back its own location, adopt an unmarked one at its address, or create one. */
export type SiteLocationCreation =
  | { readonly action: "take-own"; readonly location: EmergencyLocation }
  | { readonly action: "adopt"; readonly location: EmergencyLocation }
  | { readonly action: "create" };

/**
 * Teams lets locations share an address, so a location someone else made there is no conflict:
 * without adoption the site creates its own beside it; with `existing: adopt` it adopts it.
 */
export function siteLocationCreation(locations: readonly EmergencyLocation[], site: Pick<SiteInputs, "customer" | "code" | "name" | "address">, policy: AdoptionPolicy): SiteLocationCreation {
  const own = adoptableLocation(locations, site);
  if (own !== undefined) return { action: "take-own", location: own };
  const other = unmarkedLocationAt(locations, site);
  const decision = creationDecision(other === undefined ? { found: false } : { found: true, ours: false }, policy);
  return decision.action === "adopt" && other !== undefined ? { action: "adopt", location: other } : { action: "create" };
}

const ADDRESS_FIELDS = ["HouseNumber", "HouseNumberSuffix", "PreDirectional", "StreetName", "StreetSuffix", "PostDirectional", "City", "StateOrProvince", "PostalCode", "CountryOrRegion"] as const;

/**
 * The site's address as the location holds it. When the location still holds exactly what
 * `desired` maps to, `desired` itself is returned (so spacing or punctuation in the street never
 * reads as drift); otherwise the street is rebuilt from the location's parts, number first or
 * last as `desired` wrote it.
 */
export function addressFromLocation(location: EmergencyLocation, desired: Address, site: Pick<SiteInputs, "customer" | "code" | "name">): Address {
  const expected = emergencyAddressOf({ ...site, address: desired }) as unknown as Record<string, unknown>;
  if (sameAddress(location as unknown as Record<string, unknown>, expected)) return desired;

  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  const house = text(location.HouseNumber) + text(location.HouseNumberSuffix);
  const streetName = [location.PreDirectional, location.StreetName, location.StreetSuffix, location.PostDirectional].map(text).filter((t) => t !== "").join(" ");
  const numberFirst = splitStreet(desired.street)?.numberFirst ?? true;
  const street = house === "" ? streetName : numberFirst ? `${house} ${streetName}` : `${streetName} ${house}`;
  const state = optionalText(text(location.StateOrProvince), desired.state);
  return {
    street,
    city: text(location.City),
    postalCode: text(location.PostalCode),
    country: text(location.CountryOrRegion) as Address["country"],
    ...(state === undefined ? {} : { state }),
  } as Address;
}

/** The civic address fields agree, ignoring case and surrounding space (as Teams stores them). */
function sameAddress(actual: Record<string, unknown>, expected: Record<string, unknown>): boolean {
  const text = (value: unknown) => (typeof value === "string" ? value.trim().toLowerCase() : "");
  return ADDRESS_FIELDS.every((field) => text(actual[field]) === text(expected[field]));
}
