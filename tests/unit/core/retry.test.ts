import { expect } from "chai";
import fc from "fast-check";
import { ConfigurationError } from "../../../provider/core/errors";
import { backoffDelay, decideRetry, parseRetryAfter, type RetryAttempt, RetryPolicy, withRetries } from "../../../provider/core/retry";
import { classifyTransportFailure } from "../../../provider/core/transport-failure";
import { FakeClock, fixedRandom } from "./fake-clock";

const NOW = Date.UTC(2026, 0, 1, 0, 0, 0);
const policy = new RetryPolicy();
const base: RetryAttempt = { attempt: 1, idempotent: true, nowMs: NOW, waitedMs: 0 };
const half = () => 0.5;

describe("core retry", () => {
  describe("RetryPolicy", () => {
    it("has bounded defaults", () => {
      expect({ ...new RetryPolicy() }).to.deep.equal({ maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 30000, maxRetryAfterMs: 180000, maxTotalWaitMs: 300000 });
    });

    it("rejects limits out of range, naming each", () => {
      expect(() => new RetryPolicy({ maxAttempts: 0, baseDelayMs: 2000, maxDelayMs: 1000, maxTotalWaitMs: 1.5 }))
        .to.throw(ConfigurationError)
        .with.property("problems")
        .that.deep.equals([
          "maxAttempts must be an integer from 1 to 10; got 0",
          "maxDelayMs must be an integer from 2000 to 300000; got 1000",
          "maxTotalWaitMs must be an integer from 0 to 1800000; got 1.5",
        ]);
    });
  });

  describe("decideRetry", () => {
    const cases: [string, Partial<RetryAttempt>, ReturnType<typeof decideRetry>][] = [
      ["429 with Retry-After seconds, even for a POST", { statusCode: 429, retryAfter: "2", idempotent: false }, { retry: true, delayMs: 2000, reason: "status 429; attempt 2 of 5 after 2000 ms (Retry-After)" }],
      ["503 with an HTTP-date", { statusCode: 503, retryAfter: "Thu, 01 Jan 2026 00:00:07 GMT", idempotent: false }, { retry: true, delayMs: 7000, reason: "status 503; attempt 2 of 5 after 7000 ms (Retry-After)" }],
      ["an HTTP-date in the past means now", { statusCode: 503, retryAfter: "Wed, 31 Dec 2025 23:59:00 GMT" }, { retry: true, delayMs: 0, reason: "status 503; attempt 2 of 5 after 0 ms (Retry-After)" }],
      ["Retry-After: 0", { statusCode: 429, retryAfter: "0" }, { retry: true, delayMs: 0, reason: "status 429; attempt 2 of 5 after 0 ms (Retry-After)" }],
      ["504 with Retry-After for a GET", { statusCode: 504, retryAfter: "3" }, { retry: true, delayMs: 3000, reason: "status 504; attempt 2 of 5 after 3000 ms (Retry-After)" }],
      ["504 for a POST: it may have been processed", { statusCode: 504, idempotent: false }, { retry: false, reason: "status 504 does not say the request was not processed, and it is not idempotent" }],
      ["500 for a POST", { statusCode: 500, idempotent: false }, { retry: false, reason: "status 500 does not say the request was not processed, and it is not idempotent" }],
      ["500 for a GET backs off, ignoring Retry-After", { statusCode: 500, retryAfter: "9" }, { retry: true, delayMs: 750, reason: "status 500; attempt 2 of 5 after 750 ms (backoff)" }],
      ["429 without Retry-After backs off", { statusCode: 429, attempt: 3 }, { retry: true, delayMs: 3000, reason: "status 429; attempt 4 of 5 after 3000 ms (backoff)" }],
      ["an unreadable Retry-After backs off", { statusCode: 429, retryAfter: "soon" }, { retry: true, delayMs: 750, reason: "status 429; attempt 2 of 5 after 750 ms (backoff)" }],
      ["400 is final", { statusCode: 400 }, { retry: false, reason: "status 400 is not transient" }],
      ["404 is final", { statusCode: 404 }, { retry: false, reason: "status 404 is not transient" }],
      ["200 is final", { statusCode: 200 }, { retry: false, reason: "status 200 is final" }],
      ["the last attempt", { statusCode: 429, retryAfter: "1", attempt: 5 }, { retry: false, reason: "gave up after 5 attempts" }],
      ["a Retry-After over the limit", { statusCode: 429, retryAfter: "200" }, { retry: false, reason: "the server asked to wait 200 s, more than the 180 s limit" }],
      ["the total wait limit", { statusCode: 429, retryAfter: "2", waitedMs: 299_000 }, { retry: false, reason: "waiting 2 s more would pass the 300 s total wait limit" }],
      ["a connection never made, even for a POST", { failure: "not-sent", idempotent: false }, { retry: true, delayMs: 750, reason: "not-sent; attempt 2 of 5 after 750 ms (backoff)" }],
      ["no response for a POST", { failure: "no-response", idempotent: false }, { retry: false, reason: "no response arrived, the server may have processed it, and it is not idempotent" }],
      ["no response for a GET", { failure: "no-response" }, { retry: true, delayMs: 750, reason: "no-response; attempt 2 of 5 after 750 ms (backoff)" }],
      ["a TLS failure", { failure: "tls" }, { retry: false, reason: "tls failures are not transient" }],
      ["a cancellation", { failure: "aborted" }, { retry: false, reason: "aborted failures are not transient" }],
    ];
    for (const [name, attempt, expected] of cases) {
      it(name, () => {
        expect(decideRetry({ ...base, ...attempt }, policy, half)).to.deep.equal(expected);
      });
    }

    it("backs off exponentially with jitter in the upper half, capped", () => {
      const wide = new RetryPolicy({ maxAttempts: 10 });
      expect([1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelay(attempt, wide, () => 0))).to.deep.equal([500, 1000, 2000, 4000, 8000, 15000, 15000]);
      expect([1, 2, 3, 6].map((attempt) => backoffDelay(attempt, wide, () => 0.999999))).to.deep.equal([1000, 2000, 4000, 30000]);
    });

    it("property: a backoff wait is within [ceiling/2, ceiling] and never above maxDelayMs", () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 9 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 0, max: 5000 }), (attempt, r, baseDelayMs) => {
          const p = new RetryPolicy({ maxAttempts: 10, baseDelayMs, maxDelayMs: Math.max(baseDelayMs, 20_000) });
          const ceiling = Math.min(p.maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
          const delay = backoffDelay(attempt, p, () => r);
          return delay >= Math.floor(ceiling / 2) && delay <= ceiling && delay <= p.maxDelayMs;
        }),
      );
    });

    it("property: a request that is not idempotent is never repeated after a status that may mean it was processed", () => {
      fc.assert(
        fc.property(fc.constantFrom(408, 500, 502, 504), fc.integer({ min: 1, max: 4 }), fc.option(fc.constantFrom("0", "1", "5")), (statusCode, attempt, retryAfter) => {
          return decideRetry({ ...base, attempt, statusCode, retryAfter, idempotent: false }, policy, Math.random).retry === false;
        }),
      );
    });

    it("property: a retry never makes the total wait pass its limit", () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 400_000 }), fc.constantFrom(429, 503, 500), fc.option(fc.integer({ min: 0, max: 200 }).map(String)), (waitedMs, statusCode, retryAfter) => {
          const decision = decideRetry({ ...base, waitedMs, statusCode, retryAfter }, policy, Math.random);
          return !decision.retry || waitedMs + decision.delayMs <= policy.maxTotalWaitMs;
        }),
      );
    });
  });

  it("parseRetryAfter reads seconds and HTTP-dates", () => {
    expect([
      parseRetryAfter("120", NOW),
      parseRetryAfter(" 1.5 ", NOW),
      parseRetryAfter("Thu, 01 Jan 2026 00:01:00 GMT", NOW),
      parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", NOW),
      parseRetryAfter("-1", NOW),
      parseRetryAfter("", NOW),
      parseRetryAfter(null, NOW),
      parseRetryAfter(undefined, NOW),
    ]).to.deep.equal([120000, 1500, 60000, 0, undefined, undefined, undefined, undefined]);
  });

  describe("withRetries", () => {
    interface Reply {
      readonly status: number;
      readonly retryAfter: string | null;
    }
    const loop = (clock: FakeClock, idempotent: boolean, discarded: Reply[] = []) => ({
      policy,
      idempotent,
      clock,
      random: fixedRandom(0.5),
      inspect: (r: Reply) => ({ statusCode: r.status, retryAfter: r.retryAfter }),
      discard: async (r: Reply) => {
        discarded.push(r);
      },
      classify: classifyTransportFailure,
    });

    it("waits exactly as the server says, else backs off, and returns the final response", async () => {
      const clock = new FakeClock();
      const replies: Reply[] = [
        { status: 429, retryAfter: "1" },
        { status: 503, retryAfter: null },
        { status: 200, retryAfter: null },
      ];
      const discarded: Reply[] = [];
      const attempts: number[] = [];
      const result = await withRetries(async (attempt) => {
        attempts.push(attempt);
        return replies[attempt - 1];
      }, loop(clock, false, discarded));
      expect(result).to.equal(replies[2]);
      expect(attempts).to.deep.equal([1, 2, 3]);
      expect(clock.sleeps).to.deep.equal([1000, 1500]);
      expect(discarded).to.deep.equal([replies[0], replies[1]]);
    });

    it("returns the last error response when attempts run out", async () => {
      const clock = new FakeClock();
      let sent = 0;
      const result = await withRetries(async () => ({ status: 429, retryAfter: String(++sent) }), loop(clock, true));
      expect(result).to.deep.equal({ status: 429, retryAfter: "5" });
      expect(clock.sleeps).to.deep.equal([1000, 2000, 3000, 4000]);
    });

    it("repeats a GET after a reset connection, then rethrows the last failure", async () => {
      const clock = new FakeClock();
      const reset = () => new TypeError("fetch failed", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) });
      let sent = 0;
      const error = await withRetries(async () => {
        sent++;
        throw reset();
      }, loop(clock, true)).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(TypeError);
      expect(sent).to.equal(5);
      expect(clock.sleeps).to.deep.equal([750, 1500, 3000, 6000]);
    });

    it("does not repeat a POST after a reset connection", async () => {
      const clock = new FakeClock();
      let sent = 0;
      const error = await withRetries(async () => {
        sent++;
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) });
      }, loop(clock, false)).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(TypeError);
      expect([sent, clock.sleeps.length]).to.deep.equal([1, 0]);
    });

    it("rethrows at once what is not a transport failure", async () => {
      const clock = new FakeClock();
      let sent = 0;
      const bug = new RangeError("bug");
      const error = await withRetries(async () => {
        sent++;
        throw bug;
      }, { ...loop(clock, true), classify: () => undefined }).catch((e: unknown) => e);
      expect([error, sent]).to.deep.equal([bug, 1]);
    });
  });
});
