// Roles end to end (issue 10): flow-through entries and profiles name a role, and a role grants
// memberships: Entra security groups on Teams, access control groups on Unified CM. On the real
// Pulumi CLI against the lab, asserted from the lab's state: provisioning grants the role's
// memberships, a role change moves them, one removed by hand is reported by refresh and put
// back by up, destroy takes back only what ucflow granted, and an unknown group fails the
// preview before any write.
import * as fs from "node:fs";
import { expect } from "chai";
import { ClientSecretCredential } from "@azure/identity";
import { LAB_TENANT_ID, LAB_UCFLOW_CLIENT_ID, LAB_UCFLOW_CLIENT_SECRET, SEED_GROUP_IDS, SEED_GROUP_MEMBER_UPN, type GraphState } from "../../lab/microsoft";
import { GraphClient } from "../../provider/backends/graph/client";
import { removeGroupMember } from "../../provider/backends/graph/groups";
import { changesOf } from "./harness";
import { everyObject, FABRIKAM_DEFINITION_FILE, HYBRID_DEFINITION_FILE, objectsOf, readDefinition, startCiscoLab, type CiscoLab } from "./cucm-lab";
import { CONTOSO_DEFINITION_FILE, startTeamsLab, type TeamsLab } from "./teams-lab";

const PHONE_USERS = SEED_GROUP_IDS["Teams Phone Users"];
const SALES_VOICE = SEED_GROUP_IDS["Sales Voice"];
const CONDITIONAL_ACCESS = SEED_GROUP_IDS["Conditional Access - Voice"];

/** Group id -> member ids, sorted. */
function memberships(graph: GraphState): Map<string, string[]> {
  return new Map(graph.groups.map((g) => [g.properties.id, [...g.members].sort()]));
}

/** Every drift sentence of the stack's resources after a refresh. */
async function driftOf(project: { exportState(): Promise<{ deployment: { resources?: { outputs?: Record<string, unknown> }[] } }> }): Promise<string[]> {
  const state = await project.exportState();
  return (state.deployment.resources ?? []).flatMap((r) => (r.outputs?.drift as string[] | undefined) ?? []);
}

describe("roles on Teams: a role's Entra security groups (real Pulumi CLI, the lab)", function () {
  this.timeout(900_000);
  let lab: TeamsLab;
  let seed: GraphState;
  const base = JSON.parse(fs.readFileSync(CONTOSO_DEFINITION_FILE, "utf8"));
  const withRoles = (salesGroups: string[]) => ({
    ...base,
    roles: [
      { name: "Voice", teams: { groups: ["Teams Phone Users"] } },
      { name: "Sales", teams: { groups: salesGroups } },
    ],
    profiles: base.profiles.map((p: { name: string }) => (p.name === "Voice" ? { ...p, role: "Voice" } : p)),
    flowThrough: { ...base.flowThrough, entries: base.flowThrough.entries.map((e: { name: string }) => (e.name === "sales" ? { ...e, role: "Sales" } : e)) },
  });
  const graph = async () => (await lab.control.state("graph")) as GraphState;
  const subscribersOf = async (profile: string) => {
    const state = await lab.project.exportState();
    return (state.deployment.resources ?? [])
      .filter((r) => r.type.endsWith(":SubscriberSet"))
      .flatMap((r) => Object.entries((r.outputs?.subscribers ?? {}) as Record<string, { profile: string; userPrincipalName: string }>))
      .filter(([, s]) => s.profile === profile)
      .map(([id, s]) => ({ id, upn: s.userPrincipalName }));
  };

  before(async () => {
    lab = await startTeamsLab({ name: "roles-teams", definition: withRoles(["Teams Phone Users", "Sales Voice"]) });
    seed = await graph();
  });

  after(async () => {
    await lab?.dispose();
  });

  it("an unknown group fails the preview, naming the role and the group, with no write", async () => {
    await lab.project.setConfig("customer", withRoles(["Teams Phone Users", "Sales Voice Team"]));
    const run = await lab.project.failingPreview();
    expect(run.stdout + run.stderr).to.include("Sales Voice Team").and.to.include("Sales");
    expect(await graph()).to.deep.equal(seed);
    await lab.project.setConfig("customer", withRoles(["Teams Phone Users", "Sales Voice"]));
  });

  it("up puts each subscriber in their role's groups", async () => {
    await lab.project.up();
    const groups = memberships(await graph());
    const voice = await subscribersOf("Voice");
    const sales = await subscribersOf("Sales");
    const messaging = await subscribersOf("Messaging");
    expect(voice.length && sales.length && messaging.length, "every profile has subscribers").to.be.greaterThan(0);
    for (const s of voice) expect(groups.get(PHONE_USERS), s.upn).to.include(s.id);
    for (const s of sales) {
      expect(groups.get(PHONE_USERS), s.upn).to.include(s.id);
      expect(groups.get(SALES_VOICE), s.upn).to.include(s.id);
    }
    for (const s of messaging) {
      expect(groups.get(PHONE_USERS), `${s.upn}: no role`).to.not.include(s.id);
      expect(groups.get(SALES_VOICE), s.upn).to.not.include(s.id);
    }
    expect(groups.get(CONDITIONAL_ACCESS), "a group no role names").to.deep.equal(memberships(seed).get(CONDITIONAL_ACCESS));
    await lab.project.preview({ expectNoChanges: true });
  });

  it("a role change moves the memberships", async () => {
    await lab.project.setConfig("customer", withRoles(["Teams Phone Users", "Conditional Access - Voice"]));
    await lab.project.up();
    const groups = memberships(await graph());
    for (const s of await subscribersOf("Sales")) {
      expect(groups.get(SALES_VOICE), `${s.upn} left Sales Voice`).to.not.include(s.id);
      expect(groups.get(CONDITIONAL_ACCESS), `${s.upn} joined Conditional Access - Voice`).to.include(s.id);
    }
    await lab.project.preview({ expectNoChanges: true });
  });

  it("a membership removed by hand is reported by refresh and put back by up", async () => {
    const victim = (await subscribersOf("Voice")).find((s) => s.upn !== SEED_GROUP_MEMBER_UPN)!;
    // An administrator takes the user out of the group, through Graph.
    const credential = new ClientSecretCredential(LAB_TENANT_ID, LAB_UCFLOW_CLIENT_ID, LAB_UCFLOW_CLIENT_SECRET, { authorityHost: lab.lab.endpoints.services.entra!, disableInstanceDiscovery: true });
    await removeGroupMember(new GraphClient({ credential, baseUrl: `${lab.lab.endpoints.services.graph}/` }), PHONE_USERS, victim.id);
    expect(memberships(await graph()).get(PHONE_USERS)).to.not.include(victim.id);
    await lab.project.refresh();
    const drift = (await driftOf(lab.project)).join("\n");
    expect(drift).to.include(victim.upn).and.to.match(/Teams Phone Users|group/);
    await lab.project.up();
    expect(memberships(await graph()).get(PHONE_USERS)).to.include(victim.id);
    await lab.project.preview({ expectNoChanges: true });
  });

  it("destroy takes back only the memberships ucflow granted", async () => {
    await lab.project.destroy();
    const groups = memberships(await graph());
    for (const [id, members] of memberships(seed)) expect(groups.get(id), `group ${id} as seeded`).to.deep.equal(members);
  });
});

