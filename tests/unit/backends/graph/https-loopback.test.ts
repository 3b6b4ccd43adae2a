// The Graph client with its real transport (the library's HTTPMessageHandler over fetch)
// against an HTTPS server on 127.0.0.1 with a throwaway CA: TLS is verified, the CA is trusted
// only through NODE_EXTRA_CA_CERTS, the token reaches a custom host given by hostname only, and
// the URL on the wire is the one built. NODE_EXTRA_CA_CERTS is read at start-up, so each case
// runs in a child process.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect } from "chai";
import { certificates } from "../loopback-tls";

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
    const tls = await certificates();
    caFile = join(dir, "ca.pem");
    writeFileSync(caFile, tls.caPem);
    writeFileSync(join(dir, "server.pem"), tls.certPem);
    writeFileSync(join(dir, "server.key"), tls.keyPem);
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
