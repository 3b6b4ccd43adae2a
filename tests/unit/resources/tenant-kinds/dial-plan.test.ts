// DialPlan: a tenant dial plan Tag:<name>, its rules in order, marked as the customer's; adopts
// the customer's own leftover, never takes over anyone else's.
import { expect } from "chai";
import { dialPlanDefinition } from "../../../../provider/resources/dial-plan/provider";
import { kindProvider } from "../../../../provider/resources/kind-provider";
import { calls, CONFIGURATIONS, created, failure, list, noContent, notFound, tenantFixture } from "./fixture";

const PLANS = `${CONFIGURATIONS}/TenantDialPlan`;
const inputs = {
  customer: "Cu1",
  name: "Cu1-Chicago",
  scope: "site",
  site: "Cu1Si1",
  normalizationRules: [
    { name: "Internal", pattern: "^(\\d{4})$", translation: "+13125550$1", isInternalExtension: true },
    { name: "National", pattern: "^(\\d{10})$", translation: "+1$1", description: "10-digit numbers" },
  ],
};
const state = { ...inputs, identity: "Tag:Cu1-Chicago" };

/** The dial plan as the Teams admin API returns it (as the lab stores it: every field present). */
const platformPlan = (overrides: Record<string, unknown> = {}) => ({
  Identity: "Tag:Cu1-Chicago",
  Description: "[ucflow:Cu1]",
  SimpleName: "Cu1-Chicago",
  ExternalAccessPrefix: null,
  OptimizeDeviceDialing: false,
  NormalizationRules: [
    { Name: "Internal", Identity: "Tag:Cu1-Chicago/Internal", Description: "", Pattern: "^(\\d{4})$", Translation: "+13125550$1", IsInternalExtension: true, Priority: 0 },
    { Name: "National", Identity: "Tag:Cu1-Chicago/National", Description: "10-digit numbers", Pattern: "^(\\d{10})$", Translation: "+1$1", IsInternalExtension: false, Priority: 1 },
  ],
  ...overrides,
});

const settingsBody = {
  Description: "[ucflow:Cu1]",
  NormalizationRules: [
    { Name: "Internal", Description: "", Pattern: "^(\\d{4})$", Translation: "+13125550$1", IsInternalExtension: true, Priority: 0 },
    { Name: "National", Description: "10-digit numbers", Pattern: "^(\\d{10})$", Translation: "+1$1", IsInternalExtension: false, Priority: 1 },
  ],
};

function setup() {
  const fixture = tenantFixture();
  return { ...fixture, provider: kindProvider(dialPlanDefinition(fixture.clients)) };
}

