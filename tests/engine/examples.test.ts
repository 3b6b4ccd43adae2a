// The example programs of examples/ on the real Pulumi CLI against the lab, each as its
// Pulumi.yaml runs it: preview (the review of `ucflow preview --markdown`), up, a no-change
// preview, and destroy back to the lab's seed. The definition-file examples are the root
// program's and have their own tests: examples/teams-customer in teams-customer.test.ts,
// examples/cucm-customer in cucm-customer.test.ts, examples/hybrid-customer in
// hybrid-customer.test.ts.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import { SKU_IDS, type GraphState, type TeamsState } from "../../lab/microsoft";
import { cucmSubscriberNames } from "../../provider/plan";
import { everyObject, hybridState, startCiscoLab, type CiscoLab } from "./cucm-lab";
import { footprint, numbersOnTwoUsers, type LabUser } from "./teams-lab";
import { ucflow } from "./ucflow-command";

const EXAMPLES = path.resolve(__dirname, "../../../examples");

/** An example's Pulumi.yaml: its project name and the compiled program its `main` names. */
function exampleProject(name: string): { name: string; main: string } {
  const dir = path.join(EXAMPLES, name);
  const project = parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { name: string; main: string; runtime: { name: string } };
  expect(project.runtime.name, `${name}/Pulumi.yaml runtime`).to.equal("nodejs");
  const main = path.resolve(dir, project.main);
  expect(fs.existsSync(main), `${name}/Pulumi.yaml main ${project.main} (${main}) is built`).to.equal(true);
  return { name: project.name, main };
}

describe("examples/hybrid-shared-profiles: a hybrid customer from a shared profile library (real Pulumi CLI, both labs)", function () {
  this.timeout(1_200_000);
  let lab: CiscoLab;
  let seed: { graph: GraphState; teams: TeamsState; axl: Map<string, string>; mailboxes: string[] };
  const microsoft = async () => ({ graph: (await lab.control.state("graph")) as GraphState, teams: (await lab.control.state("teams")) as TeamsState });
  const useridOf = (user: LabUser) => user.userPrincipalName.split("@")[0]!;
  const profileOf = (user: LabUser) => (user.department === "Sales" ? "Sales" : "Voice");
  /** A user's Teams footprint; a grant of no policy (null: the global one, as before any grant) counts as none. */
  const teamsOf = (state: { graph: GraphState; teams: TeamsState }, id: string) => {
    const got = footprint(state.graph, state.teams, id);
    return { ...got, grants: Object.fromEntries(Object.entries(got.grants).filter(([, policy]) => policy !== null)) };
  };
  const people = (city: string) => seed.graph.users.map((u) => u.properties).filter((u) => u.city === city);

  before(async () => {
    const project = exampleProject("hybrid-shared-profiles");
    lab = await startCiscoLab({ name: project.name, program: project.main, teams: true });
    seed = { ...(await microsoft()), axl: everyObject(await lab.axl()), mailboxes: (await lab.cupi()).users.map((u) => u.Alias).sort() };
    // Both of the library's profiles at both sites, or the test below proves less than it says.
    for (const city of ["Chicago", "Boston"]) expect(new Set(people(city).map(profileOf)), city).to.deep.equal(new Set(["Sales", "Voice"]));
  });

  after(async () => {
    await lab?.dispose();
  });

  it("the review names each Chicago user on Teams and each Boston user on Unified CM with the library's profile, and changes nothing", async () => {
    const run = await ucflow(["preview", "--markdown"], { cwd: lab.project.dir, env: lab.project.environment() });
    expect(run.exitCode, run.stderr).to.equal(0);
    for (const user of people("Chicago")) expect(run.stdout, user.userPrincipalName).to.include(`**add** \`${user.userPrincipalName}\` (Teams, Cu1Si1, ${profileOf(user)})`);
    for (const user of people("Boston")) expect(run.stdout, useridOf(user)).to.include(`**add** \`${useridOf(user)}\` (Unified CM, Cu1Si2, ${profileOf(user)})`);
    expect(run.stdout).to.include("SubscriberProfile `Cu1-profile-Sales`");
    const { graph } = await microsoft();
    expect(graph.numbers).to.deep.equal(seed.graph.numbers);
    expect(everyObject(await lab.axl())).to.deep.equal(seed.axl);
  });

  it("up gives each user the library profile's service on their site's platform", async () => {
    await lab.project.up();
    const { graph, teams, users, lines, phones, mailboxes } = await hybridState(lab);
    for (const user of people("Chicago")) {
      const who = `${user.userPrincipalName} (Chicago, ${profileOf(user)})`;
      const classOfService = profileOf(user) === "Sales" ? "Cu1-International" : "Cu1-National";
      const got = footprint(graph, teams, user.id);
      expect(got.licenses, who).to.include(SKU_IDS.SPE_E5);
      expect(got.numbers, who).to.have.length(1);
      expect(got.numbers[0], who).to.match(/^\+131255501[0-4]\d$/);
      expect(got.grants.OnlineVoiceRoutingPolicy, who).to.match(new RegExp(`^(Tag:)?${classOfService}$`));
      expect(got.grants.TeamsCallingPolicy, who).to.match(new RegExp(`^(Tag:)?${classOfService}$`));
      expect(users.has(useridOf(user)), `${who} is not on Unified CM`).to.equal(false);
    }
    for (const user of people("Boston")) {
      const userid = useridOf(user);
      const who = `${userid} (Boston, ${profileOf(user)})`;
      expect(footprint(graph, teams, user.id), `${who}: Teams untouched`).to.deep.equal(footprint(seed.graph, seed.teams, user.id));
      const extension = (users.get(userid)?.primaryExtension as { number: string } | undefined)?.number;
      expect(Number(extension), `${who}: an extension of Boston's range`).to.be.within(4100, 4149);
      // Sales names its class of service; Voice takes the site's.
      expect(lines.get(extension!)?.shareLineAppearanceCssName, who).to.equal(profileOf(user) === "Sales" ? "Cu1Si2-Cu1-International-CSS" : "Cu1Si2-Cu1-National-CSS");
      expect(mailboxes.has(userid.toLowerCase()), `${who}: a mailbox`).to.equal(true);
      const desk = phones.get(cucmSubscriberNames("Cu1", userid, user.id).deskPhone);
      expect(desk?.product, `${who}: the profile's desk phone`).to.equal(profileOf(user) === "Sales" ? "Cisco 8865" : "Cisco 8845");
      expect(desk?.devicePoolName, who).to.equal("Cu1Si2-DP");
    }
    expect(numbersOnTwoUsers(graph), "no number is assigned twice").to.deep.equal([]);
  });

  it("a second preview shows no changes", async () => {
    await lab.project.preview({ expectNoChanges: true });
  });

  it("destroy returns both platforms to their seed", async () => {
    await lab.project.destroy();
    const now = await microsoft();
    for (const user of seed.graph.users.map((u) => u.properties)) {
      const got = teamsOf(now, user.id);
      const want = teamsOf(seed, user.id);
      // Entra cannot clear a usage location, only change it: one ucflow set on a user without one stays.
      if (!want.usageLocation) Object.assign(got, { usageLocation: want.usageLocation });
      expect(got, user.userPrincipalName).to.deep.equal(want);
    }
    expect(everyObject(await lab.axl())).to.deep.equal(seed.axl);
    expect((await lab.cupi()).users.map((u) => u.Alias).sort()).to.deep.equal(seed.mailboxes);
  });
});
