import { expect } from "chai";
import { applySitePins, planFlowThrough, type DirectoryUser } from "../../../provider/plan";
import type { EmergencyLocation } from "../../../provider/backends/teams/types";
import { classOfServiceObjects, type ClassOfServicePlatform } from "../../../provider/resources/class-of-service/provider";
import type { ClassOfServiceInputs } from "../../../provider/resources/class-of-service/types";
import { decodeCustomerDefinition, describeDefinitionProblem } from "../../../sdk/definition/customer-definition";
import { teamsExportDefinition, type TeamsExportSnapshot, type TeamsExportUser } from "../../../sdk/export/teams-export";

const E5 = "06ebc4ee-1bb5-47dd-8120-11324bc54e06";
const E3 = "05e9a617-0261-4cee-bb44-138d3ef5d965";
const MEET = "3e26ee1f-8a5f-4d52-aee2-b81ce45c8f40";
const CHICAGO = "11111111-0000-4000-8000-000000000001";
const BOSTON = "11111111-0000-4000-8000-000000000002";

function location(id: string, city: string, description: string, street: Partial<EmergencyLocation>): EmergencyLocation {
  return { LocationId: id, Description: description, CompanyName: "Contoso", HouseNumber: "1", StreetName: "Main St", City: city, StateOrProvince: "IL", PostalCode: "60606", CountryOrRegion: "US", ...street } as EmergencyLocation;
}

function user(n: number, city: string | null, overrides: Partial<TeamsExportUser> & { department?: string; usageLocation?: string | null } = {}): TeamsExportUser {
  const { department, usageLocation, ...rest } = overrides;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    attributes: { userPrincipalName: `user${n}@contoso.com`, city, department: department ?? "Sales", usageLocation: usageLocation === undefined ? "US" : usageLocation, accountEnabled: true },
    licenses: [{ skuId: E5, disabledPlans: [] }],
    enterpriseVoice: false,
    policies: {},
    ...rest,
  };
}

const idOf = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

function snapshot(users: readonly TeamsExportUser[], extra: Partial<TeamsExportSnapshot> = {}): TeamsExportSnapshot {
  return {
    tenant: { id: "8f3c2a71-5b4e-4d0a-9c6f-2e1d7b9a4c35", displayName: "Contoso" },
    users,
    skus: [
      { skuId: E5, skuPartNumber: "SPE_E5", servicePlans: [{ servicePlanId: MEET, servicePlanName: "MCOMEETADV" }] },
      { skuId: E3, skuPartNumber: "SPE_E3", servicePlans: [] },
    ],
    numbers: [],
    dialPlans: [],
    emergencyLocations: [
      location(CHICAGO, "Chicago", "Contoso Chicago HQ", { HouseNumber: "233", PreDirectional: "S", StreetName: "Wacker", StreetSuffix: "Dr" }),
      location(BOSTON, "Boston", "Contoso Boston", { HouseNumber: "100", StreetName: "Summer", StreetSuffix: "St", StateOrProvince: "MA", PostalCode: "02110" }),
    ],
    ...extra,
  };
}

/** Where the exported definition puts each user: the planner's own flow-through and pins over the snapshot's users. */
function placements(s: TeamsExportSnapshot): Map<string, string> {
  const { definition } = teamsExportDefinition(s, { customerCode: "Cu1" });
  const rows = new Map(definition.filters.map((f) => [f.name, f.rows]));
  const users: DirectoryUser[] = s.users.map((u) => ({ id: u.id, attributes: u.attributes }));
  const sites = definition.sites.map((site) => ({ code: site.code, macros: { city: site.address.city, name: site.name } }));
  const profiles = definition.profiles.map((p) => p.name);
  const entries = definition.flowThrough.entries.map((e) => ({ ...e, filter: rows.get(e.filter)! }));
  const plan = applySitePins(planFlowThrough(users, entries, sites, { customer: { code: "Cu1" }, profiles }), definition.flowThrough.pins ?? [], users, sites.map((x) => x.code), profiles);
  expect(plan.problems).to.deep.equal([]);
  return new Map(plan.assignments.map((a) => [a.userId, `${a.site}/${a.profile}`]));
}

