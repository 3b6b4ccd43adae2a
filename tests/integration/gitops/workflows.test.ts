// The GitOps workflow kit (examples/gitops) passes actionlint (with ShellCheck on its scripts),
// and actionlint does report a broken copy of it, so a clean result means something. Then what
// the kit promises that actionlint cannot see: every action pinned by commit, the stacks listed
// in one place, one run per stack at a time, OIDC for Entra.
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
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

/** Runs a step's `run:` script with bash as Actions does (`bash -e`), in `cwd` with `env` added. */
function runStep(step: { run: string }, cwd: string, env: Record<string, string>): void {
  const run = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run], { cwd, env: { ...process.env, ...env }, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`the step exited ${run.status}:\n${run.stderr}${run.stdout}`);
}

/** A GITHUB_ENV / GITHUB_OUTPUT file as Actions reads it: `name=value` lines and `name<<DELIMITER` blocks. */
function readCommandFile(file: string): Record<string, string> {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const values: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block) {
      const end = lines.indexOf(block[2]!, i + 1);
      values[block[1]!] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (line.includes("=")) {
      values[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return values;
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

  it("finds the stacks from the Pulumi.<stack>.yaml files at the root, sorted, and nothing else", () => {
    const list = readYaml(path.join(WORKFLOWS, "stacks.yml")).jobs.discover.steps.find((s: any) => s.id === "list");
    const stacksOf = (files: string[]): unknown => {
      const dir = copy((d) => {
        for (const f of fs.readdirSync(d)) if (f.startsWith("Pulumi.")) fs.rmSync(path.join(d, f));
        for (const f of files) {
          fs.mkdirSync(path.dirname(path.join(d, f)), { recursive: true });
          fs.writeFileSync(path.join(d, f), "config: {}\n");
        }
      });
      const output = path.join(dir, "github-output");
      fs.writeFileSync(output, "");
      runStep(list, dir, { GITHUB_OUTPUT: output });
      return JSON.parse(readCommandFile(output).stacks!);
    };
    expect(stacksOf(["Pulumi.yaml", "Pulumi.northwind.yaml", "Pulumi.contoso.yaml", "Pulumi.contoso.yaml.bak", "customers/Pulumi.nested.yaml"])).to.deep.equal(["contoso", "northwind"]);
    expect(stacksOf(["Pulumi.yaml"])).to.deep.equal([]);
    const kit = fs.readdirSync(KIT).filter((f) => /^Pulumi\.(.+)\.yaml$/.test(f)).map((f) => f.slice("Pulumi.".length, -".yaml".length));
    expect(kit).to.deep.equal(["contoso", "fabrikam"]);
  });

  it("exports only the secrets ucflow, Pulumi and the AWS SDK read, multi-line values whole", () => {
    const step = readYaml(SETUP_ACTION).runs.steps.find((s: any) => s.name === "Export the customer's secrets");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ucflow-gitops-env-"));
    copies.push(dir);
    const githubEnv = path.join(dir, "github-env");
    fs.writeFileSync(githubEnv, "");
    const secrets = {
      GITHUB_TOKEN: "ghs_not-for-ucflow",
      PULUMI_CONFIG_PASSPHRASE: "correct horse",
      UCFLOW_CLUSTER_CLUSTER1_PASSWORD: "p=1<<EOF",
      UCFLOW_UNITY_CONNECTION_UCXN1_PASSWORD: "p2",
      UCFLOW_MULTI_LINE_VALUE: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
      AWS_ACCESS_KEY_ID: "AKIA0",
      AWS_SECRET_ACCESS_KEY: "s3cret",
      AWS_SESSION_TOKEN_OTHER: "no",
      ucflow_lowercase: "no",
      DEPLOY_KEY: "no",
    };
    runStep(step, dir, { SECRETS_JSON: JSON.stringify(secrets), GITHUB_ENV: githubEnv });
    const { GITHUB_TOKEN: _t, AWS_SESSION_TOKEN_OTHER: _a, ucflow_lowercase: _l, DEPLOY_KEY: _d, ...exported } = secrets;
    expect(readCommandFile(githubEnv)).to.deep.equal(exported);
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
