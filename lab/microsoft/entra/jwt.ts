// JSON Web Tokens as Entra issues and accepts them (RFC 7519, JWS compact form), on node:crypto:
// RS256 for what the lab signs; RS256 and PS256 accepted on client assertions (MSAL signs
// certificate assertions with PS256 when it has a SHA-256 thumbprint, RS256 otherwise).
import { constants, createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify, X509Certificate } from "node:crypto";
import type { PublicJwk } from "../tenant/types";

export interface DecodedJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly signingInput: string;
  readonly signature: Buffer;
}

export class JwtFormatError extends Error {
  override readonly name = "JwtFormatError";
}

export function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

/** Splits and parses a compact JWS; throws JwtFormatError when it is not one. */
export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part)) || parts[0] === "" || parts[1] === "") {
    throw new JwtFormatError("not a compact JWS (three base64url parts separated by dots)");
  }
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = parseJsonPart(headerPart, "header");
  const payload = parseJsonPart(payloadPart, "payload");
  return { header, payload, signingInput: `${headerPart}.${payloadPart}`, signature: Buffer.from(signaturePart, "base64url") };
}

function parseJsonPart(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    throw new JwtFormatError(`the ${what} is not base64url-encoded JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new JwtFormatError(`the ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** Signs with RS256. */
export function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, privateKeyPem: string): string {
  const signingInput = `${base64UrlJson({ ...header, alg: "RS256" })}.${base64UrlJson(payload)}`;
  const signature = sign("sha256", Buffer.from(signingInput), createPrivateKey(privateKeyPem));
  return `${signingInput}.${signature.toString("base64url")}`;
}

export const ACCEPTED_ALGORITHMS = ["RS256", "PS256"] as const;

/** Verifies the signature with `key`; false for a wrong signature or an algorithm other than RS256/PS256. */
export function verifyJwtSignature(jwt: DecodedJwt, key: KeyObject): boolean {
  const data = Buffer.from(jwt.signingInput);
  try {
    switch (jwt.header.alg) {
      case "RS256":
        return verify("sha256", data, key, jwt.signature);
      case "PS256":
        return verify("sha256", data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, jwt.signature);
      default:
        return false;
    }
  } catch {
    return false;
  }
}

export function publicKeyFromJwk(jwk: PublicJwk): KeyObject {
  return createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: "jwk" });
}

/** The public JWK of an RSA private or public key in PEM. */
export function rsaPublicJwk(pem: string, kid: string): PublicJwk {
  const exported = createPublicKey(pem).export({ format: "jwk" }) as { kty?: string; n?: string; e?: string };
  if (exported.kty !== "RSA" || exported.n === undefined || exported.e === undefined) throw new Error("expected an RSA key");
  return { kty: "RSA", use: "sig", alg: "RS256", kid, n: exported.n, e: exported.e };
}

export interface CertificateInfo {
  /** Upper-case hex. */
  readonly thumbprintSha1: string;
  readonly thumbprintSha256: string;
  /** DER in base64, as in an `x5c` entry. */
  readonly derBase64: string;
  readonly publicKey: KeyObject;
  readonly validTo: Date;
}

export function certificateInfo(pem: string): CertificateInfo {
  const certificate = new X509Certificate(pem);
  return {
    thumbprintSha1: createHash("sha1").update(certificate.raw).digest("hex").toUpperCase(),
    thumbprintSha256: createHash("sha256").update(certificate.raw).digest("hex").toUpperCase(),
    derBase64: certificate.raw.toString("base64"),
    publicKey: certificate.publicKey,
    validTo: new Date(certificate.validTo),
  };
}

/** The `x5t` / `x5t#S256` header value of a thumbprint given in hex. */
export function thumbprintHeader(hex: string): string {
  return Buffer.from(hex, "hex").toString("base64url");
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
