import { expect } from "chai";
import { describeTeamsDrift } from "../../../../provider/resources/subscriber-set/drift";
import type { TeamsSubscriberEntry } from "../../../../provider/resources/subscriber-set/types";

const E5 = "06ebc4ee-1bb5-47dd-8120-11324bc54e06";
const applied = {
  userPrincipalName: "alice@contoso.com",
  site: "Cu1Si1",
  profile: "Voice",
  criteria: "everyone",
  usageLocation: "US",
  licenses: [{ skuId: E5, sku: "SPE_E5", disabledPlans: [] }],
  enterpriseVoice: true,
  number: { telephoneNumber: "+13125550101", numberType: "directRouting" },
  policies: { OnlineVoiceRoutingPolicy: "Cu1-National", TenantDialPlan: "Cu1Si1-Chicago" },
} as unknown as TeamsSubscriberEntry;

describe("drift report", () => {
  it("is empty when the platform shows what ucflow applied", () => {
    expect(describeTeamsDrift("alice", applied, structuredClone(applied))).to.deep.equal([]);
  });

  it("names the subscriber and the field, with what the platform shows and what ucflow gave", () => {
    const seen = structuredClone(applied) as { -readonly [K in keyof TeamsSubscriberEntry]: TeamsSubscriberEntry[K] };
    (seen as { policies: Record<string, string> }).policies = { OnlineVoiceRoutingPolicy: "US-Unrestricted" };
    delete (seen as { number?: unknown }).number;
    (seen as { licenses: unknown[] }).licenses = [];
    expect(describeTeamsDrift("alice@contoso.com (id-1)", applied, seen as TeamsSubscriberEntry)).to.deep.equal([
      "alice@contoso.com (id-1): license SPE_E5 was removed",
      "alice@contoso.com (id-1): has no number, ucflow assigned +13125550101",
      "alice@contoso.com (id-1): OnlineVoiceRoutingPolicy is US-Unrestricted, ucflow granted Cu1-National",
      "alice@contoso.com (id-1): TenantDialPlan Cu1Si1-Chicago is no longer granted",
    ]);
  });

  it("reports a user that no longer exists", () => {
    expect(describeTeamsDrift("alice", applied, undefined)).to.deep.equal(["alice: the Entra user no longer exists"]);
  });
});
