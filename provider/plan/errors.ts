// Planning problems are collected as sentences and thrown once, so a UC engineer sees every
// mistake in a definition from one preview instead of fixing them one run at a time.

const PLAN_ERROR = Symbol.for("ucflow.PlanError");

/** Every problem found while planning one subject (a filter, an inventory, a flow-through plan). */
export class PlanError extends Error {
  readonly problems: readonly string[];

  constructor(subject: string, problems: readonly string[]) {
    super(describePlanProblems(subject, problems));
    this.name = "PlanError";
    this.problems = [...problems];
    Object.defineProperty(this, PLAN_ERROR, { value: true });
  }
}

/** True for a {@link PlanError}, also one thrown by another copy of this module. */
export function isPlanError(e: unknown): e is PlanError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[PLAN_ERROR] === true;
}

/** Throws one {@link PlanError} listing every problem; does nothing when there are none. */
export function throwIfProblems(subject: string, problems: readonly string[]): void {
  if (problems.length > 0) throw new PlanError(subject, problems);
}

/** "subject has 2 problems:" then one indented line per problem. */
export function describePlanProblems(subject: string, problems: readonly string[]): string {
  const count = problems.length === 1 ? "a problem" : `${problems.length} problems`;
  return `${subject} has ${count}:\n${problems.map((p) => `  - ${p}`).join("\n")}`;
}
