// ClusterDialPlan against the lab's Cluster1 through a real AxlClient: the customer's partitions
// and route patterns created as planned, a repeated create adopting them, objects ucflow did not
// make refused before any write, updates adding and removing objects, refresh reporting drift
// that the next update puts right, and delete leaving the seed as it was; for calls in, the
// inbound partition, translation patterns and calling search space, which the lab keeps
// referentially sound (a partition or CSS they use cannot be removed).
import { expect } from "chai";
import { getCss, getRoutePattern, getRoutePartition, getTransPattern, removeCss, removeRoutePartition, removeRoutePattern, updateCss, updateRoutePattern, updateRoutePartition, updateTransPattern } from "../../../../provider/backends/axl/dial-plan";
import { isAxlFault } from "../../../../provider/backends/axl/errors";
import { clusterDialPlanDefinition, provider as packagedProvider } from "../../../../provider/resources/cluster-dial-plan/provider";
import { convergingDrift } from "../../../../provider/resources/cluster-kind";
import { kindProvider } from "../../../../provider/resources/kind-provider";
import { CLUSTER, clusterObjects, created, failure, namesOf, withCucmLab } from "./support";

const inputs = { customer: "Cu2", cluster: CLUSTER, dialPlan: { extensionLength: 4, countryCallingCode: "1", outsideAccessCode: "9", gateway: "Cu1-PSTN-RL" } };

const PARTITIONS = ["Cu2-DN-PT", "Cu2-Inbound-PT", "Cu2-Local-PT", "Cu2-National-PT", "Cu2-International-PT", "Cu2-Premium-PT"];
const PATTERNS = [
  "9.[2-9]XXXXXX in Cu2-Local-PT",
  "9.1[2-9]XX[2-9]XXXXXX in Cu2-National-PT",
  "9.1900[2-9]XXXXXX in Cu2-National-PT",
  "9.1976[2-9]XXXXXX in Cu2-National-PT",
  "9.011! in Cu2-International-PT",
  "9.011!# in Cu2-International-PT",
  "9.1900[2-9]XXXXXX in Cu2-Premium-PT",
  "9.1976[2-9]XXXXXX in Cu2-Premium-PT",
];
const INBOUND_CSS = "Cu2-Inbound-CSS";
const TRANSLATIONS = ["[2-9]XX[2-9]XXXXXX in Cu2-Inbound-PT", "1[2-9]XX[2-9]XXXXXX in Cu2-Inbound-PT"];
const ALL = [...PARTITIONS, ...PATTERNS, INBOUND_CSS, ...TRANSLATIONS];

