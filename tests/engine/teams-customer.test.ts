// Microsoft Teams flow-through end to end: the example program (examples/teams-customer) on the
// real Pulumi CLI against the lab's Entra, Graph and Teams admin simulators, asserted against
// the lab's own state user by user.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ClientSecretCredential } from "@azure/identity";
import { expect } from "chai";
import { TeamsAdminClient } from "../../provider/backends/teams/client";
import { grantPolicy } from "../../provider/backends/teams/policy-grants";
import { startLab, type LabHandle } from "../../lab";
import { LabControlClient } from "../../lab/control/control-client";
import {
  createMicrosoftServices,
  LAB_TENANT_ID,
  LAB_UCFLOW_CLIENT_ID,
  LAB_UCFLOW_CLIENT_SECRET,
  SKU_IDS,
  type GraphState,
  type TeamsState,
} from "../../lab/microsoft";
import { changesOf, compiledProgram, EngineProject } from "./harness";
import { setMicrosoftLabConfig } from "./microsoft-lab-config";

const DEFINITION_FILE = path.resolve(__dirname, "../../../examples/teams-customer/contoso.json");
const SITE_OF_CITY: Record<string, { site: string; prefix: string; dialPlan: string }> = {
  Chicago: { site: "Cu1Si1", prefix: "+1312555", dialPlan: "Cu1Si1-Chicago" },
  Boston: { site: "Cu1Si2", prefix: "+1617555", dialPlan: "Cu1Si2-Boston" },
  Austin: { site: "Cu1Si3", prefix: "+1512555", dialPlan: "Cu1Si3-Austin" },
};
const BACK_OFFICE = ["Finance", "Legal", "Human Resources"];

type User = GraphState["users"][number]["properties"];

/** What the definition says a user should get, worked out here without ucflow's planner. */
function expectedFor(user: User): { site: string; profile: string; prefix: string; dialPlan: string } | undefined {
  const site = user.city ? SITE_OF_CITY[user.city] : undefined;
  if (!site) return undefined;
  const profile = user.department === "Sales" ? "Sales" : BACK_OFFICE.includes(user.department ?? "") ? "Messaging" : "Voice";
  return { ...site, profile };
}

function grantsOf(graph: GraphState, teams: TeamsState, userId: string): Record<string, string | null> {
  const grants: Record<string, string | null> = {};
  // Grants made through either API: the newest wins, as in the lab's effective view.
  for (const g of [...teams.grants, ...graph.grants].filter((g) => g.userId === userId).sort((a, b) => Number(a.stamp) - Number(b.stamp))) {
    grants[g.policyType] = g.policyIdentity;
  }
  return grants;
}

/** A user's Teams voice footprint in the lab: licenses, number, grants. */
function footprint(graph: GraphState, teams: TeamsState, userId: string) {
  const user = graph.users.find((u) => u.properties.id === userId)!;
  return {
    usageLocation: user.properties.usageLocation,
    licenses: (user.properties as unknown as { assignedLicenses: { skuId: string }[] }).assignedLicenses.map((l) => l.skuId).sort(),
    numbers: graph.numbers.filter((n) => n.assignmentTargetId === userId).map((n) => n.telephoneNumber).sort(),
    grants: grantsOf(graph, teams, userId),
  };
}

