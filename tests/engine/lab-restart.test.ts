// The platforms going down in the middle of a `pulumi up` and coming back (LabHandle.restart: every
// simulator, the control endpoint and slapd closed, then started again on the same ports from the
// saved state; a write being handled is applied with its answer lost), on the real Pulumi CLI:
// the up rides through or fails cleanly, a second up converges, a preview shows no changes, the
// lab holds nothing the stack does not know (no number or line twice, no licence, grant, phone,
// line or mailbox left behind) and destroy returns it to its seed. Teams (Contoso) and Unified CM
// with Unity Connection and the directory (Fabrikam).
import * as fs from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import { expect } from "chai";
import type { FaultRuleInput } from "../../lab/faults/fault-rules";
import type { AxlClusterState } from "../../lab/cisco";
import type { LabControlClient } from "../../lab/control/control-client";
import type { LabHandle } from "../../lab";
import type { LoggedRequest } from "../../lab/request-log";
import { type CliRun, type EngineProject, waitFor } from "./harness";
import { everyObject, FABRIKAM_DEFINITION_FILE, objectsOf, readDefinition, startCiscoLab, type CiscoLab } from "./cucm-lab";
import { CONTOSO_DEFINITION_FILE, footprint, footprintRecordOf, numbersOnTwoUsers, startTeamsLab, type TeamsLab } from "./teams-lab";

/** How long the platforms stay down: longer than a few retries, as an outage is. */
const OUTAGE_MS = 5_000;
const TEAMS_CITIES = ["Chicago", "Boston", "Austin"];

/** What an up through the outage did, for the test's log. */
function outcome(run: CliRun): string {
  return run.exitCode === 0 ? "rode through the outage" : `failed (exit ${run.exitCode})`;
}

/**
 * Starts `up` with slow writes and one write held (`held`: a latency rule with count 1 that lasts
 * until the lab stops, so that write is being handled when the platforms go down); once the held
 * write has arrived, restarts the lab with the platforms down for OUTAGE_MS, lifts the latency and waits for the up to end. The up either succeeded or
 * failed with an error message (no crash, no signal). Resolves with its run and the requests the
 * restart dropped unanswered.
 */
async function upThroughOutage(
  t: { lab: LabHandle; control: LabControlClient; project: EngineProject },
  faults: { latency: readonly FaultRuleInput[]; held: FaultRuleInput },
): Promise<{ run: CliRun; dropped: LoggedRequest[] }> {
  const [held] = await t.control.addFaults([faults.held, ...faults.latency]);
  const heldArrived = async () => ((await t.control.faults()).rules.find((r) => r.id === held!.id)?.fired ?? 0) > 0;
  const run = t.project.start(["up", "--yes", "--skip-preview"]);
  await waitFor("the held write to arrive", async () => run.running && (await heldArrived()), { timeoutMs: 600_000, intervalMs: 200 });
  const before = (await t.control.requests()).length;
  await t.lab.restart({ whileDown: () => delay(OUTAGE_MS) });
  await t.control.clearFaults();
  const done = await run.finished;
  const requests = await t.control.requests();
  const dropped = requests.filter((r) => r.status === 0);
  console.log(`      the up ${outcome(done)}; ${requests.length - before} requests after the restart began, ${dropped.length} dropped: ${dropped.map((r) => `${r.service} ${r.method} ${r.operation ?? r.path}`).join(", ")}`);
  for (const line of (done.stdout + done.stderr).split("\n").filter((l) => /error|^\s*\* /i.test(l)).slice(0, 12)) console.log(`        | ${line.trim().slice(0, 400)}`);
  expect(done.signal, "the CLI was not killed").to.equal(undefined);
  const output = done.stdout + done.stderr;
  expect(output, "no crash of the program or a provider").to.not.match(/panic:|TypeError|ReferenceError|unhandled (promise )?rejection/i);
  if (done.exitCode !== 0) expect(output, "a failed up says what failed").to.match(/error:/i);
  return { run: done, dropped };
}

/** Subscribers the stack records, from every subscriber set's outputs, by id. */
async function recordedSubscribers(project: EngineProject): Promise<Map<string, Record<string, unknown>>> {
  const exported = await project.exportState();
  return new Map(
    (exported.deployment.resources ?? [])
      .filter((r) => r.type.endsWith(":SubscriberSet"))
      .flatMap((r) => Object.entries((r.outputs?.subscribers ?? {}) as Record<string, Record<string, unknown>>)),
  );
}

function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))].sort();
}

