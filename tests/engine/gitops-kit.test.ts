// The GitOps kit (examples/gitops) as a repository copied from it runs: its Pulumi.yaml (the
// root program as the package ships it), its Pulumi.contoso.yaml (customerFile) and the
// commands its workflows run (preview.yml's `ucflow preview --markdown`, up.yml's `pulumi up`,
// drift.yml's `ucflow drift`) against the lab's Contoso tenant, on the real Pulumi CLI.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { startTeamsLab, type TeamsLab } from "./teams-lab";
import { ucflow } from "./ucflow-command";

const KIT = path.resolve(__dirname, "../../../examples/gitops");

/** The `run:` of a workflow step, by job and step name. */
function stepRun(workflow: string, job: string, step: string): string {
  const doc = parse(fs.readFileSync(path.join(KIT, ".github/workflows", workflow), "utf8"));
  const found = doc.jobs[job].steps.find((s: { name?: string }) => s.name === step);
  if (!found) throw new Error(`${workflow} has no step "${step}" in job ${job}`);
  return found.run;
}

describe("GitOps kit: the stack of a copied repository (real Pulumi CLI, the lab)", function () {
  this.timeout(900_000);
  let teamsLab: TeamsLab;
  const cli = (args: string[]) => ucflow(args, { cwd: teamsLab.project.dir, env: teamsLab.project.environment() });

  before(async () => {
    teamsLab = await startTeamsLab({ name: "gitops-kit", template: KIT, stack: "contoso" });
  });

  after(async () => {
    await teamsLab?.dispose();
  });

  it("keeps the kit's stack settings when the stack is created", () => {
    const stackFile = parse(fs.readFileSync(path.join(teamsLab.project.dir, "Pulumi.contoso.yaml"), "utf8"));
    expect(stackFile.config["uc-customers:customerFile"]).to.equal("customers/contoso.yaml");
    expect(stackFile.encryptionsalt).to.be.a("string");
  });

  it("preview.yml's command writes the comment, within the limit it asks for", async () => {
    expect(stepRun("preview.yml", "preview", "Preview")).to.contain('ucflow preview --markdown --stack "$STACK" --max-chars 65000 --out preview.md');
    const run = await cli(["preview", "--markdown", "--stack", "contoso", "--max-chars", "65000", "--out", "preview.md"]);
    expect(run.exitCode, run.stderr).to.equal(0);
    const comment = fs.readFileSync(path.join(teamsLab.project.dir, "preview.md"), "utf8");
    expect(comment).to.contain("contoso");
    expect(comment).to.match(/Cu1Si1/);
    expect(comment.length).to.be.at.most(65_000);
  });

  it("up.yml's command provisions the customer; drift.yml's finds no drift after it", async () => {
    expect(stepRun("up.yml", "up", "Up")).to.contain('pulumi up --yes --skip-preview --stack "$STACK" --message "$GITHUB_SHA"');
    const up = await teamsLab.project.pulumi(["up", "--yes", "--skip-preview", "--stack", "contoso", "--message", "test"]);
    expect(up.stdout).to.match(/\d+ created/);
    expect(stepRun("drift.yml", "drift", "Drift")).to.contain('npx ucflow drift --stack "$STACK" > drift.md');
    const drift = await cli(["drift", "--stack", "contoso"]);
    expect(drift.exitCode, drift.stdout + drift.stderr).to.equal(0);
  });
});
