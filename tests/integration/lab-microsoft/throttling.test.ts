// Throttling like the real services', through the real Graph client and raw HTTPS: Graph's
// identity limits (resource units by tenant size with the documented costs, writes per
// application and per tenant) with their headers, $batch items charged one by one, open
// extensions and Teams administration buckets, the ConfigAPI's, the concurrency knob, the
// enabled switch, and the accounting of GET /throttling (LabControlClient.throttling()).
import type { Client } from "@microsoft/microsoft-graph-client";
import { expect } from "chai";
import type { LabThrottlingReport } from "../../../lab";
import { defaultGraphThrottling, defaultTeamsThrottling, LAB_TENANT_ID, LAB_UCFLOW_CLIENT_ID, type GraphState, type TeamsState } from "../../../lab/microsoft";
import { waitFor } from "../lab/fixtures/lab-test-support";
import { accessToken, call, GRAPH_SCOPE, graphCall, graphClient, rejection, secondAppGraphToken, SECOND_APP, secretCredential, TEAMS_SCOPE, type MicrosoftLab, withMicrosoftLab } from "./support";

const ADELE = "adele.vance@contoso.com";

describe("lab Microsoft simulators: throttling", () => {
  let env: MicrosoftLab;
  let client: Client;
  let token: string;

  withMicrosoftLab(async (lab) => {
    env = lab;
    client = graphClient(env);
    token = await accessToken(secretCredential(env), GRAPH_SCOPE);
  });

  beforeEach(async () => {
    await env.control.resetThrottling();
  });

  const graph = (method: string, path: string, body?: unknown, bearer = token) => graphCall(env, bearer, method, path, body);
  /** The seconds until the bucket frees a unit: `seconds` when asked at once, a little less on a slow machine. */
  const expectRetryAfter = (header: unknown, seconds: number): void => {
    expect(header).to.match(/^\d+$/);
    expect(Number(header)).to.be.within(seconds - 2, seconds);
  };
  const bucket = (report: LabThrottlingReport, service: string, name: string, appId: string = LAB_UCFLOW_CLIENT_ID) =>
    report.services[service]?.buckets.find((candidate) => candidate.name === name && (candidate.scope === "Tenant" || candidate.appId === appId));

  it("is on by default with the documented limits, shown in GET /state/graph and /state/teams", async () => {
    expect(((await env.control.state("graph")) as GraphState).settings.throttling).to.deep.equal(defaultGraphThrottling());
    expect(((await env.control.state("teams")) as TeamsState).throttling).to.deep.equal(defaultTeamsThrottling());
    expect(defaultGraphThrottling()).to.deep.include({ enabled: true, maxConcurrentRequests: null });
    expect(defaultGraphThrottling().identity).to.deep.equal({
      resourceUnits: { small: 3_500, medium: 5_000, large: 8_000, windowSeconds: 10 },
      applicationWrites: { limit: 3_000, windowSeconds: 150 },
      tenantWrites: { limit: 18_000, windowSeconds: 300 },
    });
    expect(defaultGraphThrottling().extensions).to.deep.equal({ limit: 455, windowSeconds: 10 });

    // 64 seeded users: a medium tenant, 5,000 resource units per 10 s.
    await client.api(`/users/${ADELE}`).get();
    const report = await env.control.throttling();
    expect(bucket(report, "graph", "identity.resourceUnits")).to.deep.include({ capacity: 5_000, refillPerSecond: 500, consumed: 1, throttled: 0, scope: "Tenant_Application", appId: LAB_UCFLOW_CLIENT_ID });
    expect(report.services.graph).to.deep.include({ enabled: true, maxConcurrentRequests: null, refusedForConcurrency: 0 });
    expect(report.services.graph?.peakConcurrentRequests).to.be.at.least(1);
    expect(report.services).to.have.keys("entra", "graph", "teams");
  });

  it("charges the documented resource units per request, and sizes the tenant by its users", async () => {
    const units = async (path: string): Promise<string | undefined> => {
      const answer = await graph("GET", path);
      expect(answer.status, path).to.equal(200);
      return answer.headers["x-ms-resource-unit"] as string | undefined;
    };
    expect(await units("/users")).to.equal("2");
    expect(await units("/users?$select=id")).to.equal("1");
    expect(await units("/users?$select=id&$top=5")).to.equal("1");
    expect(await units("/users?$top=5")).to.equal("1");
    expect(await units(`/users/${ADELE}`)).to.equal("1");
    expect(await units(`/users/${ADELE}?$select=id&$expand=extensions`)).to.equal("1");
    expect(await units(`/users/${ADELE}?$expand=extensions`)).to.equal("2");
    expect(await units("/subscribedSkus")).to.equal("3");
    expect(await units(`/users/${ADELE}/licenseDetails`)).to.equal("2");
    expect(await units("/organization")).to.equal("1");
    const report = await env.control.throttling();
    expect(bucket(report, "graph", "identity.resourceUnits")?.consumed).to.equal(2 + 1 + 1 + 1 + 1 + 1 + 2 + 3 + 2 + 1);

    await env.control.seed("graph", { users: Array.from({ length: 450 }, (_, i) => ({ userPrincipalName: `sized.${i}@contoso.com` })) });
    await graph("GET", `/users/${ADELE}`);
    expect(bucket(await env.control.throttling(), "graph", "identity.resourceUnits")).to.include({ capacity: 8_000, refillPerSecond: 800 });
  });

  it("answers 429 with Retry-After and the identity headers once the resource units are used up", async () => {
    await env.control.seed("graph", { throttling: { identity: { resourceUnits: { small: 5, medium: 5, large: 5, windowSeconds: 60 } } } });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await graph("GET", `/users/${ADELE}`));
    expect(answers.slice(0, 5).map((answer) => answer.status)).to.deep.equal([200, 200, 200, 200, 200]);
    expect(answers[3]?.headers).to.not.have.property("x-ms-throttle-limit-percentage");
    expect(Number(answers[4]?.headers["x-ms-throttle-limit-percentage"])).to.be.above(0.8);
    const refused = answers[5];
    expect(refused?.status).to.equal(429);
    // One unit at 5 per 60 s comes back in 12 s.
    expectRetryAfter(refused?.headers["retry-after"], 12);
    expect(refused?.headers["x-ms-throttle-scope"]).to.equal(`Tenant_Application/ReadWrite/${LAB_UCFLOW_CLIENT_ID}/${LAB_TENANT_ID}`);
    expect(refused?.headers["x-ms-throttle-information"]).to.equal("ResourceUnitLimitExceeded");
    expect(refused?.headers["x-ms-resource-unit"]).to.equal("1");
    expect(refused?.body).to.have.nested.property("error.code", "TooManyRequests");
    expect(refused?.body).to.have.nested.property("error.innerError.request-id");
    expect(bucket(await env.control.throttling(), "graph", "identity.resourceUnits")).to.include({ consumed: 5, throttled: 1 });

    // Back to the documented limits; POST /throttling/reset fills the buckets (new limits keep what they hold).
    await env.control.seed("graph", { throttling: { defaults: true } });
    await env.control.resetThrottling();
    expect((await graph("GET", `/users/${ADELE}`)).status).to.equal(200);
  });

  it("limits writes per application and per tenant, with the write scope", async () => {
    await env.control.seed("graph", { throttling: { identity: { applicationWrites: { limit: 2, windowSeconds: 300 }, tenantWrites: { limit: 3, windowSeconds: 600 } } } });
    const patch = (bearer = token) => graph("PATCH", `/users/${ADELE}`, { jobTitle: "Lead" }, bearer);
    expect((await patch()).status).to.equal(204);
    expect((await patch()).status).to.equal(204);
    const app = await patch();
    expect(app.status).to.equal(429);
    expectRetryAfter(app?.headers["retry-after"], 150);
    expect(app.headers["x-ms-throttle-scope"]).to.equal(`Tenant_Application/Write/${LAB_UCFLOW_CLIENT_ID}/${LAB_TENANT_ID}`);
    expect(app.headers["x-ms-throttle-information"]).to.equal("WriteLimitExceeded");
    // Reads still pass: they count resource units only.
    expect((await graph("GET", `/users/${ADELE}`)).status).to.equal(200);

    const other = await secondAppGraphToken(env);
    expect((await patch(other)).status).to.equal(204);
    const tenant = await patch(other);
    expect(tenant.status).to.equal(429);
    expect(tenant.headers["x-ms-throttle-scope"]).to.equal(`Tenant/Write/${SECOND_APP.appId}/${LAB_TENANT_ID}`);
    const report = await env.control.throttling();
    expect(bucket(report, "graph", "identity.tenantWrites")).to.deep.include({ scope: "Tenant", consumed: 3, capacity: 3 });
    expect(bucket(report, "graph", "identity.tenantWrites")).to.not.have.property("appId");
    expect(bucket(report, "graph", "identity.applicationWrites", SECOND_APP.appId)).to.include({ consumed: 1 });
  });

  it("charges each $batch item on its own and answers the ones over the limit with per-item 429s", async () => {
    await env.control.seed("graph", { throttling: { identity: { resourceUnits: { medium: 5, windowSeconds: 60 } } } });
    const answer = await graph("POST", "/$batch", { requests: Array.from({ length: 8 }, (_, i) => ({ id: String(i), method: "GET", url: `/users/${ADELE}?$select=id,city` })) });
    expect(answer.status).to.equal(200);
    const responses = (answer.body as { responses: { status: number; headers: Record<string, string> }[] }).responses;
    expect(responses.filter((item) => item.status === 200)).to.have.length(5);
    const throttled = responses.filter((item) => item.status === 429);
    expect(throttled).to.have.length(3);
    for (const item of throttled) {
      expect(item.headers["Retry-After"]).to.match(/^\d+$/);
      expect(item.headers["x-ms-throttle-information"]).to.equal("ResourceUnitLimitExceeded");
    }
    expect(responses.find((item) => item.status === 200)?.headers["x-ms-resource-unit"]).to.equal("1");
    // The envelope is not charged.
    expect(bucket(await env.control.throttling(), "graph", "identity.resourceUnits")).to.include({ consumed: 5, throttled: 3 });
  });

  it("limits open extension requests and Teams administration through Graph in their own buckets", async () => {
    await env.control.seed("graph", { throttling: { extensions: { limit: 2, windowSeconds: 60 }, teamsAdministration: { reads: { limit: 2, windowSeconds: 60 } } } });
    const extensions = [];
    for (let i = 0; i < 3; i++) extensions.push(await graph("GET", `/users/${ADELE}/extensions`));
    expect(extensions.map((answer) => answer.status)).to.deep.equal([200, 200, 429]);
    expectRetryAfter(extensions[2]?.headers["retry-after"], 30);
    const configurations = [];
    for (let i = 0; i < 3; i++) configurations.push(await graph("GET", "/admin/teams/userConfigurations?$top=1"));
    expect(configurations.map((answer) => answer.status)).to.deep.equal([200, 200, 429]);
    expectRetryAfter(configurations[2]?.headers["retry-after"], 30);
    expect(configurations[2]?.body).to.have.nested.property("error.code", "TooManyRequests");
    // Identity requests are not affected.
    expect((await graph("GET", `/users/${ADELE}`)).status).to.equal(200);
    const report = await env.control.throttling();
    expect(bucket(report, "graph", "extensions.requests")).to.include({ consumed: 2, throttled: 1 });
    expect(bucket(report, "graph", "teamsAdministration.reads")).to.include({ consumed: 2, throttled: 1 });
  });

  it("limits the Teams admin API (ConfigAPI) from the teams seed", async () => {
    await env.control.seed("teams", { throttling: { writes: { limit: 1, windowSeconds: 20 } } });
    const teamsToken = await accessToken(secretCredential(env), TEAMS_SCOPE);
    const put = () => call(env, `${env.teamsUrl}/Skype.Policy/configurations/TenantDialPlan/configuration/Tag:US-Chicago`, { method: "PUT", token: teamsToken, body: { Description: "Chicago" } });
    expect((await put()).status).to.equal(200);
    const refused = await put();
    expect(refused.status).to.equal(429);
    expectRetryAfter(refused?.headers["retry-after"], 20);
    expect(refused.body).to.have.nested.property("error.code", "TooManyRequests");
    expect(refused.headers["x-ms-correlation-id"]).to.be.a("string");
    expect((await call(env, `${env.teamsUrl}/Skype.Policy/configurations/TenantDialPlan`, { token: teamsToken })).status).to.equal(200);
    const report = await env.control.throttling();
    expect(bucket(report, "teams", "configApi.writes")).to.include({ capacity: 1, consumed: 1, throttled: 1 });
    expect(bucket(report, "teams", "configApi.reads")).to.include({ capacity: 30, consumed: 1 });
  });

  it("refuses nothing with enabled false, and still counts what requests cost", async () => {
    await env.control.seed("graph", { throttling: { enabled: false, identity: { resourceUnits: { medium: 1, windowSeconds: 60 } } } });
    for (let i = 0; i < 3; i++) expect((await graph("GET", `/users/${ADELE}`)).status).to.equal(200);
    const report = await env.control.throttling();
    expect(report.services.graph?.enabled).to.equal(false);
    expect(bucket(report, "graph", "identity.resourceUnits")).to.include({ consumed: 3, throttled: 0 });
  });

  it("answers 429 over the concurrency limit and reports the peak; POST /throttling/reset starts the counters again", async () => {
    await env.control.seed("graph", { throttling: { maxConcurrentRequests: 1 } });
    // One request held in flight by a long latency rule.
    await env.control.addFaults([{ service: "graph", method: "GET", path: "^/v1\\.0/organization$", action: "latency", ms: 60_000, count: 1 }]);
    const abort = new AbortController();
    const held = fetch(`${env.graphUrl}/v1.0/organization`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal }).catch((error: unknown) => error);
    try {
      await waitFor("the held request in flight", async () => (await env.control.throttling()).services.graph?.concurrentRequests === 1);
      const refused = await graph("GET", `/users/${ADELE}`);
      expect(refused.status).to.equal(429);
      expect(refused.headers["retry-after"]).to.equal("1");
      expect(refused.headers["x-ms-throttle-information"]).to.equal("ConcurrencyLimitExceeded");
    } finally {
      abort.abort();
      await held;
    }
    await waitFor("the aborted request to leave", async () => (await env.control.throttling()).services.graph?.concurrentRequests === 0);
    const report = await env.control.throttling();
    expect(report.services.graph).to.deep.include({ maxConcurrentRequests: 1, peakConcurrentRequests: 1, refusedForConcurrency: 1 });

    const since = report.since;
    await env.control.resetThrottling();
    const fresh = await env.control.throttling();
    expect(fresh.since >= since).to.equal(true);
    expect(fresh.services.graph).to.deep.include({ peakConcurrentRequests: 0, refusedForConcurrency: 0 });
    expect(fresh.services.graph?.buckets.every((item) => item.consumed === 0 && item.throttled === 0)).to.equal(true);
  });

  it("refuses bad throttling seed data with a 400 naming the field", async () => {
    const zero = await rejection(env.control.seed("graph", { throttling: { identity: { resourceUnits: { small: 0 } } } }));
    expect(zero.message).to.include("throttling.identity.resourceUnits.small");
    const unknown = await rejection(env.control.seed("teams", { throttling: { reed: {} } }));
    expect(unknown.message).to.include('unknown field "reed"');
  });
});
