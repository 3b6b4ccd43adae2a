// The tenant's groups as readEntraTenant reads them for roles: GET /groups with the properties
// resolving a role needs, every page, through the production Graph client with a
// replayed transport (the Graph shape: learn.microsoft.com/graph/api/group-list).
import { expect } from "chai";
import { rejectionOf } from "../backends/replay";
import { GRAPH, graphFixture } from "../backends/graph/fixture";
import { readEntraGroups } from "../../../sdk/directory/entra";
import { rolesGrantTeamsGroups } from "../../../sdk/directory/customer-sources";

describe("Entra groups for roles", () => {
  it("lists every page of the tenant's groups with what resolving a role needs, ids in lower case", async () => {
    const { graph, transport } = graphFixture();
    const next = `${GRAPH}/groups?$select=id,displayName,securityEnabled,mailEnabled,groupTypes&$top=999&$skiptoken=RFNwdAIAAQAAAA`;
    transport.reply(
      {
        status: 200,
        body: {
          value: [
            { id: "6F1C2A9E-3B4D-4E5F-8A6B-7C8D9E0F1A2B", displayName: "Teams Phone Users", securityEnabled: true, mailEnabled: false, groupTypes: [] },
            { id: "abababab-abab-4bab-8bab-abababababab", displayName: "All Staff", securityEnabled: false },
          ],
          "@odata.nextLink": next,
        },
      },
      { status: 200, body: { value: [{ id: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", displayName: null }] } },
    );
    const groups = await readEntraGroups(graph);
    expect(transport.requests.map((r) => [r.method, r.url])).to.deep.equal([
      ["GET", `${GRAPH}/groups?$select=id,displayName,securityEnabled,mailEnabled,groupTypes&$top=999`],
      ["GET", next],
    ]);
    expect(groups).to.deep.equal([
      { id: "6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b", displayName: "Teams Phone Users", securityEnabled: true, mailEnabled: false, groupTypes: [] },
      { id: "abababab-abab-4bab-8bab-abababababab", displayName: "All Staff", securityEnabled: false },
      { id: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", displayName: "" },
    ]);
  });

  it("refuses a collection whose items are not groups, naming the operation", async () => {
    const { graph, transport } = graphFixture();
    transport.reply({ status: 200, body: { value: [{ displayName: "no id" }] } });
    const error = await rejectionOf<Error>(readEntraGroups(graph));
    expect(error.message).to.match(/^graph: listing groups: .*expected a group object with a string `id`/);
  });

  it("is read only when a role grants Teams groups", () => {
    expect(rolesGrantTeamsGroups({})).to.equal(false);
    expect(rolesGrantTeamsGroups({ roles: [{ name: "Cti", cucm: { accessControlGroups: ["Standard CTI Enabled"] } }, { name: "None", teams: { groups: [] } }] })).to.equal(false);
    expect(rolesGrantTeamsGroups({ roles: [{ name: "Standard", teams: { groups: ["Teams Phone Users"] } }] })).to.equal(true);
  });
});
