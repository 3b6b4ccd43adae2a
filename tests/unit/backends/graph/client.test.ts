import { inspect } from "node:util";
import { expect } from "chai";
import { GraphClient } from "../../../../provider/backends/graph/client";
import { listUsers } from "../../../../provider/backends/graph/users";
import { getUserConfiguration } from "../../../../provider/backends/graph/user-configurations";
import { ConfigurationError, isTransportError, isUcflowError } from "../../../../provider/core/errors";
import { RetryPolicy } from "../../../../provider/core/retry";
import { graphErrorBody, rejectionOf, socketFailure, StubCredential } from "../replay";
import { GRAPH, GRAPH_TOKEN, graphFixture } from "./fixture";

const page = (value: unknown[], extra: Record<string, unknown> = {}) => ({ status: 200, body: { "@odata.context": "x", value, ...extra } });

describe("graph client", () => {
  it("asks for <origin>/.default and sends the token to a custom host matched by hostname, without the port", async () => {
    const { graph, transport, credential } = graphFixture({ baseUrl: "https://127.0.0.1:8443" });
    transport.reply(page([]));
    await listUsers(graph, { select: [] });
    expect(graph.baseUrl).to.equal("https://127.0.0.1:8443/");
    expect(credential.requests).to.deep.equal([["https://127.0.0.1:8443/.default"]]);
    expect(transport.requests[0].url).to.equal("https://127.0.0.1:8443/v1.0/users?$select=id,userPrincipalName&$top=999");
    expect(transport.requests[0].headers.authorization).to.equal(`Bearer ${GRAPH_TOKEN}`);
  });

  it("defaults to the global service and its scope", async () => {
    const { graph, transport, credential } = graphFixture();
    transport.reply(page([]));
    await listUsers(graph, { select: [] });
    expect(credential.requests).to.deep.equal([["https://graph.microsoft.com/.default"]]);
    expect(transport.requests[0].url).to.equal(`${GRAPH}/users?$select=id,userPrincipalName&$top=999`);
    expect(transport.requests[0].headers).to.include({ authorization: `Bearer ${GRAPH_TOKEN}`, "client-request-id": "crid-1" });
  });

  it("rejects base URLs it cannot use safely, naming every problem", () => {
    const credential = new StubCredential("t");
    expect(() => new GraphClient({ credential, baseUrl: "http://127.0.0.1:8080/graph/", maxInFlight: 0 }))
      .to.throw(ConfigurationError)
      .with.property("problems")
      .that.deep.equals([
        'baseUrl must use https (the client sends tokens and follows links only over https; the lab serves https with its own CA, trusted through NODE_EXTRA_CA_CERTS); got "http://127.0.0.1:8080/graph/"',
        'baseUrl must be the Graph root with no path (the version is added per request); got "http://127.0.0.1:8080/graph/"',
        "maxInFlight must be an integer from 1 to 64; got 0",
      ]);
    expect(() => new GraphClient({ credential, baseUrl: "https://[::1]:8443/" })).to.throw(ConfigurationError, "IPv6 literal");
  });

  it("retries a throttled GET after exactly Retry-After, marking the retry and keeping the client-request-id", async () => {
    const { graph, transport, clock } = graphFixture();
    transport.reply({ status: 429, headers: { "retry-after": "7" }, body: graphErrorBody("TooManyRequests", "Too many requests", "r-429") }, page([{ id: "1" }]));
    const result = await listUsers(graph, { select: [] });
    expect(result.users).to.deep.equal([{ id: "1" }]);
    expect(clock.sleeps).to.deep.equal([7000]);
    expect(transport.requests.map((r) => [r.headers["client-request-id"], r.headers["retry-attempt"]])).to.deep.equal([
      ["crid-1", undefined],
      ["crid-1", "1"],
    ]);
  });

  it("retries a POST after 503 but not after 504, which may have been processed", async () => {
    const { graph, transport, clock } = graphFixture();
    transport.reply({ status: 503, headers: { "retry-after": "1" } }, { status: 204 });
    await graph.send({ method: "POST", path: "/x", body: {}, context: { operation: "testing" } });
    transport.reply({ status: 504, headers: { "request-id": "r-504" } });
    const error = await rejectionOf(graph.send({ method: "POST", path: "/x", body: {}, context: { operation: "testing" } }));
    expect(transport.requests.length).to.equal(3);
    expect(clock.sleeps).to.deep.equal([1000]);
    expect(error.message).to.equal("graph: testing: 504: Gateway Timeout (request-id r-504)");
    expect(error.retryable).to.equal(true);
  });

  it("gives up on a GET whose connection keeps resetting, with a TransportError carrying the client-request-id", async () => {
    const { graph, transport, clock } = graphFixture({ retry: new RetryPolicy({ maxAttempts: 3 }) });
    transport.reply(...[1, 2, 3].map(() => ({ status: 0, error: socketFailure("ECONNRESET", "read ECONNRESET") })));
    const error = await rejectionOf(listUsers(graph, { select: [] }));
    expect(isTransportError(error)).to.equal(true);
    expect(error.message).to.equal("graph: listing users: no response (ECONNRESET): read ECONNRESET (request-id crid-1)");
    expect(clock.sleeps).to.deep.equal([750, 1500]);
  });

  it("takes retry limits per call", async () => {
    const { graph, transport, clock } = graphFixture();
    transport.reply({ status: 503, headers: { "retry-after": "1" } }, { status: 503, headers: { "retry-after": "1" } });
    const error = await rejectionOf(graph.send({ method: "GET", path: "/organization", retry: new RetryPolicy({ maxAttempts: 2 }), context: { operation: "reading organization" } }));
    expect([transport.requests.length, clock.sleeps, error.statusCode]).to.deep.equal([2, [1000], 503]);
  });

  it("answers a redirect instead of following it", async () => {
    const { graph, transport } = graphFixture();
    transport.reply({ status: 302, headers: { location: "https://elsewhere.example/" } });
    const error = await rejectionOf(graph.send({ method: "GET", path: "/me", context: { operation: "reading me" } }));
    expect(error.message).to.equal("graph: reading me: 302: Found (request-id crid-1)");
    expect(transport.redirects).to.deep.equal(["manual"]);
  });

  it("maps a failing credential to an error and sends nothing", async () => {
    const credential = {
      getToken: async () => {
        throw Object.assign(new Error("EnvironmentCredential is unavailable. No underlying credential could be used."), { name: "CredentialUnavailableError" });
      },
    };
    const { graph, transport } = graphFixture({ credential });
    const error = await rejectionOf(listUsers(graph, { select: [] }));
    expect(error.message).to.equal(
      "graph: listing users: CredentialUnavailableError: could not get an access token for https://graph.microsoft.com/.default: EnvironmentCredential is unavailable. No underlying credential could be used.",
    );
    expect(error.retryable).to.equal(false);
    expect(transport.requests).to.deep.equal([]);
  });

  it("never puts the token in logs or errors", async () => {
    const { graph, transport, logger } = graphFixture();
    transport.reply({ status: 401, headers: { "request-id": "r-401" }, body: graphErrorBody("InvalidAuthenticationToken", "Access token has expired or is not yet valid.", "r-401") });
    const error = await rejectionOf<unknown>(getUserConfiguration(graph, "8f1c"));
    expect(isUcflowError(error)).to.equal(true);
    expect(logger.lines).to.have.length(1);
    expect(logger.lines[0]).to.include('"authorization":"REDACTED"');
    for (const text of [...logger.lines, (error as Error).message, inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error)]) {
      expect(text).not.to.include(GRAPH_TOKEN);
    }
  });

  it("follows @odata.nextLink on the configured endpoint only", async () => {
    const { graph, transport } = graphFixture();
    transport.reply(page([{ id: "1" }], { "@odata.nextLink": "https://evil.example/v1.0/users?$skiptoken=x" }));
    const error = await rejectionOf(listUsers(graph, { select: [] }));
    expect(error.message).to.equal("graph: listing users: UnexpectedLink: the server linked to https://evil.example/v1.0/users, outside the configured Graph endpoint https://graph.microsoft.com");
    expect(transport.requests).to.have.length(1);
  });

  it("refuses Teams administration calls in national clouds before sending", async () => {
    const { graph, transport } = graphFixture({ baseUrl: "https://graph.microsoft.us/" });
    const error = await rejectionOf(getUserConfiguration(graph, "8f1c"));
    expect(error.message).to.equal(
      "graph: reading Teams configuration of 8f1c: NotAvailableInCloud: Teams administration through Graph is available only in the global service, not at https://graph.microsoft.us",
    );
    expect(transport.requests).to.deep.equal([]);
  });
});
