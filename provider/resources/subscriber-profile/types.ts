import * as t from "io-ts";
import { TEAMS_POLICY_TYPES, type TeamsPolicyType } from "../../plan/teams-references";
import { show } from "../../plan/messages";
import { boundedArray, CustomerCode, NonEmptyString, ObjectName } from "../codecs";
import { didYouMean, strictObject } from "../input-validation";

/** Teams policy types a profile can grant (the planner's list: provider/plan/teams-references.ts). */
export const PolicyType = t.keyof(Object.fromEntries(TEAMS_POLICY_TYPES.map((type) => [type, null])) as Record<TeamsPolicyType, null>);
export type PolicyType = t.TypeOf<typeof PolicyType>;
export const POLICY_TYPES = Object.keys(PolicyType.keys) as PolicyType[];

/** A license by SKU part number (e.g. `SPE_E5`), with service plans to leave disabled. */
export const LicenseTemplate = strictObject("LicenseTemplate", { sku: NonEmptyString }, { disabledPlans: t.array(NonEmptyString) });
export type LicenseTemplate = t.TypeOf<typeof LicenseTemplate>;

const policyNames = t.partial(Object.fromEntries(POLICY_TYPES.map((k) => [k, ObjectName])) as Record<PolicyType, typeof ObjectName>);

/**
 * Policy names by policy type, e.g. `{ TeamsCallingPolicy: "AllowCalling" }`. Strict: a
 * misspelt type (`TeamsCallingPolicyy`) is refused, not silently left ungranted.
 */
export const Policies = new t.Type<t.TypeOf<typeof policyNames>, unknown, unknown>(
  "Policies",
  (u): u is t.TypeOf<typeof policyNames> => policyNames.is(u) && Object.keys(u as object).every((k) => (POLICY_TYPES as string[]).includes(k)),
  (u, c) => {
    if (typeof u !== "object" || u === null || Array.isArray(u)) {
      return t.failure(u, c, `must be an object of policy names by policy type, e.g. {"TeamsCallingPolicy": "AllowCalling"}; got ${show(u)}`);
    }
    const record = u as Record<string, unknown>;
    const unknown = Object.keys(record).filter((k) => !(POLICY_TYPES as string[]).includes(k) && record[k] !== undefined);
    if (unknown.length > 0) {
      return t.failures(
        unknown.map((k) => ({
          value: record[k],
          context: [...c, { key: k, type: t.unknown, actual: record[k] }],
          message: `is not a Teams policy type a profile can grant${didYouMean(k, POLICY_TYPES)}; the policy types are ${POLICY_TYPES.join(", ")}`,
        })),
      );
    }
    return policyNames.validate(u, c);
  },
  (a) => a,
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
