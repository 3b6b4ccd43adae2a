// `ucflow preview --markdown` on the real engine against the lab: after a definition change
// (one site added, one user moved between sites, one profile's policies changed) the PR comment names exactly
// the subscribers that change, and what changes for them.
//
// UCFLOW_WRITE_PREVIEW_FIXTURE=1 also writes the engine's `pulumi preview --json` digest of
// the change (its `same` steps dropped, to keep it small) to
// tests/unit/cli/fixtures/teams-preview.json for the unit tests.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import type { OperationDigest, StepEvent } from "./harness";
import { ucflow } from "./ucflow-command";
import { CONTOSO_DEFINITION_FILE, changedSubscribers, setSteps, startTeamsLab, type TeamsLab } from "./teams-lab";

const definition = JSON.parse(fs.readFileSync(CONTOSO_DEFINITION_FILE, "utf8"));
const FIXTURE = path.resolve(__dirname, "../../../tests/unit/cli/fixtures/teams-preview.json");


/**
 * The digest cut down for the unit tests: `same` steps, the serialized provider, the stack
 * config and the outputs (inputs say the same) dropped; of each set, the subscribers that
 * change and two that do not.
 */
function fixtureOf(digest: OperationDigest): unknown {
  const side = (s: StepEvent["oldState"], keep?: ReadonlySet<string>) => {
    if (!s?.inputs) return s;
    const inputs = Object.fromEntries(Object.entries(s.inputs).filter(([k]) => !k.startsWith("__")));
    if (keep && inputs.subscribers) inputs.subscribers = Object.fromEntries(Object.entries(inputs.subscribers as object).filter(([id]) => keep.has(id)));
    return { type: (s as { type?: string }).type, inputs };
  };
  const steps = digest.steps
    .filter((s) => s.op !== "same")
    .map((s) => {
      if (!s.urn.includes("ucflow:SubscriberSet::")) return { op: s.op, urn: s.urn, oldState: side(s.oldState), newState: side(s.newState) };
      const before = s.oldState?.inputs?.subscribers as Record<string, unknown> | undefined;
      const after = s.newState?.inputs?.subscribers as Record<string, unknown> | undefined;
      const changed = changedSubscribers(before, after);
      const unchanged = Object.keys(after ?? {}).filter((id) => !changed.includes(id)).sort().slice(0, 2);
      const keep = new Set([...changed, ...unchanged]);
      return { op: s.op, urn: s.urn, oldState: side(s.oldState, keep), newState: side(s.newState, keep) };
    });
  return { steps, diagnostics: digest.diagnostics, changeSummary: digest.changeSummary };
}

describe("ucflow preview --markdown (real Pulumi CLI, the lab)", function () {
  this.timeout(900_000);
  let teamsLab: TeamsLab;

  before(async () => {
    teamsLab = await startTeamsLab({ name: "preview-markdown", definition });
    await teamsLab.project.up();
  });

  after(async () => {
    await teamsLab?.dispose();
  });

  it("names the moved subscriber and the subscribers whose profile changed, with old and new values", async () => {
    const { graph } = await teamsLab.state();
    const mover = graph.users.map((u) => u.properties).find((u) => u.city === "Chicago" && u.department === "Engineering")!;
    const changed = structuredClone(definition);
    const sales = changed.profiles.find((p: { name: string }) => p.name === "Sales");
    sales.quickAddGroup.policies.OnlineVoiceRoutingPolicy = "Cu1-National";
    // A new site: its objects are created and the tenant's Seattle users come under management there.
    changed.dialPlans.push({ name: "Cu1Si4-Seattle", scope: "site", site: "Cu1Si4", normalizationRules: [{ name: "Cu1Si4-Ext4", pattern: "^(\\d{4})$", translation: "+1206555$1", isInternalExtension: true }] });
    changed.sites.push({ code: "Cu1Si4", name: "Seattle", dialPlan: "Cu1Si4-Seattle", address: { street: "400 Broad St", city: "Seattle", state: "WA", postalCode: "98109", country: "US" } });
    changed.numberInventory.ranges.push({ start: "+12065550400", end: "+12065550404", site: "Cu1Si4" });
    await teamsLab.project.setConfig("customer", changed);
    await teamsLab.control.seed("graph", { users: [{ id: mover.id, city: "Boston" }] });

    const digest = await teamsLab.project.preview();
    const changedIds = setSteps(digest.steps)
      .filter((s) => s.op === "update")
      .flatMap((s) => changedSubscribers(s.oldState?.inputs?.subscribers as Record<string, unknown>, s.newState?.inputs?.subscribers as Record<string, unknown>));
    expect(changedIds).to.include(mover.id);
    if (process.env.UCFLOW_WRITE_PREVIEW_FIXTURE === "1") {
      fs.writeFileSync(FIXTURE, `${JSON.stringify(fixtureOf(digest), null, 1)}\n`);
    }

    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ucflow-preview-md-")), "comment.md");
    const code = (await ucflow(["preview", "--markdown", "--stack", teamsLab.project.stack, "--out", out], { cwd: teamsLab.project.dir, env: teamsLab.project.environment() })).exitCode;
    expect(code).to.equal(0);
    const markdown = fs.readFileSync(out, "utf8");
    if (process.env.UCFLOW_DEBUG_OUTPUT) fs.writeFileSync(process.env.UCFLOW_DEBUG_OUTPUT, markdown);
    expect(markdown).to.include(`## Stack \`${teamsLab.project.stack}\``);
    // The mover's line says where they move from and to.
    expect(markdown).to.match(new RegExp(`${mover.userPrincipalName.replace(/[.]/g, "\\.")}.*site: Cu1Si1 → Cu1Si2`));
    const users = new Map(graph.users.map((u) => [u.properties.id, u.properties.userPrincipalName]));
    for (const id of changedIds) expect(markdown, id).to.include(users.get(id)!);
    // Nobody else is named.
    const named = graph.users.map((u) => u.properties).filter((u) => markdown.includes(`\`${u.userPrincipalName}\``));
    expect(named.map((u) => u.id).sort()).to.deep.equal([...new Set(changedIds)].sort());
    expect(markdown).to.include("Cu1-International → Cu1-National");
  });

  it("exits 2 on a plan the delete guard refuses, and the comment leads with the refusal", async () => {
    // Only the Sales entry left: most subscribers would go, over the definition's 25 %.
    const narrowed = structuredClone(definition);
    narrowed.flowThrough.entries = narrowed.flowThrough.entries.filter((e: { name: string }) => e.name === "sales");
    await teamsLab.project.setConfig("customer", narrowed);
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ucflow-preview-md-")), "comment.md");
    const code = (await ucflow(["preview", "--markdown", "--stack", teamsLab.project.stack, "--out", out], { cwd: teamsLab.project.dir, env: teamsLab.project.environment() })).exitCode;
    expect(code).to.equal(2);
    const markdown = fs.readFileSync(out, "utf8");
    if (process.env.UCFLOW_DEBUG_OUTPUT) fs.writeFileSync(`${process.env.UCFLOW_DEBUG_OUTPUT}.refused`, markdown);
    expect(markdown).to.include("**The preview was refused:**");
    expect(markdown).to.match(/^- ⛔ \*\*refused\*\*.*deprovision/im);
    await teamsLab.project.setConfig("customer", definition);
  });

  it("exits 2 with the engine's message when the preview fails", async () => {
    const run = await ucflow(["preview", "--markdown", "--stack", "no-such-stack"], { cwd: teamsLab.project.dir, env: teamsLab.project.environment() });
    expect(run.exitCode).to.equal(2);
    expect(run.stderr).to.include("no-such-stack");
  });
});
