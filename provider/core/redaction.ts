// Removes credentials from anything that may be logged or put in an error: header sets,
// free text (URLs, error bodies, form posts) and nested objects. Headers are allowlisted
// (like Azure core-rest-pipeline's Sanitizer): anything not known to be harmless is masked,
// so a new auth header is hidden by default.

export const REDACTED = "REDACTED";

/** Header names whose values are safe to log. Compared in lower case. */
export const LOGGABLE_HEADERS: ReadonlySet<string> = new Set([
  "accept",
  "accept-encoding",
  "cache-control",
  "client-request-id",
  "connection",
  "consistencylevel",
  "content-encoding",
  "content-length",
  "content-type",
  "date",
  "etag",
  "expires",
  "if-match",
  "if-none-match",
  "last-modified",
  "location",
  "odata-version",
  "pragma",
  "prefer",
  "preference-applied",
  "request-id",
  "retry-after",
  "retry-attempt",
  "sdkversion",
  "server",
  "strict-transport-security",
  "transfer-encoding",
  "user-agent",
  "x-ms-ags-diagnostic",
  "x-ms-configapi-powershell-warningmessage",
  "x-ms-correlation-id",
  "x-ms-request-id",
  "x-ms-resource-unit",
  "x-ms-throttle-information",
  "x-ms-throttle-limit-percentage",
  "x-ms-throttle-priority",
  "x-ms-throttle-scope",
]);

/** Object keys whose values are credentials, whatever their shape. */
const SECRET_KEY = /secret|password|passwd|tokens?$|assertion|authorization|cookie|private.?key|signature|api.?key|credentials?$|certificate$/i;

// Shortest secret value worth masking verbatim; shorter ones would mask ordinary words.
const MIN_REGISTERED_SECRET_LENGTH = 6;
const registeredSecrets = new Set<string>();

/**
 * Masks this exact value wherever it appears in redacted text from now on (like GitHub
 * Actions' add-mask). Settings readers register every secret setting they read.
 */
export function registerSecret(value: string | undefined): void {
  if (value !== undefined && value.length >= MIN_REGISTERED_SECRET_LENGTH) registeredSecrets.add(value);
}

const TEXT_PATTERNS: readonly [RegExp, string][] = [
  // PEM private keys, whole blocks.
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----/g, REDACTED],
  // Authorization schemes with a credential.
  [/\b(Bearer|Basic|Negotiate|PoP)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`],
  // Header lines and JSON/form fields named like credentials.
  [/\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)[^"'\r\n,}]+/gi, `$1$2${REDACTED}`],
  [/("(?:[^"]*(?:secret|password|passwd|assertion|authorization|private.?key)[^"]*|[^"]*token)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, `$1"${REDACTED}"`],
  [/\b(client_secret|client_assertion|assertion|password|access_token|refresh_token|id_token|code_verifier)=[^&\s"']+/gi, `$1=${REDACTED}`],
  // JSON Web Tokens (access tokens, GitHub OIDC tokens) wherever they appear.
  [/\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
];

/** Free text with credentials masked. */
export function redactText(text: string): string {
  let result = text;
  for (const secret of registeredSecrets) {
    if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of TEXT_PATTERNS) result = result.replace(pattern, replacement);
  return result;
}

/** Headers in any of fetch's shapes. */
export type HeaderSet = Headers | Readonly<Record<string, string | readonly string[] | number | undefined>> | readonly (readonly [string, string])[];

/** Headers as a plain object with lower-case names: allowlisted values kept (text-redacted), the rest masked. */
export function redactHeaders(headers: HeaderSet | undefined, loggable: ReadonlySet<string> = LOGGABLE_HEADERS): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of headerEntries(headers)) {
    const key = name.toLowerCase();
    result[key] = loggable.has(key) ? redactText(value) : REDACTED;
  }
  return result;
}

/** A deep copy with credential-named keys masked and every string text-redacted. */
export function redactValue(value: unknown): unknown {
  return redactNested(value, new WeakSet<object>(), 0);
}

const MAX_DEPTH = 32;

function redactNested(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === "string") return redactText(value);
  if (typeof value !== "object" || value === null) return value;
  if (seen.has(value)) return "[Circular]";
  if (depth >= MAX_DEPTH) return "[Too deep]";
  seen.add(value);
  if (value instanceof Headers) return redactHeaders(value);
  if (Array.isArray(value)) return value.map((item) => redactNested(item, seen, depth + 1));
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message) };
  }
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    result[key] = SECRET_KEY.test(key) && item !== null && item !== undefined ? REDACTED : redactNested(item, seen, depth + 1);
  }
  return result;
}

/** [name, value] pairs of a header set, multi-valued headers joined with ", ". */
export function headerEntries(headers: HeaderSet | undefined): [string, string][] {
  if (headers === undefined) return [];
  if (headers instanceof Headers) return [...headers.entries()];
  if (Array.isArray(headers)) return (headers as readonly (readonly [string, string])[]).map(([n, v]) => [n, v]);
  const entries: [string, string][] = [];
  for (const [name, value] of Object.entries(headers as Readonly<Record<string, string | readonly string[] | number | undefined>>)) {
    if (value === undefined) continue;
    entries.push([name, Array.isArray(value) ? value.join(", ") : String(value)]);
  }
  return entries;
}
