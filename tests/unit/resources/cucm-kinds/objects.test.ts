// The Unified CM kinds' objects as plain data: what a route pattern, calling search space,
// location and device pool are added with and compared on, and the sites' input rules.
import { expect } from "chai";
import { clusterDialPlanObjects } from "../../../../provider/resources/cluster-dial-plan/provider";
import { validateCucmDialPlan } from "../../../../provider/resources/cluster-kind";
import { cucmSiteObjects, validateCucmSite } from "../../../../provider/resources/cucm-site/provider";
import { CUCM_SITE_DEFAULTS } from "../../../../provider/resources/cucm/types";
import { CucmSiteInputs } from "../../../../provider/resources/cucm-site/types";
import { decodeInputs } from "../../../../provider/resources/input-validation";

const dialPlan = { extensionLength: 4, countryCallingCode: "1", gateway: "Cu2-PSTN-RL" };

function siteInputs(extra: Record<string, unknown> = {}): CucmSiteInputs {
  const decoded = decodeInputs(CucmSiteInputs, {
    customer: "Cu2",
    code: "Cu2Si1",
    name: "Dallas",
    cluster: "Cluster1",
    dialPlan,
    classesOfService: [{ name: "Std", allows: ["national", "local"] }],
    defaults: { ...CUCM_SITE_DEFAULTS, region: "Dallas-Region" },
    ...extra,
  });
  if (!decoded.ok) throw new Error(JSON.stringify(decoded.problems));
  return decoded.value;
}

