// The AXL client over real HTTPS on 127.0.0.1: TLS is verified, a private CA is trusted only
// when given as `ca`, the connection is kept alive between requests, and CUCM's Set-Cookie
// reaches the session.
import * as https from "node:https";
import { webcrypto } from "node:crypto";
import { type AddressInfo } from "node:net";
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { expect } from "chai";
import { httpsTransport } from "../../../../provider/backends/axl/transport";
import { getRoutePartition, removeRoutePartition } from "../../../../provider/backends/axl/dial-plan";
import { isTransportError, type UcflowError } from "../../../../provider/core/errors";
import { rejectionOf } from "../replay";
import { envelope, testClient } from "./fixture";

async function certificates(): Promise<{ caPem: string; certPem: string; keyPem: string }> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const algorithm = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
  const caKeys = (await webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const leafKeys = (await webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(Date.now() + 3_600_000);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=ucflow test CUCM CA",
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: algorithm,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: "02",
    subject: "CN=127.0.0.1",
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: algorithm,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: "ip", value: "127.0.0.1" }])],
  });
  const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", leafKeys.privateKey);
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(pkcs8).toString("base64").replace(/(.{64})/g, "$1\n")}\n-----END PRIVATE KEY-----\n`;
  return { caPem: ca.toString("pem"), certPem: leaf.toString("pem"), keyPem };
}

describe("AXL client over real HTTPS (loopback)", function () {
  this.timeout(30_000);
  let server: https.Server;
  let url: string;
  let caPem: string;
  const seen: { cookie?: string; authorization?: string; soapaction?: string; socket: number }[] = [];
  const sockets: object[] = [];

  before(async () => {
    const tls = await certificates();
    caPem = tls.caPem;
    server = https.createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
      if (!sockets.includes(req.socket)) sockets.push(req.socket);
      seen.push({ cookie: req.headers.cookie, authorization: req.headers.authorization, soapaction: req.headers.soapaction as string | undefined, socket: sockets.indexOf(req.socket) });
      req.resume();
      req.on("end", () => {
        const op = String(req.headers.soapaction).replace(/"/g, "").split(" ").pop();
        res.setHeader("content-type", "text/xml;charset=UTF-8");
        res.setHeader("set-cookie", "JSESSIONIDSSO=F00D; Path=/; Secure; HttpOnly");
        const inner = op === "getRoutePartition" ? '<routePartition uuid="{A8D94FF0-4627-EECC-0D8D-E2EE69123B32}"><name>P</name></routePartition>' : "true";
        res.end(envelope(`<ns:${op}Response xmlns:ns="http://www.cisco.com/AXL/API/15.0"><return>${inner}</return></ns:${op}Response>`));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/axl/`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("refuses a certificate it cannot verify (TLS verification stays on)", async () => {
    const client = testClient(httpsTransport({ requestTimeoutMs: 5000 }), { host: url });
    const error = await rejectionOf<UcflowError>(getRoutePartition(client, { name: "P" }));
    expect(isTransportError(error)).to.equal(true);
    expect(error.message).to.match(/TLS failure/);
    expect(error.retryable).to.equal(false);
  });

  it("trusts the CA given as ca, keeps the connection alive and reuses the session cookie", async () => {
    seen.length = 0;
    const client = testClient(httpsTransport({ ca: caPem, requestTimeoutMs: 5000 }), { host: url });
    expect((await getRoutePartition(client, { name: "P" })).uuid).to.equal("{A8D94FF0-4627-EECC-0D8D-E2EE69123B32}");
    await removeRoutePartition(client, { name: "P" });
    expect(seen.map((s) => s.soapaction)).to.deep.equal(['"CUCM:DB ver=15.0 getRoutePartition"', '"CUCM:DB ver=15.0 removeRoutePartition"']);
    expect(seen[0].authorization).to.match(/^Basic /);
    expect(seen[1]).to.include({ cookie: "JSESSIONIDSSO=F00D", authorization: undefined });
    expect(seen[1].socket, "same connection").to.equal(seen[0].socket);
  });
});
