// The credential createCredential builds, against a token endpoint it cannot reach: MSAL reports
// that as `endpoints_resolution_error` or a network error without the cause, so ucflow's error
// must lead with it (a TLS failure and the CA to trust; a refused connection), name the
// endpoint, never the secret, and the server must have answered nothing.
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
