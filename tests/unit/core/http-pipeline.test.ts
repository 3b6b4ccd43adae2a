import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { expect } from "chai";
import { AccessTokenError, isAccessTokenError } from "../../../provider/core/access-token";
import { ConfigurationError } from "../../../provider/core/errors";
import {
  bearerTokenPolicy,
  createPipeline,
  fetchTransport,
  logPolicy,
  type PipelinePolicy,
  type PipelineRequest,
  type PipelineResponse,
  requestIdPolicy,
  retryPolicy,
} from "../../../provider/core/http-pipeline";
import { RetryPolicy } from "../../../provider/core/retry";
import { classifyTransportFailure } from "../../../provider/core/transport-failure";
import { FakeClock, fixedRandom } from "./fake-clock";

const TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwaXBlbGluZSJ9.cGlwZWxpbmUtc2ln";

function request(method: PipelineRequest["method"] = "GET"): PipelineRequest {
  return { method, url: "https://api.example/x", headers: new Headers(), idempotent: method === "GET" };
}

function reply(status: number, headers: Record<string, string> = {}, bodyText = ""): PipelineResponse {
  return { status, headers: new Headers(headers), bodyText };
}

describe("core http pipeline", () => {
  it("runs policies outermost first, then the transport", async () => {
    const order: string[] = [];
    const policy = (name: string): PipelinePolicy => ({
      name,
      async sendRequest(req, next) {
        order.push(`${name} in`);
        const res = await next(req);
        order.push(`${name} out`);
        return res;
      },
    });
    const send = createPipeline([policy("a"), policy("b")], async () => {
      order.push("transport");
      return reply(200);
    });
    await send(request());
    expect(order).to.deep.equal(["a in", "b in", "transport", "b out", "a out"]);
  });

  it("rejects two policies with one name", () => {
    expect(() => createPipeline([bearerTokenPolicy({ getToken: async () => null }, ["s"]), bearerTokenPolicy({ getToken: async () => null }, ["s"])], async () => reply(200)))
      .to.throw(ConfigurationError)
      .with.property("problems")
      .that.deep.equals(["policy names must be unique; repeated: bearerToken"]);
  });

  it("retries per Retry-After with the same correlation id, and adds the token once per call", async () => {
    const clock = new FakeClock();
    const seen: { id: string | null; auth: string | null }[] = [];
    const replies = [reply(429, { "retry-after": "2" }), reply(503), reply(200)];
    let tokens = 0;
    const send = createPipeline(
      [
        bearerTokenPolicy({ getToken: async () => (tokens++, { token: TOKEN, expiresOnTimestamp: 0 }) }, ["api://x/.default"]),
        retryPolicy({ policy: new RetryPolicy(), clock, random: fixedRandom(0) }),
        requestIdPolicy("x-ms-correlation-id", () => `corr-${seen.length}`),
      ],
      async (req) => {
        seen.push({ id: req.headers.get("x-ms-correlation-id"), auth: req.headers.get("authorization") });
        return replies[seen.length - 1];
      },
    );
    const response = await send(request("POST"));
    expect(response.status).to.equal(200);
    expect(clock.sleeps).to.deep.equal([2000, 1000]);
    expect(seen).to.deep.equal([
      { id: "corr-0", auth: `Bearer ${TOKEN}` },
      { id: "corr-0", auth: `Bearer ${TOKEN}` },
      { id: "corr-0", auth: `Bearer ${TOKEN}` },
    ]);
    expect(tokens).to.equal(1);
  });

  it("turns a credential failure into AccessTokenError naming the scope", async () => {
    const send = createPipeline(
      [
        bearerTokenPolicy(
          {
            getToken: async () => {
              throw Object.assign(new Error("AADSTS7000215: Invalid client secret provided."), { name: "AuthenticationError" });
            },
          },
          ["48ac35b8-9aa8-4d74-927d-1f4a14a0b239/.default"],
        ),
      ],
      async () => reply(200),
    );
    const error = await send(request()).catch((e: unknown) => e);
    expect(isAccessTokenError(error)).to.equal(true);
    expect((error as AccessTokenError).credentialError).to.equal("AuthenticationError");
    expect((error as Error).message).to.equal("could not get an access token for 48ac35b8-9aa8-4d74-927d-1f4a14a0b239/.default: AADSTS7000215: Invalid client secret provided.");
  });

  it("logs each attempt without the token", async () => {
    const lines: string[] = [];
    const send = createPipeline(
      [bearerTokenPolicy({ getToken: async () => ({ token: TOKEN, expiresOnTimestamp: 0 }) }, ["s"]), logPolicy("teams", { debug: (l) => lines.push(l), warn: (l) => lines.push(l) }, new FakeClock())],
      async () => reply(204, { "x-ms-correlation-id": "c-9" }),
    );
    await send(request("DELETE"));
    expect(lines).to.deep.equal(['teams: DELETE https://api.example/x -> 204 in 0 ms; request headers {"authorization":"REDACTED"}; response headers {"x-ms-correlation-id":"c-9"}']);
  });

  describe("fetch transport (loopback)", () => {
    let server: Server;
    let port: number;
    const received: { method?: string; url?: string; body: string; auth?: string }[] = [];
    before(async () => {
      server = createServer((req, res) => {
        let body = "";
        req.on("data", (chunk) => (body += chunk));
        req.on("end", () => {
          received.push({ method: req.method, url: req.url, body, auth: req.headers.authorization });
          res.writeHead(201, { "content-type": "application/json", "x-ms-correlation-id": "srv-1" });
          res.end('{"Identity":"Tag:x"}');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      port = (server.address() as AddressInfo).port;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("sends method, headers and body and returns status, headers and text", async () => {
      const send = fetchTransport();
      const response = await send({ method: "POST", url: `http://127.0.0.1:${port}/Skype.Policy/configurations/TenantDialPlan`, headers: new Headers({ authorization: "Bearer t" }), body: '{"a":1}', idempotent: false });
      expect([response.status, response.headers.get("x-ms-correlation-id"), response.bodyText]).to.deep.equal([201, "srv-1", '{"Identity":"Tag:x"}']);
      expect(received).to.deep.equal([{ method: "POST", url: "/Skype.Policy/configurations/TenantDialPlan", body: '{"a":1}', auth: "Bearer t" }]);
    });

    it("fails a refused connection as never sent", async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
      const closedPort = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const error = await fetchTransport()({ method: "GET", url: `http://127.0.0.1:${closedPort}/`, headers: new Headers(), idempotent: true }).catch((e: unknown) => e);
      expect(classifyTransportFailure(error)).to.equal("not-sent");
    });
  });

  it("classes every X509 verification code Node reports as a TLS failure, however deep the cause", () => {
    for (const code of ["CERT_SIGNATURE_FAILURE", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "HOSTNAME_MISMATCH", "INVALID_CA", "ERR_TLS_CERT_ALTNAME_INVALID"]) {
      expect(classifyTransportFailure(new TypeError("fetch failed", { cause: Object.assign(new Error(code), { code }) })), code).to.equal("tls");
    }
    expect(classifyTransportFailure(Object.assign(new Error("reset"), { code: "ECONNRESET" }))).to.equal("no-response");
  });
});
