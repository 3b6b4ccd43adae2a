// How often the lab writes a service's state: the pause after a write is nine times as long as
// the write took (so writing is at most a tenth of the time), and never shorter than the minimum.
import { expect } from "chai";
import fc from "fast-check";
import { MAX_WRITE_SHARE, MIN_WRITE_INTERVAL_MS, writeIntervalMs } from "../../../lab";

describe("lab state store: write interval", () => {
  it("waits the minimum after quick writes", () => {
    expect(writeIntervalMs(0)).to.equal(MIN_WRITE_INTERVAL_MS);
    expect(writeIntervalMs(5)).to.equal(MIN_WRITE_INTERVAL_MS);
  });

  it("waits nine times as long as a slow write took", () => {
    // An 18 MB state written in 200 ms is written again 1.8 s later at the earliest.
    expect(writeIntervalMs(200)).to.equal(1_800);
    expect(writeIntervalMs(1_000)).to.equal(9_000);
  });

  it("keeps writing at or under a tenth of the time, whatever a write takes", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 600_000 }), (writeMs) => {
      const share = writeMs / (writeMs + writeIntervalMs(writeMs));
      return share <= MAX_WRITE_SHARE + 1e-12 && writeIntervalMs(writeMs) >= MIN_WRITE_INTERVAL_MS;
    }));
  });
});
