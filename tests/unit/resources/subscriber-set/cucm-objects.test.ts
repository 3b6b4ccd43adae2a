import { expect } from "chai";
import type { UserRecord } from "../../../../provider/backends/axl/users";
import {
  accessControlGroupDrift,
  asciiText,
  changedFields,
  cucmSetContext,
  describeCucmDrift,
  deskPhoneConfiguration,
  desiredCucmSubscriber,
  fieldDifferences,
  hasMark,
  markedDescription,
  needsReplacing,
  newUser,
  recordedAccessControlGroups,
  setFieldsFingerprint,
  ucflowAccessControlGroups,
  unknownAccessControlGroupsMessage,
  unmarkedAddedOf,
  userUpdate,
} from "../../../../provider/resources/subscriber-set/cucm-objects";
import type { CucmSubscriberEntry, SubscriberSetInputs } from "../../../../provider/resources/subscriber-set/types";

const set = {
  customer: "Cu2",
  platform: "cucm",
  set: 0,
  sets: 1,
  cluster: "Cluster1",
  voicemail: { profile: "Cu2-VM", unityConnection: "cuc1" },
  subscribers: {},
} as SubscriberSetInputs;
const context = cucmSetContext(set);
const noServices = { jabber: false, voicemail: false, extensionMobility: false, singleNumberReach: false, imAndPresence: false, conferencing: false };
const phone = { product: "Cisco 8845", protocol: "SIP" as const, buttonTemplate: "Standard 8845 SIP" };
const ava = {
  userid: "adavis",
  firstName: "Ava",
  lastName: "Davis",
  mail: "adavis@fabrikam.com",
  department: "Sales",
  site: "Cu2Si1",
  profile: "Standard",
  criteria: "everyone",
  extension: "2001",
  classOfService: "National",
  did: "+12145550101",
  mobile: "+12145550199",
  services: { ...noServices, voicemail: true, extensionMobility: true, phone },
} as unknown as CucmSubscriberEntry;
const MARK = "[ucflow:Cu2:adavis]";
const DESK = "BAT6D3618700980";

const appearance = {
  index: 1,
  dirn: { pattern: "2001", routePartitionName: "Cu2-DN-PT" },
  label: "Ava Davis - 2001",
  display: "Ava Davis",
  displayAscii: "Ava Davis",
  associatedEndusers: [{ userId: "adavis" }],
  e164Mask: "+12145550101",
};

