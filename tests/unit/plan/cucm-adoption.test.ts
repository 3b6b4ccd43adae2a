import { expect } from "chai";
import { checkCucmExistingNames, checkCucmReferences, cucmObjectId, cucmObjectsDrift, type CucmObjectRecord, type DesiredCucmObject, type ObservedCucmObject, planCucmObjects, type ClusterCatalog } from "../../../provider/plan";
import { adoptionPolicy } from "../../../provider/resources/adoption";
import { clusterDialPlanObjects } from "../../../provider/resources/cluster-dial-plan/provider";
import { cucmSiteObjects } from "../../../provider/resources/cucm-site/provider";
import { validateCucmSite } from "../../../provider/resources/cucm-site/provider";
import type { CucmSiteInputs } from "../../../provider/resources/cucm-site/types";
import type { ClusterDialPlanInputs } from "../../../provider/resources/cluster-dial-plan/types";

const MARK = "[ucflow:Cu1]";
const ADOPT = adoptionPolicy({ existing: "adopt" });
const ADOPT_AND_REMOVE = adoptionPolicy({ existing: "adopt", onDelete: "remove" });
const partition = (name: string): DesiredCucmObject => ({ kind: "routePartition", key: name, fields: { description: `calls ${MARK}` }, value: { name } });
const pool = (name: string, region = "Default"): DesiredCucmObject => ({ kind: "devicePool", key: name, fields: { regionName: region, locationName: "Si1-Loc" }, value: { name } });
const seen = (uuid: string, fields: ObservedCucmObject["fields"]): ObservedCucmObject => ({ uuid, fields });
const observedFrom = (entries: [DesiredCucmObject | CucmObjectRecord, ObservedCucmObject | undefined][]) => new Map(entries.map(([o, v]) => [cucmObjectId(o.kind, o.key), v]));

describe("plan: adopting Unified CM objects", () => {
  const pt = partition("Cu1-DN-PT");
  const dp = pool("Si1-DP", "Cu1-Region");
  const estate = observedFrom([
    [pt, seen("{A1}", { description: "Contoso directory numbers" })],
    [dp, seen("{A2}", { regionName: "Default", locationName: "Si1-Loc" })],
  ]);

  it("refuses objects that are not ucflow's unless adoption is on", () => {
    const plan = planCucmObjects({ desired: [pt, dp], observed: estate, recorded: [], mark: MARK });
    expect(plan.conflicts).to.have.length(2);
    expect(plan.writes).to.deep.equal([]);
  });

  it("adopts them, records adopted, keeps their own description and updates only the other fields that differ", () => {
    const plan = planCucmObjects({ desired: [pt, dp], observed: estate, recorded: [], mark: MARK, adoption: ADOPT });
    expect(plan.conflicts).to.deep.equal([]);
    expect(plan.owned).to.deep.equal([
      { kind: "routePartition", key: "Cu1-DN-PT", uuid: "{A1}", adopted: true },
      { kind: "devicePool", key: "Si1-DP", uuid: "{A2}", adopted: true },
    ]);
    expect(plan.writes).to.deep.equal([{ op: "update", object: dp, uuid: "{A2}", fields: ["regionName"] }]);
  });

  it("writes nothing to adopted objects that already have the desired settings, now and on the next run", () => {
    const matching = observedFrom([
      [pt, seen("{A1}", { description: "Contoso directory numbers" })],
      [dp, seen("{A2}", { regionName: "Cu1-Region", locationName: "Si1-Loc" })],
    ]);
    const first = planCucmObjects({ desired: [pt, dp], observed: matching, recorded: [], mark: MARK, adoption: ADOPT });
    expect(first.writes).to.deep.equal([]);
    const again = planCucmObjects({ desired: [pt, dp], observed: matching, recorded: first.owned, mark: MARK, adoption: ADOPT });
    expect(again.writes).to.deep.equal([]);
    expect(again.owned).to.deep.equal(first.owned);
    // A refresh reports no drift for the adopted description.
    expect(cucmObjectsDrift({ desired: [pt, dp], observed: matching, recorded: first.owned, mark: MARK })).to.deep.equal([]);
  });

  it("is deterministic: the same estate adopts the same way", () => {
    const a = planCucmObjects({ desired: [pt, dp], observed: estate, recorded: [], mark: MARK, adoption: ADOPT });
    const b = planCucmObjects({ desired: [dp, pt], observed: new Map([...estate].reverse()), recorded: [], mark: MARK, adoption: ADOPT });
    expect(b.writes).to.deep.equal(a.writes);
    expect([...b.owned].sort((x, y) => x.key.localeCompare(y.key))).to.deep.equal([...a.owned].sort((x, y) => x.key.localeCompare(y.key)));
  });

  it("retains an adopted object the plan no longer has, unless onDelete is remove", () => {
    const record: CucmObjectRecord = { kind: "routePartition", key: "Cu1-Old-PT", uuid: "{A9}", adopted: true };
    const observed = observedFrom([[record, seen("{A9}", { description: "old" })]]);
    expect(planCucmObjects({ desired: [], observed, recorded: [record], mark: MARK, adoption: ADOPT }).writes).to.deep.equal([]);
    expect(planCucmObjects({ desired: [], observed, recorded: [record], mark: MARK, adoption: ADOPT_AND_REMOVE }).writes).to.deep.equal([{ op: "remove", record }]);
  });

  it("never adds an object the definition names as existing: missing is reported, nothing written", () => {
    const named: DesiredCucmObject = { kind: "css", key: "Cu1-Internal-CSS", fields: {}, value: { name: "Cu1-Internal-CSS" }, existing: true };
    const plan = planCucmObjects({ desired: [named, pt], observed: observedFrom([[pt, undefined]]), recorded: [], mark: MARK, adoption: ADOPT });
    expect(plan.missing).to.deep.equal(["calling search space Cu1-Internal-CSS"]);
  });
});

