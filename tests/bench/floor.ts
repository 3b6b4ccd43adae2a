// The floor of a bench phase: the least time the platform's limits allow, whatever the client
// does (docs/benchmarks.md). Pure: figures in, seconds out.
import type { LabThrottlingReport } from "../../lab/control/control-client";
import type { CucmProfileShape } from "./cucm-directory";

/** What bounds a phase from below: the binding one of three. */
export interface Floor {
  readonly seconds: number;
  /** Longest wait the rate limits force: per bucket, (units charged - bucket size) / refill rate. */
  readonly rateLimitSeconds: number;
  readonly rateLimitBucket: string | undefined;
  /** The calls at the concurrency that binds (Teams: full `$batch`es at the lab's; Unified CM: the client's per backend). */
  readonly concurrencySeconds: number;
  /** Unified CM: which concurrency binds, e.g. "axl 2 in flight". */
  readonly concurrencyBound?: string;
  /** One subscriber's round trips one after the other, for phases that provision. */
  readonly chainSeconds: number;
  /** Unified CM: how many round trips that chain is. */
  readonly chainRoundTrips?: number;
  readonly binding: "rate limits" | "concurrency" | "chain";
}

/**
 * The longest wait the lab's rate-limit buckets force: a bucket lets its size through at once
 * and the rest at its refill rate. Buckets that do not refill (caps on requests in progress,
 * such as AXL's concurrent reads) are not rates and force no wait.
 */
export function rateLimitWait(report: LabThrottlingReport): { readonly seconds: number; readonly bucket: string | undefined } {
  let seconds = 0;
  let bucket: string | undefined;
  for (const [service, figures] of Object.entries(report.services)) {
    for (const b of figures.buckets) {
      const wait = b.refillPerSecond > 0 ? Math.max(0, b.consumed - b.capacity) / b.refillPerSecond : 0;
      if (wait > seconds) {
        seconds = wait;
        bucket = `${service} ${b.name}`;
      }
    }
  }
  return { seconds, bucket };
}

export function bindingOf(rateLimitSeconds: number, concurrencySeconds: number, chainSeconds: number): { seconds: number; binding: Floor["binding"] } {
  const seconds = Math.max(rateLimitSeconds, concurrencySeconds, chainSeconds);
  const binding = seconds === rateLimitSeconds && seconds > 0 ? "rate limits" : seconds === concurrencySeconds ? "concurrency" : "chain";
  return { seconds, binding };
}

/**
 * One Unified CM subscriber's round trips that must follow one another, in the order the
 * subscriber adapter (provider/resources/subscriber-set/cucm.ts) makes them; reads it makes
 * together count once.
 * - new: observe (every object read at once, and the mailbox), add the end user, read it back,
 *   add the line, add each device in turn (desk phone, Jabber, extension mobility profile, remote
 *   destination profile), update the user (devices, primary extension, services), add the
 *   remote destination, create the mailbox.
 * - moved (another site: a new extension from its range, other device pools): observe, add the
 *   new line, update each device in turn, update the user, update the mailbox's extension,
 *   remove the old line, and have the desk phone apply its new configuration.
 */
export function cucmChainRoundTrips(profile: CucmProfileShape, change: "new" | "moved"): number {
  const devices = [profile.deskPhone, profile.jabber, profile.extensionMobility, profile.singleNumberReach].filter(Boolean).length;
  const mailbox = profile.voicemail ? 1 : 0;
  if (change === "new") return 1 + 1 + 1 + 1 + devices + 1 + (profile.singleNumberReach ? 1 : 0) + mailbox;
  return 1 + 1 + devices + 1 + mailbox + 1 + (profile.deskPhone ? 1 : 0);
}

export interface CucmFloorOptions {
  readonly latencyMs: number;
  /** The AXL client's requests in flight per cluster (ucflow:clusters.<name>.maxInFlight). */
  readonly axlMaxInFlight: number;
  /** The Unity Connection client's (ucflow:unityConnections.<name>.maxInFlight). */
  readonly cupiMaxInFlight: number;
}

/**
 * The least time a Unified CM phase could take:
 * - the change-notification queue: what the phase's writes queued beyond the threshold, drained
 *   at the cluster's rate (the `axl writes.changeNotifications` bucket of GET /throttling);
 * - concurrency: each backend's calls, each holding one of its client's slots for the latency,
 *   `maxInFlight` at a time (the client's per-cluster limit binds: at most 8, below the 10 reads
 *   AXL serves at once, and AXL has no limit on writes in progress); AXL and Unity Connection
 *   run side by side, so the larger of the two;
 * - for phases that provision, one subscriber's chain of `chainRoundTrips` round trips.
 */
export function cucmFloorOf(report: LabThrottlingReport, calls: { readonly axl: number; readonly cupi: number }, options: CucmFloorOptions, chainRoundTrips: number): Floor {
  const wait = rateLimitWait(report);
  const latency = options.latencyMs / 1000;
  const axlSeconds = (calls.axl * latency) / options.axlMaxInFlight;
  const cupiSeconds = (calls.cupi * latency) / options.cupiMaxInFlight;
  const concurrencySeconds = Math.max(axlSeconds, cupiSeconds);
  const concurrencyBound = cupiSeconds > axlSeconds ? `cupi ${options.cupiMaxInFlight} in flight` : `axl ${options.axlMaxInFlight} in flight`;
  const chainSeconds = chainRoundTrips * latency;
  return {
    ...bindingOf(wait.seconds, concurrencySeconds, chainSeconds),
    rateLimitSeconds: wait.seconds,
    rateLimitBucket: wait.bucket,
    concurrencySeconds,
    concurrencyBound,
    chainSeconds,
    chainRoundTrips,
  };
}
