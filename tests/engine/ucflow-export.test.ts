// `ucflow export` on the real engine against the seeded lab tenant: the built command reads the
// tenant with the stack's own settings and writes a definition that the program loads, and whose
// preview selects each licensed user at a site into exactly what they hold now: the same
// licences (with their disabled plans), the same number, the same Enterprise Voice and policy
// grants, so no user, number or licence is new.
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { startLab, type LabHandle } from "../../lab";
import { LabControlClient } from "../../lab/control/control-client";
import { createMicrosoftServices, LAB_TENANT_ID, type GraphState, type TeamsState } from "../../lab/microsoft";
import { decodeCustomerDefinition, describeDefinitionProblem } from "../../sdk/definition/customer-definition";
import { compiledProgram, EngineProject, type OperationDigest } from "./harness";
import { setMicrosoftLabConfig } from "./microsoft-lab-config";
import { grantsOf, setSteps } from "./teams-lab";
import { ucflow } from "./ucflow-command";

interface PlannedEntry {
  readonly userPrincipalName: string;
  readonly site: string;
  readonly licenses: readonly { readonly skuId: string; readonly disabledPlans: readonly string[] }[];
  readonly enterpriseVoice: boolean;
  readonly number?: { readonly telephoneNumber: string };
  readonly policies: Record<string, string>;
}

