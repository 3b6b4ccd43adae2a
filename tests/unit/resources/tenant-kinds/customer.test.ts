// Customer: nothing is created in the tenant; every create, update and refresh proves that the
// configured credential signs in to the customer's tenant.
import { expect } from "chai";
import { customerDefinition } from "../../../../provider/resources/customer/provider";
import { kindProvider } from "../../../../provider/resources/kind-provider";
import { GRAPH } from "../../backends/graph/fixture";
import { graphErrorBody } from "../../backends/replay";
import { calls, failure, tenantFixture } from "./fixture";

const TENANT = "8f3c2a71-5b4e-4d0a-9c6f-2e1d7b9a4c35";
const OTHER_TENANT = "0b6e1c52-91d4-4f2a-8e37-5a9c0d1f2b63";
const inputs = { code: "Cu1", name: "Customer One", tenantId: TENANT };
const organization = (id: string, displayName: string) => ({
  status: 200,
  body: { "@odata.context": `${GRAPH}/$metadata#organization`, value: [{ id, displayName, verifiedDomains: [{ name: "contoso.com", isDefault: true }] }] },
});

function setup() {
  const fixture = tenantFixture();
  return { ...fixture, provider: kindProvider(customerDefinition(fixture.clients)) };
}

describe("Customer", () => {
  it("creates nothing but checks the tenant with GET /organization and records its display name", async () => {
    const { provider, graph, teams } = setup();
    graph.reply(organization(TENANT, "Contoso"));
    const result = await provider.create(inputs);
    expect(result).to.deep.equal({ id: "Cu1", outs: { ...inputs, tenantDisplayName: "Contoso" } });
    expect(calls(graph.requests)).to.deep.equal([["GET", `${GRAPH}/organization`, undefined]]);
    expect(teams.requests).to.deep.equal([]);
  });

  it("refuses a credential for another tenant, naming both tenants", async () => {
    const { provider, graph } = setup();
    graph.reply(organization(OTHER_TENANT, "Fabrikam"));
    const error = await failure(provider.create(inputs));
    expect(error.message).to.equal(
      `customer Cu1: the configured Microsoft credential signs in to tenant ${OTHER_TENANT} ("Fabrikam"), but the customer's tenantId is ${TENANT}. ` +
        "Point ucflow:tenantId and the app credential at the customer's tenant, or correct customer.tenantId; nothing was changed",
    );
  });

  it("compares tenant ids ignoring case", async () => {
    const { provider, graph } = setup();
    graph.reply(organization(TENANT.toUpperCase(), "Contoso"));
    expect((await provider.create(inputs)).id).to.equal("Cu1");
  });

  it("says which customer a Graph failure was about", async () => {
    const { provider, graph } = setup();
    graph.reply({ status: 403, body: graphErrorBody("Authorization_RequestDenied", "Insufficient privileges to complete the operation.", "req-7") });
    const error = await failure(provider.create(inputs));
    expect(error.message).to.equal("customer Cu1: graph: reading the organization: 403 Authorization_RequestDenied: Insufficient privileges to complete the operation. (request-id req-7)");
  });

  it("refresh picks up a renamed tenant and fails, rather than reporting it gone, for a credential of another tenant", async () => {
    const { provider, graph } = setup();
    const state = { ...inputs, tenantDisplayName: "Contoso" };
    graph.reply(organization(TENANT, "Contoso Ltd"), organization(OTHER_TENANT, "Fabrikam"));
    expect(await provider.read!("Cu1", state)).to.deep.equal({ id: "Cu1", props: { ...inputs, tenantDisplayName: "Contoso Ltd" }, inputs });
    expect((await failure(provider.read!("Cu1", state))).message).to.include(`signs in to tenant ${OTHER_TENANT}`);
  });

  it("update checks the tenant again; delete calls nothing", async () => {
    const { provider, graph, teams } = setup();
    graph.reply(organization(TENANT, "Contoso"));
    const news = { ...inputs, name: "Customer 1" };
    expect(await provider.update!("Cu1", { ...inputs, tenantDisplayName: "Contoso" }, news)).to.deep.equal({ outs: { ...news, tenantDisplayName: "Contoso" } });
    await provider.delete!("Cu1", { ...inputs, tenantDisplayName: "Contoso" });
    expect(graph.requests).to.have.length(1);
    expect(teams.requests).to.deep.equal([]);
  });

  it("replaces on a new code or tenant, updates on a new name", async () => {
    const { provider } = setup();
    const olds = { ...inputs, tenantDisplayName: "Contoso" };
    expect(await provider.diff!("Cu1", olds, { ...inputs, tenantId: OTHER_TENANT })).to.deep.equal({ changes: true, replaces: ["tenantId"], deleteBeforeReplace: true });
    expect(await provider.diff!("Cu1", olds, { ...inputs, name: "Customer 1" })).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await provider.diff!("Cu1", olds, inputs)).to.deep.equal({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("check names the bad properties", async () => {
    const { provider } = setup();
    const result = await provider.check!({}, { code: "1cu", name: "Customer One", tenantId: "contoso.onmicrosoft.com", tenant: TENANT });
    expect(result.failures).to.deep.equal([
      { property: "tenant", reason: "is not a property of Customer (did you mean tenantId?); the properties are code, name, tenantId, clusters, description" },
      { property: "code", reason: 'must be a customer code: a letter then up to 15 letters or digits, e.g. Cu1; got "1cu"' },
      { property: "tenantId", reason: 'must be a GUID, e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47; got "contoso.onmicrosoft.com"' },
    ]);
    const shape = await provider.check!({}, { code: "1cu", name: "Customer One", tenantId: "contoso.onmicrosoft.com" });
    expect(shape.failures!.map((f) => f.property)).to.deep.equal(["code", "tenantId"]);
    expect(shape.failures![1].reason).to.equal('must be a GUID, e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47; got "contoso.onmicrosoft.com"');
  });
});
