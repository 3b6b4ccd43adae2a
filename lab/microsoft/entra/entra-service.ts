// The entra simulator: the Entra ID (Azure AD) v2.0 endpoints MSAL uses for the client
// credentials grant when `authorityHost` is the lab and instance discovery is off:
//   GET  /{tenant}/v2.0/.well-known/openid-configuration   (and the v1 form without /v2.0)
//   GET  /{tenant}/discovery/v2.0/keys                      (JWKS; also /discovery/keys, /common/...)
//   POST /{tenant}/oauth2/v2.0/token                        (client_credentials with a secret or an assertion)
// plus a stand-in for the GitHub Actions id token endpoint, so the federated path can be driven
// end to end:
//   GET  /github-actions/idtoken?audience=...               (Authorization: Bearer <request token>)
// Secrets are compared by SHA-256 and never stored, logged or echoed.
import { createPublicKey } from "node:crypto";
import { defineService, type LabRoute, type LabServiceContext, type LabServiceDefinition } from "../../lab-service";
import type { LabRequest, LabResponse } from "../../http/lab-http";
import { decodeEntraState } from "../tenant/decode";
import { guidFrom, newGuid } from "../tenant/ids";
import { keyCredential, passwordCredential, seedEntra } from "../tenant/seed-tenant";
import { SeedReader } from "../tenant/seed-input";
import type { TenantHub } from "../tenant/tenant-hub";
import type { AppRegistration, EntraState, PublicJwk } from "../tenant/types";
import { AadError, aadError, TENANT_NOT_FOUND } from "./aad-errors";
import { issueAccessToken } from "./access-tokens";
import { authenticateClient } from "./client-authentication";
import { certificateInfo, rsaPublicJwk, signJwt } from "./jwt";
import { DIRECTORY_ROLES, findResource, MICROSOFT_GRAPH } from "./resources";

const OIDC_SCOPES = new Set(["openid", "profile", "offline_access", "email"]);

export function createEntraService(hub: TenantHub): LabServiceDefinition<EntraState> {
  const route = (method: string, path: string | RegExp, handle: (req: LabRequest, entra: EntraState, lab: LabServiceContext) => LabResponse): LabRoute<EntraState> => ({
    method,
    path,
    handle: (req, state, lab) => {
      const entra = hub.attach(state.current);
      try {
        return handle(req, entra, lab);
      } catch (error) {
        if (error instanceof AadError) {
          return aadError({ status: error.status, error: error.error, code: error.code, description: error.description, correlationId: correlationIdOf(req) });
        }
        throw error;
      }
    },
  });

  return defineService<EntraState>({
    name: "entra",
    initialState: () => hub.attach(seedEntra()),
    decodeState: (raw) => hub.attach(decodeEntraState(raw)),
    seed: (state, data) => hub.attach(applyEntraSeed(structuredClone(state), data)),
    // Discovery, keys and tokens: a token request is a POST but changes nothing in the directory.
    describeRequest: () => ({ write: false }),
    faultResponse: (fault) => {
      const throttled = fault.status === 429;
      return aadError({
        status: fault.status,
        error: throttled || fault.status >= 500 ? "temporarily_unavailable" : "invalid_request",
        code: throttled ? 50196 : fault.status >= 500 ? 90033 : 90000,
        description: throttled ? "The server terminated an operation because it encountered a client request loop or too many requests (lab fault rule " + fault.ruleId + ")." : `A transient error has occurred. Please try again. (lab fault rule ${fault.ruleId})`,
      });
    },
    routes: [
      route("GET", /^\/(?<tenant>[^/]+)\/v2\.0\/\.well-known\/openid-configuration$/, (req, entra, lab) => openIdConfiguration(req, entra, lab, "v2.0")),
      route("GET", /^\/(?<tenant>[^/]+)\/\.well-known\/openid-configuration$/, (req, entra, lab) => openIdConfiguration(req, entra, lab, "v1.0")),
      route("GET", /^\/(?<tenant>[^/]+)\/discovery(?:\/v2\.0)?\/keys$/, (req, entra) => {
        if (req.params.tenant !== "common") resolveTenant(entra, req.params.tenant ?? "");
        return json(200, { keys: publishedKeys(entra) });
      }),
      route("POST", /^\/(?<tenant>[^/]+)\/oauth2\/v2\.0\/token$/, (req, entra, lab) => token(req, entra, lab)),
      route("POST", /^\/(?<tenant>[^/]+)\/oauth2\/token$/, () => {
        throw new AadError(400, "invalid_request", 90000, "The lab's entra simulator serves the v2.0 token endpoint only (/{tenant}/oauth2/v2.0/token with scope=<resource>/.default).");
      }),
      route("GET", "/github-actions/idtoken", (req, entra) => gitHubIdToken(req, entra)),
    ],
  });
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): LabResponse {
  return { status, body, headers: { "content-type": "application/json; charset=utf-8", ...headers } };
}

