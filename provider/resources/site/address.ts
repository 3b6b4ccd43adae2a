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

/** The emergency address of a site: Description `<code> <name>`, CompanyName the customer code. */
export function emergencyAddressOf(site: Pick<SiteInputs, "customer" | "code" | "name" | "address">): EmergencyAddress {
  const parts = splitStreet(site.address.street);
  return {
    Description: `${site.code} ${site.name}`,
    CompanyName: site.customer,
    HouseNumber: parts?.houseNumber ?? "",
    StreetName: parts?.streetName ?? site.address.street.trim(),
    City: site.address.city,
    ...(site.address.state ? { StateOrProvince: site.address.state } : {}),
    PostalCode: site.address.postalCode,
    CountryOrRegion: site.address.country,
  };
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
  const actual = location as unknown as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  if (ADDRESS_FIELDS.every((field) => text(actual[field]).toLowerCase() === text(expected[field]).toLowerCase())) return desired;

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
