import * as pulumi from "@pulumi/pulumi";
import type { CustomerInputs } from "../../provider/resources/customer/types";
import { providerFor, RESOURCE_MODULE } from "../resource-kinds";
import type { ResourceArgs } from "./resource-args";

export type CustomerAccountArgs = ResourceArgs<CustomerInputs>;

/**
 * A customer's accounts on its platforms: its Microsoft 365 tenant and its Unified CM clusters.
 * Creates nothing; every create, update and refresh checks that the configured credentials reach
 * `tenantId` and each cluster, so a stack pointed at the wrong tenant or cluster fails before any
 * of the customer's objects is written there.
 */
export class CustomerAccount extends pulumi.dynamic.Resource {
  declare readonly code: pulumi.Output<string>;
  declare readonly tenantId: pulumi.Output<string | undefined>;
  /** The tenant's display name in Entra ID, read from Microsoft Graph. */
  declare readonly tenantDisplayName: pulumi.Output<string>;
  /** Per cluster of `clusters`: its CUCM version and the AXL schema version ucflow speaks to it. */
  declare readonly clusterVersions: pulumi.Output<Record<string, { cucmVersion: string; axlVersion: string }> | undefined>;

  constructor(name: string, args: CustomerAccountArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("Customer"), name, { ...args, tenantDisplayName: undefined, clusterVersions: undefined }, opts, RESOURCE_MODULE, "Customer");
  }
}
