// readTeamsPolicyCatalog against the lab's Teams admin API: the seeded policy names per type,
// bare (no `Tag:`) with `Global`, one listing per type, and what a definition creates appearing
// once it exists.
import { expect } from "chai";
import { TeamsAdminClient } from "../../../provider/backends/teams/client";
import { createConfiguration } from "../../../provider/backends/teams/configurations";
import { fetchTransport, type PipelineRequest } from "../../../provider/core/http-pipeline";
import { checkTeamsReferences } from "../../../provider/plan/teams-references";
import { readTeamsPolicyCatalog } from "../../../sdk/directory/teams-policies";
import { secretCredential, type MicrosoftLab, withMicrosoftLab } from "./support";

// The lab serves these policy types; CallingLineIdentity and OnlineVoicemailPolicy it does not (yet).
const LAB_POLICY_TYPES = ["TeamsCallingPolicy", "OnlineVoiceRoutingPolicy", "TenantDialPlan", "TeamsEmergencyCallingPolicy"] as const;

describe("readTeamsPolicyCatalog (the lab's Teams admin API)", () => {
  let env: MicrosoftLab;
  let requests: PipelineRequest[];
  let teams: TeamsAdminClient;

  withMicrosoftLab((lab) => {
    env = lab;
  });
  beforeEach(() => {
    requests = [];
    const transport = fetchTransport();
    teams = new TeamsAdminClient({
      credential: secretCredential(env),
      baseUrl: `${env.teamsUrl}/`,
      transport: (request) => {
        requests.push(request);
        return transport(request);
      },
    });
  });

  it("reads the tenant's policy names per type, bare and with Global, one listing each", async () => {
    const catalog = await readTeamsPolicyCatalog(teams, LAB_POLICY_TYPES);
    expect(catalog).to.deep.equal({
      TeamsCallingPolicy: ["Global", "AllowCalling", "DisallowCalling"],
      OnlineVoiceRoutingPolicy: ["Global", "US-National", "US-Unrestricted"],
      TenantDialPlan: ["Global", "US-Chicago", "US-Boston"],
      TeamsEmergencyCallingPolicy: ["Global", "US-E911-Notify"],
    });
    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`).sort()).to.deep.equal(
      LAB_POLICY_TYPES.map((type) => `GET /Skype.Policy/configurations/${type}`).sort(),
    );
  });

  it("reads only the types asked for", async () => {
    expect(await readTeamsPolicyCatalog(teams, ["TenantDialPlan"])).to.deep.equal({ TenantDialPlan: ["Global", "US-Chicago", "US-Boston"] });
    expect(requests).to.have.length(1);
  });

  it("sees a policy created since, which then resolves a profile's reference", async () => {
    const profile = { name: "Voice", quickAddGroup: { policies: { TeamsCallingPolicy: "Cu1-National" } } };
    const before = await readTeamsPolicyCatalog(teams, ["TeamsCallingPolicy"]);
    expect(checkTeamsReferences({ sites: [], profiles: [profile] }, before)).to.have.length(1);
    await createConfiguration(teams, "TeamsCallingPolicy", { Identity: "Tag:Cu1-National", Description: "made by hand" });
    const after = await readTeamsPolicyCatalog(teams, ["TeamsCallingPolicy"]);
    expect(after.TeamsCallingPolicy).to.deep.equal(["Global", "AllowCalling", "DisallowCalling", "Cu1-National"]);
    expect(checkTeamsReferences({ sites: [], profiles: [profile] }, after)).to.deep.equal([]);
  });
});
