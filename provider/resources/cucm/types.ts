// The Unified CM side of a customer definition: the clusters its sites use, each with the dial
// plan ucflow builds on it, its voicemail service and the site defaults of the device pools
// ucflow creates. Names of what ucflow creates: provider/plan/cucm-names.ts.
import * as t from "io-ts";
import { boundedArray, NonEmptyString, ObjectName } from "../codecs";
import { refinedString, strictObject } from "../input-validation";

export interface DigitsBrand {
  readonly Digits: unique symbol;
}
/** Dialled digits such as an access code or an emergency number. */
export const Digits = refinedString<DigitsBrand>("Digits", (s) => /^[0-9*#]{1,16}$/.test(s), "must be 1 to 16 digits, * or #, e.g. 9 or 911");

export interface RoutePatternDigitsBrand {
  readonly RoutePatternDigits: unique symbol;
}
/** A Unified CM route pattern's digits and wildcards, without the access code. */
export const RoutePatternDigits = refinedString<RoutePatternDigitsBrand>(
  "RoutePatternDigits",
  (s) => /^[0-9*#X!\[\]\-^]{1,48}$/.test(s) && !s.includes("."),
  "must be digits and Unified CM wildcards (X, !, #, [2-9], ranges), without the access code and its dot, e.g. [2-9]XX[2-9]XXXXXX",
);

const classPatterns = boundedArray(RoutePatternDigits, 20, "RoutePatterns");

/** The dial plan ucflow builds on a cluster for the customer. */
export const CucmDialPlan = strictObject(
  "CucmDialPlan",
  {
    /** Digits of the internal directory numbers (lines), as the extension ranges have them. */
    extensionLength: t.number,
    /** The E.164 country calling code the route patterns are for: "1" (NANP) or "44". */
    countryCallingCode: t.string,
    /** The gateway, SIP trunk or route list (by name, already on the cluster) the route patterns send calls to. */
    gateway: NonEmptyString,
  },
  {
    /** Dialled before an outside number. @default "9" */
    outsideAccessCode: Digits,
    /** Emergency numbers, reachable from every device without the access code. @default - the country's ("911", or "999" and "112") */
    emergencyNumbers: boundedArray(Digits, 5, "EmergencyNumbers"),
    /**
     * Route patterns (after the access code) replacing ucflow's for a call class, e.g.
     * `{ local: ["[2-9]XX[2-9]XXXXXX"] }` for 10-digit local dialling. @default - the country's (provider/plan/cucm-dial-plan.ts)
     */
    routePatterns: t.partial({ local: classPatterns, national: classPatterns, mobile: classPatterns, international: classPatterns, premium: classPatterns }),
  },
);
export type CucmDialPlan = t.TypeOf<typeof CucmDialPlan>;

/** The voicemail service of a cluster: mailboxes on Unity Connection for profiles with voicemail. */
export const CucmVoicemail = strictObject(
  "CucmVoicemail",
  {
    /** The voicemail profile (on the cluster) put on the lines of subscribers with voicemail. */
    profile: NonEmptyString,
    /** The Unity Connection the mailboxes are on (its credentials in stack config). */
    unityConnection: ObjectName,
  },
  {
    /** The Unity Connection user template mailboxes are made from. @default "voicemailusertemplate" */
    template: NonEmptyString,
    /** Internal calls that find the line busy or go unanswered go to voicemail too (as external calls always do); false leaves them unforwarded, as many estates have it. @default true */
    forwardInternalCalls: t.boolean,
  },
);
export type CucmVoicemail = t.TypeOf<typeof CucmVoicemail>;

/** Site defaults (VOSS SDD): what the device pools ucflow creates for the cluster's sites refer to. */
export const CucmSiteDefaults = strictObject(
  "CucmSiteDefaults",
  {},
  {
    /** The Unified CM group of the device pools. @default "Default" */
    callManagerGroup: NonEmptyString,
    /** The date/time group: the phones' time zone. @default "CMLocal" */
    dateTimeGroup: NonEmptyString,
    /** The region (codecs between regions). @default "Default" */
    region: NonEmptyString,
    /** The SRST reference. @default "Disable" */
    srst: NonEmptyString,
    /** The presence group of the end users ucflow adds. @default "Standard Presence group" */
    presenceGroup: NonEmptyString,
    /** The common phone profile. @default "Standard Common Phone Profile" */
    commonPhoneConfig: NonEmptyString,
  },
);
export type CucmSiteDefaults = t.TypeOf<typeof CucmSiteDefaults>;

/** The defaults' values when the definition gives none (Unified CM's factory names). */
export { CUCM_SITE_DEFAULTS } from "../../plan/cucm-names";

/**
 * The customer's dial plan as a cluster already has it, under its own names (adoption): ucflow
 * builds none of its own there (no call-class partitions, route patterns or inbound
 * translations), adopts the line partition and puts the subscribers' lines in it. Needs
 * `customer.adoption: {existing: adopt}`; every site of the customer on the cluster then names
 * its own objects (`cucm.existing`).
 */
export const CucmExistingDialPlan = strictObject("CucmExistingDialPlan", {
  /** The partition the customer's directory numbers are in, e.g. "Cu1-DirNum-PT". */
  linePartition: ObjectName,
});
export type CucmExistingDialPlan = t.TypeOf<typeof CucmExistingDialPlan>;

/** A Unified CM cluster the customer's sites use. */
export const ClusterDefinition = strictObject(
  "Cluster",
  {
    /** The cluster's name in ucflow's stack config (see docs/credentials-cucm.md). */
    name: ObjectName,
    dialPlan: CucmDialPlan,
  },
  {
    /** Needed when a profile on the cluster has voicemail. */
    voicemail: CucmVoicemail,
    /** What the device pools of the cluster's sites refer to. @default - Unified CM's factory names */
    defaults: CucmSiteDefaults,
    /** The directory attribute that becomes each end user's userid. @default uid, else the part of the user principal name or mail before "@" */
    userIdAttribute: NonEmptyString,
    /** The customer's dial plan is already on the cluster under these names: ucflow adopts it instead of building its own. @default - ucflow builds its dial plan (provider/plan/cucm-dial-plan.ts) */
    existingDialPlan: CucmExistingDialPlan,
  },
);
export type ClusterDefinition = t.TypeOf<typeof ClusterDefinition>;

/**
 * A site's objects as the cluster already has them, under their own names (adoption): ucflow
 * adopts them instead of making `<Si>-DP`, `<Si>-Loc`, `<Si>-Device-CSS` and the line calling
 * search spaces, and makes no site partition or emergency patterns (the calling search spaces
 * are the estate's, and reach its own). The device pool and location are brought to the site
 * defaults and the location; the calling search spaces' members are left as they are. Needs the
 * site's `adoption: {existing: adopt}`.
 */
export const CucmExistingSite = strictObject("CucmExistingSite", {
  devicePool: ObjectName,
  location: ObjectName,
  /** The calling search space of the site's phones. */
  deviceCss: ObjectName,
  /** The line calling search space of each of the customer's classes of service, by class of service name. */
  lineCss: t.record(t.string, ObjectName),
});
export type CucmExistingSite = t.TypeOf<typeof CucmExistingSite>;

/** Where a site is on Unified CM. */
export const CucmSitePlacement = strictObject(
  "CucmSite",
  { cluster: ObjectName },
  {
    /** The site's class of service: the line calling search space of its subscribers unless their profile gives another. */
    classOfService: ObjectName,
    /** The site's objects are already on the cluster under these names: ucflow adopts them. @default - ucflow makes its own (provider/plan/cucm-names.ts) */
    existing: CucmExistingSite,
  },
);
export type CucmSitePlacement = t.TypeOf<typeof CucmSitePlacement>;
