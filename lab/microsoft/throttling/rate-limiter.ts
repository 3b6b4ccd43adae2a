// The buckets of one Microsoft simulator, per application (or per tenant) and limit, created as
// applications call. A request names the buckets it counts against with its cost in each;
// the limiter charges them all or none and says which one refused. In memory only: a
// restarted lab starts with full buckets.
import { chargeAll, limitPerWindow, TokenBucket } from "../../throttling/token-bucket";
import type { ServiceRateLimits, ThrottlingBucketReport } from "../../throttling/throttling-report";
import type { RateLimit } from "../tenant/types";

export type LimitScope = "Tenant_Application" | "Tenant";

export interface BucketUse {
  /** "identity.resourceUnits", "extensions.requests", ... */
  readonly name: string;
  readonly scope: LimitScope;
  readonly appId: string;
  readonly limit: RateLimit;
  readonly cost: number;
}

export type LimiterDecision =
  | { readonly ok: true }
  | { readonly ok: false; readonly refusedBy: BucketUse; readonly retryAfterSeconds: number };

export class RateLimiter {
  private readonly buckets = new Map<string, { bucket: TokenBucket; scope: LimitScope; appId: string }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Charges every use, or none when one bucket lacks the units; with `enforce` false, only counts. */
  charge(uses: readonly BucketUse[], enforce: boolean): LimiterDecision {
    const nowMs = this.now();
    const charges = uses.map((use) => ({ use, bucket: this.bucket(use, nowMs) }));
    if (!enforce) {
      for (const { use, bucket } of charges) bucket.account(use.cost);
      return { ok: true };
    }
    const result = chargeAll(charges.map(({ use, bucket }) => ({ bucket, cost: use.cost })), nowMs);
    if (result.ok) return { ok: true };
    const refusedBy = (charges.find(({ bucket }) => bucket === result.refusedBy) as { use: BucketUse }).use;
    return { ok: false, refusedBy, retryAfterSeconds: result.retryAfterSeconds };
  }

  /** How much of a bucket's capacity is in use now (0 to 1); 0 for a bucket not used yet. */
  usedShare(use: BucketUse): number {
    const entry = this.buckets.get(keyOf(use));
    if (!entry) return 0;
    const nowMs = this.now();
    return 1 - entry.bucket.available(nowMs) / entry.bucket.limit.capacity;
  }

  report(enabled: boolean): ServiceRateLimits {
    const nowMs = this.now();
    const buckets: ThrottlingBucketReport[] = [...this.buckets.values()]
      .map(({ bucket, scope, appId }) => ({ ...bucket.report(nowMs), scope, ...(scope === "Tenant_Application" ? { appId } : {}) }))
      .sort((a, b) => a.name.localeCompare(b.name) || (a.appId ?? "").localeCompare(b.appId ?? ""));
    return { enabled, buckets };
  }

  /** Every bucket full again (the service was reset); counters kept. */
  fill(): void {
    const nowMs = this.now();
    for (const { bucket } of this.buckets.values()) bucket.fill(nowMs);
  }

  /** Counters to zero and buckets full (POST /throttling/reset). */
  reset(): void {
    const nowMs = this.now();
    for (const { bucket } of this.buckets.values()) bucket.resetCounters(nowMs);
  }

  private bucket(use: BucketUse, nowMs: number): TokenBucket {
    const key = keyOf(use);
    const limit = limitPerWindow(use.limit.limit, use.limit.windowSeconds);
    const entry = this.buckets.get(key);
    if (entry) {
      entry.bucket.setLimit(limit, nowMs);
      return entry.bucket;
    }
    const bucket = new TokenBucket(use.name, limit, nowMs);
    this.buckets.set(key, { bucket, scope: use.scope, appId: use.appId });
    return bucket;
  }
}

function keyOf(use: BucketUse): string {
  return use.scope === "Tenant" ? use.name : `${use.name}|${use.appId}`;
}
