// AXL's throttles as the lab models them (docs/lab-cisco.md, "Throttling"):
// - writes queue database change notifications; above a threshold of outstanding ones writes
//   are refused with HTTP 503 until the queue drains (a token bucket: capacity = threshold,
//   refill = drain rate, a write costs the notifications it causes);
// - reads in progress at once are capped, by count and by the bytes of their answers; one more
//   gets "Maximum AXL Memory Allocation Consumed" (-1).
// In memory only: a restarted lab starts with an empty queue.
import { TokenBucket } from "../../throttling/token-bucket";
import type { ServiceRateLimits } from "../../throttling/throttling-report";
import type { AxlThrottlingSettings } from "./model/cluster-state";
import type { KindName } from "./schema/field-spec";

const DEVICE_KINDS: ReadonlySet<KindName> = new Set(["phone", "deviceProfile", "remoteDestinationProfile"]);

/**
 * Change notifications a write causes (a guess): 2 for a device (the device and its line
 * appearances), 1 for anything else.
 */
export function writeCost(kind: KindName | undefined): number {
  return kind !== undefined && DEVICE_KINDS.has(kind) ? 2 : 1;
}

/** The change-notification queue as a token bucket: room for `threshold`, drained at `drainPerSecond`. */
function queueLimit(settings: AxlThrottlingSettings): { capacity: number; refillPerSecond: number } {
  return { capacity: settings.changeNotifications.threshold, refillPerSecond: settings.changeNotifications.drainPerSecond };
}

export type ReadAdmission = { readonly ok: true; release(): void; reserve(bytes: number): boolean } | { readonly ok: false };

export class AxlThrottle {
  private readonly writes: TokenBucket;
  private readsInProgress = 0;
  private bytesInProgress = 0;
  private readsAdmitted = 0;
  private readsRefused = 0;

  constructor(settings: AxlThrottlingSettings, private readonly now: () => number = Date.now) {
    this.writes = new TokenBucket("writes.changeNotifications", queueLimit(settings), now());
  }

  /** Whether a write may run now; false (counted as throttled) while the change-notification queue is over its threshold. */
  writeAllowed(settings: AxlThrottlingSettings, cost: number): boolean {
    const nowMs = this.now();
    this.writes.setLimit(queueLimit(settings), nowMs);
    if (!settings.enabled || this.writes.check(cost, nowMs).ok) return true;
    this.writes.refused();
    return false;
  }

  /** Queues the change notifications of a write that changed the database. */
  chargeWrite(settings: AxlThrottlingSettings, cost: number): void {
    if (settings.enabled) this.writes.take(cost, this.now());
    else this.writes.account(cost);
  }

  /** Starts a read; release() when its answer is out. */
  beginRead(settings: AxlThrottlingSettings): ReadAdmission {
    if (settings.enabled && this.readsInProgress >= settings.maxConcurrentReads) {
      this.readsRefused += 1;
      return { ok: false };
    }
    this.readsInProgress += 1;
    this.readsAdmitted += 1;
    let reserved = 0;
    let released = false;
    return {
      ok: true,
      reserve: (bytes) => {
        if (settings.enabled && this.bytesInProgress + bytes > settings.maxConcurrentResponseBytes && this.readsInProgress > 1) {
          this.readsRefused += 1;
          return false;
        }
        this.bytesInProgress += bytes;
        reserved += bytes;
        return true;
      },
      release: () => {
        if (released) return;
        released = true;
        this.readsInProgress -= 1;
        this.bytesInProgress -= reserved;
      },
    };
  }

  get readsInFlight(): number {
    return this.readsInProgress;
  }

  report(settings: AxlThrottlingSettings): ServiceRateLimits {
    const nowMs = this.now();
    this.writes.setLimit(queueLimit(settings), nowMs);
    return {
      enabled: settings.enabled,
      buckets: [
        { ...this.writes.report(nowMs), scope: "Cluster" },
        {
          // Not a rate: the cap on reads in progress, as a bucket of slots that never refill.
          name: "reads.concurrent",
          scope: "Cluster",
          capacity: settings.maxConcurrentReads,
          refillPerSecond: 0,
          consumed: this.readsAdmitted,
          throttled: this.readsRefused,
          available: Math.max(0, settings.maxConcurrentReads - this.readsInProgress),
        },
      ],
    };
  }

  /** The queue empty again (a reset cluster), at the cluster's limit. */
  fill(settings: AxlThrottlingSettings): void {
    this.writes.setLimit(queueLimit(settings), this.now());
    this.writes.fill(this.now());
  }

  /** Counters to zero, queue empty (POST /throttling/reset). */
  resetCounters(): void {
    this.writes.resetCounters(this.now());
    this.readsAdmitted = 0;
    this.readsRefused = 0;
  }
}
