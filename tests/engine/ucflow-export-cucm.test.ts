// `ucflow export --platform cucm` on the real engine against the lab's seeded Cluster1: the built
// command reads Contoso's part of the cluster (customer code Cu1) with the stack's own settings
// and writes a definition that the program loads, with adoption on; its preview selects each
// of Contoso's end users with a line into the site they are at and the extension they have, so
// no subscriber gets a new number.
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { startLab, type LabHandle } from "../../lab";
import { CLUSTER1, createCiscoServices, type AxlClusterState } from "../../lab/cisco";
import { LabControlClient } from "../../lab/control/control-client";
import { decodeCustomerDefinition, describeDefinitionProblem } from "../../sdk/definition/customer-definition";
import { setClusterLabConfig, setUnityConnectionLabConfig } from "./cisco-lab-config";
import { everyObject } from "./cucm-lab";
import { compiledProgram, EngineProject } from "./harness";
import { setSteps } from "./teams-lab";
import { ucflow } from "./ucflow-command";

describe("ucflow export --platform cucm (the built command, real Pulumi CLI, the lab's Cluster1)", function () {
  this.timeout(1_200_000);
  let lab: LabHandle;
  let control: LabControlClient;
  let project: EngineProject;
  let stateDir: string;
  const file = "customers/contoso-cucm.yaml";

  before(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "ucflow-export-cucm-lab-"));
    lab = await startLab({ stateDir, tlsDir: process.env.UCFLOW_TEST_TLS_DIR, services: createCiscoServices().all, ldap: false, log: () => undefined });
    control = new LabControlClient(lab.endpoints.control, lab.caCertPem);
    project = await EngineProject.create({ name: "ucflow-export-cucm", main: compiledProgram("../../examples/customer/index.js"), env: { NODE_EXTRA_CA_CERTS: lab.caCertPath } });
    await setClusterLabConfig(project, lab);
    await setUnityConnectionLabConfig(project, lab);
  });

  after(async () => {
    await project?.dispose();
    await lab?.stop();
    if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it("writes a definition that decodes and adopts, reading the cluster without a write", async () => {
    await control.clearRequests();
    const run = await ucflow(["export", "--platform", "cucm", "--customer-code", "Cu1", "--out", file], { cwd: project.dir, env: project.environment() });
    expect(run.exitCode, run.stderr).to.equal(0);
    expect(run.stdout).to.include(`pulumi config set customerFile ${file}`).and.to.include("1 site, 0 dial plans, 1 class of service, 1 number range, 4 profiles, 4 flow-through entries, 0 pinned users");
    expect(run.stdout + run.stderr, "no credential is printed").to.not.include("password");
    const writes = (await control.requests({ service: "axl" })).filter((r) => r.write);
    expect(writes.map((r) => r.operation), "the export only reads").to.deep.equal([]);
    const text = fs.readFileSync(path.join(project.dir, file), "utf8");
    const raw = parse(text);
    const decoded = decodeCustomerDefinition(raw, "contoso-cucm.yaml");
    expect(decoded.ok, decoded.ok ? "" : decoded.problems.map(describeDefinitionProblem).join("\n")).to.equal(true);
    expect(raw.customer).to.deep.equal({ code: "Cu1", name: "Cu1", adoption: { existing: "adopt" } });
    expect(raw.sites.map((s: any) => [s.code, s.cucm.cluster, s.adoption])).to.deep.equal([["Cu1Si1", "Cluster1", { existing: "adopt" }]]);
    // The seeded lines send external calls only to voicemail, and the export says so.
    expect(raw.clusters[0].voicemail).to.deep.equal({ profile: CLUSTER1.voiceMailProfile, unityConnection: "UCxn1", forwardInternalCalls: false });
    expect(text, "lchen, who has no line, is listed as left out").to.match(/#\s+lchen: has no primary extension/);
  });

  it("previews each of Contoso's end users with a line at their site, with the extension, phone and services they have", async () => {
    await project.setConfig("customerFile", file);
    const markdown = await ucflow(["preview", "--markdown"], { cwd: project.dir, env: project.environment() });
    expect(markdown.exitCode, markdown.stderr).to.equal(0);
    // A new stack of it only adds (creates adopt what exists): no update, delete, replace, move or removal.
    expect(markdown.stdout).to.include("0 to update, 0 to delete, 0 to replace").and.to.include("4 added, 0 moved, 0 updated, 0 removed");
    const digest = await project.preview();
    const planned: Record<string, any> = {};
    for (const step of setSteps(digest.steps)) Object.assign(planned, step.newState?.inputs?.subscribers ?? {});
    const byUserid = Object.fromEntries(Object.values(planned).map((s: any) => [s.userid, [s.site, s.extension, s.services.phone?.product ?? null, s.services.jabber, s.services.singleNumberReach, s.services.imAndPresence]]));
    expect(byUserid).to.deep.equal({
      jsmith: ["Cu1Si1", "4000", "Cisco 8845", false, false, false],
      mgarcia: ["Cu1Si1", "4001", "Cisco 8865", true, false, true],
      akim: ["Cu1Si1", "4002", null, false, true, false],
      tnguyen: ["Cu1Si1", "4003", "Cisco 7841", false, false, false],
    });
  });

  // What Unified CM subscriber adoption still writes to an estate the export describes, because
  // a definition cannot say otherwise: ucflow gives the remote destination profile the site's
  // device CSS and the line's CSS as reroute CSS (akim-RDP has Cu1-National-CSS and no reroute
  // CSS). Nothing is added or removed; when adoption writes none of these, the list below becomes
  // empty (and destroy then gives the cluster back exactly as seeded).
  const STILL_UPDATED = ["remoteDestinationProfile akim-RDP"];

  it("up adds and removes nothing on the cluster and updates only what adoption still updates; the next preview has no changes; destroy keeps every seeded object", async () => {
    const seeded = everyObject((await control.state("axl")) as AxlClusterState);
    const name = (key: string, fields: string) => {
      const f = JSON.parse(fields);
      return `${key.split(" ")[0]} ${f.name ?? f.pattern ?? f.userid ?? key}`;
    };
    await control.clearRequests();
    await project.up();
    const writes = (await control.requests({ service: "axl" })).filter((r) => r.write).map((r) => r.operation ?? r.path);
    expect(writes.filter((w) => !/^(update|doDeviceReset)/.test(w)), "no add or remove, nothing but updates of adopted objects").to.deep.equal([]);
    const after = everyObject((await control.state("axl")) as AxlClusterState);
    expect([...after.keys()].filter((k) => !seeded.has(k)), "no new object").to.deep.equal([]);
    const changed = [...after].filter(([key, fields]) => seeded.get(key) !== fields).map(([key, fields]) => name(key, fields)).sort();
    expect(changed, "the objects the up changed").to.deep.equal(STILL_UPDATED);

    await project.preview({ expectNoChanges: true });
    await project.destroy();
    const destroyed = everyObject((await control.state("axl")) as AxlClusterState);
    expect([...destroyed.keys()].sort(), "destroy leaves every seeded object (adopted ones are retained) and nothing else").to.deep.equal([...seeded.keys()].sort());
    // Put back on destroy: what the up changed, except fields the seed did not have at all
    // (akim-RDP's reroute CSS), which adoption does not yet clear again.
    const differing = [...destroyed].filter(([key, fields]) => seeded.get(key) !== fields).map(([key, fields]) => name(key, fields)).sort();
    expect(differing, "the objects destroy did not give back as seeded").to.deep.equal(STILL_UPDATED);
  });
});
