import * as pulumi from "@pulumi/pulumi";
import type { CucmSiteInputs } from "../../provider/resources/cucm-site/types";
import { providerFor, RESOURCE_MODULE } from "../resource-kinds";
import type { CucmObjectOutput } from "./cluster-dial-plan";
import type { ResourceArgs } from "./resource-args";

export type CucmSiteArgs = ResourceArgs<CucmSiteInputs>;

/**
 * A site on a Unified CM cluster: location `<Si>-Loc`, device pool `<Si>-DP`, partition
 * `<Si>-Local-PT` with the emergency route patterns, the devices' calling search space
 * `<Si>-Device-CSS` and a line calling search space `<Si>-<class of service>-CSS` per class of
 * service. Its calling search spaces list the customer's partitions, so it must depend on the
 * customer's ClusterDialPlan for the cluster (`dependsOn`). See docs/cucm-dial-plan.md.
 */
export class CucmSite extends pulumi.dynamic.Resource {
  declare readonly code: pulumi.Output<string>;
  declare readonly cluster: pulumi.Output<string>;
  declare readonly devicePool: pulumi.Output<string>;
  declare readonly location: pulumi.Output<string>;
  /** The site's partition (its emergency patterns). */
  declare readonly partition: pulumi.Output<string>;
  /** The devices' calling search space: emergency calls only. */
  declare readonly deviceCss: pulumi.Output<string>;
  /** The line calling search space of each class of service, by class of service name. */
  declare readonly lineCss: pulumi.Output<Record<string, string>>;
  /** Where the emergency patterns send calls: `{ routeListName }` or `{ gatewayName }`. */
  declare readonly destination: pulumi.Output<{ routeListName?: string; gatewayName?: string }>;
  declare readonly objects: pulumi.Output<CucmObjectOutput[]>;
  /** After a refresh: what is out of step on the cluster; the next `up` puts it right. */
  declare readonly drift: pulumi.Output<string[] | undefined>;

  constructor(name: string, args: CucmSiteArgs, opts?: pulumi.CustomResourceOptions) {
    const outputs = { devicePool: undefined, location: undefined, partition: undefined, deviceCss: undefined, lineCss: undefined, destination: undefined, objects: undefined, drift: undefined };
    super(providerFor("CucmSite"), name, { ...args, ...outputs }, opts, RESOURCE_MODULE, "CucmSite");
  }
}
