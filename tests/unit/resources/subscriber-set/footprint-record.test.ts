import { expect } from "chai";
import { footprintFromExtension, footprintToExtension } from "../../../../provider/resources/subscriber-set/footprint-record";

const footprint = {
  licensesAdded: ["06ebc4ee-1bb5-47dd-8120-11324bc54e06"],
  numbers: [{ telephoneNumber: "+13125550101", numberType: "directRouting", locationId: "loc-1" }, { telephoneNumber: "+16175550102", numberType: "callingPlan" }],
  policiesReplaced: { TenantDialPlan: "Legacy", OnlineVoiceRoutingPolicy: null },
  usageLocationBefore: "GB",
};

describe("footprint record (open extension on the user)", () => {
  it("round-trips, holding only primitives and lists of texts, well under Graph's 2 KB", () => {
    const data = footprintToExtension({ customer: "Cu1", footprint });
    for (const value of Object.values(data)) {
      expect(typeof value === "string" || typeof value === "number" || (Array.isArray(value) && value.every((v) => typeof v === "string"))).to.equal(true);
    }
    expect(JSON.stringify(data).length).to.be.below(600);
    expect(footprintFromExtension(JSON.parse(JSON.stringify(data)))).to.deep.equal({ customer: "Cu1", footprint });
  });

  it("reads an empty footprint", () => {
    const data = footprintToExtension({ customer: "Cu1", footprint: { licensesAdded: [], numbers: [], policiesReplaced: {} } });
    expect(footprintFromExtension(data)).to.deep.equal({ customer: "Cu1", footprint: { licensesAdded: [], numbers: [], policiesReplaced: {} } });
  });

  it("says what is wrong with a record edited by hand", () => {
    const good = footprintToExtension({ customer: "Cu1", footprint });
    expect(footprintFromExtension({ ...good, format: 9 })).to.match(/format 9/);
    expect(footprintFromExtension({ ...good, customer: "" })).to.equal("names no customer");
    expect(footprintFromExtension({ ...good, numbers: ["+1312"] })).to.match(/numbers holds "\+1312"/);
    expect(footprintFromExtension({ ...good, policiesReplaced: ["=x"] })).to.match(/policiesReplaced holds/);
    expect(footprintFromExtension({ ...good, licensesAdded: "x" })).to.equal("licensesAdded is not a list of texts");
  });

  it("keeps the groups ucflow added, and writes no key for a subscriber without any", () => {
    const withGroups = { ...footprint, groupsAdded: ["1a000000-0000-4000-8000-000000000001", "1a000000-0000-4000-8000-000000000002"] };
    const data = footprintToExtension({ customer: "Cu1", footprint: withGroups });
    expect(data.groupsAdded).to.deep.equal(withGroups.groupsAdded);
    expect(footprintFromExtension(JSON.parse(JSON.stringify(data)))).to.deep.equal({ customer: "Cu1", footprint: withGroups });
    expect(footprintToExtension({ customer: "Cu1", footprint: { ...footprint, groupsAdded: [] } })).to.not.have.property("groupsAdded");
    expect(footprintFromExtension({ ...data, groupsAdded: [7] })).to.equal("groupsAdded is not a list of texts");
  });
});
