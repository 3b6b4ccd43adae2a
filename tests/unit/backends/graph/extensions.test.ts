import { expect } from "chai";
import { writeUserExtension } from "../../../../provider/backends/graph/extensions";
import { graphErrorBody, rejectionOf, socketFailure } from "../replay";
import { GRAPH, graphFixture } from "./fixture";

const NAME = "io.ucflow.subscriber";

describe("graph open extensions", () => {
  it("a create whose connection dropped is sent again; the 409 of one that had arrived turns into a PATCH", async () => {
    const { graph, transport } = graphFixture();
    transport.reply(
      { status: 0, error: socketFailure("ECONNRESET", "socket hang up") },
      { status: 409, body: graphErrorBody("NameAlreadyExists", "An extension already exists with given id.", "r-2") },
      { status: 204 },
    );
    await writeUserExtension(graph, "u1", NAME, { customer: "Cu1" }, false);
    expect(transport.requests.map((r) => [r.method, r.url])).to.deep.equal([
      ["POST", `${GRAPH}/users/u1/extensions`],
      ["POST", `${GRAPH}/users/u1/extensions`],
      ["PATCH", `${GRAPH}/users/u1/extensions/${NAME}`],
    ]);
    expect(transport.requests[2]!.body).to.deep.equal({ "@odata.type": "microsoft.graph.openTypeExtension", extensionName: NAME, customer: "Cu1" });
  });

  it("fails on a POST refused for another reason, with nothing more sent", async () => {
    const { graph, transport } = graphFixture();
    transport.reply({ status: 400, body: graphErrorBody("BadRequest", "Too many extensions", "r") });
    const error = await rejectionOf(writeUserExtension(graph, "u1", NAME, { customer: "Cu1" }, false));
    expect(error.message).to.match(/recording ucflow's footprint on u1: 400 BadRequest/);
    expect(transport.requests).to.have.length(1);
  });
});
