// Writing ucflow's record (an open extension) is safe to repeat, also when a POST's answer was lost.
import { expect } from "chai";
import { writeUserExtension } from "../../../../provider/backends/graph/extensions";
import { graphErrorBody, rejectionOf, socketFailure } from "../replay";
import { GRAPH, graphFixture } from "./fixture";

const NAME = "io.ucflow.subscriber";
const lost = { status: 0, error: socketFailure("UND_ERR_SOCKET", "other side closed") };
const created = { status: 201, body: { id: NAME, extensionName: NAME } };
const calls = (requests: readonly { method: string; url: string }[]) => requests.map((r) => `${r.method} ${r.url.replace(GRAPH, "")}`);

describe("graph open extensions: writeUserExtension", () => {
  it("after a POST whose connection was lost, PATCHes: the lost POST created it", async () => {
    const { graph, transport } = graphFixture();
    transport.reply(lost, { status: 204 });
    await writeUserExtension(graph, "u1", NAME, { customer: "Cu1" }, false);
    expect(calls(transport.requests)).to.deep.equal(["POST /users/u1/extensions", `PATCH /users/u1/extensions/${NAME}`]);
  });

  it("after a POST whose connection was lost, POSTs once more when the PATCH finds nothing", async () => {
    const { graph, transport } = graphFixture();
    transport.reply(lost, { status: 404, body: graphErrorBody("ResourceNotFound", "Extension not found", "r") }, created);
    await writeUserExtension(graph, "u1", NAME, { customer: "Cu1" }, false);
    expect(calls(transport.requests)).to.deep.equal(["POST /users/u1/extensions", `PATCH /users/u1/extensions/${NAME}`, "POST /users/u1/extensions"]);
  });

  it("fails on a POST refused for another reason, with nothing more sent", async () => {
    const { graph, transport } = graphFixture();
    transport.reply({ status: 400, body: graphErrorBody("BadRequest", "Too many extensions", "r") });
    const error = await rejectionOf(writeUserExtension(graph, "u1", NAME, { customer: "Cu1" }, false));
    expect(error.message).to.match(/recording ucflow's footprint on u1: 400 BadRequest/);
    expect(transport.requests).to.have.length(1);
  });
});
