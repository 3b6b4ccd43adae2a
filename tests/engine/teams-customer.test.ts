// Microsoft Teams flow-through end to end: the root program (examples/customer) on the
// real Pulumi CLI against the lab's Entra, Graph and Teams admin simulators, asserted against
// the lab's own state user by user.
import * as fs from "node:fs";
import * as path from "node:path";
import { ClientSecretCredential } from "@azure/identity";
import { expect } from "chai";
import { GraphClient } from "../../provider/backends/graph/client";
import { getUserConfiguration } from "../../provider/backends/graph/user-configurations";
import { TeamsAdminClient } from "../../provider/backends/teams/client";
import { grantPolicy } from "../../provider/backends/teams/policy-grants";
import { LAB_TENANT_ID, LAB_UCFLOW_CLIENT_ID, LAB_UCFLOW_CLIENT_SECRET, SKU_IDS, type GraphState, type TeamsState } from "../../lab/microsoft";
import { changesOf } from "./harness";
import { changedSubscribers, CONTOSO_DEFINITION_FILE, footprint, footprintRecordOf, numbersOnTwoUsers, setSteps, startTeamsLab, type LabUser, type TeamsLab } from "./teams-lab";

const SITE_OF_CITY: Record<string, { site: string; prefix: string; dialPlan: string }> = {
  Chicago: { site: "Cu1Si1", prefix: "+1312555", dialPlan: "Cu1Si1-Chicago" },
  Boston: { site: "Cu1Si2", prefix: "+1617555", dialPlan: "Cu1Si2-Boston" },
  Austin: { site: "Cu1Si3", prefix: "+1512555", dialPlan: "Cu1Si3-Austin" },
};
const BACK_OFFICE = ["Finance", "Legal", "Human Resources"];

/** What the definition says a user should get, worked out here without ucflow's planner. */
function expectedFor(user: LabUser): { site: string; profile: string; prefix: string; dialPlan: string } | undefined {
  const site = user.city ? SITE_OF_CITY[user.city] : undefined;
  if (!site) return undefined;
  const profile = user.department === "Sales" ? "Sales" : BACK_OFFICE.includes(user.department ?? "") ? "Messaging" : "Voice";
  return { ...site, profile };
}

