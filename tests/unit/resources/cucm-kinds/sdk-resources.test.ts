// The SDK classes of the Unified CM kinds: their type names and the outputs they expose.
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ClusterDialPlan, CucmSite, CustomerAccount, RESOURCE_KINDS } from "../../../../sdk";

const output = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply((v) => resolve(v)));

describe("Unified CM kinds in the SDK", () => {
  const registered: { type: string; inputs: Record<string, unknown> }[] = [];
  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, inputs: args.inputs });
          const { __provider: _p, ...inputs } = args.inputs;
          const computed: Record<string, Record<string, unknown>> = {
            "pulumi-nodejs:dynamic/ucflow:ClusterDialPlan": { linePartition: "Cu2-DN-PT", inboundCss: "Cu2-Inbound-CSS", destination: { routeListName: "RL" }, objects: [] },
            "pulumi-nodejs:dynamic/ucflow:CucmSite": { devicePool: "Cu2Si1-DP", lineCss: { Std: "Cu2Si1-Std-CSS" }, objects: [] },
            "pulumi-nodejs:dynamic/ucflow:Customer": { tenantDisplayName: "", clusterVersions: { Cluster1: { cucmVersion: "15.0.1.12900-1", axlVersion: "15.0" } } },
          };
          return { id: `${args.name}-id`, state: { ...inputs, ...computed[args.type] } };
        },
        call: () => ({}),
      },
      "cucm-kinds",
      "test",
      false,
    );
  });

  it("registers each kind under ucflow's module, with the outputs the component wires", async () => {
    const dialPlan = { extensionLength: 4, countryCallingCode: "1", gateway: "RL" };
    const plan = new ClusterDialPlan("cu2-cluster1", { customer: "Cu2", cluster: "Cluster1", dialPlan });
    const site = new CucmSite(
      "cu2si1",
      { customer: "Cu2", code: "Cu2Si1", name: "Dallas", cluster: "Cluster1", dialPlan, classesOfService: [{ name: "Std", allows: ["national"] }], defaults: { callManagerGroup: "Default", dateTimeGroup: "CMLocal", region: "Default", srst: "Disable", presenceGroup: "Standard Presence group", commonPhoneConfig: "Standard Common Phone Profile" } },
      { dependsOn: [plan] },
    );
    const customer = new CustomerAccount("cu2", { code: "Cu2", name: "Fabrikam", clusters: ["Cluster1"] });
    expect(await output(plan.linePartition)).to.equal("Cu2-DN-PT");
    expect(await output(plan.inboundCss)).to.equal("Cu2-Inbound-CSS");
    expect(await output(site.lineCss)).to.deep.equal({ Std: "Cu2Si1-Std-CSS" });
    expect(await output(customer.clusterVersions)).to.deep.equal({ Cluster1: { cucmVersion: "15.0.1.12900-1", axlVersion: "15.0" } });
    // The site registers once its dependency has: the order is not the constructors'.
    expect(registered.map((r) => r.type).sort()).to.deep.equal(["pulumi-nodejs:dynamic/ucflow:ClusterDialPlan", "pulumi-nodejs:dynamic/ucflow:CucmSite", "pulumi-nodejs:dynamic/ucflow:Customer"]);
    for (const r of registered) expect(r.inputs).not.to.have.any.keys("linePartition", "inboundCss", "destination", "objects", "drift", "devicePool", "lineCss", "clusterVersions");
    expect(RESOURCE_KINDS).to.include({ ClusterDialPlan: "ucflow/provider/resources/cluster-dial-plan/provider", CucmSite: "ucflow/provider/resources/cucm-site/provider" });
  });
});
