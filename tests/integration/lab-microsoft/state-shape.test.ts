// GET /state/<service> has the shape docs/lab-microsoft.md ("State") shows for entra, graph and
// teams: when a field is added, renamed or moved this fails, so the page moves with it.
import { expect } from "chai";
import { type MicrosoftLab, withMicrosoftLab } from "./support";

type Json = Record<string, unknown>;

describe("lab Microsoft simulators: GET /state/<service> as documented", () => {
  let env: MicrosoftLab;
  withMicrosoftLab((lab) => {
    env = lab;
  });
  const state = async (service: string): Promise<Json> => (await env.control.state(service)) as Json;
  const first = (value: unknown): Json => (value as Json[])[0] as Json;

  it("entra: tenant, signing keys, token lifetime, applications with hashed secrets, federated issuers, the Actions stand-in", async () => {
    const entra = await state("entra");
    expect(entra).to.have.all.keys("kind", "tenant", "signingKeys", "accessTokenLifetimeSeconds", "applications", "federatedIssuers", "gitHubActions");
    expect(entra.kind).to.equal("entra");
    const app = first(entra.applications);
    expect(app).to.include.all.keys("appId", "displayName", "servicePrincipalId", "passwordCredentials", "keyCredentials", "federatedIdentityCredentials", "grantedAppRoles", "directoryRoleTemplateIds");
    const secret = first(app.passwordCredentials);
    expect(secret).to.include.all.keys("keyId", "displayName", "hint", "secretSha256", "startDateTime", "endDateTime");
    expect(secret).to.not.have.any.keys("secretText", "value");
  });

  it("graph: users, deleted users, groups, SKUs with prepaid units, numbers, operations, grants, Enterprise Voice and the knobs", async () => {
    const graph = await state("graph");
    expect(graph).to.have.all.keys("kind", "generation", "lastStamp", "users", "deletedUsers", "groups", "subscribedSkus", "numbers", "operations", "grants", "enterpriseVoice", "settings");
    expect(first(graph.users)).to.include.all.keys("properties", "createdStamp", "propertyStamps", "lastChangeStamp", "licenseDates");
    const sku = first(graph.subscribedSkus);
    expect(sku).to.include.all.keys("skuId", "skuPartNumber", "capabilityStatus", "prepaidUnits", "servicePlans");
    expect(sku).to.not.have.property("consumedUnits");
    expect(sku.prepaidUnits).to.have.all.keys("enabled", "suspended", "warning", "lockedOut");
    expect(first(graph.numbers)).to.include.all.keys("id", "telephoneNumber", "numberType", "assignmentTargetId", "assignmentStatus", "activationState", "locationId", "city", "pendingOperationId");
    const settings = graph.settings as Json;
    expect(settings).to.have.all.keys("deltaTokenLifetimeSeconds", "deltaTokensNotBefore", "lro", "batchItemFaults", "consistency", "throttling");
    expect(settings.lro).to.deep.equal({ notStartedPolls: 1, runningPolls: 1, settleAfterSeconds: 60, retryAfterSeconds: null });
  });

  it("teams: configurations by type, policy ids, emergency locations, grants, Enterprise Voice, throttling", async () => {
    const teams = await state("teams");
    expect(teams).to.have.all.keys("kind", "lastStamp", "configurations", "policyIds", "emergencyLocations", "grants", "enterpriseVoice", "throttling");
    expect(teams.configurations).to.have.all.keys("TenantDialPlan", "OnlinePstnUsages", "OnlinePSTNGateway", "OnlineVoiceRoute", "OnlineVoiceRoutingPolicy", "TeamsCallingPolicy", "TeamsEmergencyCallingPolicy");
    expect(first(teams.grants)).to.have.all.keys("userId", "policyType", "policyIdentity", "stamp", "at");
    expect(teams.throttling).to.have.all.keys("enabled", "maxConcurrentRequests", "reads", "writes");
  });
});
