import { expect } from "chai";
import { planCustomerSubscribers, type CustomerPlanDefinition, type CustomerSubscriberPlan, type TenantSnapshot } from "../../../provider/plan";

type TeamsDefinition = Omit<CustomerPlanDefinition, "sites" | "profiles"> & {
  readonly sites: readonly { code: string; macros: Record<string, string>; usageLocation: string; dialPlan?: string }[];
  readonly profiles: readonly ({ name: string } & NonNullable<CustomerPlanDefinition["profiles"][number]["teams"]>)[];
};

/** The Teams-only plan of a definition written the old flat way: every site on Teams, every profile a Teams bundle. */
function planTeamsSubscribers(definition: TeamsDefinition, tenant: TenantSnapshot): CustomerSubscriberPlan & { subscribers: CustomerSubscriberPlan["teams"] } {
  const plan = planCustomerSubscribers(
    {
      ...definition,
      sites: definition.sites.map(({ code, macros, usageLocation, dialPlan }) => ({ code, macros, teams: { usageLocation, ...(dialPlan ? { dialPlan } : {}) } })),
      profiles: definition.profiles.map(({ name, ...teams }) => ({ name, teams })),
    },
    { directory: tenant.users, tenant, now: tenant.now },
  );
  return { ...plan, subscribers: plan.teams };
}

const E5 = { skuPartNumber: "SPE_E5", skuId: "06ebc4ee-1bb5-47dd-8120-11324bc54e06", enabled: 10, consumed: 2, servicePlans: [{ servicePlanId: "57ff2da0-773e-42df-b2af-ffb7a2317929", servicePlanName: "TEAMS1" }, { servicePlanId: "4828c8ec-dc2e-4779-b502-87ac9ce28ab7", servicePlanName: "MCOEV" }] };
const user = (n: number, city: string, department: string) => ({
  id: `00000000-0000-0000-0000-00000000000${n}`,
  attributes: { userPrincipalName: `u${n}@contoso.com`, city, department },
});

const definition: TeamsDefinition = {
  customer: "Cu1",
  sites: [
    { code: "Cu1Si1", macros: { city: "Chicago" }, usageLocation: "US", dialPlan: "Cu1Si1-Chicago" },
    { code: "Cu1Si2", macros: { city: "Boston" }, usageLocation: "US" },
  ],
  profiles: [
    { name: "Voice", enterpriseVoice: true, numberType: "directRouting", licenses: [{ sku: "SPE_E5" }], policies: { OnlineVoiceRoutingPolicy: "Cu1-National" } },
    { name: "NoVoice", enterpriseVoice: false, numberType: "none", licenses: [{ sku: "spe_e5", disabledPlans: ["MCOEV"] }], policies: {} },
  ],
  filters: {
    "by-city": [{ attribute: "city", condition: "equals", value: "{{site.city}}" }],
    "sales-by-city": [
      { attribute: "city", condition: "equals", value: "{{site.city}}", join: "and" },
      { attribute: "department", condition: "equals", value: "Sales" },
    ],
  },
  flowThrough: [
    { name: "sales", filter: "sales-by-city", site: "{{site.code}}", profile: "NoVoice" },
    { name: "everyone", filter: "by-city", site: "{{site.code}}", profile: "Voice" },
  ],
  inventory: { ranges: [{ start: "+13125550100", end: "+13125550102", site: "Cu1Si1" }, { start: "+16175550100", end: "+16175550109", site: "Cu1Si2" }], reserved: ["+13125550100"], cooling: [] },
};

const tenant = (overrides: Partial<TenantSnapshot> = {}): TenantSnapshot => ({
  users: [user(1, "Chicago", "Engineering"), user(2, "Chicago", "Sales"), user(3, "Boston", "Support"), user(4, "Austin", "Support")],
  licenses: new Map([["00000000-0000-0000-0000-000000000003", [E5.skuId]]]),
  skus: [E5],
  numberAssignments: new Map([["+16175550105", "00000000-0000-0000-0000-000000000003"]]),
  now: new Date("2026-11-21T00:00:00Z"),
  ...overrides,
});

