// Writes after a lost answer (a connection reset): an add is followed by a read and sent again
// only when the read finds nothing; an update is sent again (both bounded); a removal is done when the
// object is gone. Plain callbacks stand in for the AXL and CUPI calls.
import { expect } from "chai";
import { AlreadyExistsError, NotFoundError, TransportError, UcflowError } from "../../../../provider/core/errors";
import { addOnce, MAX_SENDS_AFTER_LOST_ANSWERS, removeOnce, repeatable } from "../../../../provider/resources/cucm/repeat-safe-writes";

const context = { backend: "axl" as const, operation: "adding route partition", object: "Cu2-DN-PT" };
const reset = () => new TransportError(context, { detail: "no response (ECONNRESET): socket hang up", retryable: true });

/** A call that answers with `outcomes` in turn: a value, or an error to throw. */
function scripted<T>(outcomes: readonly (T | Error)[]): { call: () => Promise<T>; calls: () => number } {
  let n = 0;
  return {
    call: async () => {
      const outcome = outcomes[Math.min(n++, outcomes.length - 1)] as T | Error;
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
    calls: () => n,
  };
}

describe("writes that are safe to repeat", () => {
  describe("addOnce", () => {
    it("an add whose answer was lost after it ran is read back, not sent again", async () => {
      const add = scripted<string>([reset()]);
      const read = scripted([{ uuid: "{A}", description: "[ucflow:Cu2]" }]);
      expect(await addOnce(add.call, read.call, (r) => r.description.endsWith("[ucflow:Cu2]"))).to.equal("{A}");
      expect([add.calls(), read.calls()]).to.deep.equal([1, 1]);
    });

    it("an add lost before it ran is sent once more after the read found nothing", async () => {
      const add = scripted<string>([reset(), "{B}"]);
      const read = scripted<{ uuid: string } | undefined>([undefined]);
      expect(await addOnce(add.call, read.call, () => true)).to.equal("{B}");
      expect([add.calls(), read.calls()]).to.deep.equal([2, 1]);
    });

    it("the answer of the add sent again is lost too: it is read back again, not left on the server unrecorded", async () => {
      const add = scripted<string>([reset(), reset()]);
      const read = scripted<{ uuid: string } | undefined>([undefined, { uuid: "{F}" }]);
      expect(await addOnce(add.call, read.call, () => true)).to.equal("{F}");
      expect([add.calls(), read.calls()]).to.deep.equal([2, 2]);
    });

    it("lost answers are bounded: the third is the caller's error, after three adds each followed by a read", async () => {
      const add = scripted<string>([reset(), reset(), reset(), "{never}"]);
      const read = scripted<{ uuid: string } | undefined>([undefined]);
      const error = await addOnce(add.call, read.call, () => true).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(TransportError);
      expect([add.calls(), read.calls()]).to.deep.equal([MAX_SENDS_AFTER_LOST_ANSWERS, MAX_SENDS_AFTER_LOST_ANSWERS]);
      const third = scripted<string>([reset(), reset(), "{E}"]);
      expect(await addOnce(third.call, scripted<{ uuid: string } | undefined>([undefined]).call, () => true)).to.equal("{E}");
    });

    it("an object under the name that is not ours is refused with the add's error, not taken", async () => {
      const exists = new AlreadyExistsError(context, { code: "4052", detail: "exists" });
      const read = scripted([{ uuid: "{C}", description: "by hand" }]);
      expect(await addOnce(scripted<string>([exists]).call, read.call, (r) => r.description.endsWith("[ucflow:Cu2]")).catch((e: unknown) => e)).to.equal(exists);
      const lost = reset();
      expect(await addOnce(scripted<string>([lost]).call, read.call, (r) => r.description.endsWith("[ucflow:Cu2]")).catch((e: unknown) => e)).to.equal(lost);
    });

    it("a fault that is neither is thrown at once, with no read", async () => {
      const fault = new UcflowError(context, { statusCode: 500, code: "5003", detail: "bad value" });
      const read = scripted([{ uuid: "{D}" }]);
      expect(await addOnce(scripted<string>([fault]).call, read.call, () => true).catch((e: unknown) => e)).to.equal(fault);
      expect(read.calls()).to.equal(0);
    });
  });

  it("repeatable sends an update again after a lost answer, three sends at most", async () => {
    const twice = scripted<void>([reset(), undefined]);
    await repeatable(twice.call);
    expect(twice.calls()).to.equal(2);
    const never = scripted<void>([reset()]);
    expect(await repeatable(never.call).catch((e: unknown) => e)).to.be.instanceOf(TransportError);
    expect(never.calls()).to.equal(MAX_SENDS_AFTER_LOST_ANSWERS);
    const refused = new UcflowError(context, { statusCode: 500, code: "5003", detail: "bad value" });
    const once = scripted<void>([refused]);
    expect(await repeatable(once.call).catch((e: unknown) => e)).to.equal(refused);
    expect(once.calls(), "a fault is not sent again").to.equal(1);
  });

  it("removeOnce is done when the object is gone, also when the lost answer was the removal's", async () => {
    const removed = scripted<void>([reset(), new NotFoundError(context, { code: "5007" })]);
    await removeOnce(removed.call);
    expect(removed.calls()).to.equal(2);
    const inUse = new UcflowError(context, { statusCode: 500, code: "-2147483648", detail: "still referenced" });
    expect(await removeOnce(scripted<void>([inUse]).call).catch((e: unknown) => e)).to.equal(inUse);
  });
});
