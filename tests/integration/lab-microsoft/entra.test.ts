// The entra simulator driven by the real @azure/identity credentials (MSAL underneath): client
// secret, certificate and federated assertions, their failures in Entra's words, and the access
// tokens the graph and teams simulators accept or refuse.
import { ClientAssertionCredential } from "@azure/identity";
import { expect } from "chai";
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify } from "node:crypto";
import {
  LAB_FEDERATED_AUDIENCE,
  LAB_GITHUB_REQUEST_TOKEN,
  LAB_READONLY_CLIENT_ID,
  LAB_READONLY_CLIENT_SECRET,
  LAB_TENANT_DEFAULT_DOMAIN,
  LAB_TENANT_ID,
  LAB_UCFLOW_CERTIFICATE_KEY_PEM,
  LAB_UCFLOW_CERTIFICATE_PEM,
  LAB_UCFLOW_CLIENT_ID,
  LAB_UCFLOW_CLIENT_SECRET,
  LAB_UCFLOW_EXPIRED_CLIENT_SECRET,
  LAB_UNREGISTERED_CERTIFICATE_KEY_PEM,
  LAB_UNREGISTERED_CERTIFICATE_PEM,
  DIRECTORY_ROLES,
} from "../../../lab/microsoft";
import { accessToken, call, certificateCredential, GRAPH_SCOPE, postForm, rejection, secretCredential, TEAMS_SCOPE, type MicrosoftLab, withMicrosoftLab } from "./support";
import { X509Certificate, createHash } from "node:crypto";

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}

