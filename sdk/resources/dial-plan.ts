import * as pulumi from "@pulumi/pulumi";
import type { DialPlanInputs } from "../../provider/resources/dial-plan/types";
import { providerFor, RESOURCE_MODULE } from "../resource-kinds";
import type { ResourceArgs } from "./resource-args";

export type DialPlanArgs = ResourceArgs<DialPlanInputs>;

/**
 * A customer or site dial plan: on Teams, the tenant dial plan `Tag:<name>` with the given
 * normalization rules in order. Fails if a dial plan of that name exists already and is not
 * ucflow's, unless `adoption.existing` is adopt: then it is adopted as it is and brought to the
 * rules, and delete leaves it unless `adoption.onDelete` is remove. Changing `customer` or `name` replaces it.
 */
export class DialPlan extends pulumi.dynamic.Resource {
  /** The name subscribers are granted as their TenantDialPlan policy. */
  declare readonly name: pulumi.Output<string>;
  /** The tenant dial plan's Identity, `Tag:<name>`. */
  declare readonly identity: pulumi.Output<string>;

  constructor(name: string, args: DialPlanArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("DialPlan"), name, { ...args, identity: undefined }, opts, RESOURCE_MODULE, "DialPlan");
  }
}
