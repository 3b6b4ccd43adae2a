// SubscriberSet on Teams against the lab, with the connection of a number assignment or release
// dropped once: the write is not failed and not repeated blindly. The number's assignment is
// read, and the read decides: the number still free (or still the user's) is sent again, once;
// the number already the user's (the lab ran the write, only its answer was lost) is success.
// A licence removal sent again after a lost answer is refused by Graph; the read says it is done.
import { expect } from "chai";
import { SEED_LOCATION_IDS, SKU_IDS, type GraphState } from "../../../../lab/microsoft";
import { kindProvider } from "../../../../provider/resources/kind-provider";
import { configureMicrosoft } from "../../../../provider/resources/microsoft-session";
import { subscriberSetDefinition } from "../../../../provider/resources/subscriber-set/provider";
import { teamsSubscriberPlatform } from "../../../../provider/resources/subscriber-set/teams";
import { failure } from "../../../unit/resources/tenant-kinds/fixture";
import { type MicrosoftLab, providerSettingsFor, withMicrosoftLab } from "../../lab-microsoft/support";

const FARAH = "farah.kowalski@contoso.com";

describe("SubscriberSet on Teams: a number or licence write whose answer is lost (the lab's Contoso tenant)", function () {
  this.timeout(60_000);
  let env: MicrosoftLab;
  let farahId: string;
  let number: string;

  withMicrosoftLab(async (lab) => {
    env = lab;
    const config = providerSettingsFor(lab);
    configureMicrosoft((key) => config[key]);
  });

  beforeEach(async () => {
    // Number operations settle at once here; their polling has tests of its own.
    await env.control.seed("graph", { lro: { notStartedPolls: 0, runningPolls: 0, settleAfterSeconds: 0 } });
    const state = await graphState();
    farahId = state.users.find((u) => u.properties.userPrincipalName === FARAH)!.properties.id;
    number = state.numbers.find((n) => n.telephoneNumber.startsWith("+1312555") && !n.assignmentTargetId)!.telephoneNumber;
  });

  const graphState = async () => (await env.control.state("graph")) as GraphState;
  const holderOf = async (telephoneNumber: string) => (await graphState()).numbers.find((n) => n.telephoneNumber === telephoneNumber)?.assignmentTargetId ?? null;
  const provider = () => kindProvider(subscriberSetDefinition({ teams: teamsSubscriberPlatform }));
  const set = (overrides: Record<string, unknown> = {}) => ({
    customer: "Cu1",
    platform: "teams",
    set: 0,
    sets: 1,
    locations: { Cu1Si1: SEED_LOCATION_IDS.Chicago! },
    subscribers: {
      [farahId]: {
        userPrincipalName: FARAH,
        site: "Cu1Si1",
        profile: "Voice",
        criteria: "everyone",
        usageLocation: "US",
        licenses: [{ skuId: SKU_IDS.SPE_E5, sku: "SPE_E5", disabledPlans: [] }],
        enterpriseVoice: true,
        policies: {},
        number: { telephoneNumber: number, numberType: "directRouting" },
        ...overrides,
      },
    },
  });
  /** The number operations the lab was sent (a `$batch` item is an entry of its own), and their statuses. */
  const numberCalls = async () =>
    (await env.control.requests({ service: "graph" })).filter((r) => /\/(un)?assignNumber$|\/numberAssignments$/.test(r.path)).map((r) => `${r.method} ${r.path.split("/").pop()} ${r.status}`);

  it("an assignment whose connection dropped is read back and sent again, and the number is the user's once", async () => {
    const [rule] = await env.control.addFaults([{ service: "graph", method: "POST", path: "/assignNumber$", action: "reset", count: 1 }]);
    await env.control.clearRequests();
    const { outs } = await provider().create!(set());
    expect((await env.control.faults()).rules.find((r) => r.id === rule!.id)?.fired, "the fault fired").to.equal(1);
    expect(await holderOf(number)).to.equal(farahId);
    expect(outs.given[farahId].numbers.map((n: { telephoneNumber: string }) => n.telephoneNumber)).to.deep.equal([number]);
    const calls = await numberCalls();
    const assigns = calls.filter((c) => c.includes(" assignNumber "));
    expect(assigns.length, calls.join(", ")).to.equal(2);
    // Between the dropped write and the one sent again, a read of the number's assignment.
    const firstAssign = calls.findIndex((c) => c.includes(" assignNumber "));
    expect(calls.slice(firstAssign + 1).findIndex((c) => c.startsWith("GET numberAssignments")), calls.join(", ")).to.be.lessThan(calls.slice(firstAssign + 1).findIndex((c) => c.includes(" assignNumber ")));
  });

  it("an assignment the lab ran but whose answer was lost is read back and not sent again", async () => {
    await env.control.addFaults([{ service: "graph", method: "POST", path: "/assignNumber$", action: "reset", processed: true, count: 1 }]);
    await env.control.clearRequests();
    await provider().create!(set());
    expect(await holderOf(number)).to.equal(farahId);
    expect((await numberCalls()).filter((c) => c.includes(" assignNumber ")).length).to.equal(1);
  });

  it("a release whose connection dropped is read back and sent again, and the number is free", async () => {
    const p = provider();
    const { id, outs } = await p.create!(set());
    expect(await holderOf(number)).to.equal(farahId);
    const [rule] = await env.control.addFaults([{ service: "graph", method: "POST", path: "/unassignNumber$", action: "reset", count: 1 }]);
    await env.control.clearRequests();
    await p.delete!(id, outs);
    expect((await env.control.faults()).rules.find((r) => r.id === rule!.id)?.fired, "the fault fired").to.equal(1);
    expect(await holderOf(number)).to.equal(null);
    expect((await numberCalls()).filter((c) => c.includes(" unassignNumber ")).length).to.equal(2);
  });

  it("a licence removal the lab ran but whose answer was lost, refused when sent again, is read back and done", async () => {
    const p = provider();
    // An add-on the user does not hold, so ucflow adds it and takes it back.
    const addOn = { licenses: [{ skuId: SKU_IDS.MCOMEETADV, sku: "MCOMEETADV", disabledPlans: [] }] };
    const licensed = async () => (await graphState()).users.find((u) => u.properties.id === farahId)!.properties.assignedLicenses.map((l) => l.skuId);
    expect(await licensed()).to.not.include(SKU_IDS.MCOMEETADV);
    const { id, outs } = await p.create!(set(addOn));
    expect(await licensed()).to.include(SKU_IDS.MCOMEETADV);
    const [rule] = await env.control.addFaults([{ service: "graph", method: "POST", path: "/assignLicense$", action: "reset", processed: true, count: 1 }]);
    await p.delete!(id, outs);
    expect((await env.control.faults()).rules.find((r) => r.id === rule!.id)?.fired, "the fault fired").to.equal(1);
    expect(await licensed()).to.not.include(SKU_IDS.MCOMEETADV);
  });

  it("a record write that arrived but then failed leaves the intent in the failed set's state, and delete takes the record back", async () => {
    // The first write of ucflow's record runs but its answer is lost; every later one fails.
    await env.control.addFaults([
      { service: "graph", method: "POST", path: "/extensions$", action: "reset", processed: true, count: 1 },
      { service: "graph", path: "/extensions", action: "status", status: 500 },
    ]);
    const p = provider();
    const error = (await failure(p.create!(set()))) as Error & { id?: string; properties?: { given: Record<string, unknown>; subscribers: Record<string, unknown> } };
    expect(error.message).to.include("1 of 1 subscriber to change failed");
    const recordOnUser = () => graphState().then((s) => s.users.find((u) => u.properties.id === farahId)?.extensions?.find((e) => e.extensionName === "io.ucflow.subscriber"));
    expect(await recordOnUser(), "the record arrived").to.not.equal(undefined);
    expect(Object.keys(error.properties!.given), "the failed subscriber's intent is in the state").to.deep.equal([farahId]);
    await env.control.clearFaults();
    await p.delete!(error.id!, error.properties as never);
    expect(await recordOnUser(), "delete took the record back").to.equal(undefined);
  });
});
