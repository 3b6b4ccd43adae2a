import * as t from "io-ts";
import { FILTER_CONDITIONS, type FilterRow } from "../../plan";
import { boundedArray, NonEmptyString, ObjectName } from "../codecs";
import { strictObject } from "../input-validation";

const Condition = t.keyof(Object.fromEntries(FILTER_CONDITIONS.map((c) => [c, null])) as Record<(typeof FILTER_CONDITIONS)[number], null>);

/** One row: `[not] attribute condition value [and|or]`; see provider/plan/filter.ts for semantics. */
export const FilterRowInput = strictObject(
  "FilterRow",
  { attribute: NonEmptyString, condition: Condition, value: t.union([t.string, t.array(t.string)]) },
  { not: t.boolean, join: t.keyof({ and: null, or: null }) },
);

/** Model filter criteria: how synced users are matched, e.g. to a site by `{{site.city}}`. */
export const ModelFilterCriteriaInputs = strictObject("ModelFilterCriteria", {
  name: ObjectName,
  rows: boundedArray(FilterRowInput, 50, "FilterRows"),
});
export type ModelFilterCriteriaInputs = t.TypeOf<typeof ModelFilterCriteriaInputs>;

// The codec and the planner must agree on the shape of a row.
const _rowsArePlannable: readonly FilterRow[] = [] as ModelFilterCriteriaInputs["rows"];
void _rowsArePlannable;