function correlationIdOf(req: LabRequest): string | undefined {
  const fromQuery = req.query.get("client-request-id");
  const fromHeader = req.headers["client-request-id"] ?? req.headers["x-ms-client-request-id"];
  return fromQuery ?? (typeof fromHeader === "string" ? fromHeader : undefined);
}

/** The lab's base URL as the client addressed it (127.0.0.1, localhost or [::1]), for discovery documents. */
export function publicBase(req: LabRequest, lab: LabServiceContext): string {
  const host = req.headers.host;
  const port = new URL(lab.url).port;
  if (typeof host === "string" && /^(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(host) && host.endsWith(`:${port}`)) return `https://${host}`;
  return lab.url;
}

function resolveTenant(entra: EntraState, alias: string): EntraState["tenant"] {
  const wanted = alias.toLowerCase();
  const tenant = entra.tenant;
  if ([tenant.id, tenant.initialDomain.toLowerCase(), tenant.defaultDomain.toLowerCase()].includes(wanted)) return tenant;
  throw TENANT_NOT_FOUND(alias);
}

function openIdConfiguration(req: LabRequest, entra: EntraState, lab: LabServiceContext, version: "v1.0" | "v2.0"): LabResponse {
  const tenant = resolveTenant(entra, req.params.tenant ?? "");
  const base = `${publicBase(req, lab)}/${tenant.id}`;
  const v2 = version === "v2.0";
  return json(200, {
    token_endpoint: v2 ? `${base}/oauth2/v2.0/token` : `${base}/oauth2/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: v2 ? `${base}/discovery/v2.0/keys` : `${base}/discovery/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: v2 ? `${base}/v2.0` : `https://sts.windows.net/${tenant.id}/`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: "https://graph.microsoft.com/oidc/userinfo",
    authorization_endpoint: v2 ? `${base}/oauth2/v2.0/authorize` : `${base}/oauth2/authorize`,
    device_authorization_endpoint: v2 ? `${base}/oauth2/v2.0/devicecode` : `${base}/oauth2/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: v2 ? `${base}/oauth2/v2.0/logout` : `${base}/oauth2/logout`,
    claims_supported: ["sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: "NA",
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
    rbac_url: "https://pas.windows.net",
  });
}

function publishedKeys(entra: EntraState): Record<string, unknown>[] {
  return entra.signingKeys.map((key) => {
    const info = certificateInfo(key.certificatePem);
    const jwk = rsaPublicJwk(key.certificatePem, key.kid);
    return { kty: jwk.kty, use: "sig", kid: key.kid, x5t: key.kid, n: jwk.n, e: jwk.e, x5c: [info.derBase64], issuer: `https://login.microsoftonline.com/${entra.tenant.id}/v2.0` };
  });
}

function token(req: LabRequest, entra: EntraState, lab: LabServiceContext): LabResponse {
  const tenant = resolveTenant(entra, req.params.tenant ?? "");
  const contentType = String(req.headers["content-type"] ?? "");
  if (!contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    throw new AadError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'. (The body must be application/x-www-form-urlencoded.)");
  }
  const form = new URLSearchParams(req.text());
  const param = (name: string): string | undefined => {
    const value = form.get(name);
    return value === null || value === "" ? undefined : value;
  };
  const grantType = param("grant_type");
  if (grantType === undefined) throw new AadError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
  if (grantType !== "client_credentials") throw new AadError(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grantType}'. The lab's entra simulator serves client_credentials only.`);
  const clientId = param("client_id");
  if (clientId === undefined) throw new AadError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
  const app = entra.applications.find((candidate) => candidate.appId.toLowerCase() === clientId.toLowerCase());
  if (!app) {
    throw new AadError(400, "unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant.displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`);
  }
  const scope = param("scope");
  if (scope === undefined) throw new AadError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'scope'.");
  const resourceScopes = scope.split(/\s+/).filter((item) => item !== "" && !OIDC_SCOPES.has(item.toLowerCase()));
  if (resourceScopes.length !== 1) {
    throw new AadError(400, "invalid_scope", 70011, `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid. A client credentials request names exactly one resource, as <resource>/.default.`);
  }
  const requested = resourceScopes[0] as string;
  if (!requested.endsWith("/.default")) {
    throw new AadError(400, "invalid_scope", 1002012, `The provided value for scope ${requested} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
  }
  const resourceName = requested.slice(0, -"/.default".length);
  const resource = findResource(resourceName) ?? (isLabGraph(resourceName, lab) ? MICROSOFT_GRAPH : undefined);
  if (!resource) {
    throw new AadError(400, "invalid_resource", 500011, `The resource principal named ${resourceName} was not found in the tenant named ${tenant.displayName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`);
  }
  const nowSeconds = Math.floor(Date.now() / 1000);
  const bases = new Set([publicBase(req, lab), lab.url]);
  const aliases = [tenant.id, tenant.initialDomain, tenant.defaultDomain, req.params.tenant ?? ""];
  const tokenEndpoints = [...bases].flatMap((base) => aliases.flatMap((alias) => [`${base}/${alias}/oauth2/v2.0/token`, `${base}/${alias}/oauth2/token`, `${base}/${alias}/v2.0`]));
  const method = authenticateClient(entra, app, {
    clientSecret: param("client_secret"),
    clientAssertionType: param("client_assertion_type"),
    clientAssertion: param("client_assertion"),
    tokenEndpoints,
    nowSeconds,
  });
  const issued = issueAccessToken(entra, app, resource, resourceName.replace(/\/+$/, ""), method === "secret" ? "secret" : "assertion", nowSeconds);
  return json(200, { token_type: "Bearer", expires_in: issued.expiresIn, ext_expires_in: issued.expiresIn, access_token: issued.token }, {
    "cache-control": "no-store, no-cache",
    pragma: "no-cache",
    "x-ms-request-id": newGuid(),
    ...(correlationIdOf(req) ? { "client-request-id": correlationIdOf(req) as string } : {}),
  });
}

function gitHubIdToken(req: LabRequest, entra: EntraState): LabResponse {
  const issuer = entra.gitHubActions;
  const authorization = String(req.headers.authorization ?? "");
  const presented = /^Bearer\s+(.+)$/i.exec(authorization)?.[1];
  if (presented !== issuer.requestToken) {
    return json(401, { message: "Unable to get ACTIONS_ID_TOKEN_REQUEST_URL token: the bearer token is not the lab's ACTIONS_ID_TOKEN_REQUEST_TOKEN." });
  }
  const nowSeconds = Math.floor(Date.now() / 1000);
  const audience = req.query.get("audience") ?? `https://github.com/${issuer.claims.repository_owner ?? "contoso"}`;
  const value = signJwt(
    { typ: "JWT", kid: issuer.kid, x5t: issuer.kid },
    { jti: newGuid(), ...issuer.claims, aud: audience, iss: issuer.issuer, nbf: nowSeconds - 5, iat: nowSeconds - 5, exp: nowSeconds + 300, run_id: "1", run_number: "1", run_attempt: "1", actor: "lab" },
    issuer.privateKeyPem,
  );
  return json(200, { count: 1, value });
}

// ---------------------------------------------------------------------------------------------
// seed data

const DIRECTORY_ROLE_NAMES: Readonly<Record<string, string>> = {
  "global administrator": DIRECTORY_ROLES.globalAdministrator,
  "teams administrator": DIRECTORY_ROLES.teamsAdministrator,
  "teams communications administrator": DIRECTORY_ROLES.teamsCommunicationsAdministrator,
};

/**
 * Entra seed data:
 *   { accessTokenLifetimeSeconds?, applications?: [{ appId, displayName?, secrets?: [{ value, displayName?, endDateTime? }],
 *     certificates?: [{ pem, endDateTime? }], federatedCredentials?: [{ name, issuer, subject, audiences? }],
 *     graphPermissions?: [..], directoryRoles?: [..] }], removeApplications?: [appId], federatedIssuers?: [{ issuer, keys: [JWK] }] }
 * An application with a known appId is replaced, a new one added.
 */
export function applyEntraSeed(entra: EntraState, data: unknown): EntraState {
  const read: SeedReader = new SeedReader("entra");
  const input = read.object(data, "the data", ["accessTokenLifetimeSeconds", "applications", "removeApplications", "federatedIssuers"]);
  if (input.accessTokenLifetimeSeconds !== undefined) entra.accessTokenLifetimeSeconds = read.integer(input.accessTokenLifetimeSeconds, "accessTokenLifetimeSeconds", -3600, 86_400);
  if (input.removeApplications !== undefined) {
    const remove = new Set(read.strings(input.removeApplications, "removeApplications").map((id) => id.toLowerCase()));
    entra.applications = entra.applications.filter((app) => !remove.has(app.appId.toLowerCase()));
  }
  if (input.applications !== undefined) {
    read.list(input.applications, "applications").forEach((raw, index) => {
      const where = `applications[${index}]`;
      const spec = read.object(raw, where, ["appId", "displayName", "secrets", "certificates", "federatedCredentials", "graphPermissions", "directoryRoles"]);
      const appId = read.string(spec.appId, `${where}.appId`).toLowerCase();
      const app: AppRegistration = {
        appId,
        displayName: read.optionalString(spec.displayName, `${where}.displayName`) ?? appId,
        servicePrincipalId: guidFrom(`sp:${appId}`),
        passwordCredentials: (spec.secrets === undefined ? [] : read.list(spec.secrets, `${where}.secrets`)).map((item, i) => {
          const secret = read.object(item, `${where}.secrets[${i}]`, ["value", "displayName", "endDateTime"]);
          return passwordCredential(read.optionalString(secret.displayName, `${where}.secrets[${i}].displayName`) ?? `secret ${i + 1} of ${appId}`, read.string(secret.value, `${where}.secrets[${i}].value`), "2025-01-01T00:00:00Z", dateOf(read, secret.endDateTime, `${where}.secrets[${i}].endDateTime`) ?? "2099-12-31T00:00:00Z");
        }),
        keyCredentials: (spec.certificates === undefined ? [] : read.list(spec.certificates, `${where}.certificates`)).map((item, i) => {
          const certificate = read.object(item, `${where}.certificates[${i}]`, ["pem", "displayName", "endDateTime"]);
          const pem = read.string(certificate.pem, `${where}.certificates[${i}].pem`);
          try {
            createPublicKey(pem);
          } catch {
            read.fail(`${where}.certificates[${i}].pem is not a PEM certificate`);
          }
          return keyCredential(read.optionalString(certificate.displayName, `${where}.certificates[${i}].displayName`) ?? `certificate ${i + 1}`, pem, "2025-01-01T00:00:00Z", dateOf(read, certificate.endDateTime, `${where}.certificates[${i}].endDateTime`));
        }),
        federatedIdentityCredentials: (spec.federatedCredentials === undefined ? [] : read.list(spec.federatedCredentials, `${where}.federatedCredentials`)).map((item, i) => {
          const fic = read.object(item, `${where}.federatedCredentials[${i}]`, ["name", "issuer", "subject", "audiences"]);
          const name = read.string(fic.name, `${where}.federatedCredentials[${i}].name`);
          return {
            id: guidFrom(`fic:${appId}:${name}`),
            name,
            issuer: read.string(fic.issuer, `${where}.federatedCredentials[${i}].issuer`),
            subject: read.string(fic.subject, `${where}.federatedCredentials[${i}].subject`),
            audiences: fic.audiences === undefined ? ["api://AzureADTokenExchange"] : read.strings(fic.audiences, `${where}.federatedCredentials[${i}].audiences`),
          };
        }),
        grantedAppRoles: { [MICROSOFT_GRAPH.appId]: spec.graphPermissions === undefined ? [] : read.strings(spec.graphPermissions, `${where}.graphPermissions`) },
        directoryRoleTemplateIds: (spec.directoryRoles === undefined ? [] : read.strings(spec.directoryRoles, `${where}.directoryRoles`)).map((role, i) => {
          const id = DIRECTORY_ROLE_NAMES[role.toLowerCase()] ?? (/^[0-9a-f-]{36}$/i.test(role) ? role.toLowerCase() : undefined);
          if (id === undefined) read.fail(`${where}.directoryRoles[${i}] must be a role template id or one of ${Object.keys(DIRECTORY_ROLE_NAMES).join(", ")}, got "${role}"`);
          return id as string;
        }),
      };
      entra.applications = [...entra.applications.filter((existing) => existing.appId !== appId), app];
    });
  }
  if (input.federatedIssuers !== undefined) {
    read.list(input.federatedIssuers, "federatedIssuers").forEach((raw, index) => {
      const where = `federatedIssuers[${index}]`;
      const spec = read.object(raw, where, ["issuer", "keys"]);
      const issuer = read.string(spec.issuer, `${where}.issuer`);
      const keys = read.list(spec.keys, `${where}.keys`).map((item, i): PublicJwk => {
        const jwk = read.object(item, `${where}.keys[${i}]`);
        if (jwk.kty !== "RSA") read.fail(`${where}.keys[${i}].kty must be "RSA"`);
        return { kty: "RSA", kid: read.string(jwk.kid, `${where}.keys[${i}].kid`), n: read.string(jwk.n, `${where}.keys[${i}].n`), e: read.string(jwk.e, `${where}.keys[${i}].e`) };
      });
      for (const key of keys) {
        try {
          createPublicKey({ key: { kty: key.kty, n: key.n, e: key.e }, format: "jwk" });
        } catch {
          read.fail(`${where}: key ${key.kid} is not a valid RSA public key`);
        }
      }
      entra.federatedIssuers = [...entra.federatedIssuers.filter((existing) => existing.issuer !== issuer), { issuer, keys }];
    });
  }
  return entra;
}

function dateOf(read: SeedReader, value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined;
  const text = read.string(value, where);
  if (Number.isNaN(Date.parse(text))) read.fail(`${where} must be an ISO 8601 date, got ${JSON.stringify(text)}`);
  return new Date(text).toISOString();
}

/**
 * The lab's Graph answers at its own URL, so Entra knows that URL as an identifier of
 * Microsoft Graph, as each national cloud's Graph host is in its cloud: a client derives the
 * scope from the Graph base URL it talks to (`<origin>/.default`) and gets a token for it.
 */
function isLabGraph(resourceName: string, lab: LabServiceContext): boolean {
  let graphUrl: string;
  try {
    graphUrl = lab.urlOf("graph");
  } catch {
    return false;
  }
  return resourceName.replace(/\/+$/, "").toLowerCase() === graphUrl.replace(/\/+$/, "").toLowerCase();
}
