// Anything the control endpoint can reset, seed and show: every simulator and OpenLDAP.
import type { ServiceThrottlingReport } from "./throttling/throttling-report";

export interface LabComponent {
  readonly name: string;
  /** Back to the seeded state. */
  reset(): Promise<void>;
  /** Adds caller data (shape defined by the component); throws LabHttpError(400) for bad data. */
  seed(data: unknown): Promise<void>;
  /** The current state as JSON, for tests to assert on. */
  snapshot(): Promise<unknown>;
  /** Writes pending state changes to the state directory (simulators only). */
  flush?(): Promise<void>;
  /** Rate limits and concurrency (simulators only). */
  throttling?(): ServiceThrottlingReport;
  /** Counters of throttling() back to zero, buckets full. */
  resetThrottling?(): void;
}
