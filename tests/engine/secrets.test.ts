// The secrets sweep: full Teams and Unified CM scenarios on the real Pulumi CLI with known
// credential values (client secret, certificate key and its password, AXL, CUPI and LDAP bind
// passwords) and wrong ones (an authentication failure), asserting that none appears in what the
// CLI and `ucflow preview --markdown` print, the engine's JSON events (`--json`; this CLI has no
// `--event-log`), Pulumi's logs, `pulumi stack export`, the files on disk (state, backups, history, temporary files) or
// the lab's request log. Also: a lab whose CA is not trusted fails the preview with an error and
// receives no write, on both platforms.
import { createPrivateKey } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { LAB_AXL_ADMIN } from "../../lab/cisco";
import { LAB_CUPI_PASSWORD, LAB_CUPI_USERNAME } from "../../lab/cisco/cupi";
import {
  LAB_UCFLOW_CERTIFICATE_KEY_PEM,
  LAB_UCFLOW_CERTIFICATE_PEM,
  LAB_UCFLOW_CLIENT_SECRET,
} from "../../lab/microsoft";
import { credentialForms, describeFindings, filesUnder, findCredentials, type KnownCredential } from "./credential-search";
import { everyObject, FABRIKAM_DEFINITION_FILE, readDefinition, startCiscoLab, type CiscoLab } from "./cucm-lab";
import { CliError, compiledProgram, EngineProject, type CliRun } from "./harness";
import { setMicrosoftLabConfig } from "./microsoft-lab-config";
import { CONTOSO_DEFINITION_FILE, footprintsLeftBehind, startTeamsLab, type TeamsLab } from "./teams-lab";
import { ucflow, type UcflowRun } from "./ucflow-command";

const CONTOSO = JSON.parse(fs.readFileSync(CONTOSO_DEFINITION_FILE, "utf8"));
const FABRIKAM = readDefinition(FABRIKAM_DEFINITION_FILE);

// Wrong values are credentials too: a failed sign-in must not print what was tried.
const WRONG_CLIENT_SECRET = "Wrong8Q~secrets.sweep-client-secret-0002";
const WRONG_CERTIFICATE_PASSWORD = "Wrong-sweep-certificate-password-0002";
const WRONG_AXL_PASSWORD = "Wrong-sweep-AXL-password-0002";
const WRONG_CUPI_PASSWORD = "Wrong-sweep-CUPI-password-0002";
const WRONG_LDAP_PASSWORD = "Wrong-sweep-LDAP-password-0002";

// The certificate key, encrypted with a password, as a user's PEM file would hold it.
const CERTIFICATE_PASSWORD = "Sweep-certificate-key-password-0001";
const ENCRYPTED_KEY_PEM = createPrivateKey(LAB_UCFLOW_CERTIFICATE_KEY_PEM)
  .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: CERTIFICATE_PASSWORD })
  .toString();

const basic = (user: string, password: string) => [`${user}:${password}`];

/**
 * Everything one scenario captured, by source. CLI runs are taken from the projects' run lists
 * at the end, files from the directories the scenario wrote to.
 */
class Captures {
  readonly texts: Record<string, string> = {};
  readonly projects: EngineProject[] = [];
  readonly directories: string[] = [];

  add(source: string, text: string): void {
    this.texts[source] = (this.texts[source] ?? "") + text;
  }

  addUcflow(what: string, run: UcflowRun, out?: string): void {
    this.add(`ucflow ${what} stdout`, run.stdout);
    this.add(`ucflow ${what} stderr`, run.stderr);
    if (out !== undefined && fs.existsSync(out)) this.add(`ucflow ${what} markdown file`, fs.readFileSync(out, "utf8"));
  }

  /** `pulumi stack export` as it stands now (secrets must be absent or ciphertext). */
  async addExport(project: EngineProject, when: string): Promise<void> {
    this.add(`${project.stack}: pulumi stack export ${when}`, (await project.exportState()).text);
  }