describe("Microsoft Teams flow-through (real Pulumi CLI, the lab)", function () {
  this.timeout(900_000);
  let lab: LabHandle;
  let control: LabControlClient;
  let project: EngineProject;
  let seed: { graph: GraphState; teams: TeamsState };
  const definition = JSON.parse(fs.readFileSync(DEFINITION_FILE, "utf8"));
  const state = async () => ({ graph: (await control.state("graph")) as GraphState, teams: (await control.state("teams")) as TeamsState });

  before(async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "ucflow-teams-lab-"));
    lab = await startLab({ stateDir, tlsDir: process.env.UCFLOW_TEST_TLS_DIR, services: createMicrosoftServices().all, ldap: false, log: () => undefined });
    control = new LabControlClient(lab.endpoints.control, lab.caCertPem);
    // Number operations settle at once in this test; their polling is covered by unit tests.
    await control.seed("graph", { lro: { notStartedPolls: 0, runningPolls: 0, settleAfterSeconds: 0 } });
    seed = await state();
    project = await EngineProject.create({
      name: "teams-customer",
      main: compiledProgram("../../examples/teams-customer/index.js"),
      env: { NODE_EXTRA_CA_CERTS: lab.caCertPath },
    });
    await setMicrosoftLabConfig(project, lab);
    await project.setConfig("customer", definition);
  });

  after(async () => {
    await project?.dispose();
    await lab?.stop();
  });

  it("up provisions exactly the users the criteria match", async () => {
    const up = await project.up();
    const { graph, teams } = await state();
    const matched = seed.graph.users.map((u) => u.properties).filter((u) => expectedFor(u));
    expect(changesOf(up.changeSummary).create).to.be.greaterThan(matched.length);
    expect(matched.length).to.be.greaterThan(20);

    for (const user of seed.graph.users.map((u) => u.properties)) {
      const want = expectedFor(user);
      const got = footprint(graph, teams, user.id);
      if (!want) {
        expect(got, `${user.userPrincipalName} matches no criteria and is untouched`).to.deep.equal(footprint(seed.graph, seed.teams, user.id));
        continue;
      }
      const who = `${user.userPrincipalName} (${user.city}, ${user.department})`;
      expect(got.usageLocation, who).to.equal("US");
      if (want.profile === "Messaging") {
        expect(got.licenses, who).to.include(SKU_IDS.SPE_E3);
        expect(got.numbers, who).to.deep.equal(footprint(seed.graph, seed.teams, user.id).numbers);
      } else {
        expect(got.licenses, who).to.include(SKU_IDS.SPE_E5);
        expect(got.numbers, who).to.have.length(1);
        expect(got.numbers[0], who).to.match(new RegExp(`^\\${want.prefix}\\d{4}$`));
        const cos = want.profile === "Sales" ? "Cu1-International" : "Cu1-National";
        expect(got.grants.OnlineVoiceRoutingPolicy, who).to.match(new RegExp(`^(Tag:)?${cos}$`));
        expect(got.grants.TeamsCallingPolicy, who).to.match(new RegExp(`^(Tag:)?${cos}$`));
      }
      expect(got.grants.TenantDialPlan, who).to.match(new RegExp(`^(Tag:)?${want.dialPlan}$`));
    }
    const numbers = graph.numbers.filter((n) => n.assignmentTargetId).map((n) => n.telephoneNumber);
    expect(new Set(numbers).size, "no number is assigned twice").to.equal(numbers.length);
  });

  it("a second preview shows no changes", async () => {
    await project.preview({ expectNoChanges: true });
  });

  it("a user whose city changes is moved to the other site", async () => {
    const { graph } = await state();
    const mover = graph.users.map((u) => u.properties).find((u) => u.city === "Chicago" && u.department === "Engineering")!;
    await control.seed("graph", { users: [{ id: mover.id, city: "Boston" }] });
    const preview = await project.preview();
    // Only the subscriber changes: the set of subscribers (the criteria's list) stays the same.
    expect(changesOf(preview.changeSummary)).to.deep.equal({ update: 1 });
    await project.up();
    const after = await state();
    const moved = footprint(after.graph, after.teams, mover.id);
    expect(moved.numbers).to.have.length(1);
    expect(moved.numbers[0]).to.match(/^\+1617555\d{4}$/);
    expect(moved.grants.TenantDialPlan).to.match(/^(Tag:)?Cu1Si2-Boston$/);
    await project.preview({ expectNoChanges: true });
  });

  it("refresh reports a policy changed out of band, and up puts it back", async () => {
    const { graph } = await state();
    const victim = graph.users.map((u) => u.properties).find((u) => expectedFor(u)?.profile === "Voice")!;
    // An administrator grants another policy in Teams admin center (the Teams admin API).
    const credential = new ClientSecretCredential(LAB_TENANT_ID, LAB_UCFLOW_CLIENT_ID, LAB_UCFLOW_CLIENT_SECRET, {
      authorityHost: lab.endpoints.services.entra!,
      disableInstanceDiscovery: true,
    });
    const teamsAdmin = new TeamsAdminClient({ credential, baseUrl: `${lab.endpoints.services.teams}/` });
    await grantPolicy(teamsAdmin, victim.id, "OnlineVoiceRoutingPolicy", "US-Unrestricted");
    const changed = await state();
    expect(footprint(changed.graph, changed.teams, victim.id).grants.OnlineVoiceRoutingPolicy).to.match(/US-Unrestricted/);
    const refresh = await project.refresh();
    const updated = refresh.steps.filter((step) => step.op === "update").map((step) => step.urn.split("::").pop());
    expect(updated, "refresh reports exactly the changed subscriber").to.deep.equal([`Cu1-${victim.id}`]);
    await project.up();
    const fixed = footprint((await state()).graph, (await state()).teams, victim.id);
    expect(fixed.grants.OnlineVoiceRoutingPolicy).to.match(/^(Tag:)?Cu1-National$/);
  });

  it("a filter change that would deprovision most subscribers is refused at preview", async () => {
    const before = await state();
    const narrowed = structuredClone(definition);
    narrowed.flowThrough.entries = narrowed.flowThrough.entries.filter((e: { name: string }) => e.name === "sales");
    await project.setConfig("customer", narrowed);
    const run = await project.failingPreview();
    expect(run.stdout + run.stderr).to.include("ucflow:allowMassDeprovision");
    const refused = await project.pulumi(["up", "--yes", "--skip-preview"], { allowFailure: true });
    expect(refused.exitCode).to.not.equal(0);
    const after = await state();
    for (const u of before.graph.users) {
      expect(footprint(after.graph, after.teams, u.properties.id)).to.deep.equal(footprint(before.graph, before.teams, u.properties.id));
    }
    await project.setConfig("customer", definition);
  });

  it("never shows the client secret: not in state, not in CLI output", async () => {
    const exported = await project.exportState();
    expect(exported.text).to.not.include(LAB_UCFLOW_CLIENT_SECRET);
    const printed = project.runs.filter((run) => !run.args.includes("--secret"));
    expect(printed.length).to.be.greaterThan(8);
    for (const run of printed) expect(run.stdout + run.stderr, `pulumi ${run.args[0]}`).to.not.include(LAB_UCFLOW_CLIENT_SECRET);
    // The backend's checkpoints and the stack config (which holds the secret encrypted).
    const stored = [
      ...fs.readdirSync(path.join(project.dir, "backend"), { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).map((f) => path.join(f.parentPath, f.name)),
      ...fs.readdirSync(project.dir).filter((f) => /^Pulumi\..*yaml$/.test(f)).map((f) => path.join(project.dir, f)),
    ];
    expect(stored.some((f) => f.endsWith(".json")), "checkpoints were read").to.equal(true);
    for (const file of stored) expect(fs.readFileSync(file, "utf8"), file).to.not.include(LAB_UCFLOW_CLIENT_SECRET);
  });

  it("destroy returns the tenant to its seed", async () => {
    await project.destroy();
    const { graph, teams } = await state();
    for (const u of seed.graph.users) {
      const want = footprint(seed.graph, seed.teams, u.properties.id);
      const got = footprint(graph, teams, u.properties.id);
      expect({ licenses: got.licenses, numbers: got.numbers }, u.properties.userPrincipalName).to.deep.equal({ licenses: want.licenses, numbers: want.numbers });
    }
    expect(Object.keys(teams.configurations).map((type) => [type, teams.configurations[type]!.map((c) => c.Identity).sort()])).to.deep.equal(
      Object.keys(seed.teams.configurations).map((type) => [type, seed.teams.configurations[type]!.map((c) => c.Identity).sort()]),
    );
    expect(teams.emergencyLocations.map((l) => l.LocationId).sort()).to.deep.equal(seed.teams.emergencyLocations.map((l) => l.LocationId).sort());
  });

  it("license or number exhaustion fails the preview before anything is created", async () => {
    await control.seed("graph", { subscribedSkus: [{ sku: "SPE_E5", enabled: 20 }] });
    const licenses = await project.failingPreview();
    expect(licenses.stdout + licenses.stderr).to.match(/not enough SPE_E5 licenses: \d+ users need a new unit but only \d+ (is|are) free/);
    await control.seed("graph", { subscribedSkus: [{ sku: "SPE_E5", enabled: 80 }] });

    const small = structuredClone(definition);
    small.numberInventory.ranges[0].end = "+13125550103";
    await project.setConfig("customer", small);
    const numbers = await project.failingPreview();
    expect(numbers.stdout + numbers.stderr).to.include("Cu1Si1");
    await project.setConfig("customer", definition);

    const { graph, teams } = await state();
    for (const u of seed.graph.users) {
      expect(footprint(graph, teams, u.properties.id).licenses, u.properties.userPrincipalName).to.deep.equal(footprint(seed.graph, seed.teams, u.properties.id).licenses);
    }
  });
});
