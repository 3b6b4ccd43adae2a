import { expect } from "chai";
import { isPlanError, PlanError, throwIfProblems } from "../../../provider/plan";

describe("plan/errors", () => {
  it("lists every problem in one message and keeps them as a list", () => {
    const e = new PlanError("number inventory Cu1", ["ranges[0].start: is wrong", "ranges[1].end: is wrong"]);
    expect(e.message).to.equal("number inventory Cu1 has 2 problems:\n  - ranges[0].start: is wrong\n  - ranges[1].end: is wrong");
    expect(e.problems).to.deep.equal(["ranges[0].start: is wrong", "ranges[1].end: is wrong"]);
    expect(e.name).to.equal("PlanError");
    expect(new PlanError("x", ["one"]).message).to.equal("x has a problem:\n  - one");
  });

  it("is recognised by its brand, not by class identity", () => {
    expect(isPlanError(new PlanError("x", ["y"]))).to.equal(true);
    expect(isPlanError(Object.assign(new Error("look-alike"), { problems: [] }))).to.equal(false);
    expect(isPlanError({ [Symbol.for("ucflow.PlanError")]: true })).to.equal(true);
    expect(isPlanError(undefined)).to.equal(false);
  });

  it("throws once, only when there are problems", () => {
    expect(() => throwIfProblems("x", [])).not.to.throw();
    expect(() => throwIfProblems("x", ["a", "b"])).to.throw(PlanError, "x has 2 problems");
  });
});
