// A `pulumi up` killed with SIGKILL while subscribers are being provisioned, on the real Pulumi
// CLI and the file:// backend, against the lab: the documented recovery (docs/recovery.md)
// converges with every subscriber provisioned once; a `pulumi destroy` killed while subscribers
// are taken back, recovered the same way, takes back exactly what ucflow gave: no licence,
// number, grant or record left, no number on two users. Then the same with the checkpoint lost
// altogether: what ucflow gave is known from its record on each user.
import * as fs from "node:fs";
import { expect } from "chai";
import { isProcessAlive, type ProcessInfo, waitFor } from "./harness";
import { CONTOSO_DEFINITION_FILE, expectUsersAtSeed, footprint, footprintRecordOf, numbersOnTwoUsers, startTeamsLab, type TeamsLab } from "./teams-lab";

/** Slow enough that provisioning the subscribers takes several seconds. */
const WRITE_LATENCY_MS = 700;
const CITIES = ["Chicago", "Boston", "Austin"];

describe("a pulumi up killed while subscribers are provisioned (real Pulumi CLI, the lab)", function () {
  this.timeout(900_000);
  const definition = JSON.parse(fs.readFileSync(CONTOSO_DEFINITION_FILE, "utf8"));
  let t: TeamsLab;
  let seed: Awaited<ReturnType<TeamsLab["state"]>>;
  let started: ProcessInfo[] = [];

  before(async () => {
    t = await startTeamsLab({ name: "killed-subscribers", definition });
    seed = await t.state();
  });

  after(async () => {
    for (const p of started) if (isProcessAlive(p.pid)) process.kill(p.pid, "SIGKILL");
    await t?.dispose();
  });

  const matched = () => seed.graph.users.map((u) => u.properties).filter((u) => CITIES.includes(u.city ?? ""));

  const licensedCount = (graph: Awaited<ReturnType<TeamsLab["state"]>>["graph"]) =>
    matched().filter((u) => graph.users.find((g) => g.properties.id === u.id)!.properties.assignedLicenses.length > 0).length;

  /**
   * Starts `pulumi <args>` with slow Graph writes to `paths` and kills it with SIGKILL once
   * `ready` holds; returns when the hosts the CLI started have stopped and writes in flight are answered.
   */
  async function killWhen(args: readonly string[], paths: readonly string[], what: string, ready: (graph: Awaited<ReturnType<TeamsLab["state"]>>["graph"]) => boolean): Promise<void> {
    await t.control.addFaults(paths.map((path) => ({ service: "graph", method: "POST", path, action: "latency" as const, ms: WRITE_LATENCY_MS })));
    const run = t.project.start(args);
    await waitFor(what, async () => ready((await t.state()).graph) || !run.running, { timeoutMs: 300_000, intervalMs: 100 });
    expect(run.running, `the run was still going when ${what}`).to.equal(true);
    started = run.processes();
    await run.kill();
    const pulumiProcesses = started.filter((p) => p.role !== undefined);
    await waitFor("the hosts the CLI started to stop", () => pulumiProcesses.every((p) => !isProcessAlive(p.pid)), { timeoutMs: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, WRITE_LATENCY_MS + 500));
    await t.control.clearFaults();
  }

  /** Kills `up` once some, not all, subscribers have a record. */
  const killMidApply = () =>
    killWhen(["up", "--yes", "--skip-preview"], ["/assignLicense$", "/assignNumber$"], "some subscribers provisioned and others not yet", (graph) => {
      const recorded = matched().filter((u) => footprintRecordOf(graph, u.id) !== undefined).length;
      return recorded >= 5 && licensedCount(graph) < matched().length - 5;
    });

  /** Kills `destroy` once some, not all, subscribers are taken back. */
  const killMidDestroy = () =>
    killWhen(["destroy", "--yes", "--skip-preview"], ["/assignLicense$", "/unassignNumber$"], "some subscribers taken back and others not yet", (graph) => {
      const licensed = licensedCount(graph);
      return licensed >= 3 && licensed <= matched().length - 3;
    });

  /** Every matched user provisioned as the definition says, once; everyone else untouched. */
  async function expectProvisioned(): Promise<void> {
    const { graph, teams } = await t.state();
    for (const user of seed.graph.users.map((u) => u.properties)) {
      const got = footprint(graph, teams, user.id);
      if (!CITIES.includes(user.city ?? "")) {
        expect(got, `${user.userPrincipalName} is untouched`).to.deep.equal(footprint(seed.graph, seed.teams, user.id));
        continue;
      }
      expect(got.licenses.length, user.userPrincipalName).to.be.greaterThan(0);
      expect(got.grants.TenantDialPlan, user.userPrincipalName).to.match(/^(Tag:)?Cu1Si\d-/);
      expect(got.numbers.length, user.userPrincipalName).to.be.at.most(1);
      expect(footprintRecordOf(graph, user.id)?.customer, user.userPrincipalName).to.equal("Cu1");
    }
    expect(numbersOnTwoUsers(graph)).to.deep.equal([]);
  }

  /** Licences, numbers and grants back to the lab's seed, and no record left. */
  async function expectSeed(): Promise<void> {
    expectUsersAtSeed(seed, await t.state());
  }

  it("the documented recovery converges; a killed destroy, recovered, takes back exactly what ucflow gave", async () => {
    await killMidApply();
    await t.project.pulumi(["cancel", "--yes"]);
    await t.project.pulumi(["refresh", "--clear-pending-creates", "--yes"]);
    await t.project.up();
    await t.project.preview({ expectNoChanges: true });
    await expectProvisioned();

    await killMidDestroy();
    await t.project.pulumi(["cancel", "--yes"]);
    await t.project.pulumi(["refresh", "--yes"]);
    await t.project.destroy();
    await expectSeed();
  });

  it("with the checkpoint lost, a new stack finds ucflow's records on the users and destroy still takes back exactly that", async () => {
    await killMidApply();
    // The state is gone (a deleted backend bucket, a restored old copy): only the platform remembers.
    await t.project.pulumi(["cancel", "--yes"]);
    await t.project.pulumi(["stack", "rm", "--yes", "--force", "--preserve-config", t.project.stack]);
    await t.project.pulumi(["stack", "init", t.project.stack]);
    await t.project.up();
    await t.project.preview({ expectNoChanges: true });
    await expectProvisioned();
    await t.project.destroy();
    await expectSeed();
  });
});
