// SubscriberSet with platform teams against the lab's Contoso tenant, through the provider as
// the engine calls it: a role's Entra groups. Memberships are asserted from the lab's state:
// provisioning adds each subscriber to its role's groups and records as ucflow's only those the
// user was not in; a role change moves them; a membership removed by hand is reported by read
// and restored by update; removal takes away only ucflow's (also with the checkpoint lost, from
// the record on the user); subscribers without groups cost no membership call.
import { expect } from "chai";
import { SEED_GROUP_IDS, SEED_GROUP_MEMBER_UPN, type GraphState } from "../../../../lab/microsoft";
import { kindProvider } from "../../../../provider/resources/kind-provider";
import { configureMicrosoft } from "../../../../provider/resources/microsoft-session";
import { subscriberSetDefinition } from "../../../../provider/resources/subscriber-set/provider";
import { teamsSubscriberPlatform } from "../../../../provider/resources/subscriber-set/teams";
import { accessToken, GRAPH_SCOPE, graphCall, providerSettingsFor, secretCredential, type MicrosoftLab, withMicrosoftLab } from "../../lab-microsoft/support";

const FARAH = "farah.kowalski@contoso.com";
const HANA = SEED_GROUP_MEMBER_UPN;
const PHONE = SEED_GROUP_IDS["Teams Phone Users"];
const SALES = SEED_GROUP_IDS["Sales Voice"];
const ACCESS = SEED_GROUP_IDS["Conditional Access - Voice"];
const sorted = (...ids: string[]) => [...ids].sort();

