import { expect } from "chai";
import { cucmSubscriberNames, flowThroughPath, planCustomerSubscribers, useridOf, type ClusterSnapshot, type CustomerPlanDefinition, type DirectoryUser, type PlatformSnapshots } from "../../../provider/plan";

const E5 = { skuPartNumber: "SPE_E5", skuId: "06ebc4ee-1bb5-47dd-8120-11324bc54e06", enabled: 10, consumed: 0, servicePlans: [] };
const user = (n: number, city: string, department: string, extra: Record<string, string> = {}): DirectoryUser => ({
  id: `00000000-0000-0000-0000-00000000000${n}`,
  attributes: { userPrincipalName: `u${n}@fabrikam.com`, givenName: `Given${n}`, sn: `Sur${n}`, city, department, ...extra },
});

const services = { jabber: true, voicemail: true, extensionMobility: false, singleNumberReach: false, imAndPresence: false, conferencing: false };
const hybrid: CustomerPlanDefinition = {
  customer: "Cu2",
  sites: [
    { code: "Cu2Si1", macros: { city: "Dallas" }, teams: { usageLocation: "US" } },
    { code: "Cu2Si2", macros: { city: "Denver" }, cucm: { cluster: "Cluster1", classOfService: "Cu2-National" } },
  ],
  profiles: [{ name: "Office", teams: { enterpriseVoice: true, numberType: "directRouting", licenses: [{ sku: "SPE_E5" }], policies: {} }, cucm: services }],
  filters: { city: [{ attribute: "city", condition: "equals", value: "{{site.city}}" }] },
  flowThrough: [{ name: "everyone", filter: "city", site: "{{site.code}}", profile: "Office" }],
  inventory: {
    ranges: [
      { start: "+12145550100", end: "+12145550109", site: "Cu2Si1" },
      { start: "4000", end: "4019", site: "Cu2Si2" },
    ],
  },
  clusters: [{ name: "Cluster1" }],
  classesOfService: ["Cu2-National"],
};
const cluster = (lines: [string, string, string?][] = [], users: [string, string?][] = []): ClusterSnapshot => ({
  lines: new Map(lines.map(([pattern, partition, userid]) => [pattern, [{ partition, ...(userid ? { userid } : {}) }]])),
  users: new Map(users.map(([userid, primaryExtension]) => [userid, primaryExtension ? { primaryExtension } : {}])),
});
const platforms = (directory: DirectoryUser[], overrides: Partial<PlatformSnapshots> = {}): PlatformSnapshots => ({
  directory,
  tenant: { licenses: new Map(), skus: [E5], numberAssignments: new Map() },
  clusters: { Cluster1: cluster() },
  now: new Date("2026-12-01T00:00:00Z"),
  ...overrides,
});

