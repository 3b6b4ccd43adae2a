import * as t from "io-ts";
import { boundedArray, CustomerCode, E164, SiteCode } from "../codecs";
import { strictObject } from "../input-validation";

export const NumberRange = strictObject("NumberRange", { start: E164, end: E164 }, { site: SiteCode });
export const CoolingNumber = strictObject("CoolingNumber", { number: E164, until: t.string });

/**
 * The customer's numbers: ranges (customer-wide or per site), numbers held back (reserved) and
 * numbers recently freed that may not be reused yet (cooling, until a date).
 */
export const NumberInventoryInputs = strictObject(
  "NumberInventory",
  { customer: CustomerCode, ranges: boundedArray(NumberRange, 500, "NumberRanges") },
  {
    reserved: boundedArray(E164, 10_000, "ReservedNumbers"),
    cooling: boundedArray(CoolingNumber, 10_000, "CoolingNumbers"),
  },
);
export type NumberInventoryInputs = t.TypeOf<typeof NumberInventoryInputs>;
