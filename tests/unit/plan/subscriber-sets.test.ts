import { expect } from "chai";
import fc from "fast-check";
import { groupIntoSets, subscriberSetChanges, subscriberSetName, subscriberSetOf, subscriberSetProblems } from "../../../provider/plan";

const GOLDEN = [1, 14, 7, 4, 1];
const id = (n: number) => `${n.toString(16).padStart(8, "0")}-0000-4000-8000-000000000000`;

describe("subscriber sets", () => {
  it("places a subscriber by its id alone: the same set on every run, whatever the id's case", () => {
    expect(subscriberSetOf("8f3c2a71-5b4e-4d0a-9c6f-2e1d7b9a4c35", 20)).to.equal(subscriberSetOf("8F3C2A71-5B4E-4D0A-9C6F-2E1D7B9A4C35", 20));
    // Fixed values (FNV-1a): a change of hash would move subscribers between sets, which must never happen silently.
    expect([0, 1, 2, 3, 4].map((n) => subscriberSetOf(id(n), 20))).to.deep.equal(GOLDEN);
    expect(subscriberSetOf("a", 1000)).to.equal(0xe40c292c % 1000);
  });

  it("spreads 10,000 ids evenly enough: every set of 20 within 20 % of 500", () => {
    const sizes = groupIntoSets(Array.from({ length: 10_000 }, (_, n) => id(n * 7919 + 13)), (s) => s, 20).map((s) => s.length);
    expect(sizes.reduce((a, b) => a + b, 0)).to.equal(10_000);
    for (const size of sizes) expect(size).to.be.within(400, 600);
  });

  it("groups into exactly count sets, each id in the set it hashes to", () => {
    fc.assert(
      fc.property(fc.array(fc.uuid(), { maxLength: 200 }), fc.integer({ min: 1, max: 50 }), (ids, count) => {
        const sets = groupIntoSets(ids, (s) => s, count);
        expect(sets).to.have.length(count);
        sets.forEach((members, index) => members.forEach((m) => expect(subscriberSetOf(m, count)).to.equal(index)));
      }),
    );
  });

  it("names sets so they sort in order", () => {
    expect(subscriberSetName("Cu1", 7, 20)).to.equal("Cu1-subscribers-07");
    expect(subscriberSetName("Cu1", 7, 5)).to.equal("Cu1-subscribers-7");
    expect(subscriberSetName("Cu1", 7, 101)).to.equal("Cu1-subscribers-007");
  });

  it("refuses a change of the number of sets, saying how to keep the old one", () => {
    const problems = subscriberSetProblems({ set: 0, sets: 40, subscribers: {} }, { sets: 20 });
    expect(problems).to.have.length(1);
    expect(problems[0].property).to.equal("sets");
    expect(problems[0].reason).to.match(/held in 20 sets, and the definition now asks for 40.*set subscriberSets\.count back to 20/);
  });

  it("refuses a subscriber that belongs to another set", () => {
    const other = Array.from({ length: 50 }, (_, n) => id(n)).find((s) => subscriberSetOf(s, 4) !== 1)!;
    const problems = subscriberSetProblems({ set: 1, sets: 4, subscribers: { [other]: {} } }, undefined);
    expect(problems).to.deep.equal([{ property: `subscribers.${other}`, reason: `belongs to set ${subscriberSetOf(other, 4)} of 4, not to set 1` }]);
  });

  it("finds what to add, change and remove, by content and in id order", () => {
    const applied = { b: { site: "S1", n: 1 }, a: { site: "S1", n: 2 }, c: { n: 3, site: "S2" } };
    const desired = { c: { site: "S2", n: 3 }, a: { site: "S2", n: 2 }, d: { site: "S1", n: 4 }, b: { site: "S1", n: 1 } };
    const changes = subscriberSetChanges(applied, desired);
    expect({ added: changes.added, changed: changes.changed, removed: changes.removed }).to.deep.equal({ added: ["d"], changed: ["a"], removed: [] });
    expect(subscriberSetChanges(applied, { a: applied.a }).removed).to.deep.equal(["b", "c"]);
    expect(subscriberSetChanges(applied, applied, (s) => s === "c").changed).to.deep.equal(["c"]);
  });
});
