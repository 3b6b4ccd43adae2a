// The lab's flags as LabOptions: the request log's bound from --request-log-max or its variable.
import { expect } from "chai";
import { labOptionsFromFlags } from "../../../lab/main";

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
