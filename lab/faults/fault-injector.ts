// The lab's live set of fault rules and its generator state; every service consults it before
// routing a request. The decision itself is the pure decideFault().
import { decideFault, type FaultDecision, type FaultRequest } from "./fault-decision";
import type { FaultRule, FaultRuleSpec } from "./fault-rules";
import { randomStateFromSeed } from "./seeded-random";

export interface FaultSnapshot {
  readonly seed: number;
  readonly rules: readonly FaultRule[];
}

export class FaultInjector {
  private rules: readonly FaultRule[] = [];
  private seed: number;
  private randomState: number;
  private nextId = 1;

  constructor(seed: number) {
    this.seed = seed;
    this.randomState = randomStateFromSeed(seed);
  }

  add(specs: readonly FaultRuleSpec[]): FaultRule[] {
    const added = specs.map((spec) => ({ ...spec, id: `f${this.nextId++}`, fired: 0 }));
    this.rules = [...this.rules, ...added];
    return added;
  }

  /** Removes one rule; false when no rule has that id. */
  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  /** Restarts the generator, so the same request sequence gets the same faults again. */
  reseed(seed: number): void {
    this.randomState = randomStateFromSeed(seed);
    this.seed = seed;
  }

  snapshot(): FaultSnapshot {
    return { seed: this.seed, rules: this.rules };
  }

  decide(request: FaultRequest): FaultDecision {
    if (this.rules.length === 0) return { delayMs: 0, outcome: { kind: "pass" }, fired: [], rules: this.rules, randomState: this.randomState };
    const decision = decideFault(this.rules, request, this.randomState);
    this.rules = decision.rules;
    this.randomState = decision.randomState;
    return decision;
  }
}
