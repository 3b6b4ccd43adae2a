import { expect } from "chai";
import { assignNumber, asNumberOperation, listNumberAssignments, unassignNumber } from "../../../../provider/backends/graph/number-assignments";
import { graphErrorBody, rejectionOf } from "../replay";
import { GRAPH, graphFixture } from "./fixture";

const NUMBERS = `${GRAPH}/admin/teams/telephoneNumberManagement`;
const OPERATION = `${NUMBERS}/operations('op-1')`;
const accepted = { status: 202, headers: { location: OPERATION } };
const number = (n: number) => ({ id: `id${n}`, telephoneNumber: `+4144000000${n}`, assignmentStatus: "unassigned" });

describe("graph number assignments", () => {
  it("lists with $filter, $top and $skip until a short page", async () => {
    const { graph, transport } = graphFixture();
    transport.reply({ status: 200, body: { value: [number(1), number(2)] } }, { status: 200, body: { value: [number(3), number(4)] } }, { status: 200, body: { value: [number(5)] } });
    const all = await listNumberAssignments(graph, { filter: "assignmentStatus eq 'unassigned'", top: 2 });
    const listed = `${NUMBERS}/numberAssignments?$filter=assignmentStatus%20eq%20%27unassigned%27&$top=2`;
    expect(transport.requests.map((r) => r.url)).to.deep.equal([listed, `${listed}&$skip=2`, `${listed}&$skip=4`]);
    expect(all.map((a) => a.telephoneNumber)).to.deep.equal(["+41440000001", "+41440000002", "+41440000003", "+41440000004", "+41440000005"]);
  });

  it("notices a server that ignores $skip instead of looping", async () => {
    const { graph, transport } = graphFixture();
    transport.reply({ status: 200, body: { value: [number(1), number(2)] } }, { status: 200, body: { value: [number(1), number(2)] } });
    const error = await rejectionOf(listNumberAssignments(graph, { top: 2 }));
    expect(error.message).to.equal("graph: listing number assignments: UnexpectedResponse: the server ignored $skip=2: the page starts with the same number as the previous page");
  });

  it("assigns a number: 202 + Location, then polls the operation until it succeeds, accepting both shapes", async () => {
    const { graph, transport, clock } = graphFixture();
    transport.reply(
      accepted,
      { status: 200, body: { id: "op-1", status: "notStarted" } },
      { status: 200, body: { value: { id: "op-1", status: "running" } } },
      { status: 200, body: { id: "op-1", createdDateTime: "2026-01-01T00:00:00Z", status: "succeeded", numbers: [{ resourceLocation: "x", status: "succeeded" }] } },
    );
    const operation = await assignNumber(graph, { telephoneNumber: "+41440000001", assignmentTargetId: "8f1c", numberType: "directRouting" });
    expect(transport.requests[0]).to.deep.include({
      method: "POST",
      url: `${NUMBERS}/numberAssignments/assignNumber`,
      body: { telephoneNumber: "+41440000001", assignmentTargetId: "8f1c", numberType: "directRouting", assignmentCategory: "primary" },
    });
    expect(transport.requests.slice(1).map((r) => [r.method, r.url])).to.deep.equal([
      ["GET", OPERATION],
      ["GET", OPERATION],
      ["GET", OPERATION],
    ]);
    expect(clock.sleeps).to.deep.equal([1000, 2000, 4000]);
    expect(operation).to.deep.equal({ id: "op-1", createdDateTime: "2026-01-01T00:00:00Z", status: "succeeded", numbers: [{ resourceLocation: "x", status: "succeeded" }] });
  });

  it("treats a 404 on the new operation as not visible yet, and honours Retry-After from the 202", async () => {
    const { graph, transport, clock } = graphFixture();
    transport.reply(
      { status: 202, headers: { location: OPERATION, "retry-after": "3" } },
      { status: 404, body: graphErrorBody("NotFound", "Operation not found", "r") },
      { status: 200, body: { id: "op-1", status: "succeeded" } },
    );
    await unassignNumber(graph, { telephoneNumber: "+41440000001", numberType: "directRouting" });
    expect(transport.requests[0].body).to.deep.equal({ telephoneNumber: "+41440000001", numberType: "directRouting" });
    expect(clock.sleeps).to.deep.equal([3000, 2000]);
  });

  it("fails with the operation's status detail", async () => {
    const { graph, transport } = graphFixture();
    transport.reply(accepted, {
      status: 200,
      body: { id: "op-1", status: "failed", numbers: [{ status: "failed", statusDetail: "Telephone Number +41440000001 has already been assigned to another user" }] },
    });
    const error = await rejectionOf(assignNumber(graph, { telephoneNumber: "+41440000001", assignmentTargetId: "8f1c", numberType: "directRouting", locationId: "loc-1" }));
    expect(transport.requests[0].body).to.deep.include({ locationId: "loc-1" });
    expect(error.message).to.equal("graph: assigning number +41440000001 to 8f1c: NumberOperationFailed: Telephone Number +41440000001 has already been assigned to another user");
    expect(error.retryable).to.equal(false);
  });

  it("stops polling before the operation timeout, with a retryable error", async () => {
    const { graph, transport, clock } = graphFixture({ operationTimeoutMs: 5000 });
    transport.reply(accepted, { status: 200, body: { id: "op-1", status: "running" } }, { status: 200, body: { id: "op-1", status: "running" } });
    const error = await rejectionOf(assignNumber(graph, { telephoneNumber: "+41440000001", assignmentTargetId: "8f1c", numberType: "callingPlan" }));
    expect(clock.sleeps).to.deep.equal([1000, 2000]);
    expect(error.message).to.equal(`graph: assigning number +41440000001 to 8f1c: OperationTimeout: the operation ${OPERATION} is still running after 3 s`);
    expect(error.retryable).to.equal(true);
  });

  it("does not send assignNumber twice after a 500, but does after a 429", async () => {
    const { graph, transport, clock } = graphFixture();
    transport.reply({ status: 500, body: graphErrorBody("InternalServerError", "Service is unavailable", "r-500") });
    const error = await rejectionOf(assignNumber(graph, { telephoneNumber: "+41440000001", assignmentTargetId: "8f1c", numberType: "directRouting" }));
    expect([transport.requests.length, error.statusCode]).to.deep.equal([1, 500]);
    transport.reply({ status: 429, headers: { "retry-after": "2" } }, accepted, { status: 200, body: { id: "op-1", status: "skipped" } });
    const operation = await assignNumber(graph, { telephoneNumber: "+41440000001", assignmentTargetId: "8f1c", numberType: "directRouting" });
    expect(operation.status).to.equal("skipped");
    expect(clock.sleeps).to.deep.equal([2000, 1000]);
  });

  it("requires 202 with a Location", async () => {
    const { graph, transport } = graphFixture();
    transport.reply({ status: 200, body: {} });
    const error = await rejectionOf(unassignNumber(graph, { telephoneNumber: "+41440000001", numberType: "directRouting" }));
    expect(error.message).to.equal("graph: unassigning number +41440000001: UnexpectedResponse: expected 202 Accepted with a Location header; got 200 without Location");
  });

  it("reads the operation bare, wrapped in value, or as a one-item value array", () => {
    const context = { operation: "x" };
    expect(asNumberOperation({ id: "a", status: "running" }, context)).to.deep.equal({ id: "a", status: "running" });
    expect(asNumberOperation({ value: { id: "a", status: "running" } }, context)).to.deep.equal({ id: "a", status: "running" });
    expect(asNumberOperation({ value: [{ id: "a", status: "running" }] }, context)).to.deep.equal({ id: "a", status: "running" });
    expect(() => asNumberOperation({ value: [] }, context)).to.throw("expected a telephone number operation with a string `status`");
  });
});
