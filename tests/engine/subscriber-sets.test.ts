// Subscriber sets on the real engine against the lab: a per-user failure is recorded with what
// succeeded and retried alone; a site's address change moves its numbers' emergency location; a
// change of the number of sets is refused at preview.
import * as fs from "node:fs";
import { expect } from "chai";
import { type GraphState } from "../../lab/microsoft";
import { changesOf } from "./harness";
import { CONTOSO_DEFINITION_FILE, footprint, footprintRecordOf, numbersOnTwoUsers, setSteps, startTeamsLab, type TeamsLab } from "./teams-lab";

const definition = JSON.parse(fs.readFileSync(CONTOSO_DEFINITION_FILE, "utf8"));

/** Users of the seeded tenant the Contoso definition provisions (the three sites' cities). */
function provisioned(graph: GraphState) {
  return graph.users.map((u) => u.properties).filter((u) => ["Chicago", "Boston", "Austin"].includes(u.city ?? ""));
}

describe("Subscriber sets (real Pulumi CLI, the lab)", function () {
  this.timeout(900_000);
  let teamsLab: TeamsLab;
  let seed: Awaited<ReturnType<TeamsLab["state"]>>;

  before(async () => {
    teamsLab = await startTeamsLab({ name: "subscriber-sets", definition });
    seed = await teamsLab.state();
  });

  after(async () => {
    await teamsLab?.dispose();
  });

  it("a per-user failure keeps what succeeded, names each failed subscriber, and the next up retries only those", async () => {
    const users = provisioned((await teamsLab.state()).graph).sort((a, b) => (a.id < b.id ? -1 : 1));
    // Users who hold no license yet, so each of them needs a license call.
    const failing = users.filter((u) => u.assignedLicenses.length === 0).slice(0, 3);
    expect(failing).to.have.length(3);
    // A licensing conflict Graph reports per user; it fails whether the call is sent alone or in a $batch.
    const rules = await teamsLab.control.addFaults(
      failing.map((u) => ({
        service: "graph",
        method: "POST",
        path: `^/v1\\.0/users/${u.id}/assignLicense$`,
        action: "status" as const,
        status: 400,
        body: { error: { code: "Request_BadRequest", message: "License assignment failed because service plans are mutually exclusive.", innerError: { "request-id": "lab" } } },
      })),
    );
    const failed = await teamsLab.project.pulumi(["up", "--yes", "--skip-preview"], { allowFailure: true });
    expect(failed.exitCode).to.not.equal(0);
    const output = failed.stdout + failed.stderr;
    if (process.env.UCFLOW_DEBUG_OUTPUT) fs.writeFileSync(process.env.UCFLOW_DEBUG_OUTPUT, output);
    for (const u of failing) expect(output, u.userPrincipalName).to.include(`${u.userPrincipalName} (${u.id}): graph: assigning license to ${u.id}: 400 Request_BadRequest`);
    expect(output).to.match(/the next `pulumi up` retries only the failed ones/);

    const { graph, teams } = await teamsLab.state();
    const ok = users.filter((u) => !failing.includes(u));
    for (const u of ok) expect(footprint(graph, teams, u.id).licenses.length, u.userPrincipalName).to.be.greaterThan(0);
    for (const u of failing) {
      expect(footprint(graph, teams, u.id).licenses, u.userPrincipalName).to.deep.equal([]);
      // The intent was recorded before the license call, so a deprovisioning now would still know.
      expect(footprintRecordOf(graph, u.id)?.licensesAdded, u.userPrincipalName).to.have.length(1);
    }
    // State records the others.
    const exported = await teamsLab.project.exportState();
    const recorded = exported.deployment.resources!.filter((r) => r.type.endsWith("ucflow:SubscriberSet")).flatMap((r) => Object.keys((r.outputs?.subscribers ?? {}) as object));
    expect(recorded.sort()).to.deep.equal(ok.map((u) => u.id).sort());

    for (const rule of rules) await teamsLab.control.removeFault(rule.id);
    const [counter] = await teamsLab.control.addFaults([{ service: "graph", method: "POST", path: "/assignLicense$", action: "latency", ms: 0 }]);
    const fixed = await teamsLab.project.up();
    expect(setSteps(fixed.steps).filter((s) => s.op === "update").length, "only the sets holding the failed subscribers").to.be.within(1, 3);
    const licenseCalls = (await teamsLab.control.faults()).rules.find((r) => r.id === counter.id)!.fired;
    expect(licenseCalls, "license calls of the retry: the three failed subscribers only").to.equal(3);
    await teamsLab.control.removeFault(counter.id);
    const after = await teamsLab.state();
    for (const u of failing) expect(footprint(after.graph, after.teams, u.id).licenses.length, u.userPrincipalName).to.be.greaterThan(0);
    await teamsLab.project.preview({ expectNoChanges: true });
  });

  it("an address change of a site moves its numbers to the new emergency location before the old one goes", async () => {
    const before = await teamsLab.state();
    const oldLocations = before.teams.emergencyLocations.map((l) => l.LocationId);
    const moved = structuredClone(definition);
    moved.sites.find((s: { code: string }) => s.code === "Cu1Si1").address.street = "71 S Wacker Dr";
    await teamsLab.project.setConfig("customer", moved);
    const up = await teamsLab.project.up();
    expect(changesOf(up.changeSummary)).to.include.keys("replace");
    const { graph, teams } = await teamsLab.state();
    const created = teams.emergencyLocations.filter((l) => !oldLocations.includes(l.LocationId));
    expect(created).to.have.length(1);
    // The Chicago numbers ucflow assigned (a user's own number keeps its own location).
    const ucflows = (n: { telephoneNumber: string; assignmentTargetId: string | null }) =>
      ((footprintRecordOf(graph, n.assignmentTargetId ?? "")?.numbers ?? []) as string[]).some((r) => r.startsWith(`${n.telephoneNumber}|`));
    const chicagoNumbers = graph.numbers.filter((n) => n.assignmentTargetId && n.telephoneNumber.startsWith("+1312555") && ucflows(n));
    expect(chicagoNumbers.length).to.be.greaterThan(3);
    for (const n of chicagoNumbers) expect(n.locationId, n.telephoneNumber).to.equal(created[0].LocationId);
    expect(teams.emergencyLocations).to.have.length(before.teams.emergencyLocations.length);
    await teamsLab.project.preview({ expectNoChanges: true });
  });

  it("a change of the number of sets is refused at preview, and nothing is written", async () => {
    const before = await teamsLab.state();
    const more = structuredClone(definition);
    more.sites.find((s: { code: string }) => s.code === "Cu1Si1").address.street = "71 S Wacker Dr";
    more.subscriberSets.count = 5;
    await teamsLab.project.setConfig("customer", more);
    const run = await teamsLab.project.failingPreview();
    expect(run.stdout + run.stderr).to.match(/held in 4 sets, and the definition now asks for 5/);
    expect(run.stdout + run.stderr).to.include("set subscriberSets.count back to 4");
    const after = await teamsLab.state();
    for (const u of before.graph.users) expect(footprint(after.graph, after.teams, u.properties.id)).to.deep.equal(footprint(before.graph, before.teams, u.properties.id));
    more.subscriberSets.count = 4;
    await teamsLab.project.setConfig("customer", more);
  });

  it("destroy takes back everything, records included", async () => {
    await teamsLab.project.destroy();
    const { graph, teams } = await teamsLab.state();
    for (const u of seed.graph.users) {
      const want = footprint(seed.graph, seed.teams, u.properties.id);
      const got = footprint(graph, teams, u.properties.id);
      expect({ licenses: got.licenses, numbers: got.numbers }, u.properties.userPrincipalName).to.deep.equal({ licenses: want.licenses, numbers: want.numbers });
      expect(footprintRecordOf(graph, u.properties.id), u.properties.userPrincipalName).to.equal(undefined);
    }
    expect(numbersOnTwoUsers(graph)).to.deep.equal([]);
  });
});
