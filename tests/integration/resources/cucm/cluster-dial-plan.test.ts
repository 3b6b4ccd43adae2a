// ClusterDialPlan against the lab's Cluster1 through a real AxlClient: the customer's partitions
// and route patterns created as planned, a repeated create adopting them, objects ucflow did not
// make refused before any write, updates adding and removing objects, refresh reporting drift
// that the next update puts right, and delete leaving the seed as it was.
import { expect } from "chai";
import { getRoutePattern, getRoutePartition, removeRoutePattern, updateRoutePattern, updateRoutePartition } from "../../../../provider/backends/axl/dial-plan";
import { clusterDialPlanDefinition, provider as packagedProvider } from "../../../../provider/resources/cluster-dial-plan/provider";
import { convergingDrift } from "../../../../provider/resources/cluster-kind";
import { kindProvider } from "../../../../provider/resources/kind-provider";
import { CLUSTER, clusterObjects, created, failure, namesOf, withCucmLab } from "./support";

const inputs = { customer: "Cu2", cluster: CLUSTER, dialPlan: { extensionLength: 4, countryCallingCode: "1", outsideAccessCode: "9", gateway: "Cu1-PSTN-RL" } };

const PARTITIONS = ["Cu2-DN-PT", "Cu2-Local-PT", "Cu2-National-PT", "Cu2-International-PT", "Cu2-Premium-PT"];
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

describe("ClusterDialPlan on the lab's Cluster1", function () {
  this.timeout(60_000);
  const lab = withCucmLab();
  const provider = () => convergingDrift(kindProvider(clusterDialPlanDefinition(lab.clients)));

  it("checks its inputs, naming every bad property", async () => {
    const result = await provider().check!({}, { ...inputs, dialPlan: { ...inputs.dialPlan, countryCallingCode: "+1", routePatterns: { locals: ["[2-9]XXXXXX"] } }, site: "Cu2Si1" });
    expect(result.failures!.map((f) => f.property)).to.deep.equal(["site"]);
    const semantic = await provider().check!({}, { ...inputs, dialPlan: { ...inputs.dialPlan, countryCallingCode: "+1", routePatterns: { locals: ["[2-9]XXXXXX"] } } });
    expect(semantic.failures).to.deep.equal([
      { property: "dialPlan.countryCallingCode", reason: 'must be an E.164 country calling code: 1 to 3 digits, no + and no leading 0, e.g. "1" or "44"; got "+1"' },
      { property: "dialPlan.routePatterns.locals", reason: "is not a call class; the classes are local, national, mobile, international, premium" },
    ]);
  });

  it("creates the customer's partitions and route patterns, marked, sent to the route list, the access code discarded", async () => {
    const { id, outs } = await created(provider(), inputs);
    expect(id).to.equal("Cu2/Cluster1/dial-plan");
    expect(outs.linePartition).to.equal("Cu2-DN-PT");
    expect(outs.destination).to.deep.equal({ routeListName: "Cu1-PSTN-RL" });
    const objects = outs.objects as { kind: string; key: string; uuid: string }[];
    expect(objects.map((o) => o.key)).to.deep.equal([...PARTITIONS, ...PATTERNS]);
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
    expect(objects.map((o) => o.key)).to.deep.equal([...PARTITIONS, ...PATTERNS]);
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
        "already exist on cluster Cluster1, and ucflow does not take over objects it did not create; nothing was changed. Remove or rename them on the cluster; " +
        "to let ucflow adopt a partition, route pattern or calling search space that is this customer's, end its description with [ucflow:Cu2] " +
        "(a device pool or location has no description: remove it, and ucflow creates it again)",
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
    expect(back.objects).to.have.length(13);
    expect((await namesOf(env, "routePartition")).filter((n) => n.startsWith("Cu2-"))).to.deep.equal([...PARTITIONS].sort());
    expect((await namesOf(env, "routePattern")).filter((n) => n.includes("Cu2-"))).to.deep.equal([...PATTERNS].sort());
  });

  it("refresh reports a pattern sent elsewhere and a partition's mark removed by hand; the next update puts both right", async () => {
    const p = provider();
    const { id, outs } = await created(p, inputs);
    const client = lab.client();
    await updateRoutePattern(client, { pattern: "9.011!", routePartitionName: "Cu2-International-PT" }, { destination: { gatewayName: "Cu1-PSTN-SBC" } });
    await updateRoutePartition(client, { name: "Cu2-Local-PT" }, { description: "Local calls" });
    const read = await p.read!(id, outs);
    expect(read.props!.drift).to.deep.equal([
      'route partition Cu2-Local-PT: its description is "Local calls", without ucflow\'s mark [ucflow:Cu2] (ucflow sets "local calls [ucflow:Cu2]")',
      'route pattern 9.011! in Cu2-International-PT: destination is "gateway Cu1-PSTN-SBC" instead of "route list Cu1-PSTN-RL"',
    ]);
    expect(read.inputs).to.deep.equal(inputs);
    expect((await p.diff!(id, read.props!, inputs)).changes).to.equal(true);
    const fixed = (await p.update!(id, read.props!, inputs)).outs as Record<string, unknown>;
    expect(fixed.drift).to.equal(undefined);
    expect((await getRoutePattern(client, { pattern: "9.011!", routePartitionName: "Cu2-International-PT" })).destination).to.deep.equal({ routeListName: "Cu1-PSTN-RL" });
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

  it("is the provider the SDK registers", () => {
    expect(packagedProvider.create).to.be.a("function");
    expect(packagedProvider.diff).to.be.a("function");
  });
});
