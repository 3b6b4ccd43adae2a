// SubscriberSet with platform cucm against the lab's Cluster1 and Unity Connection, through the
// provider as the engine calls it (check, diff, create, read, update, delete): three
// subscribers with different bundles, one of them an LDAP-synced user the cluster already has;
// every object and field asserted from the lab's state; a second converge writes nothing; an
// extension change moves the line; a class of service change changes the line CSS and resets
// the phone; drift made by hand is read as a sentence and put right; a lost answer to an add is
// followed by a read; one subscriber's failure records the others; removal leaves the seed;
// a role's access control groups: given, moved, restored after drift, taken back (ucflow's only).
import { expect } from "chai";
import { LAB_CUPI_SERVER } from "../../../../lab/cisco/cupi";
import { removeDeviceProfile, updateLine } from "../../../../provider/backends/axl/devices";
import { updateUser } from "../../../../provider/backends/axl/users";
import { updateUser as updateMailbox } from "../../../../provider/backends/cupi/users";
import { cucmSubscriberNames } from "../../../../provider/plan";
import { failure } from "../../../unit/resources/tenant-kinds/fixture";
import { axlObject, axlObjects, CLUSTER, countWrites, CUSTOMER, deviceEvents, mailboxes, nameOf, objectDifferences, SITE, withCiscoLab } from "./cucm-support";

const DN_PT = `${CUSTOMER}-DN-PT`;
const NATIONAL_CSS = `${SITE}-National-CSS`;
const INTERNATIONAL_CSS = `${SITE}-International-CSS`;
const VM_PROFILE = "Cu1-VM-Profile";

const ids = { ava: "00000000-0000-4000-8000-00000000a001", ben: "00000000-0000-4000-8000-00000000b002", lchen: "00000000-0000-4000-8000-00000000c003" };

const base = { site: SITE, profile: "Standard", criteria: "everyone", classOfService: "National" };
const noServices = { jabber: false, voicemail: false, extensionMobility: false, singleNumberReach: false, imAndPresence: false, conferencing: false };

/** A desk phone, voicemail and extension mobility; a DID. */
const ava = {
  ...base,
  userid: "adavis",
  firstName: "Ava",
  lastName: "Davis",
  displayName: "Ava Davis",
  mail: "adavis@fabrikam.com",
  department: "Sales",
  extension: "2001",
  did: "+12145550101",
  services: { ...noServices, voicemail: true, extensionMobility: true, phone: { product: "Cisco 8845", protocol: "SIP", buttonTemplate: "Standard 8845 SIP" } },
};
/** Jabber, single number reach, IM and Presence with a service profile, Conference Now, a credential policy. */
const ben = {
  ...base,
  userid: "bokafor",
  firstName: "Ben",
  lastName: "Okafor",
  mail: "bokafor@fabrikam.com",
  extension: "2002",
  mobile: "+12145550199",
  classOfService: "International",
  services: { ...noServices, jabber: true, singleNumberReach: true, imAndPresence: true, conferencing: true, serviceProfile: "Cu1-ServiceProfile", credentialPolicy: "Default Credential Policy" },
};
/** The seeded lchen (Li Chen, Finance), made LDAP-synced: the directory's identity is not pushed, and the user stays. */
const lchen = {
  ...base,
  userid: "lchen",
  firstName: "Lee",
  lastName: "Chen-Directory",
  mail: "lee.chen@fabrikam.com",
  department: "Treasury",
  extension: "2003",
  services: { ...noServices, voicemail: true, imAndPresence: true, conferencing: true, serviceProfile: "Cu1-ServiceProfile", phone: { product: "Cisco 8841", protocol: "SIP", buttonTemplate: "Standard 8841 SIP" } },
};

const set = (subscribers: Record<string, unknown>) => ({
  customer: CUSTOMER,
  platform: "cucm",
  set: 0,
  sets: 1,
  cluster: CLUSTER,
  voicemail: { profile: VM_PROFILE, unityConnection: LAB_CUPI_SERVER },
  subscribers,
});
const all = () => set({ [ids.ava]: ava, [ids.ben]: ben, [ids.lchen]: lchen });
const names = (id: string, userid: string) => cucmSubscriberNames(CUSTOMER, userid, id);