  all(): Record<string, string> {
    const texts = { ...this.texts };
    for (const project of this.projects) {
      project.runs.forEach((run: CliRun, i) => {
        // `--show-secrets` is the one way a user asks for the stack's secrets in clear.
        if (run.args.includes("--show-secrets")) return;
        const name = `${project.stack}: run ${i + 1} (pulumi ${run.args.slice(0, 3).join(" ")})`;
        texts[`${name} stdout`] = run.stdout;
        texts[`${name} stderr`] = run.stderr;
      });
    }
    for (const dir of this.directories) {
      for (const [file, text] of Object.entries(filesUnder(dir, new Set(["node_modules"])))) {
        const source = `file ${path.join(dir, file)}`;
        if (!isPulumiLogFile(file)) {
          texts[source] = text;
          continue;
        }
        const { below, verbose } = splitByVerbosity(text);
        texts[`${source} (levels below ${PULUMI_VERBOSE_LEVEL})`] = below;
        texts[`${source} ${VERBOSE_MARK}`] = verbose;
      }
    }
    return texts;
  }
}

// Pulumi's docs promise no known credential in its logs at -v=10 or below (docs/concepts/logging);
// this CLI logs the configuration it hands a provider at -v=9 in clear (see the sweep's test).
const PULUMI_VERBOSE_LEVEL = 9;
const VERBOSE_MARK = `(levels ${PULUMI_VERBOSE_LEVEL} and above)`;

/** The CLI's and plugins' glog files, which Pulumi writes under TMPDIR (pulumi.<host>.<user>.log.INFO.<time>.<pid>). */
function isPulumiLogFile(file: string): boolean {
  return /^pulumi[^/]*\.log\./.test(path.basename(file)) || /^pulumi-[^/]*\.log\./.test(path.basename(file));
}

/** A log file's lines by the verbosity they were logged at (JSON lines carry it as `v`). */
function splitByVerbosity(text: string): { below: string; verbose: string } {
  const below: string[] = [];
  const verbose: string[] = [];
  for (const line of text.split("\n")) {
    let level = 0;
    try {
      const parsed = JSON.parse(line) as { v?: unknown };
      if (typeof parsed.v === "number") level = parsed.v;
    } catch {
      // not a JSON line: counted as logged at every level
    }
    (level >= PULUMI_VERBOSE_LEVEL ? verbose : below).push(line);
  }
  return { below: below.join("\n"), verbose: verbose.join("\n") };
}

/**
 * The lines of Pulumi's own -v=9 logging that hold a credential, other than its log of the
 * configuration it sends a provider (`RPC[Provider[...].Configure().inputs]`): what ucflow would
 * be to blame for at that level.
 */
function verboseLinesBeyondConfigure(texts: Readonly<Record<string, string>>, credentials: readonly KnownCredential[]): { configure: number; other: string[] } {
  let configure = 0;
  const other: string[] = [];
  for (const [source, text] of Object.entries(texts)) {
    if (!source.endsWith(VERBOSE_MARK)) continue;
    for (const line of text.split("\n")) {
      if (findCredentials({ line }, credentials).length === 0) continue;
      if (/RPC\[Provider\[[^\]]*\]\.Configure\(\)/.test(line)) configure++;
      else other.push(`${source}: ${line.slice(0, 200)}`);
    }
  }
  return { configure, other };
}

/**
 * Asserts that no form of any credential is in any capture, Pulumi's -v=9 log lines aside;
 * of those, only the engine's log of a provider's configuration may hold one.
 */
function expectNoCredential(captures: Captures, credentials: readonly KnownCredential[]): void {
  const texts = captures.all();
  const verbose = verboseLinesBeyondConfigure(texts, credentials);
  console.log(`      Pulumi's own log at -v=${PULUMI_VERBOSE_LEVEL}: ${verbose.configure} lines of a provider's Configure call hold a credential in clear`);
  expect(verbose.other, "credentials in -v=9 log lines other than the engine's Configure log").to.deep.equal([]);
  const findings = findCredentials(Object.fromEntries(Object.entries(texts).filter(([source]) => !source.endsWith(VERBOSE_MARK))), credentials);
  const bytes = Object.values(texts).reduce((sum, t) => sum + t.length, 0);
  console.log(`      searched ${Object.keys(texts).length} captures (${(bytes / 1e6).toFixed(1)} MB) for ${credentials.length} credentials in ${credentials.reduce((n, c) => n + credentialForms(c).length, 0)} forms`);
  expect(findings, `credentials found:\n${describeFindings(findings)}`).to.deep.equal([]);
}

