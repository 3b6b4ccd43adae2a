import { expect } from "chai";
import { errorFromThrown, NotFoundError, UcflowError } from "../../../provider/core/errors";
import { isUnansweredWrite, type ObservedWrite, writeObserved } from "../../../provider/core/unanswered-writes";

const context = { backend: "graph", operation: "assigning number", object: "+13125550100 to u1" } as const;
const reset = () => errorFromThrown(new TypeError("fetch failed", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) }), context);
const status = (statusCode: number) => new UcflowError(context, { statusCode });

/** A write that fails with `failures` in turn, then succeeds with "done"; and reads answering `reads` in turn. */
function script(failures: Error[], reads: ObservedWrite<string>[]) {
  const calls: string[] = [];
  return {
    calls,
    write: async () => {
      calls.push("write");
      const failure = failures.shift();
      if (failure) throw failure;
      return "done";
    },
    observe: async () => {
      calls.push("read");
      const read = reads.shift();
      if (!read) throw new Error("no read scripted");
      return read;
    },
  };
}

describe("unanswered writes", () => {
  it("a lost answer is a reset, a timed-out operation, 500, 502 or 504; not 503, 429, 404 or a TLS failure", () => {
    const tls = errorFromThrown(new TypeError("fetch failed", { cause: Object.assign(new Error("bad cert"), { code: "CERT_HAS_EXPIRED" }) }), context);
    expect([reset(), status(500), status(502), status(504), new UcflowError(context, { code: "OperationTimeout" })].map(isUnansweredWrite)).to.deep.equal([true, true, true, true, true]);
    expect([status(503), status(429), new NotFoundError(context, { statusCode: 404 }), tls, new Error("plain")].map(isUnansweredWrite)).to.deep.equal([false, false, false, false, false]);
  });

  it("after a reset, a read that finds the write applied is success, with what the read found", async () => {
    const s = script([reset()], [{ applied: true, result: "found" }]);
    expect(await writeObserved(s)).to.equal("found");
    expect(s.calls).to.deep.equal(["write", "read"]);
  });

  it("after a reset, a read that finds nothing sends the write again", async () => {
    const s = script([reset()], [{ applied: false }]);
    expect(await writeObserved(s)).to.equal("done");
    expect(s.calls).to.deep.equal(["write", "read", "write"]);
  });

  it("is bounded: after `attempts` unanswered writes, the last error", async () => {
    const last = status(504);
    const s = script([reset(), status(502), last], [{ applied: false }, { applied: false }, { applied: false }]);
    expect(await writeObserved(s).catch((e: unknown) => e)).to.equal(last);
    expect(s.calls).to.deep.equal(["write", "read", "write", "read", "write", "read"]);
  });

  it("a conflict or a failed read throws the write's error; other errors are not read after", async () => {
    const first = reset();
    expect(await writeObserved(script([first], [{ applied: "conflict" }])).catch((e: unknown) => e)).to.equal(first);
    const second = status(502);
    expect(await writeObserved(script([second], [])).catch((e: unknown) => e)).to.equal(second);
    const refused = status(400);
    const s = script([refused], []);
    expect(await writeObserved(s).catch((e: unknown) => e)).to.equal(refused);
    expect(s.calls).to.deep.equal(["write"]);
  });
});
