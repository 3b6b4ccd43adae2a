// Who is calling: HTTP Basic against the cluster's application users, or the JSESSIONIDSSO
// cookie a previous answer set (reference §1: re-send it without Authorization; idle expiry,
// then 404). Roles decide access: Standard AXL API Access reads and writes, Standard AXL Read
// Only API Access reads; a user with neither gets 403. Sessions live in memory only: a restarted
// lab has forgotten them and answers 404, as after an expiry.
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

export const AXL_ROLES = {
  full: "Standard AXL API Access",
  readOnly: "Standard AXL Read Only API Access",
} as const;

export const SESSION_COOKIE = "JSESSIONIDSSO";

export interface ApplicationUser {
  readonly userid: string;
  readonly password: string;
  /** Roles of the user's access control groups, e.g. "Standard AXL API Access". */
  readonly roles: readonly string[];
}

export type AxlAccess = "full" | "read-only" | "none";

export type Authentication =
  | { readonly kind: "authenticated"; readonly userid: string; readonly access: AxlAccess; readonly setCookie?: string }
  /** No or wrong credentials: 401. */
  | { readonly kind: "unauthorized" }
  /** A session cookie that expired or was never issued, with no Authorization: 404. */
  | { readonly kind: "session-expired" };

export function accessOf(user: ApplicationUser): AxlAccess {
  if (user.roles.includes(AXL_ROLES.full)) return "full";
  if (user.roles.includes(AXL_ROLES.readOnly)) return "read-only";
  return "none";
}

interface Session {
  readonly userid: string;
  lastUsedMs: number;
}

/** Stale sessions are swept at most this often (a client that never re-sends its cookie makes one per request). */
const SWEEP_INTERVAL_MS = 60_000;

export class AxlSessions {
  private readonly sessions = new Map<string, Session>();
  private lastSweepMs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Basic credentials win over a cookie (a client re-authenticating after a 404 sends both);
   * a valid Basic login gets a new session cookie.
   */
  authenticate(headers: IncomingHttpHeaders, users: readonly ApplicationUser[], idleSeconds: number): Authentication {
    const nowMs = this.now();
    this.expire(nowMs, idleSeconds);
    const authorization = headers.authorization;
    if (typeof authorization === "string" && authorization.trim() !== "") {
      const user = basicUser(authorization, users);
      if (!user) return { kind: "unauthorized" };
      const id = randomBytes(16).toString("hex").toUpperCase();
      this.sessions.set(id, { userid: user.userid, lastUsedMs: nowMs });
      return { kind: "authenticated", userid: user.userid, access: accessOf(user), setCookie: `${SESSION_COOKIE}=${id}; Path=/; Secure; HttpOnly` };
    }
    const cookie = cookieValue(headers.cookie, SESSION_COOKIE);
    if (cookie === undefined) return { kind: "unauthorized" };
    const session = this.sessions.get(cookie);
    const user = session && users.find((candidate) => candidate.userid === session.userid);
    if (!session || !user || nowMs - session.lastUsedMs > idleSeconds * 1000) {
      this.sessions.delete(cookie);
      return { kind: "session-expired" };
    }
    session.lastUsedMs = nowMs;
    return { kind: "authenticated", userid: user.userid, access: accessOf(user) };
  }

  /** Forgets every session (the cluster was reset). */
  clear(): void {
    this.sessions.clear();
  }

  get size(): number {
    return this.sessions.size;
  }

  private expire(nowMs: number, idleSeconds: number): void {
    if (nowMs - this.lastSweepMs < SWEEP_INTERVAL_MS) return;
    this.lastSweepMs = nowMs;
    for (const [id, session] of this.sessions) {
      if (nowMs - session.lastUsedMs > idleSeconds * 1000) this.sessions.delete(id);
    }
  }
}

function basicUser(header: string, users: readonly ApplicationUser[]): ApplicationUser | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] as string, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  const userid = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  const user = users.find((candidate) => candidate.userid === userid);
  if (!user) return undefined;
  const given = Buffer.from(password, "utf8");
  const expected = Buffer.from(user.password, "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected) ? user : undefined;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}
