// The Unified CM bench's pure parts: the generated customer (people, ranges, LDIF, moves) and
// the floor of a phase from what the lab charged it.
import { expect } from "chai";
import type { LabThrottlingReport } from "../../../lab/control/control-client";
import { decodeCustomerDefinition, describeDefinitionProblem } from "../../../sdk/definition/customer-definition";
import { cucmSubscriberNames } from "../../../provider/plan";
import { generateCucmCustomer, maxCucmBenchSubscribers } from "../../bench/cucm-directory";
import { cucmChainRoundTrips, cucmFloorOf } from "../../bench/floor";

/** GET /throttling as the AXL simulator reports it: the change-notification queue and the read cap. */
function axlReport(notifications: number, reads = 0): LabThrottlingReport {
  const service = { enabled: true, maxConcurrentRequests: null, concurrentRequests: 0, peakConcurrentRequests: 2, refusedForConcurrency: 0 };
  return {
    since: "2026-12-01T00:00:00.000Z",
    services: {
      axl: {
        ...service,
        buckets: [
          { name: "writes.changeNotifications", scope: "Cluster", capacity: 1500, refillPerSecond: 20, consumed: notifications, throttled: 0, available: 0 },
          // A cap, not a rate: it never forces a wait, however many reads it admitted.
          { name: "reads.concurrent", scope: "Cluster", capacity: 10, refillPerSecond: 0, consumed: reads, throttled: 0, available: 10 },
        ],
      },
      cupi: { ...service, buckets: [] },
    },
  };
}

const OPTIONS = { latencyMs: 20, axlMaxInFlight: 2, cupiMaxInFlight: 4 };

describe("bench: the Unified CM customer", () => {
  it("decodes as a customer definition at every size it generates", () => {
    for (const n of [1, 100, 1000, maxCucmBenchSubscribers()]) {
      const decoded = decodeCustomerDefinition(generateCucmCustomer(n).definition, "customer");
      expect(decoded.ok ? [] : decoded.problems.map(describeDefinitionProblem), `N=${n}`).to.deep.equal([]);
    }
  });

  it("sizes each site's extension range to its people plus 20 %, from the template's start", () => {
    const customer = generateCucmCustomer(100);
    // 34, 33 and 33 people; 20 % more is 7 each.
    expect(customer.definition.numberInventory.ranges).to.deep.equal([
      { start: "5000", end: "5040", site: "Cu2Si1" },
      { start: "6000", end: "6039", site: "Cu2Si2" },
      { start: "7000", end: "7039", site: "Cu2Si3" },
    ]);
    expect(generateCucmCustomer(1000).definition.numberInventory.ranges.map((r) => r.end)).to.deep.equal(["5400", "6399", "7399"]);
  });

  it("holds at most what the 4-digit ranges allow, and says so above it", () => {
    // 1,000 extensions a site: 833 people and 167 more.
    expect(maxCucmBenchSubscribers()).to.equal(2499);
    expect(() => generateCucmCustomer(2500)).to.throw("834 subscribers at Cu2Si1 need 1001 extensions, more than 5000..5999 holds");
  });

  it("spreads the people over the sites' cities and the departments in turn, with unique ids and mobiles", () => {
    const { people, byProfile } = generateCucmCustomer(48);
    expect(people.slice(0, 4).map((p) => `${p.uid} ${p.city} ${p.department} ${p.profile}`)).to.deep.equal([
      "bench.u00000 Dallas Engineering Engineering",
      "bench.u00001 Denver Engineering Engineering",
      "bench.u00002 Houston Engineering Engineering",
      "bench.u00003 Dallas Sales Sales",
    ]);
    expect(byProfile).to.deep.equal({ Engineering: 6, Sales: 6, Office: 36 });
    expect(new Set(people.map((p) => p.uid)).size).to.equal(48);
    // Every device name ucflow derives from the userid differs too (Jabber's keeps 12 characters of it).
    const jabber = generateCucmCustomer(maxCucmBenchSubscribers()).people.map((p) => cucmSubscriberNames("Cu2", p.uid, p.dn).jabber);
    expect(new Set(jabber).size).to.equal(jabber.length);
    expect(new Set(people.map((p) => p.mobile)).size).to.equal(48);
    for (const city of ["Dallas", "Denver", "Houston"]) expect(people.filter((p) => p.city === city)).to.have.length(16);
  });

  it("writes LDIF that adds the OU once and every person under the given suffix", () => {
    const parts = generateCucmCustomer(5).ldif("dc=example,dc=com", 2);
    expect(parts).to.have.length(3);
    expect(parts[0]!.startsWith("dn: ou=Bench People,dc=example,dc=com\nobjectClass: organizationalUnit\nou: Bench People\n\ndn: uid=bench.u00000,ou=Bench People,dc=example,dc=com\n")).to.equal(true);
    const all = parts.join("\n");
    expect(all.match(/^dn: uid=/gm)).to.have.length(5);
    expect(all.match(/^dn: ou=/gm)).to.have.length(1);
    expect(all).to.include("\nmobile: +14695552000\n").and.include("\nemployeeType: Employee\n").and.include("\nl: Houston\nst: TX\n");
  });

  it("moves every tenth person to the next site's city and state", () => {
    const moves = generateCucmCustomer(21).moves("dc=example,dc=com");
    expect(moves.moved).to.equal(3);
    // People 0, 10 and 20: Dallas -> Denver, Denver -> Houston (10 % 3 = 1), Houston -> Dallas (20 % 3 = 2).
    expect(moves.ldif).to.equal(
      [
        "dn: uid=bench.u00000,ou=Bench People,dc=example,dc=com\nchangetype: modify\nreplace: l\nl: Denver\n-\nreplace: st\nst: CO\n-",
        "dn: uid=bench.u00010,ou=Bench People,dc=example,dc=com\nchangetype: modify\nreplace: l\nl: Houston\n-\nreplace: st\nst: TX\n-",
        "dn: uid=bench.u00020,ou=Bench People,dc=example,dc=com\nchangetype: modify\nreplace: l\nl: Dallas\n-\nreplace: st\nst: TX\n-",
      ].join("\n\n") + "\n",
    );
    expect(moves.profiles).to.deep.equal(["Engineering", "Office"]);
  });
});

