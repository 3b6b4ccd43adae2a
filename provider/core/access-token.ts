// Getting a bearer token from a credential, with failures turned into one error type that says
// which scope was asked for and why it failed, and never carries the credential's internals.
import { redactText } from "./redaction";

/** Anything that mints access tokens; `@azure/identity`'s TokenCredential fits. */
export interface AccessTokenSource {
  getToken(scopes: string | string[]): Promise<{ readonly token: string; readonly expiresOnTimestamp: number } | null>;
}

const ACCESS_TOKEN_ERROR = Symbol.for("ucflow.AccessTokenError");

/** The credential could not produce a token (not configured, rejected by Entra, unreachable). */
export class AccessTokenError extends Error {
  readonly scopes: readonly string[];
  /** The credential library's error name, e.g. `CredentialUnavailableError`. */
  readonly credentialError: string;

  constructor(scopes: readonly string[], credentialError: string, message: string) {
    super(`could not get an access token for ${scopes.join(" ")}: ${redactText(message)}`);
    this.name = "AccessTokenError";
    this.scopes = [...scopes];
    this.credentialError = credentialError;
  }
}
Object.defineProperty(AccessTokenError.prototype, ACCESS_TOKEN_ERROR, { value: true, enumerable: false });

export function isAccessTokenError(e: unknown): e is AccessTokenError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[ACCESS_TOKEN_ERROR] === true;
}

/** The token for `scopes`, or an AccessTokenError. */
export async function getAccessToken(source: AccessTokenSource, scopes: readonly string[]): Promise<string> {
  let result: { readonly token: string } | null;
  try {
    result = await source.getToken([...scopes]);
  } catch (error) {
    const name = error instanceof Error ? error.name : "Error";
    const message = error instanceof Error ? error.message : String(error);
    throw new AccessTokenError(scopes, name, message);
  }
  if (result === null || typeof result.token !== "string" || result.token === "") {
    throw new AccessTokenError(scopes, "EmptyToken", "the credential returned no token");
  }
  return result.token;
}
