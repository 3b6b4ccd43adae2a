import { expect } from "chai";
import { ALLOW_MASS_DEPROVISION_CONFIG_KEY, checkDeleteGuard, PlanError, validateDeleteThreshold } from "../../../provider/plan";

describe("plan/delete-guard checkDeleteGuard", () => {
  it("names the config key that acknowledges a mass deprovisioning", () => {
    expect(ALLOW_MASS_DEPROVISION_CONFIG_KEY).to.equal("ucflow:allowMassDeprovision");
  });

  it("lets removals within the limits through; reaching a limit exactly is allowed", () => {
    expect(checkDeleteGuard(1000, 50, { maxCount: 50, maxPercent: 5 })).to.equal(undefined);
    expect(checkDeleteGuard(1000, 0, { maxCount: 0, maxPercent: 0 })).to.equal(undefined);
    expect(checkDeleteGuard(0, 0, { maxPercent: 10 })).to.equal(undefined);
    expect(checkDeleteGuard(10, 10, {})).to.equal(undefined);
  });

  it("says how many would go out of how many, which limit trips, and how to acknowledge", () => {
    expect(checkDeleteGuard(1000, 51, { maxCount: 50, maxPercent: 10 })).to.equal(
      "ucflow would deprovision 51 of 1,000 subscribers (5.1%), more than maxCount allows (50), so nothing was changed. " +
        "If the plan is right, run `pulumi config set ucflow:allowMassDeprovision true`, run again, then remove the setting; " +
        "otherwise check the filters and flow-through criteria these subscribers no longer match.",
    );
    expect(checkDeleteGuard(3, 1, { maxPercent: 10 })).to.equal(
      "ucflow would deprovision 1 of 3 subscribers (33.33%), more than maxPercent allows (10%), so nothing was changed. " +
        "If the plan is right, run `pulumi config set ucflow:allowMassDeprovision true`, run again, then remove the setting; " +
        "otherwise check the filters and flow-through criteria these subscribers no longer match.",
    );
    expect(checkDeleteGuard(12000, 12000, { maxCount: 100, maxPercent: 20 })).to.match(
      /^ucflow would deprovision 12,000 of 12,000 subscribers \(100%\), more than maxCount allows \(100\) and more than maxPercent allows \(20%\), so nothing was changed\./,
    );
  });

  it("lets anything through once acknowledged", () => {
    expect(checkDeleteGuard(1000, 1000, { maxCount: 1, maxPercent: 1, acknowledged: true })).to.equal(undefined);
  });

  it("throws for counts or thresholds that make no sense", () => {
    expect(() => checkDeleteGuard(10, 11, { maxCount: -1, maxPercent: 150 })).to.throw(
      PlanError,
      "the delete guard has 3 problems:\n" +
        "  - maxCount: must be a whole number, 0 or more; got -1\n" +
        "  - maxPercent: must be a percentage from 0 to 100; got 150\n" +
        "  - removeCount: 11 is more than the 10 current subscribers",
    );
    expect(validateDeleteThreshold({ maxCount: 2.5, maxPercent: Number.NaN, acknowledged: "yes" as unknown as boolean })).to.deep.equal([
      "maxCount: must be a whole number, 0 or more; got 2.5",
      "maxPercent: must be a percentage from 0 to 100; got NaN",
      'acknowledged: must be true or false; got "yes"',
    ]);
  });
});