describe("bench: the Unified CM floor", () => {
  const { profiles } = generateCucmCustomer(3);

  it("counts one subscriber's dependent round trips from what its profile gives", () => {
    // Sales: observe, user, read back, line, desk phone, Jabber, RDP, user update, remote destination, mailbox.
    expect(cucmChainRoundTrips(profiles.Sales!, "new")).to.equal(10);
    // Office: observe, user, read back, line, desk phone, EM profile, user update, mailbox.
    expect(cucmChainRoundTrips(profiles.Office!, "new")).to.equal(8);
    expect(cucmChainRoundTrips(profiles.Engineering!, "new")).to.equal(6);
    // Moved Sales: observe, new line, 3 device updates, user update, mailbox update, old line removed, desk phone applied.
    expect(cucmChainRoundTrips(profiles.Sales!, "moved")).to.equal(9);
    expect(cucmChainRoundTrips(profiles.Engineering!, "moved")).to.equal(5);
  });

  it("is the change-notification queue's drain when the writes queued far more than the threshold", () => {
    const floor = cucmFloorOf(axlReport(7000, 6000), { axl: 12_000, cupi: 800 }, OPTIONS, 10);
    expect(floor.rateLimitSeconds).to.equal(275); // (7000 - 1500) / 20
    expect(floor.rateLimitBucket).to.equal("axl writes.changeNotifications");
    expect(floor.concurrencySeconds).to.be.closeTo(120, 1e-9); // 12,000 x 0.02 s / 2
    expect(floor.chainSeconds).to.be.closeTo(0.2, 1e-9);
    expect(floor).to.include({ seconds: 275, binding: "rate limits", concurrencyBound: "axl 2 in flight", chainRoundTrips: 10 });
  });

  it("is the AXL client's concurrency when the queue stays under its threshold", () => {
    const floor = cucmFloorOf(axlReport(1400), { axl: 3000, cupi: 100 }, OPTIONS, 10);
    expect(floor.rateLimitSeconds).to.equal(0);
    expect(floor.binding).to.equal("concurrency");
    expect(floor.seconds).to.be.closeTo(30, 1e-9);
    expect(floor.concurrencyBound).to.equal("axl 2 in flight");
    // More AXL slots: Unity Connection's 4 can bind instead.
    const wide = cucmFloorOf(axlReport(0), { axl: 1000, cupi: 1000 }, { ...OPTIONS, axlMaxInFlight: 8 }, 0);
    expect(wide.concurrencyBound).to.equal("cupi 4 in flight");
    expect(wide.seconds).to.be.closeTo(5, 1e-9);
  });

  it("is one subscriber's chain when there is almost nothing to do", () => {
    const floor = cucmFloorOf(axlReport(10), { axl: 12, cupi: 1 }, OPTIONS, 10);
    expect(floor.binding).to.equal("chain");
    expect(floor.seconds).to.be.closeTo(0.2, 1e-9);
  });
});
