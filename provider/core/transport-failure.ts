// Why a request got no HTTP response, which decides whether it may be sent again: a request
// that never left (connection refused, name not resolved) is safe to repeat; one that may
// have reached the server (reset, timeout) is safe only if it is idempotent; TLS failures and
// cancellations are not transient at all.

export type TransportFailure = "not-sent" | "no-response" | "tls" | "aborted";

const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

// Every X509 certificate error code Node reports from OpenSSL (Node's tls docs, "X509
// certificate error codes"): a verification failure, never a reason to retry.
const TLS_CODES = new Set([
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_CRL",
  "UNABLE_TO_DECRYPT_CERT_SIGNATURE",
  "UNABLE_TO_DECRYPT_CRL_SIGNATURE",
  "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY",
  "CERT_SIGNATURE_FAILURE",
  "CRL_SIGNATURE_FAILURE",
  "CERT_NOT_YET_VALID",
  "CERT_HAS_EXPIRED",
  "CRL_NOT_YET_VALID",
  "CRL_HAS_EXPIRED",
  "ERROR_IN_CERT_NOT_BEFORE_FIELD",
  "ERROR_IN_CERT_NOT_AFTER_FIELD",
  "ERROR_IN_CRL_LAST_UPDATE_FIELD",
  "ERROR_IN_CRL_NEXT_UPDATE_FIELD",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "CERT_CHAIN_TOO_LONG",
  "CERT_REVOKED",
  "INVALID_CA",
  "PATH_LENGTH_EXCEEDED",
  "INVALID_PURPOSE",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "HOSTNAME_MISMATCH",
]);

export function classifyTransportFailure(error: unknown): TransportFailure {
  const { name, code } = innermost(error);
  if (name === "AbortError") return "aborted";
  if (code !== undefined) {
    if (NOT_SENT_CODES.has(code)) return "not-sent";
    if (TLS_CODES.has(code) || code.startsWith("ERR_TLS_") || code.startsWith("ERR_SSL_")) return "tls";
  }
  return "no-response";
}

/** A short description for errors and logs, with the fix for the one failure users can fix. */
export function describeTransportFailure(error: unknown): string {
  const { message, code } = innermost(error);
  const failure = classifyTransportFailure(error);
  const codeText = code ? ` (${code})` : "";
  switch (failure) {
    case "tls":
      return `TLS failure${codeText}: ${message}; if the server uses a private CA (such as the ucflow lab), set NODE_EXTRA_CA_CERTS to its CA certificate file`;
    case "aborted":
      return "request cancelled";
    case "not-sent":
      return `could not connect${codeText}: ${message}`;
    default:
      return `no response${codeText}: ${message}`;
  }
}

/** Node's fetch wraps the socket error in `cause`; the useful name and code are at the bottom. */
function innermost(error: unknown): { name?: string; code?: string; message: string } {
  let current: unknown = error;
  let name: string | undefined;
  let code: string | undefined;
  let message = String(error);
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    const e = current as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown };
    if (typeof e.name === "string" && (name === undefined || e.name === "AbortError" || e.name === "TimeoutError")) name = e.name;
    if (typeof e.code === "string") code = e.code;
    if (typeof e.message === "string" && e.message !== "") message = e.message;
    current = e.cause;
  }
  return { name, code, message };
}
