// The Customer component puts each subscriber's role and memberships into its subscriber set's
// entry (TeamsSubscriberEntry.role/groups, CucmSubscriberEntry.role/accessControlGroups), and
// leaves them out for a subscriber without a role. Inputs are captured with Pulumi's mocks.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { parse } from "yaml";
import type { TenantSnapshot } from "../../../provider/plan";
import { Customer } from "../../../sdk/components/customer";
import { decodeCustomerDefinition } from "../../../sdk/definition/customer-definition";

const HYBRID = path.resolve(__dirname, "../../../../examples/hybrid-customer/contoso-hybrid.yaml");
const PHONE_USERS = "6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b";
const SALES_VOICE = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const E5 = "06ebc4ee-1bb5-47dd-8120-11324bc54e06";

const user = (n: number, city: string, department: string) => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  attributes: { userPrincipalName: `user${n}@contoso.com`, sn: `Sur${n}`, city, department },
});

/** Resolves once every subscriber set of the customer is registered (its urn is known). */
function registered(customer: Customer): Promise<unknown> {
  return Promise.all(customer.subscriberSets.map((set) => new Promise((resolve) => set.urn.apply(resolve))));
}

describe("Customer component: roles in the subscriber entries", () => {
  const sets: Record<string, unknown>[] = [];
  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          if (args.type === "pulumi-nodejs:dynamic/ucflow:SubscriberSet") sets.push(args.inputs);
          const { __provider: _p, ...inputs } = args.inputs;
          return { id: `${args.name}-id`, state: { ...inputs, locationId: "loc-1" } };
        },
        call: () => ({}),
      },
      "customer-roles",
      "test",
      false,
    );
  });

  it("gives Teams entries role and groups, Unified CM entries role and accessControlGroups, and nothing to a subscriber without a role", async () => {
    const raw = parse(fs.readFileSync(HYBRID, "utf8")) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    raw.roles = [
      { name: "Standard", teams: { groups: ["Teams Phone Users"] }, cucm: { accessControlGroups: ["Standard CTI Enabled", "Standard CCM End Users"] } },
      { name: "Sales", teams: { groups: ["Teams Phone Users", SALES_VOICE] } },
    ];
    raw.filters.push({ name: "sales", rows: [{ attribute: "department", condition: "equals", value: "Sales" }] });
    raw.flowThrough.entries.unshift({ name: "sales-chicago", filter: "sales", site: "Cu1Si1", profile: "Voice", role: "Sales" });
    raw.profiles[0].role = "Standard";
    const decoded = decodeCustomerDefinition(raw, "contoso-hybrid.yaml");
    if (!decoded.ok) throw new Error(JSON.stringify(decoded.problems));
    const { directory: _d, ...definition } = decoded.value;
    const tenant: TenantSnapshot = {
      users: [user(1, "Chicago", "Sales"), user(2, "Chicago", "Support"), user(3, "Boston", "Support")],
      licenses: new Map(),
      skus: [{ skuPartNumber: "SPE_E5", skuId: E5, enabled: 10, consumed: 0, servicePlans: [] }],
      numberAssignments: new Map(),
      groups: [
        { id: PHONE_USERS, displayName: "Teams Phone Users", securityEnabled: true },
        { id: SALES_VOICE, displayName: "Sales Voice", securityEnabled: true },
      ],
      now: new Date("2026-12-01T00:00:00Z"),
    };
    const clusterSnapshots = { Cluster1: { lines: new Map(), users: new Map() } };
    await registered(new Customer("cu1", { ...definition, tenant, clusterSnapshots }));
    const entries = Object.assign({}, ...sets.map((s) => s.subscribers as Record<string, Record<string, unknown>>)) as Record<string, Record<string, unknown>>;
    expect(entries[user(1, "", "").id]).to.deep.include({ criteria: "sales-chicago", role: "Sales", groups: [SALES_VOICE, PHONE_USERS] });
    expect(entries[user(2, "", "").id]).to.deep.include({ criteria: "everyone", role: "Standard", groups: [PHONE_USERS] });
    expect(entries[user(3, "", "").id]).to.deep.include({ criteria: "everyone", role: "Standard", accessControlGroups: ["Standard CCM End Users", "Standard CTI Enabled"] });
    expect(Object.keys(entries)).to.have.length(3);
  });

  it("leaves role fields out for subscribers without a role", async () => {
    sets.length = 0;
    const raw = parse(fs.readFileSync(HYBRID, "utf8")) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    // The example without its role.
    delete raw.roles;
    for (const profile of raw.profiles) delete profile.role;
    const decoded = decodeCustomerDefinition(raw, "contoso-hybrid.yaml");
    if (!decoded.ok) throw new Error(JSON.stringify(decoded.problems));
    const { directory: _d, ...definition } = decoded.value;
    const tenant: TenantSnapshot = {
      users: [user(1, "Chicago", "Sales"), user(3, "Boston", "Support")],
      licenses: new Map(),
      skus: [{ skuPartNumber: "SPE_E5", skuId: E5, enabled: 10, consumed: 0, servicePlans: [] }],
      numberAssignments: new Map(),
      now: new Date("2026-12-01T00:00:00Z"),
    };
    await registered(new Customer("cu1-plain", { ...definition, tenant, clusterSnapshots: { Cluster1: { lines: new Map(), users: new Map() } } }));
    const entries = Object.values(Object.assign({}, ...sets.map((s) => s.subscribers as Record<string, Record<string, unknown>>))) as Record<string, unknown>[];
    expect(entries).to.have.length(2);
    for (const entry of entries) expect(entry).to.not.have.any.keys("role", "groups", "accessControlGroups");
  });
});
