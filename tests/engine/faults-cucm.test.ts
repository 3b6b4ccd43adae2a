// Transient faults on the Unified CM platform: the Fabrikam customer (examples/cucm-customer:
// people from OpenLDAP, voicemail on Unity Connection) provisioned and destroyed by the real
// Pulumi CLI while about 10 % of the requests to every Cisco service of the lab fail the way
// they fail in the field:
//   - AXL: HTTP 503 with Tomcat's page and no Retry-After (CUCM's write throttle, reference §3.3),
//     a connection reset before CUCM ran the operation, and a reset after it ran (the answer lost);
//   - CUPI: 503 with Retry-After (the lab's throttle answer, a guess: docs/lab-unity-connection.md)
//     and connection resets (before the request ran: the CUPI simulator has no later fault point);
//   - LDAP (a real slapd has no fault rules): a loopback proxy that resets one connection in ten.
// Neither AXL nor Unity Connection documents a 429, so none is injected here.
// `up` must converge (in one run where retries allow, else a second), then show no changes;
// the cluster and Unity Connection must hold nothing the stack state does not know, and no number
// twice; `destroy` under the same faults must bring both back to the seed.
import { expect } from "chai";
import type { FaultRuleInput, FaultRuleJson } from "../../lab/faults/fault-rules";
import type { LabRequest } from "../../lab/control/control-client";
import { type CliRun } from "./harness";
import { startConnectionResetProxy, type ConnectionResetProxy } from "./connection-reset-proxy";
import { everyObject, FABRIKAM_DEFINITION_FILE, objectsOf, readDefinition, startCiscoLab, type CiscoLab } from "./cucm-lab";

const SEED = 20261201;

/**
 * About 10 % of each service's requests. Rules are tried in order, each drawing on its own: on
 * AXL 0.04 then 0.03 on the HTTP request is 6.9 %, and 0.03 more once the operation ran makes
 * 9.7 %; on CUPI 0.05 then 0.05 is 9.75 %.
 */
const FAULTS: readonly FaultRuleInput[] = [
  // AXL, on the HTTP request, before anything runs.
  { service: "axl", path: "^/axl/$", action: "status", status: 503, rate: 0.04 },
  { service: "axl", path: "^/axl/$", action: "reset", rate: 0.03 },
  // AXL, on the operation: the operation runs, then the connection drops unanswered.
  { service: "axl", path: "^/axl/[A-Za-z]+$", action: "reset", rate: 0.03 },
  // CUPI: every method and path.
  { service: "cupi", action: "status", status: 503, retryAfter: 1, rate: 0.05 },
  { service: "cupi", action: "reset", rate: 0.05 },
];

/** What a fired rule was, for the figures: "503", "503 + Retry-After", "reset before", "reset after". */
function faultKind(rule: FaultRuleJson): string {
  if (rule.action === "status") return rule.retryAfter !== undefined ? `${rule.status} + Retry-After` : String(rule.status);
  if (rule.action === "reset") return rule.path === "^/axl/[A-Za-z]+$" ? "reset after the operation ran" : "reset before it ran";
  return rule.action;
}

interface PhaseFigures {
  readonly phase: string;
  /** Engine runs it took, and the exit code of each. */
  readonly runs: readonly number[];
  /** service -> requests the lab served (dropped ones included). */
  readonly requests: Readonly<Record<string, number>>;
  /** service -> fault kind -> how many fired. */
  readonly fired: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly ldap: { readonly connections: number; readonly resets: number };
}

function tally(rules: readonly FaultRuleJson[]): Record<string, Record<string, number>> {
  const fired: Record<string, Record<string, number>> = {};
  for (const rule of rules) {
    const service = rule.service ?? "any";
    fired[service] ??= {};
    fired[service][faultKind(rule)] = (fired[service][faultKind(rule)] ?? 0) + rule.fired;
  }
  return fired;
}

function requestCounts(requests: readonly LabRequest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of requests) counts[r.service] = (counts[r.service] ?? 0) + 1;
  return counts;
}

function expectFaultsOnEveryService(f: PhaseFigures): void {
  for (const service of ["axl", "cupi"]) {
    expect(Object.values(f.fired[service] ?? {}).reduce((a, b) => a + b, 0), `faults fired on ${service} during ${f.phase}`).to.be.greaterThan(0);
  }
}