describe("Microsoft Teams flow-through (real Pulumi CLI, the lab)", function () {
  this.timeout(900_000);
  let teamsLab: TeamsLab;
  let project: TeamsLab["project"];
  let seed: { graph: GraphState; teams: TeamsState };
  const definition = JSON.parse(fs.readFileSync(CONTOSO_DEFINITION_FILE, "utf8"));
  const state = () => teamsLab.state();

  before(async () => {
    teamsLab = await startTeamsLab({
      name: "teams-customer",
      definition,
      // Grants show a while after they are made, as on Teams; refresh must wait them out, not report them.
      graphSeed: { consistency: { grantReadLag: 2 } },
      config: { "ucflow:settleSeconds": "20" },
    });
    project = teamsLab.project;
    seed = await state();
  });

  after(async () => {
    await teamsLab?.dispose();
  });

  it("a preview plans the customer and changes no user", async () => {
    const preview = await project.preview();
    expect(changesOf(preview.changeSummary).create).to.be.greaterThan(0);
    const { graph, teams } = await state();
    for (const user of seed.graph.users) expect(footprint(graph, teams, user.properties.id), user.properties.userPrincipalName).to.deep.equal(footprint(seed.graph, seed.teams, user.properties.id));
  });

  it("up provisions exactly the users the criteria match", async () => {
    const up = await project.up();
    const { graph, teams } = await state();
    const matched = seed.graph.users.map((u) => u.properties).filter((u) => expectedFor(u));
    expect(matched.length).to.be.greaterThan(20);
    // The subscribers live in the definition's subscriber sets, not one resource each.
    expect(setSteps(up.steps).length).to.equal(definition.subscriberSets.count);
    expect(changesOf(up.changeSummary).create).to.be.lessThan(matched.length);

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
      // What ucflow gave is recorded on the user too, so deprovisioning survives a lost checkpoint.
      const record = footprintRecordOf(graph, user.id);
      expect(record?.customer, who).to.equal("Cu1");
      expect(record?.licensesAdded, who).to.deep.equal(got.licenses.filter((l) => !footprint(seed.graph, seed.teams, user.id).licenses.includes(l)).map((l) => l.toLowerCase()).sort());
    }
    expect(numbersOnTwoUsers(graph), "no number is assigned twice").to.deep.equal([]);
  });

  it("a second preview shows no changes", async () => {
    await project.preview({ expectNoChanges: true });
  });

  it("a preview of a move and a renumbering shows exactly those two subscribers, and up applies them", async () => {
    const { graph } = await state();
    const mover = graph.users.map((u) => u.properties).find((u) => u.city === "Chicago" && u.department === "Engineering")!;
    // Boston's range loses its last number in use, one ucflow assigned: its holder is renumbered, no one else.
    const bostonNumbers = graph.numbers
      .filter((n) => n.assignmentTargetId && n.telephoneNumber.startsWith("+1617555"))
      .filter((n) => ((footprintRecordOf(graph, n.assignmentTargetId!)?.numbers ?? []) as string[]).some((r) => r.startsWith(`${n.telephoneNumber}|`)))
      .map((n) => n.telephoneNumber)
      .sort();
    const highest = bostonNumbers[bostonNumbers.length - 1];
    const renumbered = graph.numbers.find((n) => n.telephoneNumber === highest)!.assignmentTargetId!;
    const narrowed = structuredClone(definition);
    const boston = narrowed.numberInventory.ranges.find((r: { site: string }) => r.site === "Cu1Si2");
    const last = Number(highest.slice(-4));
    boston.end = `+1617555${String(last - 1).padStart(4, "0")}`;
    narrowed.numberInventory.ranges.push({ start: `+1617555${String(last + 1).padStart(4, "0")}`, end: "+16175550239", site: "Cu1Si2" });
    await project.setConfig("customer", narrowed);
    await teamsLab.control.seed("graph", { users: [{ id: mover.id, city: "Boston" }] });

    const preview = await project.preview({ extra: ["--diff"] });
    const changed = setSteps(preview.steps).filter((s) => s.op === "update");
    const subscribers = (side: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> } | undefined) =>
      (side?.outputs?.subscribers ?? side?.inputs?.subscribers) as Record<string, Record<string, unknown>> | undefined;
    const named = changed.flatMap((s) => changedSubscribers(subscribers(s.oldState), subscribers(s.newState)));
    expect(named.sort()).to.deep.equal([mover.id, renumbered].sort());
    // The text a reviewer reads names the same two subscribers and no other.
    const text = (await project.pulumi(["preview", "--diff"])).stdout;
    if (process.env.UCFLOW_DEBUG_OUTPUT) fs.writeFileSync(process.env.UCFLOW_DEBUG_OUTPUT, text);
    // Pulumi's --diff prints the unchanged entries of a changed map too; the changed ones carry `~`.
    const marked = graph.users.map((u) => u.properties.id).filter((id) => new RegExp(`^\\s*~ ${id}: \\{`, "m").test(text));
    expect(marked.sort()).to.deep.equal([mover.id, renumbered].sort());
    expect(text).to.include(mover.userPrincipalName);
    const moverStep = changed.find((s) => subscribers(s.newState)?.[mover.id])!;
    expect(subscribers(moverStep.newState)![mover.id].site).to.equal("Cu1Si2");
    expect(subscribers(moverStep.oldState)![mover.id].site).to.equal("Cu1Si1");
    expect(subscribers(moverStep.newState)![mover.id].userPrincipalName, "the user principal name is visible beside the id").to.equal(mover.userPrincipalName);

    await project.up();
    const after = await state();
    const moved = footprint(after.graph, after.teams, mover.id);
    expect(moved.numbers).to.have.length(1);
    expect(moved.numbers[0]).to.match(/^\+1617555\d{4}$/);
    expect(moved.grants.TenantDialPlan).to.match(/^(Tag:)?Cu1Si2-Boston$/);
    const renumberedNow = footprint(after.graph, after.teams, renumbered).numbers;
    expect(renumberedNow).to.have.length(1);
    expect(renumberedNow[0]).to.not.equal(highest);
    expect(numbersOnTwoUsers(after.graph)).to.deep.equal([]);
    await project.preview({ expectNoChanges: true });
    // Back to the full range: only the inventory changes, every number held is inside it.
    await project.setConfig("customer", definition);
    expect(changesOf((await project.up()).changeSummary)).to.deep.equal({ update: 1 });
    await project.preview({ expectNoChanges: true });
  });

  it("refresh reports a policy changed out of band, and up puts it back", async () => {
    const { graph } = await state();
    const victim = graph.users.map((u) => u.properties).find((u) => expectedFor(u)?.profile === "Voice")!;
    // An administrator grants another policy in Teams admin center (the Teams admin API).
    const credential = new ClientSecretCredential(LAB_TENANT_ID, LAB_UCFLOW_CLIENT_ID, LAB_UCFLOW_CLIENT_SECRET, {
      authorityHost: teamsLab.lab.endpoints.services.entra!,
      disableInstanceDiscovery: true,
    });
    const teamsAdmin = new TeamsAdminClient({ credential, baseUrl: `${teamsLab.lab.endpoints.services.teams}/` });
    await grantPolicy(teamsAdmin, victim.id, "OnlineVoiceRoutingPolicy", "US-Unrestricted");
    const changed = await state();
    expect(footprint(changed.graph, changed.teams, victim.id).grants.OnlineVoiceRoutingPolicy).to.match(/US-Unrestricted/);
    // Teams shows a grant a while after it is made (the lab's grant read lag): wait until it does,
    // as an administrator would before expecting a nightly refresh to see it.
    const graphClient = new GraphClient({ credential, baseUrl: `${teamsLab.lab.endpoints.services.graph}/` });
    const visible = async () =>
      (await getUserConfiguration(graphClient, victim.id)).effectivePolicyAssignments?.some((p) => p.policyType === "OnlineVoiceRoutingPolicy" && /US-Unrestricted/.test(p.policyAssignment.displayName ?? ""));
    let reads = 0;
    while (!(await visible())) expect(++reads, "the grant shows within 10 reads").to.be.below(10);
    const refresh = await project.refresh();
    const updated = refresh.steps.filter((step) => step.op === "update");
    expect(updated.map((step) => step.urn.split("::").pop()), "refresh reports the set holding the changed subscriber").to.have.length(1);
    expect(updated[0].newState?.outputs?.drift, "and names the subscriber and the field").to.deep.equal([
      `${victim.userPrincipalName} (${victim.id}): OnlineVoiceRoutingPolicy is US-Unrestricted, ucflow granted Cu1-National`,
    ]);
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
      expect(footprintRecordOf(graph, u.properties.id), `${u.properties.userPrincipalName}: ucflow's record is gone`).to.equal(undefined);
    }
    expect(Object.keys(teams.configurations).map((type) => [type, teams.configurations[type]!.map((c) => c.Identity).sort()])).to.deep.equal(
      Object.keys(seed.teams.configurations).map((type) => [type, seed.teams.configurations[type]!.map((c) => c.Identity).sort()]),
    );
    expect(teams.emergencyLocations.map((l) => l.LocationId).sort()).to.deep.equal(seed.teams.emergencyLocations.map((l) => l.LocationId).sort());
  });

  it("license or number exhaustion fails the preview before anything is created", async () => {
    await teamsLab.control.seed("graph", { subscribedSkus: [{ sku: "SPE_E5", enabled: 20 }] });
    const licenses = await project.failingPreview();
    expect(licenses.stdout + licenses.stderr).to.match(/not enough SPE_E5 licenses: \d+ users need a new unit but only \d+ (is|are) free/);
    await teamsLab.control.seed("graph", { subscribedSkus: [{ sku: "SPE_E5", enabled: 80 }] });

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
