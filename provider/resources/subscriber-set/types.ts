import * as t from "io-ts";
import type { SubscriberFootprint } from "../../plan";
import { Country, CustomerCode, E164, Guid, NonEmptyString, ObjectName, SiteCode } from "../codecs";
import { AdoptionInput } from "../adoption";
import { strictObject } from "../input-validation";
import { CucmExistingSite, CucmVoicemail } from "../cucm/types";
import { PolicyType, POLICY_TYPES } from "../subscriber-profile/types";

export const SubscriberLicense = strictObject("SubscriberLicense", { skuId: Guid, sku: NonEmptyString, disabledPlans: t.array(Guid) });
export type SubscriberLicense = t.TypeOf<typeof SubscriberLicense>;

export const SubscriberNumber = strictObject("SubscriberNumber", {
  telephoneNumber: E164,
  numberType: t.keyof({ directRouting: null, callingPlan: null, operatorConnect: null }),
});
export type SubscriberNumber = t.TypeOf<typeof SubscriberNumber>;

const Policies = t.partial(Object.fromEntries(POLICY_TYPES.map((k) => [k, ObjectName])) as Record<PolicyType, typeof ObjectName>);

/**
 * One provisioned Teams user in a set, fully resolved by the program from the directory, the
 * flow-through criteria, the site and the profile: what a reviewer reads in a preview. The number
 * is assigned with the emergency location of the subscriber's site (the set's `locations`).
 */
export const TeamsSubscriberEntry = strictObject(
  "TeamsSubscriber",
  {
    userPrincipalName: NonEmptyString,
    site: SiteCode,
    profile: ObjectName,
    /** The flow-through entry that matched the user. */
    criteria: ObjectName,
    usageLocation: Country,
    licenses: t.array(SubscriberLicense),
    enterpriseVoice: t.boolean,
    policies: Policies,
  },
  {
    number: SubscriberNumber,
    /** The role whose memberships the subscriber holds (the flow-through entry's, else the profile's, else the customer default). */
    role: ObjectName,
    /** The role's Entra security groups, by object id (lower case, sorted): ucflow adds the user to each. */
    groups: t.array(Guid),
  },
);
export type TeamsSubscriberEntry = t.TypeOf<typeof TeamsSubscriberEntry>;

/** The platforms a set can be for; each has its entry shape and its adapter (provider.ts). */
export const SubscriberPlatformName = t.keyof({ teams: null, cucm: null });
export type SubscriberPlatformName = t.TypeOf<typeof SubscriberPlatformName>;

/**
 * One of a customer's subscriber sets: the subscribers of one platform (and, on Unified CM, one
 * cluster) whose immutable id hashes to `set` of `sets`, keyed by that id (the Entra object id;
 * on LDAP-sourced Unified CM customers the directory's entryUUID or objectGUID), so the engine's
 * diff names each subscriber that changes and what changes for it. Each entry has its platform's
 * shape (checked by the platform's adapter).
 */
/** Unified CM: how a site's subscribers are placed when the site adopts (its `adoption`, its objects' names). */
export const CucmSubscriberSite = strictObject(
  "CucmSubscriberSite",
  {},
  {
    /** Users, lines and phones that already exist: refused, or adopted (and on deprovisioning retained or removed). @default - refused */
    adoption: AdoptionInput,
    /** The site's objects under the cluster's own names (the site's `cucm.existing`). @default - ucflow's names */
    existing: CucmExistingSite,
  },
);
export type CucmSubscriberSite = t.TypeOf<typeof CucmSubscriberSite>;

