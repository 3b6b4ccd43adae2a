import { expect } from "chai";
import { assignLicense, listSubscribedSkus } from "../../../../provider/backends/graph/licenses";
import { ConfigurationError } from "../../../../provider/core/errors";
import { graphErrorBody, rejectionOf } from "../replay";
import { GRAPH, graphFixture } from "./fixture";

const MCOEV = "e43b5b99-8dfb-405f-9987-dc307f34bcbd";
const E5 = "06ebc4ee-1bb5-47dd-8120-11324bc54e06";
const PLAN = "4828c8ec-dc2e-4779-b502-87ac9ce28ab7";

describe("graph licenses", () => {
  it("assignLicense always sends both arrays and every disabledPlans list", async () => {
    const { graph, transport } = graphFixture();
    transport.reply({ status: 200, body: { id: "u1", userPrincipalName: "alice@contoso.com" } });
    const user = await assignLicense(graph, "alice@contoso.com", { addLicenses: [{ skuId: MCOEV }, { skuId: E5, disabledPlans: [PLAN] }], removeLicenses: [] });
    expect(user).to.deep.equal({ id: "u1", userPrincipalName: "alice@contoso.com" });
    expect(transport.requests[0]).to.deep.include({
      method: "POST",
      url: `${GRAPH}/users/alice@contoso.com/assignLicense`,
      body: { addLicenses: [{ skuId: MCOEV, disabledPlans: [] }, { skuId: E5, disabledPlans: [PLAN] }], removeLicenses: [] },
    });
  });

  it("reports a missing usage location with the backend, operation, user, code and request id", async () => {
    const { graph, transport } = graphFixture();
    transport.reply({
      status: 400,
      headers: { "request-id": "1234" },
      body: graphErrorBody("Request_BadRequest", "License assignment cannot be done for user with invalid usage location.", "1234"),
    });
    const error = await rejectionOf(assignLicense(graph, "alice@contoso.com", { addLicenses: [{ skuId: MCOEV }], removeLicenses: [] }));
    expect(error.message).to.equal(
      "graph: assigning license to alice@contoso.com: 400 Request_BadRequest: License assignment cannot be done for user with invalid usage location. (request-id 1234)",
    );
    expect(error).to.include({ statusCode: 400, code: "Request_BadRequest", requestId: "1234", retryable: false });
  });

  it("repeats assignLicense after a 500, since the body states the wanted result", async () => {
    const { graph, transport, clock } = graphFixture();
    transport.reply({ status: 500, body: graphErrorBody("UnknownError", "", "r") }, { status: 200, body: { id: "u1" } });
    await assignLicense(graph, "u1", { addLicenses: [], removeLicenses: [MCOEV] });
    expect(transport.requests).to.have.length(2);
    expect(clock.sleeps).to.deep.equal([750]);
    expect(transport.requests[1].body).to.deep.equal({ addLicenses: [], removeLicenses: [MCOEV] });
  });

  it("rejects ids that are not GUIDs before sending", async () => {
    const { graph, transport } = graphFixture();
    const error = await rejectionOf<ConfigurationError>(assignLicense(graph, "u1", { addLicenses: [{ skuId: "MCOEV", disabledPlans: ["x"] }], removeLicenses: ["y"] }));
    expect(error.problems).to.deep.equal([
      'addLicenses skuId must be a GUID; got "MCOEV"',
      'disabledPlans must be service plan GUIDs; got "x"',
      'removeLicenses must be SKU GUIDs; got "y"',
    ]);
    expect(transport.requests).to.deep.equal([]);
  });

  it("lists subscribed SKUs with their units and plans", async () => {
    const { graph, transport } = graphFixture();
    const sku = {
      skuId: MCOEV,
      skuPartNumber: "MCOEV",
      capabilityStatus: "Enabled",
      consumedUnits: 12,
      prepaidUnits: { enabled: 25, suspended: 0, warning: 0, lockedOut: 0 },
      servicePlans: [{ servicePlanId: PLAN, servicePlanName: "MCOEV", provisioningStatus: "Success", appliesTo: "User" }],
    };
    transport.reply({ status: 200, body: { value: [sku] } });
    expect(await listSubscribedSkus(graph)).to.deep.equal([sku]);
    expect(transport.requests[0].url).to.equal(`${GRAPH}/subscribedSkus`);
  });
});
