// The tenant index answers what a scan of the partition would, after every kind of change the
// simulators make (users added, renamed, removed; licenses; numbers added, assigned, released,
// removed; grants and Enterprise Voice recorded; operations finished and forgotten): checked
// against a fresh index built from the changed partition, and against plain scans.
import { expect } from "chai";
import fc from "fast-check";
import { GraphIndex, KEPT_FINISHED_OPERATIONS, numberRecord, seedGraph, SKU_IDS, TeamsIndex, seedTeams } from "../../../lab/microsoft";
import type { DirectoryUser, GraphState, NumberOperation } from "../../../lab/microsoft/tenant/types";

/** What the index answers, for comparing two indexes of the same partition. */
function answers(index: GraphIndex, graph: GraphState): unknown {
  return {
    byId: graph.users.map((user) => index.user(user.properties.id)?.properties.id),
    byUpn: graph.users.map((user) => index.user(user.properties.userPrincipalName.toUpperCase())?.properties.id),
    order: index.userIdsInOrder(),
    count: index.userCount,
    numbers: graph.users.map((user) => index.numbersOf(user.properties.id).map((number) => number.telephoneNumber).sort()),
    byTelephone: graph.numbers.map((number) => index.numberByTelephone(number.telephoneNumber)?.id),
    byNumberId: graph.numbers.map((number) => index.numberById(number.id.toUpperCase())?.telephoneNumber),
    units: Object.values(SKU_IDS).map((skuId) => index.unitsInUseOf(skuId)),
    synced: index.hasSyncedUsers,
    pending: index.pendingOperations().map((operation) => operation.id).sort(),
    grants: graph.users.map((user) => index.grants.of(user.properties.id).map((record) => `${record.policyType}=${record.policyIdentity}@${record.stamp}`).sort()),
    voice: graph.users.map((user) => index.voice.of(user.properties.id)?.enabled ?? null),
  };
}

/** The same answers computed by scanning the partition. */
function scanned(graph: GraphState): unknown {
  const sorted = graph.users.map((user) => user.properties.id).sort();
  return {
    byId: graph.users.map((user) => user.properties.id),
    byUpn: graph.users.map((user) => user.properties.id),
    order: sorted,
    count: graph.users.length,
    numbers: graph.users.map((user) => graph.numbers.filter((number) => number.assignmentTargetId === user.properties.id).map((number) => number.telephoneNumber).sort()),
    byTelephone: graph.numbers.map((number) => number.id),
    byNumberId: graph.numbers.map((number) => number.telephoneNumber),
    units: Object.values(SKU_IDS).map((skuId) => graph.users.filter((user) => user.properties.assignedLicenses.some((license) => license.skuId === skuId)).length),
    synced: graph.users.some((user) => user.properties.onPremisesSyncEnabled === true),
    pending: graph.operations.filter((operation) => operation.status !== "succeeded" && operation.status !== "failed").map((operation) => operation.id).sort(),
    grants: graph.users.map((user) => graph.grants.filter((record) => record.userId === user.properties.id).map((record) => `${record.policyType}=${record.policyIdentity}@${record.stamp}`).sort()),
    voice: graph.users.map((user) => graph.enterpriseVoice.find((record) => record.userId === user.properties.id)?.enabled ?? null),
  };
}

