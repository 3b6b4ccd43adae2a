import { expect } from "chai";
import {
  planCustomerSubscribers,
  resolveCucmRoles,
  resolveTeamsRoles,
  roleOf,
  type ClusterCatalog,
  type CustomerPlanDefinition,
  type DirectoryUser,
  type EntraGroup,
  type FlowThroughAssignment,
  type PlatformSnapshots,
  type RoleDefinition,
} from "../../../provider/plan";

const PHONE_USERS = "6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b";
const VOICE_CA = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const SALES_A = "11111111-2222-4333-8444-555555555555";
const SALES_B = "99999999-8888-4777-8666-555555555555";
const groups: EntraGroup[] = [
  { id: PHONE_USERS, displayName: "Teams Phone Users", securityEnabled: true },
  { id: VOICE_CA.toUpperCase(), displayName: "Voice Conditional Access", securityEnabled: true },
  { id: SALES_A, displayName: "Sales", securityEnabled: true },
  { id: SALES_B, displayName: "Sales", securityEnabled: true },
  { id: "abababab-abab-4bab-8bab-abababababab", displayName: "All Staff", securityEnabled: false },
  { id: "cdcdcdcd-cdcd-4dcd-8dcd-cdcdcdcdcdcd", displayName: "Voice Admins (mail)", securityEnabled: true, mailEnabled: true, groupTypes: [] },
  { id: "efefefef-efef-4fef-8fef-efefefefefef", displayName: "Voice Team", securityEnabled: true, mailEnabled: true, groupTypes: ["Unified"] },
];

const assignment = (criteria: string, role?: string, profile = "Office"): FlowThroughAssignment => ({ userId: "u1", site: "Cu2Si1", profile, role, criteria });