function header(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** A JWT signed RS256 with `keyPem`. */
function rs256(headerFields: Record<string, unknown>, payload: Record<string, unknown>, keyPem: string): string {
  const input = `${b64({ alg: "RS256", typ: "JWT", ...headerFields })}.${b64(payload)}`;
  return `${input}.${sign("sha256", Buffer.from(input), createPrivateKey(keyPem)).toString("base64url")}`;
}

describe("lab entra simulator", () => {
  let env: MicrosoftLab;
  let tokenEndpoint: string;

  withMicrosoftLab((lab) => {
    env = lab;
    tokenEndpoint = `${env.entraUrl}/${LAB_TENANT_ID}/oauth2/v2.0/token`;
  });

  describe("client secret (ClientSecretCredential)", () => {
    it("issues a Graph token signed with a key of the tenant's JWKS, for the requested audience", async () => {
      const token = await accessToken(secretCredential(env), GRAPH_SCOPE);
      const body = claims(token);
      expect(body).to.include({ aud: "https://graph.microsoft.com", tid: LAB_TENANT_ID, appid: LAB_UCFLOW_CLIENT_ID, appidacr: "1", idtyp: "app", ver: "1.0", iss: `https://sts.windows.net/${LAB_TENANT_ID}/` });
      expect(body.roles).to.include.members(["User.ReadWrite.All", "LicenseAssignment.ReadWrite.All", "TeamsTelephoneNumber.ReadWrite.All", "TeamsPolicyUserAssign.ReadWrite.All"]);
      expect(body.wids).to.deep.equal([DIRECTORY_ROLES.teamsAdministrator]);
      expect((body.exp as number) - (body.iat as number)).to.equal(3599);

      const configuration = (await call(env, `${env.entraUrl}/${LAB_TENANT_ID}/v2.0/.well-known/openid-configuration`)).body as { jwks_uri: string; token_endpoint: string };
      expect(configuration.token_endpoint).to.equal(tokenEndpoint);
      const jwks = (await call(env, configuration.jwks_uri)).body as { keys: { kid: string; n: string; e: string; x5c: string[] }[] };
      const key = jwks.keys.find((candidate) => candidate.kid === header(token).kid);
      expect(key, "the token's kid is in the JWKS").to.not.equal(undefined);
      const [h, p, s] = token.split(".") as [string, string, string];
      const publicKey = createPublicKey({ key: { kty: "RSA", n: key?.n ?? "", e: key?.e ?? "" }, format: "jwk" });
      expect(verify("sha256", Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, "base64url"))).to.equal(true);
      expect(new X509Certificate(Buffer.from(key?.x5c[0] ?? "", "base64")).publicKey.export({ format: "jwk" })).to.include({ n: key?.n });
    });

    it("issues a Teams admin API token with that API's audience", async () => {
      const body = claims(await accessToken(secretCredential(env), TEAMS_SCOPE));
      expect(body.aud).to.equal("48ac35b8-9aa8-4d74-927d-1f4a14a0b239");
      expect(body.roles).to.equal(undefined);
    });

    it("accepts the tenant's domain name in place of its id", async () => {
      const token = await accessToken(secretCredential(env, LAB_UCFLOW_CLIENT_ID, LAB_UCFLOW_CLIENT_SECRET, LAB_TENANT_DEFAULT_DOMAIN), GRAPH_SCOPE);
      expect(claims(token).tid).to.equal(LAB_TENANT_ID);
    });

    it("refuses a wrong secret with AADSTS7000215 and never echoes it", async () => {
      const wrong = "Not-The-Lab-Secret~123";
      const error = await rejection(secretCredential(env, LAB_UCFLOW_CLIENT_ID, wrong).getToken(GRAPH_SCOPE));
      expect(error.message).to.contain("AADSTS7000215").and.contain("invalid_client");
      expect(error.message).to.not.contain(wrong);
      const raw = await postForm(tokenEndpoint, { grant_type: "client_credentials", client_id: LAB_UCFLOW_CLIENT_ID, client_secret: wrong, scope: GRAPH_SCOPE });
      expect(raw.status).to.equal(401);
      expect(raw.body).to.include({ error: "invalid_client" });
      expect(raw.body.error_codes).to.deep.equal([7000215]);
      expect(String(raw.body.error_description)).to.match(/^AADSTS7000215: Invalid client secret provided\. .*\r\nTrace ID: .*\r\nCorrelation ID: .*\r\nTimestamp: /s);
      expect(JSON.stringify(raw.body)).to.not.contain(wrong);
    });

    it("refuses an expired secret with AADSTS7000222", async () => {
      const error = await rejection(secretCredential(env, LAB_UCFLOW_CLIENT_ID, LAB_UCFLOW_EXPIRED_CLIENT_SECRET).getToken(GRAPH_SCOPE));
      expect(error.message).to.contain("AADSTS7000222");
    });

    it("refuses an unknown application (AADSTS700016) and an unknown tenant (AADSTS90002)", async () => {
      const unknownApp = randomUUID();
      expect((await rejection(secretCredential(env, unknownApp, "x").getToken(GRAPH_SCOPE))).message).to.contain("AADSTS700016").and.contain(unknownApp);
      // MSAL reports a failed metadata request without Entra's text, as against the real service.
      const unknownTenant = randomUUID();
      expect((await rejection(secretCredential(env, LAB_UCFLOW_CLIENT_ID, LAB_UCFLOW_CLIENT_SECRET, unknownTenant).getToken(GRAPH_SCOPE))).message).to.contain("endpoints_resolution_error");
      const discovery = await call(env, `${env.entraUrl}/${unknownTenant}/v2.0/.well-known/openid-configuration`);
      expect(discovery.status).to.equal(400);
      expect(discovery.body).to.deep.include({ error: "invalid_tenant", error_codes: [90002] });
    });

    it("needs a <resource>/.default scope naming a known resource", async () => {
      const base = { grant_type: "client_credentials", client_id: LAB_UCFLOW_CLIENT_ID, client_secret: LAB_UCFLOW_CLIENT_SECRET };
      const noDefault = await postForm(tokenEndpoint, { ...base, scope: "https://graph.microsoft.com/User.Read.All" });
      expect(noDefault.status).to.equal(400);
      expect(noDefault.body).to.include({ error: "invalid_scope" });
      expect(noDefault.body.error_codes).to.deep.equal([1002012]);
      const unknown = await postForm(tokenEndpoint, { ...base, scope: "https://graph.microsoft.con/.default" });
      expect(unknown.body).to.include({ error: "invalid_resource" });
      expect(unknown.body.error_codes).to.deep.equal([500011]);
      const noCredential = await postForm(tokenEndpoint, { grant_type: "client_credentials", client_id: LAB_UCFLOW_CLIENT_ID, scope: GRAPH_SCOPE });
      expect(noCredential.status).to.equal(401);
      expect(noCredential.body.error_codes).to.deep.equal([7000218]);
    });
  });

  describe("client certificate (ClientCertificateCredential)", () => {
    it("issues a token for an assertion signed with the registered certificate (PS256, x5t#S256)", async () => {
      const token = await accessToken(certificateCredential(env), GRAPH_SCOPE);
      expect(claims(token)).to.include({ appid: LAB_UCFLOW_CLIENT_ID, appidacr: "2", aud: "https://graph.microsoft.com" });
    });

    it("accepts the assertion with the certificate chain (x5c, subject name/issuer authentication)", async () => {
      const token = await accessToken(certificateCredential(env, undefined, true), TEAMS_SCOPE);
      expect(claims(token).aud).to.equal("48ac35b8-9aa8-4d74-927d-1f4a14a0b239");
    });

    it("refuses a certificate that is not registered on the app (AADSTS700027)", async () => {
      const error = await rejection(certificateCredential(env, LAB_UNREGISTERED_CERTIFICATE_KEY_PEM + LAB_UNREGISTERED_CERTIFICATE_PEM).getToken(GRAPH_SCOPE));
      expect(error.message).to.contain("AADSTS700027").and.contain("not registered");
    });

    it("checks an RS256 assertion with a SHA-1 x5t: audience, lifetime and signature", async () => {
      const thumbprint = createHash("sha1").update(new X509Certificate(LAB_UCFLOW_CERTIFICATE_PEM).raw).digest("base64url");
      const now = Math.floor(Date.now() / 1000);
      const assertion = (payload: Record<string, unknown>, keyPem = LAB_UCFLOW_CERTIFICATE_KEY_PEM): string =>
        rs256({ x5t: thumbprint }, { aud: tokenEndpoint, iss: LAB_UCFLOW_CLIENT_ID, sub: LAB_UCFLOW_CLIENT_ID, jti: randomUUID(), nbf: now, exp: now + 600, ...payload }, keyPem);
      const form = (jwt: string) => ({ grant_type: "client_credentials", client_id: LAB_UCFLOW_CLIENT_ID, scope: GRAPH_SCOPE, client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: jwt });

      const good = await postForm(tokenEndpoint, form(assertion({})));
      expect(good.status).to.equal(200);
      expect(good.body).to.include({ token_type: "Bearer", expires_in: 3599 });

      const wrongAudience = await postForm(tokenEndpoint, form(assertion({ aud: "https://login.microsoftonline.com/other/oauth2/v2.0/token" })));
      expect(wrongAudience.status).to.equal(401);
      expect(String(wrongAudience.body.error_description)).to.contain("audience");
      const expired = await postForm(tokenEndpoint, form(assertion({ nbf: now - 7200, exp: now - 3600 })));
      expect(expired.body.error_codes).to.deep.equal([700024]);
      const forged = await postForm(tokenEndpoint, form(assertion({}, LAB_UNREGISTERED_CERTIFICATE_KEY_PEM)));
      expect(forged.body.error_codes).to.deep.equal([700027]);
      expect(String(forged.body.error_description)).to.contain("signature");
      const otherApp = await postForm(tokenEndpoint, form(assertion({ iss: LAB_READONLY_CLIENT_ID, sub: LAB_READONLY_CLIENT_ID })));
      expect(otherApp.body.error_codes).to.deep.equal([700021]);
    });
  });

  describe("federated credential (ClientAssertionCredential)", () => {
    const gitHubToken = async (audience = LAB_FEDERATED_AUDIENCE): Promise<string> => {
      const response = await call(env, `${env.entraUrl}/github-actions/idtoken?api-version=2.0&audience=${encodeURIComponent(audience)}`, { token: LAB_GITHUB_REQUEST_TOKEN });
      expect(response.status).to.equal(200);
      return (response.body as { value: string }).value;
    };
    const federated = (getAssertion: () => Promise<string>) => new ClientAssertionCredential(LAB_TENANT_ID, LAB_UCFLOW_CLIENT_ID, getAssertion, { authorityHost: env.entraUrl, disableInstanceDiscovery: true });

    it("exchanges a GitHub Actions id token (the lab's stand-in issuer) for a Graph token", async () => {
      const assertion = await gitHubToken();
      expect(claims(assertion)).to.include({ iss: "https://token.actions.githubusercontent.com", sub: "repo:contoso/uc-config:environment:prod", aud: LAB_FEDERATED_AUDIENCE });
      const token = await accessToken(federated(() => gitHubToken()), GRAPH_SCOPE);
      expect(claims(token)).to.include({ appid: LAB_UCFLOW_CLIENT_ID, appidacr: "2" });
    });

    it("refuses the GitHub endpoint without its request token", async () => {
      expect((await call(env, `${env.entraUrl}/github-actions/idtoken`, { token: "wrong" })).status).to.equal(401);
    });

    it("refuses an assertion for another audience (AADSTS700212)", async () => {
      const error = await rejection(federated(() => gitHubToken("https://github.com/contoso")).getToken(GRAPH_SCOPE));
      expect(error.message).to.contain("AADSTS700212");
    });

    it("matches issuer, subject and audience against a seeded federated credential and checks the issuer's key", async () => {
      const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const jwk = publicKey.export({ format: "jwk" }) as { n: string; e: string };
      const issuer = "https://oidc.prod-aks.azure.example/tenant/cluster";
      await env.control.seed("entra", {
        federatedIssuers: [{ issuer, keys: [{ kty: "RSA", kid: "k1", n: jwk.n, e: jwk.e }] }],
        applications: [{ appId: "0c9f1f5e-1d2b-4c3a-9e8f-7a6b5c4d3e21", displayName: "workload", federatedCredentials: [{ name: "aks", issuer, subject: "system:serviceaccount:uc:ucflow" }], graphPermissions: ["User.Read.All"] }],
      });
      const now = Math.floor(Date.now() / 1000);
      const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
      const assertion = (subject: string, keyPem = pem) => rs256({ kid: "k1" }, { iss: issuer, sub: subject, aud: LAB_FEDERATED_AUDIENCE, iat: now, nbf: now, exp: now + 300 }, keyPem);
      const credential = (subject: string, keyPem?: string) => new ClientAssertionCredential(LAB_TENANT_ID, "0c9f1f5e-1d2b-4c3a-9e8f-7a6b5c4d3e21", async () => assertion(subject, keyPem), { authorityHost: env.entraUrl, disableInstanceDiscovery: true });

      expect(claims(await accessToken(credential("system:serviceaccount:uc:ucflow"), GRAPH_SCOPE)).roles).to.deep.equal(["User.Read.All"]);
      expect((await rejection(credential("system:serviceaccount:uc:other").getToken(GRAPH_SCOPE))).message).to.contain("AADSTS70021");
      const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "pem", type: "pkcs8" }).toString();
      expect((await rejection(credential("system:serviceaccount:uc:ucflow", stranger).getToken(GRAPH_SCOPE))).message).to.contain("AADSTS50013");
    });

    it("refuses an issuer the tenant has no keys for (AADSTS50166)", async () => {
      const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const now = Math.floor(Date.now() / 1000);
      const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
      const error = await rejection(federated(async () => rs256({}, { iss: "https://unknown.example", sub: "x", aud: LAB_FEDERATED_AUDIENCE, iat: now, exp: now + 300 }, pem)).getToken(GRAPH_SCOPE));
      expect(error.message).to.contain("AADSTS50166");
    });
  });

  describe("tokens at the resources", () => {
    it("graph answers 401 InvalidAuthenticationToken without, with a tampered, a foreign-audience or an expired token", async () => {
      const graphToken = await accessToken(secretCredential(env), GRAPH_SCOPE);
      const teamsToken = await accessToken(secretCredential(env), TEAMS_SCOPE);
      const users = `${env.graphUrl}/v1.0/users`;

      const none = await call(env, users);
      expect(none.status).to.equal(401);
      expect((none.body as { error: { code: string; message: string; innerError: Record<string, string> } }).error).to.include({ code: "InvalidAuthenticationToken", message: "Access token is empty." });
      expect(none.headers["www-authenticate"]).to.match(/^Bearer /);

      const [h, p] = graphToken.split(".") as [string, string];
      const tampered = `${h}.${b64({ ...claims(graphToken), roles: ["Directory.ReadWrite.All"] })}.${graphToken.split(".")[2] ?? ""}`;
      void p;
      expect(((await call(env, users, { token: tampered })).body as { error: { message: string } }).error.message).to.equal("Access token validation failure.");
      expect(((await call(env, users, { token: teamsToken })).body as { error: { message: string } }).error.message).to.contain("Invalid audience");
      expect(((await call(env, `${env.teamsUrl}/Skype.Policy/configurations/TenantDialPlan`, { token: graphToken })).status)).to.equal(401);

      await env.control.seed("entra", { accessTokenLifetimeSeconds: -900 });
      const expired = await postForm(`${env.entraUrl}/${LAB_TENANT_ID}/oauth2/v2.0/token`, { grant_type: "client_credentials", client_id: LAB_UCFLOW_CLIENT_ID, client_secret: LAB_UCFLOW_CLIENT_SECRET, scope: GRAPH_SCOPE });
      const answer = await call(env, users, { token: String(expired.body.access_token) });
      expect(answer.status).to.equal(401);
      expect((answer.body as { error: { message: string } }).error.message).to.equal("Access token has expired or is not yet valid.");
    });

    it("checks application permissions at graph (403) and the Teams admin role at teams (403)", async () => {
      const readonly = secretCredential(env, LAB_READONLY_CLIENT_ID, LAB_READONLY_CLIENT_SECRET);
      const graphToken = await accessToken(readonly, GRAPH_SCOPE);
      expect((await call(env, `${env.graphUrl}/v1.0/users?$top=1`, { token: graphToken })).status).to.equal(200);
      const patch = await call(env, `${env.graphUrl}/v1.0/users/adele.vance@contoso.com`, { method: "PATCH", token: graphToken, body: { city: "Boston" } });
      expect(patch.status).to.equal(403);
      expect((patch.body as { error: { code: string; message: string } }).error).to.include({ code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation." });
      const teamsToken = await accessToken(readonly, TEAMS_SCOPE);
      expect((await call(env, `${env.teamsUrl}/Skype.Policy/configurations/TenantDialPlan`, { token: teamsToken })).status).to.equal(403);
    });
  });
});
