import * as pulumi from "@pulumi/pulumi";
import type { SiteInputs } from "../../provider/resources/site/types";
import { providerFor, RESOURCE_MODULE } from "../resource-kinds";
import type { ResourceArgs } from "./resource-args";

export type SiteArgs = ResourceArgs<SiteInputs>;

/**
 * A site of a customer. On Teams: an emergency location for its address; its site dial plan,
 * usage location and time zone are given to its subscribers. Changing the address replaces the
 * location create-before-delete: subscribers move to the new `locationId` before the old
 * location is removed. With `adoption.existing` adopt, an unmarked location at the address is
 * adopted instead of creating one, and kept on delete unless `adoption.onDelete` is remove.
 */
export class Site extends pulumi.dynamic.Resource {
  declare readonly code: pulumi.Output<string>;
  /** The emergency location's id; subscribers at the site assign their numbers with it. */
  declare readonly locationId: pulumi.Output<string>;
  declare readonly dialPlan: pulumi.Output<string | undefined>;

  constructor(name: string, args: SiteArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("Site"), name, { dialPlan: undefined, ...args, locationId: undefined }, opts, RESOURCE_MODULE, "Site");
  }
}
