import { expect } from "chai";
import { GraphBatcher, workloadOf } from "../../../../provider/backends/graph/batcher";
import { assignNumber } from "../../../../provider/backends/graph/number-assignments";
import { getUser, setUsageLocation } from "../../../../provider/backends/graph/users";
import { isNotFoundError, isTransportError } from "../../../../provider/core/errors";
import { graphErrorBody, rejectionOf, socketFailure, type RecordedRequest } from "../replay";
import { GRAPH, graphFixture } from "./fixture";

const items = (request: RecordedRequest) => (request.body as { requests: { id: string; method: string; url: string; body?: unknown }[] }).requests;

describe("graph batcher", () => {
  it("sends concurrent calls as one $batch and answers each caller with its own item", async () => {
    const { graph, transport } = graphFixture();
    const bulk = graph.batched(new GraphBatcher(graph));
    transport.reply({
      status: 200,
      body: {
        responses: [
          { id: "2", status: 404, headers: { "Content-Type": "application/json" }, body: graphErrorBody("Request_ResourceNotFound", "Resource 'u2' does not exist", "r2") },
          { id: "1", status: 200, headers: { "Content-Type": "application/json" }, body: { id: "u1", userPrincipalName: "u1@contoso.com" } },
          { id: "3", status: 204, headers: {} },
        ],
      },
    });
    const [one, two, three] = await Promise.allSettled([getUser(bulk, "u1", ["id"], ["extensions"]), getUser(bulk, "u2"), setUsageLocation(bulk, "u3", "US")]);
    expect(transport.requests).to.have.length(1);
    expect(transport.requests[0].url).to.equal(`${GRAPH}/$batch`);
    expect(items(transport.requests[0]).map((i) => `${i.method} ${i.url}`)).to.deep.equal([
      "GET /users/u1?$select=id,userPrincipalName&$expand=extensions",
      "GET /users/u2?$select=id,userPrincipalName",
      "PATCH /users/u3",
    ]);
    expect(one.status === "fulfilled" && one.value.userPrincipalName).to.equal("u1@contoso.com");
    expect(two.status === "rejected" && isNotFoundError(two.reason)).to.equal(true);
    expect(two.status === "rejected" && String(two.reason.message)).to.match(/reading user u2: 404 Request_ResourceNotFound/);
    expect(three.status).to.equal("fulfilled");
  });

  it("keeps calls that may not be repeated apart from those that may", async () => {
    const { graph, transport } = graphFixture();
    const bulk = graph.batched(new GraphBatcher(graph));
    transport.reply(
      { status: 200, body: { responses: [{ id: "1", status: 204, headers: {} }] } },
      { status: 200, body: { responses: [{ id: "1", status: 202, headers: { Location: `${GRAPH}/admin/teams/telephoneNumberManagement/operations('op-1')` } }] } },
      { status: 200, body: { responses: [{ id: "1", status: 200, headers: { "Content-Type": "application/json" }, body: { id: "op-1", status: "succeeded" } }] } },
    );
    await Promise.all([
      setUsageLocation(bulk, "u1", "US"),
      assignNumber(bulk, { telephoneNumber: "+13125550101", assignmentTargetId: "u1", numberType: "directRouting" }),
    ]);
    const sent = transport.requests.map((r) => items(r).map((i) => `${i.method} ${i.url}`));
    expect(sent).to.deep.equal([
      ["PATCH /users/u1"],
      ["POST /admin/teams/telephoneNumberManagement/numberAssignments/assignNumber"],
      // The operation's absolute Location is polled inside a batch, relative to the version root.
      ["GET /admin/teams/telephoneNumberManagement/operations('op-1')"],
    ]);
  });

  it("fills batches of 20 and starts a new one for the 21st call", async () => {
    const { graph, transport } = graphFixture();
    const bulk = graph.batched(new GraphBatcher(graph));
    const answer = (n: number) => ({ status: 200, body: { responses: Array.from({ length: n }, (_, i) => ({ id: String(i + 1), status: 204, headers: {} })) } });
    transport.reply(answer(20), answer(1));
    await Promise.all(Array.from({ length: 21 }, (_, i) => setUsageLocation(bulk, `u${i}`, "US")));
    expect(transport.requests.map((r) => items(r).length)).to.deep.equal([20, 1]);
  });

  it("fails every caller of a batch whose request failed, with the batch's error", async () => {
    const { graph, transport } = graphFixture();
    const bulk = graph.batched(new GraphBatcher(graph));
    transport.reply({ status: 400, body: graphErrorBody("BadRequest", "Invalid batch payload format", "r") });
    const error = await rejectionOf(getUser(bulk, "u1"));
    expect(error.message).to.match(/400 BadRequest: Invalid batch payload format/);
  });

  it("fails each caller of a batch that got no answer with a transport error naming its own call", async () => {
    const { graph, transport } = graphFixture();
    const bulk = graph.batched(new GraphBatcher(graph));
    // Calls that may not be repeated: the envelope is not sent again after a lost answer.
    transport.reply({ status: 0, error: socketFailure("UND_ERR_SOCKET", "other side closed") });
    const [one, two] = await Promise.all([
      rejectionOf(assignNumber(bulk, { telephoneNumber: "+13125550101", assignmentTargetId: "u1", numberType: "directRouting" })),
      rejectionOf(assignNumber(bulk, { telephoneNumber: "+13125550102", assignmentTargetId: "u2", numberType: "directRouting" })),
    ]);
    expect(transport.requests).to.have.length(1);
    for (const [error, number] of [[one, "+13125550101"], [two, "+13125550102"]] as const) {
      expect(isTransportError(error), error.message).to.equal(true);
      expect(error.message).to.include(number).and.to.include("UND_ERR_SOCKET").and.to.include("sent in a $batch of 2");
    }
  });

  it("refuses options out of range", () => {
    const { graph } = graphFixture();
    expect(() => new GraphBatcher(graph, { maxItems: 21 })).to.throw(/maxItems must be an integer from 1 to 20; got 21/);
  });
});