function newUser(n: number): DirectoryUser {
  const seeded = seedGraph().users[0] as DirectoryUser;
  const user = structuredClone(seeded);
  user.properties.id = `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
  user.properties.userPrincipalName = `generated.${n}@contoso.com`;
  user.properties.onPremisesSyncEnabled = null;
  return user;
}

function operation(id: string, status: NumberOperation["status"]): NumberOperation {
  return { id, kind: "assignNumber", createdDateTime: "2025-01-01T00:00:00Z", createdAtMs: 0, telephoneNumber: "+13125550101", numberType: "directRouting", assignmentTargetId: null, assignmentCategory: "primary", locationId: null, polls: 0, status, statusDetail: null };
}

type Step =
  | { kind: "add"; n: number }
  | { kind: "remove"; pick: number }
  | { kind: "rename"; pick: number; n: number }
  | { kind: "license"; pick: number; sku: number }
  | { kind: "sync"; pick: number; value: boolean | null }
  | { kind: "addNumber"; n: number }
  | { kind: "removeNumber"; pick: number }
  | { kind: "assign"; number: number; user: number | null }
  | { kind: "grant"; pick: number; type: number; identity: string | null }
  | { kind: "voice"; pick: number; enabled: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), n: fc.nat(1_000) }),
  fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("rename" as const), pick: fc.nat(), n: fc.nat(1_000) }),
  fc.record({ kind: fc.constant("license" as const), pick: fc.nat(), sku: fc.nat(5) }),
  fc.record({ kind: fc.constant("sync" as const), pick: fc.nat(), value: fc.constantFrom(true, false, null) }),
  fc.record({ kind: fc.constant("addNumber" as const), n: fc.nat(999) }),
  fc.record({ kind: fc.constant("removeNumber" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("assign" as const), number: fc.nat(), user: fc.option(fc.nat(), { nil: null }) }),
  fc.record({ kind: fc.constant("grant" as const), pick: fc.nat(), type: fc.nat(2), identity: fc.constantFrom("Tag:A", "Tag:B", null) }),
  fc.record({ kind: fc.constant("voice" as const), pick: fc.nat(), enabled: fc.boolean() }),
);

function apply(index: GraphIndex, graph: GraphState, change: Step, stamp: number): void {
  const user = (pick: number): DirectoryUser | undefined => graph.users[pick % Math.max(1, graph.users.length)];
  switch (change.kind) {
    case "add": {
      const added = newUser(change.n);
      if (!index.user(added.properties.id) && !index.user(added.properties.userPrincipalName)) index.addUser(added);
      return;
    }
    case "remove": {
      const target = user(change.pick);
      if (target) index.removeUsers(new Set([target.properties.id]));
      return;
    }
    case "rename": {
      const target = user(change.pick);
      const upn = `renamed.${change.n}@contoso.com`;
      if (!target || index.user(upn)) return;
      const previous = target.properties.userPrincipalName;
      target.properties.userPrincipalName = upn;
      index.renamed(target, previous);
      return;
    }
    case "license": {
      const target = user(change.pick);
      if (!target) return;
      const skuId = Object.values(SKU_IDS)[change.sku % Object.values(SKU_IDS).length] as string;
      const next = target.properties.assignedLicenses.some((license) => license.skuId === skuId)
        ? target.properties.assignedLicenses.filter((license) => license.skuId !== skuId)
        : [...target.properties.assignedLicenses, { skuId, disabledPlans: [] }];
      index.licensesChanged(target.properties.assignedLicenses, next);
      target.properties.assignedLicenses = next;
      return;
    }
    case "sync": {
      const target = user(change.pick);
      if (!target) return;
      index.syncChanged(target.properties.onPremisesSyncEnabled, change.value);
      target.properties.onPremisesSyncEnabled = change.value;
      return;
    }
    case "addNumber": {
      const telephoneNumber = `+1999555${String(change.n).padStart(4, "0")}`;
      if (!index.numberByTelephone(telephoneNumber)) index.addNumber(numberRecord(telephoneNumber, "directRouting", null, "US"));
      return;
    }
    case "removeNumber": {
      const number = graph.numbers[change.pick % Math.max(1, graph.numbers.length)];
      if (number) index.removeNumbers(new Set([number.telephoneNumber]));
      return;
    }
    case "assign": {
      const number = graph.numbers[change.number % Math.max(1, graph.numbers.length)];
      if (!number) return;
      const target = change.user === null ? undefined : user(change.user);
      if (target) index.assign(number, target.properties.id, "primary", "userAssigned");
      else index.assign(number, null, null, "unassigned");
      return;
    }
    case "grant": {
      const target = user(change.pick);
      if (!target) return;
      const type = ["TenantDialPlan", "OnlineVoiceRoutingPolicy", "TeamsCallingPolicy"][change.type] as string;
      index.grants.record({ userId: target.properties.id, policyType: change.type === 1 ? type.toUpperCase() : type, policyIdentity: change.identity, stamp, at: "2025-01-01T00:00:00Z" });
      return;
    }
    case "voice": {
      const target = user(change.pick);
      if (target) index.voice.record({ userId: target.properties.id, enabled: change.enabled, stamp });
      return;
    }
  }
}

describe("lab tenant index", () => {
  it("answers as a scan of the seeded tenant does", () => {
    const graph = seedGraph();
    expect(answers(new GraphIndex(graph), graph)).to.deep.equal(scanned(graph));
  });

  it("stays right through any sequence of changes, as a fresh index and a scan agree (property)", () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
      const graph = seedGraph();
      const index = new GraphIndex(graph);
      steps.forEach((change, i) => apply(index, graph, change, 1_000 + i));
      const kept = answers(index, graph);
      expect(kept).to.deep.equal(answers(new GraphIndex(graph), graph));
      expect(kept).to.deep.equal(scanned(graph));
    }), { numRuns: 60 });
  });

  it("releases a removed user's numbers and forgets the old user principal name after a rename", () => {
    const graph = seedGraph();
    const index = new GraphIndex(graph);
    const holder = graph.users.find((user) => index.numbersOf(user.properties.id).length > 0) as DirectoryUser;
    const number = index.numbersOf(holder.properties.id)[0];
    index.removeUsers(new Set([holder.properties.id]));
    expect(number?.assignmentTargetId).to.equal(null);
    expect(index.user(holder.properties.id)).to.equal(undefined);

    const other = graph.users[0] as DirectoryUser;
    const previous = other.properties.userPrincipalName;
    other.properties.userPrincipalName = "new.name@contoso.com";
    index.renamed(other, previous);
    expect(index.user(previous)).to.equal(undefined);
    expect(index.user("NEW.NAME@contoso.com")).to.equal(other);
  });

  it("keeps one grant and one Enterprise Voice record per user in the partition's lists", () => {
    const graph = seedGraph();
    const teams = seedTeams(graph);
    const index = new TeamsIndex(teams);
    const userId = (graph.users[1] as DirectoryUser).properties.id;
    const before = teams.grants.length;
    index.grants.record({ userId, policyType: "TeamsCallingPolicy", policyIdentity: "Tag:A", stamp: 900, at: "x" });
    index.grants.record({ userId, policyType: "teamscallingpolicy", policyIdentity: "Tag:B", stamp: 901, at: "x" });
    expect(teams.grants.length).to.equal(before + 1);
    expect(index.grants.of(userId).filter((record) => record.policyType.toLowerCase() === "teamscallingpolicy").map((record) => record.policyIdentity)).to.deep.equal(["Tag:B"]);
    index.voice.record({ userId, enabled: true, stamp: 902 });
    index.voice.record({ userId, enabled: false, stamp: 903 });
    expect(teams.enterpriseVoice.filter((record) => record.userId === userId)).to.deep.equal([{ userId, enabled: false, stamp: 903 }]);
  });

  it("finds operations by id, knows the pending ones, and forgets the oldest finished in batches", () => {
    const graph = seedGraph();
    const index = new GraphIndex(graph);
    const pending = operation("a0000000-0000-4000-8000-000000000000", "notStarted");
    index.addOperation(pending);
    for (let i = 1; i <= KEPT_FINISHED_OPERATIONS * 1.2 + 1; i++) {
      const done = operation(`b0000000-0000-4000-8000-${String(i).padStart(12, "0")}`, "running");
      index.addOperation(done);
      done.status = "succeeded";
      index.finished(done);
    }
    index.addOperation(operation("c0000000-0000-4000-8000-000000000000", "notStarted"));
    expect(index.operation(pending.id.toUpperCase())).to.equal(pending);
    expect(index.pendingOperations().map((item) => item.id[0])).to.deep.equal(["a", "c"]);
    expect(graph.operations.filter((item) => item.status === "succeeded")).to.have.length(KEPT_FINISHED_OPERATIONS);
    expect(index.operation("b0000000-0000-4000-8000-000000000001")).to.equal(undefined);
    expect(graph.operations).to.have.length(KEPT_FINISHED_OPERATIONS + 2);
  });
});
