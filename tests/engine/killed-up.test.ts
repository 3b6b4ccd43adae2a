// A `pulumi up` killed with SIGKILL while the customer's Teams objects are being created, on the
// real Pulumi CLI and the file:// backend, against the lab: the processes the CLI started stop
// and write nothing more; the recovery docs/recovery.md gives (pulumi cancel, pulumi refresh
// --clear-pending-creates, pulumi up) converges, adopting what the killed run left; and destroy
// returns the tenant's Teams configurations and emergency locations to the lab's seed.
import * as fs from "node:fs";
import { expect } from "chai";
import type { TeamsState } from "../../lab/microsoft";
import { changesOf, isProcessAlive, type ProcessInfo, waitFor } from "./harness";
import { CONTOSO_DEFINITION_FILE, startTeamsLab, type TeamsLab } from "./teams-lab";

/** Long enough that a class of service (five writes) takes seconds to create. */
const WRITE_LATENCY_MS = 1500;

const usagesOf = (teams: TeamsState): string[] => ((teams.configurations.OnlinePstnUsages ?? []).find((u) => u.Identity === "Global")?.Usage as string[] | undefined) ?? [];
const identities = (teams: TeamsState, type: string): string[] => (teams.configurations[type] ?? []).map((c) => c.Identity);

describe("a killed pulumi up (real Pulumi CLI, the lab)", function () {
  this.timeout(900_000);
  let t: TeamsLab;
  let seed: Awaited<ReturnType<TeamsLab["state"]>>;
  let started: ProcessInfo[] = [];

  before(async () => {
    t = await startTeamsLab({ name: "killed-up", definition: JSON.parse(fs.readFileSync(CONTOSO_DEFINITION_FILE, "utf8")) });
    seed = await t.state();
  });

  after(async () => {
    // Whatever a failed assertion left running is ours to stop.
    for (const p of started) if (isProcessAlive(p.pid)) process.kill(p.pid, "SIGKILL");
    await t?.dispose();
  });

  it("stops the language host, the program and the provider host, and nothing is written after", async () => {
    await t.control.addFaults([
      { service: "teams", method: "POST", action: "latency", ms: WRITE_LATENCY_MS },
      { service: "teams", method: "PUT", action: "latency", ms: WRITE_LATENCY_MS },
    ]);
    const run = t.project.start(["up", "--yes", "--skip-preview"]);
    // Kill while a class of service is half made: its usages are there, its routing policy not yet.
    await waitFor(
      "a class of service with its PSTN usages but no routing policy yet",
      async () => {
        const { teams } = await t.state();
        return usagesOf(teams).some((u) => u.startsWith("Cu1-National-")) && !identities(teams, "OnlineVoiceRoutingPolicy").includes("Tag:Cu1-National");
      },
      { timeoutMs: 300_000 },
    );
    started = run.processes();
    const roles = new Set(started.map((p) => p.role));
    expect([...roles].sort(), "the processes the CLI started").to.include.members(["language host", "program", "provider host"]);

    const killed = await run.kill();
    expect(killed.signal).to.equal("SIGKILL");
    const pulumiProcesses = started.filter((p) => p.role !== undefined);
    await waitFor("the language host, the program and the provider host to stop", () => pulumiProcesses.every((p) => !isProcessAlive(p.pid)), { timeoutMs: 20_000 }).catch((error) => {
      const survivors = pulumiProcesses.filter((p) => isProcessAlive(p.pid)).map((p) => `${p.role} (pid ${p.pid}: ${p.argv.slice(0, 2).join(" ")})`);
      throw new Error(`${(error as Error).message}; still running: ${survivors.join(", ")}`);
    });

    // A write sent before the processes stopped is answered (or dropped) within the latency.
    await new Promise((resolve) => setTimeout(resolve, WRITE_LATENCY_MS + 500));
    const then = await t.state();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect(await t.state(), "the lab five seconds later").to.deep.equal(then);
  });

  it("the documented recovery converges, adopting what the killed run left", async () => {
    await t.control.clearFaults();
    const { teams: left } = await t.state();
    expect(usagesOf(left).filter((u) => u.startsWith("Cu1-National-")), "the killed run left the usages of a class of service").to.not.deep.equal([]);

    // The killed CLI left its lock: every command that changes the stack refuses until `pulumi cancel`.
    const locked = await t.project.pulumi(["up", "--yes", "--skip-preview"], { allowFailure: true });
    expect(locked.exitCode).to.not.equal(0);
    expect(locked.stdout + locked.stderr).to.include("the stack is currently locked by 1 lock(s)").and.include("pulumi cancel");

    await t.project.pulumi(["cancel", "--yes"]);
    const pending = () => t.project.exportState().then((s) => ((s.deployment as { pending_operations?: { type: string; resource: { urn: string } }[] }).pending_operations ?? []));
    const interrupted = await pending();
    expect(interrupted.map((op) => op.type), "the killed run's interrupted creates").to.include("creating");
    expect(interrupted.map((op) => op.resource.urn).some((urn) => urn.endsWith("::Cu1-cos-Cu1-National"))).to.equal(true);

    await t.project.pulumi(["refresh", "--clear-pending-creates", "--yes"]);
    expect(await pending(), "no pending operation after the refresh").to.deep.equal([]);

    const up = await t.project.up();
    expect(changesOf(up.changeSummary).create, "the customer's objects the killed run did not finish, and the subscriber sets").to.be.greaterThan(4);
    await t.project.preview({ expectNoChanges: true });

    // One of each: nothing the killed run made was made a second time.
    const { teams } = await t.state();
    for (const name of ["Cu1-National", "Cu1-International"]) {
      expect(identities(teams, "OnlineVoiceRoutingPolicy").filter((i) => i === `Tag:${name}`), name).to.have.length(1);
      expect(identities(teams, "TeamsCallingPolicy").filter((i) => i === `Tag:${name}`), name).to.have.length(1);
    }
    expect(usagesOf(teams).filter((u) => u.startsWith("Cu1-")).sort()).to.deep.equal(["Cu1-International-international", "Cu1-International-national", "Cu1-National-national"]);
    for (const site of ["Cu1Si1", "Cu1Si2", "Cu1Si3"]) {
      expect(teams.emergencyLocations.filter((l) => typeof l.Description === "string" && l.Description.endsWith(`[ucflow:Cu1/${site}]`)), site).to.have.length(1);
    }
    for (const type of ["TenantDialPlan", "OnlineVoiceRoute", "OnlineVoiceRoutingPolicy", "TeamsCallingPolicy"]) {
      for (const made of (teams.configurations[type] ?? []).filter((c) => !identities(seed.teams, type).includes(c.Identity))) {
        expect(made.Description, `${type} ${made.Identity}`).to.match(/\[ucflow:Cu1\]$/);
      }
    }
  });

  it("destroy leaves the Teams configurations and emergency locations exactly as the seed", async () => {
    await t.project.destroy();
    const { teams } = await t.state();
    expect(teams.configurations).to.deep.equal(seed.teams.configurations);
    expect(teams.emergencyLocations).to.deep.equal(seed.teams.emergencyLocations);
  });
});
