// CucmSite against the lab's Cluster1 through a real AxlClient, after the customer's
// ClusterDialPlan: location, device pool, site partition and emergency patterns, device and line
// calling search spaces; a repeated create adopting them (device pools and locations by their
// fields); what the site refers to checked before any write; classes of service added and
// removed; a calling search space changed by hand reported and put right; delete leaving the seed.
import { expect } from "chai";
import { getCss, getRoutePattern, updateCss } from "../../../../provider/backends/axl/dial-plan";
import { getDevicePool, getLocation } from "../../../../provider/backends/axl/sites";
import { clusterDialPlanDefinition } from "../../../../provider/resources/cluster-dial-plan/provider";
import { convergingDrift } from "../../../../provider/resources/cluster-kind";
import { cucmSiteDefinition } from "../../../../provider/resources/cucm-site/provider";
import { CUCM_SITE_DEFAULTS } from "../../../../provider/resources/cucm/types";
import { kindProvider } from "../../../../provider/resources/kind-provider";
import { CLUSTER, clusterObjects, created, failure, namesOf, withCucmLab } from "./support";

const dialPlan = { extensionLength: 4, countryCallingCode: "1", outsideAccessCode: "9", gateway: "Cu1-PSTN-RL" };
const national = { name: "Cu2-National", allows: ["local", "national"] };
const international = { name: "Cu2-International", allows: ["local", "national", "international", "premium"] };
const site = (code: string, name: string, extra: Record<string, unknown> = {}) => ({
  customer: "Cu2",
  code,
  name,
  cluster: CLUSTER,
  dialPlan,
  classesOfService: [national, international],
  defaults: { ...CUCM_SITE_DEFAULTS },
  timeZone: "America/Chicago",
  ...extra,
});
const dallas = site("Cu2Si1", "Dallas");
const denver = site("Cu2Si2", "Denver");

