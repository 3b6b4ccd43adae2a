import * as pulumi from "@pulumi/pulumi";
import type { CucmSubscriberEntry, SubscriberSetInputs, TeamsSubscriberEntry } from "../../provider/resources/subscriber-set/types";
import { providerFor, RESOURCE_MODULE } from "../resource-kinds";
import type { Plain, ResourceArgs } from "./resource-args";

export type SubscriberSetArgs = Omit<ResourceArgs<SubscriberSetInputs>, "locations"> & {
  /** Teams: each site's emergency location id, by site code (usually each Site's `locationId`). Unified CM sets have none. */
  readonly locations?: Readonly<Record<string, pulumi.Input<string>>>;
};

/**
 * Many subscribers of one customer in one resource: the users whose ids hash to this set,
 * keyed by id, each with its site and profile and what its platform gives (Teams: licenses, number
 * and policies; Unified CM: docs/cucm-subscribers.md). Usually created by a
 * customer component from the flow-through plan. A preview shows exactly the subscribers that
 * change and what changes for each; an `up` applies them in bulk; a subscriber that fails is
 * named and retried by the next `up` while the others are recorded.
 */
export class SubscriberSet extends pulumi.dynamic.Resource {
  /** The subscribers as applied, by id. */
  declare readonly subscribers: pulumi.Output<Readonly<Record<string, Plain<TeamsSubscriberEntry> | Plain<CucmSubscriberEntry>>>>;
  /** After a refresh: what is out of step on the platform, one sentence per subscriber and field. */
  declare readonly drift: pulumi.Output<string[] | undefined>;

  constructor(name: string, args: SubscriberSetArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providerFor("SubscriberSet"),
      name,
      { ...args, drift: undefined },
      // What ucflow gave each subscriber is recorded for deprovisioning; the diff of
      // `subscribers` already says what changes, so a preview does not print the record.
      { ...opts, hideDiffs: [...(opts?.hideDiffs ?? []), "given"] },
      RESOURCE_MODULE,
      "SubscriberSet",
    );
  }
}
