// The lab's Cisco simulators: axl (Unified CM AXL, one cluster per service). See
// docs/lab-cisco.md. CUPI (Unity Connection) is to come.
import type { LabServiceDefinition } from "../lab-service";
import { createAxlService } from "./axl";
import type { AxlClusterState } from "./axl";

export interface CiscoServices {
  readonly axl: LabServiceDefinition<AxlClusterState>;
  /** In start order, for LabOptions.services or the catalogue. */
  readonly all: readonly LabServiceDefinition<unknown>[];
}

/** A new set of Cisco simulators (each holds its cluster's in-memory index and sessions: one set per running lab). */
export function createCiscoServices(): CiscoServices {
  const axl = createAxlService();
  return { axl, all: [axl] as unknown as readonly LabServiceDefinition<unknown>[] };
}

/** The default set, for the service catalogue (one lab per process). */
export const ciscoServices: CiscoServices = createCiscoServices();
export const axlService = ciscoServices.axl;

export * from "./axl";
