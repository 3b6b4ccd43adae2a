// Faults injected through the lab's control endpoint reaching the real clients in each
// platform's own error shape: a 429 with Retry-After that the Graph client's RetryHandler
// honours (and gives up on after its retries), and a 503 from the Teams admin API.
import { type Client, GraphError } from "@microsoft/microsoft-graph-client";
import { expect } from "chai";
import { accessToken, call, GRAPH_SCOPE, graphClient, rejection, secretCredential, TEAMS_SCOPE, type MicrosoftLab, withMicrosoftLab } from "./support";

describe("lab Microsoft simulators: injected faults", () => {
  let env: MicrosoftLab;
  let client: Client;

  withMicrosoftLab((lab) => {
    env = lab;
    client = graphClient(env);
  });

  it("answers 429 with Retry-After in Graph's error shape; the Graph client retries and succeeds", async () => {
    const [rule] = await env.control.addFaults([{ service: "graph", method: "GET", path: "^/v1\\.0/users$", action: "status", status: 429, retryAfter: 0, count: 2 }]);
    const page = (await client.api("/users").top(3).get()) as { value: unknown[] };
    expect(page.value).to.have.length(3);
    const fired = (await env.control.faults()).rules.find((candidate) => candidate.id === rule?.id);
    expect(fired?.fired).to.equal(2);
  });

  it("lets the 429 reach the caller once the client's retries are used up", async () => {
    await env.control.addFaults([{ service: "graph", path: "^/v1\\.0/users$", action: "status", status: 429, retryAfter: 0, count: 10 }]);
    const error = (await rejection(client.api("/users").get())) as unknown as GraphError;
    expect(error).to.be.instanceOf(GraphError);
    expect(error.statusCode).to.equal(429);
    expect(error.code).to.equal("TooManyRequests");
    expect(error.requestId).to.match(/^[0-9a-f-]{36}$/);
    expect(error.headers?.get("retry-after")).to.equal("0");
    // The client's default: the first try and three retries.
    expect((await env.control.faults()).rules[0]?.fired).to.equal(4);

    const raw = await call(env, `${env.graphUrl}/v1.0/users`, { token: await accessToken(secretCredential(env), GRAPH_SCOPE) });
    expect(raw.status).to.equal(429);
    expect(raw.headers["retry-after"]).to.equal("0");
    expect(raw.headers["x-ms-throttle-information"]).to.equal("ResourceUnitLimitExceeded");
    expect(raw.headers["content-type"]).to.match(/^application\/json/);
    const body = raw.body as { error: { code: string; message: string; innerError: Record<string, string> } };
    expect(body.error.code).to.equal("TooManyRequests");
    expect(body.error.innerError).to.have.keys("date", "request-id", "client-request-id");
    expect(raw.headers["request-id"]).to.equal(body.error.innerError["request-id"]);
  });

  it("answers 503 from the Teams admin API in its error shape", async () => {
    await env.control.addFaults([{ service: "teams", action: "status", status: 503, retryAfter: 5, count: 1 }]);
    const token = await accessToken(secretCredential(env), TEAMS_SCOPE);
    const unavailable = await call(env, `${env.teamsUrl}/Skype.Policy/configurations/TenantDialPlan`, { token });
    expect(unavailable.status).to.equal(503);
    expect(unavailable.headers["retry-after"]).to.equal("5");
    expect((unavailable.body as { error: { code: string } }).error.code).to.equal("ServiceUnavailable");
    expect((await call(env, `${env.teamsUrl}/Skype.Policy/configurations/TenantDialPlan`, { token })).status).to.equal(200);
  });
});
