// The Unified CM side of a customer: each cluster's dial plan, the sites on it, and its
// subscriber sets. (In progress on this branch: the resource kinds land with the AXL client.)
import * as pulumi from "@pulumi/pulumi";
import type { SubscriberSet } from "../resources/subscriber-set";
import type { CustomerParts } from "./customer";

export function buildCucmParts(parts: CustomerParts): SubscriberSet[] {
  const cucmSites = parts.args.sites.filter((s) => s.cucm !== undefined);
  if (cucmSites.length === 0) return [];
  throw new pulumi.RunError(`customer ${parts.code}: Unified CM sites (${cucmSites.map((s) => s.code).join(", ")}) cannot be built by this build of ucflow`);
}
