import { expect } from "chai";
import { formatExchange } from "../../../provider/core/logging";
import { REDACTED, redactHeaders, redactText, redactValue, registerSecret } from "../../../provider/core/redaction";

const JWT = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL2dyYXBoIn0.c2lnbmF0dXJlLXZhbHVl";

describe("core redaction", () => {
  it("keeps allowlisted headers and masks every other, whatever its case or shape", () => {
    const plain = { Authorization: `Bearer ${JWT}`, "Content-Type": "application/json", "request-id": "r-1", "X-Custom-Secret": "s", Cookie: "a=b", ConsistencyLevel: "eventual" };
    const expected = { authorization: REDACTED, "content-type": "application/json", "request-id": "r-1", "x-custom-secret": REDACTED, cookie: REDACTED, consistencylevel: "eventual" };
    expect(redactHeaders(plain)).to.deep.equal(expected);
    expect(redactHeaders(new Headers(plain))).to.deep.equal(expected);
    expect(redactHeaders(Object.entries(plain))).to.deep.equal(expected);
  });

  const texts: [string, string, string][] = [
    ["masks an Authorization header line", `Authorization: Bearer ${JWT}`, "Authorization: REDACTED"],
    ["masks a bearer token in prose", `sent Bearer abc.def-ghi to graph`, "sent Bearer REDACTED to graph"],
    ["masks a client secret in a token request", "client_id=abc&client_secret=s3cr3t~x&grant_type=client_credentials", "client_id=abc&client_secret=REDACTED&grant_type=client_credentials"],
    ["masks a client assertion", `client_assertion_type=jwt-bearer&client_assertion=${JWT}&scope=x`, "client_assertion_type=jwt-bearer&client_assertion=REDACTED&scope=x"],
    ["masks tokens in a JSON body, not token_type", '{"token_type":"Bearer","access_token":"abc","expires_in":3599,"refresh_token":"def"}', '{"token_type":"Bearer","access_token":"REDACTED","expires_in":3599,"refresh_token":"REDACTED"}'],
    ["masks a password field", '{"userName":"axl","password":"Cisco123!"}', '{"userName":"axl","password":"REDACTED"}'],
    ["masks a bare JWT", `token is ${JWT}.`, `token is ${REDACTED}.`],
    ["masks a PEM private key", "key:\n-----BEGIN PRIVATE KEY-----\nMIIEv\nQIBAD\n-----END PRIVATE KEY-----\ncert follows", "key:\nREDACTED\ncert follows"],
    ["leaves a URL with paging tokens readable", "GET https://graph.microsoft.com/v1.0/users?$select=id&$skiptoken=X'4453'", "GET https://graph.microsoft.com/v1.0/users?$select=id&$skiptoken=X'4453'"],
  ];
  for (const [name, text, expected] of texts) {
    it(name, () => {
      expect(redactText(text)).to.equal(expected);
    });
  }

  it("masks a registered secret value anywhere it appears", () => {
    registerSecret("Zq8~planted-secret-value");
    expect(redactText("the secret Zq8~planted-secret-value leaked twice: Zq8~planted-secret-value")).to.equal("the secret REDACTED leaked twice: REDACTED");
  });

  it("ignores registered values too short to be secrets", () => {
    registerSecret("abc");
    expect(redactText("abc def")).to.equal("abc def");
  });

  it("masks credential-named keys deeply and survives cycles", () => {
    const settings: Record<string, unknown> = {
      tenantId: "t",
      clientSecret: "s",
      nested: { password: "p", list: [{ access_token: "a", scope: "x" }], note: `Bearer ${JWT}`, certificatePassword: "c" },
      count: 3,
      empty: null,
    };
    settings.self = settings;
    expect(redactValue(settings)).to.deep.equal({
      tenantId: "t",
      clientSecret: REDACTED,
      nested: { password: REDACTED, list: [{ access_token: REDACTED, scope: "x" }], note: "Bearer REDACTED", certificatePassword: REDACTED },
      count: 3,
      empty: null,
      self: "[Circular]",
    });
  });

  it("log lines for an exchange carry no credential", () => {
    const line = formatExchange({
      backend: "graph",
      method: "POST",
      url: "https://login.example/token?client_secret=abc",
      requestHeaders: { Authorization: `Bearer ${JWT}`, "client-request-id": "c-1" },
      statusCode: 200,
      responseHeaders: new Headers({ "set-cookie": "session=xyz", "request-id": "r-1" }),
      elapsedMs: 12,
    });
    expect(line).to.equal(
      'graph: POST https://login.example/token?client_secret=REDACTED -> 200 in 12 ms; request headers {"authorization":"REDACTED","client-request-id":"c-1"}; response headers {"request-id":"r-1","set-cookie":"REDACTED"}',
    );
    expect(line).not.to.include(JWT).and.not.to.include("xyz");
  });
});