describe("Teams subscriber plan", () => {
  it("resolves each matched user to site, profile, licenses, number and policies", () => {
    const plan = planTeamsSubscribers(definition, tenant());
    expect(plan.problems).to.deep.equal([]);
    expect(plan.unmatched).to.deep.equal(["00000000-0000-0000-0000-000000000004"]);
    expect(plan.subscribers).to.deep.equal([
      {
        userId: "00000000-0000-0000-0000-000000000001", userPrincipalName: "u1@contoso.com", site: "Cu1Si1", profile: "Voice", criteria: "everyone",
        usageLocation: "US", licenses: [{ skuId: E5.skuId, sku: "SPE_E5", disabledPlans: [] }], enterpriseVoice: true,
        number: { telephoneNumber: "+13125550101", numberType: "directRouting" },
        policies: { OnlineVoiceRoutingPolicy: "Cu1-National", TenantDialPlan: "Cu1Si1-Chicago" },
      },
      {
        userId: "00000000-0000-0000-0000-000000000002", userPrincipalName: "u2@contoso.com", site: "Cu1Si1", profile: "NoVoice", criteria: "sales",
        usageLocation: "US", licenses: [{ skuId: E5.skuId, sku: "SPE_E5", disabledPlans: ["4828c8ec-dc2e-4779-b502-87ac9ce28ab7"] }], enterpriseVoice: false,
        policies: { TenantDialPlan: "Cu1Si1-Chicago" },
      },
      {
        userId: "00000000-0000-0000-0000-000000000003", userPrincipalName: "u3@contoso.com", site: "Cu1Si2", profile: "Voice", criteria: "everyone",
        usageLocation: "US", licenses: [{ skuId: E5.skuId, sku: "SPE_E5", disabledPlans: [] }], enterpriseVoice: true,
        number: { telephoneNumber: "+16175550105", numberType: "directRouting" },
        policies: { OnlineVoiceRoutingPolicy: "Cu1-National" },
      },
    ]);
  });

  it("fails when the tenant lacks license units, naming the SKU and the shortfall", () => {
    const plan = planTeamsSubscribers(definition, tenant({ skus: [{ ...E5, enabled: 3, consumed: 2 }] }));
    expect(plan.subscribers).to.deep.equal([]);
    expect(plan.problems).to.deep.equal([
      "not enough SPE_E5 licenses: 2 users need a new unit but only 1 is free (3 enabled, 2 consumed); add at least 1 unit to the subscription or give fewer users SPE_E5",
    ]);
  });

  it("fails when a site runs out of numbers", () => {
    const users = [user(1, "Chicago", "Engineering"), user(5, "Chicago", "Support"), user(6, "Chicago", "Support")];
    const plan = planTeamsSubscribers(definition, tenant({ users }));
    expect(plan.problems.join("\n")).to.include("Cu1Si1");
    expect(plan.subscribers).to.deep.equal([]);
  });

  it("refuses unknown model filter criteria, SKUs and service plans by name", () => {
    const broken: TeamsDefinition = {
      ...definition,
      flowThrough: [{ name: "x", filter: "by-town", site: "{{site.code}}", profile: "Voice" }],
      profiles: [{ ...definition.profiles[0], licenses: [{ sku: "MCOEV_VIRTUAL" }] }, { ...definition.profiles[1], licenses: [{ sku: "SPE_E5", disabledPlans: ["NOPE"] }] }],
    };
    const plan = planTeamsSubscribers(broken, tenant());
    expect(plan.problems).to.have.length(3);
    expect(plan.problems[0]).to.include('"by-town"').and.include("by-city");
    expect(plan.problems[1]).to.include("MCOEV_VIRTUAL");
    expect(plan.problems[2]).to.include("NOPE").and.include("TEAMS1");
  });
});

describe("Teams subscriber plan: a user holding several numbers", () => {
  it("keeps the lowest number valid for the site, whatever order the tenant lists them in", () => {
    const u3 = "00000000-0000-0000-0000-000000000003";
    const plans = [
      ["+16175550108", "+16175550103"],
      ["+16175550103", "+16175550108"],
    ].map((order) => planTeamsSubscribers(definition, tenant({ numberAssignments: new Map(order.map((n) => [n, u3])) })));
    for (const plan of plans) expect(plan.problems).to.deep.equal([]);
    const numbers = plans.map((plan) => plan.subscribers.find((s) => s.userId === u3)!.number!.telephoneNumber);
    expect(numbers).to.deep.equal(["+16175550103", "+16175550103"]);
    expect(plans[0]).to.deep.equal(plans[1]);
  });
});
