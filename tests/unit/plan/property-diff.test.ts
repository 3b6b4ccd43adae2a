import { expect } from "chai";
import { canonical, diffProperties } from "../../../provider/plan";

describe("property diff", () => {
  it("reports nothing when the compared properties are equal, whatever the key order", () => {
    const olds = { name: "Cu1-National", rules: [{ pattern: "^(\\d{4})$", translation: "+1312555$1" }], extra: 1 };
    const news = { rules: [{ translation: "+1312555$1", pattern: "^(\\d{4})$" }], name: "Cu1-National" };
    expect(diffProperties(olds, news, ["name", "rules"])).to.deep.equal({ changes: false, replaces: [], changed: [] });
  });

  it("lists changed properties and those that force a replacement", () => {
    const diff = diffProperties({ name: "a", description: "x", rules: [1, 2] }, { name: "b", description: "y", rules: [2, 1] }, ["name", "description", "rules"], ["name"]);
    expect(diff).to.deep.equal({ changes: true, replaces: ["name"], changed: ["name", "description", "rules"] });
  });

  it("treats a missing property as undefined but not as null", () => {
    expect(diffProperties({}, { site: undefined }, ["site"]).changes).to.equal(false);
    expect(diffProperties({}, { site: null }, ["site"]).changes).to.equal(true);
  });

  it("canonicalises nested objects", () => {
    expect(canonical({ b: { d: 1, c: 2 }, a: [{ y: 1, x: 2 }] })).to.equal('{"a":[{"x":2,"y":1}],"b":{"c":2,"d":1}}');
  });
});
