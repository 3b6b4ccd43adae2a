import { expect } from "chai";
import { checkTeamsReferences, policiesCreatedBy, referencedPolicyTypes, type TeamsPolicyCatalog, type TeamsReferencingDefinition } from "../../../provider/plan/teams-references";

// The lab's seeded Contoso tenant, as readTeamsPolicyCatalog reads it.
const TENANT: TeamsPolicyCatalog = {
  TenantDialPlan: ["Global", "US-Chicago", "US-Boston"],
  OnlineVoiceRoutingPolicy: ["Global", "US-National", "US-Unrestricted"],
  TeamsCallingPolicy: ["Global", "AllowCalling", "DisallowCalling"],
  TeamsEmergencyCallingPolicy: ["Global", "US-E911-Notify"],
};

const DEFINITION: TeamsReferencingDefinition = {
  dialPlans: [{ name: "Cu1Si1-Chicago" }, { name: "Cu1Si2-Boston" }],
  classesOfService: [{ name: "Cu1-National" }, { name: "Cu1-International" }],
  sites: [
    { code: "Cu1Si1", dialPlan: "Cu1Si1-Chicago" },
    { code: "Cu1Si2", dialPlan: "US-Boston" },
    { code: "Cu1Si3" },
  ],
  profiles: [
    { name: "Voice", quickAddGroup: { policies: { OnlineVoiceRoutingPolicy: "Cu1-National", TeamsCallingPolicy: "AllowCalling" } } },
    { name: "Sales", quickAddGroup: { policies: { OnlineVoiceRoutingPolicy: "cu1-international", TeamsEmergencyCallingPolicy: "US-E911-Notify" } } },
    { name: "Messaging", quickAddGroup: {} },
  ],
};

function withProfile(policies: Record<string, string>): TeamsReferencingDefinition {
  return { ...DEFINITION, profiles: [{ name: "Voice", quickAddGroup: { policies } }] };
}

describe("Teams references", () => {
  it("names the policy types to read: those profiles and sites name, in a fixed order", () => {
    expect(referencedPolicyTypes(DEFINITION)).to.deep.equal(["TeamsCallingPolicy", "OnlineVoiceRoutingPolicy", "TenantDialPlan", "TeamsEmergencyCallingPolicy"]);
    expect(referencedPolicyTypes({ sites: [{ code: "Cu1Si1" }], profiles: [{ name: "Messaging", quickAddGroup: {} }] })).to.deep.equal([]);
  });

  it("knows what the definition creates, named as the ClassOfService and DialPlan kinds name it", () => {
    expect(policiesCreatedBy(DEFINITION)).to.deep.equal({
      TeamsCallingPolicy: ["Cu1-National", "Cu1-International"],
      OnlineVoiceRoutingPolicy: ["Cu1-National", "Cu1-International"],
      TenantDialPlan: ["Cu1Si1-Chicago", "Cu1Si2-Boston"],
      TeamsEmergencyCallingPolicy: [],
      CallingLineIdentity: [],
      OnlineVoicemailPolicy: [],
    });
  });

  it("accepts names the tenant has or the definition creates, ignoring case as Teams does", () => {
    expect(checkTeamsReferences(DEFINITION, TENANT)).to.deep.equal([]);
    expect(checkTeamsReferences(withProfile({ TeamsCallingPolicy: "global", TenantDialPlan: "us-chicago" }), TENANT)).to.deep.equal([]);
  });

  it("names the path in the definition, the profile, the name, and lists what exists", () => {
    expect(checkTeamsReferences(withProfile({ TeamsCallingPolicy: "Cu1-Nationl", TeamsEmergencyCallingPolicy: "US-E911" }), TENANT)).to.deep.equal([
      'profiles[0].quickAddGroup.policies.TeamsCallingPolicy (profile Voice): "Cu1-Nationl" is neither a TeamsCallingPolicy in the tenant nor one this definition creates; ' +
        "the tenant has Global, AllowCalling, DisallowCalling; this definition creates Cu1-National, Cu1-International (names ignore case). Correct the name, or create the policy in Teams first",
      'profiles[0].quickAddGroup.policies.TeamsEmergencyCallingPolicy (profile Voice): "US-E911" is neither a TeamsEmergencyCallingPolicy in the tenant nor one this definition creates; ' +
        "the tenant has Global, US-E911-Notify; this definition creates no TeamsEmergencyCallingPolicy (names ignore case). Correct the name, or create the policy in Teams first",
    ]);
  });

  it("checks a site's dial plan against the tenant's and the definition's dial plans", () => {
    const definition = { ...DEFINITION, sites: [{ code: "Cu1Si1", dialPlan: "Cu1Si1-Chicago" }, { code: "Cu1Si2", dialPlan: "Cu1Si1-Chicgo" }] };
    expect(checkTeamsReferences(definition, TENANT)).to.deep.equal([
      'sites[1].dialPlan (site Cu1Si2): "Cu1Si1-Chicgo" is neither a TenantDialPlan in the tenant nor a dial plan of this definition; ' +
        "the tenant has Global, US-Chicago, US-Boston; this definition creates Cu1Si1-Chicago, Cu1Si2-Boston (names ignore case). Correct the name, or add the dial plan to dialPlans",
    ]);
  });

  it("lists at most 10 names, then how many more", () => {
    const many: TeamsPolicyCatalog = { ...TENANT, TeamsCallingPolicy: ["Global", ...Array.from({ length: 14 }, (_, i) => `Policy${i + 1}`)] };
    const [problem] = checkTeamsReferences(withProfile({ TeamsCallingPolicy: "Policy99" }), many);
    expect(problem).to.include("the tenant has Global, Policy1, Policy2, Policy3, Policy4, Policy5, Policy6, Policy7, Policy8, Policy9 and 5 more;");
  });

  it("refuses a catalog that lacks a type the definition names", () => {
    const { TeamsEmergencyCallingPolicy: _read, ...partial } = TENANT;
    expect(() => checkTeamsReferences(DEFINITION, partial)).to.throw("the Teams policy catalog has no TeamsEmergencyCallingPolicy names; read every type the definition names (referencedPolicyTypes)");
  });
});
