// Group memberships of a role in the subscriber change plan: ucflow adds the user to the role's
// groups, records as its own only the memberships the user did not have, moves them on a role
// change and takes back exactly its own.
import { expect } from "chai";
import { isEmptyFootprint, planSubscriberChanges, planSubscriberRemoval, type SubscriberServices } from "../../../provider/plan";

const PHONE_USERS = "1a000000-0000-4000-8000-000000000001";
const SALES_VOICE = "1a000000-0000-4000-8000-000000000002";
const CONDITIONAL = "1a000000-0000-4000-8000-000000000003";
const bare: SubscriberServices = { licenses: [], policies: {} };
const role = (...groups: string[]): SubscriberServices => ({ ...bare, groups });

describe("subscriber changes: a role's group memberships", () => {
  it("adds a user to each group of the role, after the other steps, and records them as ucflow's", () => {
    const desired: SubscriberServices = { usageLocation: "US", licenses: [], policies: { TenantDialPlan: "Cu1Si1" }, groups: [SALES_VOICE, PHONE_USERS] };
    const plan = planSubscriberChanges(bare, desired);
    expect(plan.steps).to.deep.equal([
      { kind: "setUsageLocation", usageLocation: "US" },
      { kind: "grantPolicy", policyType: "TenantDialPlan", name: "Cu1Si1" },
      { kind: "addGroupMember", groupId: PHONE_USERS },
      { kind: "addGroupMember", groupId: SALES_VOICE },
    ]);
    expect(plan.footprint.groupsAdded).to.deep.equal([PHONE_USERS, SALES_VOICE]);
    expect(plan.intent.groupsAdded).to.deep.equal([PHONE_USERS, SALES_VOICE]);
  });

  it("never claims a membership the user already held, and never removes it", () => {
    const plan = planSubscriberChanges(role(PHONE_USERS), role(PHONE_USERS, SALES_VOICE));
    expect(plan.steps).to.deep.equal([{ kind: "addGroupMember", groupId: SALES_VOICE }]);
    expect(plan.footprint.groupsAdded).to.deep.equal([SALES_VOICE]);
    // The role no longer names either group: only ucflow's goes.
    const next = planSubscriberChanges(role(PHONE_USERS, SALES_VOICE), bare, plan.footprint);
    expect(next.steps).to.deep.equal([{ kind: "removeGroupMember", groupId: SALES_VOICE }]);
    expect(next.footprint).to.not.have.property("groupsAdded");
    expect(next.intent.groupsAdded, "recorded until the removal is done").to.deep.equal([SALES_VOICE]);
    expect(planSubscriberRemoval(role(PHONE_USERS, SALES_VOICE), plan.footprint)).to.deep.equal([{ kind: "removeGroupMember", groupId: SALES_VOICE }]);
  });

  it("moves memberships on a role change: adds the new role's, removes ucflow's that are no longer wanted, keeps shared ones", () => {
    const first = planSubscriberChanges(bare, role(PHONE_USERS, SALES_VOICE));
    const plan = planSubscriberChanges(role(PHONE_USERS, SALES_VOICE), role(PHONE_USERS, CONDITIONAL), first.footprint);
    expect(plan.steps).to.deep.equal([
      { kind: "addGroupMember", groupId: CONDITIONAL },
      { kind: "removeGroupMember", groupId: SALES_VOICE },
    ]);
    expect(plan.footprint.groupsAdded).to.deep.equal([CONDITIONAL, PHONE_USERS].sort());
    expect(plan.intent.groupsAdded).to.deep.equal([PHONE_USERS, SALES_VOICE, CONDITIONAL].sort());
  });

  it("restores a membership removed by hand and keeps it ucflow's", () => {
    const first = planSubscriberChanges(bare, role(PHONE_USERS, SALES_VOICE));
    const plan = planSubscriberChanges(role(PHONE_USERS), role(PHONE_USERS, SALES_VOICE), first.footprint);
    expect(plan.steps).to.deep.equal([{ kind: "addGroupMember", groupId: SALES_VOICE }]);
    expect(plan.footprint.groupsAdded).to.deep.equal([PHONE_USERS, SALES_VOICE]);
  });

  it("changes nothing when the user holds the role's groups, and forgets ucflow's groups the user already left", () => {
    const first = planSubscriberChanges(bare, role(PHONE_USERS));
    expect(planSubscriberChanges(role(PHONE_USERS), role(PHONE_USERS), first.footprint)).to.deep.equal({ steps: [], footprint: first.footprint, intent: first.footprint });
    const left = planSubscriberChanges(bare, bare, { ...first.footprint, groupsAdded: [SALES_VOICE] });
    expect(left.steps).to.deep.equal([]);
    expect(left.footprint).to.not.have.property("groupsAdded");
  });

  it("compares object ids in any case and records them in lower case", () => {
    const plan = planSubscriberChanges(role(PHONE_USERS.toUpperCase()), role(PHONE_USERS, SALES_VOICE.toUpperCase()));
    expect(plan.steps).to.deep.equal([{ kind: "addGroupMember", groupId: SALES_VOICE }]);
    expect(plan.footprint.groupsAdded).to.deep.equal([SALES_VOICE]);
  });

  it("on removal takes back ucflow's memberships the user is still in, or all of them when memberships were not read", () => {
    const footprint = { licensesAdded: [], numbers: [], policiesReplaced: {}, groupsAdded: [PHONE_USERS, SALES_VOICE] };
    expect(planSubscriberRemoval(role(SALES_VOICE, CONDITIONAL), footprint)).to.deep.equal([{ kind: "removeGroupMember", groupId: SALES_VOICE }]);
    expect(planSubscriberRemoval(bare, footprint).map((s) => s.kind)).to.deep.equal(["removeGroupMember", "removeGroupMember"]);
    expect(isEmptyFootprint(footprint)).to.equal(false);
  });

  it("leaves subscribers without groups as they were: no steps, no groupsAdded", () => {
    const plan = planSubscriberChanges(role(PHONE_USERS), { usageLocation: "US", licenses: [], policies: {} });
    expect(plan.steps).to.deep.equal([{ kind: "setUsageLocation", usageLocation: "US" }]);
    expect(plan.footprint).to.deep.equal({ licensesAdded: [], numbers: [], policiesReplaced: {} });
  });
});
