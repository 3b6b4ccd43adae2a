// Access tokens: issued by the entra simulator, checked by the graph and teams simulators the way
// the real resources check Entra's tokens (signature against the tenant's keys, lifetime,
// audience, tenant). App-only tokens in the v1.0 format Graph receives.
import { createPublicKey } from "node:crypto";
import type { AppRegistration, EntraState } from "../tenant/types";
import { newGuid } from "../tenant/ids";
import { decodeJwt, JwtFormatError, signJwt, verifyJwtSignature } from "./jwt";
import type { ResourceApplication } from "./resources";

export interface AccessTokenClaims {
  readonly aud: string;
  readonly iss: string;
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
  readonly appid: string;
  /** "1": client secret, "2": certificate or federated assertion. */
  readonly appidacr: "1" | "2";
  readonly idp: string;
  readonly idtyp: "app";
  readonly oid: string;
  readonly sub: string;
  readonly tid: string;
  readonly roles?: readonly string[];
  readonly wids?: readonly string[];
  readonly uti: string;
  readonly ver: "1.0";
}

/** Clock skew tolerated on `nbf`/`exp`, as token validation libraries allow. */
export const CLOCK_SKEW_SECONDS = 300;

export function issuerOf(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

export function issueAccessToken(entra: EntraState, app: AppRegistration, resource: ResourceApplication, audience: string, authMethod: "secret" | "assertion", nowSeconds: number): { token: string; expiresIn: number } {
  const key = entra.signingKeys[0];
  if (!key) throw new Error("the entra partition has no signing key");
  const expiresIn = entra.accessTokenLifetimeSeconds;
  const roles = app.grantedAppRoles[resource.appId] ?? [];
  const claims: AccessTokenClaims = {
    aud: audience,
    iss: issuerOf(entra.tenant.id),
    iat: nowSeconds,
    nbf: nowSeconds,
    exp: nowSeconds + expiresIn,
    appid: app.appId,
    appidacr: authMethod === "secret" ? "1" : "2",
    idp: issuerOf(entra.tenant.id),
    idtyp: "app",
    oid: app.servicePrincipalId,
    sub: app.servicePrincipalId,
    tid: entra.tenant.id,
    ...(roles.length > 0 ? { roles: [...roles] } : {}),
    ...(app.directoryRoleTemplateIds.length > 0 ? { wids: [...app.directoryRoleTemplateIds] } : {}),
    uti: newGuid().replace(/-/g, "").slice(0, 22),
    ver: "1.0",
  };
  const token = signJwt({ typ: "JWT", x5t: key.kid, kid: key.kid }, { ...claims }, key.privateKeyPem);
  return { token, expiresIn };
}

export type TokenCheck =
  | { readonly ok: true; readonly claims: AccessTokenClaims }
  | { readonly ok: false; readonly message: string };

/**
 * Checks a bearer token as Graph does. Messages follow Graph's InvalidAuthenticationToken
 * answers ("Access token is empty.", "...has expired or is not yet valid.").
 */
export function validateAccessToken(entra: EntraState, authorization: string | undefined, audiences: readonly string[], nowSeconds: number): TokenCheck {
  const match = /^Bearer\s+(.*)$/i.exec(authorization?.trim() ?? "");
  const token = match?.[1]?.trim() ?? "";
  if (token === "") return { ok: false, message: "Access token is empty." };
  let jwt;
  try {
    jwt = decodeJwt(token);
  } catch (error) {
    if (error instanceof JwtFormatError) return { ok: false, message: "CompactToken parsing failed with error code: 80049217" };
    throw error;
  }
  const key = entra.signingKeys.find((candidate) => candidate.kid === jwt.header.kid);
  if (!key || jwt.header.alg !== "RS256" || !verifyJwtSignature(jwt, createPublicKey(key.certificatePem))) {
    return { ok: false, message: "Access token validation failure." };
  }
  const claims = jwt.payload as unknown as AccessTokenClaims;
  if (claims.tid !== entra.tenant.id || claims.iss !== issuerOf(entra.tenant.id)) return { ok: false, message: "Access token validation failure. Invalid issuer." };
  if (typeof claims.exp !== "number" || typeof claims.nbf !== "number" || claims.exp + CLOCK_SKEW_SECONDS <= nowSeconds || claims.nbf - CLOCK_SKEW_SECONDS > nowSeconds) {
    return { ok: false, message: "Access token has expired or is not yet valid." };
  }
  if (typeof claims.aud !== "string" || !audiences.includes(claims.aud)) return { ok: false, message: "Access token validation failure. Invalid audience." };
  return { ok: true, claims };
}

/** Whether the token carries one of `permissions` as an application role. */
export function hasAnyRole(claims: AccessTokenClaims, permissions: readonly string[]): boolean {
  return (claims.roles ?? []).some((role) => permissions.includes(role));
}
