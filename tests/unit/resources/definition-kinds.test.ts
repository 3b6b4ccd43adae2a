// Kinds kept as definitions: their check is where ucflow refuses bad input and mass removals.
import { expect } from "chai";
import { provider as flowThroughCriteria } from "../../../provider/resources/flow-through-criteria/provider";
import { UNKNOWN_VALUE } from "../../../provider/resources/kind-provider";
import { provider as modelFilterCriteria } from "../../../provider/resources/model-filter-criteria/provider";
import { provider as numberInventory } from "../../../provider/resources/number-inventory/provider";
import { provider as subscriberProfile } from "../../../provider/resources/subscriber-profile/provider";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`);
const criteria = (subscribers: string[], extra: object = {}) => ({
  customer: "Cu1",
  entries: [{ name: "everyone", filter: "by-city", site: "{{site.code}}", profile: "Standard" }],
  subscribers,
  deleteThreshold: { maxPercent: 20 },
  ...extra,
});

describe("definition kinds", () => {
  describe("model filter criteria", () => {
    it("accepts valid rows", async () => {
      const result = await modelFilterCriteria.check!({}, { name: "by-city", rows: [{ attribute: "city", condition: "equals", value: "{{site.city}}" }] });
      expect(result.failures).to.deep.equal([]);
    });

    it("refuses a bad regular expression and a dangling join, naming the rows", async () => {
      const result = await modelFilterCriteria.check!({}, {
        name: "bad",
        rows: [
          { attribute: "department", condition: "regex", value: "(Sales", join: "and" },
          { attribute: "city", condition: "equals", value: "Chicago", join: "or" },
        ],
      });
      expect(result.failures).to.deep.equal([
        { property: "rows[0].value", reason: '"(Sales" is not a valid regular expression: Unterminated group' },
        { property: "rows[1].join", reason: 'the last row has join "or" but no row follows it; remove the join or add a row after it' },
      ]);
    });

    it("defers validation of values unknown during preview", async () => {
      const result = await modelFilterCriteria.check!({}, { name: UNKNOWN_VALUE, rows: [] });
      expect(result.failures).to.equal(undefined);
    });
  });

  describe("flow-through criteria", () => {
    it("lets a change through that removes fewer subscribers than the threshold", async () => {
      const result = await flowThroughCriteria.check!(criteria(ids(10)), criteria(ids(9)));
      expect(result.failures).to.deep.equal([]);
    });

    it("refuses at check (preview) a change that would deprovision most subscribers", async () => {
      const result = await flowThroughCriteria.check!(criteria(ids(10)), criteria(ids(2)));
      expect(result.failures).to.have.length(1);
      expect(result.failures![0].property).to.equal("subscribers");
      expect(result.failures![0].reason).to.include("8").and.include("10").and.include("ucflow:allowMassDeprovision");
    });

    it("lets the removal through once acknowledged", async () => {
      const result = await flowThroughCriteria.check!(criteria(ids(10)), criteria(ids(2), { allowMassDeprovision: true }));
      expect(result.failures).to.deep.equal([]);
    });

    it("never trips on the first run", async () => {
      expect((await flowThroughCriteria.check!({}, criteria(ids(3)))).failures).to.deep.equal([]);
    });

    it("diffs only its inputs, replacing when the customer changes", async () => {
      const olds = { ...criteria(ids(2)), __provider: "x" };
      expect(await flowThroughCriteria.diff!("Cu1", olds, criteria(ids(2)))).to.deep.equal({ changes: false, replaces: [], deleteBeforeReplace: false });
      expect(await flowThroughCriteria.diff!("Cu1", olds, { ...criteria(ids(2)), customer: "Cu2" })).to.deep.equal({
        changes: true,
        replaces: ["customer"],
        deleteBeforeReplace: true,
      });
    });
  });

  it("number inventory: overlapping ranges fail check", async () => {
    const result = await numberInventory.check!({}, {
      customer: "Cu1",
      ranges: [
        { start: "+13125550100", end: "+13125550199" },
        { start: "+13125550150", end: "+13125550250" },
      ],
    });
    expect(result.failures!.map((f) => f.property)).to.deep.equal(["ranges[1]"]);
    expect(result.failures![0].reason).to.match(/overlaps ranges\[0\]/);
  });

  it("subscriber profile: a number without Enterprise Voice fails check", async () => {
    const result = await subscriberProfile.check!({}, {
      customer: "Cu1",
      name: "Standard",
      enterpriseVoice: false,
      numberType: "directRouting",
      quickAddGroup: { name: "standard", licenses: [{ sku: "SPE_E5" }] },
    });
    expect(result.failures).to.deep.equal([{ property: "numberType", reason: "a directRouting number needs enterpriseVoice: true" }]);
  });
});
