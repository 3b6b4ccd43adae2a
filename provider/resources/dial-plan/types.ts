import * as t from "io-ts";
import { boundedArray, CustomerCode, NonEmptyString, ObjectName, SiteCode } from "../codecs";
import { AdoptionInput } from "../adoption";
import { strictObject } from "../input-validation";

/** A normalization rule: a dialled string matching `pattern` is rewritten to `translation`. */
export const NormalizationRule = strictObject(
  "NormalizationRule",
  { name: ObjectName, pattern: NonEmptyString, translation: t.string },
  { description: t.string, isInternalExtension: t.boolean },
);
export type NormalizationRule = t.TypeOf<typeof NormalizationRule>;

/** A dial plan for a customer or one of its sites; on Teams a tenant dial plan (`Tag:<name>`). */
export const DialPlanInputs = strictObject(
  "DialPlan",
  {
    customer: CustomerCode,
    name: ObjectName,
    scope: t.keyof({ customer: null, site: null }),
    normalizationRules: boundedArray(NormalizationRule, 50, "NormalizationRules"),
  },
  {
    site: SiteCode,
    description: t.string,
    /** A tenant dial plan `Tag:<name>` that exists and is not ucflow's: refused, or adopted (the customer's `adoption`). @default refused */
    adoption: AdoptionInput,
  },
);
export type DialPlanInputs = t.TypeOf<typeof DialPlanInputs>;

/** A dial plan as ucflow records it: its inputs and the tenant dial plan's Identity (`Tag:<name>`). */
export type DialPlanState = DialPlanInputs & {
  readonly identity: string;
  /** ucflow adopted the tenant dial plan (it existed, not ucflow's): delete leaves it unless `adoption.onDelete` is remove. */
  readonly adopted?: boolean;
};
