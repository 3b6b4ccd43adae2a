import * as t from "io-ts";
import { boundedArray, CustomerCode, NonEmptyString, ObjectName, SiteCode } from "../codecs";
import { AdoptionInput } from "../adoption";
import { strictObject } from "../input-validation";

/** A normalization rule: a dialled string matching `pattern` is rewritten to `translation`. */
export const NormalizationRule = strictObject(
  "NormalizationRule",
  {
    /** The rule's name, unique in the dial plan. */
    name: ObjectName,
    /** A .NET regular expression over the dialled string, e.g. `^(\d{4})$`. */
    pattern: NonEmptyString,
    /** What the match becomes, with `$1` for groups, e.g. `+1312555$1`. */
    translation: t.string,
  },
  {
    /** The rule's description in Teams. */
    description: t.string,
    /** Teams: what the rule produces is an internal extension, not a PSTN number. @default false */
    isInternalExtension: t.boolean,
  },
);
export type NormalizationRule = t.TypeOf<typeof NormalizationRule>;

/** A dial plan for a customer or one of its sites; on Teams a tenant dial plan (`Tag:<name>`). */
export const DialPlanInputs = strictObject(
  "DialPlan",
  {
    /** The code of the customer it belongs to (in a definition, customer.code fills it). */
    customer: CustomerCode,
    /** The dial plan's name; on Teams its Identity is `Tag:<name>`. */
    name: ObjectName,
    /** `customer`: one dial plan for every site; `site`: the dial plan of the site named by `site`. */
    scope: t.keyof({ customer: null, site: null }),
    /** The rules, applied in order: the first that matches wins. */
    normalizationRules: boundedArray(NormalizationRule, 50, "NormalizationRules"),
  },
  {
    /** The site whose dial plan this is; required with scope "site". */
    site: SiteCode,
    /** The tenant dial plan's description; ucflow appends its mark, e.g. ` [ucflow:Cu1]`. */
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
