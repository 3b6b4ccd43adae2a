import type * as pulumi from "@pulumi/pulumi";
import { dynamicProvider } from "./dynamic-provider";

/**
 * Every dynamic resource kind ucflow ships, by type name, with the package path of the module
 * that implements it (exporting `provider`). The packaging test checks each one, so a kind
 * missing from this table cannot be built.
 */
export const RESOURCE_KINDS = {
  ModelFilterCriteria: "ucflow/provider/resources/model-filter-criteria/provider",
  NumberInventory: "ucflow/provider/resources/number-inventory/provider",
  SubscriberProfile: "ucflow/provider/resources/subscriber-profile/provider",
  FlowThroughCriteria: "ucflow/provider/resources/flow-through-criteria/provider",
  SubscriberSet: "ucflow/provider/resources/subscriber-set/provider",
  Customer: "ucflow/provider/resources/customer/provider",
  DialPlan: "ucflow/provider/resources/dial-plan/provider",
  ClassOfService: "ucflow/provider/resources/class-of-service/provider",
  Site: "ucflow/provider/resources/site/provider",
  ClusterDialPlan: "ucflow/provider/resources/cluster-dial-plan/provider",
  CucmSite: "ucflow/provider/resources/cucm-site/provider",
} as const satisfies Readonly<Record<string, string>>;

export type ResourceKind = keyof typeof RESOURCE_KINDS;

/** The (shared, serializable) provider object for a resource kind. */
export function providerFor(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  return dynamicProvider(RESOURCE_KINDS[kind]);
}

/** Pulumi module name for ucflow's dynamic resources: types read `pulumi-nodejs:dynamic/ucflow:<Kind>`. */
export const RESOURCE_MODULE = "ucflow";
