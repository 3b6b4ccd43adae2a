import { expect } from "chai";
import { subscriberSetOf } from "../../../../provider/plan";
import { validateSubscriberSet } from "../../../../provider/resources/subscriber-set/provider";
import type { SubscriberSetInputs } from "../../../../provider/resources/subscriber-set/types";

const ID = "0b1d2c3e-0000-4000-8000-000000000001";
const entry = {
  userPrincipalName: "ana.kim@contoso.com",
  site: "Cu1Si1",
  profile: "Voice",
  criteria: "everyone",
  usageLocation: "US",
  licenses: [],
  enterpriseVoice: true,
  number: { telephoneNumber: "+13125550101", numberType: "directRouting" },
  policies: {},
};
const set = (overrides: Record<string, unknown> = {}) =>
  ({ customer: "Cu1", platform: "teams", set: subscriberSetOf(ID, 4), sets: 4, locations: { Cu1Si1: "loc-1" }, subscribers: { [ID]: entry }, ...overrides }) as unknown as SubscriberSetInputs;

describe("subscriber set validation", () => {
  it("accepts a consistent set", () => {
    expect(validateSubscriberSet(set(), undefined)).to.deep.equal([]);
  });

  it("names each entry that cannot be applied, with the subscriber's name", () => {
    const problems = validateSubscriberSet(set({ locations: {}, subscribers: { [ID]: { ...entry, number: undefined } } }), undefined);
    expect(problems).to.deep.equal([
      { property: `subscribers.${ID}.number`, reason: "ana.kim@contoso.com: Enterprise Voice is enabled by assigning a number; give the subscriber a number or set enterpriseVoice to false" },
    ]);
    expect(validateSubscriberSet(set({ locations: {} }), undefined)).to.deep.equal([
      { property: `subscribers.${ID}.site`, reason: "ana.kim@contoso.com: site Cu1Si1 has no emergency location in this set's locations; its number could not be assigned" },
    ]);
  });

  it("refuses keys that are not object ids or site codes", () => {
    const problems = validateSubscriberSet(set({ locations: { "not a site": "x" }, subscribers: { "ana@contoso.com": { ...entry, number: undefined, enterpriseVoice: false } } }), undefined);
    expect(problems.map((p) => p.property)).to.include.members(["locations.not a site", "subscribers.ana@contoso.com"]);
  });

  it("never lets an existing set change its customer, platform or index: that would deprovision everyone in it", () => {
    const problems = validateSubscriberSet(set(), { customer: "Cu2", platform: "teams", set: subscriberSetOf(ID, 4) } as Partial<SubscriberSetInputs>);
    expect(problems).to.deep.equal([{ property: "customer", reason: 'was "Cu2" and cannot change for an existing set; it would deprovision all of its subscribers' }]);
  });
});
