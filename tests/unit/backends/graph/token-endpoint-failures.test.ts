// The credential createCredential builds, against a token endpoint it cannot reach (MSAL reports
// that as `endpoints_resolution_error` or a network error without the cause) and with a
// certificate key it cannot read (OpenSSL says "bad decrypt"): ucflow's error leads with the
// cause and what to fix (the CA to trust, the endpoint, the password setting), never a secret,
// and an untrusted server answers nothing.
import { createPrivateKey } from "node:crypto";
import * as https from "node:https";
import * as net from "node:net";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { createCredential } from "../../../../provider/backends/graph/credentials";
import { getAccessToken, isAccessTokenError } from "../../../../provider/core/access-token";
import { certificates } from "../loopback-tls";
import { rejectionOf } from "../replay";

const TENANT = "8f3c2a71-5b4e-4d0a-9c6f-2e1d7b9a4c35";
const CLIENT = "5d1a8e2c-7f34-4b69-a0d2-9c8e6f1b3a47";
const SECRET = "s-token-endpoint-test-secret-7731";

function clientSecretCredential(authorityHost: string) {
  return createCredential({ kind: "clientSecret", tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, authorityHost, disableInstanceDiscovery: true });
}

describe("token endpoint failures name their cause", function () {
  this.timeout(30_000);

  it("a certificate from a CA nobody trusts: a TLS failure naming the endpoint and NODE_EXTRA_CA_CERTS; the server answers nothing", async () => {
    // A throwaway CA: not the one NODE_EXTRA_CA_CERTS names for this process.
    const tls = await certificates();
    let answered = 0;
    const server = https.createServer({ key: tls.keyPem, cert: tls.certPem }, (_req, res) => {
      answered++;
      res.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const error = await rejectionOf(getAccessToken(clientSecretCredential(origin), ["https://graph.microsoft.com/.default"]));
      expect(isAccessTokenError(error)).to.equal(true);
      const message = (error as Error).message;
      expect(message).to.match(new RegExp(`the token endpoint ${origin.replace(/[.]/g, "\\.")}/${TENANT}/`));
      expect(message).to.match(/TLS failure \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)/);
      expect(message).to.include("NODE_EXTRA_CA_CERTS");
      expect(message).to.not.include(SECRET);
      expect(answered, "no request got past the handshake").to.equal(0);
    } finally {
      server.close();
    }
  });

  it("a refused connection: could not connect, naming the endpoint", async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const error = await rejectionOf(getAccessToken(clientSecretCredential(`https://127.0.0.1:${port}`), ["https://graph.microsoft.com/.default"]));
    const message = (error as Error).message;
    expect(message).to.include(`the token endpoint https://127.0.0.1:${port}/`);
    expect(message).to.include("could not connect (ECONNREFUSED)");
    expect(message).to.not.include(SECRET);
  });
});

describe("client certificate keys that cannot be read name the setting to fix", function () {
  this.timeout(30_000);
  const PASSWORD = "cert-key-password-test-5512";
  let pem: { encrypted: string; plain: string };

  before(async () => {
    const tls = await certificates();
    const encrypted = createPrivateKey(tls.keyPem).export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: PASSWORD }).toString();
    pem = { encrypted: encrypted + tls.certPem, plain: tls.keyPem + tls.certPem };
  });

  // Nothing listens on port 1: a key that is read at all gets as far as a refused connection.
  const credential = (certificate: string, certificatePassword?: string) =>
    createCredential({
      kind: "clientCertificate",
      tenantId: TENANT,
      clientId: CLIENT,
      certificate: { certificate },
      ...(certificatePassword !== undefined ? { certificatePassword } : {}),
      authorityHost: "https://127.0.0.1:1",
      disableInstanceDiscovery: true,
    });
  const failure = async (certificate: string, password?: string) => ((await rejectionOf(getAccessToken(credential(certificate, password), ["https://graph.microsoft.com/.default"]))) as Error).message;

  it("a wrong password: the key could not be decrypted, check ucflow:clientCertificatePassword; neither password is printed", async () => {
    const message = await failure(pem.encrypted, "not-the-password-8841");
    expect(message).to.include("the client certificate's private key could not be decrypted: check the password in ucflow:clientCertificatePassword (AZURE_CLIENT_CERTIFICATE_PASSWORD)");
    expect(message).to.not.include("not-the-password-8841").and.not.include(PASSWORD);
  });

  it("a key that is not one: the PEM settings must hold a private key and its certificate", async () => {
    const broken = pem.encrypted.replace(/(-----BEGIN ENCRYPTED PRIVATE KEY-----\n)[A-Za-z0-9+/]{16}/, "$1AAAAAAAAAAAAAAAA");
    const message = await failure(broken, PASSWORD);
    expect(message).to.include("the client certificate's private key could not be read: ucflow:clientCertificate or ucflow:clientCertificatePath (AZURE_CLIENT_CERTIFICATE_PATH) must hold a PEM private key and its certificate");
    expect(message).to.not.include(PASSWORD);
  });

  it("a readable key is not blamed: the failure is the unreachable endpoint", async () => {
    const message = await failure(pem.plain);
    expect(message).to.not.include("private key");
    expect(message).to.include("could not connect (ECONNREFUSED)");
  });
});
