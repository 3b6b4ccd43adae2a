// The delete guard: a filter typo must not deprovision half a customer. When a plan would
// remove more subscribers than the threshold allows, preview fails until someone says in the
// stack's config that it is intended.
import { PlanError } from "./errors";
import { formatCount, plural, show } from "./messages";

/** The stack config key that acknowledges a mass deprovisioning: `pulumi config set ucflow:allowMassDeprovision true`. */
export const ALLOW_MASS_DEPROVISION_CONFIG_KEY = "ucflow:allowMassDeprovision";

export interface DeleteThreshold {
  /** Most subscribers one run may remove. @default - no count limit */
  readonly maxCount?: number;
  /** Most subscribers one run may remove, as a percentage (0-100) of the current subscribers. @default - no percentage limit */
  readonly maxPercent?: number;
  /** The value of {@link ALLOW_MASS_DEPROVISION_CONFIG_KEY}: true lets any number through. @default false */
  readonly acknowledged?: boolean;
}

/** Every problem with a threshold, naming the field and the value given. */
export function validateDeleteThreshold(threshold: DeleteThreshold): string[] {
  const problems: string[] = [];
  if (threshold.maxCount !== undefined && (!Number.isInteger(threshold.maxCount) || threshold.maxCount < 0)) {
    problems.push(`maxCount: must be a whole number, 0 or more; got ${show(threshold.maxCount)}`);
  }
  if (threshold.maxPercent !== undefined && (typeof threshold.maxPercent !== "number" || !(threshold.maxPercent >= 0 && threshold.maxPercent <= 100))) {
    problems.push(`maxPercent: must be a percentage from 0 to 100; got ${show(threshold.maxPercent)}`);
  }
  if (threshold.acknowledged !== undefined && typeof threshold.acknowledged !== "boolean") {
    problems.push(`acknowledged: must be true or false; got ${show(threshold.acknowledged)}`);
  }
  return problems;
}

/**
 * Undefined when removing `removeCount` of `currentCount` subscribers is within the threshold
 * (reaching a limit exactly is allowed) or acknowledged; otherwise the message to fail with.
 * Throws a PlanError for counts or thresholds that make no sense.
 */
export function checkDeleteGuard(currentCount: number, removeCount: number, threshold: DeleteThreshold): string | undefined {
  const problems = validateDeleteThreshold(threshold);
  if (!Number.isInteger(currentCount) || currentCount < 0) problems.push(`currentCount: must be a whole number, 0 or more; got ${show(currentCount)}`);
  if (!Number.isInteger(removeCount) || removeCount < 0) problems.push(`removeCount: must be a whole number, 0 or more; got ${show(removeCount)}`);
  else if (removeCount > currentCount) problems.push(`removeCount: ${removeCount} is more than the ${currentCount} current subscribers`);
  if (problems.length > 0) throw new PlanError("the delete guard", problems);
  if (threshold.acknowledged === true || removeCount === 0) return undefined;

  const percent = (removeCount / currentCount) * 100;
  const tripped: string[] = [];
  if (threshold.maxCount !== undefined && removeCount > threshold.maxCount) tripped.push(`more than maxCount allows (${formatCount(threshold.maxCount)})`);
  if (threshold.maxPercent !== undefined && percent > threshold.maxPercent) tripped.push(`more than maxPercent allows (${formatPercent(threshold.maxPercent)})`);
  if (tripped.length === 0) return undefined;
  return (
    `ucflow would deprovision ${formatCount(removeCount)} of ${plural(currentCount, "subscriber")} (${formatPercent(percent)}), ${tripped.join(" and ")}, so nothing was changed. ` +
    `If the plan is right, run \`pulumi config set ${ALLOW_MASS_DEPROVISION_CONFIG_KEY} true\`, run again, then remove the setting; ` +
    `otherwise check the filters and flow-through criteria these subscribers no longer match.`
  );
}

function formatPercent(p: number): string {
  return `${Math.round(p * 100) / 100}%`;
}
