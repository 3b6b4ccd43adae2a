// Shared set-up of the Microsoft lab tests: a lab with the entra, graph and teams simulators on
// the shared test CA, the real credentials of @azure/identity against it, the real Graph client,
// and plain HTTPS calls for what the client libraries do not do (the Teams admin API, raw
// Graph answers).
import { ClientCertificateCredential, ClientSecretCredential, type TokenCredential } from "@azure/identity";
import { Client } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import { mkdtemp, rm } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { LabControlClient, startLab, type LabHandle, type LabJsonResponse } from "../../../lab";
import {
  createMicrosoftServices,
  LAB_TENANT_ID,
  LAB_UCFLOW_CERTIFICATE_WITH_KEY_PEM,
  LAB_UCFLOW_CLIENT_ID,
  LAB_UCFLOW_CLIENT_SECRET,
  TEAMS_ADMIN_API,
  type MicrosoftServices,
} from "../../../lab/microsoft";

export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";
export const TEAMS_SCOPE = `${TEAMS_ADMIN_API.appId}/.default`;

export interface MicrosoftLab {
  readonly lab: LabHandle;
  readonly control: LabControlClient;
  readonly entraUrl: string;
  readonly graphUrl: string;
  readonly teamsUrl: string;
  /** The simulators' definitions and the tenant they share, for tests that look inside the lab. */
  readonly services: MicrosoftServices;
  stop(): Promise<void>;
}

/** Starts entra + graph + teams on the shared test CA (UCFLOW_TEST_TLS_DIR, trusted via NODE_EXTRA_CA_CERTS). */
export async function startMicrosoftLab(): Promise<MicrosoftLab> {
  const tlsDir = process.env.UCFLOW_TEST_TLS_DIR;
  if (!tlsDir || !process.env.NODE_EXTRA_CA_CERTS) {
    throw new Error("the Microsoft lab tests need UCFLOW_TEST_TLS_DIR and NODE_EXTRA_CA_CERTS=<dir>/ca.pem set before mocha starts (MSAL and the Graph client trust the lab CA only through NODE_EXTRA_CA_CERTS); the test runner sets both");
  }
  const stateDir = await mkdtemp(path.join(os.tmpdir(), "ucflow-lab-microsoft-"));
  const services = createMicrosoftServices();
  const lab = await startLab({ stateDir, tlsDir, services: services.all, ldap: false, log: () => undefined });
  const service = (name: string): string => {
    const url = lab.endpoints.services[name];
    if (!url) throw new Error(`the lab did not start ${name}`);
    return url;
  };
  return {
    lab,
    control: new LabControlClient(lab.endpoints.control, lab.caCertPem),
    entraUrl: service("entra"),
    graphUrl: service("graph"),
    teamsUrl: service("teams"),
    services,
    stop: async () => {
      await lab.stop();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

export function secretCredential(env: MicrosoftLab, clientId = LAB_UCFLOW_CLIENT_ID, secret = LAB_UCFLOW_CLIENT_SECRET, tenantId = LAB_TENANT_ID): ClientSecretCredential {
  return new ClientSecretCredential(tenantId, clientId, secret, { authorityHost: env.entraUrl, disableInstanceDiscovery: true });
}

export function certificateCredential(env: MicrosoftLab, pem = LAB_UCFLOW_CERTIFICATE_WITH_KEY_PEM, sendCertificateChain = false): ClientCertificateCredential {
  return new ClientCertificateCredential(LAB_TENANT_ID, LAB_UCFLOW_CLIENT_ID, { certificate: pem }, { authorityHost: env.entraUrl, disableInstanceDiscovery: true, sendCertificateChain });
}

/** The real Graph client, pointed at the lab (customHosts by hostname only, reference §7). */
export function graphClient(env: MicrosoftLab, credential: TokenCredential = secretCredential(env)): Client {
  return Client.initWithMiddleware({
    authProvider: new TokenCredentialAuthenticationProvider(credential, { scopes: [GRAPH_SCOPE] }),
    baseUrl: `${env.graphUrl}/`,
    customHosts: new Set([new URL(env.graphUrl).hostname]),
  });
}

export async function accessToken(credential: TokenCredential, scope: string): Promise<string> {
  const token = await credential.getToken(scope);
  if (!token) throw new Error(`no token for ${scope}`);
  return token.token;
}

/**
 * One plain fetch with a bearer token and a JSON body (for the Teams admin API and raw Graph
 * answers); the lab CA is trusted through NODE_EXTRA_CA_CERTS like any client's.
 */
export async function call(env: MicrosoftLab, url: string, options: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<LabJsonResponse> {
  void env;
  const response = await fetch(url, {
    method: options.method ?? "GET",
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  const isJson = (response.headers.get("content-type") ?? "").includes("json") && text !== "";
  return { status: response.status, headers: Object.fromEntries(response.headers), body: isJson ? (JSON.parse(text) as unknown) : text };
}

/** A POST of a form body (for the token endpoint). */
export async function postForm(url: string, form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(form).toString() });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The error a rejected promise carries; fails when the promise resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** The hooks of a lab test file: one lab for the file, reset before each test, stopped after. */
export function withMicrosoftLab(ready: (env: MicrosoftLab) => void | Promise<void>): void {
  let env: MicrosoftLab | undefined;
  before(async () => {
    env = await startMicrosoftLab();
    await ready(env);
  });
  after(async () => {
    await env?.stop();
  });
  beforeEach(async () => {
    await env?.control.reset();
  });
}

/**
 * ucflow's provider settings (the stack config a program passes) pointed at the lab with its
 * ucflow app, no consistency wait: for tests that call resource providers in this process.
 */
export function providerSettingsFor(env: MicrosoftLab): Record<string, string> {
  return {
    "ucflow:tenantId": LAB_TENANT_ID,
    "ucflow:clientId": LAB_UCFLOW_CLIENT_ID,
    "ucflow:clientSecret": LAB_UCFLOW_CLIENT_SECRET,
    "ucflow:authorityHost": env.entraUrl,
    "ucflow:graphBaseUrl": `${env.graphUrl}/`,
    "ucflow:teamsAdminBaseUrl": `${env.teamsUrl}/`,
    "ucflow:settleSeconds": "0",
  };
}

/** One raw Graph v1.0 request (path after the version) with a bearer token. */
export function graphCall(env: MicrosoftLab, token: string, method: string, path: string, body?: unknown): Promise<LabJsonResponse> {
  return call(env, `${env.graphUrl}/v1.0${path}`, { method, token, ...(body !== undefined ? { body } : {}) });
}

/** A second application with User.ReadWrite.All on Graph, for per-application limits. */
export const SECOND_APP = { appId: "3c9d2a11-8e47-4b5f-9a60-1f2e3d4c5b6a", secret: "Lab8Q~lab.tests.second-app-0001" } as const;

/** Registers SECOND_APP in the lab's tenant (until the next reset) and returns a Graph token for it. */
export async function secondAppGraphToken(env: MicrosoftLab): Promise<string> {
  await env.control.seed("entra", { applications: [{ appId: SECOND_APP.appId, displayName: "Second app", secrets: [{ value: SECOND_APP.secret }], graphPermissions: ["User.ReadWrite.All"] }] });
  return accessToken(secretCredential(env, SECOND_APP.appId, SECOND_APP.secret), GRAPH_SCOPE);
}