/** A run expected to fail: its exit code is not 0 and it printed an error naming `pattern`. */
function expectFailed(run: CliRun, pattern: RegExp): void {
  const printed = run.stdout + run.stderr;
  // The message a user reads, in the test log for review.
  const message = new CliError(run).message.split("\n").slice(1, 5).join(" | ");
  console.log(`      ${message.slice(0, 500)}`);
  expect(run.exitCode, `pulumi ${run.args.join(" ")} fails`).to.not.equal(0);
  expect(printed).to.match(/error/i);
  expect(printed).to.match(pattern);
}

async function markdownPreview(project: EngineProject, captures: Captures, what: string): Promise<UcflowRun> {
  const out = path.join(project.dir, `${what}.md`);
  const run = await ucflow(["preview", "--markdown", "--stack", project.stack, "--out", out], { cwd: project.dir, env: project.environment() });
  captures.addUcflow(what, run, out);
  return run;
}

/**
 * How the state keeps each credential setting of the stack config among the inputs of Pulumi's
 * provider resources (the engine copies the stack config there for the dynamic-provider host):
 * every secret value ("ciphertext") and every setting named like a credential that is not one ("clear").
 */
function providerConfigSecrets(exported: string): Record<string, "ciphertext" | "clear"> {
  const deployment = JSON.parse(exported).deployment as { resources?: { type: string; inputs?: Record<string, unknown> }[] };
  const kept: Record<string, "ciphertext" | "clear"> = {};
  for (const resource of deployment.resources ?? []) {
    if (!resource.type.startsWith("pulumi:providers:")) continue;
    for (const [key, value] of Object.entries(resource.inputs ?? {})) {
      const secret = typeof value === "object" && value !== null && "ciphertext" in value;
      const setting = key.slice(key.indexOf(":") + 1);
      if (secret || /secret|password|certificate/i.test(setting)) kept[key] = secret ? "ciphertext" : "clear";
    }
  }
  return kept;
}

function scratch(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `ucflow-secrets-${name}-`));
}