describe("adoption under the estate's names (existingDialPlan, cucm.existing)", () => {
  const dialPlan = { extensionLength: 4, countryCallingCode: "1", gateway: "Cu1-PSTN-RL" };
  const destination = { routeListName: "Cu1-PSTN-RL" };

  it("a cluster dial plan that is the cluster's own is its line partition alone, adopted as it is", () => {
    const inputs = { customer: "Cu1", cluster: "Cluster1", dialPlan, adoption: { existing: "adopt" }, existing: { linePartition: "Cu1-DirNum-PT" } } as unknown as ClusterDialPlanInputs;
    expect(clusterDialPlanObjects(inputs, destination)).to.deep.equal([{ kind: "routePartition", key: "Cu1-DirNum-PT", fields: {}, value: { name: "Cu1-DirNum-PT" }, existing: true }]);
  });

  const site = {
    customer: "Cu1",
    code: "Cu1Si1",
    name: "Chicago",
    cluster: "Cluster1",
    dialPlan,
    classesOfService: [
      { name: "Internal", allows: [] },
      { name: "National", allows: ["local", "national"] },
    ],
    defaults: { callManagerGroup: "Default", dateTimeGroup: "Cu1-Chicago-DTG", region: "Cu1Si1-Region", srst: "Disable", presenceGroup: "Standard Presence group", commonPhoneConfig: "Standard Common Phone Profile" },
    adoption: { existing: "adopt" },
    existing: { devicePool: "Cu1Si1-DevicePool", location: "Cu1Si1-Location", deviceCss: "Cu1-Internal-CSS", lineCss: { Internal: "Cu1-Internal-CSS", National: "Cu1-National-CSS" } },
  } as unknown as CucmSiteInputs;

  it("a site with its own objects adopts its calling search spaces as they are and brings its device pool to the site defaults", () => {
    const objects = cucmSiteObjects(site, destination);
    expect(objects.map((o) => `${o.kind} ${o.key}`)).to.deep.equal(["css Cu1-Internal-CSS", "css Cu1-National-CSS", "location Cu1Si1-Location", "devicePool Cu1Si1-DevicePool"]);
    expect(objects.every((o) => o.existing === true)).to.equal(true);
    expect(objects[0]!.fields).to.deep.equal({});
    expect(objects[3]!.fields).to.include({ dateTimeSettingName: "Cu1-Chicago-DTG", regionName: "Cu1Si1-Region", locationName: "Cu1Si1-Location" });
    expect(validateCucmSite(site)).to.deep.equal([]);
  });

  it("a site's own objects need the site to adopt and a calling search space for every class of service", () => {
    const { adoption: _a, ...withoutAdoption } = site;
    expect(validateCucmSite(withoutAdoption as CucmSiteInputs).map((p) => p.property)).to.deep.equal(["existing"]);
    const partial = { ...site, existing: { ...site.existing!, lineCss: { Internal: "Cu1-Internal-CSS", Gold: "X" } } } as unknown as CucmSiteInputs;
    expect(validateCucmSite(partial).map((p) => p.property)).to.deep.equal(["existing.lineCss", "existing.lineCss.Gold"]);
  });

  const definition = {
    customer: { adoption: { existing: "adopt" } },
    clusters: [{ name: "Cluster1", dialPlan: { gateway: "Cu1-PSTN-RL" }, existingDialPlan: { linePartition: "Cu1-DirNum-PT" } }],
    sites: [
      { code: "Cu1Si1", adoption: { existing: "adopt" }, cucm: { cluster: "Cluster1", existing: { devicePool: "Cu1Si1-DevicePool", location: "Cu1Si1-Location", deviceCss: "Cu1-Internal-CSS", lineCss: { Internal: "Cu1-Internal-CSS" } } } },
      { code: "Cu1Si2", cucm: { cluster: "Cluster1" } },
    ],
    profiles: [],
  };

  it("a cluster that keeps its own dial plan needs every site on it to name its objects, and names to adopt need adoption", () => {
    expect(checkCucmExistingNames(definition)).to.deep.equal([
      "sites[1] (site Cu1Si2): cluster Cluster1 keeps its own dial plan (existingDialPlan), which has none of ucflow's partitions; name the site's own objects in cucm.existing (devicePool, location, deviceCss, lineCss)",
    ]);
    const refusing = { ...definition, customer: {}, sites: [{ ...definition.sites[0]!, adoption: { existing: "refuse" } }] };
    expect(checkCucmExistingNames(refusing)).to.have.length(2);
  });

  it("every name to adopt must be on the cluster (checked against its catalog at preview)", () => {
    const catalog = {
      routeLists: ["Cu1-PSTN-RL"], sipTrunks: [], gateways: [], voicemailProfiles: [], phoneButtonTemplates: [], phoneSecurityProfiles: [], sipProfiles: [], serviceProfiles: [], ipPhoneServices: [],
      callManagerGroups: ["Default"], dateTimeGroups: ["CMLocal"], regions: ["Default"], srsts: ["Disable"], presenceGroups: ["Standard Presence group"], commonPhoneConfigs: ["Standard Common Phone Profile"], userGroups: [],
      routePartitions: ["Cu1-DirNum-PT"], callingSearchSpaces: ["Cu1-National-CSS"], devicePools: ["Cu1Si1-DevicePool"], locations: ["Cu1Si1-Location"],
    } satisfies ClusterCatalog;
    const problems = checkCucmReferences({ ...definition, sites: [definition.sites[0]!] }, { Cluster1: catalog });
    expect(problems).to.have.length(2);
    expect(problems[0]).to.match(/^sites\[0\]\.cucm\.existing\.deviceCss \(site Cu1Si1\): cluster Cluster1 has no calling search space "Cu1-Internal-CSS"/);
    expect(problems[1]).to.match(/^sites\[0\]\.cucm\.existing\.lineCss\.Internal \(site Cu1Si1\):/);
  });
});

describe("plan: adoption and objects without a mark", () => {
  it("adopts a device pool that matches what ucflow would make but that state does not record (it may be the estate's)", () => {
    const dp: DesiredCucmObject = { kind: "devicePool", key: "Si1-DP", fields: { regionName: "Default" }, value: { name: "Si1-DP" } };
    const observed = new Map([[cucmObjectId("devicePool", "Si1-DP"), { uuid: "{B1}", fields: { regionName: "Default" } }]]);
    expect(planCucmObjects({ desired: [dp], observed, recorded: [], mark: MARK }).owned).to.deep.equal([{ kind: "devicePool", key: "Si1-DP", uuid: "{B1}" }]);
    expect(planCucmObjects({ desired: [dp], observed, recorded: [], mark: MARK, adoption: ADOPT }).owned).to.deep.equal([{ kind: "devicePool", key: "Si1-DP", uuid: "{B1}", adopted: true }]);
    // What state records as ucflow's own stays ucflow's own.
    const own = [{ kind: "devicePool" as const, key: "Si1-DP", uuid: "{B1}" }];
    expect(planCucmObjects({ desired: [dp], observed, recorded: own, mark: MARK, adoption: ADOPT }).owned).to.deep.equal(own);
  });
});
