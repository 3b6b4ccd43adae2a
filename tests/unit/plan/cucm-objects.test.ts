import { expect } from "chai";
import {
  cucmObjectId,
  cucmObjectsDrift,
  cucmPatternKey,
  type CucmObjectRecord,
  type DesiredCucmObject,
  type ObservedCucmObject,
  parseCucmPatternKey,
  planCucmObjects,
} from "../../../provider/plan";

const MARK = "[ucflow:Cu2]";
const partition = (name: string, description = `calls ${MARK}`): DesiredCucmObject => ({ kind: "routePartition", key: name, fields: { description }, value: { name } });
const pattern = (key: string, destination = "route list RL"): DesiredCucmObject => ({ kind: "routePattern", key, fields: { description: `call ${MARK}`, destination }, value: { key } });
const css = (name: string, members: string[]): DesiredCucmObject => ({ kind: "css", key: name, fields: { description: `css ${MARK}`, members }, value: { name } });
const pool = (name: string, region = "Default"): DesiredCucmObject => ({ kind: "devicePool", key: name, fields: { regionName: region, locationName: "Si1-Loc" }, value: { name } });

const seen = (uuid: string, fields: ObservedCucmObject["fields"]): ObservedCucmObject => ({ uuid, fields });
const observedFrom = (entries: [DesiredCucmObject | CucmObjectRecord, ObservedCucmObject | undefined][]) => new Map(entries.map(([o, v]) => [cucmObjectId(o.kind, o.key), v]));

