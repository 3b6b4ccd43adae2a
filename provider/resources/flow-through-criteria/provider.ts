import { ALLOW_MASS_DEPROVISION_CONFIG_KEY, checkDeleteGuard, validateDeleteThreshold } from "../../plan";
import { definitionRecord } from "../definition-record";
import { kindProvider } from "../kind-provider";
import { FlowThroughCriteriaInputs } from "./types";

/**
 * The delete guard lives in `check`, which the engine runs during preview before anything
 * changes: if the new subscriber set drops more of the old one than the threshold allows, the
 * preview fails and so does an `up`, before any subscriber is deprovisioned.
 */
export const flowThroughCriteria = definitionRecord<FlowThroughCriteriaInputs>({
  kind: "FlowThroughCriteria",
  inputs: FlowThroughCriteriaInputs,
  replaceOn: ["customer"],
  describe: (i) => `flow-through criteria of ${i.customer}`,
  idOf: (i) => i.customer,
  validate: (news, olds) => {
    const problems = [];
    const names = news.entries.map((e) => e.name);
    const repeated = names.filter((n, i) => names.indexOf(n) !== i);
    if (repeated.length > 0) problems.push({ property: "entries", reason: `entry names must be unique; repeated: ${repeated.join(", ")}` });
    const threshold = news.deleteThreshold ?? {};
    for (const reason of validateDeleteThreshold(threshold)) problems.push({ property: "deleteThreshold", reason });
    const before = Array.isArray(olds?.subscribers) ? olds.subscribers : [];
    if (before.length > 0 && problems.length === 0) {
      const kept = new Set(news.subscribers);
      const removed = before.filter((id) => !kept.has(id)).length;
      const refusal = checkDeleteGuard(before.length, removed, { ...threshold, acknowledged: news.allowMassDeprovision === true });
      if (refusal) problems.push({ property: "subscribers", reason: refusal });
    }
    return problems;
  },
});

export const provider = kindProvider(flowThroughCriteria);
export { ALLOW_MASS_DEPROVISION_CONFIG_KEY };
