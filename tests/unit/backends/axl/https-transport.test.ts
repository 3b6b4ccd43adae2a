// The AXL client over real HTTPS on 127.0.0.1: TLS is verified, a private CA is trusted only
// when given as `ca`, the connection is kept alive between requests, and CUCM's Set-Cookie
// reaches the session.
import * as https from "node:https";
import { type AddressInfo } from "node:net";
import { expect } from "chai";
import { httpsTransport } from "../../../../provider/backends/axl/transport";
import { getRoutePartition, removeRoutePartition } from "../../../../provider/backends/axl/dial-plan";
import { isTransportError, type UcflowError } from "../../../../provider/core/errors";
import { certificates } from "../loopback-tls";
import { rejectionOf } from "../replay";
import { envelope, testClient } from "./fixture";


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