describe("DialPlan", () => {
  describe("check", () => {
    it("accepts a valid site dial plan", async () => {
      expect((await setup().provider.check!({}, inputs)).failures).to.deep.equal([]);
    });

    it("ties scope and site together", async () => {
      const { provider } = setup();
      const { site: _site, ...withoutSite } = inputs;
      expect((await provider.check!({}, withoutSite)).failures).to.deep.equal([
        { property: "site", reason: 'is required when scope is "site": give the code of the site whose subscribers get this dial plan, e.g. Cu1Si1' },
      ]);
      expect((await provider.check!({}, { ...inputs, scope: "customer" })).failures).to.deep.equal([
        { property: "site", reason: 'must be left out when scope is "customer" (a customer dial plan is for every site); remove site "Cu1Si1" or set scope: "site"' },
      ]);
    });

    it("refuses repeated rule names, unparsable patterns and missing groups, at each rule's path", async () => {
      const { provider } = setup();
      const result = await provider.check!({}, {
        ...inputs,
        normalizationRules: [
          { name: "Internal", pattern: "^(\\d{4})$", translation: "+13125550$2" },
          { name: "internal", pattern: "(?i)^\\d+$", translation: "$0" },
          { name: "Open", pattern: "^(\\d{4}", translation: "$1" },
        ],
      });
      expect(result.failures).to.deep.equal([
        { property: "normalizationRules[0].translation", reason: 'uses $2 but the pattern "^(\\\\d{4})$" has 1 capturing group; Teams would insert nothing there' },
        { property: "normalizationRules[1].name", reason: '"internal" is already the name of normalizationRules[0]; rule names must be unique within a dial plan (Teams ignores case)' },
        {
          property: "normalizationRules[1].pattern",
          reason:
            '"(?i)^\\\\d+$" is not a regular expression JavaScript can parse (Invalid group). Teams evaluates .NET regular expressions and ucflow checks them with JavaScript\'s, ' +
            "refusing only what JavaScript cannot parse; rewrite .NET-only constructs such as inline options (?i) or atomic groups (?>...)",
        },
        { property: "normalizationRules[2].pattern", reason: expectedUnterminated("^(\\d{4}") },
      ]);
    });

    it("keeps the description within Teams' 1040 characters with ucflow's mark", async () => {
      const { provider } = setup();
      expect((await provider.check!({}, { ...inputs, description: "x".repeat(1027) })).failures).to.deep.equal([]);
      expect((await provider.check!({}, { ...inputs, description: "x".repeat(1028) })).failures).to.deep.equal([
        { property: "description", reason: 'has 1028 characters; Teams allows 1040, and ucflow adds " [ucflow:Cu1]" to mark the dial plan as the customer\'s, so it can have at most 1027' },
      ]);
    });

    it("keeps the Identity within Teams' 49 characters and reports codec problems with their paths", async () => {
      const { provider } = setup();
      const longName = "Cu1-A-very-long-dial-plan-name-for-Chicago-HQ1"; // 46 characters
      expect((await provider.check!({}, { ...inputs, name: longName })).failures).to.deep.equal([
        { property: "name", reason: `makes the Identity "Tag:${longName}" of 50 characters; Teams allows 49 with "Tag:", so the name can have at most 45` },
      ]);
      const result = await provider.check!({}, { ...inputs, scope: "region", normalizationRules: [{ name: "X", pattern: "", translation: 1 }] });
      expect(result.failures!.map((f) => f.property)).to.deep.equal(["scope", "normalizationRules[0].pattern", "normalizationRules[0].translation"]);
    });
  });

  describe("create", () => {
    it("looks the dial plan up, then POSTs Tag:<name> with the rules in order (Priority = position)", async () => {
      const { provider, teams } = setup();
      teams.reply(list({ Identity: "Global", NormalizationRules: [] }), created(platformPlan()));
      expect(await provider.create(inputs)).to.deep.equal({ id: "Tag:Cu1-Chicago", outs: state });
      expect(calls(teams.requests)).to.deep.equal([
        ["GET", PLANS, undefined],
        ["POST", PLANS, { Identity: "Tag:Cu1-Chicago", ...settingsBody }],
      ]);
    });

    it("refuses to take over an existing dial plan of the same name that is not the customer's, and writes nothing", async () => {
      const { provider, teams } = setup();
      teams.reply(list({ Identity: "Global", NormalizationRules: [] }, platformPlan({ Identity: "Tag:cu1-chicago", Description: "made by hand" })));
      const error = await failure(provider.create(inputs));
      expect(error.message).to.equal(
        "dial plan Cu1-Chicago: a tenant dial plan Tag:Cu1-Chicago already exists in the tenant and is not ucflow's for customer Cu1 (its Description does not end in [ucflow:Cu1]), " +
          'and ucflow does not take over objects it did not create; nothing was changed. Remove it (Remove-CsTenantDialPlan -Identity "Tag:Cu1-Chicago") or rename this dial plan; ' +
          "to bring it under management as it is, adopt it with adoption: { existing: adopt } on the customer (customer.adoption in the definition), " +
          "or end its Description with [ucflow:Cu1] if it is this customer's",
      );
      expect(teams.requests.map((r) => r.method)).to.deep.equal(["GET"]);
    });

    it("refuses a dial plan marked for another customer", async () => {
      const { provider, teams } = setup();
      teams.reply(list(platformPlan({ Description: "[ucflow:Cu2]" })));
      expect((await failure(provider.create(inputs))).message).to.include("is not ucflow's for customer Cu1 (it is marked [ucflow:Cu2], not [ucflow:Cu1])");
    });

    it("adopts the customer's own dial plan left by a killed run, setting it to the inputs", async () => {
      const { provider, teams } = setup();
      teams.reply(list(platformPlan({ NormalizationRules: [] })), noContent);
      expect(await provider.create(inputs)).to.deep.equal({ id: "Tag:Cu1-Chicago", outs: state });
      expect(calls(teams.requests)).to.deep.equal([
        ["GET", PLANS, undefined],
        ["PUT", `${PLANS}/configuration/Tag:Cu1-Chicago`, settingsBody],
      ]);
    });

    it("adopts without writing when the leftover already has the inputs", async () => {
      const { provider, teams } = setup();
      teams.reply(list(platformPlan()));
      expect(await provider.create(inputs)).to.deep.equal({ id: "Tag:Cu1-Chicago", outs: state });
      expect(teams.requests.map((r) => r.method)).to.deep.equal(["GET"]);
    });

    describe("with adoption: { existing: adopt }", () => {
      const adopting = { ...inputs, adoption: { existing: "adopt" } };
      const byHand = (overrides: Record<string, unknown> = {}) => platformPlan({ Description: "made by hand", ...overrides });

      it("adopts someone else's dial plan that already has the rules without a write, and records it as adopted", async () => {
        const { provider, teams } = setup();
        teams.reply(list(byHand()));
        expect(await provider.create(adopting)).to.deep.equal({ id: "Tag:Cu1-Chicago", outs: { ...state, adoption: { existing: "adopt" }, adopted: true } });
        expect(teams.requests.map((r) => r.method)).to.deep.equal(["GET"]);
      });

      it("brings an adopted dial plan to the rules, keeping its own Description (no mark) when the inputs give none", async () => {
        const { provider, teams } = setup();
        teams.reply(list(byHand({ NormalizationRules: [] })), noContent);
        await provider.create(adopting);
        const { Description: _mark, ...rules } = settingsBody;
        expect(calls(teams.requests)[1]).to.deep.equal(["PUT", `${PLANS}/configuration/Tag:Cu1-Chicago`, rules]);
      });

      it("sets the inputs' description on an adopted dial plan without ucflow's mark", async () => {
        const { provider, teams } = setup();
        teams.reply(list(byHand()), noContent);
        await provider.create({ ...adopting, description: "Chicago" });
        expect(calls(teams.requests)[1]![2]).to.deep.include({ Description: "Chicago" });
      });

      it("still takes back the customer's own leftover as its own, not as adopted", async () => {
        const { provider, teams } = setup();
        teams.reply(list(platformPlan()));
        expect((await provider.create(adopting)).outs).to.not.have.property("adopted");
      });

      it("reads an adopted dial plan's own Description as no change when the inputs give none", async () => {
        const { provider, teams } = setup();
        teams.reply(list(byHand()));
        const adopted = { ...state, adoption: { existing: "adopt" }, adopted: true };
        expect((await provider.read!("Tag:Cu1-Chicago", adopted)).props).to.deep.equal(adopted);
      });

      it("updates an adopted dial plan only where it differs", async () => {
        const { provider, teams } = setup();
        const adopted = { ...state, adoption: { existing: "adopt" }, adopted: true };
        teams.reply(list(byHand()));
        expect(await provider.update!("Tag:Cu1-Chicago", adopted, { ...adopting, adoption: { existing: "adopt", onDelete: "retain" } })).to.deep.equal({
          outs: { ...adopted, adoption: { existing: "adopt", onDelete: "retain" } },
        });
        expect(teams.requests.map((r) => r.method)).to.deep.equal(["GET"]);
      });

      it("leaves an adopted dial plan in the tenant on delete, unless onDelete is remove", async () => {
        const { provider, teams } = setup();
        teams.reply(noContent);
        await provider.delete!("Tag:Cu1-Chicago", { ...state, adoption: { existing: "adopt" }, adopted: true });
        expect(teams.requests).to.have.length(0);
        await provider.delete!("Tag:Cu1-Chicago", { ...state, adoption: { existing: "adopt", onDelete: "remove" }, adopted: true });
        expect(teams.requests.map((r) => r.method)).to.deep.equal(["DELETE"]);
      });
    });

    it("decides again on what is there when the dial plan appears between the look-up and the create (409)", async () => {
      const conflict = { status: 409, body: { error: { code: "Conflict", message: "Identity already exists" } } };
      const someoneElse = setup();
      someoneElse.teams.reply(list(), conflict, list(platformPlan({ Description: "" })));
      expect((await failure(someoneElse.provider.create(inputs))).message).to.match(/^dial plan Cu1-Chicago: a tenant dial plan Tag:Cu1-Chicago already exists in the tenant and is not ucflow's/);
      const ours = setup();
      ours.teams.reply(list(), conflict, list(platformPlan()));
      await ours.provider.create(inputs);
      expect(ours.teams.requests.map((r) => r.method)).to.deep.equal(["GET", "POST", "GET"]);
    });

    it("says which dial plan a platform failure was about", async () => {
      const { provider, teams } = setup();
      teams.reply(list(), { status: 400, body: { Message: "NormalizationRules[0].Pattern is not a valid regular expression" } });
      expect((await failure(provider.create(inputs))).message).to.equal(
        "dial plan Cu1-Chicago: teams: creating TenantDialPlan Tag:Cu1-Chicago: 400: NormalizationRules[0].Pattern is not a valid regular expression (request-id corr-2)",
      );
    });
  });

  describe("read", () => {
    it("maps the dial plan back to the same inputs when nothing changed", async () => {
      const { provider, teams } = setup();
      teams.reply(list(platformPlan()));
      const result = await provider.read!("Tag:Cu1-Chicago", state);
      expect(result).to.deep.equal({ id: "Tag:Cu1-Chicago", props: state, inputs });
      expect(await provider.diff!("Tag:Cu1-Chicago", result.props!, inputs)).to.deep.include({ changes: false });
    });

    it("reads a description back without ucflow's mark", async () => {
      const { provider, teams } = setup();
      teams.reply(list(platformPlan({ Description: "Chicago [ucflow:Cu1]" })));
      const result = await provider.read!("Tag:Cu1-Chicago", { ...state, description: "Chicago" });
      expect(result.inputs).to.deep.equal({ ...inputs, description: "Chicago" });
    });

    it("shows a rule edited in Teams admin center as drift of the inputs", async () => {
      const { provider, teams } = setup();
      const edited = platformPlan();
      edited.NormalizationRules = [
        { ...edited.NormalizationRules[1], Priority: 0 },
        { ...edited.NormalizationRules[0], Pattern: "^(\\d{5})$", Priority: 1 },
      ];
      teams.reply(list({ ...edited, Description: "edited by hand" }));
      const result = await provider.read!("Tag:Cu1-Chicago", state);
      expect(result.inputs).to.deep.equal({
        ...inputs,
        description: "edited by hand",
        normalizationRules: [
          { name: "National", pattern: "^(\\d{10})$", translation: "+1$1", description: "10-digit numbers" },
          { name: "Internal", pattern: "^(\\d{5})$", translation: "+13125550$1", isInternalExtension: true },
        ],
      });
      expect(await provider.diff!("Tag:Cu1-Chicago", result.props!, inputs)).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
    });

    it("reports a dial plan removed out of band as gone", async () => {
      const { provider, teams } = setup();
      teams.reply(list({ Identity: "Global", NormalizationRules: [] }));
      expect(await provider.read!("Tag:Cu1-Chicago", state)).to.deep.equal({});
    });
  });

  describe("update and delete", () => {
    it("sets the whole dial plan with PUT, the description followed by the mark", async () => {
      const { provider, teams } = setup();
      teams.reply(noContent);
      await provider.update!("Tag:Cu1-Chicago", state, { ...inputs, description: "Chicago" });
      expect(calls(teams.requests)[0]![2]).to.deep.include({ Description: "Chicago [ucflow:Cu1]" });
    });

    it("sets the whole dial plan with PUT, clearing a removed description", async () => {
      const { provider, teams } = setup();
      teams.reply(noContent);
      const result = await provider.update!("Tag:Cu1-Chicago", { ...state, description: "old" }, inputs);
      expect(result).to.deep.equal({ outs: state });
      expect(calls(teams.requests)).to.deep.equal([["PUT", `${PLANS}/configuration/Tag:Cu1-Chicago`, settingsBody]]);
    });

    it("creates the dial plan again when it was removed since the last refresh", async () => {
      const { provider, teams } = setup();
      teams.reply(notFound, list(), created());
      await provider.update!("Tag:Cu1-Chicago", state, inputs);
      expect(teams.requests.map((r) => r.method)).to.deep.equal(["PUT", "GET", "POST"]);
    });

    it("deletes the dial plan; one already gone (404) is done", async () => {
      const { provider, teams } = setup();
      teams.reply(noContent, notFound);
      await provider.delete!("Tag:Cu1-Chicago", state);
      await provider.delete!("Tag:Cu1-Chicago", state);
      expect(calls(teams.requests)).to.deep.equal([
        ["DELETE", `${PLANS}/configuration/Tag:Cu1-Chicago`, undefined],
        ["DELETE", `${PLANS}/configuration/Tag:Cu1-Chicago`, undefined],
      ]);
    });

    it("replaces on a new customer or name; rule changes update in place", async () => {
      const { provider } = setup();
      expect(await provider.diff!("Tag:Cu1-Chicago", state, { ...inputs, name: "Cu1-Boston" })).to.deep.include({ replaces: ["name"], deleteBeforeReplace: true });
      expect(await provider.diff!("Tag:Cu1-Chicago", state, { ...inputs, normalizationRules: inputs.normalizationRules.slice(1) })).to.deep.equal({
        changes: true,
        replaces: [],
        deleteBeforeReplace: false,
      });
    });
  });
});

function expectedUnterminated(pattern: string): string {
  return (
    `${JSON.stringify(pattern)} is not a regular expression JavaScript can parse (Unterminated group). Teams evaluates .NET regular expressions and ucflow checks them with JavaScript's, ` +
    "refusing only what JavaScript cannot parse; rewrite .NET-only constructs such as inline options (?i) or atomic groups (?>...)"
  );
}