describe("plan: Unified CM objects (ownership, writes, drift)", () => {
  it("keys patterns by pattern and partition, the partition may have spaces", () => {
    expect(cucmPatternKey("9.011!", "Cu2 International")).to.equal("9.011! in Cu2 International");
    expect(parseCucmPatternKey("9.011! in Cu2 International")).to.deep.equal({ pattern: "9.011!", partition: "Cu2 International" });
    expect(() => parseCucmPatternKey("Cu2-DN-PT")).to.throw(/not a pattern key/);
  });

  it("adds what is missing in dependency order, updates only differing fields, leaves what matches alone", () => {
    const pt = partition("Cu2-DN-PT");
    const rp = pattern("9.X in Cu2-DN-PT");
    const cs = css("Si1-CSS", ["Cu2-DN-PT"]);
    const dp = pool("Si1-DP");
    const plan = planCucmObjects({
      desired: [dp, cs, rp, pt],
      observed: observedFrom([
        [pt, seen("{1}", { description: `calls ${MARK}` })],
        [rp, seen("{2}", { description: `call ${MARK}`, destination: "gateway GW" })],
        [cs, undefined],
        [dp, undefined],
      ]),
      recorded: [],
      mark: MARK,
    });
    expect(plan.conflicts).to.deep.equal([]);
    expect(plan.writes.map((w) => (w.op === "remove" ? `remove ${w.record.key}` : `${w.op} ${w.object.key}${w.op === "update" ? ` ${w.fields.join(",")}` : ""}`))).to.deep.equal([
      "update 9.X in Cu2-DN-PT destination",
      "add Si1-CSS",
      "add Si1-DP",
    ]);
    expect(plan.owned.map((r) => r.uuid)).to.deep.equal(["{2}", "{1}"]);
  });

  it("compares names ignoring case and descriptions exactly, lists in order", () => {
    const cs = css("Si1-CSS", ["Cu2-DN-PT", "Si1-Local-PT"]);
    const plan = (members: string[], description = `css ${MARK}`) =>
      planCucmObjects({ desired: [cs], observed: observedFrom([[cs, seen("{1}", { description, members })]]), recorded: [], mark: MARK }).writes;
    expect(plan(["cu2-dn-pt", "SI1-LOCAL-PT"])).to.deep.equal([]);
    expect(plan(["Si1-Local-PT", "Cu2-DN-PT"])).to.have.length(1);
    expect(plan(["Cu2-DN-PT", "Si1-Local-PT"], `CSS ${MARK}`)).to.have.length(1);
  });

  it("refuses objects under its names that carry no mark, another's mark, or differ as device pools, unless state records them", () => {
    const mine = partition("Cu2-DN-PT");
    const theirs = partition("Cu2-Local-PT");
    const empty = partition("Cu2-National-PT");
    const dp = pool("Si1-DP");
    const observed = observedFrom([
      [mine, seen("{1}", { description: "Fabrikam numbers" })],
      [theirs, seen("{2}", { description: "local [ucflow:Cu1]" })],
      [empty, seen("{3}", {})],
      [dp, seen("{4}", { regionName: "Dallas", locationName: "Si1-Loc" })],
    ]);
    const plan = planCucmObjects({ desired: [mine, theirs, empty, dp], observed, recorded: [], mark: MARK });
    expect(plan.conflicts).to.deep.equal([
      `route partition Cu2-DN-PT (it is not in ucflow's state and its description "Fabrikam numbers", without ucflow's mark ${MARK})`,
      "route partition Cu2-Local-PT (it is not in ucflow's state and its description ends with [ucflow:Cu1], the mark of another ucflow customer or site)",
      `route partition Cu2-National-PT (it is not in ucflow's state and its description is empty, without ucflow's mark ${MARK})`,
      `device pool Si1-DP (it is not in ucflow's state and differs from what ucflow creates (regionName is "Dallas", not "Default"))`,
    ]);
    // State recording the same uuids makes them ucflow's: their fields are put right.
    const recorded: CucmObjectRecord[] = [
      { kind: "routePartition", key: "Cu2-DN-PT", uuid: "{1}" },
      { kind: "devicePool", key: "Si1-DP", uuid: "{4}" },
    ];
    const owned = planCucmObjects({ desired: [mine, dp], observed, recorded, mark: MARK });
    expect(owned.conflicts).to.deep.equal([]);
    expect(owned.writes.map((w) => w.op)).to.deep.equal(["update", "update"]);
    // The same name with another uuid is another object.
    const replaced = planCucmObjects({ desired: [mine], observed, recorded: [{ ...recorded[0]!, uuid: "{9}" }], mark: MARK });
    expect(replaced.conflicts[0]).to.match(/it is not the one ucflow recorded \(uuid \{1\}, not \{9\}\)/);
  });

  it("adopts a device pool exactly as ucflow creates it, writing nothing", () => {
    const dp = pool("Si1-DP");
    const plan = planCucmObjects({ desired: [dp], observed: observedFrom([[dp, seen("{4}", { regionName: "default", locationName: "Si1-Loc" })]]), recorded: [], mark: MARK });
    expect(plan).to.deep.equal({ writes: [], conflicts: [], owned: [{ kind: "devicePool", key: "Si1-DP", uuid: "{4}" }], missing: [] });
  });

  it("removes recorded objects no longer wanted, references first; not an object that replaced the recorded one", () => {
    const recorded: CucmObjectRecord[] = [
      { kind: "routePartition", key: "Cu2-Mobile-PT", uuid: "{1}" },
      { kind: "routePattern", key: "9.07X in Cu2-Mobile-PT", uuid: "{2}" },
      { kind: "css", key: "Si1-Old-CSS", uuid: "{3}" },
      { kind: "devicePool", key: "Si1-Old-DP", uuid: "{4}" },
      { kind: "css", key: "Si1-Gone-CSS", uuid: "{5}" },
    ];
    const observed = observedFrom([
      [recorded[0]!, seen("{1}", { description: `mobile ${MARK}` })],
      [recorded[1]!, seen("{2}", { description: "" })],
      [recorded[2]!, seen("{3}", { description: `old ${MARK}` })],
      [recorded[3]!, seen("{99}", {})],
      [recorded[4]!, undefined],
    ]);
    const plan = planCucmObjects({ desired: [], observed, recorded, mark: MARK });
    expect(plan.writes.map((w) => (w.op === "remove" ? w.record.key : w.op))).to.deep.equal(["Si1-Old-CSS", "9.07X in Cu2-Mobile-PT", "Cu2-Mobile-PT"]);
  });

  it("adds a translation pattern after the calling search space it routes with, and removes it before that and its partition", () => {
    const pt = partition("Cu2-Inbound-PT");
    const cs = css("Cu2-Inbound-CSS", ["Cu2-Inbound-PT", "Cu2-DN-PT"]);
    const tp: DesiredCucmObject = { kind: "transPattern", key: "[2-9]XX[2-9]XXXXXX in Cu2-Inbound-PT", fields: { description: `in ${MARK}`, prefixDigitsOut: "+1" }, value: {} };
    const dp = pool("Si1-DP");
    const adds = planCucmObjects({ desired: [dp, tp, cs, pt], observed: observedFrom([[pt, undefined], [cs, undefined], [tp, undefined], [dp, undefined]]), recorded: [], mark: MARK });
    expect(adds.writes.map((w) => (w.op === "add" ? w.object.kind : w.op))).to.deep.equal(["routePartition", "css", "transPattern", "devicePool"]);
    const recorded: CucmObjectRecord[] = [pt, cs, tp].map((o, i) => ({ kind: o.kind, key: o.key, uuid: `{${i}}` }));
    const observed = observedFrom(recorded.map((r) => [r, seen(r.uuid, { description: `x ${MARK}` })]));
    const removals = planCucmObjects({ desired: [], observed, recorded, mark: MARK });
    expect(removals.writes.map((w) => (w.op === "remove" ? w.record.kind : w.op))).to.deep.equal(["transPattern", "css", "routePartition"]);
    // A translation pattern carries the mark like a route pattern: without it, it is not ucflow's.
    const foreign = planCucmObjects({ desired: [tp], observed: observedFrom([[tp, seen("{7}", { description: "by hand" })]]), recorded: [], mark: MARK });
    expect(foreign.conflicts).to.deep.equal([`translation pattern [2-9]XX[2-9]XXXXXX in Cu2-Inbound-PT (it is not in ucflow's state and its description "by hand", without ucflow's mark ${MARK})`]);
  });

  it("reports drift: missing, mark gone, field changed, replaced, not recorded, and what is no longer wanted", () => {
    const pt = partition("Cu2-DN-PT");
    const local = partition("Cu2-Local-PT");
    const cs = css("Si1-CSS", ["Cu2-DN-PT", "Si1-Local-PT"]);
    const rp = pattern("911 in Si1-Local-PT");
    const leftover = partition("Cu2-Premium-PT");
    const recorded: CucmObjectRecord[] = [
      { kind: "routePartition", key: "Cu2-DN-PT", uuid: "{1}" },
      { kind: "routePartition", key: "Cu2-Local-PT", uuid: "{2}" },
      { kind: "css", key: "Si1-CSS", uuid: "{3}" },
      { kind: "routePattern", key: "911 in Si1-Local-PT", uuid: "{4}" },
      { kind: "routePartition", key: "Cu2-Mobile-PT", uuid: "{6}" },
    ];
    const observed = observedFrom([
      [pt, undefined],
      [local, seen("{2}", { description: "Local calls" })],
      [cs, seen("{3}", { description: `css ${MARK}`, members: ["Cu2-DN-PT"] })],
      [rp, seen("{40}", { description: "hand made", destination: "route list RL" })],
      [leftover, seen("{5}", { description: `calls ${MARK}` })],
      [recorded[4]!, seen("{6}", { description: `mobile ${MARK}` })],
    ]);
    expect(cucmObjectsDrift({ desired: [pt, local, cs, rp, leftover], observed, recorded, mark: MARK })).to.deep.equal([
      "route partition Cu2-DN-PT is missing",
      `route partition Cu2-Local-PT: its description is "Local calls", without ucflow's mark ${MARK} (ucflow sets "calls ${MARK}")`,
      "calling search space Si1-CSS: members is Cu2-DN-PT instead of Cu2-DN-PT, Si1-Local-PT",
      `route pattern 911 in Si1-Local-PT is on the cluster, but it is not the one ucflow recorded (uuid {40}, not {4}) and its description "hand made", without ucflow's mark ${MARK}`,
      "route partition Cu2-Premium-PT carries ucflow's mark but is not in ucflow's state",
      "route partition Cu2-Mobile-PT is no longer wanted but still on the cluster",
    ]);
  });
});