describe("customer subscriber plan (Teams and Unified CM)", () => {
  it("plans a hybrid customer: one flow-through, each site's subscribers by its platform's rules", () => {
    const plan = planCustomerSubscribers(hybrid, platforms([user(1, "Dallas", "Sales"), user(2, "Denver", "Sales", { uid: "jdoe", mobile: "+1 303 555 0142" }), user(3, "Austin", "Sales")]));
    expect(plan.problems).to.deep.equal([]);
    expect(plan.teams.map((s) => [s.userPrincipalName, s.site, s.number?.telephoneNumber])).to.deep.equal([["u1@fabrikam.com", "Cu2Si1", "+12145550100"]]);
    expect(plan.cucm).to.deep.equal([
      {
        userId: "00000000-0000-0000-0000-000000000002",
        userid: "jdoe",
        firstName: "Given2",
        lastName: "Sur2",
        department: "Sales",
        mobile: "+13035550142",
        site: "Cu2Si2",
        profile: "Office",
        criteria: "everyone",
        cluster: "Cluster1",
        extension: "4000",
        classOfService: "Cu2-National",
        services,
      },
    ]);
    expect(plan.subscriberIds).to.deep.equal(["00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002"]);
    expect(plan.unmatched).to.deep.equal(["00000000-0000-0000-0000-000000000003"]);
  });

  it("never hands out an extension already on a line of the cluster, in any partition, unless the line is the subscriber's own", () => {
    const denver = [user(2, "Denver", "Sales", { uid: "jdoe" }), user(4, "Denver", "Sales", { uid: "asmith" })];
    const taken = platforms(denver, { clusters: { Cluster1: cluster([["4000", "Legacy-PT"], ["4001", "Cu2-DN-PT", "asmith"]], [["asmith", "4001"]]) } });
    const plan = planCustomerSubscribers(hybrid, taken);
    expect(plan.problems).to.deep.equal([]);
    expect(plan.cucm.map((s) => [s.userid, s.extension])).to.deep.equal([
      ["jdoe", "4002"],
      ["asmith", "4001"],
    ]);
  });

  it("gives a subscriber the line marked for it (a killed run made it before pointing the user at it); another customer's mark is not its", () => {
    const denver = [user(2, "Denver", "Sales", { uid: "jdoe" }), user(4, "Denver", "Sales", { uid: "asmith" })];
    const lines = new Map([
      ["4000", [{ partition: "Cu2-DN-PT", markedFor: { customer: "Cu9", userid: "jdoe" } }]],
      ["4001", [{ partition: "Cu2-DN-PT", markedFor: { customer: "Cu2", userid: "asmith" } }]],
    ]);
    const plan = planCustomerSubscribers(hybrid, platforms(denver, { clusters: { Cluster1: { lines, users: new Map([["asmith", {}]]) } } }));
    expect(plan.problems).to.deep.equal([]);
    expect(plan.cucm.map((s) => [s.userid, s.extension])).to.deep.equal([
      ["jdoe", "4002"],
      ["asmith", "4001"],
    ]);
  });

  it("refuses a profile without a bundle for its site's platform, naming the profile, entry and site", () => {
    const teamsOnlyProfile = { ...hybrid, profiles: [{ name: "Office", teams: hybrid.profiles[0].teams }] };
    const plan = planCustomerSubscribers(teamsOnlyProfile, platforms([user(2, "Denver", "Sales", { uid: "jdoe" })]));
    expect(plan.problems).to.have.length(1);
    expect(plan.problems[0]).to.match(/^profiles\[0\] \(profile Office\): has no Unified CM bundle, but flow-through entry everyone gives it to users at site Cu2Si2, which is on Unified CM cluster Cluster1/);
  });

  it("refuses a Unified CM site with no class of service whose profile gives none, naming the site's path and the profile's", () => {
    const classless = { ...hybrid, sites: [hybrid.sites[0], { ...hybrid.sites[1], cucm: { cluster: "Cluster1" } }] };
    expect(planCustomerSubscribers(classless, platforms([user(2, "Denver", "Sales", { uid: "jdoe" })])).problems).to.deep.equal([
      "sites[1].cucm.classOfService (site Cu2Si2): is not given, and profiles[0] (profile Office) gives no classOfService either, so its users there would have no calling search space; give the site or the profile a class of service",
    ]);
  });

  it("refuses unknown clusters and classes of service, and two users that would be one Unified CM userid", () => {
    const unknown = { ...hybrid, sites: [hybrid.sites[0], { ...hybrid.sites[1], cucm: { cluster: "Cluster9", classOfService: "Gold" } }] };
    expect(planCustomerSubscribers(unknown, platforms([])).problems).to.deep.equal([
      "sites[1].cucm.cluster (site Cu2Si2): \"Cluster9\" is not one of the customer's clusters; the clusters are Cluster1",
      'sites[1].cucm.classOfService (site Cu2Si2): "Gold" is not a class of service of this definition; the classes of service are Cu2-National',
    ]);
    const twins = planCustomerSubscribers(hybrid, platforms([user(2, "Denver", "Sales", { uid: "jdoe" }), user(5, "Denver", "Sales", { uid: "JDoe" })]));
    expect(twins.problems).to.deep.equal(["users 00000000-0000-0000-0000-000000000002 and 00000000-0000-0000-0000-000000000005 would both be Unified CM user JDoe; userids must be unique (choose another userIdAttribute)"]);
    // Two userids whose Jabber device names meet (found by search: the name keeps 32 bits of a hash).
    expect(cucmSubscriberNames("Cu2", "user.249", "x").jabber).to.equal(cucmSubscriberNames("Cu2", "user.334254", "x").jabber);
    const sameDevice = planCustomerSubscribers(hybrid, platforms([user(2, "Denver", "Sales", { uid: "user.249" }), user(5, "Denver", "Sales", { uid: "user.334254" })]));
    expect(sameDevice.problems).to.deep.equal([
      "users 00000000-0000-0000-0000-000000000002 and 00000000-0000-0000-0000-000000000005 (userid user.334254) would both have Jabber device CSFUSEREB1BA651; give one of them another userid (userIdAttribute)",
    ]);
  });

  it("gives Unified CM subscribers DIDs from their site's own E.164 ranges, keeping the one the cluster shows, never one in use", () => {
    const withDids = { ...hybrid, inventory: { ranges: [...hybrid.inventory.ranges, { start: "+13035550100", end: "+13035550199", site: "Cu2Si2" }] } };
    const denver = [user(2, "Denver", "Sales", { uid: "jdoe" }), user(4, "Denver", "Sales", { uid: "asmith" }), user(6, "Denver", "Sales", { uid: "bkim" })];
    const snapshot = cluster([["\\+13035550100", "Legacy-PT"]], []);
    const users = new Map([
      ["asmith", { telephoneNumber: "+13035550150" }],
      ["lchen", { telephoneNumber: "+13035550101" }],
    ]);
    const plan = planCustomerSubscribers(withDids, platforms(denver, { clusters: { Cluster1: { ...snapshot, users } } }));
    expect(plan.problems).to.deep.equal([]);
    expect(plan.cucm.map((s) => [s.userid, s.extension, s.did])).to.deep.equal([
      ["jdoe", "4000", "+13035550102"],
      ["asmith", "4001", "+13035550150"],
      ["bkim", "4002", "+13035550103"],
    ]);
    // Teams keeps its own numbers: the Dallas subscriber is not given a Denver DID.
    expect(planCustomerSubscribers(withDids, platforms([user(1, "Dallas", "Sales")])).teams[0]!.number?.telephoneNumber).to.equal("+12145550100");
  });

  it("reports a site short of extensions", () => {
    const small = { ...hybrid, inventory: { ranges: [hybrid.inventory.ranges[0], { start: "4000", end: "4000", site: "Cu2Si2" }] } };
    const plan = planCustomerSubscribers(small, platforms([user(2, "Denver", "Sales", { uid: "a" }), user(4, "Denver", "Sales", { uid: "b" })]));
    expect(plan.problems).to.deep.equal(["numberInventory.ranges (site Cu2Si2): the site needs 1 more internal extension than its ranges and the customer-wide ranges have free; add a range for the site or free some numbers"]);
  });

  it("takes the userid from the configured attribute, else uid, else userId, else the UPN's or mail's local part", () => {
    expect(useridOf(user(1, "x", "y", { uid: "jdoe" }), undefined)).to.equal("jdoe");
    // userId: what the LDAP and Unified CM directory sources call it.
    expect(useridOf(user(1, "x", "y", { userId: "j.doe" }), undefined)).to.equal("j.doe");
    expect(useridOf(user(1, "x", "y", { uid: "jdoe", userId: "j.doe" }), undefined)).to.equal("jdoe");
    expect(useridOf(user(1, "x", "y"), undefined)).to.equal("u1");
    expect(useridOf(user(1, "x", "y", { employeeNumber: "E42" }), "employeeNumber")).to.equal("E42");
    expect(useridOf(user(1, "x", "y"), "employeeNumber")).to.equal(undefined);
  });

  it("names a subscriber's devices stably from the customer and the immutable id", () => {
    const names = cucmSubscriberNames("Cu2", "j.doe", "00000000-0000-0000-0000-000000000002");
    expect(names.deskPhone).to.match(/^BAT[0-9A-F]{12}$/);
    expect(names.deskPhone).to.equal(cucmSubscriberNames("Cu2", "renamed", "00000000-0000-0000-0000-000000000002").deskPhone);
    expect(names.jabber).to.match(/^CSFJDOE[0-9A-F]{8}$/);
    expect(names.deviceProfile).to.equal("j.doe-EMP");
  });

  it("gives every userid its own Jabber device within Cisco's 15 characters", () => {
    const jabber = (userid: string) => cucmSubscriberNames("Cu2", userid, "00000000-0000-0000-0000-000000000002").jabber;
    expect(jabber("jsmith")).to.equal("CSFJSMITH");
    expect(jabber("JSmith2")).to.equal("CSFJSMITH2");
    // Userids that share their first 12 letters and digits, or differ in punctuation only.
    const userids = ["christopher.johnson", "christopher.jones", "a.bell", "ab.ell", "abell", ...Array.from({ length: 10_000 }, (_, i) => `bench.user${String(i).padStart(5, "0")}`)];
    const names = userids.map(jabber);
    for (const name of names) expect(name).to.match(/^CSF[A-Z0-9]{1,12}$/);
    expect(new Set(names).size, "no two userids share a device").to.equal(userids.length);
    expect(jabber("A.Bell"), "the same userid in another case").to.equal(jabber("a.bell"));
  });
});

