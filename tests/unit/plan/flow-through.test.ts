import { expect } from "chai";
import fc from "fast-check";
import { DirectoryUser, FlowThroughEntry, FlowThroughSite, planFlowThrough } from "../../../provider/plan";

const user = (id: string, attributes: DirectoryUser["attributes"]): DirectoryUser => ({ id, attributes });
const sites: FlowThroughSite[] = [
  { code: "Cu1Si1", macros: { city: "Chicago" } },
  { code: "Cu1Si2", macros: { city: "Boston" } },
  { code: "Cu1HQ", macros: { city: "Chicago" } },
];

describe("plan/flow-through planFlowThrough", () => {
  it("gives each user the first entry that matches, sorted by id, and lists the rest", () => {
    const criteria: FlowThroughEntry[] = [
      { name: "Chicago engineers", filter: [{ attribute: "city", condition: "equals", value: "Chicago", join: "and" }, { attribute: "department", condition: "equals", value: "Engineering" }], site: "Cu1Si1", profile: "Engineer", role: "CTI" },
      { name: "Chicago", filter: [{ attribute: "city", condition: "equals", value: "chicago" }], site: "Cu1Si1", profile: "Standard" },
      { name: "Boston", filter: [{ attribute: "city", condition: "equals", value: "Boston" }], site: "cu1si2", profile: "Standard" },
    ];
    const users = [
      user("c", { city: "Boston" }),
      user("a", { city: "Chicago", department: "Engineering" }),
      user("d", { city: "Denver" }),
      user("b", { city: "CHICAGO", department: "Sales" }),
    ];
    expect(planFlowThrough(users, criteria, sites)).to.deep.equal({
      assignments: [
        { userId: "a", site: "Cu1Si1", profile: "Engineer", role: "CTI", criteria: "Chicago engineers" },
        { userId: "b", site: "Cu1Si1", profile: "Standard", role: undefined, criteria: "Chicago" },
        { userId: "c", site: "Cu1Si2", profile: "Standard", role: undefined, criteria: "Boston" },
      ],
      unmatched: ["d"],
      problems: [],
    });
  });

  it("resolves a {{user.*}} site per user and matches it to a site code ignoring case", () => {
    const criteria: FlowThroughEntry[] = [
      { name: "By attribute", filter: [{ attribute: "extensionAttribute5", condition: "startsWith", value: "Cu1" }], site: "{{user.extensionAttribute5}}", profile: "Standard" },
    ];
    const users = [user("1", { extensionAttribute5: "cu1si2" }), user("2", { extensionAttribute5: "Cu1Si9" }), user("3", { extensionAttribute5: ["Cu1Si1", "Cu1Si2"] })];
    expect(planFlowThrough(users, criteria, sites)).to.deep.equal({
      assignments: [{ userId: "1", site: "Cu1Si2", profile: "Standard", role: undefined, criteria: "By attribute" }],
      unmatched: [],
      problems: [
        'user 2 matched criteria "By attribute", but its site "{{user.extensionAttribute5}}" resolved to "Cu1Si9", which is not a site; the sites are Cu1Si1, Cu1Si2, Cu1HQ',
        'user 3 matched criteria "By attribute", but its site "{{user.extensionAttribute5}}" cannot be resolved: the user has no single value for {{user.extensionAttribute5}}',
      ],
    });
  });

  it("tries a filter with {{site.*}} macros once per site, in declared order, first site wins", () => {
    const criteria: FlowThroughEntry[] = [
      { name: "Site by city", filter: [{ attribute: "city", condition: "equals", value: "{{site.city}}" }], site: "{{site.code}}", profile: "Standard" },
    ];
    const users = [user("x", { city: "Chicago" }), user("y", { city: "Boston" }), user("z", { city: "Paris" })];
    expect(planFlowThrough(users, criteria, sites)).to.deep.equal({
      assignments: [
        { userId: "x", site: "Cu1Si1", profile: "Standard", role: undefined, criteria: "Site by city" }, // Cu1HQ is also Chicago, but declared later
        { userId: "y", site: "Cu1Si2", profile: "Standard", role: undefined, criteria: "Site by city" },
      ],
      unmatched: ["z"],
      problems: [],
    });
    expect(planFlowThrough(users, criteria, [sites[2], sites[0], sites[1]]).assignments[0].site).to.equal("Cu1HQ");
  });

  it("resolves {{customer.*}} macros in filters", () => {
    const criteria: FlowThroughEntry[] = [{ name: "Customer", filter: [{ attribute: "companyName", condition: "equals", value: "{{customer.code}}" }], site: "Cu1HQ", profile: "P" }];
    const plan = planFlowThrough([user("1", { companyName: "cu1" }), user("2", { companyName: "Cu2" })], criteria, sites, { customer: { code: "Cu1" } });
    expect(plan.assignments.map((a) => a.userId)).to.deep.equal(["1"]);
    expect(plan.unmatched).to.deep.equal(["2"]);
  });

  it("reports every problem with the definition and plans nobody", () => {
    const criteria: FlowThroughEntry[] = [
      { name: "A", filter: [], site: "Cu1Si1", profile: "Standard" },
      { name: "B", filter: [{ attribute: "city", condition: "equals", value: "{{site.region}}" }], site: "{{site.code}}", profile: "Gold", role: "Admins" },
      { name: "C", filter: [{ attribute: "city", condition: "equals", value: "x" }], site: "Cu1Si7", profile: "Standard" },
      { name: "D", filter: [{ attribute: "city", condition: "equals", value: "x" }], site: "{{site.code}}", profile: "Standard" },
      { name: "E", filter: [{ attribute: "city", condition: "equals", value: "x" }], site: "{{region.code}}", profile: "Standard" },
      { name: "F", filter: [{ attribute: "city", condition: "equals", value: "{{customer.code}}" }], site: "Cu1{{customer.region}}", profile: "Standard" },
      { name: "A", filter: [{ attribute: "city", condition: "equals", value: "x" }], site: "", profile: "" },
    ];
    const plan = planFlowThrough([user("1", { city: "x" }), user("1", { city: "y" })], criteria, [...sites, { code: "CU1SI1" }], {
      customer: { code: "Cu1" },
      profiles: ["Standard"],
      roles: ["CTI"],
    });
    expect(plan).to.deep.equal({
      assignments: [],
      unmatched: [],
      problems: [
        'sites: "Cu1Si1" and "CU1SI1" are the same site code ignoring case; site codes must be unique',
        'users: the id "1" appears more than once; each directory user must appear once',
        'criteria[0] "A": filter the filter has no rows; add at least one row (an empty filter would match every user)',
        'criteria[1] "B": profile "Gold" is not a subscriber profile; the profiles are Standard',
        'criteria[1] "B": role "Admins" is not a role; the roles are CTI',
        'criteria[1] "B": filter for site Cu1Si1 rows[0].value: unknown macro {{site.region}}; the macros defined here are {{customer.code}}, {{site.city}}, {{site.code}}',
        'criteria[1] "B": filter for site Cu1Si2 rows[0].value: unknown macro {{site.region}}; the macros defined here are {{customer.code}}, {{site.city}}, {{site.code}}',
        'criteria[1] "B": filter for site Cu1HQ rows[0].value: unknown macro {{site.region}}; the macros defined here are {{customer.code}}, {{site.city}}, {{site.code}}',
        'criteria[1] "B": filter for site CU1SI1 rows[0].value: unknown macro {{site.region}}; the macros defined here are {{customer.code}}, {{site.code}}',
        'criteria[2] "C": site "Cu1Si7" is not a site; the sites are Cu1Si1, Cu1Si2, Cu1HQ, CU1SI1',
        'criteria[3] "D": site "{{site.code}}" uses a {{site.*}} macro but the filter uses none, so every matching user would go to the first site; use {{site.*}} macros in the filter or name the site',
        'criteria[4] "E": site "{{region.code}}" uses the macro scope "region"; site macros may use {{user.*}}, {{site.*}} and {{customer.*}}',
        'criteria[5] "F": site "Cu1{{customer.region}}": unknown macro {{customer.region}}; the macros defined here are {{customer.code}}',
        'criteria[6] "A": profile is empty; name the subscriber profile matched users get',
        'criteria[6] "A": site is empty; give a site code or a macro such as {{user.extensionAttribute5}}',
        'criteria: the name "A" is used more than once; give each entry its own name',
      ],
    });
  });

  describe("properties", () => {
    const cities = ["Chicago", "Boston", "Paris"];
    const arbUsers = fc.uniqueArray(
      fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), city: fc.constantFrom(...cities), department: fc.constantFrom("Sales", "Eng") }),
      { selector: (u) => u.id, maxLength: 30 },
    );
    const arbEntry = fc.record({
      attribute: fc.constantFrom("city", "department"),
      value: fc.constantFrom("Chicago", "Boston", "Sales", "Eng", "{{site.city}}"),
      profile: fc.constantFrom("P1", "P2"),
    });
    const toEntries = (specs: { attribute: string; value: string; profile: string }[]): FlowThroughEntry[] =>
      specs.map((s, i) => ({
        name: `e${i}`,
        filter: [{ attribute: s.attribute, condition: "equals", value: s.value }],
        site: s.value.includes("{{") ? "{{site.code}}" : "Cu1Si1",
        profile: s.profile,
      }));
    const toUsers = (us: { id: string; city: string; department: string }[]) => us.map((u) => user(u.id, { city: u.city, department: u.department }));

    it("does not depend on the order users arrive in", () => {
      fc.assert(
        fc.property(arbUsers, fc.array(arbEntry, { minLength: 1, maxLength: 4 }), fc.nat(), (us, specs, seed) => {
          const users = toUsers(us);
          const shuffled = [...users].sort((a, b) => ((a.id.charCodeAt(0) * 31 + seed) % 7) - ((b.id.charCodeAt(0) * 31 + seed) % 7));
          expect(planFlowThrough(shuffled, toEntries(specs), sites)).to.deep.equal(planFlowThrough(users, toEntries(specs), sites));
        }),
      );
    });

    it("first match wins: adding an entry at the end never moves a matched user", () => {
      fc.assert(
        fc.property(arbUsers, fc.array(arbEntry, { minLength: 1, maxLength: 4 }), arbEntry, (us, specs, extra) => {
          const before = planFlowThrough(toUsers(us), toEntries(specs), sites);
          const after = planFlowThrough(toUsers(us), toEntries([...specs, extra]), sites);
          expect(after.assignments.filter((a) => a.criteria !== `e${specs.length}`)).to.deep.equal(before.assignments);
          expect(after.assignments.length + after.unmatched.length).to.equal(us.length);
        }),
      );
    });
  });
});
