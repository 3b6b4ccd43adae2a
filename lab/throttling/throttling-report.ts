// What GET /throttling on the control endpoint reports per service: its rate-limit buckets
// (from the simulator) and its concurrency (counted by the lab around every request).
import type { TokenBucketReport } from "./token-bucket";

export interface ThrottlingBucketReport extends TokenBucketReport {
  /** The platform's scope of the limit, e.g. "Tenant_Application" or "Tenant". */
  readonly scope?: string;
  /** The application the bucket belongs to, for per-application limits. */
  readonly appId?: string;
}

/** What a simulator reports about its own rate limits. */
export interface ServiceRateLimits {
  readonly enabled: boolean;
  readonly buckets: readonly ThrottlingBucketReport[];
}

export interface ServiceThrottlingReport extends ServiceRateLimits {
  /** The service's limit on requests in flight at once; null for none. */
  readonly maxConcurrentRequests: number | null;
  readonly concurrentRequests: number;
  /** The most requests in flight at once since the lab started or its counters were reset. */
  readonly peakConcurrentRequests: number;
  /** Requests answered 429 because the concurrency limit was reached. */
  readonly refusedForConcurrency: number;
}