describe("graph batcher: pacing by the platform's answers", () => {
  it("holds a throttled call back for the Retry-After, without spending an attempt, and halves the calls in flight", async () => {
    // A platform that throttles u2 and u3 four times each: more than the client's 5 attempts would allow if each counted.
    const refusals = new Map([["/users/u2", 4], ["/users/u3", 4]]);
    const sent: number[] = [];
    const transport = {
      async execute(context: { request: string | Request; options?: RequestInit; response?: Response }) {
        const body = JSON.parse(String(context.options?.body)) as { requests: { id: string; url: string }[] };
        sent.push(body.requests.length);
        const responses = body.requests.map((r) => {
          const left = refusals.get(r.url) ?? 0;
          if (left === 0) return { id: r.id, status: 204, headers: {} };
          refusals.set(r.url, left - 1);
          return { id: r.id, status: 429, headers: { "Retry-After": "2", "Content-Type": "application/json" }, body: graphErrorBody("TooManyRequests", "Too many requests", "r") };
        });
        context.response = new Response(JSON.stringify({ responses }), { status: 200, headers: { "content-type": "application/json" } });
      },
    };
    const { graph, clock } = graphFixture({ transport });
    const batcher = new GraphBatcher(graph);
    const bulk = graph.batched(batcher);
    await Promise.all(["u1", "u2", "u3", "u4"].map((u) => setUsageLocation(bulk, u, "US")));
    expect(sent[0]).to.equal(4);
    // After the first throttling, the held calls go out at most two at a time (half the four in flight).
    expect(sent.slice(1).every((n) => n <= 2)).to.equal(true);
    expect(batcher.itemsThrottled).to.equal(8);
    expect(clock.sleeps.filter((ms) => ms === 2000).length, "each throttling waited its Retry-After").to.be.at.least(4);
  });

  it("gives up on a call throttled for longer than the retry policy lets one request wait", async () => {
    const { graph, transport } = graphFixture();
    const bulk = graph.batched(new GraphBatcher(graph));
    const throttled = { id: "1", status: 429, headers: { "Retry-After": "120", "Content-Type": "application/json" }, body: graphErrorBody("TooManyRequests", "Too many requests", "r") };
    transport.reply(...Array.from({ length: 3 }, () => ({ status: 200, body: { responses: [throttled] } })));
    const error = await rejectionOf(setUsageLocation(bulk, "u1", "US"));
    expect(error.message).to.match(/429 TooManyRequests/);
    expect(transport.requests).to.have.length(3);
  });

  it("keeps workloads apart, so Teams administration calls held back never hold back identity calls", () => {
    expect(["/users/u1", "/users/u1/assignLicense", "/subscribedSkus"].map(workloadOf)).to.deep.equal(["identity", "identity", "identity"]);
    expect(["/admin/teams/userConfigurations/u1", "/admin/teams/policy/userAssignments/assign"].map(workloadOf)).to.deep.equal(["teamsAdministration", "teamsAdministration"]);
    expect(["/users/u1/extensions", "/users/u1/extensions/io.ucflow.subscriber"].map(workloadOf)).to.deep.equal(["extensions", "extensions"]);
  });
});
