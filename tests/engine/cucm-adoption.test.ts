// Adoption on Unified CM, end to end: the root program on the real Pulumi CLI adopts the lab's
// seeded Contoso Chicago site on Cluster1 (its dial plan, device pool, location and calling
// search spaces under their own names, and its people's users, lines and phones) without a
// single add or remove on the cluster, asserted from the lab's request log; state records what
// was adopted, a second preview shows no changes, and destroy gives Cluster1 back as seeded.
import * as path from "node:path";
import { expect } from "chai";
import type { LabRequest } from "../../lab/control/control-client";
import { changesOf } from "./harness";
import { everyObject, readDefinition, startCiscoLab, type CiscoLab } from "./cucm-lab";

/** Contoso as Cluster1 has it, named as it is named there: the example the docs show. */
const CONTOSO_ADOPT_FILE = path.resolve(__dirname, "../../../examples/cucm-customer/contoso-adopt.yaml");

/**
 * An object's fields with references set to none left out: the lab keeps a reference put back
 * to none (e.g. a remote destination profile's reroute calling search space) as null, where one
 * never set is absent; AXL reads both as empty.
 */
function none(fields: string | undefined): string | undefined {
  return fields === undefined ? undefined : JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(fields) as Record<string, unknown>).filter(([, v]) => v !== null)));
}

/** AXL requests that add or remove an object. */
function addsAndRemoves(requests: readonly LabRequest[]): string[] {
  return requests.filter((r) => r.service === "axl" && /^(add|remove)/.test(r.operation ?? "")).map((r) => `${r.operation} (${r.status})`);
}

describe("Unified CM adoption of the seeded Contoso Chicago site (real Pulumi CLI, the lab's AXL)", function () {
  this.timeout(1_200_000);
  let lab: CiscoLab;
  let seeded: Map<string, string>;

  before(async () => {
    lab = await startCiscoLab({ name: "cucm-adoption", definition: readDefinition(CONTOSO_ADOPT_FILE) });
    seeded = everyObject(await lab.axl());
  });

  after(async () => {
    await lab?.dispose();
  });

  it("up adopts the site and its people with not a single add or remove on the cluster", async () => {
    await lab.control.clearRequests();
    const up = await lab.project.up();
    expect(changesOf(up.changeSummary).create).to.be.greaterThan(0);
    const requests = await lab.control.requests();
    expect(requests.some((r) => r.service === "axl" && r.operation?.startsWith("get")), "the lab logged the run").to.equal(true);
    expect(addsAndRemoves(requests)).to.deep.equal([]);
    expect(requests.filter((r) => r.service === "cupi" && r.write)).to.deep.equal([]);
    // Nothing new, nothing gone.
    expect([...everyObject(await lab.axl()).keys()].sort()).to.deep.equal([...seeded.keys()].sort());
  });

  it("state records the adopted objects: the dial plan's line partition, the site's, and each person's user, line and phones", async () => {
    const { deployment } = await lab.project.exportState();
    const resources = deployment.resources ?? [];
    const outputs = (type: string) => resources.filter((r) => r.type.endsWith(type)).map((r) => r.outputs ?? {});
    const [dialPlan] = outputs("ClusterDialPlan");
    expect(dialPlan!.objects).to.deep.equal([{ kind: "routePartition", key: "Cu1-DirNum-PT", uuid: (dialPlan!.objects as { uuid: string }[])[0]!.uuid, adopted: true }]);
    expect(dialPlan!.linePartition).to.equal("Cu1-DirNum-PT");
    const [site] = outputs("CucmSite");
    expect((site!.objects as { key: string; adopted?: boolean }[]).map((o) => `${o.key}${o.adopted ? " adopted" : ""}`)).to.deep.equal([
      "Cu1-Internal-CSS adopted",
      "Cu1-National-CSS adopted",
      "Cu1Si1-Location adopted",
      "Cu1Si1-DevicePool adopted",
    ]);
    const [set] = outputs("SubscriberSet");
    const given = Object.values(set!.given as Record<string, Record<string, any>>);
    const byUser = Object.fromEntries(given.map((g) => [g.userid, g]));
    expect(Object.keys(byUser).sort()).to.deep.equal(["akim", "jsmith", "mgarcia", "tnguyen"]);
    for (const g of given) {
      expect(g.user.added, `${g.userid}: the user was there`).to.equal(false);
      expect(g.line.added, `${g.userid}: the line was there`).to.equal(false);
    }
    expect(byUser.jsmith.line.pattern).to.equal("4000");
    expect(byUser.jsmith.deskPhone).to.include({ name: "SEP00AABB000001", adopted: true });
    expect(byUser.tnguyen.deskPhone).to.include({ name: "SEP00AABB000003", adopted: true });
    expect(byUser.mgarcia.deskPhone).to.include({ name: "SEP00AABB000002", adopted: true });
    expect(byUser.mgarcia.jabber).to.include({ name: "CSFMGARCIA", adopted: true });
    expect(byUser.akim.rdp).to.include({ name: "akim-RDP", adopted: true });
  });

  it("a second preview shows no changes, nor does one after a refresh (the adopted objects read back as adopted, no drift)", async () => {
    await lab.project.preview({ expectNoChanges: true });
    await lab.control.clearRequests();
    await lab.project.refresh();
    expect((await lab.control.requests()).filter((r) => r.write)).to.deep.equal([]);
    await lab.project.preview({ expectNoChanges: true });
  });

  it("destroy leaves Cluster1 exactly as seeded: the adopted objects stay, as they were", async () => {
    await lab.control.clearRequests();
    await lab.project.destroy();
    expect(addsAndRemoves(await lab.control.requests())).to.deep.equal([]);
    const after = everyObject(await lab.axl());
    const changed = [...seeded].filter(([key, fields]) => none(after.get(key)) !== none(fields)).map(([key, fields]) => `${key}\n  seeded: ${fields}\n  now:    ${after.get(key)}`);
    expect(changed, changed.join("\n")).to.deep.equal([]);
    expect([...after.keys()].sort()).to.deep.equal([...seeded.keys()].sort());
  });
});
