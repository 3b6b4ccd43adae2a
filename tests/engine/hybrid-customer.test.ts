// A hybrid customer end to end: the root program with the hybrid example (Contoso with Chicago
// on Teams and Boston on Unified CM, one Entra directory, one profile) on the real Pulumi CLI,
// against the lab's Microsoft and Cisco simulators at once, asserted from both labs' state.
import { expect } from "chai";
import { CLUSTER1 } from "../../lab/cisco";
import { SKU_IDS, type GraphState, type TeamsState } from "../../lab/microsoft";
import { cucmSubscriberNames } from "../../provider/plan";
import { changesOf } from "./harness";
import { everyObject, HYBRID_DEFINITION_FILE, hybridState, objectsOf, readDefinition, startCiscoLab, type CiscoLab } from "./cucm-lab";
import { footprint, numbersOnTwoUsers, type LabUser } from "./teams-lab";

describe("a hybrid customer: Teams and Unified CM sites in one stack (real Pulumi CLI, both labs)", function () {
  this.timeout(1_200_000);
  let lab: CiscoLab;
  let seed: { graph: GraphState; teams: TeamsState; axl: Map<string, string>; mailboxes: string[] };
  const definition = readDefinition(HYBRID_DEFINITION_FILE);
  const microsoft = async () => ({ graph: (await lab.control.state("graph")) as GraphState, teams: (await lab.control.state("teams")) as TeamsState });
  const useridOf = (user: LabUser) => user.userPrincipalName.split("@")[0]!;
  /** A user's Teams footprint; a grant of no policy (null: the global one, as before any grant) counts as none. */
  const teamsOf = (state: { graph: GraphState; teams: TeamsState }, id: string) => {
    const got = footprint(state.graph, state.teams, id);
    return { ...got, grants: Object.fromEntries(Object.entries(got.grants).filter(([, policy]) => policy !== null)) };
  };

  before(async () => {
    lab = await startCiscoLab({ name: "hybrid-customer", definition, teams: true });
    seed = { ...(await microsoft()), axl: everyObject(await lab.axl()), mailboxes: (await lab.cupi()).users.map((u) => u.Alias).sort() };
  });

  after(async () => {
    await lab?.dispose();
  });

  it("one up provisions Chicago on Teams and Boston on Unified CM from the same profile", async () => {
    const up = await lab.project.up();
    expect(changesOf(up.changeSummary).create).to.be.greaterThan(0);
    const { graph, teams, users, lines, phones, mailboxes } = await hybridState(lab);
    const people = seed.graph.users.map((u) => u.properties);
    const chicago = people.filter((u) => u.city === "Chicago");
    const boston = people.filter((u) => u.city === "Boston");
    expect(chicago.length, "the seed has Chicago users").to.be.greaterThan(3);
    expect(boston.length, "and Boston users").to.be.greaterThan(3);

    for (const user of chicago) {
      const who = `${user.userPrincipalName} (Chicago)`;
      const got = footprint(graph, teams, user.id);
      expect(got.licenses, who).to.include(SKU_IDS.SPE_E5);
      expect(got.numbers, who).to.have.length(1);
      expect(got.numbers[0], who).to.match(/^\+1312555\d{4}$/);
      expect(got.grants.OnlineVoiceRoutingPolicy, who).to.match(/^(Tag:)?Cu1-National$/);
      expect(users.has(useridOf(user)), `${who} is not on Unified CM`).to.equal(false);
    }
    for (const user of boston) {
      const userid = useridOf(user);
      const who = `${userid} (Boston)`;
      expect(footprint(graph, teams, user.id), `${who}: Teams untouched`).to.deep.equal(footprint(seed.graph, seed.teams, user.id));
      const end = users.get(userid);
      expect(end, `${who} is an end user`).to.not.equal(undefined);
      const extension = (end!.primaryExtension as { number: string } | undefined)?.number;
      expect(Number(extension), `${who}: Boston's range`).to.be.within(4100, 4149);
      expect(CLUSTER1.existingLines as readonly string[], who).to.not.include(extension);
      const line = lines.get(extension!)!;
      expect(line.routePartitionName, who).to.equal("Cu1-DN-PT");
      expect(line.shareLineAppearanceCssName, who).to.equal("Cu1Si2-Cu1-National-CSS");
      expect(line.voiceMailProfileName, who).to.equal("Cu1-VM-Profile");
      expect(mailboxes.has(userid.toLowerCase()), `${who}: a mailbox`).to.equal(true);
      const desk = phones.get(cucmSubscriberNames("Cu1", userid, user.id).deskPhone);
      expect(desk?.product, `${who}: the profile's desk phone`).to.equal("Cisco 8845");
      expect(desk?.devicePoolName, who).to.equal("Cu1Si2-DP");
    }
    expect(numbersOnTwoUsers(graph), "no number is assigned twice").to.deep.equal([]);
  });

  it("a second preview shows no changes", async () => {
    await lab.project.preview({ expectNoChanges: true });
  });

  let mover: LabUser;

  it("a user who moves from Boston to Chicago leaves Unified CM and is provisioned on Teams", async () => {
    mover = seed.graph.users.map((u) => u.properties).find((u) => u.city === "Boston")!;
    await lab.control.seed("graph", { users: [{ id: mover.id, city: "Chicago" }] });
    await lab.project.up();
    const { graph, teams } = await microsoft();
    const got = footprint(graph, teams, mover.id);
    expect(got.numbers[0], "a Chicago number").to.match(/^\+1312555\d{4}$/);
    const axl = await lab.axl();
    expect(objectsOf(axl, "user", "userid").has(useridOf(mover)), "the end user ucflow added is gone").to.equal(false);
    expect(objectsOf(axl, "phone").has(cucmSubscriberNames("Cu1", useridOf(mover), mover.id).deskPhone), "and the phone").to.equal(false);
    expect((await lab.cupi()).users.some((u) => u.Alias.toLowerCase() === useridOf(mover).toLowerCase()), "and the mailbox").to.equal(false);
    await lab.project.preview({ expectNoChanges: true });
  });

  it("destroy returns both platforms to their seed", async () => {
    await lab.project.destroy();
    const { graph, teams } = await microsoft();
    for (const user of seed.graph.users.map((u) => u.properties)) {
      const want = teamsOf(seed, user.id);
      // The mover's Boston number (not in Chicago's inventory) gave way to a Chicago one at the
      // move, as the plan's note said; destroy releases the Chicago number and gives none back.
      if (user.id === mover.id) Object.assign(want, { numbers: [] });
      const got = teamsOf({ graph, teams }, user.id);
      // Entra cannot clear a usage location, only change it: one ucflow set on a user without one stays.
      if (!want.usageLocation) Object.assign(got, { usageLocation: want.usageLocation });
      expect(got, user.userPrincipalName).to.deep.equal(want);
    }
    expect(everyObject(await lab.axl())).to.deep.equal(seed.axl);
    expect((await lab.cupi()).users.map((u) => u.Alias).sort()).to.deep.equal(seed.mailboxes);
  });
});
