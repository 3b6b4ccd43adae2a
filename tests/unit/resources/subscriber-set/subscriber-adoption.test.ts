// Adoption of a site's Teams subscribers: who counts as adopted (decided once, when ucflow first
// meets the user), when ucflow's record is written on an adopted user, and that the plan takes
// back nothing an adopted user held before.
import { expect } from "chai";
import { EMPTY_FOOTPRINT, holdsDesiredServices, planSubscriberChanges, planSubscriberRemoval, type SubscriberServices } from "../../../../provider/plan";
import { adoptionPolicy, NO_ADOPTION } from "../../../../provider/resources/adoption";
import { recordsIntent, subscriberAdoption } from "../../../../provider/resources/subscriber-set/subscriber-adoption";

const E5 = "06ebc4ee-1bb5-47dd-8120-11324bc54e06";
const PHONE = "e43b5b99-8dfb-405f-9987-dc307f34bcbd";
const GROUP = "4c0b1e0a-0000-4000-8000-00000000000a";
const desired: SubscriberServices = {
  usageLocation: "US",
  licenses: [{ skuId: E5, disabledPlans: [] }],
  number: { telephoneNumber: "+13125550101", numberType: "directRouting", locationId: "loc-1" },
  policies: { TeamsCallingPolicy: "Cu1-Std" },
  groups: [GROUP],
};
const nothing: SubscriberServices = { licenses: [], policies: {} };
const adopt = adoptionPolicy({ existing: "adopt" });
const firstMeeting = { inState: false, recordOnUser: false };

describe("subscriber adoption", () => {
  it("counts a user as holding the desired services when it has any one of them", () => {
    expect(holdsDesiredServices(nothing, desired)).to.equal(false);
    expect(holdsDesiredServices({ ...nothing, licenses: [{ skuId: E5.toUpperCase(), disabledPlans: ["x"] }] }, desired)).to.equal(true);
    expect(holdsDesiredServices({ ...nothing, number: { telephoneNumber: "+13125550101", numberType: "unknown" } }, desired)).to.equal(true);
    expect(holdsDesiredServices({ ...nothing, number: { telephoneNumber: "+13125550199", numberType: "unknown" } }, desired)).to.equal(false);
    expect(holdsDesiredServices({ ...nothing, policies: { TeamsCallingPolicy: "Cu1-Std" } }, desired)).to.equal(true);
    expect(holdsDesiredServices({ ...nothing, policies: { TeamsCallingPolicy: "Other" } }, desired)).to.equal(false);
    expect(holdsDesiredServices({ ...nothing, groups: [GROUP.toUpperCase()] }, desired)).to.equal(true);
    expect(holdsDesiredServices({ ...nothing, licenses: [{ skuId: PHONE, disabledPlans: [] }] }, desired), "a licence the profile does not give").to.equal(false);
  });

  it("adopts, at a site that adopts, a user that holds some of the services and carries no ucflow record", () => {
    expect(subscriberAdoption(firstMeeting, desired, desired, adopt)).to.equal(true);
    expect(subscriberAdoption(firstMeeting, desired, desired, NO_ADOPTION), "the site does not adopt").to.equal(false);
    expect(subscriberAdoption(firstMeeting, nothing, desired, adopt), "nothing to adopt").to.equal(false);
    expect(subscriberAdoption({ inState: false, recordOnUser: true }, desired, desired, adopt), "ucflow's own").to.equal(false);
  });

  it("keeps the first decision: state's record wins over what the user holds now and over the site's adoption now", () => {
    expect(subscriberAdoption({ inState: true, adopted: true, recordOnUser: true }, nothing, desired, NO_ADOPTION)).to.equal(true);
    expect(subscriberAdoption({ inState: true, recordOnUser: false }, desired, desired, adopt)).to.equal(false);
  });

  it("writes no record on an adopted user that is given nothing, and does as before for everyone else", () => {
    const given = { ...EMPTY_FOOTPRINT, licensesAdded: [E5] };
    expect(recordsIntent(true, false, EMPTY_FOOTPRINT)).to.equal(false);
    expect(recordsIntent(true, false, given)).to.equal(true);
    expect(recordsIntent(true, true, EMPTY_FOOTPRINT)).to.equal(true);
    expect(recordsIntent(false, false, EMPTY_FOOTPRINT)).to.equal(true);
  });

  it("plans no step for a user that already has every service, and a removal that then takes nothing back", () => {
    const held: SubscriberServices = { ...desired, number: { telephoneNumber: "+13125550101", numberType: "unknown" } };
    const plan = planSubscriberChanges(held, { ...desired, number: { telephoneNumber: "+13125550101", numberType: "directRouting" } });
    expect(plan.steps).to.deep.equal([]);
    expect(plan.footprint).to.deep.equal(EMPTY_FOOTPRINT);
    expect(planSubscriberRemoval(held, plan.footprint)).to.deep.equal([]);
  });

  it("records as given only what ucflow adds to an adopted user, so a removal restores what the user had", () => {
    const held: SubscriberServices = { usageLocation: "US", licenses: [{ skuId: E5, disabledPlans: [] }], policies: { TeamsCallingPolicy: "Legacy" } };
    const plan = planSubscriberChanges(held, { ...desired, number: undefined, groups: undefined });
    expect(plan.footprint).to.deep.equal({ licensesAdded: [], numbers: [], policiesReplaced: { TeamsCallingPolicy: "Legacy" } });
    expect(planSubscriberRemoval({ ...held, policies: { TeamsCallingPolicy: "Cu1-Std" } }, plan.footprint)).to.deep.equal([
      { kind: "grantPolicy", policyType: "TeamsCallingPolicy", name: "Legacy" },
    ]);
  });
});
