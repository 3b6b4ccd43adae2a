import { expect } from "chai";
import { addGroupMember, listGroups, listUserGroupMemberships, removeGroupMember } from "../../../../provider/backends/graph/groups";
import { ConfigurationError } from "../../../../provider/core/errors";
import { graphErrorBody, rejectionOf } from "../replay";
import { GRAPH, graphFixture } from "./fixture";

const GROUP = "1a000000-0000-4000-8000-000000000002";
const USER = "2b000000-0000-4000-8000-000000000009";

describe("graph groups", () => {
  it("adds a member by reference to the directory object, as Graph documents the body", async () => {
    const { graph, transport } = graphFixture();
    transport.reply({ status: 204 });
    await addGroupMember(graph, GROUP, USER);
    expect(transport.requests[0]).to.deep.include({
      method: "POST",
      url: `${GRAPH}/groups/${GROUP}/members/$ref`,
      body: { "@odata.id": `https://graph.microsoft.com/v1.0/directoryObjects/${USER}` },
    });
  });

  it("takes Graph's 'already exist' answer to an add as done, and reports any other 400", async () => {
    const { graph, transport } = graphFixture();
    transport.reply(
      { status: 400, body: graphErrorBody("Request_BadRequest", "One or more added object references already exist for the following modified properties: 'members'.", "r1") },
      { status: 400, body: graphErrorBody("Request_BadRequest", "Invalid object identifier 'x'.", "r2") },
    );
    await addGroupMember(graph, GROUP, USER);
    const error = await rejectionOf(addGroupMember(graph, GROUP, USER));
    expect(error.message).to.match(/^graph: adding group member to group 1a000000-0000-4000-8000-000000000002 \(member 2b000000-0000-4000-8000-000000000009\): 400 Request_BadRequest: Invalid object identifier/);
  });

  it("takes a 404 on removal as done: the user is not a member", async () => {
    const { graph, transport } = graphFixture();
    transport.reply({ status: 404, body: graphErrorBody("Request_ResourceNotFound", `Resource '${USER}' does not exist or one of its queried reference-property objects are not present.`, "r") });
    await removeGroupMember(graph, GROUP, USER);
    expect(transport.requests[0]).to.deep.include({ method: "DELETE", url: `${GRAPH}/groups/${GROUP}/members/${USER}/$ref` });
  });

  it("lists a user's group memberships over every page, leaving out directory roles, ids in lower case", async () => {
    const { graph, transport } = graphFixture();
    transport.reply(
      { status: 200, body: { value: [{ "@odata.type": "#microsoft.graph.group", id: GROUP.toUpperCase(), displayName: "Sales Voice" }], "@odata.nextLink": `${GRAPH}/users/${USER}/memberOf?$skiptoken=x` } },
      { status: 200, body: { value: [{ "@odata.type": "#microsoft.graph.directoryRole", id: "3c000000-0000-4000-8000-000000000001", displayName: "Teams Administrator" }] } },
    );
    expect(await listUserGroupMemberships(graph, USER)).to.deep.equal([{ id: GROUP, displayName: "Sales Voice" }]);
    expect(transport.requests[0]?.url).to.equal(`${GRAPH}/users/${USER}/memberOf?$select=id,displayName&$top=999`);
    expect(transport.requests).to.have.length(2);
  });

  it("lists groups with a filter, and refuses bad ids and options before sending", async () => {
    const { graph, transport } = graphFixture();
    transport.reply({ status: 200, body: { value: [{ id: GROUP, displayName: "Sales Voice", securityEnabled: true }] } });
    expect(await listGroups(graph, { filter: "displayName eq 'Sales Voice'" })).to.deep.equal([{ id: GROUP, displayName: "Sales Voice", securityEnabled: true }]);
    expect(transport.requests[0]?.url).to.equal(`${GRAPH}/groups?$select=id,displayName,securityEnabled&$filter=displayName%20eq%20%27Sales%20Voice%27&$top=999`);
    const error = await rejectionOf<ConfigurationError>(addGroupMember(graph, "Sales Voice", USER));
    expect(error.problems).to.deep.equal(['groupId must be an Entra object id (a GUID); got "Sales Voice"']);
    expect((await rejectionOf<ConfigurationError>(listGroups(graph, { top: 0, select: ["a b"] }))).problems).to.have.length(2);
    expect(transport.requests).to.have.length(1);
  });
});