/** The directory numbers in the customer's line partition a device's lines refer to (a reference is {uuid, number, scope}). */
function customerNumbersOn(device: unknown): string[] {
  if (Array.isArray(device)) return device.flatMap(customerNumbersOn);
  if (device === null || typeof device !== "object") return [];
  const record = device as Record<string, unknown>;
  if (typeof record.number === "string" && record.scope === "Cu2-DN-PT") return [record.number];
  return Object.values(record).flatMap(customerNumbersOn);
}

/** "{ABC-...}" and "abc-..." alike. */
const uuidKey = (uuid: string): string => uuid.replace(/[{}]/g, "").toLowerCase();

/** Every uuid-like string in a text (a stack export): the ids state knows. */
function uuidsIn(text: string): Set<string> {
  return new Set([...text.matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi)].map((m) => m[0].toLowerCase()));
}

describe("transient faults on Unified CM, Unity Connection and LDAP (real Pulumi CLI, the lab)", function () {
  this.timeout(3_600_000);
  let lab: CiscoLab;
  let proxy: ConnectionResetProxy;
  let seeded: Map<string, string>;
  let seededMailboxes: string[];
  const figures: PhaseFigures[] = [];
  const definition = readDefinition(FABRIKAM_DEFINITION_FILE);

  before(async () => {
    lab = await startCiscoLab({ name: "faults-cucm", definition });
    seeded = everyObject(await lab.axl());
    seededMailboxes = (await lab.cupi()).users.map((u) => u.Alias).sort();
    const ldaps = new URL(lab.lab.endpoints.ldap!.ldapsUrl);
    proxy = await startConnectionResetProxy({ host: ldaps.hostname, port: Number(ldaps.port) }, 10);
    ldaps.port = String(proxy.port);
    await lab.project.setConfig("ucflow:ldapUrl", ldaps.toString().replace(/\/$/, ""));
  });

  after(async () => {
    for (const f of figures) console.log(`      faults (${f.phase}): ${JSON.stringify(f)}`);
    await proxy?.close();
    await lab?.dispose();
  });

  /**
   * Runs `command` under the faults until it succeeds, at most twice, and records the figures.
   * A first run that fails must fail with an error, never leave the engine's state half-written:
   * the second run goes on from what state recorded.
   */
  async function underFaults(phase: string, command: () => Promise<CliRun>): Promise<CliRun[]> {
    await lab.control.clearRequests();
    await lab.control.addFaults(FAULTS, SEED + figures.length);
    const ldapBefore = proxy.counts();
    const runs: CliRun[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const run = await command();
        runs.push(run);
        if (run.exitCode === 0) break;
        const output = run.stdout + run.stderr;
        const diagnostics = output.slice(Math.max(0, output.indexOf("Diagnostics:")));
        console.log(`      ${phase}: run ${i + 1} failed:\n${diagnostics.split("\n").slice(0, 60).join("\n")}`);
      }
    } finally {
      const { rules } = await lab.control.faults();
      await lab.control.clearFaults();
      const ldapAfter = proxy.counts();
      figures.push({
        phase,
        runs: runs.map((r) => r.exitCode),
        requests: requestCounts(await lab.control.requests()),
        fired: tally(rules),
        ldap: { connections: ldapAfter.connections - ldapBefore.connections, resets: ldapAfter.resets - ldapBefore.resets },
      });
    }
    return runs;
  }

  it("up converges under the faults, in one run or a second", async () => {
    const runs = await underFaults("up", () => lab.project.pulumi(["up", "--yes", "--skip-preview"], { allowFailure: true }));
    expect(runs.at(-1)!.exitCode, `the last of ${runs.length} runs`).to.equal(0);
    expectFaultsOnEveryService(figures.at(-1)!);
    expect(figures.at(-1)!.ldap.resets, "LDAP connections reset").to.be.greaterThan(0);
  });

  it("with the faults removed, a preview shows no changes", async () => {
    await lab.project.preview({ expectNoChanges: true });
  });

  it("the cluster and Unity Connection hold nothing state does not know, and no number twice", async () => {
    const state = await lab.project.exportState();
    const known = uuidsIn(state.text);
    const axl = await lab.axl();

    // Every object the runs added is one state records, by uuid.
    const unknown: string[] = [];
    for (const [kind, objects] of Object.entries(axl.objects)) {
      for (const [uuid, object] of Object.entries(objects ?? {})) {
        if (seeded.has(`${kind} ${uuid}`)) continue;
        if (!known.has(uuidKey(uuid))) unknown.push(`${kind} ${String(object.fields.name ?? object.fields.pattern ?? object.fields.userid ?? object.fields.destination ?? uuid)}`);
      }
    }
    expect(unknown, "AXL objects the stack state does not know").to.deep.equal([]);

    const mailboxes = (await lab.cupi()).users.filter((u) => !seededMailboxes.includes(u.Alias));
    expect(mailboxes.filter((m) => !known.has(uuidKey(m.ObjectId))).map((m) => m.Alias), "mailboxes state does not know").to.deep.equal([]);

    // No directory number of the customer's on two users, or on phones of two owners.
    const lines = [...objectsOf(axl, "line", "pattern").values()].filter((l) => l.routePartitionName === "Cu2-DN-PT");
    expect(lines.length, "the customer's lines").to.be.greaterThan(0);
    const users = [...objectsOf(axl, "user", "userid").values()];
    // The owner a device names: a phone's owner user, a remote destination profile's user (an
    // extension mobility profile names none: the user lists it).
    const ownersOf = new Map<string, Set<string>>();
    for (const [kind, field] of [["phone", "ownerUserName"], ["remoteDestinationProfile", "userId"]] as const) {
      for (const device of objectsOf(axl, kind).values()) {
        if (typeof device[field] !== "string" || device[field] === "") continue;
        for (const dn of customerNumbersOn(device)) ownersOf.set(dn, (ownersOf.get(dn) ?? new Set<string>()).add(device[field]));
      }
    }
    expect(ownersOf.size, "devices with the customer's lines").to.be.greaterThan(0);
    for (const line of lines) {
      const holders = users.filter((u) => (u.primaryExtension as { pattern?: string; number?: string } | undefined)?.number === line.pattern).map((u) => String(u.userid));
      expect(holders, `users whose primary extension is ${line.pattern}`).to.have.length.at.most(1);
      const owners = [...(ownersOf.get(line.pattern) ?? [])];
      expect(owners, `owners of the devices with ${line.pattern}`).to.have.length.at.most(1);
      if (owners.length === 1 && holders.length === 1) expect(owners, `the devices with ${line.pattern} are its user's`).to.deep.equal(holders);
    }
    // Each extension is on the user state says has it, and each mailbox on that extension.
    const given = (state.deployment.resources ?? []).flatMap((r) => Object.values((r.outputs?.given as Record<string, { userid?: string; line?: { pattern: string } }> | undefined) ?? {}));
    const cucmGiven = given.filter((g) => g.userid !== undefined && g.line !== undefined);
    expect(cucmGiven.length, "subscribers state records").to.be.greaterThan(0);
    const byUserid = new Map(users.map((u) => [String(u.userid), u]));
    for (const g of cucmGiven) {
      expect((byUserid.get(g.userid!)?.primaryExtension as { number?: string } | undefined)?.number, `${g.userid}'s extension as state records it`).to.equal(g.line!.pattern);
    }
    const extensions = mailboxes.map((m) => m.DtmfAccessId);
    expect(extensions.filter((e, i) => extensions.indexOf(e) !== i), "mailboxes on one extension").to.deep.equal([]);
  });

  it("destroy converges under the same faults and leaves the cluster and Unity Connection as seeded", async () => {
    const runs = await underFaults("destroy", () => lab.project.pulumi(["destroy", "--yes", "--skip-preview"], { allowFailure: true }));
    expect(runs.at(-1)!.exitCode, `the last of ${runs.length} runs`).to.equal(0);
    expectFaultsOnEveryService(figures.at(-1)!);
    expect(everyObject(await lab.axl())).to.deep.equal(seeded);
    expect((await lab.cupi()).users.map((u) => u.Alias).sort()).to.deep.equal(seededMailboxes);
  });
});
