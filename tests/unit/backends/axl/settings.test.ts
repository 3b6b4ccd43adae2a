// ucflow:clusters: the structured stack config value that names each cluster's AXL settings.
import { expect } from "chai";
import { axlClientOptions, passwordVariable, readClusterSettings } from "../../../../provider/backends/axl/settings";
import { AxlClient } from "../../../../provider/backends/axl/client";
import { redactText } from "../../../../provider/core/redaction";
import { configHolding, problemsOf, TEST_PEM } from "../settings-fixture";

const PEM = TEST_PEM;
const lookup = (value: unknown) => configHolding("clusters", value);

describe("AXL cluster settings (ucflow:clusters)", () => {
  it("reads each cluster, and turns it into client options", () => {
    const clusters = readClusterSettings(
      lookup({
        "cu1-cucm": { host: "cucm-pub.cu1.example.com", username: "ucflow-axl", password: "S3cret-cu1", version: "15.0", ca: PEM, maxInFlight: 3, schemaDir: "/opt/axlsqltoolkit/schema/15.0", requestTimeoutSeconds: 90 },
        lab: { host: "https://127.0.0.1:4443/axl/", username: "admin", password: "lab-password" },
      }),
      {},
    );
    expect([...clusters.keys()]).to.deep.equal(["cu1-cucm", "lab"]);
    const options = axlClientOptions(clusters.get("cu1-cucm")!);
    expect(options).to.deep.equal({
      cluster: "cu1-cucm",
      host: "cucm-pub.cu1.example.com",
      username: "ucflow-axl",
      password: "S3cret-cu1",
      version: "15.0",
      ca: PEM,
      maxInFlight: 3,
      schemaDir: "/opt/axlsqltoolkit/schema/15.0",
      requestTimeoutMs: 90_000,
    });
    expect(new AxlClient(axlClientOptions(clusters.get("lab")!)).endpoint).to.equal("https://127.0.0.1:4443/axl/");
    // Reading a password registers it for redaction.
    expect(redactText("login S3cret-cu1 failed")).to.equal("login REDACTED failed");
  });

  it("is empty when unset", () => {
    expect(readClusterSettings(() => undefined).size).to.equal(0);
  });

  it("takes the password from UCFLOW_CLUSTER_<NAME>_PASSWORD when the config has none", () => {
    expect(passwordVariable("cu1-cucm")).to.equal("UCFLOW_CLUSTER_CU1_CUCM_PASSWORD");
    const clusters = readClusterSettings(lookup({ "cu1-cucm": { host: "h", username: "u" } }), { UCFLOW_CLUSTER_CU1_CUCM_PASSWORD: "from-env-secret" });
    expect(clusters.get("cu1-cucm")!.password).to.equal("from-env-secret");
  });

  it("reads caFile", () => {
    const clusters = readClusterSettings(lookup({ c: { host: "h", username: "u", password: "pw-123456", caFile: "/etc/ucflow/cucm-ca.pem" } }), {}, (path) => {
      expect(path).to.equal("/etc/ucflow/cucm-ca.pem");
      return PEM;
    });
    expect(clusters.get("c")!.ca).to.equal(PEM);
  });

  it("reports every problem at once, each with its setting path, never the password", () => {
    const problems = problemsOf(() =>
      readClusterSettings(
        lookup({
          "bad name!": { host: "h", username: "u", password: "pw-123456" },
          c1: { username: "u", version: "11.5", maxInFlight: 40, colour: "blue", ca: "not pem", caFile: "/x" },
          c2: { host: "h", username: "u", password: { secure: "v1:abc" } },
        }),
        {},
      ),
    );
    expect(problems.join("\n")).to.include('cluster name "bad name!"');
    expect(problems).to.include.members([
      "ucflow:clusters.c1.colour is not a cluster setting; allowed: host, username, password, version, ca, caFile, maxInFlight, schemaDir, requestTimeoutSeconds",
      "ucflow:clusters.c1.host is required: the publisher's host name, or https://<publisher>:8443/axl/",
      "ucflow:clusters.c1.password is required (set it with --secret), or set UCFLOW_CLUSTER_C1_PASSWORD",
      'ucflow:clusters.c1.version must be one of 12.5, 14.0, 15.0 (or unset, to detect it); got "11.5"',
      'ucflow:clusters.c1.maxInFlight must be a whole number from 1 to 8; got "40"',
      "ucflow:clusters.c1.ca and ucflow:clusters.c1.caFile are both set; keep one",
      "ucflow:clusters.c2.password must be text",
    ]);
    expect(problems.join("\n")).not.to.include("v1:abc");
  });

  it("rejects a value that is not an object of clusters", () => {
    expect(problemsOf(() => readClusterSettings(() => "[1,2]"))[0]).to.match(/must be an object whose keys are cluster names; got a list/);
    expect(problemsOf(() => readClusterSettings(() => "{oops"))[0]).to.match(/not JSON/);
  });
});
