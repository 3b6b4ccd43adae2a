import * as t from "io-ts";
import { expect } from "chai";
import { decodeInputs, describeProblems, refinedString, strictObject } from "../../../provider/resources/input-validation";

interface E164Brand {
  readonly E164: unique symbol;
}
const E164 = refinedString<E164Brand>("E164", (s) => /^\+[1-9]\d{7,14}$/.test(s), "must be an E.164 number: + then 8 to 15 digits, e.g. +14155550100");

const Range = strictObject("NumberRange", { start: E164, end: E164 }, { site: t.string });
const Inventory = strictObject("NumberInventory", { ranges: t.array(Range) }, { reserved: t.array(E164) });

describe("input validation", () => {
  it("accepts valid inputs and returns the decoded value", () => {
    const result = decodeInputs(Inventory, { ranges: [{ start: "+14155550100", end: "+14155550199" }] });
    expect(result).to.deep.equal({ ok: true, value: { ranges: [{ start: "+14155550100", end: "+14155550199" }] } });
  });

  it("names the property path and says what is wrong, for every problem at once", () => {
    const result = decodeInputs(Inventory, {
      ranges: [{ start: "+14155550100", end: "+14155550199" }, { start: "0415", site: 7 }],
      reserved: ["+14155550100", "nope"],
    });
    expect(result).to.deep.equal({
      ok: false,
      problems: [
        { property: "ranges[1].start", reason: 'must be an E.164 number: + then 8 to 15 digits, e.g. +14155550100; got "0415"' },
        { property: "ranges[1].end", reason: "is required: it must be an E.164 number: + then 8 to 15 digits, e.g. +14155550100" },
        { property: "ranges[1].site", reason: "must be a string; got 7" },
        { property: "reserved[1]", reason: 'must be an E.164 number: + then 8 to 15 digits, e.g. +14155550100; got "nope"' },
      ],
    });
  });

  it("rejects a misspelt property instead of ignoring it", () => {
    const result = decodeInputs(Range, { start: "+14155550100", end: "+14155550199", Site: "Cu1Si1" });
    expect(result).to.deep.equal({
      ok: false,
      problems: [{ property: "Site", reason: "is not a property of NumberRange (did you mean site?); the properties are start, end, site" }],
    });
  });

  it("reports a union's alternatives once, on one property", () => {
    const Value = strictObject("Row", { value: t.union([t.string, t.array(t.string)]) });
    const result = decodeInputs(Value, { value: 3 });
    expect(result).to.deep.equal({
      ok: false,
      problems: [{ property: "value", reason: "must match one of: must be a string; got 3 | must be a list (of string); got 3" }],
    });
  });

  it("formats problems as one message", () => {
    expect(describeProblems("site Cu1Si1", [{ property: "code", reason: "is required" }])).to.equal(
      "site Cu1Si1 has a problem:\n  - code: is required",
    );
  });
});
