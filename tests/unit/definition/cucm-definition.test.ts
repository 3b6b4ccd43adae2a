// Unified CM and hybrid customer definitions: the Fabrikam example decodes as it is, and each
// platform mistake fails with a message naming the path, the value and the fix.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import { decodeCustomerDefinition, describeDefinitionProblem } from "../../../sdk/definition/customer-definition";

const FABRIKAM = parse(fs.readFileSync(path.resolve(__dirname, "../../../../examples/cucm-customer/fabrikam.yaml"), "utf8"));
const TENANT = "8f3c2a71-5b4e-4d0a-9c6f-2e1d7b9a4c35";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Definition = any;

function problemsOf(change: (d: Definition) => void): string[] {
  const definition = structuredClone(FABRIKAM);
  change(definition);
  const decoded = decodeCustomerDefinition(definition, "customer");
  if (decoded.ok) throw new Error("expected the definition to have problems, but it decoded");
  return decoded.problems.map(describeDefinitionProblem);
}

describe("customer definition: Unified CM and hybrid", () => {
  it("decodes the Fabrikam example as it is", () => {
    expect(decodeCustomerDefinition(FABRIKAM, "customer")).to.deep.equal({ ok: true, value: FABRIKAM });
  });

  it("decodes a hybrid customer: one site on Teams, one on the cluster, users from Entra ID", () => {
    const hybrid = structuredClone(FABRIKAM);
    hybrid.customer.tenantId = TENANT;
    hybrid.directory = { source: "entra" };
    delete hybrid.sites[0].cucm;
    hybrid.classesOfService.forEach((c: Definition) => {
      // On Teams a class of service's routes need SBCs, and a local calling area its own pattern.
      c.pstnGateways = ["sbc1.fabrikam.com"];
      c.numberPatterns = { local: "^\\+1214\\d{7}$" };
    });
    hybrid.numberInventory.ranges[0] = { start: "+12145550100", end: "+12145550149", site: "Cu2Si1" };
    hybrid.profiles.forEach((p: Definition) => {
      p.enterpriseVoice = true;
      p.numberType = "directRouting";
      p.quickAddGroup.licenses = [{ sku: "SPE_E5" }];
    });
    const decoded = decodeCustomerDefinition(hybrid, "customer");
    expect(decoded.ok ? "ok" : decoded.problems.map(describeDefinitionProblem)).to.equal("ok");
  });

  it("says where the users come from when there is no tenant, and that Teams users are Entra ID users", () => {
    expect(problemsOf((d) => delete d.directory)).to.deep.equal([
      'customer.directory: is required: the customer has no Entra tenant (customer.tenantId), so say where its users come from, e.g. {"source": "ldap"} or {"source": "cucm"}',
    ]);
    const problems = problemsOf((d) => {
      delete d.sites[1].cucm;
    });
    expect(problems).to.include(
      'customer.directory.source: is "ldap", but the customer has sites on Teams, whose subscribers are Entra ID users: use source "entra" (Unified CM sites then take the same users), or put every site on a cluster',
    );
    expect(problems.some((p) => p.startsWith("customer.customer.tenantId: is required: site Cu2Si2 is on Teams"))).to.equal(true);
  });

  it("reads a cluster's end users from a named cluster only", () => {
    expect(problemsOf((d) => (d.directory = { source: "cucm", cluster: "Cluster9" }))).to.deep.equal([
      'customer.directory.cluster: "Cluster9" is not the name of a cluster in this definition; the clusters are Cluster1',
    ]);
    expect(problemsOf((d) => (d.directory = { source: "cucm", ldapFilter: "(uid=*)" }))).to.deep.equal(['customer.directory.ldapFilter: applies to source "ldap" only; the source is "cucm"']);
  });

  it("refuses an LDAP filter that is not RFC 4515 text, before the directory is read", () => {
    expect(problemsOf((d) => (d.directory.ldapFilter = "(employeeType=Employee"))).to.deep.equal([
      'customer.directory.ldapFilter: "(employeeType=Employee" is not an RFC 4515 LDAP filter: at position 22, expected ")" but found the end; ' +
        "write one RFC 4515 filter in parentheses, e.g. (employeeType=Employee) or (&(employeeType=Employee)(!(title=Contractor)))",
    ]);
  });

  it("refuses an unknown cluster, a mobile class on the NANP and extensions of the wrong length, all at once", () => {
    const problems = problemsOf((d) => {
      d.sites[1].cucm.cluster = "Cluster2";
      d.classesOfService[1].allows.push("mobile");
      d.numberInventory.ranges[0].end = "40059";
      d.numberInventory.ranges[0].start = "40000";
    });
    expect(problems).to.have.length(3);
    expect(problems.join("\n")).to.match(/customer\.classesOfService\[1\]\.allows \(class of service Cu2-International\): allows mobile calls on cluster Cluster1, but in the North American Numbering Plan mobile numbers share area codes/);
    expect(problems.join("\n")).to.include('customer.sites[1].cucm.cluster (site Cu2Si2): "Cluster2" is not the name of a cluster in this definition');
    expect(problems.join("\n")).to.include("40000 to 40059 has 5 digits, but site Cu2Si1's cluster Cluster1 dials 4-digit extensions (clusters[].dialPlan.extensionLength)");
  });

  it("refuses a route pattern override with the access code in it", () => {
    const problems = problemsOf((d) => (d.clusters[0].dialPlan.routePatterns = { local: ["9.[2-9]XXXXXX"] }));
    expect(problems).to.deep.equal([
      'customer.clusters[0].dialPlan.routePatterns.local[0] (cluster Cluster1): must be digits and Unified CM wildcards (X, !, #, [2-9], ranges), without the access code and its dot, e.g. [2-9]XX[2-9]XXXXXX; got "9.[2-9]XXXXXX"',
    ]);
  });
});

describe("customer definition: the hybrid example", () => {
  it("decodes examples/hybrid-customer/contoso-hybrid.yaml as it is", () => {
    const hybrid = parse(fs.readFileSync(path.resolve(__dirname, "../../../../examples/hybrid-customer/contoso-hybrid.yaml"), "utf8"));
    const decoded = decodeCustomerDefinition(hybrid, "customer");
    expect(decoded.ok ? "ok" : decoded.problems.map(describeDefinitionProblem)).to.equal("ok");
  });
});
