// Teams admin API error responses as typed errors. The API is undocumented, so several body
// shapes seen in community clients are accepted: {"error":{"code","message"}}, {"code",
// "message"}, {"Code","Message"}, {"errors":[{"code","message"}]}, or plain text.
import { errorForStatus, reasonPhrase, type UcflowError } from "../../core/errors";
import { type TeamsCallContext } from "./client";

export function teamsError(context: TeamsCallContext, statusCode: number, bodyText: string, correlationId: string): UcflowError {
  const parsed = parseErrorBody(bodyText);
  let detail = parsed.message ?? (bodyText.trim() !== "" && !bodyText.trim().startsWith("{") ? truncate(bodyText.trim()) : reasonPhrase(statusCode));
  // A 403 from this API means a missing admin role, not a bad token (reference §5.3).
  if (statusCode === 403) detail += "; the app's service principal needs the Teams Administrator role in Entra ID";
  return errorForStatus({ backend: "teams", ...context }, { statusCode, code: parsed.code, detail, requestId: correlationId });
}

function parseErrorBody(text: string): { code?: string; message?: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }
  const candidates: unknown[] = [];
  if (typeof body === "object" && body !== null) {
    const b = body as Record<string, unknown>;
    candidates.push(b.error, b.Error, Array.isArray(b.errors) ? b.errors[0] : undefined, b);
  }
  for (const candidate of candidates) {
    if (typeof candidate !== "object" || candidate === null) continue;
    const c = candidate as Record<string, unknown>;
    const code = firstString(c.code, c.Code, c.errorCode, c.ErrorCode);
    const message = firstString(c.message, c.Message, c.errorMessage, c.ErrorMessage);
    if (code !== undefined || message !== undefined) return { code, message };
  }
  return {};
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === "string" && v !== "");
}

function truncate(text: string): string {
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
