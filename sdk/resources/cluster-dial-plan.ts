import * as pulumi from "@pulumi/pulumi";
import type { ClusterDialPlanInputs } from "../../provider/resources/cluster-dial-plan/types";
import { providerFor, RESOURCE_MODULE } from "../resource-kinds";
import type { ResourceArgs } from "./resource-args";

export type ClusterDialPlanArgs = ResourceArgs<ClusterDialPlanInputs>;

/** One object ucflow made or adopted on a cluster, as state records it. */
export interface CucmObjectOutput {
  /** "routePartition", "routePattern", "css", "transPattern", "location" or "devicePool". */
  readonly kind: string;
  /** Its name, or "<pattern> in <partition>". */
  readonly key: string;
  readonly uuid: string;
}

/**
 * A customer's dial plan on one Unified CM cluster: the partition of its directory numbers
 * (`<Cu>-DN-PT`), a partition per call class the country has (`<Cu>-Local-PT`, ...) and their
 * route patterns, sent to `dialPlan.gateway` (a route list, SIP trunk or gateway already on the
 * cluster); for calls in from the PSTN, `<Cu>-Inbound-PT` with translation patterns that make the
 * called number +E.164 and `<Cu>-Inbound-CSS`, to set on the customer's trunk (`inboundCss`).
 * Objects under these names that ucflow did not create are never taken over. See
 * docs/cucm-dial-plan.md.
 */
export class ClusterDialPlan extends pulumi.dynamic.Resource {
  declare readonly customer: pulumi.Output<string>;
  declare readonly cluster: pulumi.Output<string>;
  /** The partition every directory number of the customer goes in. */
  declare readonly linePartition: pulumi.Output<string>;
  /** The calling search space to set as the inbound calling search space of the customer's PSTN trunk or gateway. */
  declare readonly inboundCss: pulumi.Output<string>;
  /** Where the route patterns send calls: `{ routeListName }` or `{ gatewayName }` (a SIP trunk or gateway). */
  declare readonly destination: pulumi.Output<{ routeListName?: string; gatewayName?: string }>;
  declare readonly objects: pulumi.Output<CucmObjectOutput[]>;
  /** After a refresh: what is out of step on the cluster; the next `up` puts it right. */
  declare readonly drift: pulumi.Output<string[] | undefined>;

  constructor(name: string, args: ClusterDialPlanArgs, opts?: pulumi.CustomResourceOptions) {
    super(providerFor("ClusterDialPlan"), name, { ...args, linePartition: undefined, inboundCss: undefined, destination: undefined, objects: undefined, drift: undefined }, opts, RESOURCE_MODULE, "ClusterDialPlan");
  }
}
