// The lab's Cisco simulators: axl (Unified CM AXL, one cluster per service) and cupi (Unity
// Connection's provisioning API). See docs/lab-cisco.md and docs/lab-unity-connection.md.
import type { LabServiceDefinition } from "../lab-service";
import { createAxlService } from "./axl";
import type { AxlClusterState } from "./axl";
import { createCupiService, type CupiState } from "./cupi";

export interface CiscoServices {
  readonly axl: LabServiceDefinition<AxlClusterState>;
  readonly cupi: LabServiceDefinition<CupiState>;
  /** In start order, for LabOptions.services or the catalogue. */
  readonly all: readonly LabServiceDefinition<unknown>[];
}

/** A new set of Cisco simulators (each holds its cluster's in-memory index and sessions: one set per running lab). */
export function createCiscoServices(): CiscoServices {
  const axl = createAxlService();
  const cupi = createCupiService();
  return { axl, cupi, all: [axl, cupi] as unknown as readonly LabServiceDefinition<unknown>[] };
}

/** The default set, for the service catalogue (one lab per process). */
export const ciscoServices: CiscoServices = createCiscoServices();
export const axlService = ciscoServices.axl;
export const cupiService = ciscoServices.cupi;

export * from "./axl";
