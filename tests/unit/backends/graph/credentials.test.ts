import { ClientAssertionCredential, ClientCertificateCredential, ClientSecretCredential, DefaultAzureCredential, WorkloadIdentityCredential } from "@azure/identity";
import { expect } from "chai";
import {
  chooseCredential,
  type CredentialChoice,
  describeCredential,
  gitHubActionsAssertion,
  libraryCredential,
  type MicrosoftSettings,
  readMicrosoftSettings,
  TokenEndpointWatch,
} from "../../../../provider/backends/graph/credentials";
import { ConfigurationError } from "../../../../provider/core/errors";
import { redactText } from "../../../../provider/core/redaction";
import { rejectionOf } from "../replay";

const TENANT = "11111111-2222-3333-4444-555555555555";
const CLIENT = "66666666-7777-8888-9999-000000000000";

/** Settings as read: `config` keys win over `env`. */
function settings(config: Record<string, string>, env: Record<string, string> = {}): MicrosoftSettings {
  return readMicrosoftSettings((name) => config[name], env);
}

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigurationError");
}

describe("graph credentials", () => {
  describe("readMicrosoftSettings", () => {
    it("reads stack config first, then the environment, ignoring empty values", () => {
      const read = settings({ tenantId: TENANT, clientSecret: "" }, { AZURE_TENANT_ID: "env-tenant", AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: "env-secret-9f8e7d", AZURE_AUTHORITY_HOST: "  " });
      expect(read).to.deep.equal({
        tenantId: { value: TENANT, from: "ucflow:tenantId" },
        clientId: { value: CLIENT, from: "AZURE_CLIENT_ID" },
        clientSecret: { value: "env-secret-9f8e7d", from: "AZURE_CLIENT_SECRET" },
      });
    });

    it("registers secret values, so later log lines mask them", () => {
      settings({ clientSecret: "Qx7~config-secret-41a2" }, { ACTIONS_ID_TOKEN_REQUEST_TOKEN: "gh-request-token-88c1" });
      expect(redactText("secret Qx7~config-secret-41a2 and gh-request-token-88c1")).to.equal("secret REDACTED and REDACTED");
    });
  });

  describe("chooseCredential", () => {
    it("uses a client secret from the environment", () => {
      expect(chooseCredential(settings({}, { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: "s-1234567" }))).to.deep.equal({
        kind: "clientSecret",
        tenantId: TENANT,
        clientId: CLIENT,
        clientSecret: "s-1234567",
        disableInstanceDiscovery: false,
      });
    });

    it("prefers credential material in stack config over the environment", () => {
      const choice = chooseCredential(settings({ tenantId: TENANT, clientId: CLIENT, clientCertificatePath: "/etc/ucflow/app.pem" }, { AZURE_CLIENT_SECRET: "s-1234567" }));
      expect(choice).to.deep.equal({ kind: "clientCertificate", tenantId: TENANT, clientId: CLIENT, certificate: { certificatePath: "/etc/ucflow/app.pem" }, disableInstanceDiscovery: false });
    });

    it("takes a PEM with its password from config", () => {
      const choice = chooseCredential(settings({ tenantId: TENANT, clientId: CLIENT, clientCertificate: "-----BEGIN CERTIFICATE-----", clientCertificatePassword: "pw-123456" }));
      expect(choice).to.deep.include({ kind: "clientCertificate", certificate: { certificate: "-----BEGIN CERTIFICATE-----" }, certificatePassword: "pw-123456" });
    });

    it("uses workload identity with a federated token file", () => {
      expect(chooseCredential(settings({}, { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_FEDERATED_TOKEN_FILE: "/var/run/secrets/token" }))).to.deep.equal({
        kind: "workloadIdentity",
        tenantId: TENANT,
        clientId: CLIENT,
        tokenFilePath: "/var/run/secrets/token",
        disableInstanceDiscovery: false,
      });
    });

    it("uses GitHub Actions OIDC when the job can request a token and the app is named", () => {
      const env = { ACTIONS_ID_TOKEN_REQUEST_URL: "https://pipelines.actions.githubusercontent.com/abc?api-version=2.0", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "gh-tok-123456" };
      expect(chooseCredential(settings({ tenantId: TENANT, clientId: CLIENT }, env))).to.deep.equal({
        kind: "gitHubActions",
        tenantId: TENANT,
        clientId: CLIENT,
        requestUrl: env.ACTIONS_ID_TOKEN_REQUEST_URL,
        requestToken: "gh-tok-123456",
        audience: "api://AzureADTokenExchange",
        disableInstanceDiscovery: false,
      });
      expect(chooseCredential(settings({}, env)).kind).to.equal("default");
    });

    it("falls back to the default chain, passing the tenant", () => {
      expect(chooseCredential(settings({}))).to.deep.equal({ kind: "default", disableInstanceDiscovery: false });
      expect(chooseCredential(settings({ tenantId: TENANT }))).to.deep.equal({ kind: "default", tenantId: TENANT, disableInstanceDiscovery: false });
    });

    it("follows ucflow:credentialKind over whatever else is set", () => {
      expect(chooseCredential(settings({ credentialKind: "default" }, { AZURE_CLIENT_SECRET: "s-1234567" })).kind).to.equal("default");
    });

    it("turns instance discovery off for an authority that is not Microsoft's, such as the lab", () => {
      const lab = chooseCredential(settings({ tenantId: TENANT, clientId: CLIENT, clientSecret: "s-1234567", authorityHost: "https://127.0.0.1:9443/" }));
      expect(lab).to.deep.include({ authorityHost: "https://127.0.0.1:9443", disableInstanceDiscovery: true });
      const gov = chooseCredential(settings({ tenantId: TENANT, clientId: CLIENT, clientSecret: "s-1234567" }, { AZURE_AUTHORITY_HOST: "https://login.microsoftonline.us" }));
      expect(gov).to.deep.include({ authorityHost: "https://login.microsoftonline.us", disableInstanceDiscovery: false });
    });

    it("names every missing key, with its environment fallback", () => {
      expect(problemsOf(() => chooseCredential(settings({ clientSecret: "s-1234567" })))).to.deep.equal([
        "client secret credentials need ucflow:tenantId (or AZURE_TENANT_ID), ucflow:clientId (or AZURE_CLIENT_ID)",
      ]);
      expect(problemsOf(() => chooseCredential(settings({ credentialKind: "gitHubActions", tenantId: TENANT })))).to.deep.equal([
        "GitHub Actions OIDC credentials need ucflow:clientId (or AZURE_CLIENT_ID), ACTIONS_ID_TOKEN_REQUEST_URL (set by GitHub Actions when the job has `permissions: id-token: write`), ACTIONS_ID_TOKEN_REQUEST_TOKEN (set by GitHub Actions when the job has `permissions: id-token: write`)",
      ]);
    });

    it("refuses two credentials from the same source, an unknown kind and an http authority, all at once", () => {
      expect(problemsOf(() => chooseCredential(settings({ clientSecret: "s-1234567", clientCertificatePath: "/a.pem" })))).to.deep.equal([
        "more than one credential is configured (ucflow:clientSecret, ucflow:clientCertificatePath); remove all but one, or choose one with ucflow:credentialKind (clientSecret, clientCertificate, workloadIdentity, gitHubActions, default)",
      ]);
      expect(problemsOf(() => chooseCredential(settings({ credentialKind: "managedIdentity", authorityHost: "http://127.0.0.1:9443" })))).to.deep.equal([
        'ucflow:authorityHost must be an https URL (Entra and MSAL require https); got "http://127.0.0.1:9443"',
        'ucflow:credentialKind must be one of clientSecret, clientCertificate, workloadIdentity, gitHubActions, default; got "managedIdentity"',
      ]);
      expect(problemsOf(() => chooseCredential(settings({ tenantId: TENANT, clientId: CLIENT, clientCertificatePath: "/a.pem", clientCertificate: "PEM" })))).to.deep.equal([
        "set either ucflow:clientCertificatePath or ucflow:clientCertificate, not both",
      ]);
    });

    it("the error message never holds a secret value", () => {
      try {
        chooseCredential(settings({ clientSecret: "s-visible-if-leaked-5521", clientCertificate: "-----BEGIN PRIVATE KEY-----x" }));
        expect.fail("expected an error");
      } catch (error) {
        expect((error as Error).message).not.to.include("s-visible-if-leaked-5521").and.not.to.include("PRIVATE KEY");
      }
    });
  });

  describe("libraryCredential", () => {
    const common = { tenantId: TENANT, clientId: CLIENT, disableInstanceDiscovery: true, authorityHost: "https://127.0.0.1:9443" };
    const cases: [CredentialChoice, Function][] = [
      [{ ...common, kind: "clientSecret", clientSecret: "s-1234567" }, ClientSecretCredential],
      [{ ...common, kind: "clientCertificate", certificate: { certificatePath: "/nonexistent.pem" } }, ClientCertificateCredential],
      [{ ...common, kind: "clientCertificate", certificate: { certificate: "PEM" }, certificatePassword: "pw" }, ClientCertificateCredential],
      [{ ...common, kind: "workloadIdentity", tokenFilePath: "/var/run/token" }, WorkloadIdentityCredential],
      [{ ...common, kind: "gitHubActions", requestUrl: "https://gh.example/t", requestToken: "t", audience: "api://AzureADTokenExchange" }, ClientAssertionCredential],
      [{ kind: "default", disableInstanceDiscovery: false }, DefaultAzureCredential],
    ];
    for (const [choice, expected] of cases) {
      it(`builds ${expected.name} for ${choice.kind}`, () => {
        expect(libraryCredential(choice, new TokenEndpointWatch())).to.be.instanceOf(expected);
      });
    }

    it("describes a choice without secrets", () => {
      expect(describeCredential({ ...common, kind: "clientSecret", clientSecret: "s-1234567" })).to.equal(`client secret credentials for app ${CLIENT} in tenant ${TENANT} via https://127.0.0.1:9443`);
    });
  });

  describe("gitHubActionsAssertion", () => {
    it("asks GitHub for a token with Entra's audience and the request bearer", async () => {
      const calls: { url: string; auth: string | null }[] = [];
      const fakeFetch = (async (url: URL, init: RequestInit) => {
        calls.push({ url: url.toString(), auth: new Headers(init.headers).get("authorization") });
        return new Response(JSON.stringify({ count: 1, value: "eyJ.github.oidc" }), { status: 200, headers: { "content-type": "application/json" } });
      }) as unknown as typeof fetch;
      const assertion = gitHubActionsAssertion("https://pipelines.actions.githubusercontent.com/abc?api-version=2.0", "gh-request-token", undefined, fakeFetch);
      expect(await assertion()).to.equal("eyJ.github.oidc");
      expect(calls).to.deep.equal([
        { url: "https://pipelines.actions.githubusercontent.com/abc?api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange", auth: "Bearer gh-request-token" },
      ]);
    });

    it("fails with GitHub's status and no token in the message", async () => {
      const fakeFetch = (async () => new Response("Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable", { status: 403 })) as unknown as typeof fetch;
      const error = await rejectionOf(gitHubActionsAssertion("https://gh.example/t", "gh-request-token-4c3b", undefined, fakeFetch)());
      expect(error.message).to.equal("github: requesting an OIDC token for api://AzureADTokenExchange: 403: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable");
    });
  });
});
