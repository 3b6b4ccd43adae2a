// The definition kinds on the real engine: created, stable on a second preview, and the delete
// guard refusing at preview a change that would deprovision most subscribers.
import { expect } from "chai";
import { changesOf, compiledProgram, EngineProject } from "./harness";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`);

describe("definition kinds (real Pulumi CLI)", function () {
  this.timeout(300_000);
  let project: EngineProject;

  before(async () => {
    project = await EngineProject.create({ name: "ucflow-definitions", main: compiledProgram("programs/definitions/index.js") });
    await project.setConfig("subscribers", ids(8));
  });
  after(async () => {
    await project?.destroy().catch(() => undefined);
    await project?.dispose();
  });

  it("creates the definitions and previews no changes afterwards", async () => {
    const up = await project.up();
    expect(changesOf(up.changeSummary)).to.deep.equal({ create: 5 });
    await project.preview({ expectNoChanges: true });
  });

  it("refuses at preview a change that would deprovision 6 of 8 subscribers, and changes nothing", async () => {
    const before = await project.exportState();
    await project.setConfig("subscribers", ids(2));
    const run = await project.failingPreview();
    expect(run.stdout + run.stderr).to.include("ucflow:allowMassDeprovision").and.match(/6 of 8|6 of the 8|6 subscribers/);
    const refused = await project.pulumi(["up", "--yes", "--skip-preview"], { allowFailure: true });
    expect(refused.exitCode).to.not.equal(0);
    const after = await project.exportState();
    // The ucflow resources as state holds them (the engine may reorder them and re-record its
    // default provider, whose inputs are the stack config).
    const resources = (s: typeof before) =>
      (s.deployment.resources ?? [])
        .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))
        .map((r) => ({ urn: r.urn, outputs: r.outputs }))
        .sort((a, b) => a.urn.localeCompare(b.urn));
    expect(resources(after)).to.have.length(4);
    expect(resources(after)).to.deep.equal(resources(before));
  });

  it("lets the change through once acknowledged with ucflow:allowMassDeprovision", async () => {
    await project.pulumi(["config", "set", "--path", "ucflow:allowMassDeprovision", "true"]);
    const up = await project.up();
    expect(changesOf(up.changeSummary)).to.deep.equal({ update: 1 });
  });
});
