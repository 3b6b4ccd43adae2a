// The Teams admin API ("ConfigAPI") simulator through plain HTTPS with a bearer token from the
// real ClientSecretCredential: configuration CRUD with Tag:/Global identities and reference
// checks, per-user grants and Enterprise Voice (seen by Graph's userConfigurations too),
// emergency locations, and a lab restart that keeps the tenant.
import { expect } from "chai";
import { mkdtemp, rm } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { LabControlClient, startLab } from "../../../lab";
import { createMicrosoftServices } from "../../../lab/microsoft";
import { accessToken, call, graphClient, secretCredential, TEAMS_SCOPE, type MicrosoftLab, withMicrosoftLab } from "./support";

interface ErrorBody {
  error: { code: string; message: string };
}

describe("lab teams simulator (Teams admin API)", () => {
  let env: MicrosoftLab;
  let token: string;

  withMicrosoftLab(async (lab) => {
    env = lab;
    token = await accessToken(secretCredential(env), TEAMS_SCOPE);
  });

  const teams = (method: string, route: string, body?: unknown) => call(env, `${env.teamsUrl}${route}`, { method, token, body });
  const configurations = "/Skype.Policy/configurations";
  /** A user holding Teams Phone and no number (from Graph). */
  const phoneUser = async (): Promise<{ id: string; userPrincipalName: string }> => {
    const page = (await graphClient(env).api("/admin/teams/userConfigurations").filter("isEnterpriseVoiceEnabled eq false and featureTypes/any(f:f eq 'PhoneSystem')").top(1).get()) as { value: { id: string; userPrincipalName: string }[] };
    return page.value[0] as { id: string; userPrincipalName: string };
  };

  it("lists the seeded dial plans, Global and Tag: instances", async () => {
    const response = await teams("GET", `${configurations}/TenantDialPlan`);
    expect(response.status).to.equal(200);
    expect(response.headers["x-ms-correlation-id"]).to.be.a("string");
    const plans = response.body as { Identity: string; NormalizationRules: { Name: string; Pattern: string; Translation: string }[] }[];
    expect(plans.map((plan) => plan.Identity)).to.deep.equal(["Global", "Tag:US-Chicago", "Tag:US-Boston"]);
    expect(plans[1]?.NormalizationRules[0]).to.include({ Name: "Internal-4digit", Pattern: "^(\\d{4})$", Translation: "+1312555$1" });
  });

  it("creates, reads, updates and deletes a tenant dial plan", async () => {
    const rules = [{ Name: "Cu1-Ext", Pattern: "^(2\\d{3})$", Translation: "+13125552$1", IsInternalExtension: true }];
    const created = await teams("POST", `${configurations}/TenantDialPlan`, { Identity: "Cu1-Dial", Description: "Customer 1", NormalizationRules: rules });
    expect(created.status).to.equal(201);
    expect(created.body).to.deep.include({ Identity: "Tag:Cu1-Dial", Description: "Customer 1" });
    expect((await teams("POST", `${configurations}/TenantDialPlan`, { Identity: "Tag:Cu1-Dial" })).status).to.equal(409);
    for (const identity of ["Tag:Cu1-Dial", "Cu1-Dial", "tag:cu1-dial"]) {
      expect((await teams("GET", `${configurations}/TenantDialPlan/configuration/${encodeURIComponent(identity)}`)).status, identity).to.equal(200);
    }
    const updated = await teams("PUT", `${configurations}/TenantDialPlan/configuration/Tag:Cu1-Dial`, { Description: "Customer one" });
    expect(updated.status).to.equal(200);
    expect(updated.body).to.deep.include({ Description: "Customer one" });
    expect((updated.body as { NormalizationRules: unknown[] }).NormalizationRules).to.have.length(1);

    const badRegex = await teams("PUT", `${configurations}/TenantDialPlan/configuration/Tag:Cu1-Dial`, { NormalizationRules: [{ Name: "x", Pattern: "^(\\d{4}$", Translation: "$1" }] });
    expect(badRegex.status).to.equal(400);
    expect((badRegex.body as ErrorBody).error.message).to.contain("not a valid regular expression");
    const unknownField = await teams("PUT", `${configurations}/TenantDialPlan/configuration/Tag:Cu1-Dial`, { Colour: "blue" });
    expect((unknownField.body as ErrorBody).error.message).to.contain('has no property "Colour"');
    const longName = await teams("POST", `${configurations}/TenantDialPlan`, { Identity: `Tag:${"x".repeat(50)}` });
    expect(longName.status).to.equal(400);

    expect((await teams("DELETE", `${configurations}/TenantDialPlan/configuration/Tag:Cu1-Dial`)).status).to.equal(204);
    const gone = await teams("GET", `${configurations}/TenantDialPlan/configuration/Tag:Cu1-Dial`);
    expect(gone.status).to.equal(404);
    expect((gone.body as ErrorBody).error.code).to.equal("NotFound");
  });

  it("checks PSTN usages and gateways referenced by routing policies and voice routes", async () => {
    const unknownUsage = await teams("POST", `${configurations}/OnlineVoiceRoutingPolicy`, { Identity: "Cu1-Routing", OnlinePstnUsages: ["Cu1-Local"] });
    expect(unknownUsage.status).to.equal(400);
    expect((unknownUsage.body as ErrorBody).error.message).to.contain("PSTN usage 'Cu1-Local' does not exist");

    const usages = ((await teams("GET", `${configurations}/OnlinePstnUsages`)).body as { Identity: string; Usage: string[] }[])[0] as { Usage: string[] };
    expect((await teams("PUT", `${configurations}/OnlinePstnUsages/configuration/Global`, { Usage: [...usages.Usage, "Cu1-Local"] })).status).to.equal(200);
    expect((await teams("POST", `${configurations}/OnlineVoiceRoutingPolicy`, { Identity: "Cu1-Routing", OnlinePstnUsages: ["Cu1-Local"] })).status).to.equal(201);

    const badGateway = await teams("POST", `${configurations}/OnlineVoiceRoute`, { Identity: "Cu1-Route", NumberPattern: "^\\+1312", OnlinePstnGatewayList: ["sbc9.contoso.com"], OnlinePstnUsages: ["Cu1-Local"], Priority: 1 });
    expect(badGateway.status).to.equal(400);
    expect((badGateway.body as ErrorBody).error.message).to.contain("PSTN gateway 'sbc9.contoso.com' does not exist");
    const route = await teams("POST", `${configurations}/OnlineVoiceRoute`, { Identity: "Cu1-Route", NumberPattern: "^\\+1312", OnlinePstnGatewayList: ["sbc1.contoso.com"], OnlinePstnUsages: ["Cu1-Local"], Priority: 1 });
    expect(route.status).to.equal(201);
    expect(route.body).to.deep.include({ Identity: "Cu1-Route" });

    const dropUsage = await teams("PUT", `${configurations}/OnlinePstnUsages/configuration/Global`, { Usage: usages.Usage });
    expect(dropUsage.status).to.equal(400);
    expect((dropUsage.body as ErrorBody).error.message).to.contain("'Cu1-Local' is still used by");
    expect((await teams("DELETE", `${configurations}/OnlinePSTNGateway/configuration/sbc1.contoso.com`)).status).to.equal(409);
  });

  it("grants a policy to a user (visible through Graph), refuses unknown policies, and protects granted policies", async () => {
    const user = await phoneUser();
    expect((await teams("POST", `${configurations}/TeamsCallingPolicy`, { Identity: "Cu1-Calling", AllowPrivateCalling: true, AllowCallForwardingToPhone: false })).status).to.equal(201);
    const granted = await teams("PATCH", `/Skype.Policy/users/${user.id}/policies/TeamsCallingPolicy`, { PolicyName: "Cu1-Calling" });
    expect(granted.status).to.equal(204);
    expect((await teams("GET", `/Skype.Policy/users/${user.userPrincipalName}/policies/TeamsCallingPolicy`)).body).to.deep.include({ PolicyName: "Cu1-Calling", Identity: "Tag:Cu1-Calling" });

    const configuration = (await graphClient(env).api(`/admin/teams/userConfigurations/${user.id}`).get()) as { effectivePolicyAssignments: { policyType: string; policyAssignment: { displayName: string; policyId: string } }[] };
    const assignment = configuration.effectivePolicyAssignments.find((item) => item.policyType === "TeamsCallingPolicy");
    expect(assignment?.policyAssignment.displayName).to.equal("Cu1-Calling");
    const viaGraph = ((await graphClient(env).api("/admin/teams/policy/getPolicyId(type='TeamsCallingPolicy',name='Cu1-Calling')").get()) as { value: { policyId: string }[] }).value[0]?.policyId;
    expect(assignment?.policyAssignment.policyId).to.equal(viaGraph);

    const unknownPolicy = await teams("PATCH", `/Skype.Policy/users/${user.id}/policies/TeamsCallingPolicy`, { PolicyName: "No-Such-Policy" });
    expect(unknownPolicy.status).to.equal(404);
    expect((await teams("PATCH", `/Skype.Policy/users/00000000-0000-4000-8000-000000000000/policies/TeamsCallingPolicy`, { PolicyName: "Cu1-Calling" })).status).to.equal(404);

    const inUse = await teams("DELETE", `${configurations}/TeamsCallingPolicy/configuration/Tag:Cu1-Calling`);
    expect(inUse.status).to.equal(409);
    expect((inUse.body as ErrorBody).error.message).to.contain(user.userPrincipalName);
    expect((await teams("PATCH", `/Skype.Policy/users/${user.id}/policies/TeamsCallingPolicy`, { PolicyName: null })).status).to.equal(204);
    expect((await teams("DELETE", `${configurations}/TeamsCallingPolicy/configuration/Tag:Cu1-Calling`)).status).to.equal(204);

    // A grant through Graph shows at the Teams admin API too (the newest grant wins).
    const dialPlanId = ((await graphClient(env).api("/admin/teams/policy/getPolicyId(type='TenantDialPlan',name='US-Boston')").get()) as { value: { policyId: string }[] }).value[0]?.policyId;
    await graphClient(env).api("/admin/teams/policy/userAssignments/assign").post({ value: [{ userId: user.id, policyType: "TenantDialPlan", policyId: dialPlanId }] });
    expect(((await teams("GET", `/Skype.Policy/users/${user.id}/policies`)).body as { PolicyType: string; PolicyName: string }[])).to.deep.include({ PolicyType: "TenantDialPlan", PolicyName: "US-Boston", Identity: "Tag:US-Boston", PolicySource: "Direct" });
    expect((await teams("PUT", `/Skype.Policy/users/${user.id}`, { PolicyType: "TenantDialPlan", PolicyName: "US-Chicago" })).status).to.equal(204);
    expect(((await teams("GET", `/Skype.Policy/users/${user.id}/policies/TenantDialPlan`)).body as { PolicyName: string }).PolicyName).to.equal("US-Chicago");
  });

  it("sets Enterprise Voice for a licensed user only, and Graph shows it", async () => {
    const user = await phoneUser();
    const enabled = await teams("PATCH", `/Teams.User/users/${user.id}`, { EnterpriseVoiceEnabled: true });
    expect(enabled.status).to.equal(200);
    expect(enabled.body).to.deep.include({ EnterpriseVoiceEnabled: true, LineUri: null });
    const configuration = (await graphClient(env).api(`/admin/teams/userConfigurations/${user.id}`).get()) as { isEnterpriseVoiceEnabled: boolean };
    expect(configuration.isEnterpriseVoiceEnabled).to.equal(true);
    const unlicensed = ((await graphClient(env).api("/admin/teams/userConfigurations").filter("accountType eq 'ineligibleUser'").top(1).get()) as { value: { id: string }[] }).value[0];
    const refused = await teams("PATCH", `/Teams.User/users/${unlicensed?.id ?? ""}`, { EnterpriseVoiceEnabled: true });
    expect(refused.status).to.equal(400);
    expect((refused.body as ErrorBody).error.message).to.contain("Teams Phone");
  });

  it("creates, reads and deletes emergency locations, refusing incomplete addresses and locations in use", async () => {
    const address = { Description: "Cu1 HQ", CompanyName: "Contoso", HouseNumber: "1", StreetName: "Main", StreetSuffix: "St", City: "Springfield", StateOrProvince: "IL", PostalCode: "62701", CountryOrRegion: "US" };
    const created = await teams("POST", "/Skype.Ncs/locations", address);
    expect(created.status).to.equal(201);
    const location = created.body as { LocationId: string; CivicAddressId: string };
    expect(location.LocationId).to.match(/^[0-9a-f-]{36}$/);
    expect(((await teams("GET", "/Skype.Ncs/locations")).body as { LocationId: string }[]).map((item) => item.LocationId)).to.include(location.LocationId);
    expect((await teams("POST", "/Skype.Ncs/locations", { ...address, CountryOrRegion: "usa" })).status).to.equal(400);
    expect((await teams("POST", "/Skype.Ncs/locations", { Description: "incomplete" })).status).to.equal(400);
    expect((await teams("DELETE", `/Skype.Ncs/locations/${location.LocationId}`)).status).to.equal(204);
    expect((await teams("GET", `/Skype.Ncs/locations/${location.LocationId}`)).status).to.equal(404);
    const chicago = ((await teams("GET", "/Skype.Ncs/locations")).body as { LocationId: string; City: string }[]).find((item) => item.City === "Chicago");
    expect((await teams("DELETE", `/Skype.Ncs/locations/${chicago?.LocationId ?? ""}`)).status).to.equal(409);
  });

  it("answers unknown types and routes with 404 in its error shape", async () => {
    const unknown = await teams("GET", `${configurations}/TeamsMeetingPolicy`);
    expect(unknown.status).to.equal(404);
    expect((unknown.body as ErrorBody).error.code).to.equal("NotFound");
    expect((await teams("GET", "/Skype.Nothing/here")).status).to.equal(404);
    expect((await teams("DELETE", `${configurations}/OnlinePstnUsages/configuration/Global`)).status).to.equal(400);
  });
});

