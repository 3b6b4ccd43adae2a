import * as t from "io-ts";
import type { SubscriberFootprint } from "../../plan";
import { Country, CustomerCode, E164, Guid, NonEmptyString, ObjectName, SiteCode } from "../codecs";
import { strictObject } from "../input-validation";
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
  { number: SubscriberNumber },
);
export type TeamsSubscriberEntry = t.TypeOf<typeof TeamsSubscriberEntry>;

/**
 * One of a customer's subscriber sets: the subscribers whose immutable id hashes to `set` of
 * `sets`, keyed by that id (the Entra object id on Teams), so the engine's diff names each
 * subscriber that changes and what changes for it.
 */
export const SubscriberSetInputs = strictObject("SubscriberSet", {
  customer: CustomerCode,
  platform: t.literal("teams"),
  /** This set's index, 0 to sets-1. */
  set: t.number,
  /** How many sets the customer's subscribers are spread over; fixed for the life of the stack. */
  sets: t.number,
  /** Each site's emergency location id (by site code): numbers at the site are assigned with it. */
  locations: t.record(t.string, t.string),
  /** By the user's Entra object id. */
  subscribers: t.record(t.string, TeamsSubscriberEntry),
});
export type SubscriberSetInputs = t.TypeOf<typeof SubscriberSetInputs>;

/** What ucflow gave one subscriber, as state keeps it. */
export type GivenRecord = SubscriberFootprint & {
  /** When ucflow last wrote to the subscriber (ISO 8601), for the consistency wait of a refresh. */
  readonly appliedAt?: string;
};

/** A set as ucflow records it: the subscribers as applied, and what ucflow gave each one. */
export type SubscriberSetState = SubscriberSetInputs & {
  /** By subscriber id. Hidden from previews (the diff of `subscribers` says what changes). */
  readonly given: Readonly<Record<string, GivenRecord>>;
  /** After a refresh: what is out of step on the platform, one sentence per subscriber and field. */
  readonly drift?: readonly string[];
};
