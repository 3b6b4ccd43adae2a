// A profile library: the classes of service, roles and subscriber profiles a service provider
// offers every customer, written once and imported by each customer's program (see
// ../hybrid-shared-profiles). A change here reaches every customer that imports it, each in its
// own stack's preview. Names are prefixed with the customer's code, as ucflow names everything
// it creates for a customer (Cu1-National, Cu7-National, ...).
import type { CustomerDefinitionInput } from "ucflow";

export type ClassOfServiceDefinition = NonNullable<CustomerDefinitionInput["classesOfService"]>[number];
export type RoleDefinition = NonNullable<CustomerDefinitionInput["roles"]>[number];
export type ProfileDefinition = CustomerDefinitionInput["profiles"][number];

/** What differs between customers for the library's classes of service. */
export interface CallingOptions {
  /** Without the plus: "1" for North America. */
  readonly countryCallingCode: string;
  /** Teams Direct Routing: the customer's session border controllers. */
  readonly pstnGateways: readonly string[];
}

/**
 * `<code>-National` (national calls, which take in local ones) and `<code>-International` (and
 * international). No separate `local` class: on Teams it needs the customer's own local number
 * pattern, which a library shared by customers in many cities cannot know.
 */
export function classesOfService(code: string, options: CallingOptions): ClassOfServiceDefinition[] {
  const common = { countryCallingCode: options.countryCallingCode, pstnGateways: [...options.pstnGateways] };
  return [
    { name: `${code}-National`, allows: ["national"], ...common },
    { name: `${code}-International`, allows: ["national", "international"], ...common },
  ];
}

/** The memberships a voice user needs: the Teams Phone group on Teams, end-user and CTI access on Unified CM. */
export const ROLES: readonly RoleDefinition[] = [
  {
    name: "Voice",
    teams: { groups: ["Teams Phone Users"] },
    cucm: { accessControlGroups: ["Standard CCM End Users", "Standard CTI Enabled"] },
  },
];

/**
 * Two profiles, each a bundle for both platforms, so a user gets the same service whichever
 * platform their site is on:
 * - Voice: Teams Phone with a Direct Routing number and national calling; on Unified CM a Cisco
 *   8845 with voicemail and the site's class of service (a site on Unified CM names one).
 * - Sales: the same with international calling, and a Cisco 8865 on Unified CM.
 */
export function profiles(code: string): ProfileDefinition[] {
  const voice = (name: string, classOfService: string, phone: string, group: string, unifiedCmClass: boolean): ProfileDefinition => ({
    name,
    role: "Voice",
    enterpriseVoice: true,
    numberType: "directRouting",
    voicemail: true,
    // Unified CM: without it, the line gets its site's class of service.
    ...(unifiedCmClass ? { classOfService } : {}),
    quickAddGroup: {
      name: group,
      licenses: [{ sku: "SPE_E5" }],
      policies: { OnlineVoiceRoutingPolicy: classOfService, TeamsCallingPolicy: classOfService },
      phone: { product: `Cisco ${phone}`, protocol: "SIP", buttonTemplate: `Standard ${phone} SIP` },
    },
  });
  return [voice("Voice", `${code}-National`, "8845", "voice", false), voice("Sales", `${code}-International`, "8865", "sales", true)];
}