describe("ucflow export (the built command, real Pulumi CLI, the lab's Microsoft tenant)", function () {
  this.timeout(1_200_000);
  let lab: LabHandle;
  let control: LabControlClient;
  let project: EngineProject;
  let stateDir: string;
  let graph: GraphState;
  let teams: TeamsState;
  const file = "customers/contoso.yaml";

  before(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "ucflow-export-lab-"));
    lab = await startLab({ stateDir, tlsDir: process.env.UCFLOW_TEST_TLS_DIR, services: createMicrosoftServices().all, ldap: false, log: () => undefined });
    control = new LabControlClient(lab.endpoints.control, lab.caCertPem);
    project = await EngineProject.create({ name: "ucflow-export", main: compiledProgram("../../examples/customer/index.js"), env: { NODE_EXTRA_CA_CERTS: lab.caCertPath } });
    await setMicrosoftLabConfig(project, lab);
    graph = (await control.state("graph")) as GraphState;
    teams = (await control.state("teams")) as TeamsState;
  });

  after(async () => {
    await project?.dispose();
    await lab?.stop();
    if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it("exits 2 without writing when the customer code is missing or the stack cannot be read", async () => {
    const missing = await ucflow(["export", "--out", file], { cwd: project.dir, env: project.environment() });
    expect(missing.exitCode).to.equal(2);
    expect(missing.stderr).to.match(/--customer-code is required/);
    const noStack = await ucflow(["export", "--customer-code", "Cu1", "--out", file, "--stack", "no-such-stack"], { cwd: project.dir, env: project.environment() });
    expect(noStack.exitCode).to.equal(2);
    expect(noStack.stderr).to.match(/reading the stack's config failed/).and.to.match(/nothing was written/);
    expect(fs.existsSync(path.join(project.dir, file))).to.equal(false);
  });

  it("writes a definition that decodes, adopts, and prints the customerFile line", async () => {
    const run = await ucflow(["export", "--customer-code", "Cu1", "--out", file], { cwd: project.dir, env: project.environment() });
    expect(run.exitCode, run.stderr).to.equal(0);
    expect(run.stdout).to.include(`pulumi config set customerFile ${file}`);
    // The summary docs/export.md shows for the seeded tenant.
    expect(run.stdout).to.include("3 sites, 2 dial plans, 4 number ranges, 8 profiles, 0 flow-through entries, 29 pinned users").and.to.include("35 users left out");
    expect(run.stdout + run.stderr, "no credential is printed").to.not.include("Lab8Q~");
    const raw = parse(fs.readFileSync(path.join(project.dir, file), "utf8"));
    const decoded = decodeCustomerDefinition(raw, "contoso.yaml");
    expect(decoded.ok, decoded.ok ? "" : decoded.problems.map(describeDefinitionProblem).join("\n")).to.equal(true);
    expect(raw.customer).to.deep.include({ code: "Cu1", name: "Contoso", tenantId: LAB_TENANT_ID, adoption: { existing: "adopt" } });
    expect(raw.sites.map((s: { address: { city: string } }) => s.address.city)).to.deep.equal(["Austin", "Boston", "Chicago"]);
    for (const site of raw.sites) expect(site.adoption).to.deep.equal({ existing: "adopt" });
    expect(raw.dialPlans.map((d: { name: string }) => d.name)).to.deep.equal(["US-Boston", "US-Chicago"]);
  });

  it("previews every licensed user at a site with exactly the licences, number and grants they hold", async () => {
    await project.setConfig("customerFile", file);
    const markdown = await ucflow(["preview", "--markdown"], { cwd: project.dir, env: project.environment() });
    expect(markdown.exitCode, markdown.stderr).to.equal(0);

    const digest: OperationDigest = await project.preview();
    const planned = new Map<string, PlannedEntry>();
    for (const step of setSteps(digest.steps)) {
      for (const [id, entry] of Object.entries((step.newState?.inputs?.subscribers ?? {}) as Record<string, PlannedEntry>)) planned.set(id, entry);
    }
    const sites = new Set(["Chicago", "Boston", "Austin"]);
    const expected = graph.users.filter((u) => u.properties.assignedLicenses.length > 0 && sites.has(u.properties.city ?? "")).map((u) => u.properties.id);
    expect([...planned.keys()].sort()).to.deep.equal([...expected].sort());
    for (const [id, entry] of planned) {
      const user = graph.users.find((u) => u.properties.id === id)!.properties;
      const held = user.assignedLicenses.map((l) => ({ skuId: l.skuId, disabledPlans: [...l.disabledPlans].sort() })).sort((a, b) => a.skuId.localeCompare(b.skuId));
      const given = entry.licenses.map((l) => ({ skuId: l.skuId, disabledPlans: [...l.disabledPlans].sort() })).sort((a, b) => a.skuId.localeCompare(b.skuId));
      expect(given, `${user.userPrincipalName}'s licences`).to.deep.equal(held);
      const numbers = graph.numbers.filter((n) => n.assignmentTargetId === id).map((n) => n.telephoneNumber);
      expect(entry.number?.telephoneNumber, `${user.userPrincipalName}'s number`).to.equal(numbers[0]);
      const enterpriseVoice = graph.enterpriseVoice.some((e) => e.userId === id && e.enabled);
      expect(entry.enterpriseVoice, `${user.userPrincipalName}'s Enterprise Voice`).to.equal(enterpriseVoice);
      const grants = Object.fromEntries(Object.entries(grantsOf(graph, teams, id)).filter(([, v]) => v !== null).map(([k, v]) => [k, String(v).replace(/^Tag:/, "")]));
      expect(entry.policies, `${user.userPrincipalName}'s policy grants`).to.deep.equal(grants);
      expect(entry.userPrincipalName).to.equal(user.userPrincipalName);
    }
  });

  it("up changes no licence, number, grant, Enterprise Voice, user or dial plan, and the next preview shows no changes", async () => {
    const before = platformState(graph, teams);
    await project.up();
    const after = platformState((await control.state("graph")) as GraphState, (await control.state("teams")) as TeamsState);
    for (const key of Object.keys(before) as (keyof typeof before)[]) expect(after[key], `the lab's ${key} after up`).to.deep.equal(before[key]);
    await project.preview({ expectNoChanges: true });
  });
});

/**
 * What a write on the platform would change: users, numbers, grants, Enterprise Voice, groups,
 * Teams configurations (dial plans, policies). Not yet compared, until adoption covers them
 * (branch teams-adopt): the emergency locations (a site still creates its own rather than
 * adopting the one it was exported from) and ucflow's record on each user (an open extension
 * the subscriber set writes even when it gives nothing).
 */
function platformState(graph: GraphState, teams: TeamsState) {
  return {
    users: graph.users.map((u) => u.properties),
    numbers: graph.numbers,
    graphGrants: graph.grants,
    enterpriseVoice: [...graph.enterpriseVoice, ...teams.enterpriseVoice],
    groups: graph.groups,
    configurations: teams.configurations,
    teamsGrants: teams.grants,
  };
}
