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
      numbers: [{ telephoneNumber: "+13125550101", numberType: "directRouting", locationId: "loc-1" }],
      policiesReplaced: { OnlineVoiceRoutingPolicy: null, TenantDialPlan: null },
    });
    expect(plan.intent, "recorded before the first step: everything it is about to give").to.deep.equal(plan.footprint);
  });

  it("changes nothing when the platform already matches", () => {
    const first = planSubscriberChanges(bare, desired);
    expect(planSubscriberChanges(desired, desired, first.footprint)).to.deep.equal({ steps: [], footprint: first.footprint, intent: first.footprint });
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
    expect(plan.footprint.numbers, "the user's own number is not ucflow's").to.deep.equal([]);
  });

  it("moves a subscriber: new number, new site dial plan", () => {
    const first = planSubscriberChanges(bare, desired);
    const boston = { ...desired, number: { telephoneNumber: "+16175550102", numberType: "directRouting", locationId: "loc-2" }, policies: { ...desired.policies, TenantDialPlan: "Cu1Si2" } };
    const plan = planSubscriberChanges(desired, boston, first.footprint);
    expect(plan.steps).to.deep.equal([
      { kind: "unassignNumber", telephoneNumber: "+13125550101", numberType: "directRouting" },
      { kind: "assignNumber", number: boston.number },
      { kind: "grantPolicy", policyType: "TenantDialPlan", name: "Cu1Si2" },
    ]);
    expect(plan.footprint.policiesReplaced).to.deep.equal({ OnlineVoiceRoutingPolicy: null, TenantDialPlan: null });
    expect(plan.footprint.numbers.map((n) => n.telephoneNumber)).to.deep.equal(["+16175550102"]);
    expect(plan.intent.numbers.map((n) => n.telephoneNumber), "both numbers are recorded while the move is under way").to.deep.equal(["+13125550101", "+16175550102"]);
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
      { kind: "unassignNumber", telephoneNumber: "+13125550101", numberType: "directRouting" },
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
    expect(EMPTY_FOOTPRINT).to.deep.equal({ licensesAdded: [], numbers: [], policiesReplaced: {} });
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

describe("subscriber changes: numbers ucflow assigned", () => {
  const first = planSubscriberChanges(bare, desired);

  it("moves the number to the site's new emergency location, and nothing else", () => {
    const moved = { ...desired, number: { ...desired.number!, locationId: "loc-new" } };
    const plan = planSubscriberChanges(desired, moved, first.footprint);
    expect(plan.steps).to.deep.equal([{ kind: "moveNumberLocation", telephoneNumber: "+13125550101", locationId: "loc-new" }]);
    expect(plan.footprint.numbers).to.deep.equal([{ telephoneNumber: "+13125550101", numberType: "directRouting", locationId: "loc-new" }]);
  });

  it("re-assigns the number when its type changes, unassigning it with the type it had", () => {
    const calling = { ...desired, number: { ...desired.number!, numberType: "callingPlan" } };
    const plan = planSubscriberChanges(desired, calling, first.footprint);
    expect(plan.steps).to.deep.equal([
      { kind: "unassignNumber", telephoneNumber: "+13125550101", numberType: "directRouting" },
      { kind: "assignNumber", number: calling.number },
    ]);
    expect(plan.footprint.numbers[0].numberType).to.equal("callingPlan");
  });

  it("does not move or re-type a number that is the user's own", () => {
    const own = { ...desired, number: { telephoneNumber: "+13125550101", numberType: "unknown" } };
    const moved = { ...desired, number: { ...desired.number!, numberType: "callingPlan", locationId: "loc-new" } };
    expect(planSubscriberChanges(own, moved).steps.filter((s) => s.kind.includes("Number"))).to.deep.equal([]);
  });

  it("unassigns a user's own number that the allocation replaced, leaving its type to the platform", () => {
    const own: SubscriberServices = { ...bare, number: { telephoneNumber: "+13125550199", numberType: "unknown" } };
    const plan = planSubscriberChanges(own, desired);
    expect(plan.steps.filter((s) => s.kind === "unassignNumber")).to.deep.equal([{ kind: "unassignNumber", telephoneNumber: "+13125550199" }]);
  });

  it("on removal unassigns every number ucflow recorded that the user still holds", () => {
    const footprint = { ...first.footprint, numbers: [{ telephoneNumber: "+13125550101", numberType: "directRouting" }, { telephoneNumber: "+16175550102", numberType: "directRouting" }] };
    expect(planSubscriberRemoval(desired, footprint).filter((s) => s.kind === "unassignNumber")).to.deep.equal([
      { kind: "unassignNumber", telephoneNumber: "+13125550101", numberType: "directRouting" },
    ]);
  });
});
