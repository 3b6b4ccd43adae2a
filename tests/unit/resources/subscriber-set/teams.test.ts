// A number assignment whose answer was lost (the platform went down mid-call): ucflow reads the
// number before anything else, and sends the call again only when the read finds it still
// free.
import { expect } from "chai";
import { assignNumberOnce } from "../../../../provider/resources/subscriber-set/teams";
import { isTransportError } from "../../../../provider/core/errors";
import { rejectionOf, socketFailure } from "../../backends/replay";
import { GRAPH, graphFixture } from "../../backends/graph/fixture";

const NUMBERS = `${GRAPH}/admin/teams/telephoneNumberManagement`;
const NUMBER = "+13125550101";
const USER = "8f1c0000-0000-4000-8000-000000000001";
const lost = { status: 0, error: socketFailure("UND_ERR_SOCKET", "other side closed") };
const listed = (assignment: Record<string, unknown>) => ({ status: 200, body: { value: [{ id: "n1", telephoneNumber: NUMBER, numberType: "directRouting", ...assignment }] } });
const accepted = { status: 202, headers: { location: `${NUMBERS}/operations('op-2')` } };
const succeeded = { status: 200, body: { id: "op-2", status: "succeeded" } };

/** The lost call, the read that finds the number free, the call sent again and its operation. */
const READ_THEN_SENT_AGAIN = ["POST /numberAssignments/assignNumber", "GET /numberAssignments?…", "POST /numberAssignments/assignNumber", "GET /operations('op-2')"];
const calls = (requests: readonly { method: string; url: string }[]) => requests.map((r) => `${r.method} ${r.url.replace(NUMBERS, "")}`.replace(/\?.*$/, "?…"));

describe("assignNumberOnce: a number assignment whose answer was lost", () => {
  it("reads the number and, still free, sends the assignment once more", async () => {
    const { graph, transport } = graphFixture();
    transport.reply(lost, listed({ assignmentStatus: "unassigned", assignmentTargetId: null }), accepted, succeeded);
    await assignNumberOnce(graph, USER, { telephoneNumber: NUMBER, numberType: "directRouting" });
    expect(calls(transport.requests)).to.deep.equal(READ_THEN_SENT_AGAIN);
  });

  it("reads the number and, already the user's (the lost call took effect), sends nothing more", async () => {
    const { graph, transport } = graphFixture();
    transport.reply(lost, listed({ assignmentStatus: "userAssigned", assignmentTargetId: USER }));
    await assignNumberOnce(graph, USER, { telephoneNumber: NUMBER, numberType: "directRouting" });
    expect(calls(transport.requests)).to.deep.equal(["POST /numberAssignments/assignNumber", "GET /numberAssignments?…"]);
  });

  it("fails with the lost call's error when the number is someone else's, or the read fails too", async () => {
    for (const read of [listed({ assignmentStatus: "userAssigned", assignmentTargetId: "someone-else" }), { status: 404, body: { error: { code: "NotFound", message: "x" } } }]) {
      const { graph, transport } = graphFixture();
      transport.reply(lost, read);
      const error = await rejectionOf(assignNumberOnce(graph, USER, { telephoneNumber: NUMBER, numberType: "directRouting" }));
      expect(isTransportError(error), error.message).to.equal(true);
      expect(error.message).to.include(`assigning number ${NUMBER}`);
      expect(transport.requests.filter((r) => r.method === "POST")).to.have.length(1);
    }
  });

  it("after a 5xx, reads too and, the number still free, sends once more", async () => {
    const { graph, transport } = graphFixture();
    const unavailable = { status: 500, body: { error: { code: "InternalServerError", message: "x" } } };
    transport.reply(unavailable, listed({ assignmentStatus: "unassigned", assignmentTargetId: null }), accepted, succeeded);
    await assignNumberOnce(graph, USER, { telephoneNumber: NUMBER, numberType: "directRouting" });
    expect(calls(transport.requests)).to.deep.equal(READ_THEN_SENT_AGAIN);
  });
});
