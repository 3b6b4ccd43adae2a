// Token-bucket arithmetic with a fake clock (milliseconds passed in): refill rate, capacity,
// Retry-After rounding, limit changes, and all-or-nothing charges across several buckets.
import { expect } from "chai";
import fc from "fast-check";
import { chargeAll, limitPerWindow, TokenBucket } from "../../../lab";

describe("lab throttling: token bucket (fake clock)", () => {
  it("states a limit per window as capacity and refill per second", () => {
    expect(limitPerWindow(3_000, 150)).to.deep.equal({ capacity: 3_000, refillPerSecond: 20 });
    expect(limitPerWindow(5_000, 10)).to.deep.equal({ capacity: 5_000, refillPerSecond: 500 });
    expect(() => limitPerWindow(0, 10)).to.throw(RangeError);
  });

  it("starts full, takes units, and refills continuously up to the capacity", () => {
    const bucket = new TokenBucket("writes", limitPerWindow(10, 10), 0);
    expect(bucket.available(0)).to.equal(10);
    for (let i = 0; i < 10; i++) {
      expect(bucket.check(1, 0).ok).to.equal(true);
      bucket.take(1, 0);
    }
    expect(bucket.check(1, 0)).to.deep.equal({ ok: false, retryAfterSeconds: 1, available: 0 });
    expect(bucket.available(500)).to.be.closeTo(0.5, 1e-9);
    expect(bucket.check(1, 1_000).ok).to.equal(true);
    expect(bucket.available(60_000)).to.equal(10);
  });

  it("says how many whole seconds until a refused cost fits", () => {
    const bucket = new TokenBucket("ru", limitPerWindow(100, 10), 0); // 10 per second
    bucket.take(100, 0);
    expect(bucket.check(1, 0)).to.include({ ok: false, retryAfterSeconds: 1 });
    expect(bucket.check(25, 0)).to.include({ ok: false, retryAfterSeconds: 3 });
    expect(bucket.check(25, 2_000)).to.include({ ok: false, retryAfterSeconds: 1 });
    expect(bucket.check(25, 2_500).ok).to.equal(true);
  });

  it("counts a cost above the capacity as the capacity, so it passes once the bucket is full", () => {
    const bucket = new TokenBucket("tiny", limitPerWindow(2, 1), 0);
    expect(bucket.check(5, 0).ok).to.equal(true);
    bucket.take(5, 0);
    expect(bucket.report(0)).to.include({ consumed: 2, available: 0 });
    expect(bucket.check(5, 0)).to.include({ ok: false, retryAfterSeconds: 1 });
  });

  it("keeps what it holds, up to the new capacity, when the limit changes", () => {
    const bucket = new TokenBucket("ru", limitPerWindow(3_500, 10), 0);
    bucket.take(1_000, 0);
    bucket.setLimit(limitPerWindow(8_000, 10), 0);
    expect(bucket.available(0)).to.equal(2_500);
    expect(bucket.available(1_000)).to.equal(3_300);
    bucket.setLimit(limitPerWindow(1_000, 10), 1_000);
    expect(bucket.available(1_000)).to.equal(1_000);
  });

  it("reports consumed units and throttled requests, and resets them", () => {
    const bucket = new TokenBucket("writes", limitPerWindow(2, 60), 0);
    expect(chargeAll([{ bucket, cost: 1 }], 0).ok).to.equal(true);
    expect(chargeAll([{ bucket, cost: 1 }], 0).ok).to.equal(true);
    expect(chargeAll([{ bucket, cost: 1 }], 0).ok).to.equal(false);
    expect(bucket.report(0)).to.deep.equal({ name: "writes", capacity: 2, refillPerSecond: 2 / 60, consumed: 2, throttled: 1, available: 0 });
    bucket.resetCounters(0);
    expect(bucket.report(0)).to.deep.include({ consumed: 0, throttled: 0, available: 2 });
  });

  it("charges several buckets all or nothing, naming the one that frees up last", () => {
    const units = new TokenBucket("resourceUnits", limitPerWindow(100, 10), 0);
    const writes = new TokenBucket("writes", limitPerWindow(1, 150), 0);
    expect(chargeAll([{ bucket: units, cost: 1 }, { bucket: writes, cost: 1 }], 0).ok).to.equal(true);
    const refused = chargeAll([{ bucket: units, cost: 1 }, { bucket: writes, cost: 1 }], 0);
    expect(refused.ok).to.equal(false);
    if (!refused.ok) {
      expect(refused.refusedBy).to.equal(writes);
      expect(refused.retryAfterSeconds).to.equal(150);
    }
    // Nothing was taken from the bucket that had room.
    expect(units.report(0)).to.include({ consumed: 1, throttled: 0 });
    expect(writes.report(0)).to.include({ consumed: 1, throttled: 1 });
  });

  it("never lets more than the capacity plus the refill through in any stretch of time", () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 200 }), (gaps) => {
      const limit = limitPerWindow(20, 2);
      const bucket = new TokenBucket("b", limit, 0);
      let now = 0;
      let passed = 0;
      for (const gap of gaps) {
        now += gap;
        if (chargeAll([{ bucket, cost: 1 }], now).ok) passed += 1;
      }
      return passed <= limit.capacity + (now / 1000) * limit.refillPerSecond + 1e-6;
    }));
  });
});
