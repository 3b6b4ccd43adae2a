import { expect } from "chai";
import { ADOPTED_DEVICE_FIXED_FIELDS, adoptedDeviceFixedFields, adoptedLineFixedFields, chooseAdoptedDevices, cucmSetContext, desiredCucmSubscriber, JABBER_PRODUCT, setFieldsFingerprint, subscriberSite } from "../../../../provider/resources/subscriber-set/cucm-objects";
import type { CucmSubscriberEntry, SubscriberSetInputs } from "../../../../provider/resources/subscriber-set/types";

const base = { customer: "Cu1", platform: "cucm", set: 0, sets: 1, cluster: "Cluster1", subscribers: {} } as SubscriberSetInputs;
const existing = { devicePool: "Cu1Si1-DevicePool", location: "Cu1Si1-Location", deviceCss: "Cu1-Internal-CSS", lineCss: { National: "Cu1-National-CSS" } };
const adopting = { ...base, linePartition: "Cu1-DirNum-PT", sites: { Cu1Si1: { adoption: { existing: "adopt" }, existing } } } as unknown as SubscriberSetInputs;
const noServices = { jabber: true, voicemail: false, extensionMobility: false, singleNumberReach: false, imAndPresence: false, conferencing: false };
const jsmith = {
  userid: "jsmith",
  firstName: "John",
  lastName: "Smith",
  site: "Cu1Si1",
  profile: "Desk",
  criteria: "everyone",
  extension: "4000",
  classOfService: "National",
  services: { ...noServices, phone: { product: "Cisco 8845", protocol: "SIP", buttonTemplate: "Standard 8845 SIP" } },
} as unknown as CucmSubscriberEntry;

describe("Unified CM subscriber adoption", () => {
  it("places a subscriber of an adopting site on the site's and the cluster's own names", () => {
    const desired = desiredCucmSubscriber(cucmSetContext(adopting), "id-1", jsmith, { deskPhone: "SEP00AABB000001" });
    expect(desired.adoption).to.deep.equal({ existing: "adopt", onDelete: "retain" });
    expect(desired.line.routePartitionName).to.equal("Cu1-DirNum-PT");
    expect(desired.line.shareLineAppearanceCssName).to.equal("Cu1-National-CSS");
    expect(desired.deskPhone).to.include({ name: "SEP00AABB000001", devicePoolName: "Cu1Si1-DevicePool", locationName: "Cu1Si1-Location", callingSearchSpaceName: "Cu1-Internal-CSS" });
    expect(desired.devices).to.include("SEP00AABB000001");
    expect(desired.primaryExtension).to.deep.equal({ pattern: "4000", routePartitionName: "Cu1-DirNum-PT" });
  });

  it("keeps ucflow's names and refuses what exists at a site that does not adopt", () => {
    const desired = desiredCucmSubscriber(cucmSetContext(base), "id-1", jsmith);
    expect(desired.adoption.existing).to.equal("refuse");
    expect(desired.line.routePartitionName).to.equal("Cu1-DN-PT");
    expect(desired.deskPhone!.name).to.match(/^BAT[0-9A-F]{12}$/);
    expect(subscriberSite(cucmSetContext(base), "Cu1Si1").lineCss("National")).to.equal("Cu1Si1-National-CSS");
  });

  it("changes every applied subscriber's work when a site starts adopting (the set fields' fingerprint)", () => {
    expect(setFieldsFingerprint(cucmSetContext(adopting))).to.not.equal(setFieldsFingerprint(cucmSetContext(base)));
  });

  describe("chooseAdoptedDevices", () => {
    const phones = [
      { name: "SEP00AABB000002", product: "Cisco 8865", class: "Phone", ownerUserName: "mgarcia" },
      { name: "CSFMGARCIA", product: JABBER_PRODUCT, class: "Phone", ownerUserName: "mgarcia" },
      { name: "SEP00AABB000001", product: "Cisco 8845", class: "Phone", ownerUserName: "MGarcia" },
      { name: "SEP00AABB000010", product: "Cisco 7841", class: "Phone" },
      { name: "SEP00AABB000020", product: "Cisco 7841", class: "Phone", ownerUserName: "jsmith" },
    ];

    it("adopts the user's own desk phone first by name, and the user's Jabber device, for the slots the profile gives", () => {
      expect(chooseAdoptedDevices("mgarcia", phones, { deskPhone: true, jabber: true })).to.deep.equal({ deskPhone: "SEP00AABB000001", jabber: "CSFMGARCIA" });
      expect(chooseAdoptedDevices("mgarcia", phones, { deskPhone: false, jabber: true })).to.deep.equal({ jabber: "CSFMGARCIA" });
      expect(chooseAdoptedDevices("mgarcia", phones, { deskPhone: true, jabber: false })).to.deep.equal({ deskPhone: "SEP00AABB000001" });
    });

    it("never adopts another's phone or one nobody owns (a shared lobby phone), and is the same whatever order the cluster lists them in", () => {
      expect(chooseAdoptedDevices("lchen", phones, { deskPhone: true, jabber: true })).to.deep.equal({});
      expect(chooseAdoptedDevices("jsmith", phones, { deskPhone: true, jabber: true })).to.deep.equal({ deskPhone: "SEP00AABB000020" });
      expect(chooseAdoptedDevices("mgarcia", [...phones].reverse(), { deskPhone: true, jabber: true })).to.deep.equal(chooseAdoptedDevices("mgarcia", phones, { deskPhone: true, jabber: true }));
    });
  });

  it("leaves an adopted phone's appearances alone when the subscriber's line is already its first, and puts the line on one that lacks it", () => {
    const want = { lines: [{ index: 1, dirn: { pattern: "4000", routePartitionName: "Cu1-DirNum-PT" }, e164Mask: "" }] };
    const shown = { lines: [{ index: 1, dirn: { pattern: "4000", routePartitionName: "cu1-dirnum-pt" }, e164Mask: "+1312555XXXX" }] };
    expect(adoptedDeviceFixedFields(want, shown)).to.deep.equal([...ADOPTED_DEVICE_FIXED_FIELDS, "lines"]);
    expect(adoptedDeviceFixedFields(want, { lines: [{ index: 1, dirn: { pattern: "4009", routePartitionName: "Cu1-DirNum-PT" } }] })).to.deep.equal([...ADOPTED_DEVICE_FIXED_FIELDS]);
    expect(adoptedDeviceFixedFields(want, {})).to.deep.equal([...ADOPTED_DEVICE_FIXED_FIELDS]);
  });

  it("keeps the user's own line's description, and does not write a forward the line lacks where ucflow wants none", () => {
    const off = { forwardToVoiceMail: false };
    const want = { callForwardBusy: off, callForwardBusyInt: off, callForwardNoAnswer: off, callForwardNoAnswerInt: { forwardToVoiceMail: true } };
    expect(adoptedLineFixedFields(want, { callForwardBusy: { forwardToVoiceMail: true } })).to.deep.equal(["description", "callForwardBusyInt", "callForwardNoAnswer"]);
  });
});
