// Microsoft credentials for Graph and the Teams admin API, from stack config or the environment
// (never from resource inputs: those are stored in state). Three steps:
//   readMicrosoftSettings  - config keys `ucflow:*`, falling back to the Azure SDK's env vars
//   chooseCredential       - pure: which credential, or one error naming every missing key
//   createCredential       - the @azure/identity TokenCredential
// See docs/credentials.md.
import {
  ClientAssertionCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  type ClientSecretCredentialOptions,
  DefaultAzureCredential,
  type GetTokenOptions,
  type TokenCredential,
  WorkloadIdentityCredential,
} from "@azure/identity";
import { ConfigurationError, errorFromThrown, UcflowError } from "../../core/errors";
import { registerSecret } from "../../core/redaction";
import { classifyTransportFailure, describeTransportFailure } from "../../core/transport-failure";

/** Where each setting is read from: the stack config key first, then the environment variable. */
export const MICROSOFT_SETTINGS = {
  tenantId: { configKey: "ucflow:tenantId", env: "AZURE_TENANT_ID", secret: false },
  clientId: { configKey: "ucflow:clientId", env: "AZURE_CLIENT_ID", secret: false },
  clientSecret: { configKey: "ucflow:clientSecret", env: "AZURE_CLIENT_SECRET", secret: true },
  clientCertificatePath: { configKey: "ucflow:clientCertificatePath", env: "AZURE_CLIENT_CERTIFICATE_PATH", secret: false },
  /** PEM text holding the certificate and its private key. */
  clientCertificate: { configKey: "ucflow:clientCertificate", env: undefined, secret: true },
  clientCertificatePassword: { configKey: "ucflow:clientCertificatePassword", env: "AZURE_CLIENT_CERTIFICATE_PASSWORD", secret: true },
  federatedTokenFile: { configKey: "ucflow:federatedTokenFile", env: "AZURE_FEDERATED_TOKEN_FILE", secret: false },
  federatedTokenAudience: { configKey: "ucflow:federatedTokenAudience", env: undefined, secret: false },
  credentialKind: { configKey: "ucflow:credentialKind", env: "UCFLOW_CREDENTIAL_KIND", secret: false },
  authorityHost: { configKey: "ucflow:authorityHost", env: "AZURE_AUTHORITY_HOST", secret: false },
  graphBaseUrl: { configKey: "ucflow:graphBaseUrl", env: "UCFLOW_GRAPH_BASE_URL", secret: false },
  teamsAdminBaseUrl: { configKey: "ucflow:teamsAdminBaseUrl", env: "UCFLOW_TEAMS_ADMIN_BASE_URL", secret: false },
  /** Graph requests in flight at once (a `$batch` counts once). */
  graphMaxInFlight: { configKey: "ucflow:graphMaxInFlight", env: "UCFLOW_GRAPH_MAX_IN_FLIGHT", secret: false },
  /** Teams admin API requests in flight at once. */
  teamsMaxInFlight: { configKey: "ucflow:teamsMaxInFlight", env: "UCFLOW_TEAMS_MAX_IN_FLIGHT", secret: false },
  /** How long after writing to a subscriber a refresh waits for the platform to show the write. */
  settleSeconds: { configKey: "ucflow:settleSeconds", env: "UCFLOW_SETTLE_SECONDS", secret: false },
  gitHubTokenRequestUrl: { configKey: undefined, env: "ACTIONS_ID_TOKEN_REQUEST_URL", secret: false },
  gitHubTokenRequestToken: { configKey: undefined, env: "ACTIONS_ID_TOKEN_REQUEST_TOKEN", secret: true },
} as const satisfies Readonly<Record<string, { readonly configKey: string | undefined; readonly env: string | undefined; readonly secret: boolean }>>;

export type SettingName = keyof typeof MICROSOFT_SETTINGS;

/** A setting's value and where it came from ("ucflow:clientSecret" or "AZURE_CLIENT_SECRET"). */
export interface Setting {
  readonly value: string;
  readonly from: string;
}

export type MicrosoftSettings = { readonly [K in SettingName]?: Setting };

