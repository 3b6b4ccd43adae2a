// The GitOps workflow kit (examples/gitops) passes actionlint (with ShellCheck on its scripts),
// and actionlint does report a broken copy of it, so a clean result means something. Then what
// the kit promises that actionlint cannot see: every action pinned by commit, the stacks listed
// in one place, one run per stack at a time, OIDC for Entra.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { actionlint, actionlintVersion, copyKit, describeFindings } from "./actionlint";

const KIT = path.resolve(__dirname, "../../../../examples/gitops");
const WORKFLOWS = path.join(KIT, ".github/workflows");
const SETUP_ACTION = path.join(KIT, ".github/actions/ucflow-setup/action.yml");

/** The workflows that run ucflow on each customer stack (stacks.yml lists the stacks). */
const STACK_WORKFLOWS = ["preview.yml", "up.yml", "drift.yml"];

function readYaml(file: string): any {
  return parse(fs.readFileSync(file, "utf8"));
}

function workflowFiles(): string[] {
  return fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f)).sort();
}

/** Every `uses:` in a workflow or composite action (steps, and jobs calling reusable workflows). */
function usesOf(doc: any): string[] {
  const jobs = Object.values(doc.jobs ?? {}) as any[];
  const steps = [...jobs.flatMap((j) => j.steps ?? []), ...(doc.runs?.steps ?? [])];
  return [...jobs.map((j) => j.uses), ...steps.map((s: any) => s.uses)].filter((u): u is string => typeof u === "string");
}

describe("GitOps workflow kit (examples/gitops)", function () {
  this.timeout(60_000);
  const copies: string[] = [];
  const copy = (change?: (dir: string) => void): string => {
    const dir = copyKit(KIT, change);
    copies.push(dir);
    return dir;
  };
  after(() => copies.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it("has the preview, up, drift and stack-list workflows and the shared setup action", () => {
    expect(workflowFiles()).to.deep.equal(["drift.yml", "preview.yml", "stacks.yml", "up.yml"]);
    expect(fs.existsSync(SETUP_ACTION)).to.equal(true);
  });

  it("passes actionlint with no finding", () => {
    const findings = actionlint(copy());
    expect(findings, `${actionlintVersion()} found:\n${describeFindings(findings)}`).to.deep.equal([]);
  });

  it("is reported by actionlint when broken: an unknown matrix key, a shell bug, a missing action input", () => {
    const dir = copy((d) => {
      const up = path.join(d, ".github/workflows/up.yml");
      const text = fs.readFileSync(up, "utf8");
      const broken = text
        .replace('group: ucflow-up-${{ matrix.stack }}', 'group: ucflow-up-${{ matrix.stak }}')
        .replace('--message "$GITHUB_SHA"', "--message $GITHUB_SHA")
        .replace("          secrets-json: ${{ toJSON(secrets) }}\n", "");
      expect(broken, "the edits apply to up.yml as it is").to.not.equal(text);
      fs.writeFileSync(up, broken);
    });
    const findings = actionlint(dir);
    const report = describeFindings(findings);
    expect(findings.every((f) => f.filepath.endsWith("up.yml")), report).to.equal(true);
    expect(findings.some((f) => f.kind === "expression" && /property "stak" is not defined/.test(f.message)), report).to.equal(true);
    expect(findings.some((f) => f.kind === "shellcheck" && /SC2086/.test(f.message)), report).to.equal(true);
    expect(findings.some((f) => f.kind === "action" && /missing input "secrets-json"/.test(f.message)), report).to.equal(true);
  });

  it("pins every action from another repository by full commit SHA", () => {
    const files = [...workflowFiles().map((f) => path.join(WORKFLOWS, f)), SETUP_ACTION];
    const remote = files.flatMap((f) => usesOf(readYaml(f)).map((u) => ({ file: path.basename(f), uses: u }))).filter((u) => !u.uses.startsWith("./"));
    expect(remote.length).to.be.greaterThan(0);
    expect(remote.filter((u) => !/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/.test(u.uses))).to.deep.equal([]);
  });

  it("takes the stacks from stacks.yml only, and runs one job per stack at a time with OIDC for Entra", () => {
    const stacks = readYaml(path.join(WORKFLOWS, "stacks.yml"));
    expect(Object.keys(stacks.on)).to.deep.equal(["workflow_call"]);
    for (const file of STACK_WORKFLOWS) {
      const doc = readYaml(path.join(WORKFLOWS, file));
      expect(doc.jobs.stacks, file).to.deep.equal({ uses: "./.github/workflows/stacks.yml" });
      const [name, job] = Object.entries(doc.jobs).find(([id]) => id !== "stacks") as [string, any];
      expect(job.needs, `${file} ${name}`).to.equal("stacks");
      expect(job.strategy.matrix, `${file} ${name}`).to.deep.equal({ stack: "${{ fromJSON(needs.stacks.outputs.stacks) }}" });
      expect(job.concurrency.group, `${file} ${name}`).to.contain("${{ matrix.stack }}");
      expect(job.permissions["id-token"], `${file} ${name}`).to.equal("write");
      expect(job.env.AZURE_TENANT_ID, `${file} ${name}`).to.equal("${{ vars.AZURE_TENANT_ID }}");
      expect(usesOf(doc), file).to.include("./.github/actions/ucflow-setup");
    }
    // Only `up` writes: it is never cancelled mid-run, and previews may be replaced by a newer push.
    expect(readYaml(path.join(WORKFLOWS, "up.yml")).jobs.up.concurrency["cancel-in-progress"]).to.equal(false);
    expect(readYaml(path.join(WORKFLOWS, "preview.yml")).jobs.preview.concurrency["cancel-in-progress"]).to.equal(true);
  });
});
