import { expect } from "chai";
import fc from "fast-check";
import { allocateNumbers, AllocateNumbersArgs, NumberInventory, NumberRequest, parseNumber, validateNumberInventory } from "../../../provider/plan";

const now = new Date("2026-01-01T00:00:00Z");
const inventory: NumberInventory = {
  ranges: [
    { start: "+14155550100", end: "+14155550104", site: "Cu1Si1" },
    { start: "+14155550200", end: "+14155550201" },
    { start: "+16175550100", end: "+16175550101", site: "Cu1Si2" },
  ],
  reserved: ["+14155550100"],
  cooling: [
    { number: "+14155550101", until: "2030-01-01" },
    { number: "+14155550102", until: "2025-12-31T23:59:59Z" },
  ],
};

describe("plan/numbers", () => {
  describe("allocateNumbers", () => {
    it("gives the lowest free number of the site's ranges, then of the customer-wide ranges", () => {
      const requests: NumberRequest[] = ["s3", "s1", "s4", "s2"].map((subscriberId) => ({ subscriberId, site: "Cu1Si1" }));
      const plan = allocateNumbers({ inventory, requests, usedOnPlatform: new Map([["+14155550103", "someone-else"]]), now });
      expect(plan).to.deep.equal({
        allocations: [
          // 100 reserved, 101 cooling until 2030, 102 cooling expired, 103 used on the platform
          { subscriberId: "s1", site: "Cu1Si1", number: "+14155550102", source: "allocated" },
          { subscriberId: "s2", site: "Cu1Si1", number: "+14155550104", source: "allocated" },
          { subscriberId: "s3", site: "Cu1Si1", number: "+14155550200", source: "allocated" },
          { subscriberId: "s4", site: "Cu1Si1", number: "+14155550201", source: "allocated" },
        ],
        problems: [],
      });
    });

    it("keeps a current number that is still valid, even if it is reserved or cooling now", () => {
      const requests: NumberRequest[] = [
        { subscriberId: "a", site: "Cu1Si1", current: "+14155550104" },
        { subscriberId: "b", site: "Cu1Si1", current: "+14155550100" },
        { subscriberId: "c", site: "Cu1Si1", current: "+14155550101" },
      ];
      expect(allocateNumbers({ inventory, requests, usedOnPlatform: new Map([["+14155550104", "a"]]), now }).allocations).to.deep.equal([
        { subscriberId: "a", site: "Cu1Si1", number: "+14155550104", source: "current" },
        { subscriberId: "b", site: "Cu1Si1", number: "+14155550100", source: "current" },
        { subscriberId: "c", site: "Cu1Si1", number: "+14155550101", source: "current" },
      ]);
    });

    it("replaces a current number that is no longer valid, and says why", () => {
      const requests: NumberRequest[] = [
        { subscriberId: "a", site: "Cu1Si2", current: "+14155550104" }, // moved site
        { subscriberId: "b", site: "Cu1Si1", current: "+14155550103" }, // taken by hand on the platform
        { subscriberId: "c", site: "Cu1Si1", current: "+14155550200" },
        { subscriberId: "d", site: "Cu1Si1", current: "+14155550200" }, // same current as c
        { subscriberId: "e", site: "Cu1Si1", current: "+1415555" },
        { subscriberId: "f", site: "Cu1Si1", current: "+19995550000" },
        { subscriberId: "g", site: "Cu1Si1", current: "4100" },
      ];
      const plan = allocateNumbers({ inventory: { ranges: inventory.ranges }, requests, usedOnPlatform: new Map([["+14155550103", "h"]]), now });
      expect(plan).to.deep.equal({
        allocations: [
          { subscriberId: "a", site: "Cu1Si2", number: "+16175550100", source: "allocated", replaced: { number: "+14155550104", reason: "+14155550104 is in ranges[0], which belongs to site Cu1Si1" } },
          { subscriberId: "b", site: "Cu1Si1", number: "+14155550100", source: "allocated", replaced: { number: "+14155550103", reason: "+14155550103 is in use on the platform by h" } },
          { subscriberId: "c", site: "Cu1Si1", number: "+14155550200", source: "current" },
          { subscriberId: "d", site: "Cu1Si1", number: "+14155550101", source: "allocated", replaced: { number: "+14155550200", reason: "+14155550200 is kept by subscriber c, who also holds it" } },
          {
            subscriberId: "e",
            site: "Cu1Si1",
            number: "+14155550102",
            source: "allocated",
            replaced: { number: "+1415555", reason: '"+1415555" is neither an E.164 number (+ then 8 to 15 digits, not starting with 0, e.g. +14155550100) nor an internal extension (1 to 15 digits, e.g. 4100)' },
          },
          { subscriberId: "f", site: "Cu1Si1", number: "+14155550104", source: "allocated", replaced: { number: "+19995550000", reason: "+19995550000 is not in a range of site Cu1Si1 or a customer-wide range" } },
          { subscriberId: "g", site: "Cu1Si1", number: "+14155550201", source: "allocated", replaced: { number: "4100", reason: "4100 is an internal extension, not an E.164 number" } },
        ],
        problems: [],
      });
    });

    it("keeps a number the platform shows the subscriber holding when no current is given", () => {
      const usedOnPlatform = new Map([
        ["+14155550104", "a"],
        ["+14155550103", "a"],
        ["+16175550100", "a"],
      ]);
      expect(allocateNumbers({ inventory, requests: [{ subscriberId: "a", site: "Cu1Si1" }], usedOnPlatform, now }).allocations).to.deep.equal([
        { subscriberId: "a", site: "Cu1Si1", number: "+14155550103", source: "platform" },
      ]);
    });

    it("honours pinned numbers first, reserved ones included, and rejects pins it cannot honour", () => {
      const requests: NumberRequest[] = [
        { subscriberId: "a", site: "Cu1Si1", pinned: "+14155550100", current: "+14155550104" },
        { subscriberId: "b", site: "Cu1Si1", current: "+14155550100" },
        { subscriberId: "c", site: "Cu1Si1", pinned: "+19995550000" },
        { subscriberId: "d", site: "Cu1Si1", pinned: "+16175550100" },
        { subscriberId: "e", site: "Cu1Si1", pinned: "+14155550101" },
        { subscriberId: "f", site: "Cu1Si1", pinned: "+14155550103" },
        { subscriberId: "g", site: "Cu1Si1", pinned: "+14155550100" },
      ];
      const plan = allocateNumbers({ inventory, requests, usedOnPlatform: new Map([["+14155550103", "h"]]), now });
      expect(plan).to.deep.equal({
        allocations: [
          { subscriberId: "a", site: "Cu1Si1", number: "+14155550100", source: "pinned", replaced: { number: "+14155550104", reason: "replaced by the pinned number +14155550100" } },
          { subscriberId: "b", site: "Cu1Si1", number: "+14155550102", source: "allocated", replaced: { number: "+14155550100", reason: "+14155550100 is pinned to subscriber a" } },
        ],
        problems: [
          "subscriber c at site Cu1Si1: pinned number +19995550000 is not in a range of site Cu1Si1 or a customer-wide range; add it to the inventory for the site, or pin a number from the site's ranges",
          "subscriber d at site Cu1Si1: pinned number +16175550100 is in ranges[2], which belongs to site Cu1Si2; add it to the inventory for the site, or pin a number from the site's ranges",
          "subscriber e at site Cu1Si1: pinned number +14155550101 is cooling until 2030-01-01; pin another number, or take it out of cooling",
          "subscriber f at site Cu1Si1: pinned number +14155550103 is in use on the platform by h; free it there first, or pin another number",
          "subscriber g at site Cu1Si1: pinned number +14155550100 is also pinned to subscriber a; a number can be pinned to one subscriber only",
        ],
      });
    });

    it("lists each site short of numbers and by how many", () => {
      const requests: NumberRequest[] = [
        ...Array.from({ length: 8 }, (_, i) => ({ subscriberId: `a${i}`, site: "Cu1Si1" })),
        ...Array.from({ length: 3 }, (_, i) => ({ subscriberId: `b${i}`, site: "Cu1Si2" })),
      ];
      const plan = allocateNumbers({ inventory: { ranges: inventory.ranges.filter((r) => r.site !== undefined) }, requests, now });
      expect(plan.problems).to.deep.equal([
        "ranges (site Cu1Si1): the site needs 3 more E.164 numbers than its ranges and the customer-wide ranges have free; add a range for the site or free some numbers",
        "ranges (site Cu1Si2): the site needs 1 more E.164 number than its ranges and the customer-wide ranges have free; add a range for the site or free some numbers",
      ]);
      expect(plan.allocations).to.have.length(7);
      expect(allocateNumbers({ inventory: { ranges: [] }, requests: [{ subscriberId: "x", site: "Cu1Si9" }, { subscriberId: "y", site: "Cu1Si9" }], now }).problems).to.deep.equal([
        "ranges (site Cu1Si9): the site has no E.164 number range and there is no customer-wide one, but 2 subscribers there need a number; add a range for the site",
      ]);
    });

    it("allocates internal extensions, keeping leading zeros, and ignores ranges of the other kind", () => {
      const plan = allocateNumbers({
        inventory: { ranges: [{ start: "0100", end: "0102" }, ...inventory.ranges] },
        requests: [{ subscriberId: "a", site: "Cu1Si1" }, { subscriberId: "b", site: "Cu1Si1", current: "0100" }],
        usedOnPlatform: new Map([["0101", "x"]]),
        now,
        kind: "extension",
      });
      expect(plan.allocations).to.deep.equal([
        { subscriberId: "a", site: "Cu1Si1", number: "0102", source: "allocated" },
        { subscriberId: "b", site: "Cu1Si1", number: "0100", source: "current" },
      ]);
    });

    it("rejects invalid requests before allocating anything", () => {
      const plan = allocateNumbers({
        inventory,
        requests: [
          { subscriberId: "a", site: "Cu1Si1", pinned: "0415" },
          { subscriberId: "b", site: "", pinned: "phone" },
          { subscriberId: "a", site: "Cu1Si1" },
        ],
        now: new Date("not a date"),
      });
      expect(plan).to.deep.equal({
        allocations: [],
        problems: [
          "subscriber a: pinned number 0415 is an internal extension, but this plan allocates E.164 numbers",
          "requests[1].site: is empty; give the subscriber's site code",
          'subscriber b: pinned number "phone" is neither an E.164 number (+ then 8 to 15 digits, not starting with 0, e.g. +14155550100) nor an internal extension (1 to 15 digits, e.g. 4100)',
          'requests: subscriber "a" is listed more than once; each subscriber needs one request',
          "now: is not a valid date",
        ],
      });
    });
  });

  describe("validateNumberInventory", () => {
    it("accepts a valid inventory", () => {
      expect(validateNumberInventory(inventory, ["Cu1Si1", "Cu1Si2"])).to.deep.equal([]);
    });

    it("gives every problem a clear message", () => {
      expect(
        validateNumberInventory(
          {
            ranges: [
              { start: "+14155550100", end: "+14155550199", site: "Cu1Si1" },
              { start: "04155550100", end: "+1415555019x" },
              { start: "+14155550100", end: "5199" },
              { start: "+1415555010", end: "+14155550199" },
              { start: "+14155550199", end: "+14155550100" },
              { start: "+14155500000", end: "+14156499999" },
              { start: "+14155550150", end: "+14155550250", site: "Cu1Si9" },
              { start: "+14155550190", end: "+14155550195", site: "" },
              { start: "100", end: "199" },
              { start: "0100", end: "0199" },
            ],
            reserved: ["+1 415 555 0100"],
            cooling: [
              { number: "+14155550100", until: "next week" },
              { number: "+14155550101", until: "2026-03-01T10:00:00" },
            ],
          },
          ["Cu1Si1", "Cu1Si2"],
        ),
      ).to.deep.equal([
        'ranges[1].end: "+1415555019x" is neither an E.164 number (+ then 8 to 15 digits, not starting with 0, e.g. +14155550100) nor an internal extension (1 to 15 digits, e.g. 4100)',
        'ranges[2]: start "+14155550100" is an E.164 number but end "5199" is an internal extension; a range holds numbers of one kind',
        'ranges[3]: start "+1415555010" has 10 digits but end "+14155550199" has 11; start and end must have the same number of digits',
        'ranges[4]: start "+14155550199" is after end "+14155550100"; swap them',
        'ranges[5]: "+14155500000" to "+14156499999" holds 1,000,000 numbers; a range may hold at most 100,000, so split it or check start and end',
        'ranges[6].site: "Cu1Si9" is not a site; the sites are Cu1Si1, Cu1Si2',
        "ranges[7].site: is empty; give a site code, or leave site out for a customer-wide range",
        "ranges[6] (+14155550150 to +14155550250) overlaps ranges[0] (+14155550100 to +14155550199) from +14155550150 to +14155550199; a number may be in one range only",
        "ranges[7] (+14155550190 to +14155550195) overlaps ranges[6] (+14155550150 to +14155550250) from +14155550190 to +14155550195; a number may be in one range only",
        'reserved[0]: "+1 415 555 0100" is neither an E.164 number (+ then 8 to 15 digits, not starting with 0, e.g. +14155550100) nor an internal extension (1 to 15 digits, e.g. 4100)',
        'cooling[0].until: "next week" is not an ISO 8601 date such as "2026-03-01" or "2026-03-01T00:00:00Z"',
        'cooling[1].until: "2026-03-01T10:00:00" is not an ISO 8601 date such as "2026-03-01" or "2026-03-01T00:00:00Z"',
      ]);
    });

    it("accepts a range of exactly 100,000 numbers and ranges that only touch", () => {
      expect(
        validateNumberInventory({
          ranges: [
            { start: "+14155500000", end: "+14155599999" },
            { start: "+14155600000", end: "+14155600000" },
          ],
        }),
      ).to.deep.equal([]);
    });
  });

  describe("properties", () => {
    const sites = ["S1", "S2"];
    const number = (i: number) => `+1415555${String(i).padStart(4, "0")}`; // block k holds k*100 .. k*100+99
    // A small pool, so requests, pins, platform use, reservations and cooling collide often.
    const arbRange = fc.record({ block: fc.integer({ min: 0, max: 3 }), size: fc.integer({ min: 1, max: 6 }), site: fc.option(fc.constantFrom(...sites), { nil: undefined }) });
    const arbPoolNumber = fc.integer({ min: 0, max: 3 }).chain((block) => fc.integer({ min: 0, max: 5 }).map((o) => number(block * 100 + o)));
    const ids = "abcdefghijklmnop".split("");
    const arbArgs: fc.Arbitrary<AllocateNumbersArgs> = fc
      .record({
        ranges: fc.uniqueArray(arbRange, { selector: (r) => r.block, maxLength: 4 }),
        requests: fc.uniqueArray(
          fc.record({
            subscriberId: fc.constantFrom(...ids),
            site: fc.constantFrom(...sites),
            current: fc.option(arbPoolNumber, { nil: undefined }),
            pinned: fc.option(arbPoolNumber, { nil: undefined, freq: 8 }),
          }),
          { selector: (r) => r.subscriberId, maxLength: 12 },
        ),
        used: fc.array(fc.tuple(arbPoolNumber, fc.constantFrom(...ids, "other")), { maxLength: 6 }),
        reserved: fc.array(arbPoolNumber, { maxLength: 3 }),
        cooling: fc.array(fc.tuple(arbPoolNumber, fc.constantFrom("2025-06-01", "2027-06-01")), { maxLength: 3 }),
      })
      .map(({ ranges, requests, used, reserved, cooling }) => ({
        inventory: {
          ranges: ranges.map((r) => ({ start: number(r.block * 100), end: number(r.block * 100 + r.size - 1), ...(r.site ? { site: r.site } : {}) })),
          reserved,
          cooling: cooling.map(([n, until]) => ({ number: n, until })),
        },
        requests: requests.map((r) => ({ subscriberId: r.subscriberId, site: r.site, ...(r.current ? { current: r.current } : {}), ...(r.pinned ? { pinned: r.pinned } : {}) })),
        usedOnPlatform: new Map(used),
        now,
      }));

    it("never gives a number twice, nor one used by someone else, nor one outside the subscriber's ranges", () => {
      const sources = new Set<string>();
      fc.assert(
        fc.property(arbArgs, (args) => {
          const { allocations } = allocateNumbers(args);
          for (const a of allocations) if (a.source !== "allocated") sources.add(a.source);
          const numbers = allocations.map((a) => a.number);
          expect(new Set(numbers).size).to.equal(numbers.length);
          for (const a of allocations) {
            const owner = args.usedOnPlatform?.get(a.number);
            expect(owner === undefined || owner === a.subscriberId, `${a.number} is used by ${owner}`).to.equal(true);
            const n = parseNumber(a.number)!.value;
            const inRange = args.inventory.ranges.some((r) => (r.site === undefined || r.site === a.site) && parseNumber(r.start)!.value <= n && n <= parseNumber(r.end)!.value);
            expect(inRange, `${a.number} for ${a.site}`).to.equal(true);
            if (a.source === "allocated") {
              expect(args.inventory.reserved).not.to.include(a.number);
              expect(args.inventory.cooling!.filter((c) => c.until > "2026").map((c) => c.number)).not.to.include(a.number);
            }
          }
        }),
        { numRuns: 500 },
      );
      expect([...sources].sort(), "the generator reaches every source").to.deep.equal(["current", "pinned", "platform"]);
    });

    it("is stable: planning again with the result as current numbers changes nothing", () => {
      fc.assert(
        fc.property(arbArgs, (args) => {
          const first = allocateNumbers(args);
          const numberOf = new Map(first.allocations.map((a) => [a.subscriberId, a.number]));
          const again = args.requests.map((r) => ({ ...r, current: numberOf.get(r.subscriberId) }));
          const applied = new Map([...(args.usedOnPlatform ?? [])].filter(([n]) => !first.allocations.some((a) => a.number === n)));
          for (const a of first.allocations) applied.set(a.number, a.subscriberId);
          for (const usedOnPlatform of [args.usedOnPlatform, applied]) {
            const second = allocateNumbers({ ...args, requests: again, usedOnPlatform });
            expect(second.allocations.map((a) => [a.subscriberId, a.number])).to.deep.equal(first.allocations.map((a) => [a.subscriberId, a.number]));
            expect(second.allocations.every((a) => a.source === "current" || a.source === "pinned")).to.equal(true);
          }
        }),
      );
    });

    it("does not depend on the order of the requests", () => {
      fc.assert(
        fc.property(arbArgs, fc.func(fc.integer()), (args, rank) => {
          const shuffled = [...args.requests].sort((a, b) => rank(a.subscriberId) - rank(b.subscriberId));
          expect(allocateNumbers({ ...args, requests: shuffled })).to.deep.equal(allocateNumbers(args));
        }),
      );
    });
  });
});
