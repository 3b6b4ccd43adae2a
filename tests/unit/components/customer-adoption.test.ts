// The Customer component gives the customer's `adoption` to its dial plans and classes of
// service, each site's to the site and to the subscriber sets (by site code), and none to the
// customer account. Inputs are captured with Pulumi's mocks.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { parse } from "yaml";
import type { TenantSnapshot } from "../../../provider/plan";
import { Customer } from "../../../sdk/components/customer";
import { decodeCustomerDefinition } from "../../../sdk/definition/customer-definition";

const TEAMS = path.resolve(__dirname, "../../../../examples/teams-customer/contoso.yaml");
const E5 = "06ebc4ee-1bb5-47dd-8120-11324bc54e06";
const E3 = "05e9a617-0261-4cee-bb44-138d3ef5d965";

describe("Customer component: adoption in the resources' inputs", () => {
  const registered: { type: string; name: string; inputs: Record<string, unknown> }[] = [];
  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          const { __provider: _p, ...inputs } = args.inputs;
          registered.push({ type: args.type.replace("pulumi-nodejs:dynamic/ucflow:", ""), name: args.name, inputs });
          return { id: `${args.name}-id`, state: { ...inputs, locationId: "loc-1", identity: "Tag:x" } };
        },
        call: () => ({}),
      },
      "customer-adoption",
      "test",
      false,
    );
  });

  async function build(edit: (raw: Record<string, any>) => void) { // eslint-disable-line @typescript-eslint/no-explicit-any
    registered.length = 0;
    const raw = parse(fs.readFileSync(TEAMS, "utf8")) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    edit(raw);
    const decoded = decodeCustomerDefinition(raw, "contoso.yaml");
    if (!decoded.ok) throw new Error(JSON.stringify(decoded.problems));
    const { directory: _d, ...definition } = decoded.value;
    const tenant: TenantSnapshot = {
      users: [{ id: "00000000-0000-4000-8000-000000000001", attributes: { userPrincipalName: "user1@contoso.com", city: "Chicago", department: "Support" } }],
      licenses: new Map(),
      skus: [
        { skuPartNumber: "SPE_E5", skuId: E5, enabled: 10, consumed: 0, servicePlans: [] },
        { skuPartNumber: "SPE_E3", skuId: E3, enabled: 10, consumed: 0, servicePlans: [] },
      ],
      numberAssignments: new Map(),
      now: new Date("2026-12-01T00:00:00Z"),
    };
    const customer = new Customer("cu1", { ...definition, tenant });
    await Promise.all(customer.subscriberSets.map((set) => new Promise((resolve) => set.urn.apply(resolve))));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const of = (type: string) => registered.filter((r) => r.type === type);
    return { of };
  }

  it("passes customer.adoption to every dial plan and class of service, each site's adoption to its site and the sets, none to the account", async () => {
    const { of } = await build((raw) => {
      raw.customer.adoption = { existing: "adopt" };
      raw.sites[0].adoption = { existing: "adopt", onDelete: "remove" };
    });
    expect(of("DialPlan").map((r) => r.inputs.adoption)).to.deep.equal([{ existing: "adopt" }, { existing: "adopt" }, { existing: "adopt" }]);
    expect(of("ClassOfService").map((r) => r.inputs.adoption)).to.deep.equal([{ existing: "adopt" }, { existing: "adopt" }]);
    expect(of("Site").map((r) => [r.inputs.code, r.inputs.adoption]).sort()).to.deep.equal([
      ["Cu1Si1", { existing: "adopt", onDelete: "remove" }],
      ["Cu1Si2", undefined],
      ["Cu1Si3", undefined],
    ]);
    expect(of("SubscriberSet").length).to.be.greaterThan(0);
    for (const set of of("SubscriberSet")) expect(set.inputs.adoption).to.deep.equal({ Cu1Si1: { existing: "adopt", onDelete: "remove" } });
    expect(of("CustomerAccount").length + of("Customer").length).to.equal(1);
    for (const account of [...of("CustomerAccount"), ...of("Customer")]) expect(account.inputs).to.not.have.property("adoption");
  });

  it("gives no adoption input when the definition has none, so existing stacks preview no change", async () => {
    const { of } = await build(() => undefined);
    for (const r of registered) expect(r.inputs, `${r.type} ${r.name}`).to.not.have.property("adoption");
    expect(of("DialPlan").length).to.equal(3);
  });

  it("refuses adoption on a single dial plan or class of service: the definition has it once, on the customer", () => {
    const raw = parse(fs.readFileSync(TEAMS, "utf8")) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    raw.dialPlans[0].adoption = { existing: "adopt" };
    const decoded = decodeCustomerDefinition(raw, "contoso.yaml");
    expect(decoded.ok).to.equal(false);
    if (!decoded.ok) expect(decoded.problems.map((p) => p.property)).to.deep.equal(["dialPlans[0].adoption"]);
  });
});
