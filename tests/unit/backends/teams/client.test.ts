import { inspect } from "node:util";
import { expect } from "chai";
import {
  createConfiguration,
  deleteConfiguration,
  getConfiguration,
  listConfigurations,
  setConfiguration,
} from "../../../../provider/backends/teams/configurations";
import { TeamsAdminClient } from "../../../../provider/backends/teams/client";
import { formatPolicyIdentity, parsePolicyIdentity } from "../../../../provider/backends/teams/identity";
import { type TenantDialPlan } from "../../../../provider/backends/teams/types";
import { ConfigurationError, isAlreadyExistsError, isNotFoundError, isTransportError } from "../../../../provider/core/errors";
import { rejectionOf, socketFailure, StubCredential } from "../replay";
import { TEAMS, TEAMS_TOKEN, teamsFixture } from "./fixture";

const dialPlan: TenantDialPlan = {
  Identity: "Tag:Cu1-Dial",
  Description: "Customer 1",
  NormalizationRules: [{ Name: "Cu1-Ext", Priority: 0, Description: "4-digit extensions", Pattern: "^(\\d{4})$", Translation: "+4144000$1", IsInternalExtension: true }],
};

describe("teams admin client", () => {
  it("asks for the Teams admin API token audience and sends token, correlation id and JSON headers", async () => {
    const { teams, transport, credential } = teamsFixture();
    transport.reply({ status: 200, body: [dialPlan] });
    await listConfigurations(teams, "TenantDialPlan");
    expect(credential.requests).to.deep.equal([["48ac35b8-9aa8-4d74-927d-1f4a14a0b239/.default"]]);
    expect(transport.requests[0]).to.deep.equal({
      method: "GET",
      url: `${TEAMS}/Skype.Policy/configurations/TenantDialPlan`,
      headers: { accept: "application/json", authorization: `Bearer ${TEAMS_TOKEN}`, "x-ms-correlation-id": "corr-1" },
      body: undefined,
    });
  });

  it("takes a configurable base URL, such as the lab's, and rejects http", async () => {
    const { teams, transport } = teamsFixture({ baseUrl: "https://127.0.0.1:9444/teams" });
    transport.reply({ status: 200, body: { value: [] } });
    expect(await listConfigurations(teams, "OnlineVoiceRoute")).to.deep.equal([]);
    expect(transport.requests[0].url).to.equal("https://127.0.0.1:9444/teams/Skype.Policy/configurations/OnlineVoiceRoute");
    expect(() => new TeamsAdminClient({ credential: new StubCredential("t"), baseUrl: "http://127.0.0.1:9444/" })).to.throw(ConfigurationError, "baseUrl must use https");
  });

  it("creates with POST and the Identity in the body; a taken Identity is AlreadyExists", async () => {
    const { teams, transport } = teamsFixture();
    transport.reply({ status: 201, body: dialPlan }, { status: 409, headers: { "x-ms-correlation-id": "srv-7" }, body: { code: "Conflict", message: "Identity Tag:Cu1-Dial already exists." } });
    expect(await createConfiguration(teams, "TenantDialPlan", dialPlan)).to.deep.equal(dialPlan);
    expect(transport.requests[0]).to.deep.include({ method: "POST", url: `${TEAMS}/Skype.Policy/configurations/TenantDialPlan`, body: dialPlan });
    expect(transport.requests[0].headers["content-type"]).to.equal("application/json");
    const error = await rejectionOf(createConfiguration(teams, "TenantDialPlan", dialPlan));
    expect(isAlreadyExistsError(error)).to.equal(true);
    expect(error.message).to.equal("teams: creating TenantDialPlan Tag:Cu1-Dial: 409 Conflict: Identity Tag:Cu1-Dial already exists. (request-id srv-7)");
  });

  it("does not repeat a create after a 502, which may have been applied, but reads: the instance found is the result", async () => {
    const { teams, transport } = teamsFixture();
    const policy = { Identity: "Tag:Cu1-National", OnlinePstnUsages: ["Cu1-National"] };
    transport.reply({ status: 502, body: "Bad Gateway" }, { status: 200, body: [{ Identity: "Global" }, policy] });
    expect(await createConfiguration(teams, "OnlineVoiceRoutingPolicy", policy)).to.deep.equal(policy);
    expect(transport.requests.map((r) => r.method)).to.deep.equal(["POST", "GET"]);
  });

  it("after a reset connection on a create, reads, and sends the create again only when the Identity is not there", async () => {
    const { teams, transport } = teamsFixture();
    transport.reply({ status: 0, error: socketFailure("ECONNRESET", "socket hang up") }, { status: 200, body: [] }, { status: 201, body: dialPlan });
    expect(await createConfiguration(teams, "TenantDialPlan", dialPlan)).to.deep.equal(dialPlan);
    expect(transport.requests.map((r) => r.method)).to.deep.equal(["POST", "GET", "POST"]);
  });

  it("gives up after three unanswered creates, with the last one's error", async () => {
    const { teams, transport } = teamsFixture();
    for (let i = 0; i < 3; i++) transport.reply({ status: 504, body: "Gateway Timeout" }, { status: 200, body: [] });
    const error = await rejectionOf(createConfiguration(teams, "TenantDialPlan", dialPlan));
    expect([error.statusCode, transport.requests.map((r) => r.method).join(" ")]).to.deep.equal([504, "POST GET POST GET POST GET"]);
  });

  it("updates with PUT on the Identity, without Identity in the body, repeating after a 500", async () => {
    const { teams, transport, clock } = teamsFixture();
    transport.reply({ status: 500, body: { error: { code: "InternalError", message: "try again" } } }, { status: 204 });
    await setConfiguration(teams, "TenantDialPlan", "Tag:Cu1-Dial", { ...dialPlan, Identity: "ignored" } as unknown as Omit<TenantDialPlan, "Identity">);
    const { Identity: _, ...settings } = dialPlan;
    expect(transport.requests.map((r) => [r.method, r.url, r.body])).to.deep.equal([
      ["PUT", `${TEAMS}/Skype.Policy/configurations/TenantDialPlan/configuration/Tag:Cu1-Dial`, settings],
      ["PUT", `${TEAMS}/Skype.Policy/configurations/TenantDialPlan/configuration/Tag:Cu1-Dial`, settings],
    ]);
    expect(transport.requests.map((r) => r.headers["x-ms-correlation-id"])).to.deep.equal(["corr-1", "corr-1"]);
    expect(clock.sleeps).to.deep.equal([750]);
  });

  it("deletes by Identity, encoding what a path segment cannot hold; a missing one is NotFound", async () => {
    const { teams, transport } = teamsFixture();
    transport.reply({ status: 404, body: "Not Found" });
    const error = await rejectionOf(deleteConfiguration(teams, "OnlineVoiceRoute", "Cu1 Route/1"));
    expect(transport.requests[0]).to.deep.include({ method: "DELETE", url: `${TEAMS}/Skype.Policy/configurations/OnlineVoiceRoute/configuration/Cu1%20Route%2F1` });
    expect(isNotFoundError(error)).to.equal(true);
    expect(error.message).to.equal("teams: deleting OnlineVoiceRoute Cu1 Route/1: 404: Not Found (request-id corr-1)");
  });

  it("finds one instance by Identity, case-insensitively", async () => {
    const { teams, transport } = teamsFixture();
    transport.reply({ status: 200, body: [{ Identity: "Global", NormalizationRules: [] }, dialPlan] }, { status: 200, body: [] });
    expect(await getConfiguration(teams, "TenantDialPlan", "tag:cu1-dial")).to.deep.equal(dialPlan);
    expect(await getConfiguration(teams, "TenantDialPlan", "Tag:Cu1-Dial")).to.equal(undefined);
  });

  it("explains a 403 as a missing Teams Administrator role", async () => {
    const { teams, transport } = teamsFixture();
    transport.reply({ status: 403, body: { errors: [{ code: "Forbidden", message: "Access denied." }] } });
    const error = await rejectionOf(listConfigurations(teams, "TeamsCallingPolicy"));
    expect(error.message).to.equal("teams: listing TeamsCallingPolicy: 403 Forbidden: Access denied.; the app's service principal needs the Teams Administrator role in Entra ID (request-id corr-1)");
  });

  it("rejects a list that is not an array of configurations", async () => {
    const { teams, transport } = teamsFixture();
    transport.reply({ status: 200, body: { Identity: "Global" } });
    const error = await rejectionOf(listConfigurations(teams, "TenantDialPlan"));
    expect(error.code).to.equal("UnexpectedResponse");
  });

  it("logs Teams' warnings and every attempt, never the token", async () => {
    const { teams, transport, logger } = teamsFixture();
    transport.reply({ status: 204, headers: { "X-Ms-ConfigApi-PowerShell-WarningMessage": "The policy will take effect within 24 hours." } });
    await deleteConfiguration(teams, "TeamsCallingPolicy", "Tag:Cu1-Calling");
    expect(logger.lines).to.deep.equal([
      `debug teams: DELETE ${TEAMS}/Skype.Policy/configurations/TeamsCallingPolicy/configuration/Tag:Cu1-Calling -> 204 in 0 ms; request headers {"accept":"application/json","authorization":"REDACTED","x-ms-correlation-id":"corr-1"}; response headers {"x-ms-configapi-powershell-warningmessage":"The policy will take effect within 24 hours."}`,
      "warn teams: deleting TeamsCallingPolicy Tag:Cu1-Calling: Teams warns: The policy will take effect within 24 hours.",
    ]);
  });

  it("gives up on refused connections with a TransportError, and no token in it", async () => {
    const { teams, transport, clock } = teamsFixture();
    transport.reply(...[1, 2, 3, 4, 5].map(() => ({ status: 0, error: socketFailure("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:9444") })));
    const error = await rejectionOf(listConfigurations(teams, "TenantDialPlan"));
    expect(isTransportError(error)).to.equal(true);
    expect(clock.sleeps).to.deep.equal([750, 1500, 3000, 6000]);
    expect(error.message).to.equal("teams: listing TenantDialPlan: could not connect (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:9444 (request-id corr-1)");
    expect(inspect(error, { depth: 10, showHidden: true })).not.to.include(TEAMS_TOKEN);
  });

  it("formats and parses policy identities", () => {
    expect(formatPolicyIdentity({ kind: "tag", name: "Cu1-Dial" })).to.equal("Tag:Cu1-Dial");
    expect(formatPolicyIdentity({ kind: "global" })).to.equal("Global");
    expect(() => formatPolicyIdentity({ kind: "tag", name: "a/b" })).to.throw(ConfigurationError, 'a policy name cannot contain / or \\; got "a/b"');
    expect([parsePolicyIdentity("Tag:Cu1-Dial"), parsePolicyIdentity("Global"), parsePolicyIdentity("Site:Zurich")]).to.deep.equal([
      { kind: "tag", name: "Cu1-Dial" },
      { kind: "global" },
      undefined,
    ]);
  });
});
