// `ucflow lab` end to end: the built command runs the lab, writes the stack settings, and each
// setting is checked against the running lab by the provider's own settings readers and clients
// (what a stack would do with them); SIGTERM stops it with exit 0 and removes the file.
import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Client } from "ldapts";
import { requestJson } from "../../../lab";
import { readLdapSettings } from "../../../provider/backends/ldap/settings";
import { axlClientFromSettings } from "../../../provider/resources/cucm-session";
import { cupiClientFromSettings } from "../../../provider/resources/cupi-session";
import { microsoftClients } from "../../../provider/resources/microsoft-session";
import { processIsRunning, temporaryStateDir, waitFor } from "../lab/fixtures/lab-test-support";

const UCFLOW = path.resolve(__dirname, "../../../sdk/cli/main.js");

/**
 * The script's `pulumi config set` lines as the stack config they would make: `--path` keys
 * folded into their structured values (JSON text, as Pulumi hands them to programs), and the
 * exported variables.
 */
function readSettingsScript(text: string): { config: Map<string, string>; secrets: Set<string>; exports: Record<string, string> } {
  const unquote = (quoted: string): string => quoted.slice(1, -1).replace(/'\\''/g, "'");
  const flat = new Map<string, string>();
  const structured = new Map<string, Record<string, Record<string, string>>>();
  const secrets = new Set<string>();
  const exports: Record<string, string> = {};
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const exported = /^export ([A-Z_]+)=('(?:[^']|'\\'')*')$/.exec(line);
    if (exported) {
      exports[exported[1]!] = unquote(exported[2]!);
      continue;
    }
    const set = /^pulumi config set (--path )?(--secret|--plaintext) -- (\S+) ('(?:[^']|'\\'')*')$/.exec(line);
    expect(set, `a line of the settings script: ${line}`).to.not.equal(null);
    const [, byPath, secrecy, key, quoted] = set!;
    if (secrecy === "--secret") secrets.add(key!);
    if (byPath) {
      const [root, name, field] = key!.split(".");
      const map = structured.get(root!) ?? {};
      map[name!] = { ...map[name!], [field!]: unquote(quoted!) };
      structured.set(root!, map);
    } else flat.set(key!, unquote(quoted!));
  }
  for (const [root, value] of structured) flat.set(root, JSON.stringify(value));
  return { config: flat, secrets, exports };
}