describe("the lab restarted mid-up: Teams (real Pulumi CLI, the lab)", function () {
  this.timeout(1_500_000);
  let t: TeamsLab;
  let seed: Awaited<ReturnType<TeamsLab["state"]>>;

  before(async () => {
    t = await startTeamsLab({ name: "lab-restart-teams", definition: JSON.parse(fs.readFileSync(CONTOSO_DEFINITION_FILE, "utf8")) });
    seed = await t.state();
  });

  after(async () => {
    await t?.dispose();
  });

  const matched = () => seed.graph.users.map((u) => u.properties).filter((u) => TEAMS_CITIES.includes(u.city ?? ""));

  it("an up through an outage of graph, teams and the token endpoint, then a second up, converges with nothing the stack does not know", async () => {
    const latency: FaultRuleInput[] = [
      { service: "graph", method: "POST", path: "/assignLicense$", action: "latency", ms: 700 },
      { service: "graph", method: "POST", path: "/assignNumber$", action: "latency", ms: 700 },
    ];
    // One licence held inside its $batch: the batch is being handled when graph goes down, so
    // the items answered before are applied and the batch's answer is lost.
    const held: FaultRuleInput = { service: "graph", method: "POST", path: "/assignLicense$", action: "latency", ms: 600_000, count: 1 };
    const { dropped } = await upThroughOutage(t, { latency, held });
    expect(dropped.filter((r) => r.service === "graph" && r.path.endsWith("/$batch")), "a $batch lost its answer").to.not.deep.equal([]);

    await t.project.up();
    await t.project.preview({ expectNoChanges: true });

    const { graph, teams } = await t.state();
    const subscribers = await recordedSubscribers(t.project);
    expect([...subscribers.keys()].sort(), "the stack's subscribers are the matched users").to.deep.equal(matched().map((u) => u.id).sort());
    expect(numbersOnTwoUsers(graph), "no number on two users").to.deep.equal([]);
    for (const user of seed.graph.users.map((u) => u.properties)) {
      const got = footprint(graph, teams, user.id);
      if (!subscribers.has(user.id)) {
        expect(got, `${user.userPrincipalName}: not a subscriber, untouched`).to.deep.equal(footprint(seed.graph, seed.teams, user.id));
        expect(footprintRecordOf(graph, user.id), `${user.userPrincipalName}: no record`).to.equal(undefined);
        continue;
      }
      expect(got.licenses.length, user.userPrincipalName).to.be.greaterThan(0);
      expect(got.numbers.length, `${user.userPrincipalName}: one number at most`).to.be.at.most(1);
      expect(footprintRecordOf(graph, user.id)?.customer, user.userPrincipalName).to.equal("Cu1");
    }
    // Each Teams object the customer needs made once, and every object not in the seed is ucflow's.
    for (const [type, objects] of Object.entries(teams.configurations)) {
      const identities = (objects ?? []).map((c) => c.Identity);
      expect(duplicates(identities), `${type} made twice`).to.deep.equal([]);
      for (const made of (objects ?? []).filter((c) => !(seed.teams.configurations[type] ?? []).some((s) => s.Identity === c.Identity))) {
        if (type !== "OnlinePstnUsages") expect(made.Description, `${type} ${made.Identity}`).to.match(/\[ucflow:Cu1\]$/);
      }
    }
    for (const site of ["Cu1Si1", "Cu1Si2", "Cu1Si3"]) {
      expect(teams.emergencyLocations.filter((l) => typeof l.Description === "string" && l.Description.endsWith(`[ucflow:Cu1/${site}]`)), site).to.have.length(1);
    }
  });

  it("destroy returns the tenant to its seed: no licence, number, grant, record or Teams object left", async () => {
    await t.project.destroy();
    const { graph, teams } = await t.state();
    for (const u of seed.graph.users) {
      const who = u.properties.userPrincipalName;
      const want = footprint(seed.graph, seed.teams, u.properties.id);
      const got = footprint(graph, teams, u.properties.id);
      expect({ licenses: got.licenses, numbers: got.numbers }, who).to.deep.equal({ licenses: want.licenses, numbers: want.numbers });
      for (const [type, value] of Object.entries(got.grants)) expect(value, `${who} ${type}`).to.equal(want.grants[type] ?? null);
      expect(footprintRecordOf(graph, u.properties.id), who).to.equal(undefined);
    }
    expect(teams.configurations).to.deep.equal(seed.teams.configurations);
    expect(teams.emergencyLocations).to.deep.equal(seed.teams.emergencyLocations);
  });
});

