import { expect } from "chai";
import { assignPolicies, getPolicyId, unassignPolicies } from "../../../../provider/backends/graph/policy-assignments";
import { getUserConfiguration } from "../../../../provider/backends/graph/user-configurations";
import { isNotFoundError } from "../../../../provider/core/errors";
import { rejectionOf } from "../replay";
import { GRAPH, graphFixture } from "./fixture";

const POLICY = `${GRAPH}/admin/teams/policy`;

describe("graph Teams policy assignment", () => {
  it("finds a policy id by type and name, quoting and encoding the name", async () => {
    const { graph, transport } = graphFixture();
    transport.reply({ status: 200, body: { value: [{ name: "Tag:Sales O'Neil", policyId: "VnMAaN3X" }] } });
    const found = await getPolicyId(graph, "TeamsCallingPolicy", "Tag:Sales O'Neil");
    expect(transport.requests[0].url).to.equal(`${POLICY}/getPolicyId(type='TeamsCallingPolicy',name='Sales%20O''Neil')`);
    expect(found).to.deep.equal({ name: "Tag:Sales O'Neil", policyId: "VnMAaN3X" });
  });

  it("reports a policy that does not exist as NotFound", async () => {
    const { graph, transport } = graphFixture();
    transport.reply({ status: 200, body: { value: [] } });
    const error = await rejectionOf(getPolicyId(graph, "TenantDialPlan", "Cu1-Dial"));
    expect(isNotFoundError(error)).to.equal(true);
    expect(error.message).to.equal("graph: finding policy TenantDialPlan Cu1-Dial: no such policy");
  });

  it("assigns with the teamsPolicyUserAssignment type and expects 204", async () => {
    const { graph, transport } = graphFixture();
    transport.reply({ status: 204 });
    await assignPolicies(graph, [
      { userId: "u1", policyType: "TeamsCallingPolicy", policyId: "p1" },
      { userId: "u2", policyType: "TenantDialPlan", policyId: "p2" },
    ]);
    expect(transport.requests[0]).to.deep.include({
      method: "POST",
      url: `${POLICY}/userAssignments/assign`,
      body: {
        value: [
          { "@odata.type": "#microsoft.graph.teamsAdministration.teamsPolicyUserAssignment", userId: "u1", policyType: "TeamsCallingPolicy", policyId: "p1" },
          { "@odata.type": "#microsoft.graph.teamsAdministration.teamsPolicyUserAssignment", userId: "u2", policyType: "TenantDialPlan", policyId: "p2" },
        ],
      },
    });
  });

  it("unassigns by user and type, and repeats after a 502 since grants are idempotent", async () => {
    const { graph, transport } = graphFixture();
    transport.reply({ status: 502 }, { status: 204 });
    await unassignPolicies(graph, [{ userId: "u1", policyType: "OnlineVoiceRoutingPolicy" }]);
    expect(transport.requests.map((r) => [r.url, r.body])).to.deep.equal([
      [`${POLICY}/userAssignments/unassign`, { value: [{ userId: "u1", policyType: "OnlineVoiceRoutingPolicy" }] }],
      [`${POLICY}/userAssignments/unassign`, { value: [{ userId: "u1", policyType: "OnlineVoiceRoutingPolicy" }] }],
    ]);
  });

  it("sends nothing for an empty list", async () => {
    const { graph, transport } = graphFixture();
    await assignPolicies(graph, []);
    await unassignPolicies(graph, []);
    expect(transport.requests).to.deep.equal([]);
  });

  it("reads a user's Teams configuration", async () => {
    const { graph, transport } = graphFixture();
    const configuration = {
      id: "u1",
      userPrincipalName: "alice@contoso.com",
      isEnterpriseVoiceEnabled: true,
      featureTypes: ["Teams", "PhoneSystem"],
      telephoneNumbers: [{ telephoneNumber: "+41440000001", assignmentCategory: "primary" }],
      effectivePolicyAssignments: [{ policyType: "TenantDialPlan", policyAssignment: { displayName: "Cu1-Dial", assignmentType: "direct", policyId: "p2", groupId: null } }],
    };
    transport.reply({ status: 200, body: configuration });
    expect(await getUserConfiguration(graph, "u1")).to.deep.equal(configuration);
    expect(transport.requests[0].url).to.equal(`${GRAPH}/admin/teams/userConfigurations/u1`);
  });
});
