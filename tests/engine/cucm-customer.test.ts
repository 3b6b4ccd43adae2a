// Unified CM flow-through end to end: the root program (examples/customer) with the Fabrikam
// definition (examples/cucm-customer) on the real Pulumi CLI, against the lab's AXL and Unity
// Connection simulators and its real OpenLDAP directory, asserted against the lab's own state
// object by object.
import { expect } from "chai";
import { CLUSTER1 } from "../../lab/cisco";
import { cucmSubscriberNames } from "../../provider/plan";
import { AxlClient } from "../../provider/backends/axl/client";
import { updateLine } from "../../provider/backends/axl/devices";
import { LAB_AXL_ADMIN } from "../../lab/cisco";
import { changesOf } from "./harness";
import { everyObject, FABRIKAM_DEFINITION_FILE, objectsOf, readDefinition, startCiscoLab, type CiscoLab } from "./cucm-lab";
import { employees, expectedFor, PINNED } from "./fabrikam-people";

describe("Unified CM flow-through (real Pulumi CLI, the lab's AXL, CUPI and OpenLDAP)", function () {
  this.timeout(1_200_000);
  let lab: CiscoLab;
  let seeded: Map<string, string>;
  let seededMailboxes: string[];
  const definition = readDefinition(FABRIKAM_DEFINITION_FILE);
  const people = new Map(employees.map((p) => [p.id, { ...p }]));

  before(async () => {
    lab = await startCiscoLab({ name: "cucm-customer", definition });
    seeded = everyObject(await lab.axl());
    seededMailboxes = (await lab.cupi()).users.map((u) => u.Alias).sort();
  });

  after(async () => {
    await lab?.dispose();
  });

  /** Asserts every person's footprint on the cluster and in Unity Connection against the definition. */
  async function expectProvisioned(): Promise<void> {
    const axl = await lab.axl();
    const users = objectsOf(axl, "user", "userid");
    const lines = objectsOf(axl, "line", "pattern");
    const phones = objectsOf(axl, "phone");
    const profiles = objectsOf(axl, "deviceProfile");
    const rdps = objectsOf(axl, "remoteDestinationProfile");
    const destinations = objectsOf(axl, "remoteDestination", "destination");
    const mailboxes = new Map((await lab.cupi()).users.map((u) => [u.Alias.toLowerCase(), u]));
    for (const person of people.values()) {
      const want = expectedFor(person);
      const user = users.get(person.userid);
      const who = `${person.userid} (${person.city}, ${person.department})`;
      if (want === undefined) {
        expect(user, `${who} matches no entry`).to.equal(undefined);
        continue;
      }
      expect(user, `${who} is an end user`).to.not.equal(undefined);
      const names = cucmSubscriberNames("Cu2", person.userid, person.id);
      const extension = (user!.primaryExtension as { number: string } | undefined)?.number;
      expect(extension, `${who} has a primary extension`).to.be.a("string");
      const range = want.site === "Cu2Si1" ? [4000, 4059] : [4100, 4159];
      expect(Number(extension), `${who}: extension in ${want.site}'s range`).to.be.within(range[0]!, range[1]!);
      expect(CLUSTER1.existingLines as readonly string[], `${who}: never a line the cluster had`).to.not.include(extension);
      const line = lines.get(extension!)!;
      expect(line.routePartitionName, who).to.equal("Cu2-DN-PT");
      expect(line.shareLineAppearanceCssName, `${who}: line CSS of the site's class of service`).to.equal(`${want.site}-${want.classOfService}-CSS`);

      const voicemail = want.profile !== "Engineering";
      expect(line.voiceMailProfileName ?? "NoVoiceMail", `${who}: voicemail profile`).to.equal(voicemail ? "Fabrikam-VM" : "NoVoiceMail");
      if (voicemail) {
        expect((line.callForwardBusy as { forwardToVoiceMail?: boolean }).forwardToVoiceMail, who).to.equal(true);
        expect((line.callForwardNoAnswer as { forwardToVoiceMail?: boolean }).forwardToVoiceMail, who).to.equal(true);
        expect(mailboxes.get(person.userid.toLowerCase())?.DtmfAccessId, `${who}: mailbox on the extension`).to.equal(extension);
      } else {
        expect(mailboxes.has(person.userid.toLowerCase()), `${who}: no mailbox`).to.equal(false);
      }

      const desk = phones.get(names.deskPhone);
      if (want.profile === "Engineering") {
        expect(desk, `${who}: no desk phone`).to.equal(undefined);
      } else {
        expect(desk, `${who}: a desk phone`).to.not.equal(undefined);
        expect(desk!.product, who).to.equal(want.profile === "Sales" ? "Cisco 8865" : "Cisco 8845");
        expect(desk!.devicePoolName, who).to.equal(`${want.site}-DP`);
        expect(desk!.locationName, who).to.equal(`${want.site}-Loc`);
        expect(desk!.callingSearchSpaceName, who).to.equal(`${want.site}-Device-CSS`);
        expect(desk!.ownerUserName, who).to.equal(person.userid);
      }
      const jabber = phones.get(names.jabber);
      expect(jabber !== undefined, `${who}: Jabber as the profile says`).to.equal(want.profile !== "Office");
      if (jabber) expect(jabber.devicePoolName, who).to.equal(`${want.site}-DP`);

      // Extension mobility: Office only.
      expect(profiles.has(names.deviceProfile), `${who}: extension mobility profile`).to.equal(want.profile === "Office");
      if (want.profile === "Office") {
        expect(desk!.enableExtensionMobility, who).to.equal(true);
        expect(JSON.stringify(desk!.services ?? []), `${who}: the EM service on the phone`).to.include("Extension Mobility");
      }
      // Single number reach: Sales only, to the person's mobile.
      expect(rdps.has(names.remoteDestinationProfile), `${who}: remote destination profile`).to.equal(want.profile === "Sales");
      if (want.profile === "Sales") {
        expect(user!.enableMobility, who).to.equal(true);
        expect(destinations.get(person.mobile!)?.remoteDestinationProfileName, `${who}: remote destination on the mobile`).to.equal(names.remoteDestinationProfile);
      }
      expect(Boolean(user!.imAndPresenceEnable), `${who}: IM and Presence`).to.equal(want.profile !== "Office");
    }
  }

  it("a preview plans the customer and changes nothing on the cluster or Unity Connection", async () => {
    const preview = await lab.project.preview();
    expect(changesOf(preview.changeSummary).create).to.be.greaterThan(0);
    expect(everyObject(await lab.axl())).to.deep.equal(seeded);
    expect((await lab.cupi()).users.map((u) => u.Alias).sort()).to.deep.equal(seededMailboxes);
  });

  it("up builds the dial plan and the sites and provisions the matching people as their profiles say", async () => {
    const up = await lab.project.up();
    expect(changesOf(up.changeSummary).create).to.be.greaterThan(0);
    const axl = await lab.axl();
    expect([...objectsOf(axl, "routePartition").keys()]).to.include.members(["Cu2-DN-PT", "Cu2-Local-PT", "Cu2-National-PT", "Cu2-International-PT", "Cu2-Premium-PT", "Cu2Si1-Local-PT", "Cu2Si2-Local-PT"]);
    expect([...objectsOf(axl, "devicePool").keys()]).to.include.members(["Cu2Si1-DP", "Cu2Si2-DP"]);
    expect([...objectsOf(axl, "location").keys()]).to.include.members(["Cu2Si1-Loc", "Cu2Si2-Loc"]);
    const css = objectsOf(axl, "css");
    for (const site of ["Cu2Si1", "Cu2Si2"]) {
      expect(css.has(`${site}-Device-CSS`), site).to.equal(true);
      expect(css.has(`${site}-Cu2-National-CSS`), site).to.equal(true);
      expect(css.has(`${site}-Cu2-International-CSS`), site).to.equal(true);
    }
    // Calls in: the inbound partition, its translation patterns to +E.164 routed with the inbound
    // CSS (to set on the trunk), which lists the line partition the DIDs are dialable in.
    expect(objectsOf(axl, "routePartition").has("Cu2-Inbound-PT")).to.equal(true);
    const inbound = css.get("Cu2-Inbound-CSS");
    expect(inbound, "the inbound calling search space").to.not.equal(undefined);
    const members = (inbound!.members as { routePartitionName: string; index: string }[]).slice().sort((a, b) => Number(a.index) - Number(b.index));
    expect(members.map((m) => m.routePartitionName)).to.deep.equal(["Cu2-Inbound-PT", "Cu2-DN-PT"]);
    const translations = [...objectsOf(axl, "transPattern", "pattern").values()].filter((t) => t.routePartitionName === "Cu2-Inbound-PT");
    expect(translations.map((t) => [t.pattern, t.prefixDigitsOut, t.callingSearchSpaceName]).sort()).to.deep.equal([
      ["1[2-9]XX[2-9]XXXXXX", "+", "Cu2-Inbound-CSS"],
      ["[2-9]XX[2-9]XXXXXX", "+1", "Cu2-Inbound-CSS"],
    ]);
    // Every Dallas subscriber's line has its DID as +E.164 alternate number in the line partition.
    const users = objectsOf(axl, "user", "userid");
    const lines = objectsOf(axl, "line", "pattern");
    const dallas = [...people.values()].filter((p) => expectedFor(p)?.site === "Cu2Si1");
    expect(dallas.length, "Dallas has subscribers").to.be.greaterThan(0);
    const dids = new Set<string>();
    for (const person of dallas) {
      const extension = (users.get(person.userid)!.primaryExtension as { number: string }).number;
      const alternate = lines.get(extension)!.e164AltNum as { numMask?: string; addLocalRoutePartition?: boolean; routePartition?: string };
      expect(alternate.numMask, `${person.userid}: a Dallas DID`).to.match(/^\+121455510[0-5]\d$/);
      expect(alternate, person.userid).to.deep.include({ addLocalRoutePartition: true, routePartition: "Cu2-DN-PT" });
      dids.add(alternate.numMask!);
    }
    expect(dids.size, "no DID twice").to.equal(dallas.length);
    await expectProvisioned();
  });

  it("a second preview shows no changes", async () => {
    await lab.project.preview({ expectNoChanges: true });
  });

  it("a department change moves a person between sites; a pinned person stays where the pin says", async () => {
    const mover = [...people.values()].find((p) => p.city === "Dallas" && p.department === "Support")!;
    await lab.modifyPerson(mover.dn, { departmentNumber: "Engineering" });
    people.set(mover.id, { ...people.get(mover.id)!, department: "Engineering" });
    const pinned = people.get(PINNED)!;
    await lab.modifyPerson(pinned.dn, { departmentNumber: "Sales" });
    people.set(PINNED, { ...pinned, department: "Sales" });
    await lab.project.up();
    await expectProvisioned();
    const user = objectsOf(await lab.axl(), "user", "userid").get(mover.userid)!;
    expect(Number((user.primaryExtension as { number: string }).number), "renumbered into Denver's range").to.be.within(4100, 4159);
    await lab.project.preview({ expectNoChanges: true });
  });

  it("refresh reports a line's calling search space changed out of band, and up puts it back", async () => {
    const person = [...people.values()].find((p) => expectedFor(p)?.profile === "Office")!;
    const user = objectsOf(await lab.axl(), "user", "userid").get(person.userid)!;
    const extension = (user.primaryExtension as { number: string }).number;
    const client = new AxlClient({ host: lab.lab.endpoints.services.axl!, username: LAB_AXL_ADMIN.userid, password: LAB_AXL_ADMIN.password });
    await updateLine(client, { pattern: extension, routePartitionName: "Cu2-DN-PT" }, { shareLineAppearanceCssName: `${expectedFor(person)!.site}-Cu2-International-CSS` });

    await lab.project.refresh();
    const state = await lab.project.exportState();
    const drift = (state.deployment.resources ?? []).flatMap((r) => (r.outputs?.drift as string[] | undefined) ?? []);
    expect(drift.join("\n")).to.include(person.userid).and.to.include("Cu2-International-CSS");
    const preview = await lab.project.preview();
    expect(changesOf(preview.changeSummary).update).to.be.greaterThan(0);
    await lab.project.up();
    expect(objectsOf(await lab.axl(), "line", "pattern").get(extension)!.shareLineAppearanceCssName).to.equal(`${expectedFor(person)!.site}-Cu2-National-CSS`);
    await lab.project.preview({ expectNoChanges: true });
  });

  it("a person who leaves the directory is deprovisioned behind the delete guard", async () => {
    const leaver = [...people.values()].find((p) => expectedFor(p)?.profile === "Sales")!;
    await lab.deletePerson(leaver.dn);
    people.delete(leaver.id);
    await lab.project.up();
    const axl = await lab.axl();
    expect(objectsOf(axl, "user", "userid").has(leaver.userid), "the end user ucflow added is gone").to.equal(false);
    expect(objectsOf(axl, "phone").has(cucmSubscriberNames("Cu2", leaver.userid, leaver.id).deskPhone)).to.equal(false);
    expect((await lab.cupi()).users.some((u) => u.Alias === leaver.userid), "and the mailbox").to.equal(false);
    await expectProvisioned();

    // Half the customer leaving at once is over the definition's 25 %: refused, nothing changed.
    const before = everyObject(await lab.axl());
    await lab.project.setConfig("customer", { ...definition, directory: { source: "ldap", ldapFilter: "(&(employeeType=Employee)(l=Denver))" } });
    const run = await lab.project.failingPreview();
    expect(run.stdout + run.stderr).to.match(/deprovision/i);
    expect(everyObject(await lab.axl())).to.deep.equal(before);
    await lab.project.setConfig("customer", definition);
  });

  it("destroy leaves the cluster and Unity Connection as seeded, the seeded phones and lines untouched", async () => {
    await lab.project.destroy();
    expect(everyObject(await lab.axl())).to.deep.equal(seeded);
    expect((await lab.cupi()).users.map((u) => u.Alias).sort()).to.deep.equal(seededMailboxes);
  });
});
