import * as t from "io-ts";
import { boundedArray, CustomerCode, InventoryNumber, SiteCode } from "../codecs";
import { strictObject } from "../input-validation";

/**
 * Numbers of one kind from start to end: E.164 numbers for Teams sites; extensions (the lines)
 * and E.164 DIDs for Unified CM sites.
 */
export const NumberRange = strictObject(
  "NumberRange",
  {
    /** The first number; of the same kind and length as `end`. */
    start: InventoryNumber,
    /** The last number, included. */
    end: InventoryNumber,
  },
  {
    /** The site whose subscribers get the range's numbers. @default - customer-wide: any site may use it */
    site: SiteCode,
  },
);
/** A number recently freed, held back until `until`, so callers of its old owner do not reach a new one. */
export const CoolingNumber = strictObject("CoolingNumber", {
  /** The number held back. */
  number: InventoryNumber,
  /** An ISO 8601 date or time, e.g. "2026-03-01". */
  until: t.string,
});

/**
 * The customer's numbers: ranges (customer-wide or per site), numbers held back (reserved) and
 * numbers recently freed that may not be reused yet (cooling, until a date).
 */
export const NumberInventoryInputs = strictObject(
  "NumberInventory",
  {
    /** The code of the customer it belongs to (in a definition, customer.code fills it). */
    customer: CustomerCode,
    /** The ranges ucflow allocates from, lowest free number first; they may not overlap. */
    ranges: boundedArray(NumberRange, 500, "NumberRanges"),
  },
  {
    /** Numbers of the ranges never handed out (reception, fax, numbers kept for later). */
    reserved: boundedArray(InventoryNumber, 10_000, "ReservedNumbers"),
    /** Numbers freed recently, not handed out before their date. */
    cooling: boundedArray(CoolingNumber, 10_000, "CoolingNumbers"),
  },
);
export type NumberInventoryInputs = t.TypeOf<typeof NumberInventoryInputs>;
