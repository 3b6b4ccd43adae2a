// The fault decision for one request: which rules fire and what happens to the request. A pure
// function of (rules, request, generator state) so it is tested without sockets and a seeded
// lab repeats the same faults for the same request sequence.
import type { FaultRule } from "./fault-rules";
import { nextRandom } from "./seeded-random";

export interface FaultRequest {
  readonly service: string;
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
}

export type FaultOutcome =
  | { readonly kind: "pass" }
  | {
      readonly kind: "status";
      readonly ruleId: string;
      readonly status: number;
      readonly retryAfter?: number | string;
      readonly body?: unknown;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** `processed`: the service handles the request, then the connection drops unanswered. */
  | { readonly kind: "reset"; readonly ruleId: string; readonly processed?: true };

export interface FaultDecision {
  /** Total delay from the latency rules that fired, applied before the outcome. */
  readonly delayMs: number;
  readonly outcome: FaultOutcome;
  /** Ids of every rule that fired, in rule order. */
  readonly fired: readonly string[];
  /** The rules with their `fired` counters advanced. */
  readonly rules: readonly FaultRule[];
  /** Generator state for the next decision. */
  readonly randomState: number;
}

/**
 * Walks the rules in order. A matching rule fires unless its count is used up or its rate draw
 * misses (a draw is taken only for rates strictly between 0 and 1, so adding a rate-1 rule does
 * not shift other rules' draws). Latency rules add up and evaluation goes on; the first "status"
 * or "reset" rule that fires decides the outcome and ends evaluation.
 */
export function decideFault(rules: readonly FaultRule[], request: FaultRequest, randomState: number): FaultDecision {
  let state = randomState;
  let delayMs = 0;
  let outcome: FaultOutcome = { kind: "pass" };
  const fired: string[] = [];
  const updated = rules.slice();

  for (let index = 0; index < updated.length; index++) {
    const rule = updated[index] as FaultRule;
    if (!matches(rule, request)) continue;
    if (rule.count !== undefined && rule.fired >= rule.count) continue;
    const rate = rule.rate ?? 1;
    if (rate <= 0) continue;
    if (rate < 1) {
      const draw = nextRandom(state);
      state = draw.state;
      if (draw.value >= rate) continue;
    }
    updated[index] = { ...rule, fired: rule.fired + 1 };
    fired.push(rule.id);
    const action = rule.action;
    if (action.type === "latency") {
      delayMs += action.ms;
      continue;
    }
    if (action.type === "reset") {
      outcome = { kind: "reset", ruleId: rule.id, ...(action.processed ? { processed: true as const } : {}) };
    } else {
      outcome = {
        kind: "status",
        ruleId: rule.id,
        status: action.status,
        ...(action.retryAfter !== undefined ? { retryAfter: action.retryAfter } : {}),
        ...(action.body !== undefined ? { body: action.body } : {}),
        ...(action.headers !== undefined ? { headers: action.headers } : {}),
      };
    }
    break;
  }
  return { delayMs, outcome, fired, rules: updated, randomState: state };
}

function matches(rule: FaultRule, request: FaultRequest): boolean {
  if (rule.service !== undefined && rule.service !== request.service) return false;
  if (rule.method !== undefined && rule.method !== request.method.toUpperCase()) return false;
  if (rule.path !== undefined && !new RegExp(rule.path).test(request.path)) return false;
  return true;
}
