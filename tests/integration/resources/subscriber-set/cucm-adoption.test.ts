// Adoption by a Unified CM subscriber set against the lab's seeded Contoso Chicago site (Cu1,
// Cu1Si1, under the cluster's own names): what the site's people have is adopted, and what their
// profile does not give is not taken.
import { expect } from "chai";
import { removePhone } from "../../../../provider/backends/axl/devices";
import { axlObject, axlObjects, CLUSTER, objectDifferences, withCiscoLab } from "./cucm-support";

const ids = { akim: "00000000-0000-4000-8000-0000000a0004", jsmith: "00000000-0000-4000-8000-0000000a0001" };
const noServices = { jabber: false, voicemail: false, extensionMobility: false, singleNumberReach: false, imAndPresence: false, conferencing: false };
const existing = { devicePool: "Cu1Si1-DevicePool", location: "Cu1Si1-Location", deviceCss: "Cu1-Internal-CSS", lineCss: { National: "Cu1-National-CSS" } };
const person = { site: "Cu1Si1", profile: "Line", criteria: "everyone", classOfService: "National" };
const akim = { ...person, userid: "akim", firstName: "Alex", lastName: "Kim", extension: "4002", services: noServices };
const jsmith = { ...person, userid: "jsmith", firstName: "John", lastName: "Smith", extension: "4000", services: { ...noServices, phone: { product: "Cisco 8845", protocol: "SIP", buttonTemplate: "Standard 8845 SIP" } } };
const set = (subscribers: Record<string, unknown>) => ({
  customer: "Cu1",
  platform: "cucm",
  set: 0,
  sets: 1,
  cluster: CLUSTER,
  linePartition: "Cu1-DirNum-PT",
  sites: { Cu1Si1: { adoption: { existing: "adopt" }, existing } },
  subscribers,
});

describe("SubscriberSet on Unified CM: adopting a site's people (the lab's Cluster1)", function () {
  this.timeout(120_000);
  const lab = withCiscoLab();

  it("leaves alone a device under ucflow's name that the profile does not give (akim's own akim-RDP), in converge and in removal", async () => {
    const { control } = lab();
    const before = await axlObjects(control);
    const p = lab().subscriberSets();
    const { id, outs } = await p.create!(set({ [ids.akim]: akim }));
    const given = outs.given[ids.akim];
    expect(given).to.not.have.property("rdp");
    expect(given.line).to.include({ pattern: "4002", added: false });
    expect(await axlObject(control, "remoteDestinationProfile", "name", "akim-RDP")).to.not.equal(undefined);
    await p.delete!(id, outs);
    expect(objectDifferences(before, await axlObjects(control))).to.deep.equal([]);
  });

  it("does not make an adopted phone removed by hand again under its name: the subscriber gets ucflow's own", async () => {
    const { control } = lab();
    const p = lab().subscriberSets();
    const { outs } = await p.create!(set({ [ids.jsmith]: jsmith }));
    expect(outs.given[ids.jsmith].deskPhone).to.include({ name: "SEP00AABB000001", adopted: true });
    const phone = (await axlObject(control, "phone", "name", "SEP00AABB000001"))!;
    // Removed as an administrator would, through AXL.
    await removePhone(lab().axl(), { uuid: phone.uuid });
    const changed = { ...jsmith, firstName: "Johnny" };
    const updated = await p.update!(`Cu1/${CLUSTER}/subscribers/0`, outs, set({ [ids.jsmith]: changed }));
    const desk = updated.outs.given[ids.jsmith].deskPhone;
    expect(desk.name).to.match(/^BAT[0-9A-F]{12}$/);
    expect(desk).to.not.have.property("adopted");
    expect(await axlObject(control, "phone", "name", "SEP00AABB000001")).to.equal(undefined);
  });
});