export const SubscriberSetInputs = strictObject(
  "SubscriberSet",
  {
    customer: CustomerCode,
    platform: SubscriberPlatformName,
    /** This set's index, 0 to sets-1. */
    set: t.number,
    /** How many sets the customer's subscribers are spread over; fixed for the life of the stack. */
    sets: t.number,
    /** By immutable id; each entry in its platform's shape. */
    subscribers: t.record(t.string, t.unknown),
  },
  {
    /** Teams: each site's emergency location id (by site code): numbers at the site are assigned with it. */
    locations: t.record(t.string, t.string),
    /** The adoption of each site that has one (by site code): its subscribers' users are adopted as they are. @default - none */
    adoption: t.record(t.string, AdoptionInput),
    /** Unified CM: the cluster the subscribers are on. */
    cluster: ObjectName,
    /**
     * Unified CM: the cluster's voicemail (the cluster definition's `voicemail`): the voicemail
     * profile put on the lines of subscribers with voicemail, and the Unity Connection server
     * and user template of their mailboxes. Needed when a subscriber has voicemail.
     */
    voicemail: CucmVoicemail,
    /** Unified CM: the IP phone service of extension mobility, subscribed on desk phones. @default "Extension Mobility" */
    extensionMobilityService: NonEmptyString,
    /** Unified CM: the presence group of the end users ucflow adds (the cluster's site defaults). @default "Standard Presence group" */
    presenceGroup: NonEmptyString,
    /** Unified CM: the partition of the customer's lines (the cluster's `existingDialPlan`). @default `<Cu>-DN-PT` */
    linePartition: ObjectName,
    /** Unified CM: by site code, the sites that adopt or name their own objects. @default - none: ucflow's names, nothing adopted */
    sites: t.record(t.string, CucmSubscriberSite),
  },
);
export type SubscriberSetInputs = t.TypeOf<typeof SubscriberSetInputs>;

/** What ucflow gave one Teams subscriber, as state keeps it. */
export type GivenRecord = SubscriberFootprint & {
  /** When ucflow last wrote to the subscriber (ISO 8601), for the consistency wait of a refresh. */
  readonly appliedAt?: string;
  /** The user held some of the subscriber's services before ucflow, at a site that adopts: delete leaves the user as it is unless `adoption.onDelete` is remove. */
  readonly adopted?: boolean;
};

/** A set as ucflow records it: the subscribers as applied, and what ucflow gave each one. */
export type SubscriberSetState = SubscriberSetInputs & {
  /** By subscriber id, in the platform's terms. Hidden from previews (the diff of `subscribers` says what changes). */
  readonly given: Readonly<Record<string, unknown>>;
  /** After a refresh: what is out of step on the platform, one sentence per subscriber and field. */
  readonly drift?: readonly string[];
};

/** What a Unified CM subscriber gets besides the user and a line (the profile's Unified CM bundle). */
export const CucmSubscriberServices = strictObject(
  "CucmSubscriberServices",
  { jabber: t.boolean, voicemail: t.boolean, extensionMobility: t.boolean, singleNumberReach: t.boolean, imAndPresence: t.boolean, conferencing: t.boolean },
  {
    phone: strictObject(
      "CucmSubscriberPhone",
      { product: NonEmptyString, protocol: t.keyof({ SIP: null, SCCP: null }), buttonTemplate: NonEmptyString },
      { securityProfile: NonEmptyString, sipProfile: NonEmptyString },
    ),
    serviceProfile: NonEmptyString,
    credentialPolicy: NonEmptyString,
  },
);
export type CucmSubscriberServices = t.TypeOf<typeof CucmSubscriberServices>;

/**
 * One provisioned Unified CM user in a set: the end user (pushed top-down from the directory),
 * the line with its class of service, and the services of the profile. Device, profile and
 * partition names follow from the customer and site codes (provider/plan/cucm-names.ts).
 */
export const CucmSubscriberEntry = strictObject(
  "CucmSubscriber",
  {
    /** The end user's id on the cluster. */
    userid: NonEmptyString,
    lastName: NonEmptyString,
    site: SiteCode,
    profile: ObjectName,
    criteria: ObjectName,
    /** The directory number of the user's line (in the customer's line partition). */
    extension: t.string,
    /** The class of service: the line calling search space `<site>-<class>-CSS`. */
    classOfService: ObjectName,
    services: CucmSubscriberServices,
  },
  {
    firstName: NonEmptyString,
    displayName: NonEmptyString,
    mail: NonEmptyString,
    department: NonEmptyString,
    /** The role whose memberships the subscriber holds (the flow-through entry's, else the profile's, else the customer default). */
    role: ObjectName,
    /** The role's Unified CM access control groups, by name (sorted): ucflow puts the end user in each. */
    accessControlGroups: t.array(NonEmptyString),
    /** In E.164; the single number reach destination. */
    mobile: E164,
    /** The line's DID in E.164 (its +E.164 alternate number, and the number shown on calls out). */
    did: E164,
    /**
     * Written by a refresh only, never given: what differs on the cluster from what ucflow set,
     * one sentence per object and field (a line's calling search space, a phone's device pool).
     */
    differences: t.array(t.string),
  },
);
export type CucmSubscriberEntry = t.TypeOf<typeof CucmSubscriberEntry>;
