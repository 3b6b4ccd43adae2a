// References from a customer definition to Teams policies that only the tenant can resolve: a
// profile's policy names and a site's dial plan. Each must name a policy instance the tenant has
// or one the same definition creates, so a typo fails the preview instead of the first grant.
// Pure: the tenant's policy names come in as a catalog (sdk/directory/teams-policies.ts).
import { listNames, show } from "./messages";

/** The Teams policy types a subscriber profile can grant. */
export const TEAMS_POLICY_TYPES = [
  "TeamsCallingPolicy",
  "OnlineVoiceRoutingPolicy",
  "TenantDialPlan",
  "TeamsEmergencyCallingPolicy",
  "CallingLineIdentity",
  "OnlineVoicemailPolicy",
] as const;
export type TeamsPolicyType = (typeof TEAMS_POLICY_TYPES)[number];

/**
 * The policy instance names a tenant has, per policy type: bare names (`US-National`, not
 * `Tag:US-National`) and `Global` for the default instance. A type that was not read is absent.
 */
export type TeamsPolicyCatalog = Readonly<Partial<Record<TeamsPolicyType, readonly string[]>>>;

/** The parts of a customer definition that name Teams policies, or create them. */
export interface TeamsReferencingDefinition {
  /** Each becomes the tenant dial plan `Tag:<name>`. */
  readonly dialPlans?: readonly { readonly name: string }[];
  /** Each becomes the voice routing policy and the calling policy `Tag:<name>`. */
  readonly classesOfService?: readonly { readonly name: string }[];
  readonly sites: readonly { readonly code: string; readonly dialPlan?: string }[];
  readonly profiles: readonly {
    readonly name: string;
    readonly quickAddGroup: { readonly policies?: Readonly<Partial<Record<TeamsPolicyType, string>>> };
  }[];
}

/** The policy types the definition's profiles and sites name, in TEAMS_POLICY_TYPES order: the ones to read. */
export function referencedPolicyTypes(definition: TeamsReferencingDefinition): TeamsPolicyType[] {
  const used = new Set<TeamsPolicyType>();
  if (definition.sites.some((s) => s.dialPlan !== undefined)) used.add("TenantDialPlan");
  for (const profile of definition.profiles) {
    for (const type of TEAMS_POLICY_TYPES) if (profile.quickAddGroup.policies?.[type] !== undefined) used.add(type);
  }
  return TEAMS_POLICY_TYPES.filter((type) => used.has(type));
}

/**
 * The names the definition creates per policy type, as the ClassOfService and DialPlan kinds
 * name them (provider/resources/class-of-service/provider.ts, dial-plan/provider.ts).
 */
export function policiesCreatedBy(definition: TeamsReferencingDefinition): Readonly<Record<TeamsPolicyType, readonly string[]>> {
  const classes = (definition.classesOfService ?? []).map((c) => c.name);
  const created = Object.fromEntries(TEAMS_POLICY_TYPES.map((type) => [type, [] as string[]])) as Record<TeamsPolicyType, string[]>;
  created.TenantDialPlan = (definition.dialPlans ?? []).map((d) => d.name);
  created.OnlineVoiceRoutingPolicy = classes;
  created.TeamsCallingPolicy = [...classes];
  return created;
}

/**
 * Every profile policy and site dial plan that names a policy neither the tenant has nor the
 * definition creates, each starting with its path in the definition
 * (`profiles[0].quickAddGroup.policies.TeamsCallingPolicy (profile Voice): ...`). Names match ignoring case, as Teams compares identities. Throws when the
 * catalog lacks a type the definition names: read it with {@link referencedPolicyTypes}.
 */
export function checkTeamsReferences(definition: TeamsReferencingDefinition, catalog: TeamsPolicyCatalog): string[] {
  const created = policiesCreatedBy(definition);
  const missing = referencedPolicyTypes(definition).filter((type) => catalog[type] === undefined);
  if (missing.length > 0) {
    throw new Error(`the Teams policy catalog has no ${missing.join(", ")} names; read every type the definition names (referencedPolicyTypes)`);
  }
  const exists = (type: TeamsPolicyType, name: string) => {
    const wanted = name.toLowerCase();
    return [...(catalog[type] ?? []), ...created[type]].some((n) => n.toLowerCase() === wanted);
  };
  const known = (type: TeamsPolicyType) => {
    const creates = created[type];
    return `the tenant has ${listNames(catalog[type] ?? [])}; this definition creates ${creates.length === 0 ? `no ${type}` : listNames(creates)} (names ignore case)`;
  };

  const problems: string[] = [];
  definition.profiles.forEach((profile, p) => {
    for (const type of TEAMS_POLICY_TYPES) {
      const name = profile.quickAddGroup.policies?.[type];
      if (name === undefined || exists(type, name)) continue;
      problems.push(
        `profiles[${p}].quickAddGroup.policies.${type} (profile ${profile.name}): ${show(name)} is neither a ${type} in the tenant nor one this definition creates; ` +
          `${known(type)}. Correct the name, or create the policy in Teams first`,
      );
    }
  });
  definition.sites.forEach((site, s) => {
    if (site.dialPlan === undefined || exists("TenantDialPlan", site.dialPlan)) return;
    problems.push(
      `sites[${s}].dialPlan (site ${site.code}): ${show(site.dialPlan)} is neither a TenantDialPlan in the tenant nor a dial plan of this definition; ` +
        `${known("TenantDialPlan")}. Correct the name, or add the dial plan to dialPlans`,
    );
  });
  return problems;
}

/** Classes of service whose voice routes name an SBC the tenant does not have: calls out would fail, so the preview does. */
export function unknownGatewayProblems(classes: readonly { readonly name: string; readonly pstnGateways?: readonly string[] }[], gateways: readonly string[]): string[] {
  const known = new Set(gateways.map((g) => g.toLowerCase()));
  return classes.flatMap((c, i) =>
    (c.pstnGateways ?? []).flatMap((gateway, j) =>
      known.has(gateway.toLowerCase())
        ? []
        : [`classesOfService[${i}].pstnGateways[${j}] (class of service ${c.name}): the tenant has no Direct Routing SBC ${JSON.stringify(gateway)}; it has ${gateways.join(", ") || "none"}. Correct the FQDN, or pair the SBC with the tenant first (New-CsOnlinePSTNGateway)`],
    ),
  );
}

