// `ucflow drift` on the real engine: the built command in a Unified CM customer's project, with
// the project's Pulumi environment. Clean after up (0); a line's calling search space changed on
// the cluster behind ucflow's back is reported with the user and the CSS (1) and the state is
// left as it was; after up --refresh it is clean again; a stack config Pulumi cannot read is an error (2).
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LAB_AXL_ADMIN } from "../../lab/cisco";
import { AxlClient } from "../../provider/backends/axl/client";
import { updateLine } from "../../provider/backends/axl/devices";
import { FABRIKAM_DEFINITION_FILE, objectsOf, readDefinition, startCiscoLab, type CiscoLab } from "./cucm-lab";
import { ucflow } from "./ucflow-command";

describe("ucflow drift (the built command, real Pulumi CLI, the lab's Unified CM)", function () {
  this.timeout(1_200_000);
  let lab: CiscoLab;
  const definition = readDefinition(FABRIKAM_DEFINITION_FILE);
  const drift = (args: readonly string[] = []) => ucflow(["drift", ...args], { cwd: lab.project.dir, env: lab.project.environment() });

  before(async () => {
    lab = await startCiscoLab({ name: "ucflow-drift", definition });
    await lab.project.up();
  });

  after(async () => {
    await lab?.dispose();
  });

  it("exits 0 with no drift right after up", async () => {
    const run = await drift();
    expect(run.exitCode, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^No drift/);
  });

  it("exits 1 naming the user and the calling search space after an out-of-band change, without changing the state; 0 again after up --refresh", async () => {
    // A line ucflow provisioned (its CSSs are the site's classes of service) and the user it is the primary extension of.
    const axl = await lab.axl();
    const [extension, line] = [...objectsOf(axl, "line", "pattern")].find(([, l]) => /^Cu2Si\d-Cu2-National-CSS$/.test(String(l.shareLineAppearanceCssName)))!;
    const user = [...objectsOf(axl, "user", "userid").values()].find((u) => (u.primaryExtension as { number?: string } | undefined)?.number === extension)!;
    expect(user, `the user of line ${extension}`).to.not.equal(undefined);
    const changed = String(line.shareLineAppearanceCssName).replace("-National-", "-International-");
    const client = new AxlClient({ host: lab.lab.endpoints.services.axl!, username: LAB_AXL_ADMIN.userid, password: LAB_AXL_ADMIN.password });
    await updateLine(client, { pattern: extension, routePartitionName: String(line.routePartitionName) }, { shareLineAppearanceCssName: changed });

    const before = (await lab.project.exportState()).text;
    const run = await drift(["--stack", lab.project.stack]);
    expect(run.exitCode, run.stderr + run.stdout).to.equal(1);
    expect(run.stdout).to.match(/^Drift in stack /).and.to.include(String(user.userid)).and.to.include(changed);
    expect((await lab.project.exportState()).text, "ucflow drift leaves the state as it was").to.equal(before);

    // The preview left the state alone, so it takes a refresh for up to see the drift.
    const restored = await lab.project.up(["--refresh"]);
    expect(restored.changeSummary.update).to.be.greaterThan(0);
    expect(objectsOf(await lab.axl(), "line", "pattern").get(extension)!.shareLineAppearanceCssName).to.equal(line.shareLineAppearanceCssName);
    // --cwd passes through: run from elsewhere, pointed at the project.
    const clean = await ucflow(["drift", "--cwd", lab.project.dir], { cwd: os.tmpdir(), env: lab.project.environment() });
    expect(clean.exitCode, clean.stderr).to.equal(0);
  });

  it("exits 2 with Pulumi's reason when the stack config cannot be read", async () => {
    const file = path.join(lab.project.dir, `Pulumi.${lab.project.stack}.yaml`);
    const good = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, "config: [this is: not: valid\n");
    try {
      const run = await drift();
      expect(run.exitCode).to.equal(2);
      expect(run.stderr).to.match(/^ucflow drift: pulumi refresh --preview-only .* failed/);
      expect(run.stdout).to.equal("");
    } finally {
      fs.writeFileSync(file, good);
    }
  });
});
