// The ConfigAPI's throttling as the lab models it: no published limits, so reads and writes
// per application+tenant at the lab's guessed rates (docs/lab-microsoft.md, "Throttling").
import type { TeamsThrottlingSettings } from "../tenant/types";
import { RateLimiter } from "./rate-limiter";

export type TeamsThrottleDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number; readonly message: string };

export class TeamsThrottle {
  readonly limiter: RateLimiter;

  constructor(now: () => number = Date.now) {
    this.limiter = new RateLimiter(now);
  }

  /** Charges one request: GET to the reads bucket, anything else to the writes bucket. */
  admit(settings: TeamsThrottlingSettings, method: string, appId: string): TeamsThrottleDecision {
    const read = method === "GET";
    const name = read ? "configApi.reads" : "configApi.writes";
    const limit = read ? settings.reads : settings.writes;
    const decision = this.limiter.charge([{ name, scope: "Tenant_Application", appId, limit, cost: 1 }], settings.enabled);
    if (decision.ok) return decision;
    return {
      ok: false,
      retryAfterSeconds: decision.retryAfterSeconds,
      message: `Too many requests: application ${appId} may send ${limit.limit} ${read ? "reads" : "writes"} per ${limit.windowSeconds} s to this tenant's Teams admin API (${name}). Retry after ${decision.retryAfterSeconds} seconds.`,
    };
  }
}