describe("SubscriberSet on Unified CM (the lab's Cluster1 and Unity Connection)", function () {
  this.timeout(120_000);
  const lab = withCiscoLab();

  /** lchen as an LDAP sync brings users in. */
  async function ldapSynced(): Promise<Record<string, any>> {
    const { control } = lab();
    await control.seed("axl", { objects: [{ kind: "ldapDirectory", name: "Fabrikam-AD" }], updates: [{ kind: "user", userid: "lchen", ldapDirectoryName: "Fabrikam-AD" }] });
    return (await axlObject(control, "user", "userid", "lchen"))!;
  }

  it("checks entries: the shape, userids, extensions, voicemail without a cluster voicemail, extension mobility without a desk phone", async () => {
    const p = lab().subscriberSets();
    const { voicemail: _vm, ...noVoicemail } = set({ [ids.ava]: { ...ava, userid: "a davis", extension: "20x1" }, [ids.ben]: { ...ben, services: { ...ben.services, extensionMobility: true } } });
    const result = await p.check!({}, noVoicemail);
    expect(result.failures).to.deep.equal([
      { property: `subscribers.${ids.ava}.userid`, reason: 'a davis: "a davis" is not a Unified CM userid (letters, digits and . _ - @, at most 128)' },
      { property: `subscribers.${ids.ava}.extension`, reason: 'a davis: "20x1" is not an extension: 1 to 24 digits' },
      { property: `subscribers.${ids.ava}.services.voicemail`, reason: `a davis: the profile gives voicemail, but cluster ${CLUSTER} has none: give the cluster a voicemail (profile and Unity Connection), or the profile no voicemail` },
      { property: `subscribers.${ids.ben}.services.extensionMobility`, reason: "bokafor: extension mobility needs a desk phone in the profile: the device profile takes its model and button template" },
    ]);
    expect((await p.check!({}, all())).failures).to.deep.equal([]);
  });

  it("creates each subscriber's objects, as the lab's state shows them", async () => {
    const { control } = lab();
    const before = await ldapSynced();
    const p = lab().subscriberSets();
    const { id, outs } = await p.create!(all());
    expect(id).to.equal(`${CUSTOMER}/${CLUSTER}/subscribers/0`);
    expect(Object.keys(outs.subscribers).sort()).to.deep.equal(Object.values(ids).sort());

    // Ava: a user ucflow added, with a line, a desk phone, an extension mobility profile and a mailbox.
    const avaNames = names(ids.ava, "adavis");
    const avaUser = (await axlObject(control, "user", "userid", "adavis"))!;
    expect(avaUser).to.deep.include({ firstName: "Ava", lastName: "Davis", displayName: "Ava Davis", mailid: "adavis@fabrikam.com", department: "Sales", telephoneNumber: "2001" });
    expect(avaUser.associatedDevices.map(nameOf)).to.deep.equal([avaNames.deskPhone]);
    expect(avaUser.phoneProfiles.map((p: any) => nameOf(p.profileName ?? p))).to.deep.equal(["adavis-EMP"]);
    expect(nameOf(avaUser.defaultProfile)).to.equal("adavis-EMP");
    expect(avaUser.primaryExtension).to.deep.equal({ pattern: "2001", routePartitionName: DN_PT });
    expect(avaUser.associatedGroups.map((g: any) => nameOf(g.name))).to.deep.equal(["Standard CCM End Users"]);
    expect(nameOf(avaUser.presenceGroupName)).to.equal("Standard Presence group");
    expect(avaUser).to.deep.include({ enableMobility: false, imAndPresenceEnable: false, enableUserToHostConferenceNow: false });

    const avaLine = (await axlObject(control, "line", "pattern", "2001", DN_PT))!;
    expect(nameOf(avaLine.shareLineAppearanceCssName)).to.equal(NATIONAL_CSS);
    expect(nameOf(avaLine.voiceMailProfileName)).to.equal(VM_PROFILE);
    // The line also records what ucflow added that has no mark of its own: a killed run's user and mailbox are taken back.
    expect(avaLine).to.deep.include({ alertingName: "Ava Davis", asciiAlertingName: "Ava Davis", description: `Ava Davis (ucflow added user, mailbox) [ucflow:${CUSTOMER}:adavis]` });
    for (const forward of ["callForwardBusy", "callForwardBusyInt", "callForwardNoAnswer", "callForwardNoAnswerInt"]) expect(avaLine[forward].forwardToVoiceMail, forward).to.equal(true);
    // The DID as the line's +E.164 alternate number, dialable in the line partition (calls in reach it through the inbound CSS).
    expect(avaLine.e164AltNum).to.deep.include({ numMask: "+12145550101", addLocalRoutePartition: true });
    expect(nameOf(avaLine.e164AltNum.routePartition)).to.equal(DN_PT);

    const desk = (await axlObject(control, "phone", "name", avaNames.deskPhone))!;
    expect(avaNames.deskPhone).to.match(/^BAT[0-9A-F]{12}$/);
    expect(desk).to.deep.include({ product: "Cisco 8845", protocol: "SIP", enableExtensionMobility: true, description: `Ava Davis - desk phone [ucflow:${CUSTOMER}:adavis]` });
    expect(["devicePoolName", "locationName", "callingSearchSpaceName", "ownerUserName", "phoneTemplateName", "securityProfileName", "sipProfileName"].map((f) => nameOf(desk[f]))).to.deep.equal([
      `${SITE}-DP`,
      `${SITE}-Loc`,
      `${SITE}-Device-CSS`,
      "adavis",
      "Standard 8845 SIP",
      "Cisco 8845 - Standard SIP Non-Secure Profile",
      "Standard SIP Profile",
    ]);
    expect(desk.lines).to.have.length(1);
    expect(desk.lines[0]).to.deep.include({ label: "Ava Davis - 2001", display: "Ava Davis", e164Mask: "+12145550101" });
    expect(desk.lines[0].dirn.pattern).to.equal("2001");
    expect(desk.lines[0].associatedEndusers.map((u: any) => u.userId)).to.deep.equal(["adavis"]);
    expect(desk.services.map((s: any) => nameOf(s.telecasterServiceName))).to.deep.equal(["Extension Mobility"]);

    const emp = (await axlObject(control, "deviceProfile", "name", "adavis-EMP"))!;
    expect(emp).to.deep.include({ product: "Cisco 8845", protocol: "SIP" });
    expect(nameOf(emp.phoneTemplateName)).to.equal("Standard 8845 SIP");
    expect(emp.lines.map((l: any) => l.dirn.pattern)).to.deep.equal(["2001"]);
    expect(emp.services.map((s: any) => nameOf(s.telecasterServiceName))).to.deep.equal(["Extension Mobility"]);
    expect(await axlObject(control, "phone", "name", avaNames.jabber)).to.equal(undefined);

    const boxes = await mailboxes(control);
    const avaBox = boxes.find((m) => m.Alias === "adavis")!;
    expect(avaBox).to.deep.include({ DtmfAccessId: "2001", FirstName: "Ava", LastName: "Davis", DisplayName: "Ava Davis", EmailAddress: "adavis@fabrikam.com" });

    // Ben: Jabber, single number reach, IM and Presence, Conference Now, a credential policy; no mailbox.
    const benNames = names(ids.ben, "bokafor");
    const benUser = (await axlObject(control, "user", "userid", "bokafor"))!;
    expect(benUser).to.deep.include({ enableMobility: true, imAndPresenceEnable: true, homeCluster: true, enableUserToHostConferenceNow: true });
    expect(nameOf(benUser.serviceProfile)).to.equal("Cu1-ServiceProfile");
    expect(nameOf(benUser.passwordCredentials.pwdCredPolicyName)).to.equal("Default Credential Policy");
    expect(nameOf(benUser.pinCredentials.pinCredPolicyName)).to.equal("Default Credential Policy");
    expect(benUser.associatedDevices.map(nameOf).sort()).to.deep.equal([benNames.jabber, "bokafor-RDP"].sort());
    const jabber = (await axlObject(control, "phone", "name", benNames.jabber))!;
    expect(benNames.jabber).to.equal("CSFBOKAFOR");
    expect(jabber.product).to.equal("Cisco Unified Client Services Framework");
    expect(nameOf(jabber.ownerUserName)).to.equal("bokafor");
    expect(jabber.lines.map((l: any) => l.dirn.pattern)).to.deep.equal(["2002"]);
    const benLine = (await axlObject(control, "line", "pattern", "2002", DN_PT))!;
    expect(nameOf(benLine.shareLineAppearanceCssName)).to.equal(INTERNATIONAL_CSS);
    expect(nameOf(benLine.voiceMailProfileName) || "").to.equal("");
    expect(benLine.callForwardBusy.forwardToVoiceMail).to.equal(false);
    const rdp = (await axlObject(control, "remoteDestinationProfile", "name", "bokafor-RDP"))!;
    expect(nameOf(rdp.userId)).to.equal("bokafor");
    expect(nameOf(rdp.rerouteCallingSearchSpaceName)).to.equal(INTERNATIONAL_CSS);
    expect(rdp.lines.map((l: any) => l.dirn.pattern)).to.deep.equal(["2002"]);
    const destination = (await axlObject(control, "remoteDestination", "destination", "+12145550199"))!;
    expect(nameOf(destination.remoteDestinationProfileName)).to.equal("bokafor-RDP");
    expect(nameOf(destination.ownerUserId)).to.equal("bokafor");
    expect(destination).to.deep.include({ isMobilePhone: true, enableMobileConnect: true });
    expect(boxes.find((m) => m.Alias === "bokafor")).to.equal(undefined);
    expect(await axlObject(control, "deviceProfile", "name", "bokafor-EMP")).to.equal(undefined);

    // lchen: LDAP-synced; the directory's name, mail and department are not pushed; the user keeps its uuid.
    const lchenUser = (await axlObject(control, "user", "userid", "lchen"))!;
    expect(lchenUser.uuid).to.equal(before.uuid);
    for (const field of ["firstName", "lastName", "mailid", "department", "telephoneNumber", "displayName"]) expect(lchenUser[field], field).to.deep.equal(before[field]);
    expect(lchenUser.associatedDevices.map(nameOf)).to.deep.equal([names(ids.lchen, "lchen").deskPhone]);
    expect(lchenUser.primaryExtension.pattern).to.equal("2003");
    expect(lchenUser).to.deep.include({ imAndPresenceEnable: true, enableUserToHostConferenceNow: true, serviceProfile: "Cu1-ServiceProfile" });
    const lchenBox = (await mailboxes(control)).find((m) => m.Alias === "lchen")!;
    expect(lchenBox.DtmfAccessId).to.equal("2003");

    // What ucflow gave, recorded.
    const given = outs.given as Record<string, any>;
    expect(given[ids.ava].user.added).to.equal(true);
    expect(given[ids.lchen].user.added).to.equal(false);
    expect(given[ids.lchen].line.added).to.equal(true);
    expect(given[ids.lchen].userBefore).to.deep.equal({ imAndPresenceEnable: false, serviceProfile: null, enableUserToHostConferenceNow: false });
    expect(given[ids.ava].mailbox.added).to.equal(true);
    expect(JSON.stringify(outs).length / 3, "bytes of state per subscriber").to.be.below(2048);
  });

  it("a second converge and a refresh write nothing and find no drift", async () => {
    const { control } = lab();
    await ldapSynced();
    const p = lab().subscriberSets();
    const { id, outs } = await p.create!(all());
    const writes = await countWrites(control);
    const read = await p.read!(id, outs);
    expect(read.props!.drift).to.equal(undefined);
    expect((await p.diff!(id, read.props!, all())).changes).to.equal(false);
    // The engine's update with the same entries: nothing to do.
    const again = (await p.update!(id, read.props!, all())).outs;
    // A converge of every subscriber from scratch (state lost): each is observed, nothing written.
    const fresh = await p.create!(all());
    expect(await writes()).to.deep.equal({ axl: 0, cupi: 0 });
    expect(fresh.outs.subscribers).to.deep.equal(again.subscribers);
  });

  it("a line described before ucflow recorded on it what it added is not drift", async () => {
    const p = lab().subscriberSets();
    const { id, outs } = await p.create!(set({ [ids.ava]: ava }));
    // As an earlier ucflow wrote it: the name and the mark only.
    await updateLine(lab().axl(), { pattern: "2001", routePartitionName: DN_PT }, { description: `Ava Davis [ucflow:${CUSTOMER}:adavis]` });
    expect((await p.read!(id, outs)).props!.drift).to.equal(undefined);
    await updateLine(lab().axl(), { pattern: "2001", routePartitionName: DN_PT }, { description: `Ava Davis by hand [ucflow:${CUSTOMER}:adavis]` });
    expect((await p.read!(id, outs)).props!.drift.join("\n")).to.include("line 2001");
  });

  it("an extension change moves the line; the old line goes", async () => {
    const { control } = lab();
    const p = lab().subscriberSets();
    const { id, outs } = await p.create!(set({ [ids.ava]: ava }));
    const moved = set({ [ids.ava]: { ...ava, extension: "2011" } });
    expect((await p.diff!(id, outs, moved)).changes).to.equal(true);
    const updated = (await p.update!(id, outs, moved)).outs;
    expect(await axlObject(control, "line", "pattern", "2001", DN_PT)).to.equal(undefined);
    const line = (await axlObject(control, "line", "pattern", "2011", DN_PT))!;
    expect(line.description).to.equal(`Ava Davis (ucflow added user, mailbox) [ucflow:${CUSTOMER}:adavis]`);
    const desk = (await axlObject(control, "phone", "name", names(ids.ava, "adavis").deskPhone))!;
    expect(desk.lines.map((l: any) => l.dirn.pattern)).to.deep.equal(["2011"]);
    const emp = (await axlObject(control, "deviceProfile", "name", "adavis-EMP"))!;
    expect(emp.lines.map((l: any) => l.dirn.pattern)).to.deep.equal(["2011"]);
    const user = (await axlObject(control, "user", "userid", "adavis"))!;
    expect(user.primaryExtension.pattern).to.equal("2011");
    expect(user.telephoneNumber).to.equal("2011");
    expect((await mailboxes(control)).find((m) => m.Alias === "adavis")!.DtmfAccessId).to.equal("2011");
    expect((updated.given as any)[ids.ava].line.pattern).to.equal("2011");
    expect((await p.read!(id, updated)).props!.drift).to.equal(undefined);
  });

  it("a service taken away takes its objects away; a subscriber taken out of the set is deprovisioned", async () => {
    const { control } = lab();
    const p = lab().subscriberSets();
    const { id, outs } = await p.create!(set({ [ids.ava]: ava, [ids.ben]: ben }));
    const fewer = set({ [ids.ava]: { ...ava, services: { ...ava.services, voicemail: false, extensionMobility: false } } });
    const updated = (await p.update!(id, outs, fewer)).outs;
    expect(await axlObject(control, "deviceProfile", "name", "adavis-EMP")).to.equal(undefined);
    expect((await mailboxes(control)).find((m) => m.Alias === "adavis")).to.equal(undefined);
    const line = (await axlObject(control, "line", "pattern", "2001", DN_PT))!;
    expect(line.voiceMailProfileName ?? null).to.equal(null);
    expect(line.callForwardBusy.forwardToVoiceMail).to.equal(false);
    const desk = (await axlObject(control, "phone", "name", names(ids.ava, "adavis").deskPhone))!;
    expect(desk.enableExtensionMobility).to.equal(false);
    expect(desk.services).to.deep.equal([]);
    const user = (await axlObject(control, "user", "userid", "adavis"))!;
    expect(user.defaultProfile ?? null).to.equal(null);
    expect(user.phoneProfiles ?? []).to.deep.equal([]);
    // Ben is gone, his user too (ucflow added it).
    for (const [kind, key, value] of [["user", "userid", "bokafor"], ["phone", "name", "CSFBOKAFOR"], ["remoteDestinationProfile", "name", "bokafor-RDP"], ["remoteDestination", "destination", "+12145550199"], ["line", "pattern", "2002"]]) {
      expect(await axlObject(control, kind, key, value), `${kind} ${value}`).to.equal(undefined);
    }
    expect(Object.keys(updated.subscribers)).to.deep.equal([ids.ava]);
    expect(Object.keys(updated.given)).to.deep.equal([ids.ava]);
    expect((await p.read!(id, updated)).props!.drift).to.equal(undefined);
  });

  it("a class of service change changes the line calling search space and resets the desk phone", async () => {
    const { control } = lab();
    const p = lab().subscriberSets();
    const { id, outs } = await p.create!(set({ [ids.ava]: ava }));
    const desk = names(ids.ava, "adavis").deskPhone;
    const resetsBefore = (await deviceEvents(control)).filter((e) => e.device === desk).length;
    expect(resetsBefore, "a new phone is not reset").to.equal(0);
    const international = set({ [ids.ava]: { ...ava, classOfService: "International" } });
    await p.update!(id, outs, international);
    expect(nameOf((await axlObject(control, "line", "pattern", "2001", DN_PT))!.shareLineAppearanceCssName)).to.equal(INTERNATIONAL_CSS);
    const events = (await deviceEvents(control)).filter((e) => e.device === desk);
    expect(events.map((e) => e.operation)).to.deep.equal(["doDeviceReset"]);
  });

  it("a class of service change of a single number reach subscriber changes the rerouting calling search space", async () => {
    const { control } = lab();
    const p = lab().subscriberSets();
    const { id, outs } = await p.create!(set({ [ids.ben]: ben }));
    await p.update!(id, outs, set({ [ids.ben]: { ...ben, classOfService: "National" } }));
    expect((await axlObject(control, "remoteDestinationProfile", "name", "bokafor-RDP"))!.rerouteCallingSearchSpaceName).to.equal(NATIONAL_CSS);
    expect((await axlObject(control, "line", "pattern", "2002", DN_PT))!.shareLineAppearanceCssName).to.equal(NATIONAL_CSS);
  });

  it("a line's calling search space and a mailbox's extension changed by hand are read as drift, and the update puts them back", async () => {
    const { control } = lab();
    const p = lab().subscriberSets();
    const { id, outs } = await p.create!(set({ [ids.ava]: ava }));
    await updateLine(lab().axl(), { pattern: "2001", routePartitionName: DN_PT }, { shareLineAppearanceCssName: INTERNATIONAL_CSS });
    const box = (await mailboxes(control)).find((m) => m.Alias === "adavis")!;
    await updateMailbox(lab().cupi(), box.ObjectId, { DtmfAccessId: "2999" });
    const read = await p.read!(id, outs);
    expect(read.props!.drift).to.deep.equal([
      `adavis (${ids.ava}): line 2001 in ${DN_PT}: line calling search space is ${INTERNATIONAL_CSS}, ucflow set ${NATIONAL_CSS}`,
      `adavis (${ids.ava}): mailbox adavis: extension is 2999, ucflow set 2001`,
    ]);
    expect((await p.diff!(id, read.props!, set({ [ids.ava]: ava }))).changes).to.equal(true);
    const fixed = (await p.update!(id, read.props!, set({ [ids.ava]: ava }))).outs;
    expect(nameOf((await axlObject(control, "line", "pattern", "2001", DN_PT))!.shareLineAppearanceCssName)).to.equal(NATIONAL_CSS);
    expect((await mailboxes(control)).find((m) => m.Alias === "adavis")!.DtmfAccessId).to.equal("2001");
    expect((await p.read!(id, fixed)).props!.drift).to.equal(undefined);
  });

  it("an extension mobility profile removed by hand is read as gone, and the update makes it again", async () => {
    const { control } = lab();
    const p = lab().subscriberSets();
    const { id, outs } = await p.create!(set({ [ids.ava]: ava }));
    await removeDeviceProfile(lab().axl(), { name: "adavis-EMP" });
    const read = await p.read!(id, outs);
    // The profile's removal took it off the user too.
    expect(read.props!.drift).to.deep.equal([
      `adavis (${ids.ava}): end user adavis: default extension mobility profile is not set, ucflow set adavis-EMP`,
      `adavis (${ids.ava}): end user adavis: extension mobility profile adavis-EMP is not among the user's profiles`,
      `adavis (${ids.ava}): the extension mobility profile is gone`,
    ]);
    const fixed = (await p.update!(id, read.props!, set({ [ids.ava]: ava }))).outs;
    expect(await axlObject(control, "deviceProfile", "name", "adavis-EMP")).to.not.equal(undefined);
    const user = (await axlObject(control, "user", "userid", "adavis"))!;
    expect([user.phoneProfiles, user.defaultProfile]).to.deep.equal([["adavis-EMP"], "adavis-EMP"]);
    expect((await p.read!(id, fixed)).props!.drift).to.equal(undefined);
  });

  it("another phone model replaces the desk phone under the same name; another userid moves everything to the new user", async () => {
    const { control } = lab();
    const p = lab().subscriberSets();
    const { id, outs } = await p.create!(set({ [ids.ava]: ava }));
    const desk = names(ids.ava, "adavis").deskPhone;
    const before = (await axlObject(control, "phone", "name", desk))!;
    const model = set({ [ids.ava]: { ...ava, services: { ...ava.services, phone: { product: "Cisco 8865", protocol: "SIP", buttonTemplate: "Standard 8865 SIP" } } } });
    const replaced = (await p.update!(id, outs, model)).outs;
    const after = (await axlObject(control, "phone", "name", desk))!;
    expect(after.product).to.equal("Cisco 8865");
    expect(after.uuid).to.not.equal(before.uuid);
    expect((await axlObject(control, "deviceProfile", "name", "adavis-EMP"))!.product).to.equal("Cisco 8865");
    expect((await axlObject(control, "user", "userid", "adavis"))!.associatedDevices).to.deep.equal([desk]);
    expect((await deviceEvents(control)).filter((e) => e.device === desk), "a new phone is not reset").to.deep.equal([]);
    expect((await p.read!(id, replaced)).props!.drift).to.equal(undefined);

    const renamed = set({ [ids.ava]: { ...ava, userid: "ava.davis", services: { ...ava.services, phone: { product: "Cisco 8865", protocol: "SIP", buttonTemplate: "Standard 8865 SIP" } } } });
    const moved = (await p.update!(id, replaced, renamed)).outs;
    expect(await axlObject(control, "user", "userid", "adavis")).to.equal(undefined);
    expect(await axlObject(control, "deviceProfile", "name", "adavis-EMP")).to.equal(undefined);
    expect((await mailboxes(control)).map((m) => m.Alias)).to.include("ava.davis").and.not.include("adavis");
    const user = (await axlObject(control, "user", "userid", "ava.davis"))!;
    expect(user.phoneProfiles).to.deep.equal(["ava.davis-EMP"]);
    expect((await axlObject(control, "line", "pattern", "2001", DN_PT))!.description).to.equal(`Ava Davis (ucflow added user, mailbox) [ucflow:${CUSTOMER}:ava.davis]`);
    expect((await p.read!(id, moved)).props!.drift).to.equal(undefined);
  });

  it("refuses, before writing anything for the subscriber, a device with its name that is not ucflow's", async () => {
    const { control } = lab();
    const desk = names(ids.ava, "adavis").deskPhone;
    await control.seed("axl", { objects: [{ kind: "phone", name: desk, product: "Cisco 8845", class: "Phone", protocol: "SIP", devicePoolName: "Cu1Si1-DevicePool", description: "spare phone" }] });
    const before = await axlObjects(control);
    const boxes = await mailboxes(control);
    const error = (await failure(lab().subscriberSets().create!(set({ [ids.ava]: ava })))) as Error & { properties?: any };
    expect(error.message).to.include(
      `adavis (${ids.ava}): desk phone ${desk} is on the cluster and is not ucflow's (its description does not end with [ucflow:${CUSTOMER}:adavis]); ucflow never takes over another's object: ` +
        `remove or rename it, or add [ucflow:${CUSTOMER}:adavis] at the end of its description to let ucflow manage it`,
    );
    expect(objectDifferences(before, await axlObjects(control))).to.deep.equal([]);
    expect(await mailboxes(control)).to.deep.equal(boxes);
    expect(error.properties.subscribers).to.deep.equal({});
  });

  it("a connection lost after an add reached the cluster is followed by a read, not a second add", async () => {
    const { control } = lab();
    const p = lab().subscriberSets();
    // Every kind of add, its connection dropped once after the lab ran it.
    const operations = ["addUser", "addLine", "addPhone", "addDeviceProfile", "addRemoteDestinationProfile", "addRemoteDestination"];
    const rules = await control.addFaults(operations.map((operation) => ({ service: "axl", path: `^/axl/${operation}$`, action: "reset" as const, count: 1 })));
    const subscribers = set({ [ids.ava]: ava, [ids.ben]: ben });
    const { id, outs } = await p.create!(subscribers);
    const fired = new Map((await control.faults()).rules.map((r) => [r.id, r.fired]));
    expect(rules.map((r) => fired.get(r.id))).to.deep.equal(operations.map(() => 1));
    const objects = await axlObjects(control);
    const count = (kind: string, key: string, value: string) => Object.values(objects[kind] ?? {}).filter((o) => nameOf(o.fields[key]) === value).length;
    expect([
      count("user", "userid", "adavis"),
      count("user", "userid", "bokafor"),
      count("phone", "name", names(ids.ava, "adavis").deskPhone),
      count("phone", "name", "CSFBOKAFOR"),
      count("deviceProfile", "name", "adavis-EMP"),
      count("remoteDestinationProfile", "name", "bokafor-RDP"),
      count("remoteDestination", "destination", "+12145550199"),
    ]).to.deep.equal([1, 1, 1, 1, 1, 1, 1]);
    const given = outs.given as Record<string, any>;
    const desk = Object.values(objects.phone).find((o) => o.fields.name === names(ids.ava, "adavis").deskPhone)!;
    expect(given[ids.ava].deskPhone.uuid.replace(/[{}]/g, "").toUpperCase()).to.equal(desk.uuid.replace(/[{}]/g, "").toUpperCase());
    expect(given[ids.ava].user.added, "a user whose add lost its answer is still ucflow's").to.equal(true);
    expect((await p.read!(id, outs)).props!.drift).to.equal(undefined);
    // And they are taken back as ucflow's.
    await p.delete!(id, outs);
    expect(await axlObject(control, "user", "userid", "adavis")).to.equal(undefined);
  });

  it("a mailbox create whose connection was reset before Unity Connection ran it is looked up, then sent once more", async () => {
    const { control } = lab();
    const p = lab().subscriberSets();
    const [rule] = await control.addFaults([{ service: "cupi", method: "POST", path: "/users$", action: "reset", count: 1 }]);
    const { outs } = await p.create!(set({ [ids.ava]: ava }));
    expect((await control.faults()).rules.find((r) => r.id === rule!.id)!.fired).to.equal(1);
    const boxes = (await mailboxes(control)).filter((m) => m.Alias === "adavis");
    expect(boxes.map((m) => m.DtmfAccessId), "one mailbox, on the extension").to.deep.equal(["2001"]);
    const given = outs.given as Record<string, any>;
    expect(given[ids.ava].mailbox).to.deep.include({ objectId: boxes[0]!.ObjectId, added: true });
  });

  it("one subscriber's failure records the others; the next update does only the failed one", async () => {
    const { control } = lab();
    await ldapSynced();
    const p = lab().subscriberSets();
    // Ben's remote destination profile cannot be added, once: a SOAP fault.
    const [rule] = await control.addFaults([{ service: "axl", path: "^/axl/addRemoteDestinationProfile$", action: "status", status: 500, count: 1 }]);
    const error = (await failure(p.create!(all()))) as Error & { id?: string; properties?: any; reasons?: string[] };
    expect(error.message).to.equal(
      `subscriber set 0 of 1 of customer ${CUSTOMER} on cluster ${CLUSTER}: 1 of 3 subscribers to change failed and 2 were applied and recorded; the next \`pulumi up\` retries only the failed ones:\n` +
        `  - bokafor (${ids.ben}): axl: adding remote destination profile bokafor-RDP: soapenv:Server: lab fault rule ${rule.id} answered 500 for addRemoteDestinationProfile`,
    );
    expect(error.id).to.equal(`${CUSTOMER}/${CLUSTER}/subscribers/0`);
    const partial = error.properties;
    expect(Object.keys(partial.subscribers).sort()).to.deep.equal([ids.ava, ids.lchen].sort());
    // What was made for Ben before the failure is recorded, so it is taken up (or taken back) next time.
    expect(partial.given[ids.ben]).to.deep.include({ userid: "bokafor" });
    expect(partial.given[ids.ben].user.added).to.equal(true);
    expect(partial.given[ids.ben].jabber.name).to.equal("CSFBOKAFOR");
    expect(await axlObject(control, "remoteDestinationProfile", "name", "bokafor-RDP")).to.equal(undefined);

    // A refresh in between keeps the record of what Ben was given.
    const refreshed = (await p.read!(error.id!, partial)).props!;
    expect(refreshed.given[ids.ben]).to.deep.equal(partial.given[ids.ben]);
    expect((await p.diff!(error.id!, refreshed, all())).changes).to.equal(true);
    const writes = await countWrites(control);
    const done = (await p.update!(error.id!, refreshed, all())).outs;
    expect((done.given as any)[ids.ben].user.added, "the user ucflow added is still ucflow's").to.equal(true);
    // Ben's RDP, his remote destination, and his user's devices and mobility: nothing of the others.
    expect(await writes()).to.deep.equal({ axl: 3, cupi: 0 });
    expect(Object.keys(done.subscribers).sort()).to.deep.equal(Object.values(ids).sort());
    expect(Object.values((await axlObjects(control)).phone).filter((o) => o.fields.name === "CSFBOKAFOR")).to.have.length(1);
    expect(await axlObject(control, "remoteDestination", "destination", "+12145550199")).to.not.equal(undefined);
    expect((await p.read!(error.id!, done)).props!.drift).to.equal(undefined);
  });

  it("a subscriber whose first run failed part way, then left the set, is taken back; so is one still failed when the set is destroyed", async () => {
    const { control } = lab();
    const seed = await axlObjects(control);
    const p = lab().subscriberSets();
    await control.addFaults([{ service: "axl", path: "^/axl/addRemoteDestinationProfile$", action: "status", status: 500, count: 2 }]);
    const first = (await failure(p.create!(set({ [ids.ava]: ava, [ids.ben]: ben })))) as Error & { id?: string; properties?: any };
    expect(Object.keys(first.properties.subscribers)).to.deep.equal([ids.ava]);
    expect(await axlObject(control, "user", "userid", "bokafor")).to.not.equal(undefined);
    // Ben leaves the set before he was ever applied.
    const without = (await p.update!(first.id!, first.properties, set({ [ids.ava]: ava }))).outs;
    expect(Object.keys(without.given)).to.deep.equal([ids.ava]);
    for (const [kind, key, value] of [["user", "userid", "bokafor"], ["phone", "name", "CSFBOKAFOR"], ["line", "pattern", "2002"]]) {
      expect(await axlObject(control, kind, key, value), `${kind} ${value}`).to.equal(undefined);
    }
    // Ben again, failing again; then the whole set is destroyed.
    const again = (await failure(p.update!(first.id!, without, set({ [ids.ava]: ava, [ids.ben]: ben })))) as Error & { properties?: any };
    expect(Object.keys(again.properties.subscribers)).to.deep.equal([ids.ava]);
    await p.delete!(first.id!, again.properties);
    expect(objectDifferences(seed, await axlObjects(control))).to.deep.equal([]);
  });

  it("removal returns the cluster and Unity Connection to the seed, the existing user restored", async () => {
    const { control } = lab();
    await ldapSynced();
    const seed = await axlObjects(control);
    const seedBoxes = await mailboxes(control);
    const p = lab().subscriberSets();
    const { id, outs } = await p.create!(all());
    await p.delete!(id, outs);
    expect(objectDifferences(seed, await axlObjects(control))).to.deep.equal([]);
    expect(await mailboxes(control)).to.deep.equal(seedBoxes);
  });

  it("after a run killed before its state was saved, the next create takes up the users and mailboxes it added, and removal takes them back", async () => {
    const { control } = lab();
    const seed = await axlObjects(control);
    const seedBoxes = await mailboxes(control);
    const p = lab().subscriberSets();
    // One run makes Ava whole and Ben half (his user and line, not his Jabber); the engine never saves what it returned.
    await control.addFaults([{ service: "axl", path: "^/axl/addPhone$", action: "status", status: 500, count: 2 }]);
    await failure(p.create!(set({ [ids.ben]: ben })));
    await control.clearFaults();
    expect(await axlObject(control, "user", "userid", "bokafor"), "the first run added Ben").to.not.equal(undefined);
    await p.create!(set({ [ids.ava]: ava }));
    // The next create knows nothing of either run.
    const { id, outs } = await lab().subscriberSets().create!(set({ [ids.ava]: ava, [ids.ben]: ben }));
    expect(outs.given[ids.ava].user.added, "Ava's user, added by the lost run").to.equal(true);
    expect(outs.given[ids.ava].mailbox.added, "Ava's mailbox, created by the lost run").to.equal(true);
    expect(outs.given[ids.ben].user.added, "Ben's user, added by the lost run").to.equal(true);
    await lab().subscriberSets().delete!(id, outs);
    expect(objectDifferences(seed, await axlObjects(control))).to.deep.equal([]);
    expect(await mailboxes(control)).to.deep.equal(seedBoxes);
  });

  describe("access control groups of a role", () => {
    const END_USERS = "Standard CCM End Users";
    const CTI = "Standard CTI Enabled";
    const ALL_DEVICES = "Standard CTI Allow Control of All Devices";
    const MONITORING = "Standard CTI Allow Call Monitoring";
    const inRole = (entry: object, role: string, accessControlGroups: string[]) => ({ ...entry, role, accessControlGroups });
    const sales = () => set({ [ids.ava]: inRole(ava, "Sales", [END_USERS, CTI]), [ids.lchen]: inRole(lchen, "Sales", [END_USERS, CTI]) });
    const support = () => set({ [ids.ava]: inRole(ava, "Support", [ALL_DEVICES]), [ids.lchen]: inRole(lchen, "Support", [ALL_DEVICES]) });
    const groupsOf = async (userid: string): Promise<string[]> => ((await axlObject(lab().control, "user", "userid", userid))!.associatedGroups ?? []).map((g: any) => nameOf(g.name)).sort();

    it("checks the groups of an entry: named twice, or longer than Cisco's 100 characters", async () => {
      const long = "G".repeat(101);
      const result = await lab().subscriberSets().check!({}, set({ [ids.ava]: inRole(ava, "Sales", [END_USERS, "standard ccm end users", long]) }));
      expect(result.failures).to.deep.equal([
        { property: `subscribers.${ids.ava}.accessControlGroups.1`, reason: 'adavis: access control group "standard ccm end users" is named twice (Unified CM compares names without case): name it once' },
        { property: `subscribers.${ids.ava}.accessControlGroups.2`, reason: `adavis: ${JSON.stringify(long)} is longer than the 100 characters of a Unified CM access control group name` },
      ]);
    });

    it("users are put in their role's groups; a role change moves them; removal takes away only what ucflow added", async () => {
      const { control } = lab();
      await ldapSynced();
      const p = lab().subscriberSets();
      const { id, outs } = await p.create!(sales());
      // Ava, added by ucflow: made in the role's groups, all of them ucflow's.
      expect(await groupsOf("adavis")).to.deep.equal([END_USERS, CTI]);
      // lchen had the end users' group: CTI Enabled is added, and only it is recorded as ucflow's.
      expect(await groupsOf("lchen")).to.deep.equal([END_USERS, CTI]);
      const given = outs.given as Record<string, any>;
      expect(given[ids.ava].groupsAdded).to.deep.equal([END_USERS, CTI]);
      expect(given[ids.lchen].groupsAdded).to.deep.equal([CTI]);
      expect((await p.read!(id, outs)).props!.drift).to.equal(undefined);

      // A group added by hand is the user's: not drift, and kept through all that follows.
      await updateUser(lab().axl(), { userid: "lchen" }, { associatedGroups: [END_USERS, CTI, MONITORING].map((name) => ({ name })) });
      const read = (await p.read!(id, outs)).props!;
      expect(read.drift).to.equal(undefined);

      expect((await p.diff!(id, read, support())).changes).to.equal(true);
      const moved = (await p.update!(id, read, support())).outs;
      // Ava: ucflow's end users' group and CTI Enabled go, the new group comes.
      expect(await groupsOf("adavis")).to.deep.equal([ALL_DEVICES]);
      // lchen: ucflow's CTI Enabled goes; its own end users' group and the one added by hand stay.
      expect(await groupsOf("lchen")).to.deep.equal([END_USERS, MONITORING, ALL_DEVICES].sort());
      expect((moved.given as any)[ids.ava].groupsAdded).to.deep.equal([ALL_DEVICES]);
      expect((moved.given as any)[ids.lchen].groupsAdded).to.deep.equal([ALL_DEVICES]);
      expect((await p.read!(id, moved)).props!.drift).to.equal(undefined);

      await p.delete!(id, moved);
      expect(await axlObject(control, "user", "userid", "adavis")).to.equal(undefined);
      expect(await groupsOf("lchen")).to.deep.equal([END_USERS, MONITORING]);
    });

    it("removal of a user that was there takes away exactly the groups ucflow added", async () => {
      const { control } = lab();
      await ldapSynced();
      const seed = await axlObjects(control);
      const p = lab().subscriberSets();
      const { id, outs } = await p.create!(set({ [ids.lchen]: inRole(lchen, "Sales", [END_USERS, CTI, ALL_DEVICES]) }));
      expect(await groupsOf("lchen")).to.deep.equal([END_USERS, ALL_DEVICES, CTI].sort());
      expect((outs.given as any)[ids.lchen].groupsAdded).to.deep.equal([CTI, ALL_DEVICES]);
      await p.delete!(id, outs);
      expect(await groupsOf("lchen")).to.deep.equal([END_USERS]);
      expect(objectDifferences(seed, await axlObjects(control))).to.deep.equal([]);
    });

    it("a membership removed by hand is read as drift, and the update puts it back", async () => {
      const p = lab().subscriberSets();
      const { id, outs } = await p.create!(set({ [ids.ava]: inRole(ava, "Sales", [END_USERS, CTI]) }));
      await updateUser(lab().axl(), { userid: "adavis" }, { associatedGroups: [{ name: END_USERS }] });
      const read = (await p.read!(id, outs)).props!;
      expect(read.drift).to.deep.equal([`adavis (${ids.ava}): end user adavis: not in access control group ${CTI} of role Sales`]);
      const wanted = set({ [ids.ava]: inRole(ava, "Sales", [END_USERS, CTI]) });
      expect((await p.diff!(id, read, wanted)).changes).to.equal(true);
      const fixed = (await p.update!(id, read, wanted)).outs;
      expect(await groupsOf("adavis")).to.deep.equal([END_USERS, CTI]);
      expect((await p.read!(id, fixed)).props!.drift).to.equal(undefined);
    });

    it("an access control group the cluster does not have fails naming it; a user ucflow would add is not added", async () => {
      const { control } = lab();
      await ldapSynced();
      const before = await axlObjects(control);
      const p = lab().subscriberSets();
      const typo = "Standard CTI Enabeld";
      const error = (await failure(p.create!(set({ [ids.ava]: inRole(ava, "Sales", [END_USERS, typo]), [ids.lchen]: inRole(lchen, "Sales", [END_USERS, typo]) })))) as Error & { properties?: any };
      const fix = "add it on the cluster (User Management > User Settings > Access Control Group), or correct the role's cucm.accessControlGroups";
      expect(error.message).to.include(`adavis (${ids.ava}): end user adavis: access control group "${typo}" of role Sales is not on cluster ${CLUSTER}: ${fix}`);
      expect(error.message).to.include(`lchen (${ids.lchen}): end user lchen: access control group "${typo}" of role Sales is not on cluster ${CLUSTER}: ${fix}`);
      // Nothing of Ava's was made: the user is added first, in its groups.
      expect(await axlObject(control, "user", "userid", "adavis")).to.equal(undefined);
      expect(await axlObject(control, "line", "pattern", "2001", DN_PT)).to.equal(undefined);
      // lchen is not put in any group, and no group is recorded as ucflow's.
      expect(await groupsOf("lchen")).to.deep.equal([END_USERS]);
      expect(error.properties.given[ids.lchen]?.groupsAdded).to.equal(undefined);
      expect(objectDifferences(before, await axlObjects(control)).filter((line) => line.startsWith("user "))).to.deep.equal([]);
      expect(error.properties.subscribers).to.deep.equal({});
    });
  });
});
