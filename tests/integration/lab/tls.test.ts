// The lab's generated CA must make real TLS verification pass (Node https and fetch, via
// NODE_EXTRA_CA_CERTS as clients use it) and must be needed: without it, verification fails.
import { expect } from "chai";
import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import * as https from "node:https";
import { promisify } from "node:util";
import { requestJson, startLab, type LabHandle } from "../../../lab";
import { notesService } from "./fixtures/notes-service";
import { temporaryStateDir } from "./fixtures/lab-test-support";

const run = promisify(execFile);

/** A request with Node's default trust store only (what an unconfigured client has). */
function requestWithoutLabCa(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    https.get(url, { agent: false }, (res) => {
      res.resume();
      resolve(`unexpectedly answered ${res.statusCode}`);
    }).on("error", reject);
  });
}

/** fetch() in a fresh Node process with the given extra environment; prints the status or the error code. */
async function fetchInChild(url: string, env: Record<string, string>): Promise<string> {
  const script = `fetch(${JSON.stringify(url)}).then((r) => console.log("status " + r.status), (e) => console.log("error " + (e.cause?.code ?? e.message)))`;
  const childEnv = { ...process.env, ...env };
  if (!("NODE_EXTRA_CA_CERTS" in env)) delete childEnv.NODE_EXTRA_CA_CERTS;
  const { stdout } = await run(process.execPath, ["-e", script], { env: childEnv, timeout: 15_000 });
  return stdout.trim();
}

describe("lab TLS", () => {
  let lab: LabHandle;
  let state: { dir: string; remove: () => Promise<void> };

  before(async () => {
    state = await temporaryStateDir();
    lab = await startLab({ stateDir: state.dir, services: [notesService], ldap: false, log: () => undefined });
  });

  after(async () => {
    await lab?.stop();
    await state?.remove();
  });

  it("serves the control endpoint and every service with a certificate that verifies against the lab CA", async () => {
    for (const url of [lab.endpoints.control + "/health", lab.endpoints.services.notes + "/notes"]) {
      const response = await requestJson(url as string, { caPem: lab.caCertPem });
      expect(response.status, url).to.equal(200);
    }
  });

  it("verifies for both names in the SAN: 127.0.0.1 and localhost", async () => {
    const port = new URL(lab.endpoints.control).port;
    const byName = await requestJson(`https://localhost:${port}/health`, { caPem: lab.caCertPem });
    expect(byName.status).to.equal(200);
    const cert = new X509Certificate(await readFile(`${lab.stateDir}/tls/server.pem`));
    expect(cert.subjectAltName).to.include("IP Address:127.0.0.1").and.to.include("DNS:localhost");
    expect(cert.checkIssued(new X509Certificate(lab.caCertPem))).to.equal(true);
    expect(new X509Certificate(lab.caCertPem).ca).to.equal(true);
  });

  it("fails verification without the lab CA", async () => {
    let failure: NodeJS.ErrnoException | undefined;
    try {
      await requestWithoutLabCa(`${lab.endpoints.control}/health`);
    } catch (error) {
      failure = error as NodeJS.ErrnoException;
    }
    expect(failure?.code).to.be.oneOf(["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"]);
  });

  it("fails verification for a host name the certificate does not carry, even with the CA", async () => {
    let failure: NodeJS.ErrnoException | undefined;
    try {
      await requestJson(`${lab.endpoints.control}/health`, { caPem: lab.caCertPem, servername: "graph.microsoft.com" });
    } catch (error) {
      failure = error as NodeJS.ErrnoException;
    }
    expect(failure?.code).to.equal("ERR_TLS_CERT_ALTNAME_INVALID");
  });

  it("lets fetch() in another process verify the lab with the printed NODE_EXTRA_CA_CERTS, and not without it", async () => {
    expect(lab.env.NODE_EXTRA_CA_CERTS).to.equal(lab.caCertPath);
    expect(await fetchInChild(`${lab.endpoints.control}/health`, { NODE_EXTRA_CA_CERTS: lab.env.NODE_EXTRA_CA_CERTS as string })).to.equal("status 200");
    expect(await fetchInChild(`${lab.endpoints.control}/health`, {})).to.match(/^error (UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN)$/);
  });

  it("keeps the CA across a restart (clients keep working) and issues a new server certificate", async () => {
    const caBefore = lab.caCertPem;
    const serverBefore = await readFile(`${lab.stateDir}/tls/server.pem`, "utf8");
    await lab.stop();
    lab = await startLab({ stateDir: state.dir, services: [notesService], ldap: false, log: () => undefined });
    expect(lab.caCertPem).to.equal(caBefore);
    expect(await readFile(`${lab.stateDir}/tls/server.pem`, "utf8")).to.not.equal(serverBefore);
    expect((await requestJson(`${lab.endpoints.control}/health`, { caPem: caBefore })).status).to.equal(200);
  });
});
