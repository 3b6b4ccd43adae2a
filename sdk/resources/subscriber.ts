import * as pulumi from "@pulumi/pulumi";
import type { SubscriberInputs } from "../../provider/resources/subscriber/types";
import { providerFor, RESOURCE_MODULE } from "../resource-kinds";
import type { ResourceArgs } from "./resource-args";

export type SubscriberArgs = ResourceArgs<SubscriberInputs>;

/**
 * One provisioned user: usage location, licenses, phone number and policies. Usually created by
 * a customer component from the flow-through plan rather than by hand.
 */
export class Subscriber extends pulumi.dynamic.Resource {
  constructor(name: string, args: SubscriberArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("Subscriber"), name, { ...args }, opts, RESOURCE_MODULE, "Subscriber");
  }
}