describe("roles on Unified CM: a role's access control groups (real Pulumi CLI, the lab)", function () {
  this.timeout(900_000);
  let lab: CiscoLab;
  let seeded: Map<string, string>;
  const definition = readDefinition(FABRIKAM_DEFINITION_FILE);
  const withSalesGroups = (groups: string[]) => ({ ...definition, roles: definition.roles.map((r: { name: string }) => (r.name === "Sales" ? { ...r, cucm: { accessControlGroups: groups } } : r)) });
  const groupsOf = (user: Record<string, any> | undefined): string[] => ((user?.associatedGroups ?? []) as { name: string }[]).map((g) => (typeof g.name === "string" ? g.name : String(g))).sort();
  const byProfile = async (profile: string) => {
    const state = await lab.project.exportState();
    return (state.deployment.resources ?? [])
      .filter((r) => r.type.endsWith(":SubscriberSet"))
      .flatMap((r) => Object.values((r.outputs?.subscribers ?? {}) as Record<string, { profile: string; userid: string }>))
      .filter((s) => s.profile === profile)
      .map((s) => s.userid);
  };

  before(async () => {
    expect(definition.roles, "the Fabrikam example has roles").to.be.an("array");
    lab = await startCiscoLab({ name: "roles-cucm", definition });
    seeded = everyObject(await lab.axl());
  });

  after(async () => {
    await lab?.dispose();
  });

  it("an unknown access control group fails the preview with no write", async () => {
    await lab.project.setConfig("customer", withSalesGroups(["Standard CCM End Users", "Standard CTI Enabeld"]));
    const run = await lab.project.failingPreview();
    expect(run.stdout + run.stderr).to.include("Standard CTI Enabeld");
    expect(everyObject(await lab.axl())).to.deep.equal(seeded);
    await lab.project.setConfig("customer", definition);
  });

  it("up puts each end user in their role's access control groups", async () => {
    await lab.project.up();
    const users = objectsOf(await lab.axl(), "user", "userid");
    const roleOf = new Map<string, string[]>(definition.roles.map((r: { name: string; cucm?: { accessControlGroups: string[] } }) => [r.name, [...(r.cucm?.accessControlGroups ?? [])].sort()]));
    for (const profile of ["Sales", "Office", "Engineering"]) {
      const role = definition.profiles.find((p: { name: string; role?: string }) => p.name === profile)?.role ?? definition.flowThrough.defaultRole;
      for (const userid of await byProfile(profile)) expect(groupsOf(users.get(userid)), `${userid} (${profile}, role ${role})`).to.deep.equal(roleOf.get(role));
    }
    await lab.project.preview({ expectNoChanges: true });
  });

  it("a role change moves the memberships; one removed by hand is reported and restored", async () => {
    const changed = withSalesGroups(["Standard CCM End Users", "Standard CTI Allow Control of All Devices"]);
    await lab.project.setConfig("customer", changed);
    await lab.project.up();
    let users = objectsOf(await lab.axl(), "user", "userid");
    const sales = await byProfile("Sales");
    for (const userid of sales) expect(groupsOf(users.get(userid)), userid).to.deep.equal(["Standard CCM End Users", "Standard CTI Allow Control of All Devices"]);

    // An administrator takes one user out of a group of their role.
    const victim = sales[0]!;
    const { AxlClient } = await import("../../provider/backends/axl/client");
    const { updateUser } = await import("../../provider/backends/axl/users");
    const { LAB_AXL_ADMIN } = await import("../../lab/cisco");
    const client = new AxlClient({ host: lab.lab.endpoints.services.axl!, username: LAB_AXL_ADMIN.userid, password: LAB_AXL_ADMIN.password });
    await updateUser(client, { userid: victim }, { associatedGroups: [{ name: "Standard CCM End Users" }] });
    await lab.project.refresh();
    expect((await driftOf(lab.project)).join("\n")).to.include(victim).and.to.include("Standard CTI Allow Control of All Devices");
    await lab.project.up();
    users = objectsOf(await lab.axl(), "user", "userid");
    expect(groupsOf(users.get(victim))).to.deep.equal(["Standard CCM End Users", "Standard CTI Allow Control of All Devices"]);
    await lab.project.setConfig("customer", definition);
    await lab.project.up();
  });

  it("destroy leaves the cluster as seeded, the seeded users' groups untouched", async () => {
    await lab.project.destroy();
    expect(everyObject(await lab.axl())).to.deep.equal(seeded);
  });
});