describe("CucmSite on the lab's Cluster1", function () {
  this.timeout(60_000);
  const lab = withCucmLab();
  const sites = () => convergingDrift(kindProvider(cucmSiteDefinition(lab.clients)));
  const dialPlans = () => convergingDrift(kindProvider(clusterDialPlanDefinition(lab.clients)));
  const withDialPlan = () => created(dialPlans(), { customer: "Cu2", cluster: CLUSTER, dialPlan });

  it("checks its inputs: classes the cluster has no patterns for, names too long, repeated classes", async () => {
    const result = await sites().check!({}, site("Cu2Si1", "Dallas", { classesOfService: [{ name: "Mobile", allows: ["mobile"] }, { name: "mobile", allows: ["local", "local"] }, { name: "A".repeat(40), allows: [] }] }));
    expect(result.failures).to.deep.equal([
      { property: "classesOfService[0].allows", reason: 'allows mobile calls, but in the North American Numbering Plan mobile numbers share area codes with fixed lines, so there is no mobile route pattern; allow "national" instead, or give dialPlan.routePatterns.mobile' },
      { property: "classesOfService[1].name", reason: '"mobile" is listed more than once (names ignore case)' },
      { property: "classesOfService[1].allows", reason: "lists local more than once" },
      { property: "classesOfService[2].name", reason: `makes the line calling search space Cu2Si1-${"A".repeat(40)}-CSS, 51 characters; Unified CM allows 50: shorten the class of service or site code` },
    ]);
    const defaults = await sites().check!({}, { ...dallas, defaults: { region: "Default" } });
    expect(defaults.failures!.map((f) => f.property)).to.deep.equal(["defaults.callManagerGroup", "defaults.dateTimeGroup", "defaults.srst", "defaults.presenceGroup", "defaults.commonPhoneConfig"]);
  });

  it("creates the site's objects after the customer's dial plan, with the names its subscribers use", async () => {
    await withDialPlan();
    const { id, outs } = await created(sites(), dallas);
    expect(id).to.equal("Cu2/Cluster1/Cu2Si1");
    expect(outs).to.deep.include({
      devicePool: "Cu2Si1-DP",
      location: "Cu2Si1-Loc",
      partition: "Cu2Si1-Local-PT",
      deviceCss: "Cu2Si1-Device-CSS",
      lineCss: { "Cu2-National": "Cu2Si1-Cu2-National-CSS", "Cu2-International": "Cu2Si1-Cu2-International-CSS" },
      destination: { routeListName: "Cu1-PSTN-RL" },
    });
    expect((outs.objects as { key: string }[]).map((o) => o.key)).to.deep.equal([
      "Cu2Si1-Local-PT",
      "911 in Cu2Si1-Local-PT",
      "9.911 in Cu2Si1-Local-PT",
      "Cu2Si1-Device-CSS",
      "Cu2Si1-Cu2-National-CSS",
      "Cu2Si1-Cu2-International-CSS",
      "Cu2Si1-Loc",
      "Cu2Si1-DP",
    ]);
    const client = lab.client();
    expect(await getDevicePool(client, { name: "Cu2Si1-DP" })).to.deep.include({ dateTimeSettingName: "CMLocal", callManagerGroupName: "Default", regionName: "Default", srstName: "Disable", locationName: "Cu2Si1-Loc" });
    expect(await getLocation(client, { name: "Cu2Si1-Loc" })).to.deep.include({
      withinAudioBandwidth: 0,
      betweenLocations: [{ locationName: "Hub_None", weight: 50, audioBandwidth: 0, videoBandwidth: 384, immersiveBandwidth: 384 }],
    });
    expect(await getRoutePattern(client, { pattern: "911", routePartitionName: "Cu2Si1-Local-PT" })).to.deep.include({
      isEmergencyServiceNumber: true,
      patternUrgency: true,
      networkLocation: "OffNet",
      destination: { routeListName: "Cu1-PSTN-RL" },
      description: "emergency call [ucflow:Cu2/Cu2Si1]",
    });
    expect((await getRoutePattern(client, { pattern: "9.911", routePartitionName: "Cu2Si1-Local-PT" })).digitDiscardInstructionName).to.equal("PreDot");
    const members = async (name: string) => (await getCss(client, { name })).members!.map((m) => `${m.index} ${m.routePartitionName}`);
    expect(await members("Cu2Si1-Device-CSS")).to.deep.equal(["1 Cu2Si1-Local-PT"]);
    expect(await members("Cu2Si1-Cu2-National-CSS")).to.deep.equal(["1 Cu2-DN-PT", "2 Cu2Si1-Local-PT", "3 Cu2-National-PT", "4 Cu2-Local-PT"]);
    expect(await members("Cu2Si1-Cu2-International-CSS")).to.deep.equal(["1 Cu2-DN-PT", "2 Cu2Si1-Local-PT", "3 Cu2-Premium-PT", "4 Cu2-International-PT", "5 Cu2-National-PT", "6 Cu2-Local-PT"]);

    // A second site of the customer on the same cluster.
    const second = await created(sites(), denver);
    expect(second.outs.devicePool).to.equal("Cu2Si2-DP");
  });

  it("refuses, before any write, a site whose customer dial plan is not there yet or whose defaults name nothing", async () => {
    const env = lab.env();
    const before = await clusterObjects(env);
    const error = await failure(sites().create!({ ...dallas, defaults: { ...CUCM_SITE_DEFAULTS, dateTimeGroup: "Dallas-DTG", srst: "Dallas-SRST" } }));
    expect(error.message).to.equal(
      "site Cu2Si1 on Cluster1: nothing was changed:\n" +
        '  - defaults.dateTimeGroup "Dallas-DTG" is not a date/time group on cluster Cluster1 (it has CMLocal, Cu1-Chicago-DTG)\n' +
        '  - defaults.srst "Dallas-SRST" is not a SRST reference on cluster Cluster1 (it has Disable, Use Default Gateway)\n' +
        "  - the line calling search spaces list the customer's route partitions Cu2-DN-PT, Cu2-National-PT, Cu2-Local-PT, Cu2-Premium-PT, Cu2-International-PT, which cluster Cluster1 does not have: " +
        "the customer's ClusterDialPlan on Cluster1 makes them (Cu2-DN-PT and one per call class); create it first (dependsOn)",
    );
    expect(await clusterObjects(env)).to.deep.equal(before);
  });

  it("adopts what a killed run left, device pool and location included; refuses a device pool with its name that is not what ucflow creates", async () => {
    await withDialPlan();
    const first = await created(sites(), dallas);
    const env = lab.env();
    const before = await clusterObjects(env);
    const again = await created(sites(), dallas);
    expect(again.outs.objects).to.deep.equal(first.outs.objects);
    expect(await clusterObjects(env)).to.deep.equal(before);

    await env.control.seed("axl", { objects: [{ kind: "devicePool", name: "Cu2Si2-DP", dateTimeSettingName: "Cu1-Chicago-DTG", callManagerGroupName: "Default", regionName: "Default", locationName: "Hub_None" }] });
    const seeded = await clusterObjects(env);
    const error = await failure(sites().create!(denver));
    expect(error.message).to.match(
      /^site Cu2Si2 on Cluster1: device pool Cu2Si2-DP \(it is not in ucflow's state and differs from what ucflow creates \(dateTimeSettingName is "Cu1-Chicago-DTG", not "CMLocal"\)\) already exists on cluster Cluster1, and ucflow does not take over objects it did not create; nothing was changed\./,
    );
    expect(await clusterObjects(env)).to.deep.equal(seeded);
  });

  it("a write that fails records what was done before it, and the next update goes on from there", async () => {
    await withDialPlan();
    const env = lab.env();
    await env.control.addFaults([{ service: "axl", path: "^/axl/addCss$", action: "status", status: 500, count: 1 }]);
    const error = (await failure(sites().create!(dallas))) as Error & { id?: string; properties?: Record<string, unknown>; reasons?: string[] };
    expect(error.message).to.match(/^site Cu2Si1 on Cluster1: axl: adding calling search space Cu2Si1-Device-CSS: .*; the 3 changes made before it are recorded, and the next `pulumi up` goes on from there$/);
    expect(error.id).to.equal("Cu2/Cluster1/Cu2Si1");
    expect(error.reasons).to.deep.equal([error.message]);
    const partial = error.properties!;
    expect((partial.objects as { key: string }[]).map((o) => o.key)).to.deep.equal(["Cu2Si1-Local-PT", "911 in Cu2Si1-Local-PT", "9.911 in Cu2Si1-Local-PT"]);
    const done = (await sites().update!(error.id!, partial, dallas)).outs as Record<string, unknown>;
    expect(done.objects).to.have.length(8);
    expect((await namesOf(env, "css")).filter((n) => n.startsWith("Cu2Si1-"))).to.deep.equal(["Cu2Si1-Cu2-International-CSS", "Cu2Si1-Cu2-National-CSS", "Cu2Si1-Device-CSS"]);
  });

  it("update adds a class of service's calling search space and removes one no longer given", async () => {
    await withDialPlan();
    const p = sites();
    const { id, outs } = await created(p, { ...dallas, classesOfService: [national] });
    const news = { ...dallas, classesOfService: [international] };
    expect((await p.diff!(id, outs, news)).changes).to.equal(true);
    const updated = (await p.update!(id, outs, news)).outs as Record<string, unknown>;
    expect(updated.lineCss).to.deep.equal({ "Cu2-International": "Cu2Si1-Cu2-International-CSS" });
    expect((await namesOf(lab.env(), "css")).filter((n) => n.startsWith("Cu2Si1-"))).to.deep.equal(["Cu2Si1-Cu2-International-CSS", "Cu2Si1-Device-CSS"]);
    expect((updated.objects as { key: string }[]).map((o) => o.key)).to.not.include("Cu2Si1-Cu2-National-CSS");
  });

  it("refresh reports a calling search space member changed by hand; the next update restores the members", async () => {
    await withDialPlan();
    const p = sites();
    const { id, outs } = await created(p, dallas);
    const client = lab.client();
    const css = "Cu2Si1-Cu2-National-CSS";
    await updateCss(client, { name: css }, { members: [{ routePartitionName: "Cu2-DN-PT", index: 1 }, { routePartitionName: "Cu2Si1-Local-PT", index: 2 }, { routePartitionName: "Cu2-International-PT", index: 3 }] });
    const read = await p.read!(id, outs);
    expect(read.props!.drift).to.deep.equal([
      `calling search space ${css}: members is Cu2-DN-PT, Cu2Si1-Local-PT, Cu2-International-PT instead of Cu2-DN-PT, Cu2Si1-Local-PT, Cu2-National-PT, Cu2-Local-PT`,
    ]);
    expect((await p.diff!(id, read.props!, dallas)).changes).to.equal(true);
    const fixed = (await p.update!(id, read.props!, dallas)).outs as Record<string, unknown>;
    expect(fixed.drift).to.equal(undefined);
    expect((await getCss(client, { name: css })).members!.map((m) => m.routePartitionName)).to.deep.equal(["Cu2-DN-PT", "Cu2Si1-Local-PT", "Cu2-National-PT", "Cu2-Local-PT"]);
    expect((await p.read!(id, fixed)).props!.drift).to.equal(undefined);
  });

  it("delete of the sites, then of the dial plan, leaves the seed as it was", async () => {
    const env = lab.env();
    const seed = await clusterObjects(env);
    const plan = await withDialPlan();
    const one = await created(sites(), dallas);
    const two = await created(sites(), denver);
    // The dial plan's partitions are still in use while a site lists them.
    const inUse = await failure(dialPlans().delete!(plan.id, plan.outs));
    expect(inUse.message).to.include("route partition Cu2-DN-PT is still in use on cluster Cluster1");
    await sites().delete!(one.id, one.outs);
    await sites().delete!(two.id, two.outs);
    await dialPlans().delete!(plan.id, plan.outs);
    expect(await clusterObjects(env)).to.deep.equal(seed);
  });
});
