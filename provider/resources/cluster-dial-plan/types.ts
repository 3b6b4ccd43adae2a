import { CustomerCode, ObjectName } from "../codecs";
import type { ClusterObjectsState } from "../cluster-kind";
import { AdoptionInput } from "../adoption";
import { CucmDialPlan, CucmExistingDialPlan } from "../cucm/types";
import { strictObject } from "../input-validation";
import type * as t from "io-ts";

/**
 * A customer's dial plan on one Unified CM cluster: the partition of its lines, one partition of
 * route patterns per call class the country has, and those route patterns; for calls in, the
 * inbound partition, its translation patterns and the inbound calling search space (provider/plan/cucm-dial-plan.ts).
 */
export const ClusterDialPlanInputs = strictObject(
  "ClusterDialPlan",
  {
    customer: CustomerCode,
    /** The cluster's name in ucflow:clusters. */
    cluster: ObjectName,
    dialPlan: CucmDialPlan,
  },
  {
    /** Objects under the desired names that are not ucflow's: refused, or adopted (and on delete retained or removed). @default - refused */
    adoption: AdoptionInput,
    /** The customer's dial plan is the cluster's own: ucflow adopts its line partition and builds nothing else. Needs adoption.existing adopt. */
    existing: CucmExistingDialPlan,
  },
);
export type ClusterDialPlanInputs = t.TypeOf<typeof ClusterDialPlanInputs>;

/** A cluster dial plan as ucflow records it. */
export type ClusterDialPlanState = ClusterDialPlanInputs &
  ClusterObjectsState & {
    /** The partition every directory number of the customer goes in (`<Cu>-DN-PT`). */
    readonly linePartition: string;
    /** What the operator sets as the inbound calling search space of the customer's PSTN trunk or gateway (`<Cu>-Inbound-CSS`); empty when the dial plan is the cluster's own (`existing`). */
    readonly inboundCss: string;
    /** Where the route patterns send calls: dialPlan.gateway as a route list, or as a SIP trunk or gateway. */
    readonly destination: { readonly routeListName?: string; readonly gatewayName?: string };
  };
