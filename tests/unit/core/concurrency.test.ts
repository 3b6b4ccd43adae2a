import { expect } from "chai";
import { Limiter, lockByName, NameLocks } from "../../../provider/core/concurrency";
import { ConfigurationError } from "../../../provider/core/errors";

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise<void>((r) => setImmediate(r));

describe("core concurrency", () => {
  describe("Limiter", () => {
    it("never runs more than maxInFlight tasks and starts waiters in arrival order", async () => {
      const limiter = new Limiter(3);
      const gates = Array.from({ length: 8 }, deferred);
      const started: number[] = [];
      let running = 0;
      let peak = 0;
      const all = gates.map((gate, i) =>
        limiter.run(async () => {
          started.push(i);
          running++;
          peak = Math.max(peak, running);
          await gate.promise;
          running--;
          return i;
        }),
      );
      await tick();
      expect([started, limiter.inFlight, limiter.queued]).to.deep.equal([[0, 1, 2], 3, 5]);
      gates[1].resolve();
      await tick();
      expect(started).to.deep.equal([0, 1, 2, 3]);
      for (const gate of gates) gate.resolve();
      expect(await Promise.all(all)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7]);
      expect([peak, limiter.inFlight, limiter.queued]).to.deep.equal([3, 0, 0]);
      expect(started).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 7]);
    });

    it("frees the slot when a task fails", async () => {
      const limiter = new Limiter(1);
      await limiter.run(async () => Promise.reject(new Error("boom"))).catch(() => undefined);
      expect(await limiter.run(async () => "next")).to.equal("next");
      expect(limiter.inFlight).to.equal(0);
    });

    it("rejects a limit out of range", () => {
      expect(() => new Limiter(0)).to.throw(ConfigurationError, "maxInFlight must be an integer from 1 to 256; got 0");
    });
  });

  describe("NameLocks", () => {
    it("serialises tasks under one name, runs other names alongside, and forgets released names", async () => {
      const locks = new NameLocks();
      const events: string[] = [];
      const gate = deferred();
      const first = locks.withLock("usages", async () => {
        events.push("first start");
        await gate.promise;
        events.push("first end");
      });
      const second = locks.withLock("usages", async () => {
        events.push("second start");
      });
      const other = locks.withLock("dial plans", async () => {
        events.push("other");
      });
      await other;
      await tick();
      expect(events).to.deep.equal(["first start", "other"]);
      gate.resolve();
      await Promise.all([first, second]);
      expect(events).to.deep.equal(["first start", "other", "first end", "second start"]);
      expect(locks.size).to.equal(0);
    });

    it("releases the lock when the task fails", async () => {
      const locks = new NameLocks();
      const error = await locks.withLock("x", async () => Promise.reject(new Error("boom"))).catch((e: Error) => e.message);
      expect(error).to.equal("boom");
      expect(await locks.withLock("x", async () => "after")).to.equal("after");
      expect(locks.size).to.equal(0);
    });

    it("lockByName shares one lock per name across the process", async () => {
      const order: string[] = [];
      const gate = deferred();
      const a = lockByName("test:shared", async () => {
        order.push("a");
        await gate.promise;
      });
      const b = lockByName("test:shared", async () => order.push("b"));
      await tick();
      expect(order).to.deep.equal(["a"]);
      gate.resolve();
      await Promise.all([a, b]);
      expect(order).to.deep.equal(["a", "b"]);
    });
  });
});
