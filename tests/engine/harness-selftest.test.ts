// Proves the engine harness on the real Pulumi CLI and the Automation API with a dynamic
// resource whose side effects are files: up, no-change preview, update, refresh after an
// out-of-band change, up fixing the drift, destroy.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { Note } from "./fixtures/note";
import { automationStack, changesOf, compiledProgram, EngineProject } from "./harness";

function readNote(dir: string, name: string): string | undefined {
  const file = path.join(dir, `${name}.json`);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")).content : undefined;
}

function operations(dir: string): string[] {
  const log = path.join(dir, "operations.log");
  return fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n").filter(Boolean) : [];
}

describe("engine harness self-test (real Pulumi CLI)", function () {
  this.timeout(300_000);
  let project: EngineProject;
  let notes: string;

  before(async () => {
    notes = fs.mkdtempSync(path.join(os.tmpdir(), "ucflow-notes-"));
    project = await EngineProject.create({ name: "ucflow-selftest", main: compiledProgram("programs/selftest/index.js") });
    await project.setConfig("directory", notes);
    await project.setConfig("notes", { alpha: "first", beta: "second" });
  });

  after(async () => {
    await project?.dispose();
    fs.rmSync(notes, { recursive: true, force: true });
  });

  it("up creates every resource", async () => {
    const result = await project.up();
    expect(changesOf(result.changeSummary)).to.deep.equal({ create: 3 }); // 2 notes + the stack
    expect(readNote(notes, "alpha")).to.equal("first");
    expect(readNote(notes, "beta")).to.equal("second");
  });

  it("a second preview reports no changes and calls no mutating provider method", async () => {
    const before = operations(notes).length;
    const result = await project.preview({ expectNoChanges: true });
    expect(changesOf(result.changeSummary)).to.deep.equal({});
    expect(operations(notes).slice(before)).to.deep.equal([]);
  });

  it("a changed input previews as an update and up applies it in place", async () => {
    await project.setConfig("notes", { alpha: "first, revised", beta: "second" });
    const preview = await project.preview();
    expect(changesOf(preview.changeSummary)).to.deep.equal({ update: 1 });
    const before = operations(notes).length;
    const result = await project.up();
    expect(changesOf(result.changeSummary)).to.deep.equal({ update: 1 });
    expect(operations(notes).slice(before)).to.deep.equal(["update alpha"]);
    expect(readNote(notes, "alpha")).to.equal("first, revised");
  });

  it("refresh reports an out-of-band change and up puts the desired state back", async () => {
    fs.writeFileSync(path.join(notes, "beta.json"), JSON.stringify({ content: "edited by hand" }));
    const refresh = await project.refresh();
    expect(changesOf(refresh.changeSummary)).to.deep.equal({ update: 1 });
    const drifted = refresh.steps.find((s) => s.urn.endsWith("::beta"));
    expect(drifted?.newState?.outputs?.content).to.equal("edited by hand");

    const fix = await project.up();
    expect(changesOf(fix.changeSummary)).to.deep.equal({ update: 1 });
    expect(readNote(notes, "beta")).to.equal("second");
    await project.preview({ expectNoChanges: true });
  });

  it("sets config values that start with a dash (a generated password may), secret or not", async () => {
    await project.setConfig("dashed", "-1UmciJKYHBuMVwK", { secret: true });
    await project.setConfig("dashedPlain", "--not-a-flag");
    expect((await project.pulumi(["config", "get", "dashed"])).stdout.trim()).to.equal("-1UmciJKYHBuMVwK");
    expect((await project.pulumi(["config", "get", "dashedPlain"])).stdout.trim()).to.equal("--not-a-flag");
  });

  it("refresh notices an object deleted out of band", async () => {
    fs.rmSync(path.join(notes, "alpha.json"));
    const refresh = await project.refresh();
    expect(changesOf(refresh.changeSummary)).to.deep.equal({ delete: 1 });
    const recreate = await project.up();
    expect(changesOf(recreate.changeSummary)).to.deep.equal({ create: 1 });
    expect(readNote(notes, "alpha")).to.equal("first, revised");
  });

  it("destroy removes everything", async () => {
    await project.destroy();
    expect(fs.readdirSync(notes).filter((f) => f.endsWith(".json"))).to.deep.equal([]);
    const state = await project.exportState();
    expect(state.deployment.resources ?? []).to.deep.equal([]);
  });
});

describe("engine harness self-test (Automation API, inline program)", function () {
  this.timeout(300_000);

  it("runs up, a no-change preview, refresh and destroy", async () => {
    const notes = fs.mkdtempSync(path.join(os.tmpdir(), "ucflow-notes-"));
    const handle = await automationStack({
      projectName: "ucflow-selftest-automation",
      program: async () => {
        const note = new Note("gamma", { directory: notes, name: "gamma", content: "third" });
        return { id: note.id };
      },
    });
    try {
      const up = await handle.stack.up();
      console.log(`      automation up -> ${JSON.stringify(up.summary.resourceChanges)}`);
      expect(up.summary.resourceChanges).to.deep.equal({ create: 2 });
      expect(up.outputs.id.value).to.equal("gamma");
      expect(readNote(notes, "gamma")).to.equal("third");

      const preview = await handle.stack.preview({ expectNoChanges: true });
      console.log(`      automation preview -> ${JSON.stringify(preview.changeSummary)}`);
      expect(changesOf(preview.changeSummary)).to.deep.equal({});

      fs.writeFileSync(path.join(notes, "gamma.json"), JSON.stringify({ content: "edited by hand" }));
      const refresh = await handle.stack.refresh();
      console.log(`      automation refresh -> ${JSON.stringify(refresh.summary.resourceChanges)}`);
      expect(refresh.summary.resourceChanges).to.deep.include({ update: 1 });

      const destroy = await handle.stack.destroy();
      console.log(`      automation destroy -> ${JSON.stringify(destroy.summary.resourceChanges)}`);
      expect(destroy.summary.resourceChanges).to.deep.equal({ delete: 2 });
      expect(readNote(notes, "gamma")).to.equal(undefined);
    } finally {
      await handle.dispose();
      fs.rmSync(notes, { recursive: true, force: true });
    }
  });
});
