// One simulated cluster: what GET /state/axl shows and the state directory keeps. Objects are
// kept per kind in a record keyed by uuid (insertion ordered, removal without a scan).
import type { ApplicationUser } from "../protocol/axl-auth";
import type { SchemaVersion } from "../protocol/schema-versions";
import type { KindName, StoredObject } from "../schema/field-spec";

export interface AxlThrottlingSettings {
  /** false: buckets count but never refuse, limits are not enforced. */
  enabled: boolean;
  /**
   * The write throttle (reference §3.3): writes queue database change notifications; while more
   * than `threshold` are outstanding, writes get HTTP 503. The queue drains at `drainPerSecond`.
   */
  changeNotifications: { threshold: number; drainPerSecond: number };
  /** Reads (get, list, getCCMVersion) in progress at once; one more gets "Maximum AXL Memory Allocation Consumed". */
  maxConcurrentReads: number;
  /** The response bytes of reads in progress at once (reference §3.2: 16 MB). */
  maxConcurrentResponseBytes: number;
  /** A list answer above this many bytes is refused with "Query request too large" (8 MB). */
  maxResponseBytes: number;
  /** Simulated processing time of each read, in milliseconds (slow queries). */
  readDelayMs: number;
}

export interface AxlSettings {
  /** JSESSIONIDSSO idle expiry (reference §1: 30 minutes). */
  sessionIdleSeconds: number;
  throttling: AxlThrottlingSettings;
}

/** A reset, restart, apply, login or logout of a device, newest last. */
export interface DeviceEvent {
  readonly at: string;
  readonly operation: string;
  readonly device: string;
  readonly deviceUuid: string;
  readonly by: string;
  readonly detail?: Readonly<Record<string, string>>;
}

export interface AxlClusterState {
  readonly kind: "axl";
  cluster: {
    name: string;
    /** What getCCMVersion answers, e.g. "15.0.1.12900-1". */
    version: string;
    /** Schemas served; others get HTTP 599. */
    schemaVersions: SchemaVersion[];
  };
  /** Users that may call AXL (application users), with their roles. Throwaway lab fixtures. */
  applicationUsers: ApplicationUser[];
  settings: AxlSettings;
  objects: Partial<Record<KindName, Record<string, StoredObject>>>;
  nextCtiid: number;
  deviceEvents: DeviceEvent[];
}

/** Device events kept (older ones are dropped). */
export const DEVICE_EVENTS_KEPT = 1000;

/** Every object of the cluster as `kind uuid -> fields (JSON)`, for comparing a cluster with its seed. */
export function everyClusterObject(state: AxlClusterState): Map<string, string> {
  const all = new Map<string, string>();
  for (const [kind, objects] of Object.entries(state.objects)) {
    for (const [uuid, object] of Object.entries(objects ?? {})) all.set(`${kind} ${uuid}`, JSON.stringify(object.fields));
  }
  return all;
}