describe("the lab restarted mid-up: Unified CM, Unity Connection and the directory (real Pulumi CLI, the lab)", function () {
  this.timeout(1_500_000);
  let lab: CiscoLab;
  let seeded: Map<string, string>;
  let seededAxl: AxlClusterState;
  let seededMailboxes: string[];

  before(async () => {
    lab = await startCiscoLab({ name: "lab-restart-cucm", definition: readDefinition(FABRIKAM_DEFINITION_FILE) });
    seededAxl = await lab.axl();
    seeded = everyObject(seededAxl);
    seededMailboxes = (await lab.cupi()).users.map((u) => u.Alias).sort();
  });

  after(async () => {
    await lab?.dispose();
  });

  /** The objects of a kind the seed did not have, as `{name|pattern|userid: fields}`. */
  const added = (axl: AxlClusterState, kind: keyof AxlClusterState["objects"], key = "name") => {
    const before = objectsOf(seededAxl, kind, key);
    return new Map([...objectsOf(axl, kind, key)].filter(([name]) => !before.has(name)));
  };

  it("an up through an outage of AXL, CUPI and slapd, then a second up, converges with nothing the stack does not know", async () => {
    // AXL rules on "/axl/<operation>" apply inside the simulator, once it has read the operation.
    const latency: FaultRuleInput[] = [
      { service: "axl", method: "POST", path: "^/axl/(add|update|remove)", action: "latency", ms: 300 },
      { service: "cupi", method: "POST", action: "latency", ms: 300 },
    ];
    // One addPhone held in the simulator: when AXL goes down it is applied and its answer lost.
    const held: FaultRuleInput = { service: "axl", method: "POST", path: "^/axl/addPhone$", action: "latency", ms: 600_000, count: 1 };
    const { dropped } = await upThroughOutage(lab, { latency, held });
    const lost = dropped.filter((r) => r.service === "axl" && r.operation === "addPhone");
    expect(lost, "the held addPhone lost its answer").to.have.length.greaterThan(0);

    await lab.project.up();
    await lab.project.preview({ expectNoChanges: true });

    const axl = await lab.axl();
    const userids = new Set([...(await recordedSubscribers(lab.project)).values()].map((s) => String(s.userid)));
    expect(userids.size, "the stack has subscribers").to.be.greaterThan(0);
    const users = added(axl, "user", "userid");
    expect([...users.keys()].sort(), "every end user added is a subscriber the stack knows, and every subscriber has one").to.deep.equal([...userids].sort());

    // No directory number on two lines of a partition, and none given to two users.
    const lineKeys = Object.values(axl.objects.line ?? {}).map((o) => `${String(o.fields.pattern)} in ${JSON.stringify((o.fields.routePartitionName as { name?: string } | undefined)?.name ?? o.fields.routePartitionName ?? null)}`);
    expect(duplicates(lineKeys), "a directory number on two lines").to.deep.equal([]);
    const extensions = [...users.values()].map((u) => String((u.primaryExtension as { number?: string } | undefined)?.number));
    expect(duplicates(extensions), "an extension on two users").to.deep.equal([]);
    const alternates = Object.values(axl.objects.line ?? {}).map((o) => (o.fields.e164AltNum as { numMask?: string } | undefined)?.numMask).filter((n): n is string => typeof n === "string" && n.length > 0);
    expect(duplicates(alternates), "a DID on two lines").to.deep.equal([]);

    // Nothing a failed step left: every line, phone, profile and mailbox added belongs to a subscriber.
    expect([...added(axl, "line", "pattern").keys()].filter((pattern) => !extensions.includes(pattern)), "lines no subscriber has").to.deep.equal([]);
    for (const [name, phone] of added(axl, "phone")) expect(userids.has(String(phone.ownerUserName)), `phone ${name} of ${phone.ownerUserName}`).to.equal(true);
    for (const [name, profile] of added(axl, "remoteDestinationProfile")) expect(userids.has(String(profile.userId)), `remote destination profile ${name}`).to.equal(true);
    const mailboxes = (await lab.cupi()).users.map((u) => u.Alias).filter((alias) => !seededMailboxes.includes(alias));
    for (const alias of mailboxes) expect([...userids].some((u) => u.toLowerCase() === alias.toLowerCase()), `mailbox ${alias}`).to.equal(true);
    expect(duplicates(mailboxes.map((a) => a.toLowerCase())), "a mailbox twice").to.deep.equal([]);
  });

  it("destroy leaves the cluster and Unity Connection as seeded", async () => {
    await lab.project.destroy();
    expect(everyObject(await lab.axl())).to.deep.equal(seeded);
    expect((await lab.cupi()).users.map((u) => u.Alias).sort()).to.deep.equal(seededMailboxes);
  });
});
