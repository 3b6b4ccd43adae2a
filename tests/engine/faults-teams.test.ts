// The Contoso Teams customer provisioned and destroyed by the real Pulumi CLI while 10 % of the
// requests to every Microsoft service of the lab (the Entra token endpoint, Graph with the items
// of its $batch requests, the Teams admin API) are answered with a transient fault: 429 with
// Retry-After, 503, or a dropped connection (before the lab ran the request, or after it ran it,
// so that only the answer is lost). `up` and `destroy` each converge (in one run where
// the retries allow, else in a second), and the lab's state afterwards holds nothing the stack's
// state does not know: no duplicate object, no number on two users, no licence or grant on a
// user who is not a subscriber.
import * as fs from "node:fs";
import { expect } from "chai";
import type { FaultRuleInput } from "../../lab/faults/fault-rules";
import type { GraphState, TeamsState } from "../../lab/microsoft";
import type { CliRun } from "./harness";
import { CONTOSO_DEFINITION_FILE, expectUsersAtSeed, footprint, footprintRecordOf, numbersOnTwoUsers, startTeamsLab, type TeamsLab } from "./teams-lab";

const SERVICES = ["entra", "graph", "teams"] as const;
type Service = (typeof SERVICES)[number];
/** "reset" drops the connection before the lab runs the request; "reset after" once it has run it. */
const KINDS = ["429", "503", "reset", "reset after"] as const;
type Kind = (typeof KINDS)[number];

/** The share of each service's requests answered with a fault: 1/30 each 429 and 503, 1/60 each reset. */
const FAULT_RATE = 0.1;
const SHARES: Record<Kind, number> = { "429": FAULT_RATE / 3, "503": FAULT_RATE / 3, reset: FAULT_RATE / 6, "reset after": FAULT_RATE / 6 };

function faultRule(service: Service, kind: Kind, rate: number): FaultRuleInput {
  switch (kind) {
    case "429":
      return { service, action: "status", status: 429, retryAfter: 1, rate };
    case "503":
      return { service, action: "status", status: 503, rate };
    case "reset":
      return { service, action: "reset", rate };
    case "reset after":
      return { service, action: "reset", processed: true, rate };
  }
}

/**
 * Per service: its first request answered 503, so every service faults whatever the draws; then
 * one rule per kind. The lab walks rules in order and the first answering rule that fires ends
 * the walk, so each rule's rate is its share of what the rules before it let through (1/30,
 * then 1/29, ...), which makes the shares above and 1/10 in all.
 */
function transientFaults(): { rules: FaultRuleInput[]; kinds: { service: Service; kind: Kind }[] } {
  const rules: FaultRuleInput[] = [];
  const kinds: { service: Service; kind: Kind }[] = [];
  for (const service of SERVICES) {
    rules.push({ service, action: "status", status: 503, count: 1 });
    kinds.push({ service, kind: "503" });
    let before = 0;
    for (const kind of KINDS) {
      rules.push(faultRule(service, kind, SHARES[kind] / (1 - before)));
      kinds.push({ service, kind });
      before += SHARES[kind];
    }
  }
  return { rules, kinds };
}

/** The fault generator's seed; set UCFLOW_FAULT_SEED to try other draws. */
const FAULT_SEED = Number(process.env.UCFLOW_FAULT_SEED ?? 20261201);

type Fired = Record<Service, Record<Kind, number>>;
const noneFired = (): Fired => Object.fromEntries(SERVICES.map((s) => [s, Object.fromEntries(KINDS.map((k) => [k, 0]))])) as Fired;

/** Every string anywhere in a value (the stack's recorded outputs). */
function stringsIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === "string") into.add(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, into);
  else if (typeof value === "object" && value !== null) for (const v of Object.values(value)) stringsIn(v, into);
  return into;
}

const usagesOf = (teams: TeamsState): string[] => ((teams.configurations.OnlinePstnUsages ?? []).find((u) => u.Identity === "Global")?.Usage as string[] | undefined) ?? [];

