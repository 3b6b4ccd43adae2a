import * as t from "io-ts";
import { CallClass } from "../class-of-service/types";
import { boundedArray, CustomerCode, NonEmptyString, ObjectName, SiteCode } from "../codecs";
import type { ClusterObjectsState } from "../cluster-kind";
import { AdoptionInput } from "../adoption";
import { CucmDialPlan, CucmExistingSite, CucmSiteDefaults } from "../cucm/types";
import { strictObject } from "../input-validation";

/** A class of service as a site needs it: its name and the call classes it allows. */
export const SiteClassOfService = strictObject("SiteClassOfService", {
  name: ObjectName,
  allows: boundedArray(CallClass, 5, "CallClasses"),
});
export type SiteClassOfService = t.TypeOf<typeof SiteClassOfService>;

/** The site defaults with every one given (the definition fills them from CUCM_SITE_DEFAULTS). */
export const CompleteCucmSiteDefaults = strictObject("CucmSiteDefaults", CucmSiteDefaults.optional);
export type CompleteCucmSiteDefaults = t.TypeOf<typeof CompleteCucmSiteDefaults>;

/**
 * A site on a Unified CM cluster: its location and device pool, its partition of emergency
 * route patterns, the devices' calling search space and one line calling search space per class
 * of service (provider/plan/cucm-dial-plan.ts planCucmSite).
 */
export const CucmSiteInputs = strictObject(
  "CucmSite",
  {
    customer: CustomerCode,
    code: SiteCode,
    name: NonEmptyString,
    /** The cluster's name in ucflow:clusters. */
    cluster: ObjectName,
    /** The dial plan of the site's cluster: its gateway and emergency numbers, and the call classes it has patterns for. */
    dialPlan: CucmDialPlan,
    /** The classes of service the site's subscribers may have: one line calling search space each. */
    classesOfService: boundedArray(SiteClassOfService, 100, "SiteClassesOfService"),
    /** What the device pool refers to (and the subscribers' phones will): every one checked on the cluster. */
    defaults: CompleteCucmSiteDefaults,
  },
  {
    /** Recorded only: the device pool's date/time group (defaults.dateTimeGroup) sets the phones' time zone. */
    timeZone: t.string,
    /** Objects under the site's names that are not ucflow's: refused, or adopted (and on delete retained or removed). @default - refused */
    adoption: AdoptionInput,
    /** The site's objects are already on the cluster under these names: ucflow adopts them and makes no site partition or emergency patterns. Needs adoption.existing adopt. */
    existing: CucmExistingSite,
  },
);
export type CucmSiteInputs = t.TypeOf<typeof CucmSiteInputs>;

/** A Unified CM site as ucflow records it: its inputs, the names its subscribers use, and its objects. */
export type CucmSiteState = CucmSiteInputs &
  ClusterObjectsState & {
    readonly devicePool: string;
    readonly location: string;
    /** The site's partition (its emergency patterns); empty when the site's objects are the cluster's own (`existing`). */
    readonly partition: string;
    /** The devices' calling search space (emergency calls only). */
    readonly deviceCss: string;
    /** The line calling search space of each class of service, by class of service name. */
    readonly lineCss: Readonly<Record<string, string>>;
    /** Where the emergency patterns send calls: dialPlan.gateway as a route list, or as a SIP trunk or gateway. */
    readonly destination: { readonly routeListName?: string; readonly gatewayName?: string };
  };
