import * as t from "io-ts";
import { boundedArray, CustomerCode, InventoryNumber, SiteCode } from "../codecs";
import { strictObject } from "../input-validation";

/**
 * Numbers of one kind from start to end: E.164 numbers for Teams sites; extensions (the lines)
 * and E.164 DIDs for Unified CM sites.
 */
export const NumberRange = strictObject("NumberRange", { start: InventoryNumber, end: InventoryNumber }, { site: SiteCode });
export const CoolingNumber = strictObject("CoolingNumber", { number: InventoryNumber, until: t.string });

/**
 * The customer's numbers: ranges (customer-wide or per site), numbers held back (reserved) and
 * numbers recently freed that may not be reused yet (cooling, until a date).
 */
export const NumberInventoryInputs = strictObject(
  "NumberInventory",
  { customer: CustomerCode, ranges: boundedArray(NumberRange, 500, "NumberRanges") },
  {
    reserved: boundedArray(InventoryNumber, 10_000, "ReservedNumbers"),
    cooling: boundedArray(CoolingNumber, 10_000, "CoolingNumbers"),
  },
);
export type NumberInventoryInputs = t.TypeOf<typeof NumberInventoryInputs>;
