// Which customers `ucflow demo --customer` runs, and the engine counts it reports after up.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { DEMO_CUSTOMERS, demoCustomersNamed } from "../../../lab/demo-customers";
import { changeCounts } from "../../../lab/demo-stack";

const REPOSITORY = path.resolve(__dirname, "../../../..");

describe("ucflow demo's customers", () => {
  it("runs every demo customer by default, Teams first, each from an example's definition file", () => {
    expect(demoCustomersNamed([]).map((c) => c.name)).to.deep.equal(["contoso", "fabrikam"]);
    for (const customer of DEMO_CUSTOMERS) expect(fs.existsSync(path.join(REPOSITORY, customer.definitionFile)), customer.definitionFile).to.equal(true);
  });

  it("runs the named ones in the order given, each once", () => {
    expect(demoCustomersNamed(["fabrikam", "contoso", "fabrikam"]).map((c) => c.name)).to.deep.equal(["fabrikam", "contoso"]);
  });

  it("refuses a name that is not a demo customer, naming the ones there are", () => {
    expect(() => demoCustomersNamed(["northwind"])).to.throw('--customer "northwind" is not a demo customer; the demo customers are contoso and fabrikam');
  });
});

describe("ucflow demo's up summary", () => {
  it("takes the counts from the summary event of pulumi up --json, without the unchanged", () => {
    const stream = [
      '{"sequence":1,"preludeEvent":{"config":{}}}',
      '{"sequence":9,"summaryEvent":{"resourceChanges":{"create":57,"same":1,"update":0}}}',
      "",
    ].join("\n");
    expect(changeCounts(stream)).to.deep.equal({ create: 57 });
  });

  it("fails when the stream has no summary event", () => {
    expect(() => changeCounts('{"sequence":1,"preludeEvent":{}}\n')).to.throw("pulumi up printed no summary event");
  });
});
