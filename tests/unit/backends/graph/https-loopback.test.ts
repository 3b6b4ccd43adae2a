// The Graph client with its real transport (the library's HTTPMessageHandler over fetch)
// against an HTTPS server on 127.0.0.1 with a throwaway CA: TLS is verified, the CA is trusted
// only through NODE_EXTRA_CA_CERTS, the token reaches a custom host given by hostname only, and
// the URL on the wire is the one built. NODE_EXTRA_CA_CERTS is read at start-up, so each case
// runs in a child process.
import { execFileSync } from "node:child_process";
import { webcrypto } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
// @peculiar/x509 resolves algorithms through tsyringe, which needs the Reflect metadata API.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { expect } from "chai";

const GRAPH_MODULE = resolve(__dirname, "../../../../provider/backends/graph");

const CHILD = `
const https = require("node:https");
const fs = require("node:fs");
const { GraphClient, listUsers } = require(process.env.GRAPH_MODULE);
const seen = [];
const server = https.createServer({ key: fs.readFileSync(process.env.KEY_FILE), cert: fs.readFileSync(process.env.CERT_FILE) }, (req, res) => {
  seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization, consistencyLevel: req.headers.consistencylevel });
  res.setHeader("content-type", "application/json");
  res.setHeader("request-id", "srv-" + seen.length);
  const port = server.address().port;
  res.end(JSON.stringify(seen.length === 1
    ? { "@odata.count": 2, value: [{ id: "u1" }], "@odata.nextLink": "https://127.0.0.1:" + port + "/v1.0/users?$skiptoken=abc" }
    : { value: [{ id: "u2" }] }));
});
server.listen(0, "127.0.0.1", async () => {
  const graph = new GraphClient({
    baseUrl: "https://127.0.0.1:" + server.address().port + "/",
    credential: { getToken: async () => ({ token: "loopback-token", expiresOnTimestamp: Date.now() + 3600000 }) },
  });
  try {
    const result = await listUsers(graph, { select: ["mail"], filter: "endsWith(mail,'@contoso.com')" });
    process.stdout.write(JSON.stringify({ users: result.users, count: result.count, seen }));
  } catch (e) {
    process.stdout.write(JSON.stringify({ error: e.message, retryable: e.retryable, seen }));
  }
  server.close();
});
`;

describe("graph client over real HTTPS (loopback)", function () {
  this.timeout(30_000);
  let dir: string;
  let caFile: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "ucflow-graph-tls-"));
    x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
    const algorithm = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
    const caKeys = (await webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
    const notBefore = new Date(Date.now() - 60_000);
    const notAfter = new Date(Date.now() + 86_400_000);
    const ca = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: "01",
      name: "CN=ucflow test CA",
      notBefore,
      notAfter,
      keys: caKeys,
      signingAlgorithm: algorithm,
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
    });
    const serverKeys = (await webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
    const server = await x509.X509CertificateGenerator.create({
      serialNumber: "02",
      subject: "CN=127.0.0.1",
      issuer: ca.subject,
      notBefore,
      notAfter,
      publicKey: serverKeys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: algorithm,
      extensions: [new x509.SubjectAlternativeNameExtension([{ type: "ip", value: "127.0.0.1" }]), new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth])],
    });
    caFile = join(dir, "ca.pem");
    writeFileSync(caFile, ca.toString("pem"));
    writeFileSync(join(dir, "server.pem"), server.toString("pem"));
    writeFileSync(join(dir, "server.key"), x509.PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", serverKeys.privateKey), "PRIVATE KEY"));
    writeFileSync(join(dir, "child.js"), CHILD);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  function runChild(extraCa: string | undefined): { users?: unknown; count?: number; error?: string; retryable?: boolean; seen: Record<string, string>[] } {
    const env: Record<string, string | undefined> = { ...process.env, GRAPH_MODULE, KEY_FILE: join(dir, "server.key"), CERT_FILE: join(dir, "server.pem"), NODE_EXTRA_CA_CERTS: extraCa };
    if (extraCa === undefined) delete env.NODE_EXTRA_CA_CERTS;
    return JSON.parse(execFileSync(process.execPath, [join(dir, "child.js")], { env, encoding: "utf8" }));
  }

  it("pages through the lab-style endpoint with the token, the advanced query header and the exact URL", () => {
    const result = runChild(caFile);
    expect(result).to.deep.equal({
      users: [{ id: "u1" }, { id: "u2" }],
      count: 2,
      seen: [
        {
          method: "GET",
          url: "/v1.0/users?$select=id,userPrincipalName,mail&$filter=endsWith(mail,%27%40contoso.com%27)&$top=999&$count=true",
          authorization: "Bearer loopback-token",
          consistencyLevel: "eventual",
        },
        { method: "GET", url: "/v1.0/users?$skiptoken=abc", authorization: "Bearer loopback-token", consistencyLevel: "eventual" },
      ],
    });
  });

  it("keeps TLS verification on: an untrusted CA fails at once, pointing at NODE_EXTRA_CA_CERTS", () => {
    const result = runChild(undefined);
    expect(result.seen).to.deep.equal([]);
    expect(result.retryable).to.equal(false);
    expect(result.error).to.match(/^graph: listing users matching endsWith\(mail,'@contoso.com'\): TLS failure \([A-Z_]+\): .*NODE_EXTRA_CA_CERTS/);
  });
});
