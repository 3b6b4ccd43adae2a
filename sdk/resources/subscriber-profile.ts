import * as pulumi from "@pulumi/pulumi";
import type { SubscriberProfileInputs } from "../../provider/resources/subscriber-profile/types";
import { providerFor, RESOURCE_MODULE } from "../resource-kinds";
import type { ResourceArgs } from "./resource-args";

export type SubscriberProfileArgs = ResourceArgs<SubscriberProfileInputs>;

/** A subscriber profile with its quick add group: the licenses, voice settings and policies a category of users gets. */
export class SubscriberProfile extends pulumi.dynamic.Resource {
  constructor(name: string, args: SubscriberProfileArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("SubscriberProfile"), name, { ...args }, opts, RESOURCE_MODULE, "SubscriberProfile");
  }
}
