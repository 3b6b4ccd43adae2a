import * as pulumi from "@pulumi/pulumi";
import type { CustomerInputs } from "../../provider/resources/customer/types";
import { providerFor, RESOURCE_MODULE } from "../resource-kinds";
import type { ResourceArgs } from "./resource-args";

export type CustomerArgs = ResourceArgs<CustomerInputs>;

/**
 * A customer: on Microsoft Teams, one tenant. Creates nothing in the tenant; every create, update
 * and refresh checks that the configured credential signs in to `tenantId`, so a stack pointed at
 * the wrong tenant fails before any of the customer's objects is written there.
 */
export class Customer extends pulumi.dynamic.Resource {
  declare readonly code: pulumi.Output<string>;
  declare readonly tenantId: pulumi.Output<string>;
  /** The tenant's display name in Entra ID, read from Microsoft Graph. */
  declare readonly tenantDisplayName: pulumi.Output<string>;

  constructor(name: string, args: CustomerArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("Customer"), name, { ...args, tenantDisplayName: undefined }, opts, RESOURCE_MODULE, "Customer");
  }
}
