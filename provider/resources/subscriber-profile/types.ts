import * as t from "io-ts";
import { TEAMS_POLICY_TYPES, type TeamsPolicyType } from "../../plan/teams-references";
import { show } from "../../plan/messages";
import { boundedArray, CustomerCode, NonEmptyString, ObjectName } from "../codecs";
import { didYouMean } from "../../plan/messages";
import { strictObject } from "../input-validation";

/** Teams policy types a profile can grant (the planner's list: provider/plan/teams-references.ts). */
export const PolicyType = t.keyof(Object.fromEntries(TEAMS_POLICY_TYPES.map((type) => [type, null])) as Record<TeamsPolicyType, null>);
export type PolicyType = t.TypeOf<typeof PolicyType>;
export const POLICY_TYPES = Object.keys(PolicyType.keys) as PolicyType[];

/** A license by SKU part number (e.g. `SPE_E5`), with service plans to leave disabled. */
export const LicenseTemplate = strictObject(
  "LicenseTemplate",
  {
    /** The SKU part number, as `GET /subscribedSkus` lists it, e.g. `SPE_E5`. */
    sku: NonEmptyString,
  },
  {
    /** Service plans of the SKU to leave off, by service plan name, e.g. `YAMMER_ENTERPRISE`. @default - none */
    disabledPlans: t.array(NonEmptyString),
  },
);
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

/**
 * A desk phone template for Unified CM subscribers (VOSS: the QAG's phone configuration
 * template): the product and protocol, and the templates and profiles the cluster has.
 */
export const PhoneTemplate = strictObject(
  "PhoneTemplate",
  {
    /** The AXL product, e.g. "Cisco 8845". */
    product: NonEmptyString,
    /** The phone's protocol. */
    protocol: t.keyof({ SIP: null, SCCP: null }),
    /** The phone button template, e.g. "Standard 8845 SIP". */
    buttonTemplate: NonEmptyString,
  },
  {
    /** The phone security profile. @default - the product's standard non-secure profile, e.g. "Cisco 8845 - Standard SIP Non-Secure Profile" */
    securityProfile: NonEmptyString,
    /** The SIP profile. @default "Standard SIP Profile" (SIP phones) */
    sipProfile: NonEmptyString,
  },
);
export type PhoneTemplate = t.TypeOf<typeof PhoneTemplate>;

/**
 * The quick add group of a profile: the templates its subscribers are built from. On Teams the
 * licenses and policies; on Unified CM the desk phone, the service profile and the credential
 * policy.
 */
export const QuickAddGroup = strictObject(
  "QuickAddGroup",
  {
    /** The quick add group's name, unique among the customer's. */
    name: ObjectName,
  },
  {
    /** Teams: the licenses, by SKU part number. @default none */
    licenses: boundedArray(LicenseTemplate, 10, "Licenses"),
    /** Teams: direct policy grants by type. */
    policies: Policies,
    /** Unified CM: a desk phone with the subscriber's line. @default - no desk phone */
    phone: PhoneTemplate,
    /** Unified CM: the UC service profile (IM and Presence, voicemail, directory). @default - the cluster's default */
    serviceProfile: NonEmptyString,
    /** Unified CM: the credential policy of the user's PIN and password. @default - the cluster's default */
    credentialPolicy: NonEmptyString,
  },
);
export type QuickAddGroup = t.TypeOf<typeof QuickAddGroup>;

/**
 * A subscriber profile: the services a category of users gets (e.g. by job role), with a bundle
 * per platform. Teams: Enterprise Voice, the number type and the quick add group's licenses and
 * policies. Unified CM: a line always; the desk phone of the quick add group, and the services
 * switched on here.
 */
export const SubscriberProfileInputs = strictObject(
  "SubscriberProfile",
  {
    /** The code of the customer it belongs to (in a definition, customer.code fills it). */
    customer: CustomerCode,
    /** The name flow-through entries and pins give it by. */
    name: ObjectName,
    quickAddGroup: QuickAddGroup,
  },
  {
    /** Teams: Enterprise Voice (needs a number). @default false */
    enterpriseVoice: t.boolean,
    /** Teams: the kind of number subscribers get. @default "none" */
    numberType: t.keyof({ directRouting: null, callingPlan: null, operatorConnect: null, none: null }),
    /** Unified CM: a Jabber for desktop device (CSF) with the line. @default false */
    jabber: t.boolean,
    /** Unified CM: a Unity Connection mailbox, the voicemail profile on the line, busy and no answer forwarded to it. @default false */
    voicemail: t.boolean,
    /** Unified CM: an extension mobility device profile with the line, and the EM service on the desk phone. @default false */
    extensionMobility: t.boolean,
    /** Unified CM: single number reach to the user's mobile number (remote destination profile and destination). @default false */
    singleNumberReach: t.boolean,
    /** Unified CM: IM and Presence on the user, with the cluster as home cluster. @default false */
    imAndPresence: t.boolean,
    /** Unified CM: the user may host Conference Now meetings. @default false */
    conferencing: t.boolean,
    /** Unified CM: the class of service (line CSS) instead of the site's. @default - the site's */
    classOfService: ObjectName,
    /** The role (customer definition `roles`) its subscribers get when their flow-through entry names none. @default - flowThrough.defaultRole */
    role: ObjectName,
    /** Free text for the people who read the definition; sent to no platform. */
    description: t.string,
  },
);
export type SubscriberProfileInputs = t.TypeOf<typeof SubscriberProfileInputs>;

/** The Teams bundle of a profile, with its defaults. */
export function teamsBundleOf(profile: {
  readonly enterpriseVoice?: boolean;
  readonly numberType?: "directRouting" | "callingPlan" | "operatorConnect" | "none";
  readonly quickAddGroup: { readonly licenses?: readonly { readonly sku: string; readonly disabledPlans?: readonly string[] }[]; readonly policies?: Readonly<Record<string, string | undefined>> };
}) {
  return {
    enterpriseVoice: profile.enterpriseVoice ?? false,
    numberType: profile.numberType ?? "none",
    licenses: profile.quickAddGroup.licenses ?? [],
    policies: (profile.quickAddGroup.policies ?? {}) as Readonly<Record<string, string>>,
  } as const;
}
