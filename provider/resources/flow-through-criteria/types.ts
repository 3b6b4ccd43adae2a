import * as t from "io-ts";
import { boundedArray, CustomerCode, NonEmptyString, ObjectName } from "../codecs";
import { strictObject } from "../input-validation";

/** One entry: users matching `filter` (a model filter criteria name) go to `site` with `profile`. */
export const FlowThroughEntryInput = strictObject(
  "FlowThroughEntry",
  { name: ObjectName, filter: ObjectName, site: NonEmptyString, profile: ObjectName },
  { role: ObjectName },
);

export const DeleteThresholdInput = t.partial({ maxCount: t.number, maxPercent: t.number });

/**
 * The customer's flow-through criteria: ordered entries, the first that matches wins. The
 * resource also carries the set of subscribers the entries select (computed by the program), so
 * its `check` can refuse a change that would deprovision too many of them at once.
 */
export const FlowThroughCriteriaInputs = strictObject(
  "FlowThroughCriteria",
  {
    customer: CustomerCode,
    entries: boundedArray(FlowThroughEntryInput, 100, "FlowThroughEntries"),
    /** Entra object ids of the users the entries select. */
    subscribers: boundedArray(t.string, 200_000, "Subscribers"),
  },
  {
    deleteThreshold: DeleteThresholdInput,
    /** Set from the `ucflow:allowMassDeprovision` config key to acknowledge a large removal. */
    allowMassDeprovision: t.boolean,
  },
);
export type FlowThroughCriteriaInputs = t.TypeOf<typeof FlowThroughCriteriaInputs>;