describe("lab Microsoft simulators: persistence", () => {
  it("keeps users, grants, dial plans and numbers of all three services across a restart", async () => {
    const tlsDir = process.env.UCFLOW_TEST_TLS_DIR;
    if (!tlsDir) throw new Error("UCFLOW_TEST_TLS_DIR must be set (see support.ts)");
    const stateDir = await mkdtemp(path.join(os.tmpdir(), "ucflow-lab-microsoft-restart-"));
    try {
      const services1 = createMicrosoftServices();
      const first = await startLab({ stateDir, tlsDir, services: services1.all, ldap: false, log: () => undefined });
      const env1 = { services: services1, lab: first, control: new LabControlClient(first.endpoints.control, first.caCertPem), entraUrl: first.endpoints.services.entra as string, graphUrl: first.endpoints.services.graph as string, teamsUrl: first.endpoints.services.teams as string, stop: () => first.stop() };
      let userId: string;
      try {
        const credential = secretCredential(env1);
        const teamsToken = await accessToken(credential, TEAMS_SCOPE);
        const client = graphClient(env1, credential);
        userId = (((await client.api("/users/adele.vance@contoso.com").get()) as { id: string }).id);
        await client.api(`/users/${userId}`).patch({ jobTitle: "Head of Voice" });
        expect((await call(env1, `${env1.teamsUrl}/Skype.Policy/configurations/TenantDialPlan`, { method: "POST", token: teamsToken, body: { Identity: "Kept" } })).status).to.equal(201);
        expect((await call(env1, `${env1.teamsUrl}/Skype.Policy/users/${userId}/policies/TenantDialPlan`, { method: "PATCH", token: teamsToken, body: { PolicyName: "Kept" } })).status).to.equal(204);
      } finally {
        await first.stop();
      }

      // A new process would build new service definitions; so does this test.
      const services2 = createMicrosoftServices();
      const second = await startLab({ stateDir, tlsDir, services: services2.all, ldap: false, log: () => undefined });
      const env2 = { services: services2, lab: second, control: new LabControlClient(second.endpoints.control, second.caCertPem), entraUrl: second.endpoints.services.entra as string, graphUrl: second.endpoints.services.graph as string, teamsUrl: second.endpoints.services.teams as string, stop: () => second.stop() };
      try {
        const client = graphClient(env2, secretCredential(env2));
        expect(((await client.api(`/users/${userId}`).select("jobTitle").get()) as { jobTitle: string }).jobTitle).to.equal("Head of Voice");
        const configuration = (await client.api(`/admin/teams/userConfigurations/${userId}`).get()) as { effectivePolicyAssignments: { policyType: string; policyAssignment: { displayName: string } }[] };
        expect(configuration.effectivePolicyAssignments.find((item) => item.policyType === "TenantDialPlan")?.policyAssignment.displayName).to.equal("Kept");
        expect(configuration.effectivePolicyAssignments).to.have.length(2);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});