describe("teamsExportDefinition (a tenant as read to a customer definition)", () => {
  it("makes one adopting site per emergency location, by city, with the street rebuilt from its parts", () => {
    const { definition } = teamsExportDefinition(snapshot([]), { customerCode: "Cu1" });
    expect(definition.customer).to.deep.equal({ code: "Cu1", name: "Contoso", tenantId: "8f3c2a71-5b4e-4d0a-9c6f-2e1d7b9a4c35", adoption: { existing: "adopt" } });
    expect(definition.sites).to.deep.equal([
      { code: "Cu1Si1", name: "Contoso Boston", address: { street: "100 Summer St", city: "Boston", state: "MA", postalCode: "02110", country: "US" }, adoption: { existing: "adopt" } },
      { code: "Cu1Si2", name: "Contoso Chicago HQ", address: { street: "233 S Wacker Dr", city: "Chicago", state: "IL", postalCode: "60606", country: "US" }, adoption: { existing: "adopt" } },
    ]);
  });

  it("keeps the site code and name of a location ucflow made for the customer, and numbers the others after it", () => {
    const s = snapshot([], {
      emergencyLocations: [
        location(CHICAGO, "Chicago", "Cu1Si1 Chicago [ucflow:Cu1/Cu1Si1]", {}),
        location(BOSTON, "Austin", "Contoso Austin", {}),
        location("11111111-0000-4000-8000-000000000003", "Denver", "Fabrikam Denver [ucflow:Cu2/Cu2Si1]", {}),
      ],
    });
    const { definition } = teamsExportDefinition(s, { customerCode: "Cu1" });
    expect(definition.sites.map((x) => [x.code, x.name])).to.deep.equal([
      ["Cu1Si2", "Contoso Austin"],
      ["Cu1Si1", "Chicago"],
      ["Cu1Si3", "Fabrikam Denver"],
    ]);
  });

  it("leaves out, with the reason, users without a licence, a site, the site's usage location, or a number for their Enterprise Voice", () => {
    const s = snapshot([
      user(1, "Chicago", { licenses: [] }),
      user(2, "Denver"),
      user(3, null),
      user(4, "Chicago", { usageLocation: "GB" }),
      user(5, "Chicago", { enterpriseVoice: true }),
      user(6, "Chicago", { licenses: [{ skuId: "99999999-0000-4000-8000-000000000000", disabledPlans: [] }] }),
      user(7, "Chicago"),
    ]);
    const result = teamsExportDefinition(s, { customerCode: "Cu1" });
    expect(result.leftOut).to.deep.equal([
      { user: "user1@contoso.com", reason: "holds no licence (a Teams subscriber needs one)" },
      { user: "user2@contoso.com", reason: "is in Denver, where the tenant has no emergency location (a site needs one)" },
      { user: "user3@contoso.com", reason: "has no city and no number at an emergency location, so no site" },
      { user: "user4@contoso.com", reason: "has usage location GB, but site Cu1Si2 (Contoso Chicago HQ) gives US" },
      { user: "user5@contoso.com", reason: "has Enterprise Voice but no number; a profile with Enterprise Voice gives a number" },
      { user: "user6@contoso.com", reason: "holds licence 99999999-0000-4000-8000-000000000000, which the tenant's subscribed SKUs do not list" },
    ]);
    // The left-out users in Chicago are not selected by any entry: only user 7 is placed.
    expect([...placements(s)]).to.deep.equal([[idOf(7), "Cu1Si2/SPE_E5"]]);
  });

  it("makes one profile per combination of licences, disabled plans (by name), Enterprise Voice, number type and grants", () => {
    const numbers = [
      { telephoneNumber: "+13125550100", numberType: "directRouting", assignmentTargetId: idOf(3), locationId: CHICAGO, city: "Chicago" },
      { telephoneNumber: "+13125550101", numberType: "directRouting", assignmentTargetId: idOf(4), locationId: CHICAGO, city: "Chicago" },
    ];
    const voice = { enterpriseVoice: true, policies: { OnlineVoiceRoutingPolicy: "US-National", TeamsCallingPolicy: "AllowCalling", SomethingElse: "X" } };
    const s = snapshot(
      [
        user(1, "Chicago"),
        user(2, "Chicago", { licenses: [{ skuId: E5, disabledPlans: [MEET] }] }),
        user(3, "Chicago", voice),
        user(4, "Chicago", voice),
        user(5, "Boston", { licenses: [{ skuId: E3, disabledPlans: [] }] }),
      ],
      { numbers },
    );
    const { definition } = teamsExportDefinition(s, { customerCode: "Cu1" });
    expect(definition.profiles).to.deep.equal([
      {
        name: "SPE_E5 voice",
        enterpriseVoice: true,
        numberType: "directRouting",
        quickAddGroup: { name: "SPE_E5 voice", licenses: [{ sku: "SPE_E5" }], policies: { TeamsCallingPolicy: "AllowCalling", OnlineVoiceRoutingPolicy: "US-National" } },
      },
      { name: "SPE_E3", enterpriseVoice: false, numberType: "none", quickAddGroup: { name: "SPE_E3", licenses: [{ sku: "SPE_E3" }] } },
      { name: "SPE_E5 no MCOMEETADV", enterpriseVoice: false, numberType: "none", quickAddGroup: { name: "SPE_E5 no MCOMEETADV", licenses: [{ sku: "SPE_E5", disabledPlans: ["MCOMEETADV"] }] } },
      { name: "SPE_E5", enterpriseVoice: false, numberType: "none", quickAddGroup: { name: "SPE_E5", licenses: [{ sku: "SPE_E5" }] } },
    ]);
    expect(placements(s).get(idOf(3))).to.equal("Cu1Si2/SPE_E5 voice");
  });

  it("names profiles that share licences and voice by their grants", () => {
    const numbers = [
      { telephoneNumber: "+13125550100", numberType: "directRouting", assignmentTargetId: idOf(1), locationId: CHICAGO },
      { telephoneNumber: "+13125550101", numberType: "directRouting", assignmentTargetId: idOf(2), locationId: CHICAGO },
    ];
    const s = snapshot(
      [user(1, "Chicago", { enterpriseVoice: true, policies: { OnlineVoiceRoutingPolicy: "US-National" } }), user(2, "Chicago", { enterpriseVoice: true, policies: { OnlineVoiceRoutingPolicy: "US-International" } })],
      { numbers },
    );
    expect(teamsExportDefinition(s, { customerCode: "Cu1" }).definition.profiles.map((p) => p.name)).to.deep.equal(["SPE_E5 voice US-International", "SPE_E5 voice US-National"]);
  });

  it("places a user at the site of their number's location, whatever their city", () => {
    const s = snapshot([user(1, "Chicago", { enterpriseVoice: true })], {
      numbers: [{ telephoneNumber: "+16175550200", numberType: "directRouting", assignmentTargetId: idOf(1), locationId: BOSTON, city: "Boston" }],
    });
    expect(placements(s).get(idOf(1))).to.equal("Cu1Si1/SPE_E5 voice");
  });

  it("places a user in a city of two locations at the one ucflow made for the customer", () => {
    const s = snapshot([user(1, "Chicago")], {
      emergencyLocations: [location(CHICAGO, "Chicago", "Contoso Chicago HQ", {}), location(BOSTON, "Chicago", "Cu1Si1 Chicago [ucflow:Cu1/Cu1Si1]", {})],
    });
    expect(placements(s).get(idOf(1))).to.equal("Cu1Si1/SPE_E5");
  });

  it("makes a dial plan that several sites give a customer dial plan they share", () => {
    const s = snapshot([user(1, "Chicago", { policies: { TenantDialPlan: "US" } }), user(2, "Boston", { policies: { TenantDialPlan: "US" } })], {
      dialPlans: [{ Identity: "Tag:US", NormalizationRules: [] }],
    });
    const { definition } = teamsExportDefinition(s, { customerCode: "Cu1" });
    expect(definition.sites.map((x) => x.dialPlan)).to.deep.equal(["US", "US"]);
    expect(definition.dialPlans).to.deep.equal([{ name: "US", scope: "customer", normalizationRules: [] }]);
    expect(decodeCustomerDefinition(definition, "x.yaml").ok).to.equal(true);
  });

  it("gives a site the dial plan all its subscribers hold, and leaves it a profile grant where they differ", () => {
    const rules = [
      { Name: "National", Pattern: "^(\\d{10})$", Translation: "+1$1", IsInternalExtension: false, Priority: 1 },
      { Name: "Ext4", Pattern: "^(\\d{4})$", Translation: "+1312555$1", IsInternalExtension: true, Priority: 0 },
    ];
    const s = snapshot(
      [
        user(1, "Chicago", { policies: { TenantDialPlan: "US-Chicago" } }),
        user(2, "Chicago", { policies: { TenantDialPlan: "US-Chicago" } }),
        user(3, "Boston", { policies: { TenantDialPlan: "US-Boston" } }),
        user(4, "Boston"),
      ],
      {
        dialPlans: [
          { Identity: "Global", NormalizationRules: [] },
          { Identity: "Tag:US-Chicago", Description: "Chicago [ucflow:Cu9]", NormalizationRules: rules },
          { Identity: "Tag:US-Boston", NormalizationRules: [] },
        ],
      },
    );
    const { definition } = teamsExportDefinition(s, { customerCode: "Cu1" });
    expect(definition.sites.map((x) => [x.code, x.dialPlan])).to.deep.equal([
      ["Cu1Si1", undefined],
      ["Cu1Si2", "US-Chicago"],
    ]);
    expect(definition.dialPlans).to.deep.equal([
      { name: "US-Boston", scope: "customer", normalizationRules: [] },
      {
        name: "US-Chicago",
        scope: "site",
        site: "Cu1Si2",
        description: "Chicago",
        normalizationRules: [
          { name: "Ext4", pattern: "^(\\d{4})$", translation: "+1312555$1", isInternalExtension: true },
          { name: "National", pattern: "^(\\d{10})$", translation: "+1$1", isInternalExtension: false },
        ],
      },
    ]);
    expect(definition.profiles.map((p) => [p.name, p.quickAddGroup.policies])).to.deep.equal([
      ["SPE_E5", undefined],
      ["SPE_E5 US-Boston", { TenantDialPlan: "US-Boston" }],
    ]);
  });

  it("covers the acquired numbers with runs of consecutive numbers, each scoped to the site of its holders or its city", () => {
    const n = (telephoneNumber: string, city: string | null, holder?: number) => ({ telephoneNumber, numberType: "directRouting", city, assignmentTargetId: holder === undefined ? null : idOf(holder) });
    const s = snapshot([user(1, "Chicago", { enterpriseVoice: true })], {
      numbers: [n("+13125550102", "Chicago"), n("+13125550100", "Chicago", 1), n("+13125550101", "Chicago"), n("+13125550105", "Chicago"), n("+16175550200", "Boston"), n("+12065550400", "Seattle"), n("+12065550401", "Seattle")],
    });
    expect(teamsExportDefinition(s, { customerCode: "Cu1" }).definition.numberInventory.ranges).to.deep.equal([
      { start: "+12065550400", end: "+12065550401" },
      { start: "+13125550100", end: "+13125550102", site: "Cu1Si2" },
      { start: "+13125550105", end: "+13125550105", site: "Cu1Si2" },
      { start: "+16175550200", end: "+16175550200", site: "Cu1Si1" },
    ]);
  });

  it("selects a whole city by an entry when every user there has one profile, and by city and department where that is exact", () => {
    const s = snapshot([
      user(1, "Boston"),
      user(2, "Boston"),
      user(3, "Chicago", { department: "Finance", licenses: [{ skuId: E3, disabledPlans: [] }] }),
      user(4, "Chicago", { department: "Finance", licenses: [{ skuId: E3, disabledPlans: [] }] }),
      user(5, "Chicago", { department: "Sales" }),
      user(6, "Chicago", { department: "Sales", licenses: [] }),
    ]);
    const { definition } = teamsExportDefinition(s, { customerCode: "Cu1" });
    expect(definition.filters).to.deep.equal([
      {
        name: "in-site-city Finance",
        rows: [
          { attribute: "city", condition: "equals", value: "{{site.city}}", join: "and" },
          { attribute: "department", condition: "equals", value: "Finance" },
        ],
      },
    ]);
    expect(definition.flowThrough.entries).to.deep.equal([{ name: "SPE_E3 Finance", filter: "in-site-city Finance", site: "{{site.code}}", profile: "SPE_E3" }]);
    // The unlicensed Sales user in Chicago keeps the others from an entry: they are pinned.
    expect(definition.flowThrough.pins).to.deep.equal([
      { user: idOf(1), site: "Cu1Si1", profile: "SPE_E5" },
      { user: idOf(2), site: "Cu1Si1", profile: "SPE_E5" },
      { user: idOf(5), site: "Cu1Si2", profile: "SPE_E5" },
    ]);
    expect([...placements(s)].sort()).to.deep.equal([
      [idOf(1), "Cu1Si1/SPE_E5"],
      [idOf(2), "Cu1Si1/SPE_E5"],
      [idOf(3), "Cu1Si2/SPE_E3"],
      [idOf(4), "Cu1Si2/SPE_E3"],
      [idOf(5), "Cu1Si2/SPE_E5"],
    ]);
  });

  it("uses one city entry and no pins when every user of every site city has the same services", () => {
    const s = snapshot([user(1, "Boston"), user(2, "Chicago"), user(3, "Chicago")]);
    const { definition } = teamsExportDefinition(s, { customerCode: "Cu1" });
    expect(definition.flowThrough).to.deep.equal({ entries: [{ name: "SPE_E5", filter: "in-site-city", site: "{{site.code}}", profile: "SPE_E5" }] });
    expect(definition.filters).to.deep.equal([{ name: "in-site-city", rows: [{ attribute: "city", condition: "equals", value: "{{site.city}}" }] }]);
  });

  it("writes a definition that decodes, and the same one whatever order the tenant listed things in", () => {
    const users = [
      user(1, "Chicago", { enterpriseVoice: true, policies: { OnlineVoiceRoutingPolicy: "US-National", TenantDialPlan: "US-Chicago" } }),
      user(2, "Chicago", { department: "Finance" }),
      user(3, "Boston", { licenses: [{ skuId: E5, disabledPlans: [MEET] }, { skuId: E3, disabledPlans: [] }] }),
      user(4, "Denver"),
    ];
    const numbers = [{ telephoneNumber: "+13125550100", numberType: "directRouting", assignmentTargetId: idOf(1), locationId: CHICAGO, city: "Chicago" }, { telephoneNumber: "+13125550101", numberType: "directRouting", city: "Chicago" }];
    const dialPlans = [{ Identity: "Tag:US-Chicago", NormalizationRules: [{ Name: "Ext4", Pattern: "^(\\d{4})$", Translation: "+1312555$1", IsInternalExtension: true, Priority: 0 }] }];
    const s = snapshot(users, { numbers, dialPlans });
    const result = teamsExportDefinition(s, { customerCode: "Cu1" });
    const decoded = decodeCustomerDefinition(result.definition, "contoso.yaml");
    expect(decoded.ok, decoded.ok ? "" : decoded.problems.map(describeDefinitionProblem).join("\n")).to.equal(true);
    const shuffled = snapshot([...users].reverse(), { numbers: [...numbers].reverse(), dialPlans, emergencyLocations: [...s.emergencyLocations].reverse() });
    expect(teamsExportDefinition(shuffled, { customerCode: "Cu1" })).to.deep.equal(result);
  });
});

