import { expect } from "chai";
import { describeTeamsDrift, rememberGroupName } from "../../../../provider/resources/subscriber-set/drift";
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

  it("names a role's group the user is no longer in, by its display name when known, and a group ucflow still holds but no longer gives", () => {
    const SALES = "1a000000-0000-4000-8000-000000000002";
    const UNNAMED = "1a000000-0000-4000-8000-0000000000ff";
    const OLD = "1a000000-0000-4000-8000-000000000003";
    rememberGroupName(SALES, "Sales Voice");
    const withRole = { ...applied, role: "Sales", groups: [SALES, UNNAMED] } as TeamsSubscriberEntry;
    expect(describeTeamsDrift("alice", withRole, { ...withRole, groups: [SALES, UNNAMED] } as TeamsSubscriberEntry)).to.deep.equal([]);
    expect(describeTeamsDrift("alice", withRole, { ...withRole, groups: [OLD] } as TeamsSubscriberEntry)).to.deep.equal([
      "alice: not in group Sales Voice of role Sales",
      `alice: not in group ${UNNAMED} of role Sales`,
      `alice: is in group ${OLD}, which ucflow added before and no longer gives`,
    ]);
  });
});