describe("10 % transient faults on every Microsoft service (real Pulumi CLI, the lab)", function () {
  this.timeout(1_800_000);
  const definition = JSON.parse(fs.readFileSync(CONTOSO_DEFINITION_FILE, "utf8"));
  let t: TeamsLab;
  let seed: { graph: GraphState; teams: TeamsState };
  const fired: Record<"up" | "destroy", Fired> = { up: noneFired(), destroy: noneFired() };
  /** Requests each service answered (or dropped) while the faults were on, `$batch` items counted one by one. */
  const requests: Record<"up" | "destroy", Record<Service, number>> = { up: { entra: 0, graph: 0, teams: 0 }, destroy: { entra: 0, graph: 0, teams: 0 } };

  before(async () => {
    t = await startTeamsLab({ name: "faults-teams", definition });
    seed = await t.state();
  });

  after(async () => {
    await t?.control.clearFaults().catch(() => undefined);
    await t?.dispose();
  });

  /** Runs `args` under the faults until it succeeds, twice at most; the runs it took. */
  async function underFaults(phase: "up" | "destroy", args: readonly string[]): Promise<CliRun[]> {
    const { rules, kinds } = transientFaults();
    await t.control.clearRequests();
    const added = await t.control.addFaults(rules, FAULT_SEED);
    const runs: CliRun[] = [];
    try {
      for (let attempt = 1; attempt <= 2; attempt++) {
        const run = await t.project.pulumi(args, { allowFailure: true });
        runs.push(run);
        if (run.exitCode === 0) break;
        console.log(`      ${phase} run ${attempt} failed under faults:\n${failureLines(run)}`);
      }
    } finally {
      const now = await t.control.faults();
      added.forEach((rule, i) => {
        const { service, kind } = kinds[i]!;
        fired[phase][service][kind] += now.rules.find((r) => r.id === rule.id)?.fired ?? 0;
      });
      await t.control.clearFaults();
      const log = await t.control.requestLog();
      expect(log.dropped, "the request log dropped no entry").to.equal(0);
      for (const r of log.requests) if ((SERVICES as readonly string[]).includes(r.service)) requests[phase][r.service as Service] += 1;
    }
    console.log(`      ${phase} (fault seed ${FAULT_SEED}): ${runs.length} run(s); requests ${JSON.stringify(requests[phase])}; faults fired ${JSON.stringify(fired[phase])}`);
    expect(runs.at(-1)!.exitCode, `${phase} converges within two runs:\n${failureLines(runs.at(-1)!)}`).to.equal(0);
    return runs;
  }

  it("up converges under the faults, and then previews with no changes", async () => {
    await underFaults("up", ["up", "--yes", "--skip-preview"]);
    await t.project.preview({ expectNoChanges: true });
  });

  it("the lab holds nothing the stack's state does not know", async () => {
    const { graph, teams } = await t.state();
    const exported = await t.project.exportState();
    const resources = exported.deployment.resources ?? [];
    const known = stringsIn(resources.map((r) => r.outputs));
    // A class of service names its PSTN usages and voice routes `<class>-<call class>`.
    const classes = resources.filter((r) => r.type.endsWith("ucflow:ClassOfService")).map((r) => String(r.outputs?.name));
    const isKnown = (identity: string) => known.has(identity) || known.has(identity.replace(/^Tag:/, "")) || classes.some((name) => identity.startsWith(`${name}-`));

    // Teams configurations and emergency locations: each new one is the stack's, and made once.
    for (const [type, configurations] of Object.entries(teams.configurations)) {
      const before = (seed.teams.configurations[type] ?? []).map((c) => c.Identity);
      const made = configurations.map((c) => c.Identity).filter((identity) => !before.includes(identity));
      for (const identity of made) expect(isKnown(identity), `${type} ${identity} is in the stack's state`).to.equal(true);
      expect(new Set(made).size, `${type}: no Identity twice`).to.equal(made.length);
    }
    for (const usage of usagesOf(teams).filter((u) => !usagesOf(seed.teams).includes(u))) {
      expect(isKnown(usage), `PSTN usage ${usage} is in the stack's state`).to.equal(true);
    }
    const seedLocations = seed.teams.emergencyLocations.map((l) => l.LocationId);
    const madeLocations = teams.emergencyLocations.filter((l) => !seedLocations.includes(l.LocationId));
    expect(madeLocations.map((l) => l.Description).sort(), "one emergency location per site").to.deep.equal(
      ["Cu1Si1", "Cu1Si2", "Cu1Si3"].map((site) => madeLocations.find((l) => String(l.Description).endsWith(`[ucflow:Cu1/${site}]`))?.Description).sort(),
    );
    for (const location of madeLocations) expect(isKnown(location.LocationId), `emergency location ${location.LocationId} is in the stack's state`).to.equal(true);

    // Users: whatever differs from the seed is what the state says ucflow gave that subscriber.
    const given: Record<string, { licensesAdded: string[]; numbers: { telephoneNumber: string }[]; policiesReplaced: Record<string, unknown> }> = {};
    for (const set of resources.filter((r) => r.type.endsWith("ucflow:SubscriberSet"))) Object.assign(given, set.outputs?.given ?? {});
    expect(Object.keys(given).length, "subscribers in the state").to.be.greaterThan(20);
    for (const user of seed.graph.users.map((u) => u.properties)) {
      const who = user.userPrincipalName;
      const want = footprint(seed.graph, seed.teams, user.id);
      const got = footprint(graph, teams, user.id);
      const record = given[user.id];
      const licensesAdded = got.licenses.filter((l) => !want.licenses.includes(l)).map((l) => l.toLowerCase());
      const numbersAdded = got.numbers.filter((n) => !want.numbers.includes(n));
      const grantsChanged = Object.keys(got.grants).filter((type) => got.grants[type] !== (want.grants[type] ?? null));
      if (record === undefined) {
        expect({ licensesAdded, numbersAdded, grantsChanged }, `${who} is no subscriber: nothing on them`).to.deep.equal({ licensesAdded: [], numbersAdded: [], grantsChanged: [] });
        expect(footprintRecordOf(graph, user.id), `${who} is no subscriber: no record`).to.equal(undefined);
        continue;
      }
      expect(licensesAdded.filter((l) => !record.licensesAdded.includes(l)), `${who}: licences the state does not record`).to.deep.equal([]);
      expect(numbersAdded.filter((n) => !record.numbers.some((g) => g.telephoneNumber === n)), `${who}: numbers the state does not record`).to.deep.equal([]);
      expect(grantsChanged.filter((type) => !(type in record.policiesReplaced)), `${who}: grants the state does not record`).to.deep.equal([]);
      expect(got.numbers.length, `${who}: at most one number`).to.be.at.most(1);
    }
    expect(numbersOnTwoUsers(graph), "numbers on two users").to.deep.equal([]);
  });

  it("destroy converges under the faults and the tenant is back to its seed", async () => {
    await underFaults("destroy", ["destroy", "--yes", "--skip-preview"]);
    const { graph, teams } = await t.state();
    expectUsersAtSeed(seed, { graph, teams });
    expect(Object.keys(teams.configurations).map((type) => [type, teams.configurations[type]!.map((c) => c.Identity).sort()])).to.deep.equal(
      Object.keys(seed.teams.configurations).map((type) => [type, seed.teams.configurations[type]!.map((c) => c.Identity).sort()]),
    );
    expect(usagesOf(teams).sort()).to.deep.equal(usagesOf(seed.teams).sort());
    expect(teams.emergencyLocations.map((l) => l.LocationId).sort()).to.deep.equal(seed.teams.emergencyLocations.map((l) => l.LocationId).sort());
  });

  it("faults fired on every service, and of every kind", () => {
    const total = noneFired();
    for (const phase of ["up", "destroy"] as const) for (const s of SERVICES) for (const k of KINDS) total[s][k] += fired[phase][s][k];
    console.log(`      faults fired in all: ${JSON.stringify(total)}`);
    for (const s of SERVICES) {
      expect(KINDS.reduce((n, k) => n + total[s][k], 0), `faults fired on ${s}`).to.be.greaterThan(0);
    }
    for (const k of KINDS) expect(SERVICES.reduce((n, s) => n + total[s][k], 0), `${k} faults fired`).to.be.greaterThan(0);
  });
});

/** The error lines of a failed CLI run (its diagnostics), for the log and assertion messages. */
function failureLines(run: CliRun): string {
  const text = `${run.stdout}\n${run.stderr}`;
  const lines = text.split("\n").filter((l) => /error|failed|Error/.test(l));
  return lines.slice(0, 40).join("\n") || text.slice(-3000);
}
