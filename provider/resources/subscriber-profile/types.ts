import * as t from "io-ts";
import { boundedArray, CustomerCode, NonEmptyString, ObjectName } from "../codecs";
import { strictObject } from "../input-validation";

/** Teams policy types a profile can grant. */
export const PolicyType = t.keyof({
  TeamsCallingPolicy: null,
  OnlineVoiceRoutingPolicy: null,
  TenantDialPlan: null,
  TeamsEmergencyCallingPolicy: null,
  CallingLineIdentity: null,
  OnlineVoicemailPolicy: null,
});
export type PolicyType = t.TypeOf<typeof PolicyType>;
export const POLICY_TYPES = Object.keys(PolicyType.keys) as PolicyType[];

/** A license by SKU part number (e.g. `SPE_E5`), with service plans to leave disabled. */
export const LicenseTemplate = strictObject("LicenseTemplate", { sku: NonEmptyString }, { disabledPlans: t.array(NonEmptyString) });
export type LicenseTemplate = t.TypeOf<typeof LicenseTemplate>;

const Policies = t.partial(
  Object.fromEntries(POLICY_TYPES.map((k) => [k, ObjectName])) as Record<PolicyType, typeof ObjectName>,
);

/** The quick add group of a profile: the licenses and policies its subscribers get. */
export const QuickAddGroup = strictObject(
  "QuickAddGroup",
  { name: ObjectName, licenses: boundedArray(LicenseTemplate, 10, "Licenses") },
  { policies: Policies },
);
export type QuickAddGroup = t.TypeOf<typeof QuickAddGroup>;

/** A subscriber profile: the services a category of users gets (e.g. by job role). */
export const SubscriberProfileInputs = strictObject(
  "SubscriberProfile",
  {
    customer: CustomerCode,
    name: ObjectName,
    enterpriseVoice: t.boolean,
    numberType: t.keyof({ directRouting: null, callingPlan: null, operatorConnect: null, none: null }),
    quickAddGroup: QuickAddGroup,
  },
  { description: t.string },
);
export type SubscriberProfileInputs = t.TypeOf<typeof SubscriberProfileInputs>;