describe("ClusterDialPlan on the lab's Cluster1", function () {
  this.timeout(60_000);
  const lab = withCucmLab();
  const provider = () => convergingDrift(kindProvider(clusterDialPlanDefinition(lab.clients)));

  it("checks its inputs, naming every bad property", async () => {
    const result = await provider().check!({}, { ...inputs, dialPlan: { ...inputs.dialPlan, countryCallingCode: "+1", routePatterns: { locals: ["[2-9]XXXXXX"] } }, site: "Cu2Si1" });
    expect(result.failures!.map((f) => f.property)).to.deep.equal(["site"]);
    const semantic = await provider().check!({}, { ...inputs, dialPlan: { ...inputs.dialPlan, countryCallingCode: "+1", routePatterns: { locals: ["[2-9]XXXXXX"] } } });
    expect(semantic.failures).to.deep.equal([
      { property: "dialPlan.countryCallingCode", reason: 'must be the country calling code of a country: digits without + or a leading 0, e.g. "1" (North America), "44" (UK) or "49" (Germany); got "+1"' },
      { property: "dialPlan.routePatterns.locals", reason: "is not a call class; the classes are local, national, mobile, international, premium" },
    ]);
  });

  it("creates the customer's partitions and route patterns, marked, sent to the route list, the access code discarded", async () => {
    const { id, outs } = await created(provider(), inputs);
    expect(id).to.equal("Cu2/Cluster1/dial-plan");
    expect(outs.linePartition).to.equal("Cu2-DN-PT");
    expect(outs.inboundCss).to.equal(INBOUND_CSS);
    expect(outs.destination).to.deep.equal({ routeListName: "Cu1-PSTN-RL" });
    const objects = outs.objects as { kind: string; key: string; uuid: string }[];
    expect(objects.map((o) => o.key)).to.deep.equal(ALL);
    expect(objects.every((o) => /^\{[0-9A-F-]{36}\}$/.test(o.uuid))).to.equal(true);

    const env = lab.env();
    expect((await namesOf(env, "routePartition")).filter((n) => n.startsWith("Cu2-"))).to.deep.equal([...PARTITIONS].sort());
    expect((await namesOf(env, "routePattern")).filter((n) => n.includes("Cu2-"))).to.deep.equal([...PATTERNS].sort());
    const client = lab.client();
    expect((await getRoutePartition(client, { name: "Cu2-DN-PT" })).description).to.equal("Directory numbers [ucflow:Cu2]");
    const national = await getRoutePattern(client, { pattern: "9.1[2-9]XX[2-9]XXXXXX", routePartitionName: "Cu2-National-PT" });
    expect(national).to.deep.include({ blockEnable: false, digitDiscardInstructionName: "PreDot", networkLocation: "OffNet", destination: { routeListName: "Cu1-PSTN-RL" }, description: "national call [ucflow:Cu2]" });
    const blocked = await getRoutePattern(client, { pattern: "9.1900[2-9]XXXXXX", routePartitionName: "Cu2-National-PT" });
    expect(blocked).to.deep.include({ blockEnable: true, digitDiscardInstructionName: "PreDot", description: "blocked: not national [ucflow:Cu2]" });
    const premium = await getRoutePattern(client, { pattern: "9.1900[2-9]XXXXXX", routePartitionName: "Cu2-Premium-PT" });
    expect(premium.blockEnable).to.equal(false);
  });

  it("creates the inbound partition, its translation patterns to +E.164 and the inbound CSS they route with, which finds the lines", async () => {
    await created(provider(), inputs);
    const env = lab.env();
    expect((await namesOf(env, "transPattern")).filter((n) => n.includes("Cu2-"))).to.deep.equal([...TRANSLATIONS].sort());
    expect((await namesOf(env, "css")).filter((n) => n.startsWith("Cu2-"))).to.deep.equal([INBOUND_CSS]);
    const client = lab.client();
    const css = await getCss(client, { name: INBOUND_CSS });
    expect(css.description).to.equal("PSTN in: the trunk's inbound CSS [ucflow:Cu2]");
    expect([...(css.members ?? [])].sort((a, b) => a.index - b.index).map((m) => m.routePartitionName)).to.deep.equal(["Cu2-Inbound-PT", "Cu2-DN-PT"]);
    expect((await getRoutePartition(client, { name: "Cu2-Inbound-PT" })).description).to.equal("PSTN in: translations to +E.164 [ucflow:Cu2]");
    const tenDigits = await getTransPattern(client, { pattern: "[2-9]XX[2-9]XXXXXX", routePartitionName: "Cu2-Inbound-PT" });
    expect(tenDigits).to.deep.include({ usage: "Translation", prefixDigitsOut: "+1", callingSearchSpaceName: INBOUND_CSS, useOriginatorCss: false, blockEnable: false, description: "PSTN in: 10 digits to +E.164 [ucflow:Cu2]" });
    expect(tenDigits.digitDiscardInstructionName ?? "").to.equal("");
    expect((await getTransPattern(client, { pattern: "1[2-9]XX[2-9]XXXXXX", routePartitionName: "Cu2-Inbound-PT" })).prefixDigitsOut).to.equal("+");
  });

  it("globalises UK called numbers: the NSN, 0 and the NSN (discarded PreDot), 44 and the NSN, each to +44", async () => {
    await created(provider(), { ...inputs, customer: "Cu3", dialPlan: { ...inputs.dialPlan, countryCallingCode: "44" } });
    const client = lab.client();
    const national = await getTransPattern(client, { pattern: "0.[1-9]XXXXXXXXX", routePartitionName: "Cu3-Inbound-PT" });
    expect(national).to.deep.include({ digitDiscardInstructionName: "PreDot", prefixDigitsOut: "+44", callingSearchSpaceName: "Cu3-Inbound-CSS" });
    expect((await namesOf(lab.env(), "transPattern")).filter((n) => n.includes("Cu3-"))).to.deep.equal(["0.[1-9]XXXXXXXXX in Cu3-Inbound-PT", "44[1-9]XXXXXXXXX in Cu3-Inbound-PT", "[1-9]XXXXXXXXX in Cu3-Inbound-PT"]);
  });

  it("the lab refuses to remove the inbound CSS or partition while translation patterns use them (-692), changing nothing", async () => {
    await created(provider(), inputs);
    const env = lab.env();
    const before = await clusterObjects(env);
    const client = lab.client();
    const cssInUse = await failure(removeCss(client, { name: INBOUND_CSS }));
    expect(isAxlFault(cssInUse) && cssInUse.axlcode, cssInUse.message).to.equal(-692);
    expect(cssInUse.message).to.include(`callingSearchSpaceName of Translation Pattern`).and.include(`refers to Calling Search Space ${INBOUND_CSS}`);
    expect(await clusterObjects(env)).to.deep.equal(before);
    // With the CSS no longer listing it, only the translation patterns hold the partition.
    await updateCss(client, { name: INBOUND_CSS }, { members: [{ routePartitionName: "Cu2-DN-PT", index: 1 }] });
    const partitionInUse = await failure(removeRoutePartition(client, { name: "Cu2-Inbound-PT" }));
    expect(isAxlFault(partitionInUse) && partitionInUse.axlcode, partitionInUse.message).to.equal(-692);
    expect(partitionInUse.message).to.include("routePartitionName of Translation Pattern").and.include("refers to Route Partition Cu2-Inbound-PT");
    expect((await namesOf(env, "transPattern")).filter((n) => n.includes("Cu2-"))).to.deep.equal([...TRANSLATIONS].sort());
  });

  it("sends calls to a SIP trunk or gateway named as the gateway, as destination/gatewayName", async () => {
    const { outs } = await created(provider(), { ...inputs, dialPlan: { ...inputs.dialPlan, gateway: "Cu1-PSTN-SBC" } });
    expect(outs.destination).to.deep.equal({ gatewayName: "Cu1-PSTN-SBC" });
    expect((await getRoutePattern(lab.client(), { pattern: "9.011!", routePartitionName: "Cu2-International-PT" })).destination).to.deep.equal({ gatewayName: "Cu1-PSTN-SBC" });
  });

  it("fails before any write when the gateway is not on the cluster, saying what is", async () => {
    const before = await clusterObjects(lab.env());
    const error = await failure(provider().create!({ ...inputs, dialPlan: { ...inputs.dialPlan, gateway: "Cu2-PSTN-RL" } }));
    expect(error.message).to.equal(
      'cluster dial plan of Cu2 on Cluster1: dialPlan.gateway "Cu2-PSTN-RL" is not a route list, SIP trunk or gateway on cluster Cluster1; nothing was changed. ' +
        "The cluster has route lists Cu1-PSTN-RL, Fabrikam-PSTN-RL; SIP trunks Cu1-PSTN-SBC; gateways 10.10.1.1. Give the name of the one outside calls leave through, or create it on the cluster first",
    );
    expect(await clusterObjects(lab.env())).to.deep.equal(before);
  });

  it("adopts what a killed run left (a create with no state): same objects, nothing written", async () => {
    const first = await created(provider(), inputs);
    const before = await clusterObjects(lab.env());
    const again = await created(provider(), inputs);
    expect(again.outs.objects).to.deep.equal(first.outs.objects);
    expect(await clusterObjects(lab.env())).to.deep.equal(before);

    // A run killed half-way: what is missing is added, the rest adopted as it is.
    await removeRoutePattern(lab.client(), { pattern: "9.011!#", routePartitionName: "Cu2-International-PT" });
    const third = await created(provider(), inputs);
    const objects = third.outs.objects as { key: string; uuid: string }[];
    expect(objects.map((o) => o.key)).to.deep.equal(ALL);
    const changed = objects.filter((o, i) => o.uuid !== (first.outs.objects as { uuid: string }[])[i]!.uuid).map((o) => o.key);
    expect(changed).to.deep.equal(["9.011!# in Cu2-International-PT"]);
  });

  it("refuses a partition with its name that ucflow did not create, or that is another customer's, writing nothing", async () => {
    const env = lab.env();
    await env.control.seed("axl", { objects: [{ kind: "routePartition", name: "Cu2-DN-PT", description: "Fabrikam numbers" }, { kind: "routePartition", name: "Cu2-Premium-PT", description: "premium [ucflow:Cu1]" }] });
    const before = await clusterObjects(env);
    const error = await failure(provider().create!(inputs));
    expect(error.message).to.equal(
      "cluster dial plan of Cu2 on Cluster1: " +
        'route partition Cu2-DN-PT (it is not in ucflow\'s state and its description "Fabrikam numbers", without ucflow\'s mark [ucflow:Cu2]); ' +
        "route partition Cu2-Premium-PT (it is not in ucflow's state and its description ends with [ucflow:Cu1], the mark of another ucflow customer or site) " +
        "already exist on cluster Cluster1, and ucflow does not take over objects it did not create; nothing was changed. " +
        "To bring them under management, set adoption: {existing: adopt} on the customer (its dial plan) or the site (docs/adoption.md); " +
        "otherwise remove or rename them on the cluster, or end the description of a partition, route pattern or calling search space that is this customer's with [ucflow:Cu2]",
    );
    expect(await clusterObjects(env)).to.deep.equal(before);
  });

  it("update adds and removes objects: a new access code replaces the patterns, a mobile override adds a partition and taking it back removes it", async () => {
    const p = provider();
    const { id, outs } = await created(p, inputs);
    const uuidOf = (objects: unknown, key: string) => (objects as { key: string; uuid: string }[]).find((o) => o.key === key)?.uuid;
    const news = { ...inputs, dialPlan: { ...inputs.dialPlan, outsideAccessCode: "8", routePatterns: { mobile: ["1[2-9]XX[2-9]XXXXXX"] } } };
    expect((await p.diff!(id, outs, news)).changes).to.equal(true);
    const updated = (await p.update!(id, outs, news)).outs as Record<string, unknown>;
    const env = lab.env();
    const patterns = (await namesOf(env, "routePattern")).filter((n) => n.includes("Cu2-"));
    expect(patterns.every((n) => n.startsWith("8."))).to.equal(true);
    expect(patterns).to.include("8.1[2-9]XX[2-9]XXXXXX in Cu2-Mobile-PT");
    expect(uuidOf(updated.objects, "Cu2-DN-PT")).to.equal(uuidOf(outs.objects, "Cu2-DN-PT"));

    const back = (await p.update!(id, updated, inputs)).outs as Record<string, unknown>;
    expect(back.objects).to.have.length(ALL.length);
    expect((await namesOf(env, "routePartition")).filter((n) => n.startsWith("Cu2-"))).to.deep.equal([...PARTITIONS].sort());
    expect((await namesOf(env, "routePattern")).filter((n) => n.includes("Cu2-"))).to.deep.equal([...PATTERNS].sort());
  });

  it("refresh reports a pattern sent elsewhere and a partition's mark removed by hand; the next update puts both right", async () => {
    const p = provider();
    const { id, outs } = await created(p, inputs);
    const client = lab.client();
    await updateRoutePattern(client, { pattern: "9.011!", routePartitionName: "Cu2-International-PT" }, { destination: { gatewayName: "Cu1-PSTN-SBC" } });
    await updateRoutePartition(client, { name: "Cu2-Local-PT" }, { description: "Local calls" });
    const tenDigits = { pattern: "[2-9]XX[2-9]XXXXXX", routePartitionName: "Cu2-Inbound-PT" };
    await updateTransPattern(client, tenDigits, { prefixDigitsOut: "+44", useOriginatorCss: true });
    const read = await p.read!(id, outs);
    expect(read.props!.drift).to.deep.equal([
      'route partition Cu2-Local-PT: its description is "Local calls", without ucflow\'s mark [ucflow:Cu2] (ucflow sets "local calls [ucflow:Cu2]")',
      'route pattern 9.011! in Cu2-International-PT: destination is "gateway Cu1-PSTN-SBC" instead of "route list Cu1-PSTN-RL"',
      'translation pattern [2-9]XX[2-9]XXXXXX in Cu2-Inbound-PT: prefixDigitsOut is "+44" instead of "+1"',
      "translation pattern [2-9]XX[2-9]XXXXXX in Cu2-Inbound-PT: useOriginatorCss is true instead of false",
    ]);
    expect(read.inputs).to.deep.equal(inputs);
    expect((await p.diff!(id, read.props!, inputs)).changes).to.equal(true);
    const fixed = (await p.update!(id, read.props!, inputs)).outs as Record<string, unknown>;
    expect(fixed.drift).to.equal(undefined);
    expect((await getRoutePattern(client, { pattern: "9.011!", routePartitionName: "Cu2-International-PT" })).destination).to.deep.equal({ routeListName: "Cu1-PSTN-RL" });
    expect(await getTransPattern(client, tenDigits)).to.deep.include({ prefixDigitsOut: "+1", useOriginatorCss: false });
    expect((await p.read!(id, fixed)).props!.drift).to.equal(undefined);
    expect((await p.diff!(id, fixed, inputs)).changes).to.equal(false);
  });

  it("refresh reports it gone when none of its objects is left", async () => {
    const p = provider();
    const { id, outs } = await created(p, inputs);
    await lab.env().control.reset("axl");
    expect(await p.read!(id, outs)).to.deep.equal({});
  });

  it("delete removes what carries the mark, patterns first, and leaves the seed as it was", async () => {
    const env = lab.env();
    const seed = await clusterObjects(env);
    const p = provider();
    const { id, outs } = await created(p, inputs);
    await p.delete!(id, outs);
    expect(await clusterObjects(env)).to.deep.equal(seed);
  });

  it("delete keeps an object whose mark was removed, and names a partition still in use, removing everything else", async () => {
    const env = lab.env();
    const p = provider();
    const { id, outs } = await created(p, inputs);
    const client = lab.client();
    await updateRoutePartition(client, { name: "Cu2-Premium-PT" }, { description: "kept by hand" });
    await env.control.seed("axl", { objects: [{ kind: "css", name: "Cu2-Hand-CSS", members: [{ routePartitionName: "Cu2-DN-PT", index: 1 }] }] });
    const error = await failure(p.delete!(id, outs));
    expect(error.message).to.equal(
      "cluster dial plan of Cu2 on Cluster1: one object could not be removed; the rest were removed, and running the command again retries only these:\n" +
        "  - route partition Cu2-DN-PT is still in use on cluster Cluster1, so ucflow did not remove it (Key value for constraint " +
        "(members/member/routePartitionName of Calling Search Space Cu2-Hand-CSS refers to Route Partition Cu2-DN-PT) is still being referenced); " +
        "remove what refers to it first (a site's calling search spaces go with its CucmSite, lines with their subscribers)",
    );
    expect((await namesOf(env, "routePartition")).filter((n) => n.startsWith("Cu2-"))).to.deep.equal(["Cu2-DN-PT", "Cu2-Premium-PT"]);
    expect((await namesOf(env, "routePattern")).filter((n) => n.includes("Cu2-"))).to.deep.equal([]);
  });

  it("goes through a lost answer on an add, an update and a removal in one call: the add read back, not made twice or failed", async () => {
    const env = lab.env();
    const seed = await clusterObjects(env);
    // Each operation runs on the cluster, then the connection drops unanswered.
    const lostAfter = (operation: string) => ({ service: "axl", path: `^/axl/${operation}$`, action: "reset" as const, count: 1 });
    await env.control.addFaults([lostAfter("addRoutePartition"), lostAfter("addRoutePattern"), lostAfter("addCss")]);
    const p = provider();
    const { id, outs } = await created(p, inputs);
    expect((outs.objects as { key: string }[]).map((o) => o.key)).to.deep.equal(ALL);
    expect((await namesOf(env, "routePartition")).filter((n) => n.startsWith("Cu2-"))).to.deep.equal([...PARTITIONS].sort());
    expect((await namesOf(env, "css")).filter((n) => n.startsWith("Cu2-"))).to.deep.equal([INBOUND_CSS]);
    const held = (await clusterObjects(env)) as Record<string, Record<string, unknown>>;
    for (const o of outs.objects as { kind: string; key: string; uuid: string }[]) {
      expect(Object.keys(held[o.kind] ?? {}).map((u) => u.replace(/[{}]/g, "").toLowerCase()), `${o.kind} ${o.key}: the uuid state records`).to.include(o.uuid.replace(/[{}]/g, "").toLowerCase());
    }

    const client = lab.client();
    await updateRoutePartition(client, { name: "Cu2-Local-PT" }, { description: "changed by hand" });
    const read = await p.read!(id, outs);
    await env.control.addFaults([lostAfter("updateRoutePartition")]);
    const fixed = (await p.update!(id, read.props!, inputs)).outs as Record<string, unknown>;
    expect((await getRoutePartition(client, { name: "Cu2-Local-PT" })).description).to.match(/\[ucflow:Cu2\]$/);

    await env.control.addFaults([lostAfter("removeTransPattern"), lostAfter("removeRoutePartition")]);
    await p.delete!(id, fixed);
    expect(await clusterObjects(env)).to.deep.equal(seed);
    const { rules } = await env.control.faults();
    expect(rules.map((r) => r.fired), "every lost answer happened").to.deep.equal([1, 1, 1, 1, 1, 1]);
  });

  it("is the provider the SDK registers", () => {
    expect(packagedProvider.create).to.be.a("function");
    expect(packagedProvider.diff).to.be.a("function");
  });
});
