import { expect } from "chai";
import { waitFor } from "../../../provider/core/consistency";
import { ConfigurationError, isUcflowError, NotFoundError, UcflowError } from "../../../provider/core/errors";
import { FakeClock } from "./fake-clock";

const context = { backend: "graph", operation: "waiting for license", preposition: "of", object: "alice@contoso.com" } as const;
const notFound = () => new NotFoundError(context, { statusCode: 404 });

/** A probe that plays `outcomes` in order: true/false, or an error to throw. */
function scripted(outcomes: (boolean | Error)[]): () => Promise<boolean> {
  let i = 0;
  return async () => {
    const outcome = outcomes[Math.min(i++, outcomes.length - 1)];
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
}

describe("core consistency waitFor", () => {
  it("treats 404 as not yet and needs the given number of agreeing reads in a row", async () => {
    const clock = new FakeClock();
    const result = await waitFor(scripted([notFound(), false, true, true, true]), { context, consecutive: 3, minIntervalMs: 1000, maxIntervalMs: 10_000, clock });
    expect(result).to.deep.equal({ reads: 5, elapsedMs: 5000 });
    // Not yet: 1 s, then 2 s (doubling); agreeing: 1 s between reads.
    expect(clock.sleeps).to.deep.equal([1000, 2000, 1000, 1000]);
  });

  it("starts counting again when a read disagrees", async () => {
    const clock = new FakeClock();
    const result = await waitFor(scripted([true, true, false, true, true, true]), { context, consecutive: 3, minIntervalMs: 1000, clock });
    expect(result.reads).to.equal(6);
    expect(clock.sleeps).to.deep.equal([1000, 1000, 1000, 1000, 1000]);
  });

  it("defaults to five agreeing reads in a row", async () => {
    const clock = new FakeClock();
    const result = await waitFor(scripted([true]), { context, minIntervalMs: 10, clock });
    expect(result).to.deep.equal({ reads: 5, elapsedMs: 40 });
  });

  it("gives up with a retryable error before passing the timeout", async () => {
    const clock = new FakeClock();
    const error = await waitFor(scripted([false]), { context, timeoutMs: 10_000, minIntervalMs: 1000, maxIntervalMs: 4000, clock }).catch((e: unknown) => e);
    expect(clock.sleeps).to.deep.equal([1000, 2000, 4000]);
    expect(isUcflowError(error) && error.retryable).to.equal(true);
    expect((error as Error).message).to.equal(
      "graph: waiting for license of alice@contoso.com: ConsistencyTimeout: not consistent after 7 s: 0 of 5 reads in a row agreed (last read: did not agree, 4 reads)",
    );
  });

  it("ends the wait on any other error", async () => {
    const clock = new FakeClock();
    const denied = new UcflowError(context, { statusCode: 403, code: "Authorization_RequestDenied" });
    const error = await waitFor(scripted([false, denied]), { context, clock }).catch((e: unknown) => e);
    expect(error).to.equal(denied);
    expect(clock.sleeps).to.deep.equal([1000]);
  });

  it("rejects options out of range", async () => {
    const error = await waitFor(scripted([true]), { context, consecutive: 0, minIntervalMs: 5000, maxIntervalMs: 1000 }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems).to.deep.equal(["maxIntervalMs must be an integer from 5000 to 300000; got 1000", "consecutive must be an integer from 1 to 20; got 0"]);
  });
});
