import * as pulumi from "@pulumi/pulumi";
import type { NumberInventoryInputs } from "../../provider/resources/number-inventory/types";
import { providerFor, RESOURCE_MODULE } from "../resource-kinds";
import type { ResourceArgs } from "./resource-args";

export type NumberInventoryArgs = ResourceArgs<NumberInventoryInputs>;

/** The customer's telephone numbers: ranges per site or customer-wide, reserved and cooling numbers. */
export class NumberInventory extends pulumi.dynamic.Resource {
  constructor(name: string, args: NumberInventoryArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("NumberInventory"), name, { ...args }, opts, RESOURCE_MODULE, "NumberInventory");
  }
}
