// The lab's flags as LabOptions: the request log's bound (--request-log-max) and how number
// operations settle (--number-operations), each falling back to its variable.
import { expect } from "chai";
import { labOptionsFromFlags, parseNumberOperations } from "../../../lab/main";

describe("lab flags", () => {
  it("--request-log-max sets the request log's bound, falling back to UCFLOW_LAB_REQUEST_LOG_MAX", () => {
    expect(labOptionsFromFlags({ "request-log-max": "500" }, {}).requestLog).to.deep.equal({ maxEntries: 500 });
    expect(labOptionsFromFlags({}, { UCFLOW_LAB_REQUEST_LOG_MAX: "20" }).requestLog).to.deep.equal({ maxEntries: 20 });
    expect(labOptionsFromFlags({ "request-log-max": "7" }, { UCFLOW_LAB_REQUEST_LOG_MAX: "20" }).requestLog).to.deep.equal({ maxEntries: 7 });
    expect(labOptionsFromFlags({}, {}).requestLog).to.equal(undefined);
  });

  it("refuses a bound that is not a whole number of at least 1", () => {
    expect(() => labOptionsFromFlags({ "request-log-max": "0" }, {})).to.throw('--request-log-max must be a whole number from 1 to 100000000, got "0"');
    expect(() => labOptionsFromFlags({}, { UCFLOW_LAB_REQUEST_LOG_MAX: "lots" })).to.throw(/--request-log-max must be a whole number/);
  });
});

describe("lab flags: --number-operations", () => {
  it("reads KEY=VALUE pairs (retryAfterSeconds=none for no Retry-After), falling back to UCFLOW_LAB_NUMBER_OPERATIONS", () => {
    expect(labOptionsFromFlags({ "number-operations": "notStartedPolls=0, runningPolls=2,retryAfterSeconds=none" }, {}).numberOperations).to.deep.equal({ notStartedPolls: 0, runningPolls: 2, retryAfterSeconds: null });
    expect(labOptionsFromFlags({}, { UCFLOW_LAB_NUMBER_OPERATIONS: "settleAfterSeconds=5,retryAfterSeconds=1" }).numberOperations).to.deep.equal({ settleAfterSeconds: 5, retryAfterSeconds: 1 });
    expect(labOptionsFromFlags({}, {}).numberOperations).to.equal(undefined);
  });

  it("refuses unknown keys and values that are not whole numbers, naming the part", () => {
    expect(() => parseNumberOperations("polls=3")).to.throw('KEY one of notStartedPolls, runningPolls, settleAfterSeconds, retryAfterSeconds, got "polls=3"');
    expect(() => parseNumberOperations("runningPolls=-1")).to.throw('runningPolls must be a whole number, got "-1"');
    expect(() => parseNumberOperations("runningPolls=none")).to.throw('runningPolls must be a whole number, got "none"');
    expect(() => parseNumberOperations("retryAfterSeconds=soon")).to.throw("retryAfterSeconds must be a whole number or none");
  });
});