describe("Unified CM subscriber objects", () => {
  describe("desiredCucmSubscriber", () => {
    it("leaves internal calls off voicemail when the cluster's voicemail says so, external calls still on it", () => {
      const external = cucmSetContext({ ...set, voicemail: { ...set.voicemail!, forwardInternalCalls: false } });
      const line = desiredCucmSubscriber(external, "id-1", ava).line;
      expect([line.callForwardBusy, line.callForwardNoAnswer]).to.deep.equal([{ forwardToVoiceMail: true }, { forwardToVoiceMail: true }]);
      expect([line.callForwardBusyInt, line.callForwardNoAnswerInt]).to.deep.equal([{ forwardToVoiceMail: false }, { forwardToVoiceMail: false }]);
      // Unset, the context is as it was before the option: existing stacks keep their fingerprint.
      expect(cucmSetContext(set).voicemail).to.not.have.property("forwardInternalCalls");
    });

    it("gives a desk phone, voicemail and extension mobility subscriber its line, phone, device profile and mailbox", () => {
      const desired = desiredCucmSubscriber(context, "id-1", ava);
      expect(desired.mark).to.equal(MARK);
      expect(desired.identity).to.deep.equal({ firstName: "Ava", lastName: "Davis", mailid: "adavis@fabrikam.com", department: "Sales", telephoneNumber: "2001" });
      expect(desired.services).to.deep.equal({ enableMobility: false, imAndPresenceEnable: false, enableUserToHostConferenceNow: false, defaultProfile: "adavis-EMP" });
      expect(desired.line).to.deep.equal({
        pattern: "2001",
        routePartitionName: "Cu2-DN-PT",
        description: `Ava Davis ${MARK}`,
        alertingName: "Ava Davis",
        asciiAlertingName: "Ava Davis",
        shareLineAppearanceCssName: "Cu2Si1-National-CSS",
        voiceMailProfileName: "Cu2-VM",
        callForwardBusy: { forwardToVoiceMail: true },
        callForwardBusyInt: { forwardToVoiceMail: true },
        callForwardNoAnswer: { forwardToVoiceMail: true },
        callForwardNoAnswerInt: { forwardToVoiceMail: true },
        // The DID, dialable as +E.164 in the line partition the inbound calling search space lists.
        e164AltNum: { numMask: "+12145550101", addLocalRoutePartition: true, routePartition: "Cu2-DN-PT" },
      });
      expect(desired.deskPhone).to.deep.equal({
        name: DESK,
        product: "Cisco 8845",
        class: "Phone",
        protocol: "SIP",
        description: `Ava Davis - desk phone ${MARK}`,
        devicePoolName: "Cu2Si1-DP",
        locationName: "Cu2Si1-Loc",
        callingSearchSpaceName: "Cu2Si1-Device-CSS",
        phoneTemplateName: "Standard 8845 SIP",
        securityProfileName: "Cisco 8845 - Standard SIP Non-Secure Profile",
        sipProfileName: "Standard SIP Profile",
        lines: [appearance],
        ownerUserName: "adavis",
        enableExtensionMobility: true,
        services: [{ telecasterServiceName: "Extension Mobility", name: "Extension Mobility" }],
      });
      expect(desired.deviceProfile).to.deep.include({ name: "adavis-EMP", product: "Cisco 8845", class: "Device Profile", phoneTemplateName: "Standard 8845 SIP", lines: [appearance] });
      expect(desired.mailbox).to.deep.equal({ server: "cuc1", template: "voicemailusertemplate", alias: "adavis", extension: "2001", firstName: "Ava", lastName: "Davis", mail: "adavis@fabrikam.com" });
      expect(desired.devices).to.deep.equal([DESK]);
      expect(desired.profiles).to.deep.equal(["adavis-EMP"]);
      expect(desired.primaryExtension).to.deep.equal({ pattern: "2001", routePartitionName: "Cu2-DN-PT" });
      expect([desired.jabber, desired.rdp, desired.remoteDestination]).to.deep.equal([undefined, undefined, undefined]);
      expect(desired.singleNumberReachWithoutMobile).to.equal(false);
    });

    it("gives Jabber and single number reach with the line's class of service for rerouting; no voicemail clears the line's", () => {
      const entry = { ...ava, did: undefined, classOfService: "International", services: { ...noServices, jabber: true, singleNumberReach: true, imAndPresence: true, conferencing: true, serviceProfile: "Cu2-Jabber", credentialPolicy: "Strict" } } as unknown as CucmSubscriberEntry;
      const desired = desiredCucmSubscriber(context, "id-1", entry);
      expect(desired.jabber).to.deep.include({ name: "CSFADAVIS", product: "Cisco Unified Client Services Framework", phoneTemplateName: "Standard Client Services Framework", ownerUserName: "adavis" });
      expect(desired.rdp).to.deep.include({ name: "adavis-RDP", userId: "adavis", devicePoolName: "Cu2Si1-DP", callingSearchSpaceName: "Cu2Si1-Device-CSS", rerouteCallingSearchSpaceName: "Cu2Si1-International-CSS" });
      expect(desired.remoteDestination).to.deep.equal({
        destination: "+12145550199",
        name: "Ava Davis mobile",
        ownerUserId: "adavis",
        remoteDestinationProfileName: "adavis-RDP",
        isMobilePhone: true,
        enableMobileConnect: true,
        lineAssociations: [{ pattern: "2001", routePartitionName: "Cu2-DN-PT" }],
      });
      expect(desired.services).to.deep.equal({ enableMobility: true, imAndPresenceEnable: true, homeCluster: true, serviceProfile: "Cu2-Jabber", enableUserToHostConferenceNow: true, credentialPolicy: "Strict" });
      expect(desired.devices).to.deep.equal(["CSFADAVIS", "adavis-RDP"]);
      expect(desired.line).to.deep.include({ voiceMailProfileName: "", callForwardBusy: { forwardToVoiceMail: false }, e164AltNum: { numMask: "" } });
      expect(desired.jabber!.lines![0].e164Mask).to.equal("");
      expect([desired.deskPhone, desired.deviceProfile, desired.mailbox]).to.deep.equal([undefined, undefined, undefined]);
    });

    it("says so when single number reach has no mobile number to reach", () => {
      const { mobile: _m, ...noMobile } = ava;
      const desired = desiredCucmSubscriber(context, "id-1", { ...noMobile, services: { ...noServices, singleNumberReach: true } } as CucmSubscriberEntry);
      expect(desired.singleNumberReachWithoutMobile).to.equal(true);
      expect([desired.rdp, desired.remoteDestination, desired.services.enableMobility]).to.deep.equal([undefined, undefined, false]);
    });

    it("records on the line what ucflow added that has no mark (the end user, the mailbox), and reads it back", () => {
      const entry = ava as CucmSubscriberEntry;
      const line = (added?: { user?: boolean; mailbox?: boolean }) => desiredCucmSubscriber(context, "id-1", entry, {}, added).line.description!;
      expect(line()).to.equal(`Ava Davis ${MARK}`);
      expect(line({ user: true, mailbox: true })).to.equal(`Ava Davis (ucflow added user, mailbox) ${MARK}`);
      expect(line({ mailbox: true })).to.equal(`Ava Davis (ucflow added mailbox) ${MARK}`);
      for (const added of [{}, { user: true }, { mailbox: true }, { user: true, mailbox: true }]) {
        expect(hasMark(line(added), MARK), JSON.stringify(added)).to.equal(true);
        expect(unmarkedAddedOf(line(added), MARK), JSON.stringify(added)).to.deep.equal(added);
      }
      // Only a line with this subscriber's mark says anything; a long name is cut, never the record.
      expect(unmarkedAddedOf(`Ava Davis (ucflow added user) [ucflow:Cu2:adavis2]`, MARK)).to.deep.equal({});
      expect(unmarkedAddedOf("Ava Davis (ucflow added user)", MARK)).to.deep.equal({});
      const long = desiredCucmSubscriber(context, "id-1", { ...entry, displayName: "x".repeat(200) } as CucmSubscriberEntry, {}, { user: true, mailbox: true }).line.description!;
      expect(long).to.have.length(128);
      expect(unmarkedAddedOf(long, MARK)).to.deep.equal({ user: true, mailbox: true });
    });

    it("keeps names within Unified CM's lengths and the ASCII ones in ASCII", () => {
      const long = { ...ava, displayName: "Zoë Ångström-Łukasiewicz de la Tour d'Auvergne-Lauraguais" } as CucmSubscriberEntry;
      const desired = desiredCucmSubscriber(context, "id-1", long);
      expect(desired.line.alertingName).to.have.length(50);
      expect(desired.line.asciiAlertingName).to.equal("Zoe Angstrom-Lukasiewicz de la T");
      expect(desired.line.asciiAlertingName!.length).to.be.at.most(32);
      expect(desired.line.description!.endsWith(MARK)).to.equal(true);
      expect(asciiText("Łódź Café, Straße")).to.equal("Lodz Cafe, Strasse");
      expect(markedDescription("x".repeat(200), MARK)).to.have.length(128);
      expect(hasMark(markedDescription("x".repeat(200), MARK), MARK)).to.equal(true);
      expect(hasMark("Ava Davis [ucflow:Cu2:adavis2]", MARK)).to.equal(false);
    });

    it("fingerprints the set's fields and the desk phone's configuration: a class of service change is another configuration", () => {
      expect(setFieldsFingerprint(context)).to.equal(setFieldsFingerprint(cucmSetContext({ ...set })));
      expect(setFieldsFingerprint(context)).to.not.equal(setFieldsFingerprint(cucmSetContext({ ...set, presenceGroup: "Other" } as SubscriberSetInputs)));
      const before = deskPhoneConfiguration(desiredCucmSubscriber(context, "id-1", ava));
      expect(deskPhoneConfiguration(desiredCucmSubscriber(context, "id-1", { ...ava }))).to.equal(before);
      expect(deskPhoneConfiguration(desiredCucmSubscriber(context, "id-1", { ...ava, classOfService: "International" } as CucmSubscriberEntry))).to.not.equal(before);
      expect(deskPhoneConfiguration(desiredCucmSubscriber(context, "id-1", { ...ava, services: { ...noServices, jabber: true } }))).to.equal(undefined);
    });
  });

  describe("userUpdate", () => {
    const desired = desiredCucmSubscriber(context, "id-1", ava);
    const ucflowDevices = [DESK, "CSFADAVIS", "adavis-RDP"];
    const ucflowProfiles = ["adavis-EMP"];

    it("for a user ucflow just added: devices, profiles, primary extension, the default profile; nothing recorded as before", () => {
      const added: UserRecord = { uuid: "{U}", ...newUser(desired), enableMobility: false, imAndPresenceEnable: false, homeCluster: true, enableUserToHostConferenceNow: false };
      expect(newUser(desired)).to.deep.equal({
        userid: "adavis",
        firstName: "Ava",
        lastName: "Davis",
        mailid: "adavis@fabrikam.com",
        department: "Sales",
        telephoneNumber: "2001",
        presenceGroupName: "Standard Presence group",
        associatedGroups: [{ name: "Standard CCM End Users" }],
      });
      const update = userUpdate(desired, added, { pushIdentity: true, ucflowDevices, ucflowProfiles, ucflowGroups: [], recordBefore: false });
      expect(update).to.deep.equal({
        changes: {
          defaultProfile: "adavis-EMP",
          associatedDevices: [DESK],
          phoneProfiles: ["adavis-EMP"],
          primaryExtension: { pattern: "2001", routePartitionName: "Cu2-DN-PT" },
        },
        before: {},
        groupsAdded: [],
        groupsRemoved: [],
      });
    });

    it("for an LDAP-synced user: no identity pushed, the user's own devices kept, what the service fields were recorded, the end users' group added", () => {
      const ldap: UserRecord = {
        uuid: "{L}",
        userid: "adavis",
        firstName: "Ava-Marie",
        lastName: "Davis-Directory",
        mailid: "ava@corp.example",
        telephoneNumber: "+1 214 555 0101",
        ldapDirectoryName: "Corp-AD",
        associatedDevices: ["SEP00AABB00000A", "adavis-RDP"],
        associatedGroups: [{ name: "Finance Users" }],
        imAndPresenceEnable: true,
        serviceProfile: "Corp-Jabber",
        enableUserToHostConferenceNow: false,
        defaultProfile: "adavis-own-UDP",
      };
      const update = userUpdate(desired, ldap, { pushIdentity: false, ucflowDevices, ucflowProfiles, ucflowGroups: [], recordBefore: true });
      expect(update.changes).to.deep.equal({
        imAndPresenceEnable: false,
        defaultProfile: "adavis-EMP",
        // ucflow's RDP, no longer given, goes; the user's own phone stays.
        associatedDevices: ["SEP00AABB00000A", DESK],
        phoneProfiles: ["adavis-EMP"],
        primaryExtension: { pattern: "2001", routePartitionName: "Cu2-DN-PT" },
        associatedGroups: [{ name: "Finance Users" }, { name: "Standard CCM End Users" }],
      });
      // The service profile the user has is kept (the profile names none).
      expect(update.before).to.deep.equal({ imAndPresenceEnable: true, defaultProfile: "adavis-own-UDP" });
      expect(update.groupsAdded).to.deep.equal(["Standard CCM End Users"]);
    });

    it("pushes the identity where ucflow owns the user, and leaves a default profile that is not ucflow's when none is given", () => {
      const entry = { ...ava, services: { ...noServices, phone } } as unknown as CucmSubscriberEntry;
      const mine = desiredCucmSubscriber(context, "id-1", entry);
      const user: UserRecord = { uuid: "{U}", userid: "adavis", lastName: "Davies", telephoneNumber: "2001", defaultProfile: "shared-UDP", associatedDevices: [DESK], primaryExtension: { pattern: "2001", routePartitionName: "Cu2-DN-PT" }, associatedGroups: [{ name: "Standard CCM End Users" }] };
      expect(userUpdate(mine, user, { pushIdentity: true, ucflowDevices, ucflowProfiles, ucflowGroups: [], recordBefore: false }).changes).to.deep.equal({
        firstName: "Ava",
        lastName: "Davis",
        mailid: "adavis@fabrikam.com",
        department: "Sales",
      });
      // ucflow's own default profile, no longer given, is cleared.
      expect(userUpdate(mine, { ...user, defaultProfile: "adavis-EMP" }, { pushIdentity: true, ucflowDevices, ucflowProfiles, ucflowGroups: [], recordBefore: false }).changes.defaultProfile).to.equal("");
    });

    it("writes nothing for a user that already is what the entry asks", () => {
      const user: UserRecord = {
        uuid: "{U}",
        ...desired.identity,
        userid: "adavis",
        associatedDevices: [DESK.toLowerCase()],
        phoneProfiles: ["adavis-EMP"],
        defaultProfile: "adavis-EMP",
        primaryExtension: { pattern: "2001", routePartitionName: "Cu2-DN-PT" },
        associatedGroups: [{ name: "standard ccm end users" }],
        enableMobility: false,
        imAndPresenceEnable: false,
        enableUserToHostConferenceNow: false,
      };
      expect(userUpdate(desired, user, { pushIdentity: true, ucflowDevices, ucflowProfiles, ucflowGroups: [], recordBefore: true })).to.deep.equal({ changes: {}, before: {}, groupsAdded: [], groupsRemoved: [] });
    });
  });

  describe("access control groups of a role", () => {
    const inRole = (role: string, accessControlGroups: string[]) => ({ ...ava, role, accessControlGroups }) as unknown as CucmSubscriberEntry;
    const sales = inRole("Sales", ["Standard CCM End Users", "Standard CTI Enabled"]);
    const desired = desiredCucmSubscriber(context, "id-1", sales);
    const options = { pushIdentity: false, ucflowDevices: [DESK], ucflowProfiles: ["adavis-EMP"], recordBefore: false };
    const groupsOf = (update: ReturnType<typeof userUpdate>) => update.changes.associatedGroups?.map((g) => g.name);
    const user = (groups: string[]): UserRecord => ({
      uuid: "{U}",
      ...desired.identity,
      userid: "adavis",
      associatedDevices: [DESK],
      phoneProfiles: ["adavis-EMP"],
      defaultProfile: "adavis-EMP",
      primaryExtension: { pattern: "2001", routePartitionName: "Cu2-DN-PT" },
      associatedGroups: groups.map((name) => ({ name })),
      enableMobility: false,
      imAndPresenceEnable: false,
      enableUserToHostConferenceNow: false,
    });

    it("replace the end users' group as what a user ucflow adds is made with; without them, the end users' group", () => {
      expect(desired.accessControlGroups).to.deep.equal(["Standard CCM End Users", "Standard CTI Enabled"]);
      expect(desired.role).to.equal("Sales");
      expect(newUser(desired).associatedGroups).to.deep.equal([{ name: "Standard CCM End Users" }, { name: "Standard CTI Enabled" }]);
      expect(newUser(desiredCucmSubscriber(context, "id-1", inRole("Sales", ["Standard CTI Enabled"]))).associatedGroups).to.deep.equal([{ name: "Standard CTI Enabled" }]);
      const plain = desiredCucmSubscriber(context, "id-1", ava);
      expect([plain.accessControlGroups, plain.role]).to.deep.equal([["Standard CCM End Users"], undefined]);
      expect(newUser(plain).associatedGroups).to.deep.equal([{ name: "Standard CCM End Users" }]);
    });

    it("on a user that was there: the missing ones added, the user's own kept, only the added ones recorded", () => {
      const update = userUpdate(desired, user(["Finance Users", "standard ccm end users"]), { ...options, ucflowGroups: [] });
      expect(groupsOf(update)).to.deep.equal(["Finance Users", "standard ccm end users", "Standard CTI Enabled"]);
      expect([update.groupsAdded, update.groupsRemoved]).to.deep.equal([["Standard CTI Enabled"], []]);
      expect(recordedAccessControlGroups([], update)).to.deep.equal(["Standard CTI Enabled"]);
    });

    it("a role change adds the new groups and takes away ucflow's no longer wanted, never one the user had before", () => {
      const support = desiredCucmSubscriber(context, "id-1", inRole("Support", ["Standard CCM End Users", "Standard CTI Allow Control of All Devices"]));
      // ucflow added CTI Enabled; the user had the end users' group and CTI Enabled's neighbour of its own.
      const update = userUpdate(support, user(["Standard CCM End Users", "Standard CTI Enabled", "Finance Users"]), { ...options, ucflowGroups: ["Standard CTI Enabled"] });
      expect(groupsOf(update)).to.deep.equal(["Standard CCM End Users", "Finance Users", "Standard CTI Allow Control of All Devices"]);
      expect([update.groupsAdded, update.groupsRemoved]).to.deep.equal([["Standard CTI Allow Control of All Devices"], ["Standard CTI Enabled"]]);
      expect(recordedAccessControlGroups(["Standard CTI Enabled"], update)).to.deep.equal(["Standard CTI Allow Control of All Devices"]);
      // A role with no Unified CM groups at all takes away every group ucflow added, and only those.
      const none = desiredCucmSubscriber(context, "id-1", inRole("Sales", []));
      const emptied = userUpdate(none, user(["Standard CCM End Users", "Standard CTI Enabled"]), { ...options, ucflowGroups: ["Standard CTI Enabled"] });
      expect(groupsOf(emptied)).to.deep.equal(["Standard CCM End Users"]);
    });

    it("writes no groups when the user is in every desired one, a group added by hand included", () => {
      const update = userUpdate(desired, user(["Standard CTI Enabled", "Standard CCM End Users", "Standard CCM Admin Users"]), { ...options, ucflowGroups: ["Standard CCM End Users", "Standard CTI Enabled"] });
      expect(update).to.deep.equal({ changes: {}, before: {}, groupsAdded: [], groupsRemoved: [] });
    });

    it("ucflow's groups: those recorded; on a user ucflow added before they were recorded, the end users' group", () => {
      expect(ucflowAccessControlGroups(undefined)).to.deep.equal([]);
      expect(ucflowAccessControlGroups({ user: { added: false } })).to.deep.equal([]);
      expect(ucflowAccessControlGroups({ user: { added: true } })).to.deep.equal(["Standard CCM End Users"]);
      expect(ucflowAccessControlGroups({ user: { added: true }, groupsAdded: ["Standard CTI Enabled"] })).to.deep.equal(["Standard CTI Enabled"]);
      expect(ucflowAccessControlGroups({ user: { added: false }, groupsAdded: [] })).to.deep.equal([]);
    });

    it("drift: a desired group the user is not in, named with its role; a group added by hand is not drift", () => {
      expect(accessControlGroupDrift(desired, user(["Standard CCM End Users", "Standard CCM Admin Users"]))).to.deep.equal(["end user adavis: not in access control group Standard CTI Enabled of role Sales"]);
      expect(accessControlGroupDrift(desired, user(["STANDARD CTI ENABLED", "Standard CCM End Users", "Standard CCM Admin Users"]))).to.deep.equal([]);
      expect(accessControlGroupDrift(desiredCucmSubscriber(context, "id-1", ava), user([]))).to.deep.equal(["end user adavis: not in access control group Standard CCM End Users"]);
    });

    it("an unknown group: a message naming it, its role and the cluster, and the fix", () => {
      expect(unknownAccessControlGroupsMessage("adavis", "Cluster1", "Sales", ["Standard CTI Enabled Typo"])).to.equal(
        'end user adavis: access control group "Standard CTI Enabled Typo" of role Sales is not on cluster Cluster1: ' +
          "add it on the cluster (User Management > User Settings > Access Control Group), or correct the role's cucm.accessControlGroups",
      );
      expect(unknownAccessControlGroupsMessage("adavis", "Cluster1", undefined, ["A", "B"])).to.equal(
        'end user adavis: access control groups "A", "B" are not on cluster Cluster1: ' +
          "add them on the cluster (User Management > User Settings > Access Control Group), or correct the role's cucm.accessControlGroups",
      );
    });
  });

  describe("needsReplacing and changedFields", () => {
    it("replaces a device only for another product or protocol", () => {
      expect(needsReplacing({ product: "Cisco 8845", protocol: "SIP" }, { product: "Cisco 8845", protocol: "SIP" })).to.equal(false);
      expect(needsReplacing({ product: "Cisco 8845", protocol: "SIP" }, { product: "Cisco 7841", protocol: "SIP" })).to.equal(true);
      expect(needsReplacing({ product: "Cisco 7841", protocol: "SIP" }, { product: "Cisco 7841", protocol: "SCCP" })).to.equal(true);
      // What the cluster did not answer is not a difference.
      expect(needsReplacing({ product: "Cisco 8845", protocol: "SIP" }, {})).to.equal(false);
    });

    it("compares what ucflow sets only: empty is unset, extra fields the cluster answers are ignored, fixed fields never change", () => {
      const desired = desiredCucmSubscriber(context, "id-1", ava);
      const observed = {
        ...desired.deskPhone!,
        uuid: "{P}",
        product: "Cisco 7841",
        commonPhoneConfigName: "Standard Common Phone Profile",
        lines: [{ ...appearance, ringSetting: "Ring", dirn: { ...appearance.dirn, uuid: "{L}" } }],
      };
      expect(changedFields(desired.deskPhone!, observed, ["name", "product", "class", "protocol"])).to.deep.equal({});
      expect(changedFields(desired.line, { ...desired.line, voiceMailProfileName: undefined })).to.deep.equal({ voiceMailProfileName: "Cu2-VM" });
      expect(changedFields({ ...desired.line, voiceMailProfileName: "" }, { ...desired.line, voiceMailProfileName: undefined })).to.deep.equal({});
      expect(changedFields(desired.deskPhone!, { ...observed, lines: [] }, ["product"])).to.have.keys("lines");
    });
  });

  describe("drift", () => {
    it("names the object and field, with what the cluster has and what ucflow set", () => {
      const desired = desiredCucmSubscriber(context, "id-1", ava);
      expect(fieldDifferences("line 2001 in Cu2-DN-PT", desired.line, { ...desired.line, shareLineAppearanceCssName: "Cu2Si1-International-CSS", callForwardBusy: { forwardToVoiceMail: false } }, ["pattern"])).to.deep.equal([
        "line 2001 in Cu2-DN-PT: line calling search space is Cu2Si1-International-CSS, ucflow set Cu2Si1-National-CSS",
        'line 2001 in Cu2-DN-PT: forward on busy is {"forwardToVoiceMail":false}, ucflow set {"forwardToVoiceMail":true}',
      ]);
      expect(fieldDifferences(`desk phone ${DESK}`, desired.deskPhone!, { ...desired.deskPhone!, devicePoolName: "Default", lines: [] })).to.deep.equal([
        `desk phone ${DESK}: device pool is Default, ucflow set Cu2Si1-DP`,
        `desk phone ${DESK}: line appearances is none, ucflow set 2001 in Cu2-DN-PT`,
      ]);
    });

    it("reads a subscriber whose objects went, whose fields changed, or who is gone", () => {
      const who = "adavis (id-1)";
      expect(describeCucmDrift(who, ava, structuredClone(ava))).to.deep.equal([]);
      expect(describeCucmDrift(who, ava, undefined)).to.deep.equal([`${who}: the end user adavis no longer exists`]);
      const seen = {
        ...ava,
        lastName: "Davies",
        extension: "",
        services: { ...ava.services, voicemail: false, extensionMobility: false, jabber: true, phone: { ...phone, buttonTemplate: "Standard 8845 SIP 2" } },
        differences: ["desk phone X: device pool is Default, ucflow set Cu2Si1-DP"],
      } as CucmSubscriberEntry;
      expect(describeCucmDrift(who, ava, seen)).to.deep.equal([
        `${who}: lastName is Davies, ucflow set Davis`,
        `${who}: line 2001 is gone`,
        `${who}: the desk phone's button template is Standard 8845 SIP 2, ucflow set Standard 8845 SIP`,
        `${who}: has the Jabber device, which ucflow does not give`,
        `${who}: the voicemail box is gone`,
        `${who}: the extension mobility profile is gone`,
        `${who}: desk phone X: device pool is Default, ucflow set Cu2Si1-DP`,
      ]);
      const { phone: _p, ...withoutPhone } = ava.services;
      expect(describeCucmDrift(who, ava, { ...ava, extension: "2011", services: withoutPhone } as CucmSubscriberEntry)).to.deep.equal([
        `${who}: the line is 2011, ucflow gave 2001`,
        `${who}: the desk phone (Cisco 8845) is gone`,
      ]);
    });
  });
});
