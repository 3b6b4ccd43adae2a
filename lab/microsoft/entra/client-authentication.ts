// How the token endpoint authenticates a confidential client: a client secret, a certificate
// assertion (RFC 7523 JWT signed with a registered certificate's key) or a federated assertion
// (a token of a trusted OIDC issuer matching a federated identity credential of the app).
import { createPublicKey, timingSafeEqual, X509Certificate } from "node:crypto";
import type { AppRegistration, EntraState, KeyCredential } from "../tenant/types";
import { AadError } from "./aad-errors";
import { CLOCK_SKEW_SECONDS } from "./access-tokens";
import { decodeJwt, type DecodedJwt, JwtFormatError, publicKeyFromJwk, sha256Hex, verifyJwtSignature } from "./jwt";

export const JWT_BEARER_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export interface ClientAuthenticationRequest {
  readonly clientSecret?: string;
  readonly clientAssertionType?: string;
  readonly clientAssertion?: string;
  /** Audiences a certificate assertion may carry: the token endpoint URLs of this tenant. */
  readonly tokenEndpoints: readonly string[];
  readonly nowSeconds: number;
}

export type ClientAuthMethod = "secret" | "certificate" | "federated";

/** Authenticates the client or throws an AadError in Entra's words. */
export function authenticateClient(entra: EntraState, app: AppRegistration, request: ClientAuthenticationRequest): ClientAuthMethod {
  const { clientSecret, clientAssertion, clientAssertionType } = request;
  if (clientSecret !== undefined && clientAssertion !== undefined) {
    throw new AadError(400, "invalid_request", 90023, "The request contains both 'client_secret' and 'client_assertion'; send one client credential.");
  }
  if (clientSecret !== undefined) {
    checkSecret(app, clientSecret, request.nowSeconds);
    return "secret";
  }
  if (clientAssertion === undefined) {
    throw new AadError(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  if (clientAssertionType !== JWT_BEARER_ASSERTION_TYPE) {
    throw new AadError(400, "invalid_request", 900144, `The request body must contain the following parameter: 'client_assertion_type' with the value '${JWT_BEARER_ASSERTION_TYPE}'.`);
  }
  let jwt: DecodedJwt;
  try {
    jwt = decodeJwt(clientAssertion);
  } catch (error) {
    if (error instanceof JwtFormatError) throw new AadError(401, "invalid_client", 50027, "JWT token is invalid or malformed.");
    throw error;
  }
  const { header, payload } = jwt;
  // A certificate assertion is issued by the app itself; anything from a trusted OIDC issuer is a
  // federated one (GitHub's tokens carry x5t too, so the header alone does not decide).
  const fromTrustedIssuer = entra.federatedIssuers.some((issuer) => issuer.issuer === payload.iss);
  const certificateAssertion = !fromTrustedIssuer && (payload.iss === app.appId || payload.sub === app.appId || header.x5t !== undefined || header["x5t#S256"] !== undefined || header.x5c !== undefined);
  if (certificateAssertion) {
    checkCertificateAssertion(app, jwt, request);
    return "certificate";
  }
  checkFederatedAssertion(entra, app, jwt, request.nowSeconds);
  return "federated";
}

function checkSecret(app: AppRegistration, secret: string, nowSeconds: number): void {
  const digest = Buffer.from(sha256Hex(secret), "hex");
  const match = app.passwordCredentials.find((credential) => {
    const stored = Buffer.from(credential.secretSha256, "hex");
    return stored.length === digest.length && timingSafeEqual(stored, digest);
  });
  if (!match) {
    throw new AadError(401, "invalid_client", 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'.`);
  }
  if (Date.parse(match.endDateTime) / 1000 <= nowSeconds) {
    throw new AadError(401, "invalid_client", 7000222, `The provided client secret keys for app '${app.appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`);
  }
}

function checkCertificateAssertion(app: AppRegistration, jwt: DecodedJwt, request: ClientAuthenticationRequest): void {
  const { header, payload } = jwt;
  if (payload.iss !== app.appId || payload.sub !== app.appId) {
    throw new AadError(401, "invalid_client", 700021, "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials .");
  }
  let sha1: string | undefined;
  let sha256: string | undefined;
  if (typeof header["x5t#S256"] === "string") sha256 = Buffer.from(header["x5t#S256"], "base64url").toString("hex").toUpperCase();
  if (typeof header.x5t === "string") sha1 = Buffer.from(header.x5t, "base64url").toString("hex").toUpperCase();
  if (sha1 === undefined && sha256 === undefined && Array.isArray(header.x5c) && typeof header.x5c[0] === "string") {
    try {
      const certificate = new X509Certificate(Buffer.from(header.x5c[0], "base64"));
      sha256 = certificate.fingerprint256.replace(/:/g, "");
    } catch {
      throw new AadError(401, "invalid_client", 50027, "JWT token is invalid or malformed. The x5c header does not hold a certificate.");
    }
  }
  const presented = sha256 ?? sha1 ?? "(none)";
  const key: KeyCredential | undefined = app.keyCredentials.find((credential) => (sha256 !== undefined && credential.thumbprintSha256 === sha256) || (sha1 !== undefined && credential.thumbprintSha1 === sha1));
  const keyHelp = `Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${app.appId}'.`;
  if (!key) {
    throw new AadError(401, "invalid_client", 700027, `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${presented}', ${keyHelp}]`);
  }
  if (Date.parse(key.endDateTime) / 1000 <= request.nowSeconds) {
    throw new AadError(401, "invalid_client", 700027, `Client assertion contains an invalid signature. [Reason - The key used is expired., Thumbprint of key used by client: '${presented}', Found key 'Start=${key.startDateTime}, End=${key.endDateTime}', ${keyHelp}]`);
  }
  if (!verifyJwtSignature(jwt, createPublicKey(key.certificatePem))) {
    throw new AadError(401, "invalid_client", 700027, `Client assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value., Thumbprint of key used by client: '${presented}', Found key 'Start=${key.startDateTime}, End=${key.endDateTime}']`);
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.some((aud) => typeof aud === "string" && request.tokenEndpoints.includes(aud))) {
    throw new AadError(401, "invalid_client", 700212, `The audience claim of the client assertion ('${String(payload.aud)}') is not the token endpoint of this tenant ('${request.tokenEndpoints[0] ?? ""}').`);
  }
  checkLifetime(payload, request.nowSeconds, "https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials");
}

function checkFederatedAssertion(entra: EntraState, app: AppRegistration, jwt: DecodedJwt, nowSeconds: number): void {
  const { header, payload } = jwt;
  const issuer = typeof payload.iss === "string" ? payload.iss : "";
  const subject = typeof payload.sub === "string" ? payload.sub : "";
  const audiences = (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).filter((aud): aud is string => typeof aud === "string");
  const trusted = entra.federatedIssuers.find((candidate) => candidate.issuer === issuer);
  if (!trusted) {
    throw new AadError(400, "invalid_request", 50166, `Request to External OIDC endpoint failed. The lab knows no keys of issuer '${issuer}' (register it with the entra seed's federatedIssuers).`);
  }
  const keys = typeof header.kid === "string" ? trusted.keys.filter((key) => key.kid === header.kid) : trusted.keys;
  if (!keys.some((key) => verifyJwtSignature(jwt, publicKeyFromJwk(key)))) {
    throw new AadError(400, "invalid_request", 50013, `Assertion failed signature validation. [Reason - The key was not found or the signature did not verify., Issuer: '${issuer}', kid: '${String(header.kid)}']`);
  }
  checkLifetime(payload, nowSeconds, "https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation");
  const sameIssuerAndSubject = app.federatedIdentityCredentials.filter((credential) => credential.issuer === issuer && credential.subject === subject);
  if (sameIssuerAndSubject.length === 0) {
    throw new AadError(400, "invalid_request", 70021, `No matching federated identity record found for presented assertion. Assertion Issuer: '${issuer}'. Assertion Subject: '${subject}'. Assertion Audience: '${audiences.join(",")}'. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation`);
  }
  if (!sameIssuerAndSubject.some((credential) => credential.audiences.some((audience) => audiences.includes(audience)))) {
    throw new AadError(400, "invalid_request", 700212, `No matching federated identity record found for presented assertion audience '${audiences.join(",")}'. Please note that the matching is done using a case-sensitive comparison. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`);
  }
}

function checkLifetime(payload: Readonly<Record<string, unknown>>, nowSeconds: number, docs: string): void {
  const exp = typeof payload.exp === "number" ? payload.exp : undefined;
  const nbf = typeof payload.nbf === "number" ? payload.nbf : typeof payload.iat === "number" ? payload.iat : undefined;
  const valid = exp !== undefined && exp + CLOCK_SKEW_SECONDS > nowSeconds && (nbf === undefined || nbf - CLOCK_SKEW_SECONDS <= nowSeconds);
  if (!valid) {
    const when = (seconds: number | undefined): string => (seconds === undefined ? "(none)" : new Date(seconds * 1000).toISOString());
    throw new AadError(401, "invalid_client", 700024, `Client assertion is not within its valid time range. Current time: ${when(nowSeconds)}, assertion valid from ${when(nbf)}, expiry time of assertion ${when(exp)}. Review the documentation at ${docs} .`);
  }
}