describe("roles in the hybrid example: one role, memberships on both platforms (real Pulumi CLI, both labs)", function () {
  this.timeout(900_000);
  let lab: CiscoLab;
  const definition = readDefinition(HYBRID_DEFINITION_FILE);

  let seed: { groups: Map<string, string[]>; axl: Map<string, string> };

  before(async () => {
    lab = await startCiscoLab({ name: "roles-hybrid", definition, teams: true });
    seed = { groups: memberships((await lab.control.state("graph")) as GraphState), axl: everyObject(await lab.axl()) };
  });

  it("an unknown group on either platform fails the preview, naming both, with no write on either", async () => {
    const wrong = { ...definition, roles: definition.roles.map((r: { name: string }) => ({ ...r, teams: { groups: ["Teams Phone Userz"] }, cucm: { accessControlGroups: ["Standard CCM End Userz"] } })) };
    await lab.project.setConfig("customer", wrong);
    const run = await lab.project.failingPreview();
    expect(run.stdout + run.stderr).to.include("Teams Phone Userz").and.to.include("Standard CCM End Userz");
    expect(memberships((await lab.control.state("graph")) as GraphState)).to.deep.equal(seed.groups);
    expect(everyObject(await lab.axl())).to.deep.equal(seed.axl);
    await lab.project.setConfig("customer", definition);
  });

  after(async () => {
    await lab?.dispose();
  });

  it("up grants the role's Entra groups in Chicago and its access control groups in Boston", async () => {
    const up = await lab.project.up();
    expect(changesOf(up.changeSummary).create).to.be.greaterThan(0);
    const role = definition.roles.find((r: { name: string }) => r.name === (definition.profiles[0].role ?? definition.flowThrough.defaultRole));
    const graphState = (await lab.control.state("graph")) as GraphState;
    const groups = memberships(graphState);
    const users = objectsOf(await lab.axl(), "user", "userid");
    const ids = new Map<string, string>(graphState.groups.map((g) => [g.properties.displayName, g.properties.id]));
    for (const person of graphState.users.map((u) => u.properties)) {
      if (person.city === "Chicago") {
        for (const group of role.teams.groups as string[]) expect(groups.get(ids.get(group)!), `${person.userPrincipalName} in ${group}`).to.include(person.id);
      } else if (person.city === "Boston") {
        const userid = person.userPrincipalName.split("@")[0]!;
        const got = ((users.get(userid)?.associatedGroups ?? []) as { name: string }[]).map((g) => g.name).sort();
        expect(got, userid).to.deep.equal([...role.cucm.accessControlGroups].sort());
      }
    }
    await lab.project.preview({ expectNoChanges: true });
  });

  it("destroy takes back exactly the memberships ucflow granted on both platforms", async () => {
    await lab.project.destroy();
    expect(memberships((await lab.control.state("graph")) as GraphState)).to.deep.equal(seed.groups);
    expect(everyObject(await lab.axl())).to.deep.equal(seed.axl);
  });
});