describe("ucflow lab (the built command)", function () {
  this.timeout(120_000);
  let child: ChildProcess | undefined;

  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });

  it("writes the stack settings a stack needs for the lab, each one working against it, and stops cleanly on SIGTERM", async () => {
    const state = await temporaryStateDir();
    const out = path.join(state.dir, "lab-settings.sh");
    const tlsDir = process.env.UCFLOW_TEST_TLS_DIR!;
    child = spawn(process.execPath, [UCFLOW, "lab", "--out", out, "--state-dir", path.join(state.dir, "lab"), "--tls-dir", tlsDir], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    const exit = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));
    // The file is written, then the settings printed: wait for both (the pipe may lag the file).
    await waitFor("the settings file and the printed settings", () => (fs.existsSync(out) && stdout.includes("Stop with Ctrl-C")) || child!.exitCode !== null, 60_000);
    expect(child.exitCode, stderr).to.equal(null);

    const script = fs.readFileSync(out, "utf8");
    const { config, secrets, exports } = readSettingsScript(script);
    // What it printed is what it wrote.
    for (const line of script.split("\n").filter((l) => l.startsWith("pulumi config set") || l.startsWith("export "))) expect(stdout).to.include(line);
    expect(exports).to.deep.equal({ NODE_EXTRA_CA_CERTS: path.join(tlsDir, "ca.pem") });
    expect([...config.keys()].sort()).to.deep.equal(
      ["ucflow:authorityHost", "ucflow:clientId", "ucflow:clientSecret", "ucflow:clusters", "ucflow:graphBaseUrl", "ucflow:ldapBaseDn", "ucflow:ldapBindDn", "ucflow:ldapBindPassword", "ucflow:ldapUrl", "ucflow:teamsAdminBaseUrl", "ucflow:tenantId", "ucflow:unityConnections"].sort(),
    );
    expect([...secrets].sort()).to.deep.equal(["ucflow:clientSecret", "ucflow:clusters.Cluster1.password", "ucflow:ldapBindPassword", "ucflow:unityConnections.UCxn1.password"]);
    expect(config.get("ucflow:graphBaseUrl")).to.match(/\/$/);

    // The endpoints are the running lab's, as its control endpoint (named in lab.json) reports them.
    const record = JSON.parse(fs.readFileSync(path.join(state.dir, "lab", "lab.json"), "utf8")) as { control: string };
    const ca = fs.readFileSync(exports.NODE_EXTRA_CA_CERTS!, "utf8");
    const health = await requestJson(`${record.control}/health`, { caPem: ca });
    expect(health.status).to.equal(200);
    const running = health.body as { services: Record<string, string>; ldap: { ldapsUrl: string; baseDn: string } };
    expect(config.get("ucflow:authorityHost")).to.equal(running.services.entra);
    expect(config.get("ucflow:graphBaseUrl")).to.equal(`${running.services.graph}/`);
    expect(config.get("ucflow:teamsAdminBaseUrl")).to.equal(`${running.services.teams}/`);
    expect(JSON.parse(config.get("ucflow:clusters")!)).to.have.nested.property("Cluster1.host", running.services.axl);
    expect(JSON.parse(config.get("ucflow:unityConnections")!)).to.have.nested.property("UCxn1.baseUrl", running.services.cupi);
    expect(config.get("ucflow:ldapUrl")).to.equal(running.ldap.ldapsUrl);
    expect(config.get("ucflow:ldapBaseDn")).to.equal(running.ldap.baseDn);

    // Each platform through the provider's own settings readers and clients, as a stack would use them.
    const lookup = (name: string): string | undefined => config.get(`ucflow:${name}`);
    const microsoft = microsoftClients(lookup, {});
    expect(microsoft.tenantId).to.equal(config.get("ucflow:tenantId"));
    const users = await microsoft.graph.send<{ value: unknown[] }>({ method: "GET", path: "/users", query: { $top: 1 }, context: { operation: "listing users" } });
    expect(users.status).to.equal(200);
    const axl = axlClientFromSettings(lookup, "Cluster1", {});
    expect((await axl.detectVersion()).cucmVersion).to.match(/^\d+\.\d+/);
    const cupi = cupiClientFromSettings(lookup, "UCxn1", {});
    const mailboxes = await cupi.send({ method: "GET", path: "/users", context: { operation: "listing users" } });
    expect(mailboxes.status).to.equal(200);
    const ldapSettings = readLdapSettings(lookup, {});
    const ldap = new Client({ url: ldapSettings.ldapUrl!.value, timeout: 10_000, connectTimeout: 5_000 });
    await ldap.bind(ldapSettings.ldapBindDn!.value, ldapSettings.ldapBindPassword!.value);
    const found = await ldap.search(ldapSettings.ldapBaseDn!.value, { filter: "(objectClass=person)", sizeLimit: 1, attributes: ["uid"] }).catch((error: Error) => {
      if (/size limit/i.test(error.message)) return { searchEntries: [{}] };
      throw error;
    });
    await ldap.unbind();
    expect(found.searchEntries.length).to.be.greaterThan(0);

    const pid = child.pid!;
    child.kill("SIGTERM");
    expect(await exit, stderr).to.equal(0);
    expect(processIsRunning(pid)).to.equal(false);
    expect(stderr).to.include("ucflow lab: stopped");
    expect(fs.existsSync(out), "the settings of a stopped lab are removed").to.equal(false);
    await state.remove();
  });
});