describe("Unified CM kinds: objects and rules", () => {
  it("adds route patterns OffNet with PreDot, blocks with blockEnable (still naming the destination), emergency urgent", () => {
    const objects = clusterDialPlanObjects({ customer: "Cu2", cluster: "Cluster1", dialPlan } as never, { routeListName: "Cu2-PSTN-RL" });
    const blocked = objects.find((o) => o.key === "9.1900[2-9]XXXXXX in Cu2-National-PT")!;
    expect(blocked.value).to.deep.equal({
      pattern: "9.1900[2-9]XXXXXX",
      routePartitionName: "Cu2-National-PT",
      description: "blocked: not national [ucflow:Cu2]",
      blockEnable: true,
      digitDiscardInstructionName: "PreDot",
      networkLocation: "OffNet",
      patternUrgency: false,
      destination: { routeListName: "Cu2-PSTN-RL" },
      isEmergencyServiceNumber: false,
    });
    expect(blocked.fields.destination).to.equal("route list Cu2-PSTN-RL");
    const emergency = cucmSiteObjects(siteInputs(), { gatewayName: "Cu2-SBC" }).find((o) => o.key === "911 in Cu2Si1-Local-PT")!;
    expect(emergency.fields).to.deep.include({ digitDiscardInstructionName: "", patternUrgency: true, isEmergencyServiceNumber: true, destination: "gateway Cu2-SBC" });
  });

  it("adds inbound translation patterns in the inbound partition, prefixing to +E.164 and routing with the inbound CSS, not the caller's", () => {
    const objects = clusterDialPlanObjects({ customer: "Cu2", cluster: "Cluster1", dialPlan } as never, { routeListName: "Cu2-PSTN-RL" });
    expect(objects.filter((o) => o.kind === "css" || o.kind === "transPattern").map((o) => `${o.kind} ${o.key}`)).to.deep.equal([
      "css Cu2-Inbound-CSS",
      "transPattern [2-9]XX[2-9]XXXXXX in Cu2-Inbound-PT",
      "transPattern 1[2-9]XX[2-9]XXXXXX in Cu2-Inbound-PT",
    ]);
    const tenDigits = objects.find((o) => o.key === "[2-9]XX[2-9]XXXXXX in Cu2-Inbound-PT")!;
    expect(tenDigits.value).to.deep.equal({
      pattern: "[2-9]XX[2-9]XXXXXX",
      routePartitionName: "Cu2-Inbound-PT",
      description: "PSTN in: 10 digits to +E.164 [ucflow:Cu2]",
      usage: "Translation",
      blockEnable: false,
      calledPartyTransformationMask: "",
      digitDiscardInstructionName: "",
      prefixDigitsOut: "+1",
      callingSearchSpaceName: "Cu2-Inbound-CSS",
      useOriginatorCss: false,
    });
    expect(tenDigits.fields).to.deep.equal({
      description: "PSTN in: 10 digits to +E.164 [ucflow:Cu2]",
      blockEnable: false,
      calledPartyTransformationMask: "",
      digitDiscardInstructionName: "",
      prefixDigitsOut: "+1",
      callingSearchSpaceName: "Cu2-Inbound-CSS",
      useOriginatorCss: false,
    });
    const uk = clusterDialPlanObjects({ customer: "Cu3", cluster: "Cluster1", dialPlan: { ...dialPlan, countryCallingCode: "44" } } as never, { routeListName: "RL" });
    expect(uk.find((o) => o.key === "0.[1-9]XXXXXXXXX in Cu3-Inbound-PT")!.fields).to.deep.include({ digitDiscardInstructionName: "PreDot", prefixDigitsOut: "+44" });
  });

  it("gives a site's calling search spaces numbered members in order and its device pool the defaults and its location", () => {
    const objects = cucmSiteObjects(siteInputs(), { routeListName: "RL" });
    expect(objects.map((o) => `${o.kind} ${o.key}`)).to.deep.equal([
      "routePartition Cu2Si1-Local-PT",
      "routePattern 911 in Cu2Si1-Local-PT",
      "routePattern 9.911 in Cu2Si1-Local-PT",
      "css Cu2Si1-Device-CSS",
      "css Cu2Si1-Std-CSS",
      "location Cu2Si1-Loc",
      "devicePool Cu2Si1-DP",
    ]);
    expect(objects[4]!.value).to.deep.include({
      members: [
        { routePartitionName: "Cu2-DN-PT", index: 1 },
        { routePartitionName: "Cu2Si1-Local-PT", index: 2 },
        { routePartitionName: "Cu2-National-PT", index: 3 },
        { routePartitionName: "Cu2-Local-PT", index: 4 },
      ],
    });
    expect(objects[6]!.value).to.deep.equal({ name: "Cu2Si1-DP", dateTimeSettingName: "CMLocal", callManagerGroupName: "Default", regionName: "Dallas-Region", srstName: "Disable", locationName: "Cu2Si1-Loc" });
    expect(objects[5]!.fields.betweenLocations).to.deep.equal(["Hub_None: weight 50, audio 0, video 384, immersive 384 kbit/s"]);
  });

  it("checks a dial plan's numbers, country code, classes and emergency numbers", () => {
    expect(validateCucmDialPlan({ ...dialPlan, extensionLength: 0, countryCallingCode: "01", emergencyNumbers: ["911", "911"] } as never)).to.deep.equal([
      { property: "dialPlan.extensionLength", reason: "must be a whole number of digits from 1 to 15, e.g. 4; got 0" },
      { property: "dialPlan.countryCallingCode", reason: 'must be the country calling code of a country: digits without + or a leading 0, e.g. "1" (North America), "44" (UK) or "49" (Germany); got "01"' },
      { property: "dialPlan.emergencyNumbers", reason: "lists 911 more than once" },
    ]);
    expect(validateCucmSite(siteInputs({ dialPlan: { ...dialPlan, countryCallingCode: "49", routePatterns: { national: ["0XXXXXXXXX"], local: ["[2-9]XXXXXX"] } } }))).to.deep.equal([
      { property: "dialPlan.emergencyNumbers", reason: 'is required: ucflow knows the emergency numbers of country calling codes 1 and 44 only, and the site\'s emergency calls need route patterns; give them, e.g. ["112"]' },
    ]);
    expect(validateCucmSite(siteInputs())).to.deep.equal([]);
  });
});