describe("flowThroughPath: flow-through problems at their path in the definition", () => {
  const entries = [{ name: "sales" }, { name: "everyone" }];

  it("names an entry by its index in the definition, with its name, and a pin under flowThrough", () => {
    expect(flowThroughPath('criteria[1] "everyone": role "Silver" is not a role', entries)).to.equal('flowThrough.entries[1] (flow-through entry everyone): role "Silver" is not a role');
    expect(flowThroughPath("criteria[0].name: is empty; give the entry a name", entries)).to.equal("flowThrough.entries[0].name (flow-through entry sales): is empty; give the entry a name");
    // The planner skipped an entry naming no filter: its criteria[0] is the definition's entries[1].
    expect(flowThroughPath('criteria[0] "everyone": profile "Gold" is not a subscriber profile', [{ name: "everyone" }], [1])).to.equal(
      'flowThrough.entries[1] (flow-through entry everyone): profile "Gold" is not a subscriber profile',
    );
    expect(flowThroughPath('pins[0].site: "Cu2Si9" is not a site', entries)).to.equal('flowThrough.pins[0].site: "Cu2Si9" is not a site');
  });

  it("reports a user an entry's site macros cannot place on that entry's site, and leaves other problems as they are", () => {
    const problem = 'user 42 matched criteria "sales", but its site "{{user.office}}" resolved to "Cu1Si9", which is not a site; the sites are Cu1Si1';
    expect(flowThroughPath(problem, entries)).to.equal(`flowThrough.entries[0].site (flow-through entry sales): ${problem}`);
    expect(flowThroughPath("users 1 and 2 would both be Unified CM user jdoe", entries)).to.equal("users 1 and 2 would both be Unified CM user jdoe");
  });
});
