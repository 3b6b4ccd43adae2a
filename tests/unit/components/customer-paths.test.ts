// The Customer component names each problem it finds against the platforms (a SKU the tenant
// lacks, a policy, an SBC, a filter attribute) by the value's path in the definition, under the
// root the program gives (the stack config key, the file, a variable), or `args` without one.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import type { TenantSnapshot } from "../../../provider/plan";
import { Customer, type CustomerArgs } from "../../../sdk/components/customer";
import { decodeCustomerDefinition } from "../../../sdk/definition/customer-definition";

const CONTOSO = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../../examples/teams-customer/contoso.json"), "utf8"));
const E5 = "06ebc4ee-1bb5-47dd-8120-11324bc54e06";

/** The message of the RunError the component throws. */
function failureOf(make: () => unknown): string {
  try {
    make();
  } catch (error) {
    expect(pulumi.RunError.isInstance(error), `a RunError, not ${String(error)}`).to.equal(true);
    return (error as Error).message;
  }
  throw new Error("expected the customer to be refused, but it was planned");
}

describe("Customer component: problems found against the platforms name the config path", () => {
  let args: CustomerArgs;
  before(async () => {
    await pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: () => ({}) }, "customer-paths", "test", false);
    const definition = structuredClone(CONTOSO);
    definition.profiles[0].quickAddGroup.licenses[0].sku = "SPE_E7";
    definition.profiles[0].quickAddGroup.policies.TeamsCallingPolicy = "Cu1-Nowhere";
    definition.classesOfService[0].pstnGateways = ["sbc9.contoso.com"];
    definition.filters[0].rows[0].attribute = "ctiy";
    const decoded = decodeCustomerDefinition(definition, "customer");
    if (!decoded.ok) throw new Error(JSON.stringify(decoded.problems));
    const { directory: _directory, ...declared } = decoded.value;
    const tenant: TenantSnapshot = {
      users: [],
      licenses: new Map(),
      skus: [{ skuPartNumber: "SPE_E5", skuId: E5, enabled: 10, consumed: 0, servicePlans: [] }],
      numberAssignments: new Map(),
      now: new Date("2026-12-01T00:00:00Z"),
    };
    args = {
      ...declared,
      tenant,
      policies: { TeamsCallingPolicy: ["Global", "AllowCalling"], OnlineVoiceRoutingPolicy: ["Global"], TenantDialPlan: ["Global"], TeamsEmergencyCallingPolicy: ["Global"] },
      pstnGateways: ["sbc1.contoso.com"],
      directoryAttributes: ["city", "department", "userPrincipalName"],
    };
  });

  it("puts every path under the stack config key the definition came from, keeping the object's name", () => {
    const message = failureOf(() => new Customer("cu1-config", { ...args, definitionRoot: "customer" }));
    expect(message).to.include('\n  - customer.profiles[0].quickAddGroup.licenses[0].sku (profile Voice): the tenant does not subscribe to "SPE_E7"; it has SPE_E5; name a SKU it has');
    expect(message).to.include('\n  - customer.profiles[0].quickAddGroup.policies.TeamsCallingPolicy (profile Voice): "Cu1-Nowhere" is neither a TeamsCallingPolicy in the tenant');
    expect(message).to.include('\n  - customer.classesOfService[0].pstnGateways[0] (class of service Cu1-National): the tenant has no Direct Routing SBC "sbc9.contoso.com"');
    expect(message).to.include('\n  - customer.filters[0].rows[0].attribute (filter in-site-city): "ctiy" is not an attribute of the directory\'s users (did you mean city?)');
  });

  it("names the file when the definition is one, and the component's arguments when the program says nothing", () => {
    expect(failureOf(() => new Customer("cu1-file", { ...args, definitionRoot: "customers/contoso.json" }))).to.include(
      "\n  - customers/contoso.json: profiles[0].quickAddGroup.licenses[0].sku (profile Voice): ",
    );
    const located = failureOf(() => new Customer("cu1-lines", { ...args, definitionRoot: { root: "customers/contoso.yaml", position: (property) => (property.startsWith("profiles[0]") ? ":26:7" : "") } }));
    expect(located).to.include("\n  - customers/contoso.yaml:26:7: profiles[0].quickAddGroup.licenses[0].sku (profile Voice): ");
    expect(located).to.include("\n  - customers/contoso.yaml: filters[0].rows[0].attribute (filter in-site-city): ");
    expect(failureOf(() => new Customer("cu1-args", args))).to.include("\n  - args.profiles[0].quickAddGroup.licenses[0].sku (profile Voice): ");
  });
});
