import * as t from "io-ts";
import { FILTER_CONDITIONS, type FilterRow } from "../../plan";
import { boundedArray, NonEmptyString, ObjectName } from "../codecs";
import { strictObject } from "../input-validation";

const Condition = t.keyof(Object.fromEntries(FILTER_CONDITIONS.map((c) => [c, null])) as Record<(typeof FILTER_CONDITIONS)[number], null>);

/** One row: `[not] attribute condition value [and|or]`; see provider/plan/filter.ts for semantics. */
export const FilterRowInput = strictObject(
  "FilterRow",
  {
    /** The user attribute to test, e.g. `city`, `department`, `extensionAttribute11`; looked up ignoring case. */
    attribute: NonEmptyString,
    /** How the attribute is compared with the value; every comparison ignores case. */
    condition: Condition,
    /** The text to compare with (a list for `in`, at most 15); may hold macros such as `{{site.city}}`. */
    value: t.union([t.string, t.array(t.string)]),
  },
  {
    /** Negates the row: a user without the attribute matches the negated row. @default false */
    not: t.boolean,
    /** Links the row to the next one (AND binds tighter than OR); required on every row but the last. */
    join: t.keyof({ and: null, or: null }),
  },
);

/** Model filter criteria: how synced users are matched, e.g. to a site by `{{site.city}}`. */
export const ModelFilterCriteriaInputs = strictObject("ModelFilterCriteria", {
  /** The name flow-through entries refer to it by. */
  name: ObjectName,
  /** The rows, read left to right. */
  rows: boundedArray(FilterRowInput, 50, "FilterRows"),
});
export type ModelFilterCriteriaInputs = t.TypeOf<typeof ModelFilterCriteriaInputs>;

// The codec and the planner must agree on the shape of a row.
const _rowsArePlannable: readonly FilterRow[] = [] as ModelFilterCriteriaInputs["rows"];
void _rowsArePlannable;