/** Reads a key of the `ucflow` config namespace by its short name ("tenantId"). */
export type ConfigLookup = (name: string) => string | undefined;

/**
 * Settings from stack config, else the environment. Empty values count as unset. Secret values
 * are registered with core redaction, so they are masked in every log line and error.
 */
export function readMicrosoftSettings(config: ConfigLookup, env: Readonly<Record<string, string | undefined>> = process.env): MicrosoftSettings {
  const settings: { [K in SettingName]?: Setting } = {};
  for (const [name, source] of Object.entries(MICROSOFT_SETTINGS) as [SettingName, (typeof MICROSOFT_SETTINGS)[SettingName]][]) {
    const fromConfig = source.configKey === undefined ? undefined : config(source.configKey.slice("ucflow:".length))?.trim();
    const fromEnv = source.env === undefined ? undefined : env[source.env]?.trim();
    const setting = fromConfig ? { value: fromConfig, from: source.configKey as string } : fromEnv ? { value: fromEnv, from: source.env as string } : undefined;
    if (setting === undefined) continue;
    if (source.secret) registerSecret(setting.value);
    settings[name] = setting;
  }
  return settings;
}

export const CREDENTIAL_KINDS = ["clientSecret", "clientCertificate", "workloadIdentity", "gitHubActions", "default"] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** The audience Entra expects on federated tokens (workload identity federation). */
export const FEDERATED_TOKEN_AUDIENCE = "api://AzureADTokenExchange";

/** Microsoft's own authority hosts; any other (the lab) needs instance discovery turned off. */
export const MICROSOFT_AUTHORITY_HOSTS: ReadonlySet<string> = new Set([
  "login.microsoftonline.com",
  "login.microsoft.com",
  "login.windows.net",
  "login.microsoftonline.us",
  "login-us.microsoftonline.com",
  "login.chinacloudapi.cn",
  "login.partner.microsoftonline.cn",
  "login.microsoftonline.de",
]);

interface ChoiceCommon {
  /** @default - the public cloud (login.microsoftonline.com) */
  readonly authorityHost?: string;
  /** True for authority hosts that are not Microsoft's (MSAL would look them up at login.microsoft.com). */
  readonly disableInstanceDiscovery: boolean;
}

/** Which credential to build, with everything it needs. Holds secrets: keep it in memory only. */
export type CredentialChoice = ChoiceCommon &
  (
    | { readonly kind: "clientSecret"; readonly tenantId: string; readonly clientId: string; readonly clientSecret: string }
    | {
        readonly kind: "clientCertificate";
        readonly tenantId: string;
        readonly clientId: string;
        readonly certificate: { readonly certificatePath: string } | { readonly certificate: string };
        readonly certificatePassword?: string;
      }
    | { readonly kind: "workloadIdentity"; readonly tenantId: string; readonly clientId: string; readonly tokenFilePath: string }
    | {
        readonly kind: "gitHubActions";
        readonly tenantId: string;
        readonly clientId: string;
        readonly requestUrl: string;
        readonly requestToken: string;
        readonly audience: string;
      }
    | { readonly kind: "default"; readonly tenantId?: string }
  );

/** Settings that each point at one kind of credential. */
const MATERIAL: readonly [Exclude<CredentialKind, "gitHubActions" | "default">, SettingName][] = [
  ["clientSecret", "clientSecret"],
  ["clientCertificate", "clientCertificatePath"],
  ["clientCertificate", "clientCertificate"],
  ["workloadIdentity", "federatedTokenFile"],
];

const REQUIRED: Readonly<Record<CredentialKind, readonly SettingName[]>> = {
  clientSecret: ["tenantId", "clientId", "clientSecret"],
  clientCertificate: ["tenantId", "clientId"],
  workloadIdentity: ["tenantId", "clientId", "federatedTokenFile"],
  gitHubActions: ["tenantId", "clientId", "gitHubTokenRequestUrl", "gitHubTokenRequestToken"],
  default: [],
};

const KIND_LABEL: Readonly<Record<CredentialKind, string>> = {
  clientSecret: "client secret",
  clientCertificate: "client certificate",
  workloadIdentity: "workload identity (federated token file)",
  gitHubActions: "GitHub Actions OIDC",
  default: "default chain",
};

