// Licenses through the real Graph client: subscribedSkus with units that move with
// assignments, assignLicense with the usage-location rule, dependencies, exhaustion, unknown
// SKUs and disabled plans, and licenseDetails.
import { type Client, GraphError } from "@microsoft/microsoft-graph-client";
import { expect } from "chai";
import { SERVICE_PLAN_IDS, SKU_IDS } from "../../../lab/microsoft";
import { graphClient, rejection, type MicrosoftLab, withMicrosoftLab } from "./support";

interface Sku {
  skuId: string;
  skuPartNumber: string;
  consumedUnits: number;
  prepaidUnits: { enabled: number; suspended: number; warning: number; lockedOut: number };
  servicePlans: { servicePlanId: string; servicePlanName: string }[];
}

describe("lab graph simulator: licenses", () => {
  let env: MicrosoftLab;
  let client: Client;

  withMicrosoftLab((lab) => {
    env = lab;
    client = graphClient(env);
  });

  const skus = async (): Promise<Map<string, Sku>> => new Map(((await client.api("/subscribedSkus").get()) as { value: Sku[] }).value.map((sku) => [sku.skuPartNumber, sku]));
  const consumed = async (part: string): Promise<number> => (await skus()).get(part)?.consumedUnits ?? -1;
  /** Users matching an advanced filter. */
  const users = async (filter: string): Promise<{ id: string; usageLocation: string | null }[]> =>
    ((await client.api("/users").filter(filter).header("ConsistencyLevel", "eventual").count(true).select("id,usageLocation").top(999).get()) as { value: { id: string; usageLocation: string | null }[] }).value;
  const assign = (userId: string, add: { skuId: string; disabledPlans?: string[] }[], remove: string[] = []) =>
    client.api(`/users/${userId}/assignLicense`).post({ addLicenses: add.map((license) => ({ disabledPlans: [], ...license })), removeLicenses: remove });
  const graphError = async (promise: Promise<unknown>): Promise<GraphError> => {
    const error = await rejection(promise);
    expect(error).to.be.instanceOf(GraphError);
    return error as unknown as GraphError;
  };

  it("lists the tenant's SKUs with real part numbers, ids and limited units", async () => {
    const all = await skus();
    expect([...all.keys()]).to.include.members(["SPE_E5", "SPE_E3", "MCOEV", "MCOPSTN1"]);
    expect(all.get("MCOEV")).to.deep.include({ skuId: "e43b5b99-8dfb-405f-9987-dc307f34bcbd", prepaidUnits: { enabled: 40, suspended: 0, warning: 0, lockedOut: 0 } });
    expect(all.get("MCOEV")?.servicePlans.map((plan) => plan.servicePlanId)).to.deep.equal(["4828c8ec-dc2e-4779-b502-87ac9ce28ab7"]);
    expect(all.get("SPE_E5")?.prepaidUnits.enabled).to.equal(80);
    expect(all.get("SPE_E5")?.consumedUnits).to.be.greaterThan(0);
    const filtered = await graphError(client.api("/subscribedSkus").filter("skuPartNumber eq 'MCOEV'").get());
    expect(filtered.statusCode).to.equal(400);
  });

  it("refuses a license for a user without usage location, with Graph's exact message", async () => {
    const [user] = await users("usageLocation eq null");
    const error = await graphError(assign(user?.id ?? "", [{ skuId: SKU_IDS.SPE_E3 }]));
    expect(error.statusCode).to.equal(400);
    expect(error.code).to.equal("Request_BadRequest");
    expect(error.message).to.equal("License assignment cannot be done for user with invalid usage location.");
    await client.api(`/users/${user?.id ?? ""}`).patch({ usageLocation: "US" });
    await assign(user?.id ?? "", [{ skuId: SKU_IDS.SPE_E3 }]);
  });

  it("assigns a base license and Teams Phone, moving consumed units, shown in licenseDetails and assignedLicenses", async () => {
    const [user] = (await users("assignedLicenses/$count eq 0")).filter((candidate) => candidate.usageLocation !== null);
    const id = user?.id ?? "";
    const before = { e3: await consumed("SPE_E3"), phone: await consumed("MCOEV") };
    const answer = (await assign(id, [{ skuId: SKU_IDS.SPE_E3 }, { skuId: SKU_IDS.MCOEV }])) as { id: string; userPrincipalName: string };
    expect(answer.id).to.equal(id);
    expect(await consumed("SPE_E3")).to.equal(before.e3 + 1);
    expect(await consumed("MCOEV")).to.equal(before.phone + 1);
    const selected = (await client.api(`/users/${id}`).select("assignedLicenses").get()) as { assignedLicenses: { skuId: string; disabledPlans: string[] }[] };
    expect(selected.assignedLicenses.map((license) => license.skuId).sort()).to.deep.equal([SKU_IDS.SPE_E3, SKU_IDS.MCOEV].sort());
    const details = (await client.api(`/users/${id}/licenseDetails`).get()) as { value: { skuPartNumber: string }[] };
    expect(details.value.map((detail) => detail.skuPartNumber).sort()).to.deep.equal(["MCOEV", "SPE_E3"]);

    await assign(id, [], [SKU_IDS.MCOEV, SKU_IDS.SPE_E3]);
    expect(await consumed("MCOEV")).to.equal(before.phone);
    const removeAgain = await graphError(assign(id, [], [SKU_IDS.MCOEV]));
    expect(removeAgain.message).to.contain("User does not have a corresponding license.");
  });

  it("refuses Teams Phone without a base license (DependencyViolation) and unknown SKUs", async () => {
    const [user] = (await users("assignedLicenses/$count eq 0")).filter((candidate) => candidate.usageLocation !== null);
    const dependency = await graphError(assign(user?.id ?? "", [{ skuId: SKU_IDS.MCOEV }]));
    expect(dependency.message).to.contain(`service plan ${SERVICE_PLAN_IDS.phoneSystem} depends on the service plan(s)`);
    const unknown = "11111111-2222-4333-8444-555555555555";
    const error = await graphError(assign(user?.id ?? "", [{ skuId: unknown }]));
    expect(error.message).to.equal(`License ${unknown} does not correspond to a valid company License.`);
  });

  it("refuses an assignment when the SKU has no units left", async () => {
    const limit = await consumed("MCOPSTN1");
    await env.control.seed("graph", { subscribedSkus: [{ sku: "MCOPSTN1", enabled: limit }] });
    const [user] = await users(`assignedLicenses/any(x:x/skuId eq ${SKU_IDS.SPE_E5})`);
    const error = await graphError(assign(user?.id ?? "", [{ skuId: SKU_IDS.MCOPSTN1 }]));
    expect(error.statusCode).to.equal(400);
    expect(error.message).to.contain("not enough licenses").and.contain("CountViolation").and.contain(`${limit} of ${limit} units`);
    await env.control.seed("graph", { subscribedSkus: [{ sku: "MCOPSTN1", enabled: limit + 1 }] });
    await assign(user?.id ?? "", [{ skuId: SKU_IDS.MCOPSTN1 }]);
    expect(await consumed("MCOPSTN1")).to.equal(limit + 1);
  });

  it("adds units to a SKU (seed add), next to setting them, and refuses a total below zero", async () => {
    const before = (await skus()).get("MCOEV")?.prepaidUnits as Sku["prepaidUnits"];
    await env.control.seed("graph", { subscribedSkus: [{ sku: "MCOEV", add: { enabled: 25, warning: 2 } }] });
    expect((await skus()).get("MCOEV")?.prepaidUnits).to.deep.equal({ ...before, enabled: before.enabled + 25, warning: before.warning + 2 });
    await env.control.seed("graph", { subscribedSkus: [{ sku: SKU_IDS.MCOEV, add: { enabled: -5 } }, { sku: "MCOEV", suspended: 3 }] });
    expect((await skus()).get("MCOEV")?.prepaidUnits).to.deep.equal({ ...before, enabled: before.enabled + 20, warning: before.warning + 2, suspended: 3 });

    const below = await rejection(env.control.seed("graph", { subscribedSkus: [{ sku: "MCOEV", add: { enabled: -(before.enabled + 21) } }] }));
    expect(below.message).to.contain(`subscribedSkus[0].add.enabled: MCOEV has ${before.enabled + 20} enabled units; adding ${-(before.enabled + 21)} gives -1, outside 0 to 10000000`);
    const both = await rejection(env.control.seed("graph", { subscribedSkus: [{ sku: "MCOEV", enabled: 1, add: { enabled: 1 } }] }));
    expect(both.message).to.contain("give enabled (sets the units) or add.enabled (adds to them), not both");
    const unknown = await rejection(env.control.seed("graph", { subscribedSkus: [{ sku: "MCOEV", add: { consumed: 1 } }] }));
    expect(unknown.message).to.contain("consumed");
    // A refused seed changes nothing.
    expect((await skus()).get("MCOEV")?.prepaidUnits.enabled).to.equal(before.enabled + 20);
  });

  it("changes disabled plans by re-sending an assigned SKU without using another unit", async () => {
    const [user] = await users(`assignedLicenses/any(x:x/skuId eq ${SKU_IDS.SPE_E5})`);
    const id = user?.id ?? "";
    const units = await consumed("SPE_E5");
    await assign(id, [{ skuId: SKU_IDS.SPE_E5, disabledPlans: [SERVICE_PLAN_IDS.audioConferencing] }]);
    expect(await consumed("SPE_E5")).to.equal(units);
    const details = (await client.api(`/users/${id}/licenseDetails`).get()) as { value: { skuId: string; servicePlans: { servicePlanId: string; provisioningStatus: string }[] }[] };
    const plan = details.value.find((detail) => detail.skuId === SKU_IDS.SPE_E5)?.servicePlans.find((candidate) => candidate.servicePlanId === SERVICE_PLAN_IDS.audioConferencing);
    expect(plan?.provisioningStatus).to.equal("Disabled");
    const notAPlan = await graphError(assign(id, [{ skuId: SKU_IDS.SPE_E5, disabledPlans: [SERVICE_PLAN_IDS.domesticCallingPlan] }]));
    expect(notAPlan.message).to.contain("disabledPlans");
  });
});