describe("teamsExportDefinition: classes of service", () => {
  const national: ClassOfServiceInputs = { customer: "Cu1", name: "Cu1-National", countryCallingCode: "1", allows: ["national", "international"], pstnGateways: ["sbc1.contoso.com", "sbc2.contoso.com"], allowPrivateCalling: false } as ClassOfServiceInputs;

  /** What the tenant holds after ucflow built `inputs` (descriptions `unmarked` when made by hand). */
  function platformOf(inputs: ClassOfServiceInputs, options: { unmarked?: boolean; withoutCallingPolicy?: boolean; pattern?: string } = {}): ClassOfServicePlatform {
    const objects = classOfServiceObjects(inputs);
    const own = <T extends { Description?: string }>(o: T): T => (options.unmarked ? { ...o, Description: "made by hand" } : o);
    const routes = new Map(objects.routes.map((r, i) => [r.callClass, own({ ...r.route, ...(i === 0 && options.pattern ? { NumberPattern: options.pattern } : {}) })] as const));
    return {
      usages: ["US-Local", ...objects.usages],
      routes,
      routingPolicy: own(objects.routingPolicy),
      ...(options.withoutCallingPolicy ? {} : { callingPolicy: own(objects.callingPolicy) }),
      listings: [
        ...[...routes.values()].map((r) => ({ what: `voice route ${r.Identity}`, description: r.Description!, usages: r.OnlinePstnUsages! })),
        { what: `voice routing policy ${objects.routingPolicy.Identity}`, description: own(objects.routingPolicy).Description!, usages: objects.routingPolicy.OnlinePstnUsages },
      ],
    };
  }

  const exported = (platform: ClassOfServicePlatform) => teamsExportDefinition(snapshot([], { classOfServiceCandidates: [{ name: "Cu1-National", platform }] }), { customerCode: "Cu1" });

  it("exports a policy ucflow built as the class of service that builds it again", () => {
    const { customer: _c, ...expected } = national;
    expect(exported(platformOf(national)).definition.classesOfService).to.deep.equal([expected]);
  });

  it("exports one made by hand the same way (adoption keeps its descriptions), a route's own pattern as a numberPatterns override", () => {
    const { customer: _c, ...expected } = national;
    expect(exported(platformOf(national, { unmarked: true })).definition.classesOfService).to.deep.equal([expected]);
    const custom = "^\\+1(?!900|976|555)[2-9]\\d{9}$";
    expect(exported(platformOf(national, { pattern: custom })).definition.classesOfService).to.deep.equal([{ ...expected, numberPatterns: { national: custom } }]);
  });

  it("leaves a policy out when building it again would write (no calling policy), and says profiles grant it by name", () => {
    const numbers = [{ telephoneNumber: "+13125550100", numberType: "directRouting", assignmentTargetId: idOf(1), locationId: CHICAGO }];
    const s = snapshot([user(1, "Chicago", { enterpriseVoice: true, policies: { OnlineVoiceRoutingPolicy: "Cu1-National" } })], {
      numbers,
      classOfServiceCandidates: [{ name: "Cu1-National", platform: platformOf(national, { withoutCallingPolicy: true }) }],
    });
    const result = teamsExportDefinition(s, { customerCode: "Cu1" });
    expect(result.definition.classesOfService).to.equal(undefined);
    expect(result.notes).to.deep.equal([
      "voice routing policy Cu1-National: not made the way ucflow's class of service makes one (usages and voice routes <name>-<class>), so not a class of service; profiles grant it by name, as it is",
    ]);
  });
});