describe("roles", () => {
  describe("roleOf (precedence: pin, entry, profile, default)", () => {
    const naming = { pins: [{ user: "U1", site: "Cu2Si1", profile: "Office", role: "Pinned" }], profileRoles: new Map([["Office", "Standard"]]), defaultRole: "Basic" };

    it("takes the pin's role for a pinned user", () => {
      expect(roleOf(assignment("pinned"), naming)).to.deep.equal({ name: "Pinned", from: "the pin of user u1" });
    });

    it("takes the entry's role over the profile's and the default", () => {
      expect(roleOf(assignment("sales", "Sales"), naming)).to.deep.equal({ name: "Sales", from: "flow-through entry sales" });
    });

    it("takes the profile's role when the entry (or a pin) names none", () => {
      expect(roleOf(assignment("everyone"), naming)).to.deep.equal({ name: "Standard", from: "subscriber profile Office" });
      expect(roleOf(assignment("pinned"), { ...naming, pins: [{ user: "u1", site: "Cu2Si1", profile: "Office" }] })).to.deep.equal({ name: "Standard", from: "subscriber profile Office" });
    });

    it("takes the default when nothing else names one, and no role without a default", () => {
      expect(roleOf(assignment("everyone", undefined, "Kiosk"), naming)).to.deep.equal({ name: "Basic", from: "flowThrough.defaultRole" });
      expect(roleOf(assignment("everyone", undefined, "Kiosk"), { pins: [], profileRoles: new Map() })).to.equal(undefined);
    });
  });

  describe("resolveTeamsRoles", () => {
    const roles: RoleDefinition[] = [
      { name: "Standard", teams: { groups: ["Teams Phone Users", VOICE_CA, PHONE_USERS.toUpperCase()] } },
      { name: "Sales", teams: { groups: ["Sales"] } },
      { name: "Typo", teams: { groups: ["teams phone users", "Nobody", "deadbeef-0000-4000-8000-000000000000"] } },
      { name: "Mail", teams: { groups: ["All Staff"] } },
      { name: "MailSecurity", teams: { groups: ["Voice Admins (mail)", "Voice Team"] } },
      { name: "CucmOnly", cucm: { accessControlGroups: ["Standard CTI Enabled"] } },
    ];
    const used = (...names: string[]) => new Map(names.map((n) => [n, [`flow-through entry e-${n}`]]));

    it("resolves display names and object ids to lower-case ids, sorted, once each", () => {
      const problems: string[] = [];
      const resolved = resolveTeamsRoles(roles, used("Standard", "CucmOnly"), groups, problems);
      expect(problems).to.deep.equal([]);
      expect(resolved.get("Standard")).to.deep.equal([VOICE_CA, PHONE_USERS]);
      // A role without a teams section grants nothing on Teams, and is no problem.
      expect(resolved.get("CucmOnly")).to.deep.equal([]);
    });

    it("reports a display name several groups have, with their ids", () => {
      const problems: string[] = [];
      resolveTeamsRoles(roles, new Map([["Sales", ["flow-through entry sales", "subscriber profile Office", "flow-through entry sales"]]]), groups, problems);
      expect(problems).to.deep.equal([
        `roles[1].teams.groups[0] (role Sales, named by flow-through entry sales, subscriber profile Office): Entra group "Sales" is the display name of 2 groups (${SALES_A}, ${SALES_B}); give the object id of the one meant`,
      ]);
    });

    it("reports a group the tenant lacks, by name (with a near match) and by id", () => {
      const problems: string[] = [];
      resolveTeamsRoles(roles, used("Typo"), groups, problems);
      expect(problems).to.deep.equal([
        'roles[2].teams.groups[0] (role Typo, named by flow-through entry e-Typo): Entra group "teams phone users" is not in the tenant: no group has that display name (compared exactly); did you mean "Teams Phone Users"?',
        'roles[2].teams.groups[1] (role Typo, named by flow-through entry e-Typo): Entra group "Nobody" is not in the tenant: no group has that display name (compared exactly); give a security group\'s display name or object id',
        'roles[2].teams.groups[2] (role Typo, named by flow-through entry e-Typo): Entra group "deadbeef-0000-4000-8000-000000000000" is not in the tenant: no group has that object id; give a security group\'s display name or object id',
      ]);
    });

    it("reports a group that is not a security group", () => {
      const problems: string[] = [];
      resolveTeamsRoles(roles, used("Mail"), groups, problems);
      expect(problems).to.deep.equal([
        'roles[3].teams.groups[0] (role Mail, named by flow-through entry e-Mail): Entra group "All Staff" (abababab-abab-4bab-8bab-abababababab) is not a security group (securityEnabled is false); a role grants security groups: use a security group, or enable security on the Microsoft 365 group (distribution groups cannot be managed through Graph)',
      ]);
    });

    it("refuses a mail-enabled security group, whose members Graph cannot change, and takes a Microsoft 365 group", () => {
      const problems: string[] = [];
      const resolved = resolveTeamsRoles(roles, used("MailSecurity"), groups, problems);
      expect(problems).to.deep.equal([
        'roles[4].teams.groups[0] (role MailSecurity, named by flow-through entry e-MailSecurity): Entra group "Voice Admins (mail)" (cdcdcdcd-cdcd-4dcd-8dcd-cdcdcdcdcdcd) is a mail-enabled security group, whose members only Exchange can change; use a security group that is not mail-enabled, or a Microsoft 365 group',
      ]);
      expect(resolved.get("MailSecurity")).to.deep.equal(["efefefef-efef-4fef-8fef-efefefefefef"]);
    });

    it("reports groups that were not read", () => {
      const problems: string[] = [];
      resolveTeamsRoles(roles, used("Standard"), undefined, problems);
      expect(problems).to.deep.equal([
        "roles[0].teams.groups (role Standard, named by flow-through entry e-Standard): grants Entra groups, but the tenant's groups were not read; read the tenant with readEntraTenant({ groups: true }) (the root program does when a role has teams groups)",
      ]);
    });

    it("names at most three places a role was named from", () => {
      const problems: string[] = [];
      resolveTeamsRoles(roles, new Map([["Mail", ["a", "b", "c", "d", "e"]]]), groups, problems);
      expect(problems[0]).to.match(/^roles\[3\]\.teams\.groups\[0\] \(role Mail, named by a, b, c and 2 more\): /);
    });
  });

  describe("resolveCucmRoles", () => {
    const roles: RoleDefinition[] = [
      { name: "Standard", cucm: { accessControlGroups: ["standard cti enabled", "Standard CCM End Users", "Standard CTI Enabled"] } },
      { name: "TeamsOnly", teams: { groups: ["Teams Phone Users"] } },
      { name: "Typo", cucm: { accessControlGroups: ["Standard CTI Enabld"] } },
    ];
    const userGroups = ["Standard CCM End Users", "Standard CTI Enabled"];

    it("takes the cluster's spelling, sorted, once each; a role without a cucm section has none (the adapter's default)", () => {
      const problems: string[] = [];
      const resolved = resolveCucmRoles(roles, new Map([["Standard", ["x"]], ["TeamsOnly", ["y"]]]), "Cluster1", userGroups, problems);
      expect(problems).to.deep.equal([]);
      expect(resolved.get("Standard")).to.deep.equal(["Standard CCM End Users", "Standard CTI Enabled"]);
      expect(resolved.has("TeamsOnly")).to.equal(true);
      expect(resolved.get("TeamsOnly")).to.equal(undefined);
    });

    it("reports an access control group the cluster lacks, naming its path in the definition, the role, where it was named and the cluster", () => {
      const problems: string[] = [];
      resolveCucmRoles(roles, new Map([["Typo", ["subscriber profile Office"]]]), "Cluster1", userGroups, problems);
      expect(problems).to.deep.equal([
        'roles[2].cucm.accessControlGroups[0] (role Typo, named by subscriber profile Office): cluster Cluster1 has no access control group "Standard CTI Enabld"; it has Standard CCM End Users, Standard CTI Enabled; name one the cluster has',
      ]);
    });

    it("takes the names as given when the cluster's catalog was not read", () => {
      const problems: string[] = [];
      const resolved = resolveCucmRoles(roles, new Map([["Typo", ["x"]]]), "Cluster1", undefined, problems);
      expect(problems).to.deep.equal([]);
      expect(resolved.get("Typo")).to.deep.equal(["Standard CTI Enabld"]);
    });
  });

  describe("in the customer plan", () => {
    const E5 = { skuPartNumber: "SPE_E5", skuId: "06ebc4ee-1bb5-47dd-8120-11324bc54e06", enabled: 10, consumed: 0, servicePlans: [] };
    const user = (n: number, city: string, department: string): DirectoryUser => ({
      id: `00000000-0000-0000-0000-00000000000${n}`,
      attributes: { userPrincipalName: `u${n}@fabrikam.com`, uid: `user${n}`, sn: `Sur${n}`, city, department },
    });
    const services = { jabber: true, voicemail: false, extensionMobility: false, singleNumberReach: false, imAndPresence: false, conferencing: false };
    const definition: CustomerPlanDefinition = {
      customer: "Cu2",
      sites: [
        { code: "Cu2Si1", macros: { city: "Dallas" }, teams: { usageLocation: "US" } },
        { code: "Cu2Si2", macros: { city: "Denver" }, cucm: { cluster: "Cluster1", classOfService: "Cu2-National" } },
      ],
      profiles: [
        { name: "Office", teams: { enterpriseVoice: false, numberType: "none", licenses: [{ sku: "SPE_E5" }], policies: {} }, cucm: services, role: "Standard" },
        { name: "Kiosk", teams: { enterpriseVoice: false, numberType: "none", licenses: [{ sku: "SPE_E5" }], policies: {} }, cucm: services },
      ],
      filters: { city: [{ attribute: "city", condition: "equals", value: "{{site.city}}" }], sales: [{ attribute: "department", condition: "equals", value: "Sales" }] },
      flowThrough: [
        { name: "sales", filter: "sales", site: "Cu2Si1", profile: "Office", role: "Sales" },
        { name: "everyone", filter: "city", site: "{{site.code}}", profile: "Office" },
      ],
      inventory: { ranges: [{ start: "4000", end: "4019", site: "Cu2Si2" }] },
      clusters: [{ name: "Cluster1" }],
      classesOfService: ["Cu2-National"],
      roles: [
        { name: "Standard", teams: { groups: ["Teams Phone Users"] }, cucm: { accessControlGroups: ["standard ccm end users", "Standard CTI Enabled"] } },
        { name: "Sales", teams: { groups: [SALES_A, VOICE_CA] } },
        { name: "Basic", cucm: { accessControlGroups: ["Standard CCM End Users"] } },
      ],
    };
    const catalog = { userGroups: ["Standard CCM End Users", "Standard CTI Enabled"] } as unknown as ClusterCatalog;
    const platforms = (directory: DirectoryUser[], tenantGroups: readonly EntraGroup[] | null = groups): PlatformSnapshots => ({
      directory,
      tenant: { licenses: new Map(), skus: [E5], numberAssignments: new Map(), ...(tenantGroups ? { groups: tenantGroups } : {}) },
      clusters: { Cluster1: { lines: new Map(), users: new Map(), catalog } },
      now: new Date("2026-12-01T00:00:00Z"),
    });
    const people = [user(1, "Dallas", "Sales"), user(2, "Dallas", "Support"), user(3, "Denver", "Support")];

    it("gives each subscriber its role and the role's memberships on its platform", () => {
      const plan = planCustomerSubscribers(definition, platforms(people));
      expect(plan.problems).to.deep.equal([]);
      expect(plan.teams.map((s) => [s.userPrincipalName, s.role, s.groups])).to.deep.equal([
        ["u1@fabrikam.com", "Sales", [VOICE_CA, SALES_A]],
        ["u2@fabrikam.com", "Standard", [PHONE_USERS]],
      ]);
      expect(plan.cucm.map((s) => [s.userid, s.role, s.accessControlGroups])).to.deep.equal([["user3", "Standard", ["Standard CCM End Users", "Standard CTI Enabled"]]]);
    });

    it("plans no role fields for a subscriber without a role, and a pin's role over the entry's", () => {
      const noProfileRole = { ...definition, profiles: definition.profiles.map((p) => ({ ...p, role: undefined })), pins: [{ user: people[0].id, site: "Cu2Si1", profile: "Kiosk", role: "Standard" }] };
      const plan = planCustomerSubscribers(noProfileRole, platforms(people));
      expect(plan.problems).to.deep.equal([]);
      expect(plan.teams[0]).to.deep.include({ criteria: "pinned", role: "Standard", groups: [PHONE_USERS] });
      expect(plan.teams[1]).to.not.have.any.keys("role", "groups");
      expect(plan.cucm[0]).to.not.have.any.keys("role", "accessControlGroups");
    });

    it("gives a Teams subscriber whose role has no teams section the role and no groups, and the default role to the rest", () => {
      const defaulted = { ...definition, profiles: definition.profiles.map((p) => ({ ...p, role: undefined })), defaultRole: "Basic" };
      const plan = planCustomerSubscribers(defaulted, platforms(people, null));
      expect(plan.problems).to.deep.equal(["roles[1].teams.groups (role Sales, named by flow-through entry sales): grants Entra groups, but the tenant's groups were not read; read the tenant with readEntraTenant({ groups: true }) (the root program does when a role has teams groups)"]);
      const withGroups = planCustomerSubscribers(defaulted, platforms(people));
      expect(withGroups.problems).to.deep.equal([]);
      expect(withGroups.teams[1]).to.deep.include({ role: "Basic" }).and.not.have.property("groups");
      expect(withGroups.cucm[0]).to.deep.include({ role: "Basic", accessControlGroups: ["Standard CCM End Users"] });
    });

    it("fails on roles the definition lacks, wherever they are named, before planning anyone", () => {
      const unknown: CustomerPlanDefinition = {
        ...definition,
        profiles: [{ ...definition.profiles[0], role: "Gold" }, definition.profiles[1]],
        flowThrough: [{ ...definition.flowThrough[0], role: "Silver" }, definition.flowThrough[1]],
        pins: [{ user: people[1].id, site: "Cu2Si1", profile: "Office", role: "Bronze" }],
        defaultRole: "Tin",
      };
      const plan = planCustomerSubscribers(unknown, platforms(people));
      expect(plan.problems).to.deep.equal([
        'profiles[0].role (profile Office): "Gold" is not a role of this definition; the roles are Standard, Sales, Basic',
        'flowThrough.defaultRole: "Tin" is not a role of this definition; the roles are Standard, Sales, Basic',
        'flowThrough.entries[0] (flow-through entry sales): role "Silver" is not a role; the roles are Standard, Sales, Basic',
        'flowThrough.pins[0].role: "Bronze" is not a role; the roles are Standard, Sales, Basic',
      ]);
      expect(plan.teams).to.deep.equal([]);
    });

    it("fails on an access control group the cluster lacks, naming its path, the role and the profile that named it", () => {
      const typo = { ...definition, roles: [{ ...definition.roles![0], cucm: { accessControlGroups: ["Standard CCM Users"] } }, ...definition.roles!.slice(1)] };
      const plan = planCustomerSubscribers(typo, platforms(people));
      expect(plan.problems).to.deep.equal([
        'roles[0].cucm.accessControlGroups[0] (role Standard, named by subscriber profile Office): cluster Cluster1 has no access control group "Standard CCM Users"; it has Standard CCM End Users, Standard CTI Enabled; name one the cluster has',
      ]);
      expect(plan.cucm).to.deep.equal([]);
    });
  });
});