describe("SubscriberSet on Teams: a role's Entra group memberships (the lab's Contoso tenant)", function () {
  this.timeout(60_000);
  let env: MicrosoftLab;
  let token: string;
  const ids: Record<string, string> = {};

  withMicrosoftLab(async (lab) => {
    env = lab;
    const config = providerSettingsFor(lab);
    configureMicrosoft((key) => config[key]);
    token = await accessToken(secretCredential(env), GRAPH_SCOPE);
    const state = (await lab.control.state("graph")) as GraphState;
    for (const upn of [FARAH, HANA]) ids[upn] = state.users.find((u) => u.properties.userPrincipalName === upn)!.properties.id;
  });

  const provider = () => kindProvider(subscriberSetDefinition({ teams: teamsSubscriberPlatform }));
  const entry = (upn: string, usageLocation: string, role: string | undefined, groups: string[] | undefined) => ({
    userPrincipalName: upn,
    site: "Cu1Si1",
    profile: "Office",
    criteria: "everyone",
    usageLocation,
    licenses: [],
    enterpriseVoice: false,
    policies: {},
    ...(role ? { role } : {}),
    ...(groups ? { groups: sorted(...groups) } : {}),
  });
  const farah = (role: string | undefined, groups: string[] | undefined) => entry(FARAH, "US", role, groups);
  const hana = (role: string | undefined, groups: string[] | undefined) => entry(HANA, "GB", role, groups);
  // No numbers, so no site needs an emergency location (the state records the applied `locations`).
  const set = (subscribers: Record<string, unknown>) => ({ customer: "Cu1", platform: "teams", set: 0, sets: 1, locations: {}, subscribers });
  const sales = () => set({ [ids[FARAH]!]: farah("Sales", [PHONE, SALES]), [ids[HANA]!]: hana("Sales", [PHONE, SALES]) });

  /** Each group's members, by user principal name, from the lab's state. */
  async function members(): Promise<Record<string, string[]>> {
    const state = (await env.control.state("graph")) as GraphState;
    const upn = new Map(state.users.map((u) => [u.properties.id, u.properties.userPrincipalName]));
    return Object.fromEntries(state.groups.map((g) => [g.properties.displayName, g.members.map((id) => upn.get(id) ?? id).sort()]));
  }
  async function record(upn: string): Promise<Record<string, unknown> | undefined> {
    const state = (await env.control.state("graph")) as GraphState;
    return state.users.find((u) => u.properties.userPrincipalName === upn)?.extensions?.find((e) => e.extensionName === "io.ucflow.subscriber")?.data;
  }

  it("adds each subscriber to its role's groups and records as ucflow's only the memberships the user did not have", async () => {
    const p = provider();
    expect((await p.check!({}, sales())).failures).to.deep.equal([]);
    const { id, outs } = await p.create!(sales());
    expect(await members()).to.deep.equal({ "Teams Phone Users": [FARAH, HANA].sort(), "Sales Voice": [FARAH, HANA].sort(), "Conditional Access - Voice": [] });
    expect(outs.given[ids[FARAH]!].groupsAdded).to.deep.equal(sorted(PHONE, SALES));
    expect(outs.given[ids[HANA]!].groupsAdded, "hana was in Teams Phone Users before").to.deep.equal([SALES]);
    expect((await record(FARAH))?.groupsAdded).to.deep.equal(sorted(PHONE, SALES));
    expect((await record(HANA))?.groupsAdded).to.deep.equal([SALES]);

    const read = await p.read!(id, outs);
    expect(read.props!.drift).to.equal(undefined);
    expect((await p.diff!(id, read.props!, sales())).changes).to.equal(false);
  });

  it("moves memberships on a role change: the new role's added, ucflow's no longer wanted removed, the user's own kept", async () => {
    const p = provider();
    const { id, outs } = await p.create!(sales());
    const standard = set({ [ids[FARAH]!]: farah("Standard", [PHONE, ACCESS]), [ids[HANA]!]: hana("Standard", [ACCESS]) });
    expect((await p.diff!(id, outs, standard)).changes).to.equal(true);
    const moved = (await p.update!(id, outs, standard)).outs;
    expect(await members()).to.deep.equal({ "Teams Phone Users": [FARAH, HANA].sort(), "Sales Voice": [], "Conditional Access - Voice": [FARAH, HANA].sort() });
    expect(moved.given[ids[FARAH]!].groupsAdded).to.deep.equal(sorted(PHONE, ACCESS));
    expect(moved.given[ids[HANA]!].groupsAdded).to.deep.equal([ACCESS]);
    expect((await p.read!(id, moved)).props!.drift).to.equal(undefined);
  });

  it("reports a membership removed by hand, naming user, group and role, and the next update restores it", async () => {
    const p = provider();
    const { id, outs } = await p.create!(sales());
    const removed = await graphCall(env, token, "DELETE", `/groups/${SALES}/members/${ids[FARAH]}/$ref`);
    expect(removed.status).to.equal(204);
    const read = await p.read!(id, outs);
    expect(read.props!.drift).to.deep.equal([`${FARAH} (${ids[FARAH]}): not in group Sales Voice of role Sales`]);
    expect((await p.diff!(id, read.props!, sales())).changes).to.equal(true);
    const restored = (await p.update!(id, read.props!, sales())).outs;
    expect((await members())["Sales Voice"]).to.deep.equal([FARAH, HANA].sort());
    expect(restored.given[ids[FARAH]!].groupsAdded).to.deep.equal(sorted(PHONE, SALES));
    expect((await p.read!(id, restored)).props!.drift).to.equal(undefined);
  });

  it("deprovisioning takes away only ucflow's memberships: a pre-existing one stays, also when the checkpoint lost what ucflow gave", async () => {
    const p = provider();
    const { id, outs } = await p.create!(sales());
    // Farah leaves the set: what ucflow gave her goes.
    const onlyHana = set({ [ids[HANA]!]: hana("Sales", [PHONE, SALES]) });
    const fewer = (await p.update!(id, outs, onlyHana)).outs;
    expect(await members()).to.deep.equal({ "Teams Phone Users": [HANA], "Sales Voice": [HANA], "Conditional Access - Voice": [] });
    expect(await record(FARAH)).to.equal(undefined);
    // The set goes with its state's record of Hana lost: the record on the user says what was ucflow's.
    await p.delete!(id, { ...fewer, given: {} });
    expect(await members()).to.deep.equal({ "Teams Phone Users": [HANA], "Sales Voice": [], "Conditional Access - Voice": [] });
    expect(await record(HANA)).to.equal(undefined);
  });

  it("leaves subscribers without groups as before: no membership call, no groupsAdded", async () => {
    const counter = await env.control.addFaults([{ service: "graph", path: "/memberOf$", action: "latency", ms: 0 }]);
    const p = provider();
    const { id, outs } = await p.create!(set({ [ids[FARAH]!]: farah(undefined, undefined), [ids[HANA]!]: hana("Empty", []) }));
    expect((await p.read!(id, outs)).props!.drift).to.equal(undefined);
    await p.delete!(id, outs);
    const fired = (await env.control.faults()).rules.find((r) => r.id === counter[0]!.id)?.fired;
    expect(fired).to.equal(0);
    expect(outs.given[ids[FARAH]!]).to.not.have.property("groupsAdded");
    expect(await members()).to.deep.equal({ "Teams Phone Users": [HANA], "Sales Voice": [], "Conditional Access - Voice": [] });
  });

  describe("at a site that adopts", () => {
    const adopting = (subscribers: Record<string, unknown>, onDelete?: "remove") => ({
      ...set(subscribers),
      adoption: { Cu1Si1: { existing: "adopt", ...(onDelete ? { onDelete } : {}) } },
    });

    it("takes a user who already has the role's groups as it is: no write, not even ucflow's record; delete leaves it", async () => {
      const p = provider();
      const inputs = adopting({ [ids[HANA]!]: hana("Phone", [PHONE]) });
      expect((await p.check!({}, inputs)).failures).to.deep.equal([]);
      const { id, outs } = await p.create!(inputs);
      expect(outs.given[ids[HANA]!]).to.include({ adopted: true });
      expect(outs.given[ids[HANA]!]).to.not.have.property("groupsAdded");
      expect(await record(HANA)).to.equal(undefined);
      const read = await p.read!(id, outs);
      expect(read.props!.drift).to.equal(undefined);
      expect(read.props!.given[ids[HANA]!]).to.include({ adopted: true });
      expect((await p.diff!(id, read.props!, inputs)).changes).to.equal(false);
      await p.delete!(id, read.props!);
      expect((await members())["Teams Phone Users"]).to.deep.equal([HANA]);
    });

    it("gives an adopted user what it lacks, and on delete leaves all of it unless onDelete is remove; then only what ucflow gave goes", async () => {
      const p = provider();
      const { id, outs } = await p.create!(adopting({ [ids[HANA]!]: hana("Sales", [PHONE, SALES]) }));
      expect(outs.given[ids[HANA]!]).to.include({ adopted: true });
      expect(outs.given[ids[HANA]!].groupsAdded).to.deep.equal([SALES]);
      expect((await record(HANA))?.groupsAdded).to.deep.equal([SALES]);
      // Retained: the user keeps everything, ucflow's record goes.
      await p.delete!(id, outs);
      expect(await members()).to.deep.equal({ "Teams Phone Users": [HANA], "Sales Voice": [HANA], "Conditional Access - Voice": [] });
      expect(await record(HANA)).to.equal(undefined);
    });

    it("with onDelete remove takes back only what ucflow gave an adopted user, never what it had before", async () => {
      const p = provider();
      const { id, outs } = await p.create!(adopting({ [ids[HANA]!]: hana("Sales", [PHONE, SALES]) }, "remove"));
      await p.delete!(id, outs);
      expect(await members()).to.deep.equal({ "Teams Phone Users": [HANA], "Sales Voice": [], "Conditional Access - Voice": [] });
    });

    it("provisions a user who holds none of the services as ucflow's own, even at a site that adopts", async () => {
      const p = provider();
      const { id, outs } = await p.create!(adopting({ [ids[FARAH]!]: farah("Sales", [PHONE, SALES]) }));
      expect(outs.given[ids[FARAH]!]).to.not.have.property("adopted");
      await p.delete!(id, outs);
      expect((await members())["Sales Voice"]).to.deep.equal([]);
    });

    it("refuses an adoption keyed by something that is not a site code", async () => {
      const failures = (await provider().check!({}, { ...set({}), adoption: { "not a site": { existing: "adopt" } } })).failures;
      expect(failures).to.deep.equal([{ property: "adoption.not a site", reason: '"not a site" is not a site code' }]);
    });
  });
});