/**
 * Decides the credential. Pure. `ucflow:credentialKind` decides when set. Otherwise credential
 * material in stack config wins over material in the environment; more than one kind from the
 * same source is an error. GitHub Actions OIDC is used when its variables are present with a
 * tenant and client id, else the default chain. Throws one ConfigurationError naming every
 * missing or conflicting key.
 */
export function chooseCredential(settings: MicrosoftSettings): CredentialChoice {
  const problems: string[] = [];
  const value = (name: SettingName) => settings[name]?.value;

  let authorityHost: string | undefined;
  let disableInstanceDiscovery = false;
  if (settings.authorityHost) {
    try {
      const url = new URL(settings.authorityHost.value);
      if (url.protocol !== "https:") problems.push(`${settings.authorityHost.from} must be an https URL (Entra and MSAL require https); got ${JSON.stringify(settings.authorityHost.value)}`);
      authorityHost = url.origin;
      disableInstanceDiscovery = !MICROSOFT_AUTHORITY_HOSTS.has(url.hostname);
    } catch {
      problems.push(`${settings.authorityHost.from} must be a URL such as https://login.microsoftonline.us; got ${JSON.stringify(settings.authorityHost.value)}`);
    }
  }

  let kind: CredentialKind | undefined;
  const explicit = settings.credentialKind;
  if (explicit) {
    if ((CREDENTIAL_KINDS as readonly string[]).includes(explicit.value)) kind = explicit.value as CredentialKind;
    else problems.push(`${explicit.from} must be one of ${CREDENTIAL_KINDS.join(", ")}; got ${JSON.stringify(explicit.value)}`);
  } else {
    const present = MATERIAL.filter(([, name]) => settings[name] !== undefined);
    const fromConfig = present.filter(([, name]) => settings[name]?.from.startsWith("ucflow:"));
    const candidates = fromConfig.length > 0 ? fromConfig : present;
    const kinds = [...new Set(candidates.map(([k]) => k))];
    if (kinds.length > 1) {
      problems.push(
        `more than one credential is configured (${candidates.map(([, name]) => settings[name]?.from).join(", ")}); ` +
          `remove all but one, or choose one with ucflow:credentialKind (${CREDENTIAL_KINDS.join(", ")})`,
      );
    } else if (kinds.length === 1) {
      kind = kinds[0];
    } else if (value("gitHubTokenRequestUrl") && value("gitHubTokenRequestToken") && value("tenantId") && value("clientId")) {
      kind = "gitHubActions";
    } else {
      kind = "default";
    }
  }

  if (kind !== undefined) {
    const missing = REQUIRED[kind].filter((name) => settings[name] === undefined);
    if (kind === "clientCertificate") {
      if (!settings.clientCertificatePath && !settings.clientCertificate) missing.push("clientCertificatePath");
      if (settings.clientCertificatePath && settings.clientCertificate) {
        problems.push(`set either ${settings.clientCertificatePath.from} or ${settings.clientCertificate.from}, not both`);
      }
    }
    if (missing.length > 0) problems.push(`${KIND_LABEL[kind]} credentials need ${missing.map(describeSetting).join(", ")}`);
  }
  if (problems.length > 0 || kind === undefined) throw new ConfigurationError("Microsoft credentials are not usable", problems);

  const common: ChoiceCommon = { ...(authorityHost ? { authorityHost } : {}), disableInstanceDiscovery };
  const tenantId = value("tenantId") as string;
  const clientId = value("clientId") as string;
  switch (kind) {
    case "clientSecret":
      return { ...common, kind, tenantId, clientId, clientSecret: value("clientSecret") as string };
    case "clientCertificate": {
      const password = value("clientCertificatePassword");
      const path = value("clientCertificatePath");
      return {
        ...common,
        kind,
        tenantId,
        clientId,
        certificate: path !== undefined ? { certificatePath: path } : { certificate: value("clientCertificate") as string },
        ...(password !== undefined ? { certificatePassword: password } : {}),
      };
    }
    case "workloadIdentity":
      return { ...common, kind, tenantId, clientId, tokenFilePath: value("federatedTokenFile") as string };
    case "gitHubActions":
      return {
        ...common,
        kind,
        tenantId,
        clientId,
        requestUrl: value("gitHubTokenRequestUrl") as string,
        requestToken: value("gitHubTokenRequestToken") as string,
        audience: value("federatedTokenAudience") ?? FEDERATED_TOKEN_AUDIENCE,
      };
    case "default":
      return { ...common, kind, ...(value("tenantId") !== undefined ? { tenantId } : {}) };
  }
}

