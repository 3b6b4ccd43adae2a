// The subscriber provider's step application, through the real Graph client and a replayed wire.
import { expect } from "chai";
import { applySubscriberSteps } from "../../../provider/resources/subscriber/provider";
import { graphFixture } from "../backends/graph/fixture";

describe("subscriber steps", () => {
  it("looks a policy's id up once for many subscribers, and grants each", async () => {
    const { graph, transport } = graphFixture();
    transport.reply(
      { status: 200, body: { value: [{ name: "Tag:Cu1-National", policyId: "pol-national" }] } },
      { status: 204 },
      { status: 204 },
    );
    const grant = [{ kind: "grantPolicy" as const, policyType: "OnlineVoiceRoutingPolicy", name: "Cu1-National" }];
    await applySubscriberSteps(graph, "user-1", grant);
    // Another client for the same endpoint, as another resource kind's configure() builds.
    await applySubscriberSteps(graphFixture({ transport }).graph, "user-2", grant);
    const urls = transport.requests.map((r) => `${r.method} ${r.url.replace(/^.*\/v1\.0/, "")}`);
    expect(urls).to.deep.equal([
      "GET /admin/teams/policy/getPolicyId(type='OnlineVoiceRoutingPolicy',name='Cu1-National')",
      "POST /admin/teams/policy/userAssignments/assign",
      "POST /admin/teams/policy/userAssignments/assign",
    ]);
    expect(transport.requests.slice(1).map((r) => (r.body as { value: { userId: string; policyId: string }[] }).value[0])).to.deep.include.members([
      { "@odata.type": "#microsoft.graph.teamsAdministration.teamsPolicyUserAssignment", userId: "user-1", policyType: "OnlineVoiceRoutingPolicy", policyId: "pol-national" },
    ]);
  });

  it("does not remember a failed look-up", async () => {
    const { graph, transport } = graphFixture();
    transport.reply(
      { status: 200, body: { value: [] } },
      { status: 200, body: { value: [{ name: "Tag:Cu1-Late", policyId: "pol-late" }] } },
      { status: 204 },
    );
    const grant = [{ kind: "grantPolicy" as const, policyType: "TeamsCallingPolicy", name: "Cu1-Late" }];
    const first = await applySubscriberSteps(graph, "user-1", grant).then(() => undefined, (e: unknown) => e);
    expect(String(first)).to.match(/Cu1-Late/);
    await applySubscriberSteps(graph, "user-1", grant);
    expect(transport.requests).to.have.length(3);
  });
});