describe("secrets: no credential in any output, log, event, state file or message (real Pulumi CLI, the lab)", function () {
  this.timeout(3_600_000);

  describe("the search itself", () => {
    const planted: KnownCredential = { name: "planted", value: "Planted-secret-value-0001", carriers: basic("someone", "Planted-secret-value-0001") };
    const key: KnownCredential = { name: "planted key", value: ENCRYPTED_KEY_PEM };

    it("finds a planted value as is, JSON-escaped, URL-encoded, and in base64 at every alignment", () => {
      const value = planted.value;
      const cases: Record<string, string> = {
        plain: `error: bad ${value} given`,
        json: JSON.stringify({ message: `x${value}y` }),
        url: `https://h/p?q=${encodeURIComponent(`a b&${value}`)}`,
        basic: `authorization: Basic ${Buffer.from(`someone:${value}`).toString("base64")}`,
        ...Object.fromEntries([0, 1, 2, 3, 4].map((pad) => [`base64 after ${pad} bytes`, Buffer.from(`${"p".repeat(pad)}${value}tail`).toString("base64")])),
        base64url: Buffer.from(`{"k":"${value}"}`).toString("base64url"),
      };
      const findings = findCredentials(cases, [planted]);
      expect(findings.map((f) => f.source).sort()).to.deep.equal(Object.keys(cases).sort());
      expect(findings.every((f) => !f.context.includes(value)), "the finding masks the value").to.equal(true);
    });

    it("finds a PEM key whole, one line of it, or re-wrapped, and nothing in text without it", () => {
      const lines = ENCRYPTED_KEY_PEM.split("\n");
      const cases: Record<string, string> = {
        whole: `config: ${JSON.stringify(ENCRYPTED_KEY_PEM)}`,
        "one line": `... ${lines[3]} ...`,
        unwrapped: lines.slice(1, -2).join(""),
        "base64 of the PEM": Buffer.from(`x${ENCRYPTED_KEY_PEM}`).toString("base64"),
      };
      expect(findCredentials(cases, [key]).map((f) => f.source).sort()).to.deep.equal(Object.keys(cases).sort());
      const clean = { certificate: LAB_UCFLOW_CERTIFICATE_PEM, log: "pulumi up -> exit 0; REDACTED", value: "Planted-secret-value-000" };
      expect(findCredentials(clean, [planted, key])).to.deep.equal([]);
    });
  });

  describe("Microsoft Teams: Contoso with a client secret, then with an encrypted client certificate", () => {
    let env: TeamsLab;
    const captures = new Captures();
    // TMPDIR of every run: whatever the CLI, the program or the providers write to temporary files is searched too.
    let tmp: string;
    let seed: Awaited<ReturnType<TeamsLab["state"]>>;
    // Disposed after the sweep, which reads their directories.
    const projects: EngineProject[] = [];
    const credentials: KnownCredential[] = [
      { name: "client secret", value: LAB_UCFLOW_CLIENT_SECRET },
      { name: "wrong client secret", value: WRONG_CLIENT_SECRET },
      { name: "certificate key", value: LAB_UCFLOW_CERTIFICATE_KEY_PEM },
      { name: "encrypted certificate key", value: ENCRYPTED_KEY_PEM },
      { name: "certificate password", value: CERTIFICATE_PASSWORD },
      { name: "wrong certificate password", value: WRONG_CERTIFICATE_PASSWORD },
    ];

    before(async () => {
      tmp = scratch("teams-tmp");
      env = await startTeamsLab({ name: "secrets-teams", definition: CONTOSO, env: { TMPDIR: tmp } });
      captures.projects.push(env.project);
      captures.directories.push(env.project.dir, tmp);
      seed = await env.state();
    });

    after(async () => {
      for (const project of projects) await project.dispose();
      await env?.dispose();
      if (tmp !== undefined) fs.rmSync(tmp, { recursive: true, force: true });
    });

    describe("client secret", () => {
      it("previews (JSON events) and renders the markdown preview", async () => {
        const preview = await env.project.preview();
        expect(preview.changeSummary.create).to.be.greaterThan(0);
        expect((await markdownPreview(env.project, captures, "preview-markdown")).exitCode).to.equal(0);
      });

      it("an up whose one Teams write fails with the platform's error stops with that error", async () => {
        await env.control.addFaults([{ service: "teams", method: "POST", path: "TenantDialPlan", action: "status", status: 400, count: 1 }]);
        const run = await env.project.pulumi(["up", "--yes", "--skip-preview", "--json"], { allowFailure: true });
        await env.control.clearFaults();
        expectFailed(run, /TenantDialPlan|LabInjectedFault|400/);
        await captures.addExport(env.project, "after the failed up");
      });

      it("up converges, with Pulumi's flow logs on stderr and the program's debug messages", async () => {
        await env.project.up(["--debug", "--logflow", "--logtostderr", "-v=3"]);
        await env.project.preview({ expectNoChanges: true });
        await captures.addExport(env.project, "after up");
      });

      it("refreshes with no change at -v=9 (Pulumi's logs go to files under TMPDIR)", async () => {
        await env.project.refresh(["--expect-no-changes", "--logflow", "-v=9"]);
      });

      it("a wrong client secret fails the preview with Entra's error, naming neither secret", async () => {
        await env.project.setConfig("ucflow:clientSecret", WRONG_CLIENT_SECRET, { secret: true });
        const run = await env.project.pulumi(["preview", "--json"], { allowFailure: true });
        const markdown = await markdownPreview(env.project, captures, "preview-markdown-wrong-secret");
        await env.project.setConfig("ucflow:clientSecret", LAB_UCFLOW_CLIENT_SECRET, { secret: true });
        expectFailed(run, /7000215|invalid_client|Invalid client secret/);
        expect(markdown.exitCode).to.equal(2);
      });

      it("stack export shows no credential; the provider's copy of the config is ciphertext, shown only by --show-secrets", async () => {
        const plain = (await env.project.exportState()).text;
        const shown = (await env.project.pulumi(["stack", "export", "--show-secrets"])).stdout;
        expect(providerConfigSecrets(plain)).to.deep.equal({ "ucflow:clientSecret": "ciphertext" });
        // The engine keeps the stack config it gave the dynamic-provider host in that provider's state, as a secret.
        const inClear = findCredentials({ "stack export --show-secrets": shown }, credentials);
        console.log(`      stack export --show-secrets holds ${inClear.length} credentials\n${describeFindings(inClear)}`);
        captures.add("pulumi stack export (plain)", plain);
      });

      it("destroy returns the tenant to its seed", async () => {
        await env.project.destroy();
        expect(footprintsLeftBehind(seed, await env.state())).to.deep.equal([]);
      });
    });

    describe("client certificate (encrypted PEM key and its password)", () => {
      let project: EngineProject;

      before(async () => {
        project = await EngineProject.create({
          name: "secrets-certificate",
          main: compiledProgram("../../examples/customer/index.js"),
          stack: "certificate",
          env: { NODE_EXTRA_CA_CERTS: env.lab.caCertPath, TMPDIR: tmp },
        });
        captures.projects.push(project);
        captures.directories.push(project.dir);
        projects.push(project);
        await setMicrosoftLabConfig(project, env.lab);
        await project.pulumi(["config", "rm", "ucflow:clientSecret"]);
        await project.setConfig("ucflow:clientCertificate", ENCRYPTED_KEY_PEM + LAB_UCFLOW_CERTIFICATE_PEM, { secret: true });
        await project.setConfig("ucflow:clientCertificatePassword", CERTIFICATE_PASSWORD, { secret: true });
        await project.setConfig("customer", CONTOSO);
      });


      it("signs in with the certificate (the stack has no client secret) through preview, markdown preview, up and refresh", async () => {
        const since = (await env.control.requests({ service: "entra" })).length;
        await project.preview();
        expect((await markdownPreview(project, captures, "certificate-preview-markdown")).exitCode).to.equal(0);
        await project.up(["--debug"]);
        await project.refresh(["--expect-no-changes"]);
        await captures.addExport(project, "after up");
        expect(providerConfigSecrets((await project.exportState()).text)).to.deep.equal({ "ucflow:clientCertificate": "ciphertext", "ucflow:clientCertificatePassword": "ciphertext" });
        expect((await env.control.requests({ service: "entra" })).length, "tokens were requested").to.be.greaterThan(since);
      });

      it("a wrong certificate password fails the preview with a message naming the setting, not the password", async () => {
        await project.setConfig("ucflow:clientCertificatePassword", WRONG_CERTIFICATE_PASSWORD, { secret: true });
        const run = await project.pulumi(["preview", "--json"], { allowFailure: true });
        await project.setConfig("ucflow:clientCertificatePassword", CERTIFICATE_PASSWORD, { secret: true });
        expectFailed(run, /private key could not be decrypted: check the password in ucflow:clientCertificatePassword/);
      });

      it("destroy removes what the certificate stack made", async () => {
        await project.destroy();
        expect(footprintsLeftBehind(seed, await env.state())).to.deep.equal([]);
      });
    });

    // In a describe of its own so that it runs after the two above (mocha runs a describe's own tests first).
    describe("the sweep", () => {
      it("no credential in any output, event, log, state export, file or the lab's request log", async () => {
        captures.add("lab request log", JSON.stringify(await env.control.requests()));
        expectNoCredential(captures, credentials);
      });
    });
  });

  describe("Unified CM: Fabrikam with AXL, CUPI and LDAP bind passwords", () => {
    let env: CiscoLab;
    const captures = new Captures();
    // TMPDIR of every run: whatever the CLI, the program or the providers write to temporary files is searched too.
    let tmp: string;
    let seeded: ReturnType<typeof everyObject>;
    let credentials: KnownCredential[] = [];

    before(async () => {
      tmp = scratch("cucm-tmp");
      env = await startCiscoLab({ name: "secrets-cucm", definition: FABRIKAM, env: { TMPDIR: tmp } });
      captures.projects.push(env.project);
      captures.directories.push(env.project.dir, tmp);
      seeded = everyObject(await env.axl());
      const ldap = env.lab.endpoints.ldap!;
      credentials = [
        { name: "AXL password", value: LAB_AXL_ADMIN.password, carriers: basic(LAB_AXL_ADMIN.userid, LAB_AXL_ADMIN.password) },
        { name: "CUPI password", value: LAB_CUPI_PASSWORD, carriers: basic(LAB_CUPI_USERNAME, LAB_CUPI_PASSWORD) },
        { name: "LDAP bind password", value: ldap.bindPassword },
        { name: "wrong AXL password", value: WRONG_AXL_PASSWORD, carriers: basic(LAB_AXL_ADMIN.userid, WRONG_AXL_PASSWORD) },
        { name: "wrong CUPI password", value: WRONG_CUPI_PASSWORD, carriers: basic(LAB_CUPI_USERNAME, WRONG_CUPI_PASSWORD) },
        { name: "wrong LDAP bind password", value: WRONG_LDAP_PASSWORD },
      ];
    });

    after(async () => {
      await env?.dispose();
      if (tmp !== undefined) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("previews (JSON events) and renders the markdown preview", async () => {
      const preview = await env.project.preview();
      expect(preview.changeSummary.create).to.be.greaterThan(0);
      expect((await markdownPreview(env.project, captures, "preview-markdown")).exitCode).to.equal(0);
    });

    it("an up whose AXL request fails with a SOAP fault stops with that fault", async () => {
      const fault =
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Client</faultcode>' +
        "<faultstring>Could not insert new row - duplicate value in a UNIQUE INDEX column (Unique Index:).</faultstring><detail><axlError><axlcode>-239</axlcode>" +
        "<axlmessage>Could not insert new row - duplicate value in a UNIQUE INDEX column (Unique Index:).</axlmessage><request>addLine</request></axlError></detail>" +
        "</soapenv:Fault></soapenv:Body></soapenv:Envelope>";
      await env.control.addFaults([{ service: "axl", method: "POST", action: "status", status: 500, count: 1, body: fault, headers: { "content-type": "text/xml; charset=utf-8" } }]);
      const run = await env.project.pulumi(["up", "--yes", "--skip-preview", "--json"], { allowFailure: true });
      await env.control.clearFaults();
      expectFailed(run, /-239|duplicate value/);
      await captures.addExport(env.project, "after the failed up");
    });

    it("an up whose Unity Connection mailbox create is refused stops with CUPI's error, after the writes before it", async () => {
      await env.control.addFaults([{ service: "cupi", method: "POST", path: "^/vmrest/users$", action: "status", status: 400, count: 1 }]);
      const run = await env.project.pulumi(["up", "--yes", "--skip-preview", "--json"], { allowFailure: true });
      const fired = (await env.control.faults()).rules.reduce((n, rule) => n + rule.fired, 0);
      await env.control.clearFaults();
      expect(fired, "the fault rule fired").to.equal(1);
      expectFailed(run, /cupi|400|LabInjectedFault/i);
      await captures.addExport(env.project, "after the failed mailbox create");
    });

    it("up converges, with Pulumi's flow logs on stderr and the program's debug messages; refresh at -v=9", async () => {
      await env.project.up(["--debug", "--logflow", "--logtostderr", "-v=3"]);
      await env.project.preview({ expectNoChanges: true });
      await env.project.refresh(["--expect-no-changes", "--logflow", "-v=9"]);
      await captures.addExport(env.project, "after up");
      const exported = (await env.project.exportState()).text;
      captures.add("pulumi stack export (plain)", exported);
      console.log(`      the provider's copy of the config: ${JSON.stringify(providerConfigSecrets(exported))}`);
      expect(Object.values(providerConfigSecrets(exported)).filter((kept) => kept === "clear"), "every credential setting kept as ciphertext").to.deep.equal([]);
    });

    it("a wrong LDAP bind password fails the preview with the directory's error", async () => {
      await env.project.setConfig("ucflow:ldapBindPassword", WRONG_LDAP_PASSWORD, { secret: true });
      const run = await env.project.pulumi(["preview", "--json"], { allowFailure: true });
      await env.project.setConfig("ucflow:ldapBindPassword", env.lab.endpoints.ldap!.bindPassword, { secret: true });
      expectFailed(run, /invalid ?credentials|bind|49/i);
    });

    it("a wrong AXL password fails the preview with Unified CM's 401", async () => {
      await env.project.setConfig("ucflow:clusters.Cluster1.password", WRONG_AXL_PASSWORD, { path: true, secret: true });
      const run = await env.project.pulumi(["preview", "--json"], { allowFailure: true });
      const markdown = await markdownPreview(env.project, captures, "preview-markdown-wrong-axl");
      await env.project.setConfig("ucflow:clusters.Cluster1.password", LAB_AXL_ADMIN.password, { path: true, secret: true });
      expectFailed(run, /401|authenticat|unauthori/i);
      expect(markdown.exitCode).to.equal(2);
    });

    it("a wrong CUPI password fails the refresh with Unity Connection's 401", async () => {
      await env.project.setConfig("ucflow:unityConnections.UCxn1.password", WRONG_CUPI_PASSWORD, { path: true, secret: true });
      // --run-program: the program lists Unity Connection's user templates with the stack's
      // config as it is now (a plain refresh ran through with the wrong password set).
      const run = await env.project.pulumi(["refresh", "--yes", "--skip-preview", "--json", "--run-program"], { allowFailure: true });
      await env.project.setConfig("ucflow:unityConnections.UCxn1.password", LAB_CUPI_PASSWORD, { path: true, secret: true });
      expectFailed(run, /401|AUTHENTICATION_FAILED|not valid/i);
    });

    it("destroy leaves the cluster as seeded", async () => {
      await env.project.destroy();
      expect(everyObject(await env.axl())).to.deep.equal(seeded);
    });

    it("no credential in any output, event, log, state export, file or the lab's request log", async () => {
      captures.add("lab request log", JSON.stringify(await env.control.requests()));
      expectNoCredential(captures, credentials);
    });
  });

  describe("TLS: against a lab whose CA is not trusted, a preview fails with an error and nothing is written", () => {
    let env: CiscoLab;

    before(async () => {
      env = await startCiscoLab({ name: "secrets-untrusted", definition: FABRIKAM, teams: true, trustLabCa: false });
    });

    after(async () => {
      await env?.dispose();
    });

    for (const [platform, definition, pattern] of [
      ["Teams (token endpoint, Graph, Teams admin API)", CONTOSO, /certificate|TLS/i],
      ["Unified CM (LDAP, AXL, CUPI)", FABRIKAM, /certificate|TLS/i],
    ] as const) {
      it(platform, async () => {
        await env.project.setConfig("customer", definition);
        const run = await env.project.pulumi(["preview", "--json"], { allowFailure: true });
        expectFailed(run, pattern);
        let digest: { diagnostics?: { severity: string; message: string }[] } = {};
        try {
          digest = JSON.parse(run.stdout);
        } catch {
          // not one document: the failure came before the engine's summary
        }
        const tlsWarnings = (digest.diagnostics ?? []).filter((d) => d.severity === "warning" && /certificate|TLS/i.test(d.message));
        expect(tlsWarnings, "a TLS failure is an error, never a warning").to.deep.equal([]);
        expect((await env.control.requests()).filter((r) => r.write), "no write reached the lab").to.deep.equal([]);
      });
    }
  });
});
