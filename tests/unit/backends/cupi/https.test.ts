// The CUPI client over real HTTPS on 127.0.0.1: TLS verification stays on. A server whose
// certificate chains to a CA the client was not given is refused at once, as a TLS failure that
// is not retried and sends nothing, never a warning; the CA given as `ca` is trusted.
import * as https from "node:https";
import { type AddressInfo } from "node:net";
import { expect } from "chai";
import { CupiClient } from "../../../../provider/backends/cupi/client";
import { listUserTemplates } from "../../../../provider/backends/cupi/users";
import { isTransportError, type UcflowError } from "../../../../provider/core/errors";
import { certificates } from "../loopback-tls";
import { rejectionOf } from "../replay";

describe("CUPI client over real HTTPS (loopback)", function () {
  this.timeout(30_000);
  let server: https.Server;
  let baseUrl: string;
  let caPem: string;
  let otherCaPem: string;
  let requests = 0;

  before(async () => {
    const [tls, other] = await Promise.all([certificates(), certificates()]);
    caPem = tls.caPem;
    otherCaPem = other.caPem;
    server = https.createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
      requests++;
      req.resume();
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ "@total": "1", UserTemplate: { ObjectId: "t1", Alias: "voicemailusertemplate" } }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const client = (ca: string) => new CupiClient({ baseUrl, username: "ucflow", password: "cupi-password-tls-1", ca, requestTimeoutMs: 5000 });

  it("refuses a server certificate from a CA it was not given, as a TLS failure it does not retry", async () => {
    requests = 0;
    const error = await rejectionOf<UcflowError>(listUserTemplates(client(otherCaPem)));
    expect(isTransportError(error), String(error)).to.equal(true);
    expect(error.message).to.match(/TLS failure/);
    expect(error.message).to.not.include("cupi-password-tls-1");
    expect(error.retryable).to.equal(false);
    expect(requests, "nothing reached the server").to.equal(0);
  });

  it("trusts the CA given as ca", async () => {
    expect((await listUserTemplates(client(caPem))).map((t) => t.Alias)).to.deep.equal(["voicemailusertemplate"]);
  });
});
