import * as t from "io-ts";
import { boundedArray, CustomerCode, Guid, NonEmptyString, ObjectName } from "../codecs";
import { strictObject } from "../input-validation";

/**
 * A customer: its Microsoft 365 tenant (when a site is on Teams) and the Unified CM clusters its
 * sites use. Its code prefixes every name ucflow creates for it.
 */
export const CustomerInputs = strictObject(
  "Customer",
  {
    /** The customer's code, e.g. `Cu1`; it prefixes every name ucflow creates for the customer. */
    code: CustomerCode,
    /** The customer's name as people know it, e.g. "Contoso". */
    name: NonEmptyString,
  },
  {
    /** The Entra tenant id; needed when any of the customer's sites is on Teams. */
    tenantId: Guid,
    /** Names of the Unified CM clusters the customer's sites use (each configured in stack config). */
    clusters: boundedArray(ObjectName, 50, "Clusters"),
    /** Free text for the people who read the definition; sent to no platform. */
    description: t.string,
  },
);
export type CustomerInputs = t.TypeOf<typeof CustomerInputs>;

/** What ucflow found on one of the customer's clusters. */
export interface ClusterVersion {
  /** The full CUCM version, e.g. "15.0.1.12900-1" (getCCMVersion). */
  readonly cucmVersion: string;
  /** The AXL schema version ucflow speaks to it: the pinned one (ucflow:clusters.<name>.version) or the detected one. */
  readonly axlVersion: string;
}

/**
 * A customer as ucflow records it: its inputs, the tenant's display name as Entra ID has it, and
 * per cluster (when `clusters` is set) the versions found. (Not `clusters`: that input lists the names.)
 */
export type CustomerState = CustomerInputs & {
  /** The tenant's display name, read from Microsoft Graph (`GET /organization`). */
  readonly tenantDisplayName: string;
  readonly clusterVersions?: Readonly<Record<string, ClusterVersion>>;
};
