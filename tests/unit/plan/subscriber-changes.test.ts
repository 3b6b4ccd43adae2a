import { expect } from "chai";
import { EMPTY_FOOTPRINT, planSubscriberChanges, planSubscriberRemoval, type SubscriberServices } from "../../../provider/plan";

const E5 = "06ebc4ee-1bb5-47dd-8120-11324bc54e06";
const PHONE = "e43b5b99-8dfb-405f-9987-dc307f34bcbd";
const bare: SubscriberServices = { licenses: [], policies: {} };
const desired: SubscriberServices = {
  usageLocation: "US",
  licenses: [{ skuId: E5, disabledPlans: [] }, { skuId: PHONE, disabledPlans: [] }],
  number: { telephoneNumber: "+13125550101", numberType: "directRouting", locationId: "loc-1" },
  policies: { OnlineVoiceRoutingPolicy: "Cu1-National", TenantDialPlan: "Cu1Si1" },
};

describe("subscriber changes", () => {
  it("provisions a bare user in order: usage location, licenses, number, policies", () => {
    const plan = planSubscriberChanges(bare, desired);
    expect(plan.steps.map((s) => s.kind)).to.deep.equal(["setUsageLocation", "addLicenses", "assignNumber", "grantPolicy", "grantPolicy"]);
    expect(plan.footprint).to.deep.equal({
      licensesAdded: [E5, PHONE].sort(),
      numberAssigned: true,
      policiesReplaced: { OnlineVoiceRoutingPolicy: null, TenantDialPlan: null },
    });
  });

  it("changes nothing when the platform already matches", () => {
    const first = planSubscriberChanges(bare, desired);
    expect(planSubscriberChanges(desired, desired, first.footprint)).to.deep.equal({ steps: [], footprint: first.footprint });
  });

  it("adopts what the user already holds without claiming it", () => {
    const holder: SubscriberServices = { usageLocation: "US", licenses: [{ skuId: E5, disabledPlans: [] }], number: desired.number, policies: {} };
    const plan = planSubscriberChanges(holder, desired);
    expect(plan.steps).to.deep.equal([
      { kind: "addLicenses", licenses: [{ skuId: PHONE, disabledPlans: [] }] },
      { kind: "grantPolicy", policyType: "OnlineVoiceRoutingPolicy", name: "Cu1-National" },
      { kind: "grantPolicy", policyType: "TenantDialPlan", name: "Cu1Si1" },
    ]);
    expect(plan.footprint.licensesAdded).to.deep.equal([PHONE]);
    expect(plan.footprint.numberAssigned).to.equal(false);
  });

  it("moves a subscriber: new number, new site dial plan", () => {
    const first = planSubscriberChanges(bare, desired);
    const boston = { ...desired, number: { telephoneNumber: "+16175550102", numberType: "directRouting" }, policies: { ...desired.policies, TenantDialPlan: "Cu1Si2" } };
    const plan = planSubscriberChanges(desired, boston, first.footprint);
    expect(plan.steps).to.deep.equal([
      { kind: "unassignNumber", number: desired.number },
      { kind: "assignNumber", number: boston.number },
      { kind: "grantPolicy", policyType: "TenantDialPlan", name: "Cu1Si2" },
    ]);
    expect(plan.footprint.policiesReplaced).to.deep.equal({ OnlineVoiceRoutingPolicy: null, TenantDialPlan: null });
  });

  it("puts back a policy changed out of band", () => {
    const first = planSubscriberChanges(bare, desired);
    const drifted = { ...desired, policies: { ...desired.policies, OnlineVoiceRoutingPolicy: "Unrestricted" } };
    expect(planSubscriberChanges(drifted, desired, first.footprint).steps).to.deep.equal([
      { kind: "grantPolicy", policyType: "OnlineVoiceRoutingPolicy", name: "Cu1-National" },
    ]);
  });

  it("on removal takes back only what it gave and restores replaced grants", () => {
    const user: SubscriberServices = { usageLocation: "GB", licenses: [{ skuId: E5, disabledPlans: [] }], policies: { TenantDialPlan: "Legacy" } };
    const plan = planSubscriberChanges(user, desired);
    const after = { ...desired };
    expect(planSubscriberRemoval(after, plan.footprint)).to.deep.equal([
      { kind: "revokePolicy", policyType: "OnlineVoiceRoutingPolicy" },
      { kind: "grantPolicy", policyType: "TenantDialPlan", name: "Legacy" },
      { kind: "unassignNumber", number: desired.number },
      { kind: "removeLicenses", skuIds: [PHONE] },
      { kind: "setUsageLocation", usageLocation: "GB" },
    ]);
  });

  it("stops granting a policy type the profile no longer has, restoring the user's own", () => {
    const first = planSubscriberChanges({ ...bare, policies: { TenantDialPlan: "Legacy" } }, desired);
    const fewer = { ...desired, policies: { OnlineVoiceRoutingPolicy: "Cu1-National" } };
    const plan = planSubscriberChanges(desired, fewer, first.footprint);
    expect(plan.steps).to.deep.equal([{ kind: "grantPolicy", policyType: "TenantDialPlan", name: "Legacy" }]);
    expect(plan.footprint.policiesReplaced).to.deep.equal({ OnlineVoiceRoutingPolicy: null });
  });

  it("starts from an empty footprint", () => {
    expect(EMPTY_FOOTPRINT).to.deep.equal({ licensesAdded: [], numberAssigned: false, policiesReplaced: {} });
  });
});

describe("subscriber changes: profiles without a number", () => {
  it("leave a number the user already had alone, and take back only ucflow's", () => {
    const own: SubscriberServices = { ...bare, number: { telephoneNumber: "+13125550101", numberType: "directRouting" } };
    const noPhone = { ...desired, number: undefined, policies: {} };
    expect(planSubscriberChanges(own, noPhone).steps.map((s) => s.kind)).to.deep.equal(["setUsageLocation", "addLicenses"]);
    const first = planSubscriberChanges(bare, desired);
    expect(planSubscriberChanges(desired, noPhone, first.footprint).steps.filter((s) => s.kind === "unassignNumber")).to.have.length(1);
  });
});
