// The SDK classes of the tenant kinds: what they send to the engine and the outputs they expose.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ClassOfService, CustomerAccount, DialPlan, Site } from "../../../../sdk";

const output = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply((v) => resolve(v)));

describe("tenant kinds in the SDK", () => {
  const registered: { type: string; inputs: Record<string, unknown> }[] = [];
  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, inputs: args.inputs });
          const { __provider: _p, ...inputs } = args.inputs;
          const computed: Record<string, Record<string, unknown>> = {
            "pulumi-nodejs:dynamic/ucflow:Customer": { tenantDisplayName: "Contoso" },
            "pulumi-nodejs:dynamic/ucflow:Site": { locationId: "loc-1" },
            "pulumi-nodejs:dynamic/ucflow:DialPlan": { identity: `Tag:${inputs.name}` },
          };
          return { id: `${args.name}-id`, state: { ...inputs, ...computed[args.type] } };
        },
        call: () => ({}),
      },
      "tenant-kinds",
      "test",
      false,
    );
  });

  it("registers each kind under ucflow's module and exposes the outputs that are not inputs", async () => {
    const customer = new CustomerAccount("cu1", { code: "Cu1", name: "Customer One", tenantId: "8f3c2a71-5b4e-4d0a-9c6f-2e1d7b9a4c35" });
    const site = new Site("si1", { customer: "Cu1", code: "Cu1Si1", name: "Chicago", address: { street: "233 S Wacker Dr", city: "Chicago", postalCode: "60606", country: "US" } });
    const dialPlan = new DialPlan("dp", { customer: "Cu1", name: "Cu1-Chicago", scope: "site", site: "Cu1Si1", normalizationRules: [] });
    const cos = new ClassOfService("cos", { customer: "Cu1", name: "Cu1-Std", countryCallingCode: "1", allows: ["national"], pstnGateways: ["sbc1.contoso.com"] });
    expect(await output(customer.tenantDisplayName)).to.equal("Contoso");
    expect(await output(site.locationId)).to.equal("loc-1");
    expect(await output(site.dialPlan)).to.equal(undefined);
    expect(await output(dialPlan.identity)).to.equal("Tag:Cu1-Chicago");
    expect(await output(cos.name)).to.equal("Cu1-Std");
    // Sorted: registration order follows input serialisation, not the constructors' order (it
    // differs when another test file has registered resources in the same process first).
    expect(registered.map((r) => r.type).sort()).to.deep.equal([
      "pulumi-nodejs:dynamic/ucflow:ClassOfService",
      "pulumi-nodejs:dynamic/ucflow:Customer",
      "pulumi-nodejs:dynamic/ucflow:DialPlan",
      "pulumi-nodejs:dynamic/ucflow:Site",
    ]);
    // Outputs that are not inputs are not sent as inputs.
    for (const r of registered) expect(r.inputs).not.to.have.any.keys("tenantDisplayName", "locationId", "identity", "drift");
  });
});
