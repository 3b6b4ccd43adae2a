import * as t from "io-ts";
import { Country, CustomerCode, E164, Guid, NonEmptyString, ObjectName, SiteCode } from "../codecs";
import { strictObject } from "../input-validation";
import { PolicyType, POLICY_TYPES } from "../subscriber-profile/types";

export const SubscriberLicense = strictObject(
  "SubscriberLicense",
  { skuId: Guid, sku: NonEmptyString, disabledPlans: t.array(Guid) },
);
export type SubscriberLicense = t.TypeOf<typeof SubscriberLicense>;

export const SubscriberNumber = strictObject(
  "SubscriberNumber",
  { telephoneNumber: E164, numberType: t.keyof({ directRouting: null, callingPlan: null, operatorConnect: null }) },
  { locationId: t.string },
);
export type SubscriberNumber = t.TypeOf<typeof SubscriberNumber>;

const Policies = t.partial(
  Object.fromEntries(POLICY_TYPES.map((k) => [k, ObjectName])) as Record<PolicyType, typeof ObjectName>,
);

/**
 * One provisioned user, fully resolved by the program from the directory, the flow-through
 * criteria, the site and the profile: everything a reviewer needs to read in a preview.
 */
export const SubscriberInputs = strictObject(
  "Subscriber",
  {
    customer: CustomerCode,
    userId: Guid,
    userPrincipalName: NonEmptyString,
    site: SiteCode,
    profile: ObjectName,
    criteria: ObjectName,
    usageLocation: Country,
    licenses: t.array(SubscriberLicense),
    enterpriseVoice: t.boolean,
    policies: Policies,
  },
  { number: SubscriberNumber },
);
export type SubscriberInputs = t.TypeOf<typeof SubscriberInputs>;
