import { expect } from "chai";
import { batch, type BatchItem } from "../../../../provider/backends/graph/batch";
import { isNotFoundError, type UcflowError } from "../../../../provider/core/errors";
import { RetryPolicy } from "../../../../provider/core/retry";
import { graphErrorBody, type RecordedRequest } from "../replay";
import { GRAPH, graphFixture } from "./fixture";

const getUser = (i: number): BatchItem => ({ method: "GET", url: `/users/u${i}?$select=id`, context: { operation: "reading user", object: `u${i}` } });
const ok = (id: string, body: unknown = { id }) => ({ id, status: 200, headers: { "Content-Type": "application/json" }, body });
const ids = (request: RecordedRequest) => (request.body as { requests: { id: string }[] }).requests.map((r) => r.id);

describe("graph $batch", () => {
  it("splits into batches of 20 and returns outcomes in the order given", async () => {
    const { graph, transport } = graphFixture();
    const items = Array.from({ length: 45 }, (_, i) => getUser(i));
    for (const [from, to] of [
      [1, 20],
      [21, 40],
      [41, 45],
    ]) {
      const responses = [];
      for (let id = to; id >= from; id--) responses.push(ok(String(id), { id: `u${id - 1}` })); // reversed: order is not guaranteed
      transport.reply({ status: 200, body: { responses } });
    }
    const outcomes = await batch(graph, items);
    expect(transport.requests.map((r) => [r.method, r.url, ids(r).length])).to.deep.equal([
      ["POST", `${GRAPH}/$batch`, 20],
      ["POST", `${GRAPH}/$batch`, 20],
      ["POST", `${GRAPH}/$batch`, 5],
    ]);
    expect(ids(transport.requests[2])).to.deep.equal(["41", "42", "43", "44", "45"]);
    expect((transport.requests[0].body as { requests: unknown[] }).requests[3]).to.deep.equal({ id: "4", method: "GET", url: "/users/u3?$select=id" });
    expect(outcomes.map((o) => o.ok && (o.body as { id: string }).id)).to.deep.equal(items.map((_, i) => `u${i}`));
  });

  it("re-batches only the throttled items after the longest Retry-After they asked for", async () => {
    const { graph, transport, clock } = graphFixture();
    const items: BatchItem[] = [
      getUser(0),
      { method: "PATCH", url: "/users/u1", body: { usageLocation: "US" }, idempotent: true, context: { operation: "setting usage location", object: "u1" } },
      getUser(2),
    ];
    transport.reply(
      {
        status: 200,
        body: {
          responses: [
            { id: "3", status: 429, headers: { "Retry-After": "5" }, body: graphErrorBody("TooManyRequests", "Too many requests", "r3") },
            ok("1"),
            { id: "2", status: 429, headers: { "Retry-After": "3" }, body: graphErrorBody("TooManyRequests", "Too many requests", "r2") },
          ],
        },
      },
      { status: 200, body: { responses: [{ id: "2", status: 204, headers: {} }, ok("3")] } },
    );
    const outcomes = await batch(graph, items);
    expect(clock.sleeps).to.deep.equal([5000]);
    expect(transport.requests.map(ids)).to.deep.equal([
      ["1", "2", "3"],
      ["2", "3"],
    ]);
    expect((transport.requests[1].body as { requests: unknown[] }).requests[0]).to.deep.equal({
      id: "2",
      method: "PATCH",
      url: "/users/u1",
      headers: { "Content-Type": "application/json" },
      body: { usageLocation: "US" },
    });
    expect(outcomes.map((o) => o.ok && o.status)).to.deep.equal([200, 204, 200]);
  });

  it("maps per-item errors to typed errors with the item's context", async () => {
    const { graph, transport } = graphFixture();
    transport.reply({
      status: 200,
      body: {
        responses: [ok("1"), { id: "2", status: 404, headers: { "request-id": "r-404" }, body: graphErrorBody("Request_ResourceNotFound", "Resource 'u1' does not exist.", "r-404") }],
      },
    });
    const [first, second] = await batch(graph, [getUser(0), getUser(1)]);
    expect(first.ok).to.equal(true);
    const error = (second as { error: UcflowError }).error;
    expect(isNotFoundError(error)).to.equal(true);
    expect(error.message).to.equal("graph: reading user u1: 404 Request_ResourceNotFound: Resource 'u1' does not exist. (request-id r-404)");
  });

  it("stops re-batching when the retry policy gives up, failing the item with its last 429", async () => {
    const { graph, transport, clock } = graphFixture({ retry: new RetryPolicy({ maxAttempts: 3 }) });
    const throttled = { status: 200, body: { responses: [{ id: "1", status: 429, headers: { "retry-after": "0" }, body: graphErrorBody("TooManyRequests", "Too many requests", "r") }] } };
    transport.reply(throttled, throttled, throttled);
    const [outcome] = await batch(graph, [getUser(0)]);
    expect(transport.requests).to.have.length(3);
    expect(clock.sleeps).to.deep.equal([0, 0]);
    const error = (outcome as { error: UcflowError }).error;
    expect([error.statusCode, error.retryable, error.code]).to.deep.equal([429, true, "TooManyRequests"]);
  });

  it("does not re-batch a POST that failed with 500", async () => {
    const { graph, transport } = graphFixture();
    transport.reply({ status: 200, body: { responses: [{ id: "1", status: 500, headers: {}, body: graphErrorBody("UnknownError", "boom", "r") }] } });
    const [outcome] = await batch(graph, [{ method: "POST", url: "/users/u0/assignLicense", body: {}, idempotent: false, context: { operation: "assigning license", preposition: "to", object: "u0" } }]);
    expect(transport.requests).to.have.length(1);
    expect((outcome as { error: UcflowError }).error.message).to.equal("graph: assigning license to u0: 500 UnknownError: boom (request-id r)");
  });
});