/** For logs: which credential, for which app and tenant. No secret. */
export function describeCredential(choice: CredentialChoice): string {
  const app = "clientId" in choice ? ` for app ${choice.clientId} in tenant ${choice.tenantId}` : choice.tenantId ? ` in tenant ${choice.tenantId}` : "";
  const authority = choice.authorityHost ? ` via ${choice.authorityHost}` : "";
  return `${KIND_LABEL[choice.kind]} credentials${app}${authority}`;
}

export interface CreateCredentialOptions {
  /** For the GitHub Actions token request. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/**
 * The TokenCredential for a choice. Nothing is sent until a token is asked for. Its errors name
 * the token endpoint's TLS or connection failure, when there was one (TokenEndpointWatch).
 */
export function createCredential(choice: CredentialChoice, options: CreateCredentialOptions = {}): TokenCredential {
  const watch = new TokenEndpointWatch();
  const credential = watch.explain(libraryCredential(choice, watch, options));
  return choice.kind === "clientCertificate" ? explainCertificateKeyFailures(credential) : credential;
}

const CERTIFICATE_SETTINGS = `${MICROSOFT_SETTINGS.clientCertificate.configKey} or ${MICROSOFT_SETTINGS.clientCertificatePath.configKey} (${MICROSOFT_SETTINGS.clientCertificatePath.env})`;
const CERTIFICATE_PASSWORD_SETTING = `${MICROSOFT_SETTINGS.clientCertificatePassword.configKey} (${MICROSOFT_SETTINGS.clientCertificatePassword.env})`;

/**
 * OpenSSL's words for a private key it could not read with the password given ("bad decrypt",
 * "DECODER routines::unsupported") name neither the certificate nor the password setting; these
 * errors do.
 */
function explainCertificateKeyFailures(credential: TokenCredential): TokenCredential {
  return {
    getToken: async (scopes: string | string[], options?: GetTokenOptions) => {
      try {
        return await credential.getToken(scopes, options);
      } catch (error) {
        if (!(error instanceof Error)) throw error;
        let why: string | undefined;
        if (/bad decrypt|bad password read|maybe wrong password/i.test(error.message)) {
          why = `the client certificate's private key could not be decrypted: check the password in ${CERTIFICATE_PASSWORD_SETTING}`;
        } else if (/DECODER routines|unsupported|no start line|PEM routines/i.test(error.message)) {
          why = `the client certificate's private key could not be read: ${CERTIFICATE_SETTINGS} must hold a PEM private key and its certificate`;
        }
        if (why === undefined) throw error;
        const explained = new Error(`${why} (${error.message})`, { cause: error });
        explained.name = error.name;
        throw explained;
      }
    },
  };
}

type PipelinePolicy = NonNullable<ClientSecretCredentialOptions["additionalPolicies"]>[number]["policy"];

/**
 * MSAL turns a token endpoint it could not reach (an untrusted CA, a refused connection) into
 * `endpoints_resolution_error` or a bare network error, without the cause; the cause is what the
 * user must fix. A policy on the credential's own HTTP pipeline keeps the last transport failure,
 * and the credential's errors lead with it.
 */
export class TokenEndpointWatch {
  private lastFailure: string | undefined;

  readonly policy: PipelinePolicy = {
    name: "ucflowTokenEndpointWatch",
    sendRequest: async (request, next) => {
      try {
        const response = await next(request);
        this.lastFailure = undefined;
        return response;
      } catch (error) {
        if (classifyTransportFailure(error) !== "aborted") {
          const url = new URL(request.url);
          this.lastFailure = `the token endpoint ${url.origin}${url.pathname}: ${describeTransportFailure(error)}`;
        }
        throw error;
      }
    },
  };

