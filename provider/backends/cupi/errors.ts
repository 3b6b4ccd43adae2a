// Unity Connection error responses as typed errors. CUPI answers errors as ErrorDetails, in
// JSON `{"errors":{"code","message"}}` (sometimes a list of them, sometimes wrapped in
// "ErrorDetails") or XML `<ErrorDetails><errors><code/><message/></errors></ErrorDetails>`;
// a proxy or Tomcat may answer HTML instead. A conflict (alias taken, extension in use in the
// partition) comes as 400 with a message saying so rather than as 409, so both are read as
// AlreadyExists.
import { type ErrorKind, errorForStatus, reasonPhrase, type UcflowError } from "../../core/errors";
import type { CupiCallContext } from "./client";

const CONFLICT_MESSAGE = /already (used|in use|exists)|duplicate/i;

/** `server`: the server's name under ucflow:unityConnections, so a 401 names the settings to check. */
export function cupiError(context: CupiCallContext, statusCode: number, bodyText: string, contentType: string | null, server?: string): UcflowError {
  const parsed = parseErrorBody(bodyText, contentType);
  let detail = parsed.message ?? (bodyText.trim() !== "" && !/^\s*</.test(bodyText) ? truncate(bodyText.trim()) : reasonPhrase(statusCode));
  if (statusCode === 401) {
    const settings = server === undefined ? "the username and password" : `ucflow:unityConnections.${server}.username and .password`;
    detail += `; check ${settings} (the account needs a role that may provision users, such as System Administrator)`;
  }
  if (statusCode === 403) detail += "; the account's roles do not allow this (give it the System Administrator role)";
  const kind: ErrorKind | undefined =
    statusCode === 409 || (statusCode === 400 && parsed.message !== undefined && CONFLICT_MESSAGE.test(parsed.message)) ? "already-exists" : undefined;
  return errorForStatus({ backend: "cupi", ...context }, { statusCode, ...(parsed.code !== undefined ? { code: parsed.code } : {}), detail }, kind);
}

function parseErrorBody(text: string, contentType: string | null): { code?: string; message?: string } {
  if ((contentType ?? "").includes("xml") || /^\s*(<\?xml|<ErrorDetails)/.test(text)) {
    const code = /<code>([^<]*)<\/code>/.exec(text)?.[1];
    const message = /<message>([^<]*)<\/message>/.exec(text)?.[1];
    return { ...(code ? { code: unescapeXml(code) } : {}), ...(message ? { message: unescapeXml(message) } : {}) };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }
  const root = typeof body === "object" && body !== null ? ((body as Record<string, unknown>).ErrorDetails ?? body) : undefined;
  let errors = typeof root === "object" && root !== null ? (root as Record<string, unknown>).errors : undefined;
  if (Array.isArray(errors)) errors = errors[0];
  if (typeof errors !== "object" || errors === null) return {};
  const { code, message } = errors as Record<string, unknown>;
  return { ...(typeof code === "string" && code !== "" ? { code } : {}), ...(typeof message === "string" && message !== "" ? { message } : {}) };
}

function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}

function truncate(text: string): string {
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
