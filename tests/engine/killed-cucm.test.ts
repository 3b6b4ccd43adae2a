// A `pulumi up` and then a `pulumi destroy` of the Fabrikam Unified CM customer killed with
// SIGKILL while subscribers are half made (or half taken back), on the real Pulumi CLI and the
// file:// backend, against the lab's AXL, CUPI and OpenLDAP: the processes the CLI started stop
// and nothing more reaches the cluster; the recovery docs/recovery.md gives converges, leaving no
// object state does not know, no extension on two users, no line, phone or mailbox over; and
// after the killed destroy, the cluster and Unity Connection are back to the lab's seed.
import { expect } from "chai";
import { isProcessAlive, type BackgroundRun, type ProcessInfo, waitFor } from "./harness";
import { everyObject, FABRIKAM_DEFINITION_FILE, objectsOf, readDefinition, startCiscoLab, type CiscoLab } from "./cucm-lab";
import { employees, expectedFor } from "./fabrikam-people";

/** Slow enough that a subscriber (a dozen AXL calls) takes seconds. */
const WRITE_LATENCY_MS = 400;
const LINE_PARTITION = "Cu2-DN-PT";

const subscribers = employees.filter((p) => expectedFor(p) !== undefined);
const withVoicemail = subscribers.filter((p) => expectedFor(p)!.profile !== "Engineering");