  /** `credential` whose failures name the transport failure seen while it ran. */
  explain(credential: TokenCredential): TokenCredential {
    return {
      getToken: async (scopes: string | string[], options?: GetTokenOptions) => {
        this.lastFailure = undefined;
        try {
          return await credential.getToken(scopes, options);
        } catch (error) {
          const failure = this.lastFailure;
          if (failure === undefined || !(error instanceof Error)) throw error;
          const explained = new Error(`${failure} (${error.name}: ${error.message})`, { cause: error });
          explained.name = error.name;
          throw explained;
        }
      },
    };
  }
}

/** The @azure/identity credential for a choice, with `watch` on its HTTP pipeline. */
export function libraryCredential(choice: CredentialChoice, watch: TokenEndpointWatch, options: CreateCredentialOptions = {}): TokenCredential {
  const common = {
    ...(choice.authorityHost ? { authorityHost: choice.authorityHost } : {}),
    disableInstanceDiscovery: choice.disableInstanceDiscovery,
    additionalPolicies: [{ policy: watch.policy, position: "perCall" as const }],
  };
  switch (choice.kind) {
    case "clientSecret":
      return new ClientSecretCredential(choice.tenantId, choice.clientId, choice.clientSecret, common);
    case "clientCertificate": {
      const password = choice.certificatePassword !== undefined ? { certificatePassword: choice.certificatePassword } : {};
      return "certificatePath" in choice.certificate
        ? new ClientCertificateCredential(choice.tenantId, choice.clientId, { certificatePath: choice.certificate.certificatePath, ...password }, common)
        : new ClientCertificateCredential(choice.tenantId, choice.clientId, { certificate: choice.certificate.certificate, ...password }, common);
    }
    case "workloadIdentity":
      return new WorkloadIdentityCredential({ tenantId: choice.tenantId, clientId: choice.clientId, tokenFilePath: choice.tokenFilePath, ...common });
    case "gitHubActions":
      return new ClientAssertionCredential(
        choice.tenantId,
        choice.clientId,
        gitHubActionsAssertion(choice.requestUrl, choice.requestToken, choice.audience, options.fetch ?? fetch),
        common,
      );
    case "default":
      return new DefaultAzureCredential({ ...(choice.tenantId !== undefined ? { tenantId: choice.tenantId } : {}), ...common });
  }
}

/**
 * A client-assertion callback that asks GitHub Actions for an OIDC token on every token
 * acquisition, so the short-lived GitHub token never expires in use (Azure/azure-sdk-for-js#34990).
 */
export function gitHubActionsAssertion(requestUrl: string, requestToken: string, audience: string = FEDERATED_TOKEN_AUDIENCE, fetchImpl: typeof fetch = fetch): () => Promise<string> {
  return async () => {
    const context = { backend: "github" as const, operation: "requesting an OIDC token", preposition: "for", object: audience };
    const url = new URL(requestUrl);
    url.searchParams.set("audience", audience);
    let response: Response;
    try {
      response = await fetchImpl(url, { headers: { Authorization: `Bearer ${requestToken}`, Accept: "application/json" } });
    } catch (error) {
      throw errorFromThrown(error, context);
    }
    const text = await response.text();
    if (!response.ok) throw new UcflowError(context, { statusCode: response.status, detail: text.slice(0, 300) || response.statusText });
    let token: unknown;
    try {
      token = (JSON.parse(text) as { value?: unknown }).value;
    } catch {
      token = undefined;
    }
    if (typeof token !== "string" || token === "") throw new UcflowError(context, { code: "UnexpectedResponse", detail: "expected JSON with a string `value`" });
    return token;
  };
}

function describeSetting(name: SettingName): string {
  const source = MICROSOFT_SETTINGS[name];
  if (source.configKey && source.env) return `${source.configKey} (or ${source.env})`;
  if (source.configKey) return source.configKey;
  return `${source.env} (set by GitHub Actions when the job has \`permissions: id-token: write\`)`;
}
