// Creates on the lab's Teams admin API whose connection drops, before or after the lab ran them
// (a `reset` fault rule, with `processed` for after): the client reads, and the read decides.
// Either way the tenant ends with exactly one object, and the create is sent again only when
// the first never took effect.
import { expect } from "chai";
import { TeamsAdminClient } from "../../../provider/backends/teams/client";
import { createConfiguration } from "../../../provider/backends/teams/configurations";
import { createEmergencyLocation } from "../../../provider/backends/teams/emergency-locations";
import type { TeamsState } from "../../../lab/microsoft";
import { secretCredential, type MicrosoftLab, withMicrosoftLab } from "./support";

describe("unanswered creates on the lab's Teams admin API", () => {
  let env: MicrosoftLab;
  let teams: TeamsAdminClient;

  withMicrosoftLab((lab) => {
    env = lab;
  });
  beforeEach(() => {
    teams = new TeamsAdminClient({ credential: secretCredential(env), baseUrl: `${env.teamsUrl}/` });
  });

  const teamsState = async () => (await env.control.state("teams")) as TeamsState;
  const posts = async (path: string) => (await env.control.requests({ service: "teams" })).filter((r) => r.method === "POST" && r.path === path).map((r) => r.status);

  for (const processed of [false, true]) {
    const when = processed ? "after the lab ran it" : "before the lab ran it";

    it(`a dial plan whose create lost its connection ${when} exists once`, async () => {
      await env.control.addFaults([{ service: "teams", method: "POST", action: "reset", processed, count: 1 }]);
      await env.control.clearRequests();
      const plan = await createConfiguration(teams, "TenantDialPlan", { Identity: "Tag:Cu1-Faults", Description: "d [ucflow:Cu1]", NormalizationRules: [] });
      expect(plan.Identity).to.equal("Tag:Cu1-Faults");
      expect((await teamsState()).configurations.TenantDialPlan!.filter((c) => c.Identity === "Tag:Cu1-Faults")).to.have.length(1);
      // Sent again only when the first never took effect; status 0 is the dropped answer.
      const statuses = await posts("/Skype.Policy/configurations/TenantDialPlan");
      expect(statuses.map((status) => (status === 0 ? "dropped" : status < 300 ? "created" : status))).to.deep.equal(processed ? ["dropped"] : ["dropped", "created"]);
    });

    it(`an emergency location whose create lost its connection ${when} exists once`, async () => {
      await env.control.addFaults([{ service: "teams", method: "POST", action: "reset", processed, count: 1 }]);
      await env.control.clearRequests();
      const before = (await teamsState()).emergencyLocations.length;
      const address = { Description: `Cu1Si9 Faults ${processed} [ucflow:Cu1/Cu1Si9]`, CompanyName: "Contoso", HouseNumber: "1", StreetName: "Main St", City: "Chicago", StateOrProvince: "IL", PostalCode: "60606", CountryOrRegion: "US" };
      const location = await createEmergencyLocation(teams, address);
      const after = (await teamsState()).emergencyLocations;
      expect(after).to.have.length(before + 1);
      expect(after.filter((l) => l.Description === address.Description).map((l) => l.LocationId)).to.deep.equal([location.LocationId]);
      const statuses = await posts("/Skype.Ncs/locations");
      expect(statuses.map((status) => (status === 0 ? "dropped" : status < 300 ? "created" : status))).to.deep.equal(processed ? ["dropped"] : ["dropped", "created"]);
    });
  }
});