describe("a killed pulumi up and destroy on Unified CM (real Pulumi CLI, the lab)", function () {
  this.timeout(1_500_000);
  let lab: CiscoLab;
  let seeded: Map<string, string>;
  let seededUsers: Set<string>;
  let seededMailboxes: string[];
  let started: ProcessInfo[] = [];

  before(async () => {
    lab = await startCiscoLab({ name: "killed-cucm", definition: readDefinition(FABRIKAM_DEFINITION_FILE) });
    const axl = await lab.axl();
    seeded = everyObject(axl);
    seededUsers = new Set(objectsOf(axl, "user", "userid").keys());
    seededMailboxes = (await lab.cupi()).users.map((u) => u.Alias).sort();
  });

  after(async () => {
    // Whatever a failed assertion left running is ours to stop.
    for (const p of started) if (isProcessAlive(p.pid)) process.kill(p.pid, "SIGKILL");
    await lab?.dispose();
  });

  /** The end users ucflow's runs added (not in the seed), by userid. */
  const newUsers = async () => [...objectsOf(await lab.axl(), "user", "userid")].filter(([userid]) => !seededUsers.has(userid));

  /** Slows every AXL and CUPI call down. */
  const slowDown = () =>
    lab.control.addFaults([
      { service: "axl", method: "POST", action: "latency", ms: WRITE_LATENCY_MS },
      { service: "cupi", action: "latency", ms: WRITE_LATENCY_MS },
    ]);

  /**
   * Kills `run` with SIGKILL once `ready` holds; asserts the language host, the program and the
   * provider host stop, and that nothing reaches the cluster or Unity Connection after.
   */
  async function killWhen(run: BackgroundRun, what: string, ready: () => Promise<boolean>, roles: readonly string[]): Promise<void> {
    await waitFor(what, async () => (await ready()) || !run.running, { timeoutMs: 600_000, intervalMs: 100 });
    expect(run.running, `the run was still going when ${what}`).to.equal(true);
    started = run.processes();
    expect([...new Set(started.map((p) => p.role))], "the processes the CLI started").to.include.members(roles);
    const killed = await run.kill();
    expect(killed.signal).to.equal("SIGKILL");
    const pulumiProcesses = started.filter((p) => p.role !== undefined);
    await waitFor("the language host, the program and the provider host to stop", () => pulumiProcesses.every((p) => !isProcessAlive(p.pid)), { timeoutMs: 20_000 }).catch((error) => {
      const survivors = pulumiProcesses.filter((p) => isProcessAlive(p.pid)).map((p) => `${p.role} (pid ${p.pid})`);
      throw new Error(`${(error as Error).message}; still running: ${survivors.join(", ")}`);
    });
    // A call sent before the processes stopped is answered within the latency; none comes after.
    await new Promise((resolve) => setTimeout(resolve, WRITE_LATENCY_MS + 1000));
    const last = (await lab.control.requests()).at(-1)?.seq ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const after = (await lab.control.requests({ since: last })).filter((r) => r.service === "axl" || r.service === "cupi");
    expect(after.map((r) => `${r.service} ${r.operation ?? r.method}`), "calls to the cluster or Unity Connection after the kill").to.deep.equal([]);
    await lab.control.clearFaults();
  }

  it("a killed up, then the documented recovery, converges with nothing made twice or left over", async () => {
    const run = lab.project.start(["up", "--yes", "--skip-preview"]);
    // The customer's dial plan and sites at full speed; the subscribers slowly.
    await waitFor("the first subscriber's end user", async () => (await newUsers()).length > 0 || !run.running, { timeoutMs: 600_000, intervalMs: 100 });
    await slowDown();
    // Kill while a subscriber is half made: its end user and line are there, the user does not point at the line yet.
    await killWhen(run, "an end user with its line but not yet its primary extension", async () => {
      const axl = await lab.axl();
      const lines = objectsOf(axl, "line", "pattern");
      const users = [...objectsOf(axl, "user", "userid")].filter(([userid]) => !seededUsers.has(userid));
      const halfMade = users.filter(([userid, u]) => !u.primaryExtension?.number && [...lines.values()].some((l) => String(l.description ?? "").endsWith(`[ucflow:Cu2:${userid}]`)));
      return users.length >= 2 && halfMade.length > 0;
    }, ["language host", "program", "provider host"]);
    const left = await newUsers();
    expect(left.filter(([, u]) => !u.primaryExtension?.number).length, "subscribers the killed run left half made").to.be.greaterThan(0);

    await lab.project.pulumi(["cancel", "--yes"]);
    await lab.project.pulumi(["refresh", "--clear-pending-creates", "--yes"]);
    await lab.project.up();
    await lab.project.preview({ expectNoChanges: true });

    const axl = await lab.axl();
    const users = new Map(await newUsers());
    expect([...users.keys()].sort(), "an end user for each subscriber, and no other").to.deep.equal(subscribers.map((p) => p.userid).sort());
    // No extension on two users, no line without its user.
    const extensions = [...users.values()].map((u) => (u.primaryExtension as { number: string }).number);
    expect(new Set(extensions).size, "no extension on two users").to.equal(extensions.length);
    const lines = [...objectsOf(axl, "line", "pattern").values()].filter((l) => l.routePartitionName === LINE_PARTITION);
    expect(lines.map((l) => l.pattern).sort(), "the customer's lines are the subscribers' extensions").to.deep.equal([...extensions].sort());
    // Every device under ucflow's mark belongs to a subscriber that controls it.
    const controlled = new Set([...users.values()].flatMap((u) => ((u.associatedDevices as string[] | undefined) ?? []).map((d) => d.toLowerCase())));
    for (const phone of objectsOf(axl, "phone").values()) {
      if (String(phone.description ?? "").includes("[ucflow:Cu2:")) expect(controlled.has(String(phone.name).toLowerCase()), `phone ${phone.name} is a subscriber's`).to.equal(true);
    }
    const mailboxes = (await lab.cupi()).users.map((u) => u.Alias).filter((a) => !seededMailboxes.includes(a));
    expect(mailboxes.map((a) => a.toLowerCase()).sort(), "a mailbox for each subscriber with voicemail, and no other").to.deep.equal(withVoicemail.map((p) => p.userid.toLowerCase()).sort());
    // Every object the runs made is one the stack knows (by its uuid).
    const state = (await lab.project.exportState()).text.toLowerCase();
    const unknown = [...everyObject(axl).keys()].filter((key) => !seeded.has(key)).filter((key) => !state.includes(key.split(" ").pop()!.replace(/[{}]/g, "").toLowerCase()));
    expect(unknown, "objects on the cluster the stack does not know").to.deep.equal([]);
  });

  it("a killed destroy, then the documented recovery, leaves the cluster and Unity Connection as seeded", async () => {
    const before = (await newUsers()).length;
    await slowDown();
    const run = lab.project.start(["destroy", "--yes", "--skip-preview"]);
    await killWhen(run, "some subscribers taken back and others not yet", async () => {
      const now = (await newUsers()).length;
      return now < before && now > 0;
      // A destroy runs no program.
    }, ["provider host"]);
    await lab.project.pulumi(["cancel", "--yes"]);
    await lab.project.pulumi(["refresh", "--yes"]);
    await lab.project.destroy();
    expect(everyObject(await lab.axl())).to.deep.equal(seeded);
    expect((await lab.cupi()).users.map((u) => u.Alias).sort()).to.deep.equal(seededMailboxes);
  });
});
