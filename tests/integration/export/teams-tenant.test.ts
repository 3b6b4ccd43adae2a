// The Teams export's reader against the lab's seeded tenant: what teamsExportDefinition is given,
// read with the same clients the providers build, and nothing written.
import { expect } from "chai";
import { LAB_TENANT_ID, LAB_UCFLOW_CLIENT_ID, LAB_UCFLOW_CLIENT_SECRET, SEED_USER_COUNT, type GraphState } from "../../../lab/microsoft";
import { microsoftClients } from "../../../provider/resources/microsoft-session";
import { readTeamsExportSnapshot } from "../../../sdk/export/teams-tenant";
import { type MicrosoftLab, withMicrosoftLab } from "../lab-microsoft/support";

describe("readTeamsExportSnapshot (the lab's seeded tenant)", () => {
  let env: MicrosoftLab;
  withMicrosoftLab((lab) => {
    env = lab;
  });

  const clients = () => {
    const settings: Record<string, string> = { tenantId: LAB_TENANT_ID, clientId: LAB_UCFLOW_CLIENT_ID, clientSecret: LAB_UCFLOW_CLIENT_SECRET, authorityHost: env.entraUrl, graphBaseUrl: `${env.graphUrl}/`, teamsAdminBaseUrl: `${env.teamsUrl}/` };
    return microsoftClients((name) => settings[name], {});
  };

  it("reads the organization, users with licences, Enterprise Voice and direct grants, numbers, dial plans and locations, and writes nothing", async () => {
    await env.control.clearRequests();
    const snapshot = await readTeamsExportSnapshot(clients());
    expect(snapshot.tenant).to.deep.equal({ id: LAB_TENANT_ID, displayName: "Contoso" });
    expect(snapshot.users).to.have.length(SEED_USER_COUNT);
    const graph = (await env.control.state("graph")) as GraphState;
    const voice = graph.enterpriseVoice.filter((e) => e.enabled).map((e) => e.userId);
    const chicago = snapshot.users.find((u) => voice.includes(u.id) && u.attributes.city === "Chicago")!;
    expect(chicago.enterpriseVoice).to.equal(true);
    expect(chicago.policies).to.deep.equal({ OnlineVoiceRoutingPolicy: "US-National", TenantDialPlan: "US-Chicago" });
    expect(chicago.licenses.map((l) => l.skuId)).to.deep.equal(graph.users.find((u) => u.properties.id === chicago.id)!.properties.assignedLicenses.map((l) => l.skuId));
    const unlicensed = snapshot.users.filter((u) => u.licenses.length === 0);
    expect(unlicensed.length).to.be.greaterThan(0);
    for (const u of unlicensed) expect([u.enterpriseVoice, u.policies]).to.deep.equal([false, {}]);
    expect(snapshot.numbers).to.have.length(graph.numbers.length);
    expect(snapshot.numbers.find((n) => n.assignmentTargetId === chicago.id)).to.include({ numberType: "directRouting", city: "Chicago" });
    expect(snapshot.dialPlans.map((d) => d.Identity).sort()).to.deep.equal(["Global", "Tag:US-Boston", "Tag:US-Chicago"]);
    expect(snapshot.emergencyLocations.map((l) => l.City).sort()).to.deep.equal(["Austin", "Boston", "Chicago"]);
    // The seed's routing policies list usages of their own (US-Local, ...): no class of service candidates.
    expect(snapshot.classOfServiceCandidates).to.deep.equal([]);
    expect((await env.control.requests()).filter((r) => r.write)).to.deep.equal([]);
  });
});
