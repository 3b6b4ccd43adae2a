// The fault decision is pure: these tests need no sockets. They pin down matching, count, rate,
// ordering, and that a seeded generator repeats itself.
import { expect } from "chai";
import fc from "fast-check";
import {
  decideFault, faultRuleToJson, FaultRuleError, parseFaultRule, randomStateFromSeed,
  type FaultRule, type FaultRequest, type FaultRuleSpec,
} from "../../../lab";

const SERVICES = ["graph", "axl"];
const get: FaultRequest = { service: "graph", method: "GET", path: "/v1.0/users" };

function rule(id: string, spec: FaultRuleSpec): FaultRule {
  return { ...spec, id, fired: 0 };
}

/** Runs a request sequence through decideFault, threading rules and generator state. */
function run(rules: FaultRule[], requests: readonly FaultRequest[], seed: number) {
  let current: readonly FaultRule[] = rules;
  let state = randomStateFromSeed(seed);
  const outcomes: string[] = [];
  for (const request of requests) {
    const decision = decideFault(current, request, state);
    current = decision.rules;
    state = decision.randomState;
    outcomes.push(decision.outcome.kind === "pass" ? `pass+${decision.delayMs}` : decision.outcome.kind);
  }
  return { outcomes, rules: current };
}

describe("lab fault decision (pure)", () => {
  it("passes every request when there are no rules", () => {
    const decision = decideFault([], get, 1);
    expect(decision.outcome).to.deep.equal({ kind: "pass" });
    expect(decision.delayMs).to.equal(0);
    expect(decision.fired).to.deep.equal([]);
  });

  it("matches by service, method and path regex, and only then", () => {
    const rules = [rule("f1", { service: "graph", method: "GET", path: "^/v1\\.0/users$", action: { type: "status", status: 503 } })];
    expect(decideFault(rules, get, 1).outcome).to.include({ kind: "status", status: 503, ruleId: "f1" });
    expect(decideFault(rules, { ...get, service: "axl" }, 1).outcome.kind).to.equal("pass");
    expect(decideFault(rules, { ...get, method: "POST" }, 1).outcome.kind).to.equal("pass");
    expect(decideFault(rules, { ...get, path: "/v1.0/users/42" }, 1).outcome.kind).to.equal("pass");
    expect(decideFault(rules, { ...get, method: "get" }, 1).outcome.kind, "method compare is case-insensitive").to.equal("status");
  });

  it("fires a counted rule exactly count times, then lets requests through", () => {
    const rules = [rule("f1", { action: { type: "status", status: 429, retryAfter: 3 }, count: 2 })];
    const { outcomes, rules: after } = run(rules, [get, get, get, get], 1);
    expect(outcomes).to.deep.equal(["status", "status", "pass+0", "pass+0"]);
    expect(after[0]?.fired).to.equal(2);
  });

  it("carries Retry-After, body and headers of a status rule into the outcome", () => {
    const rules = [rule("f9", { action: { type: "status", status: 429, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT", body: { x: 1 }, headers: { "x-ms-throttle": "1" } } })];
    expect(decideFault(rules, get, 1).outcome).to.deep.equal({
      kind: "status", ruleId: "f9", status: 429, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT", body: { x: 1 }, headers: { "x-ms-throttle": "1" },
    });
  });

  it("adds up latency rules and goes on; the first answering rule ends evaluation", () => {
    const rules = [
      rule("f1", { action: { type: "latency", ms: 100 } }),
      rule("f2", { action: { type: "latency", ms: 50 } }),
      rule("f3", { action: { type: "reset" } }),
      rule("f4", { action: { type: "status", status: 503 } }),
    ];
    const decision = decideFault(rules, get, 1);
    expect(decision.delayMs).to.equal(150);
    expect(decision.outcome).to.deep.equal({ kind: "reset", ruleId: "f3" });
    expect(decision.fired).to.deep.equal(["f1", "f2", "f3"]);
    expect(decision.rules.map((r) => r.fired)).to.deep.equal([1, 1, 1, 0]);
  });

  it("never fires at rate 0, always at rate 1, and draws randomness only for rates in between", () => {
    const never = [rule("f1", { action: { type: "status", status: 503 }, rate: 0 })];
    const always = [rule("f1", { action: { type: "status", status: 503 }, rate: 1 })];
    expect(run(never, Array(50).fill(get), 5).outcomes).to.satisfy((o: string[]) => o.every((x) => x === "pass+0"));
    expect(run(always, Array(50).fill(get), 5).outcomes).to.satisfy((o: string[]) => o.every((x) => x === "status"));
    expect(decideFault(always, get, 1234).randomState, "rate 1 takes no draw").to.equal(1234);
    expect(decideFault([rule("f1", { action: { type: "reset" }, rate: 0.5 })], get, 1234).randomState).to.not.equal(1234);
  });

  it("repeats the same faults for the same seed and request sequence, and differs for another seed", () => {
    const rules = [rule("f1", { action: { type: "status", status: 503 }, rate: 0.5 })];
    const requests = Array<FaultRequest>(64).fill(get);
    const first = run(rules, requests, 42).outcomes;
    expect(run(rules, requests, 42).outcomes).to.deep.equal(first);
    expect(run(rules, requests, 43).outcomes).to.not.deep.equal(first);
  });

  it("fires a rate-0.3 rule on roughly 30% of 2000 requests (seeded, so the count is fixed)", () => {
    const { rules } = run([rule("f1", { action: { type: "status", status: 503 }, rate: 0.3 })], Array<FaultRequest>(2000).fill(get), 7);
    expect(rules[0]?.fired).to.be.within(540, 660);
  });

  it("never exceeds a rule's count and never mutates its input (property)", () => {
    const specArb: fc.Arbitrary<FaultRuleSpec> = fc.record({
      action: fc.oneof(
        fc.record({ type: fc.constant("latency" as const), ms: fc.integer({ min: 0, max: 10 }) }),
        fc.record({ type: fc.constant("status" as const), status: fc.integer({ min: 400, max: 599 }) }),
        fc.record({ type: fc.constant("reset" as const) }),
      ),
      service: fc.option(fc.constantFrom(...SERVICES), { nil: undefined }),
      method: fc.option(fc.constantFrom("GET", "POST"), { nil: undefined }),
      rate: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      count: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    }, { requiredKeys: ["action"] });
    const requestArb: fc.Arbitrary<FaultRequest> = fc.record({
      service: fc.constantFrom(...SERVICES), method: fc.constantFrom("GET", "POST"), path: fc.constantFrom("/a", "/b"),
    });
    fc.assert(fc.property(fc.array(specArb, { maxLength: 6 }), fc.array(requestArb, { maxLength: 40 }), fc.integer(), (specs, requests, seed) => {
      const rules = specs.map((spec, index) => rule(`f${index}`, spec));
      const frozen = JSON.stringify(rules);
      const { rules: after } = run(rules, requests, seed);
      expect(JSON.stringify(rules)).to.equal(frozen);
      after.forEach((r) => {
        if (r.count !== undefined) expect(r.fired).to.be.at.most(r.count);
        expect(r.fired).to.be.at.most(requests.length);
      });
      const again = run(rules, requests, seed);
      expect(again.rules).to.deep.equal(after);
    }));
  });
});

describe("lab fault rule parsing (pure)", () => {
  it("accepts the documented flat shape and returns it unchanged in the wire format", () => {
    const input = { service: "graph", method: "get", path: "^/v1\\.0/users", action: "status", status: 429, retryAfter: 5, body: { error: "x" }, rate: 0.25, count: 3 };
    const spec = parseFaultRule(input, SERVICES);
    expect(spec).to.deep.equal({ service: "graph", method: "GET", path: "^/v1\\.0/users", action: { type: "status", status: 429, retryAfter: 5, body: { error: "x" } }, rate: 0.25, count: 3 });
    expect(faultRuleToJson({ ...spec, id: "f1", fired: 0 })).to.deep.equal({ ...input, method: "GET", id: "f1", fired: 0 });
  });

  it("accepts latency and reset rules and Retry-After as an HTTP-date", () => {
    expect(parseFaultRule({ action: "latency", ms: 250 }, SERVICES)).to.deep.equal({ action: { type: "latency", ms: 250 } });
    expect(parseFaultRule({ action: "reset", path: "^/axl/" }, SERVICES)).to.deep.equal({ action: { type: "reset" }, path: "^/axl/" });
    const processed = parseFaultRule({ action: "reset", processed: true }, SERVICES);
    expect(processed).to.deep.equal({ action: { type: "reset", processed: true } });
    expect(faultRuleToJson({ ...processed, id: "f2", fired: 0 })).to.deep.equal({ id: "f2", action: "reset", processed: true, fired: 0 });
    expect(decideFault([{ ...processed, id: "f2", fired: 0 }], get, 1).outcome).to.deep.equal({ kind: "reset", ruleId: "f2", processed: true });
    expect(parseFaultRule({ action: "status", status: 503, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT" }, SERVICES).action)
      .to.deep.equal({ type: "status", status: 503, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT" });
  });

  const bad: [string, unknown, RegExp][] = [
    ["not an object", [1], /must be a JSON object/],
    ["unknown action", { action: "explode" }, /action must be "latency", "status" or "reset"/],
    ["unknown field", { action: "reset", sevice: "graph" }, /unknown field "sevice"/],
    ["unknown service", { action: "reset", service: "grpah" }, /service must be one of "graph", "axl"/],
    ["bad regex", { action: "reset", path: "(" }, /path is not a valid regular expression/],
    ["status out of range", { action: "status", status: 200 }, /status must be an HTTP error status from 400 to 599/],
    ["rate above 1", { action: "reset", rate: 1.5 }, /rate must be a number from 0 to 1/],
    ["count 0", { action: "reset", count: 0 }, /count must be a whole number of at least 1/],
    ["negative latency", { action: "latency", ms: -1 }, /ms must be a whole number of milliseconds/],
    ["field of another action", { action: "reset", status: 503 }, /status does not apply to action "reset"/],
    ["processed on a status", { action: "status", status: 503, processed: true }, /processed does not apply to action "status"/],
    ["processed not a boolean", { action: "reset", processed: "yes" }, /processed must be true or false, got "yes"/],
    ["bad Retry-After", { action: "status", status: 429, retryAfter: "soon" }, /retryAfter must be whole seconds or an HTTP-date/],
    ["header with newline", { action: "status", status: 429, headers: { "x-a": "1\r\nx-b: 2" } }, /must be a single-line string/],
  ];
  for (const [what, input, message] of bad) {
    it(`rejects ${what} with a sentence saying what is wrong`, () => {
      expect(() => parseFaultRule(input, SERVICES)).to.throw(FaultRuleError, message);
    });
  }
});
