// A token bucket, the way platforms describe their rate limits ("3,000 requests per 2 minutes
// and 30 seconds"): it holds up to `capacity` units, refills continuously at
// `refillPerSecond`, and a request costing c units passes only while c units are left. Time is
// passed in (milliseconds), so the arithmetic is tested with a fake clock.

export interface TokenBucketLimit {
  /** Units the bucket holds when full: the limit of one window. */
  readonly capacity: number;
  /** Units added back per second: the limit divided by the window. */
  readonly refillPerSecond: number;
}

/** A limit given as the platform states it: `limit` units per `windowSeconds`. */
export function limitPerWindow(limit: number, windowSeconds: number): TokenBucketLimit {
  if (!(limit > 0) || !(windowSeconds > 0)) throw new RangeError(`a rate limit needs a positive limit and window, got ${limit} per ${windowSeconds} s`);
  return { capacity: limit, refillPerSecond: limit / windowSeconds };
}

/** What the lab reports about one bucket (GET /throttling on the control endpoint). */
export interface TokenBucketReport {
  readonly name: string;
  readonly capacity: number;
  readonly refillPerSecond: number;
  /** Units charged since the lab started or since its counters were reset. */
  readonly consumed: number;
  /** Requests refused for want of units since then. */
  readonly throttled: number;
  /** Units in the bucket now. */
  readonly available: number;
}

export type TakeResult =
  | { readonly ok: true; readonly available: number }
  | { readonly ok: false; readonly retryAfterSeconds: number; readonly available: number };

export class TokenBucket {
  private tokens: number;
  private updatedMs: number;
  private consumedUnits = 0;
  private throttledRequests = 0;

  constructor(
    readonly name: string,
    private limitNow: TokenBucketLimit,
    nowMs: number,
  ) {
    this.tokens = limitNow.capacity;
    this.updatedMs = nowMs;
  }

  get limit(): TokenBucketLimit {
    return this.limitNow;
  }

  /** Units in the bucket at `nowMs`. */
  available(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens;
  }

  /** Changes the limit (a knob turned, the tenant grew); what the bucket holds is kept, up to the new capacity. */
  setLimit(limit: TokenBucketLimit, nowMs: number): void {
    if (limit.capacity === this.limitNow.capacity && limit.refillPerSecond === this.limitNow.refillPerSecond) return;
    this.refill(nowMs);
    this.limitNow = limit;
    this.tokens = Math.min(this.tokens, limit.capacity);
  }

  /**
   * Whether `cost` units are there at `nowMs`, without taking them; when they are not, how many
   * whole seconds until they are (at least 1). A cost above the capacity counts as the
   * capacity, so that no request waits for ever.
   */
  check(cost: number, nowMs: number): TakeResult {
    this.refill(nowMs);
    const units = Math.min(cost, this.limitNow.capacity);
    // A hair of slack: refills are fractional and a whole unit must not miss by rounding.
    if (units <= this.tokens + 1e-9) return { ok: true, available: this.tokens - units };
    const retryAfterSeconds = Math.max(1, Math.ceil((units - this.tokens) / this.limitNow.refillPerSecond));
    return { ok: false, retryAfterSeconds, available: this.tokens };
  }

  /** Takes `cost` units (at most the capacity); call after check() said they are there. */
  take(cost: number, nowMs: number): void {
    this.refill(nowMs);
    const units = Math.min(cost, this.limitNow.capacity);
    this.tokens -= units;
    this.consumedUnits += units;
  }

  /** Counts `cost` as consumed without taking it (limits switched off: cost is still reported). */
  account(cost: number): void {
    this.consumedUnits += cost;
  }

  /** Counts a request this bucket refused. */
  refused(): void {
    this.throttledRequests += 1;
  }

  /** Full again (a fresh tenant after a reset); counters kept. */
  fill(nowMs: number): void {
    this.tokens = this.limitNow.capacity;
    this.updatedMs = nowMs;
  }

  /** Counters back to zero and full (POST /throttling/reset). */
  resetCounters(nowMs: number): void {
    this.consumedUnits = 0;
    this.throttledRequests = 0;
    this.fill(nowMs);
  }

  report(nowMs: number): TokenBucketReport {
    return {
      name: this.name,
      capacity: this.limitNow.capacity,
      refillPerSecond: this.limitNow.refillPerSecond,
      consumed: this.consumedUnits,
      throttled: this.throttledRequests,
      available: this.available(nowMs),
    };
  }

  private refill(nowMs: number): void {
    const elapsedMs = nowMs - this.updatedMs;
    if (elapsedMs > 0) {
      this.tokens = Math.min(this.limitNow.capacity, this.tokens + (elapsedMs / 1000) * this.limitNow.refillPerSecond);
      this.updatedMs = nowMs;
    }
  }
}

export interface BucketCharge {
  readonly bucket: TokenBucket;
  readonly cost: number;
}

export type ChargeResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly refusedBy: TokenBucket; readonly retryAfterSeconds: number };

/**
 * Charges a request to every bucket it counts against, all or nothing: when one bucket lacks
 * the units, nothing is taken from the others (a refused request does no work), the refusing
 * buckets count a throttled request, and the answer names the one that frees up last.
 */
export function chargeAll(charges: readonly BucketCharge[], nowMs: number): ChargeResult {
  let refusal: { bucket: TokenBucket; retryAfterSeconds: number } | undefined;
  for (const { bucket, cost } of charges) {
    if (cost <= 0) continue;
    const result = bucket.check(cost, nowMs);
    if (!result.ok) {
      bucket.refused();
      if (!refusal || result.retryAfterSeconds > refusal.retryAfterSeconds) refusal = { bucket, retryAfterSeconds: result.retryAfterSeconds };
    }
  }
  if (refusal) return { ok: false, refusedBy: refusal.bucket, retryAfterSeconds: refusal.retryAfterSeconds };
  for (const { bucket, cost } of charges) if (cost > 0) bucket.take(cost, nowMs);
  return { ok: true };
}
