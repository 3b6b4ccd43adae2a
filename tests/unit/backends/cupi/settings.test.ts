// ucflow:unityConnections: the structured stack config value that names each Unity Connection
// server's CUPI settings, read like ucflow:clusters.
import { expect } from "chai";
import { CupiClient } from "../../../../provider/backends/cupi/client";
import { cupiClientOptions, readUnityConnectionSettings, unityConnectionPasswordVariable } from "../../../../provider/backends/cupi/settings";
import { redactText } from "../../../../provider/core/redaction";
import { configHolding, problemsOf, TEST_PEM } from "../settings-fixture";
import { cupiClientFromSettings } from "../../../../provider/resources/cupi-session";

const PEM = TEST_PEM;
const lookup = (value: unknown) => configHolding("unityConnections", value);

describe("Unity Connection settings (ucflow:unityConnections)", () => {
  it("reads each server by host or base URL, and turns it into client options", () => {
    const servers = readUnityConnectionSettings(
      lookup({
        cuc1: { host: "cuc1.cu1.example.com", username: "ucflow-cupi", password: "S3cret-cuc1", ca: PEM, maxInFlight: 6, requestTimeoutSeconds: 30 },
        lab: { baseUrl: "https://127.0.0.1:4444", username: "ucflow-cupi", password: "lab-password" },
      }),
      {},
    );
    expect([...servers.keys()]).to.deep.equal(["cuc1", "lab"]);
    expect(cupiClientOptions(servers.get("cuc1")!)).to.deep.equal({
      server: "cuc1",
      baseUrl: "https://cuc1.cu1.example.com/",
      username: "ucflow-cupi",
      password: "S3cret-cuc1",
      maxInFlight: 6,
      ca: PEM,
      requestTimeoutMs: 30_000,
    });
    expect(new CupiClient(cupiClientOptions(servers.get("lab")!)).baseUrl).to.equal("https://127.0.0.1:4444/");
    expect(cupiClientOptions(servers.get("lab")!).maxInFlight).to.equal(4);
    expect(redactText("login S3cret-cuc1 failed")).to.equal("login REDACTED failed");
  });

  it("takes the password from UCFLOW_UNITY_CONNECTION_<NAME>_PASSWORD when the config has none", () => {
    expect(unityConnectionPasswordVariable("cuc-1")).to.equal("UCFLOW_UNITY_CONNECTION_CUC_1_PASSWORD");
    const servers = readUnityConnectionSettings(lookup({ "cuc-1": { host: "h.example.com", username: "u" } }), { UCFLOW_UNITY_CONNECTION_CUC_1_PASSWORD: "from-env-secret" });
    expect(servers.get("cuc-1")!.password).to.equal("from-env-secret");
  });

  it("reads caFile", () => {
    const servers = readUnityConnectionSettings(lookup({ c: { host: "h", username: "u", password: "pw-123456", caFile: "/etc/ucflow/cuc-ca.pem" } }), {}, (path) => {
      expect(path).to.equal("/etc/ucflow/cuc-ca.pem");
      return PEM;
    });
    expect(servers.get("c")!.ca).to.equal(PEM);
  });

  it("reports every problem at once, each with its setting path, never the password", () => {
    const problems = problemsOf(() =>
      readUnityConnectionSettings(
        lookup({
          a: { host: "https://cuc1.example.com/", username: "u", password: "pw-1234567" },
          b: { baseUrl: "http://cuc1.example.com/vmrest", password: { secure: "v1:abc" }, maxInFlight: 0, colour: "blue" },
          c: { host: "h", baseUrl: "https://h/", username: "u", password: "pw-7654321" },
        }),
        {},
      ),
    );
    expect(problems).to.include.members([
      "ucflow:unityConnections.a.host must be a host name (and port), e.g. cuc1.example.com; for a URL use ucflow:unityConnections.a.baseUrl",
      "ucflow:unityConnections.b.colour is not a Unity Connection server setting; allowed: host, baseUrl, username, password, ca, caFile, maxInFlight, requestTimeoutSeconds",
      "ucflow:unityConnections.b.username is required: an account that may provision users (System Administrator)",
      "ucflow:unityConnections.b.password must be text",
      "ucflow:unityConnections.b.password is required (set it with --secret), or set UCFLOW_UNITY_CONNECTION_B_PASSWORD",
      'ucflow:unityConnections.b.maxInFlight must be a whole number from 1 to 32; got "0"',
      "ucflow:unityConnections.c.host and ucflow:unityConnections.c.baseUrl are both set; keep one",
    ]);
    expect(problems.join("\n")).not.to.include("v1:abc");
    const url = problemsOf(() => readUnityConnectionSettings(lookup({ d: { baseUrl: "http://cuc1.example.com/vmrest", username: "u", password: "pw-1234567" } }), {}));
    expect(url.join("\n")).to.include("ucflow:unityConnections.d.baseUrl: baseUrl must use https").and.include("without /vmrest");
  });

  it("names the settings to give for a server the config lacks", () => {
    expect(problemsOf(() => cupiClientFromSettings(() => undefined, "cuc9", {}))[0]).to.match(/^ucflow:unityConnections\.cuc9 is required: .*docs\/credentials-unity-connection\.md/);
    expect(problemsOf(() => readUnityConnectionSettings(() => "[1]"))[0]).to.match(/must be an object whose keys are Unity Connection server names; got a list/);
  });
});
