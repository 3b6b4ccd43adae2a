// `ucflow export` on the real engine against the seeded lab tenant: the built command reads the
// tenant with the stack's own settings and writes a definition that the program loads, and whose
// preview selects each licensed user at a site into exactly what they hold now: the same
// licences (with their disabled plans), the same number, the same Enterprise Voice and policy
// grants, so no user, number or licence is new; `pulumi up` then adopts with no write on the
// platform (the lab's request log), and the next preview has no changes.
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
import { CONTOSO_DEFINITION_FILE, grantsOf, setSteps, startTeamsLab, type TeamsLab } from "./teams-lab";
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
    expect(run.stdout).to.include("3 sites, 2 dial plans, 0 classes of service, 4 number ranges, 8 profiles, 0 flow-through entries, 29 pinned users").and.to.include("35 users left out");
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
    // The engine cannot tell an adoption from a create at preview time: the comment lists adds, and nothing else.
    expect(markdown.stdout).to.include("0 to update, 0 to delete, 0 to replace").and.to.include("0 moved, 0 updated, 0 removed");

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

  it("up adopts with no write on the platform (the lab's request log), and the next preview shows no changes", async () => {
    const before = platformState(graph, teams);
    await control.clearRequests();
    await project.up();
    const requests = await control.requests();
    expect(requests.length, "up read the platform").to.be.greaterThan(0);
    expect(requests.filter((r) => r.write).map((r) => `${r.service} ${r.method} ${r.path} -> ${r.status}`)).to.deep.equal([]);
    const after = platformState((await control.state("graph")) as GraphState, (await control.state("teams")) as TeamsState);
    for (const key of Object.keys(before) as (keyof typeof before)[]) expect(after[key], `the lab's ${key} after up`).to.deep.equal(before[key]);
    await project.preview({ expectNoChanges: true });
  });
});

/** What a write on the platform would change: users (with ucflow's record on them), numbers, grants, Enterprise Voice, groups; Teams configurations and emergency locations. */
function platformState(graph: GraphState, teams: TeamsState) {
  return {
    users: graph.users.map((u) => ({ properties: u.properties, extensions: u.extensions ?? [] })),
    numbers: graph.numbers,
    graphGrants: graph.grants,
    enterpriseVoice: [...graph.enterpriseVoice, ...teams.enterpriseVoice],
    groups: graph.groups,
    configurations: teams.configurations,
    emergencyLocations: teams.emergencyLocations,
    teamsGrants: teams.grants,
  };
}

describe("ucflow export of a tenant ucflow already manages (the Contoso example, up on the lab)", function () {
  this.timeout(1_200_000);
  let built: TeamsLab;
  let exported: EngineProject;
  const file = "customers/contoso.yaml";

  before(async () => {
    built = await startTeamsLab({ name: "ucflow-export-managed", definition: JSON.parse(fs.readFileSync(CONTOSO_DEFINITION_FILE, "utf8")) });
    await built.project.up();
    exported = await EngineProject.create({ name: "ucflow-export-again", main: compiledProgram("../../examples/customer/index.js"), env: { NODE_EXTRA_CA_CERTS: built.lab.caCertPath } });
    await setMicrosoftLabConfig(exported, built.lab);
  });

  after(async () => {
    await exported?.dispose();
    await built?.dispose();
  });

  it("gives back its sites, dial plans and classes of service, and a new stack of it adopts with no write and previews with no changes", async () => {
    const run = await ucflow(["export", "--customer-code", "Cu1", "--out", file], { cwd: exported.dir, env: exported.environment() });
    expect(run.exitCode, run.stderr).to.equal(0);
    const raw = parse(fs.readFileSync(path.join(exported.dir, file), "utf8"));
    // ucflow's sites keep their codes; the seed's locations, which the example did not adopt, are sites of their own.
    expect(raw.sites.map((s: { code: string; name: string }) => `${s.code} ${s.name}`)).to.deep.equal([
      "Cu1Si4 Contoso Austin",
      "Cu1Si3 Austin",
      "Cu1Si5 Contoso Boston",
      "Cu1Si2 Boston",
      "Cu1Si6 Contoso Chicago HQ",
      "Cu1Si1 Chicago",
    ]);
    expect(raw.classesOfService).to.deep.equal([
      { name: "Cu1-International", countryCallingCode: "1", allows: ["national", "international"], pstnGateways: ["sbc1.contoso.com"] },
      { name: "Cu1-National", countryCallingCode: "1", allows: ["national"], pstnGateways: ["sbc1.contoso.com", "sbc2.contoso.com"] },
    ]);
    // Each city's two sites hold users (by their number's location, else ucflow's site), all with the city's dial plan, which they then share.
    expect(raw.sites.map((s: { code: string; dialPlan?: string }) => `${s.code} ${s.dialPlan}`)).to.deep.equal([
      "Cu1Si4 Cu1Si3-Austin",
      "Cu1Si3 Cu1Si3-Austin",
      "Cu1Si5 Cu1Si2-Boston",
      "Cu1Si2 Cu1Si2-Boston",
      "Cu1Si6 Cu1Si1-Chicago",
      "Cu1Si1 Cu1Si1-Chicago",
    ]);

    await exported.setConfig("customerFile", file);
    await built.control.clearRequests();
    await exported.up();
    const writes = (await built.control.requests()).filter((r) => r.write).map((r) => `${r.service} ${r.method} ${r.path} -> ${r.status}`);
    expect(writes).to.deep.equal([]);
    await exported.preview({ expectNoChanges: true });
  });
});
