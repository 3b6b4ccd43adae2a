// LDAP failures as typed errors with context: which step (connecting, StartTLS, binding,
// searching), against what, the LDAP result, and what to do about it. ldapts raises one class
// per result code (with `code`), plain Node errors for sockets and TLS, and plain Errors for
// connections that close or time out mid-operation.
import { ResultCodeError } from "ldapts";
import { type ErrorContext, TransportError, UcflowError } from "../../core/errors";
import { classifyTransportFailure } from "../../core/transport-failure";

export type LdapStep = "connecting to" | "starting TLS with" | "binding to" | "searching";

/** Result codes that mean "not now": busy (51), unavailable (52). */
const TRANSIENT_RESULT_CODES: ReadonlySet<number> = new Set([51, 52]);

/** Socket errors after the connection was made: the server went away or stopped answering. */
const DROPPED_CONNECTION_CODES: ReadonlySet<string> = new Set(["ECONNRESET", "ETIMEDOUT", "EPIPE"]);

const RESULT_HINTS: Readonly<Record<number, string>> = {
  4: "the server's size limit stopped the paged search; on OpenLDAP allow paging past it (limits ... size.prtotal=unlimited), on Active Directory keep the page size at or below MaxPageSize (1000)",
  8: "the server requires a stronger (TLS-protected) bind; use ldaps:// or StartTLS",
  13: "the server requires TLS; use ldaps:// or StartTLS",
  32: "the base DN does not exist on this server; check ucflow:ldapBaseDn",
  34: "the DN is not valid LDAP syntax; check ucflow:ldapBaseDn and ucflow:ldapBindDn",
  49: "the bind DN or password is wrong (ucflow:ldapBindDn, ucflow:ldapBindPassword), or the account is locked or expired",
  50: "the bind account may not read these entries; grant it read access to the base DN",
};

/** The ldapts class name without "Error" ("InvalidCredentials"), or the code in hex. */
function resultName(error: ResultCodeError): string {
  const name = error.constructor.name.replace(/Error$/, "");
  return name === "ResultCode" || name === "" ? `LdapResult${error.code}` : name;
}

/** Whether trying the whole read again later may succeed (the search is read-only, so repeating is safe). */
export function isTransientLdapFailure(error: unknown): boolean {
  if (error instanceof ResultCodeError) return TRANSIENT_RESULT_CODES.has(error.code);
  if (error instanceof UcflowError) return error.retryable;
  const failure = classifyTransportFailure(error);
  if (failure === "tls" || failure === "aborted") return false;
  if (failure === "not-sent") return true;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown })?.code;
  return (typeof code === "string" && DROPPED_CONNECTION_CODES.has(code)) || /Connection closed|Socket error|timed out|Connection timeout|socket hang up/i.test(message);
}

/** The typed error for a failure at one step. Never holds the password (it is never in ldapts' messages either). */
export function ldapError(step: LdapStep, object: string, error: unknown): UcflowError {
  if (error instanceof UcflowError) return error;
  const context: ErrorContext = { backend: "ldap", operation: step, object };
  if (error instanceof ResultCodeError) {
    const message = error.message.replace(/ Code: 0x[0-9a-f]+$/i, "");
    const hint = RESULT_HINTS[error.code];
    return new UcflowError(context, {
      code: resultName(error),
      detail: `${message} (result code ${error.code})${hint ? `; ${hint}` : ""}`,
      retryable: TRANSIENT_RESULT_CODES.has(error.code),
      cause: error,
    });
  }
  const failure = classifyTransportFailure(error);
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (failure === "tls") {
    return new TransportError(context, {
      code: typeof code === "string" ? code : "TlsFailure",
      detail: `TLS failure: ${message}; the server's certificate must chain to a trusted CA and name the host: set ucflow:ldapCaCertPath (or ucflow:ldapCaCert) to the directory's CA certificate, or NODE_EXTRA_CA_CERTS for a private CA such as the ucflow lab's`,
      retryable: false,
      cause: error,
    });
  }
  return new TransportError(context, {
    ...(typeof code === "string" ? { code } : {}),
    detail: failure === "not-sent" ? `could not connect: ${message}` : message,
    retryable: isTransientLdapFailure(error),
    cause: error,
  });
}
