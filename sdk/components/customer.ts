// One customer, declared whole: its accounts (a Microsoft 365 tenant, Unified CM clusters), dial
// plans, classes of service, sites (each on Teams or on a Unified CM cluster), number inventory,
// subscriber profiles (a bundle per platform), model filter criteria, flow-through criteria, and
// the subscribers the flow-through plan selects from the directory, held in subscriber sets (a
// fixed number per platform and cluster; each subscriber in the set its id hashes to). Teams-only,
// Unified CM-only and hybrid customers are the same component: a hybrid customer shares filters,
// criteria and profiles across both. One per stack.
import * as pulumi from "@pulumi/pulumi";
import {
  checkCucmExistingNames,
  checkCucmReferences,
  checkTeamsReferences,
  DEFAULT_SUBSCRIBER_SET_COUNT,
  groupIntoSets,
  planCustomerSubscribers,
  subscriberSetName,
  unknownAttributeProblems,
  unknownGatewayProblems,
  type ClusterSnapshot,
  type CustomerSubscriberPlan,
  type DirectoryUser,
  type FilterCriteria,
  type PlannedCucmSubscriber,
  type PlannedTeamsSubscriber,
  type TeamsPolicyCatalog,
  type TenantSnapshot,
} from "../../provider/plan";
import type { AdoptionInput } from "../../provider/resources/adoption";
import type { ClassOfServiceInputs } from "../../provider/resources/class-of-service/types";
import type { CustomerInputs } from "../../provider/resources/customer/types";
import type { ClusterDefinition, CucmSitePlacement } from "../../provider/resources/cucm/types";
import type { DialPlanInputs } from "../../provider/resources/dial-plan/types";
import type { FlowThroughCriteriaInputs, RoleInput } from "../../provider/resources/flow-through-criteria/types";
import type { ModelFilterCriteriaInputs } from "../../provider/resources/model-filter-criteria/types";
import type { NumberInventoryInputs } from "../../provider/resources/number-inventory/types";
import type { SiteInputs } from "../../provider/resources/site/types";
import { teamsBundleOf, type SubscriberProfileInputs } from "../../provider/resources/subscriber-profile/types";
import { ClassOfService } from "../resources/class-of-service";
import { CustomerAccount } from "../resources/customer-account";
import { DialPlan } from "../resources/dial-plan";
import { FlowThroughCriteria } from "../resources/flow-through-criteria";
import { ModelFilterCriteria } from "../resources/model-filter-criteria";
import { NumberInventory } from "../resources/number-inventory";
import type { Plain } from "../resources/resource-args";
import { Site } from "../resources/site";
import { SubscriberProfile } from "../resources/subscriber-profile";
import { SubscriberSet } from "../resources/subscriber-set";
import { atDefinitionPath, type DefinitionSource } from "../definition/customer-definition";
import { buildCucmParts } from "./cucm-parts";

type WithoutCustomer<T> = Omit<Plain<T>, "customer">;

/** What problems' paths start with when the program does not say where the definition came from: the component's arguments. */
export const DEFAULT_DEFINITION_ROOT = "args";

export type CustomerSiteArgs = WithoutCustomer<SiteInputs> & {
  /** Values of `{{site.*}}` macros; `{{site.city}}` and `{{site.name}}` are the address's city and the name unless given. */
  readonly macros?: Readonly<Record<string, string>>;
  /** The site is on this Unified CM cluster; without it the site is on Teams. */
  readonly cucm?: Plain<CucmSitePlacement>;
  /** Whether the site's objects and its subscribers' users, lines and phones that already exist are adopted (docs/adoption.md). @default - refused */
  readonly adoption?: Plain<AdoptionInput>;
};

export interface CustomerArgs {
  /** Code, name, and the Entra tenant when a site is on Teams (the clusters come from `clusters`). */
  readonly customer: Omit<Plain<CustomerInputs>, "clusters"> & {
    /** Whether the customer-level objects that already exist are adopted (docs/adoption.md). @default - refused */
    readonly adoption?: Plain<AdoptionInput>;
  };
  readonly dialPlans?: readonly WithoutCustomer<DialPlanInputs>[];
  readonly classesOfService?: readonly WithoutCustomer<ClassOfServiceInputs>[];
  readonly sites: readonly CustomerSiteArgs[];
  readonly numberInventory: WithoutCustomer<NumberInventoryInputs>;
  readonly profiles: readonly WithoutCustomer<SubscriberProfileInputs>[];
  readonly filters: readonly Plain<ModelFilterCriteriaInputs>[];
  readonly flowThrough: Omit<WithoutCustomer<FlowThroughCriteriaInputs>, "subscribers">;
  /**
   * How many subscriber sets (Pulumi resources) the customer's subscribers of each platform (and
   * cluster) are spread over. Fixed for the life of the stack: a change is refused at preview.
   * @default 20 (about 500 subscribers a set at 10,000)
   */
  readonly subscriberSets?: { readonly count?: number };
  /** The Unified CM clusters the customer's sites use. */
  readonly clusters?: readonly Plain<ClusterDefinition>[];
  /**
   * Named sets of memberships that flow-through entries, pins, profiles and
   * `flowThrough.defaultRole` give: Entra security groups (by display name or object id) and
   * Unified CM access control groups (by name). @default - none (no memberships managed)
   */
  readonly roles?: readonly Plain<RoleInput>[];
  /** Teams: the tenant as read now (readEntraTenant). Its users are the directory unless `users` is given. */
  readonly tenant?: TenantSnapshot;
  /** The directory users when they do not come from the tenant (LDAP: readLdapDirectory; Unified CM end users). */
  readonly users?: readonly DirectoryUser[];
  /** Unified CM: each cluster as read now (readCucmCluster), by cluster name. */
  readonly clusterSnapshots?: Readonly<Record<string, ClusterSnapshot>>;
  /**
   * The tenant's Teams policy names (readTeamsPolicyCatalog), for the types the definition names
   * (referencedPolicyTypes): a profile's or site's policy that neither exists nor is created by
   * the definition then fails the preview. @default - references are not checked
   */
  readonly policies?: TeamsPolicyCatalog;
  /**
   * The attributes the directory's users carry (readCustomerSources gives them for its source):
   * a filter row on any other attribute fails the preview, since it could never match.
   * @default - filter attributes are not checked
   */
  readonly directoryAttributes?: readonly string[];
  /** Teams: the FQDNs of the tenant's Direct Routing SBCs (OnlinePSTNGateway): a class of service naming another fails the preview. @default - not checked */
  readonly pstnGateways?: readonly string[];
  /**
   * What a problem's path starts with, so it names the value as the user wrote it: the stack
   * config key (`customer`: `customer.profiles[0].quickAddGroup.licenses[0].sku`), the definition
   * file with line and column (`customers/contoso.yaml:93:11: profiles[0]...`), or the program's
   * variable passed to decodeCustomerDefinition. The root program gives customerDefinitionRoot(config).
   * @default "args" (these arguments: `args.profiles[0].quickAddGroup.licenses[0].sku`)
   */
  readonly definitionRoot?: string | DefinitionSource;
}

/** What the Unified CM parts of the component need from the rest of it. */
export interface CustomerParts {
  readonly component: pulumi.ComponentResource;
  readonly code: string;
  readonly args: CustomerArgs;
  readonly plan: CustomerSubscriberPlan;
  readonly child: (suffix: string) => string;
  readonly account: CustomerAccount;
  /** The flow-through guard: every subscriber set waits for it. */
  readonly criteria: FlowThroughCriteria;
  readonly setCount: number;
}

export class Customer extends pulumi.ComponentResource {
  /** The subscriber sets, Teams first, then each cluster's, by set index. */
  readonly subscriberSets: readonly SubscriberSet[];
  /** Planned subscribers by platform, each sorted by immutable id. */
  readonly subscribers: { readonly teams: readonly PlannedTeamsSubscriber[]; readonly cucm: readonly PlannedCucmSubscriber[] };
  /** Users no flow-through entry matched. */
  readonly unmatched: readonly string[];
  /** Number changes a reviewer should know about. */
  readonly notes: readonly string[];

  constructor(name: string, args: CustomerArgs, opts?: pulumi.ComponentResourceOptions) {
    // Stacks made before the component served both platforms have it as TeamsCustomer: same resources.
    super("ucflow:index:Customer", name, {}, { ...opts, aliases: [...(opts?.aliases ?? []), { type: "ucflow:index:TeamsCustomer" }] });
    const code = args.customer.code;
    const child = (suffix: string) => `${name}-${suffix}`;
    const parent = { parent: this };
    const teamsSites = args.sites.filter((s) => s.cucm === undefined);

    // Plan first: a definition or platform problem fails the program (and so the preview)
    // before any resource is registered.
    const plan = planCustomerSubscribers(
      {
        customer: code,
        sites: args.sites.map((s) => ({
          code: s.code,
          macros: { city: s.address.city, name: s.name, ...s.macros },
          ...(s.cucm
            ? { cucm: { cluster: s.cucm.cluster, ...(s.cucm.classOfService ? { classOfService: s.cucm.classOfService } : {}) } }
            : { teams: { usageLocation: s.usageLocation ?? s.address.country, ...(s.dialPlan ? { dialPlan: s.dialPlan } : {}) } }),
        })),
        profiles: args.profiles.map((p) => ({
          name: p.name,
          ...(hasTeamsBundle(p) || (args.clusters ?? []).length === 0 ? { teams: teamsBundleOf(p) } : {}),
          ...(hasCucmBundle(p, args) ? { cucm: cucmBundleOf(p) } : {}),
          ...(p.role ? { role: p.role } : {}),
        })),
        filters: Object.fromEntries(args.filters.map((f) => [f.name, f.rows as FilterCriteria])),
        flowThrough: args.flowThrough.entries,
        ...(args.flowThrough.pins ? { pins: args.flowThrough.pins } : {}),
        inventory: { ranges: args.numberInventory.ranges, reserved: args.numberInventory.reserved ?? [], cooling: args.numberInventory.cooling ?? [] },
        clusters: (args.clusters ?? []).map((c) => ({ name: c.name, ...(c.userIdAttribute ? { userIdAttribute: c.userIdAttribute } : {}) })),
        classesOfService: (args.classesOfService ?? []).map((c) => c.name),
        ...(args.roles ? { roles: args.roles } : {}),
        ...(args.flowThrough.defaultRole ? { defaultRole: args.flowThrough.defaultRole } : {}),
      },
      {
        directory: args.users ?? args.tenant?.users ?? [],
        ...(args.tenant ? { tenant: args.tenant } : {}),
        ...(args.clusterSnapshots ? { clusters: args.clusterSnapshots } : {}),
        now: args.tenant?.now ?? new Date(),
      },
    );
    const catalogs = Object.fromEntries(Object.entries(args.clusterSnapshots ?? {}).map(([name, snapshot]) => [name, snapshot.catalog]));
    const root = args.definitionRoot ?? DEFAULT_DEFINITION_ROOT;
    const problems = [
      ...(args.directoryAttributes ? unknownAttributeProblems(args.filters, args.directoryAttributes) : []),
      ...(args.pstnGateways ? unknownGatewayProblems(args.classesOfService ?? [], args.pstnGateways) : []),
      ...(args.policies ? checkTeamsReferences(args, args.policies) : []),
      ...checkCucmReferences(args, catalogs),
      ...checkCucmExistingNames(args),
      ...plan.problems,
    ].map((problem) => atDefinitionPath(root, problem));
    if (problems.length > 0) {
      // A RunError: Pulumi prints the message alone, without a stack trace.
      throw new pulumi.RunError(`customer ${code} cannot be planned; nothing was changed:\n  - ${problems.join("\n  - ")}`);
    }
    for (const note of plan.notes) pulumi.log.warn(atDefinitionPath(root, note), this);
    this.unmatched = plan.unmatched;
    this.notes = plan.notes;
    this.subscribers = { teams: plan.teams, cucm: plan.cucm };

    const { adoption: _adoption, ...customer } = args.customer;
    const account = new CustomerAccount(child("customer"), { ...customer, ...(args.clusters?.length ? { clusters: args.clusters.map((c) => c.name) } : {}) }, parent);
    const after = { parent: this, dependsOn: [account] };
    const inventory = new NumberInventory(child("numbers"), { ...args.numberInventory, customer: code }, after);
    const profiles = args.profiles.map((p) => new SubscriberProfile(child(`profile-${p.name}`), { ...p, customer: code }, after));
    const filters = args.filters.map((f) => new ModelFilterCriteria(child(`filter-${f.name}`), f, parent));
    const criteria = new FlowThroughCriteria(
      child("flow-through"),
      { ...args.flowThrough, customer: code, subscribers: [...plan.subscriberIds] },
      { parent: this, dependsOn: [...filters, ...profiles, inventory] },
    );
    const setCount = args.subscriberSets?.count ?? DEFAULT_SUBSCRIBER_SET_COUNT;

    // Teams: dial plans, classes of service and sites exist on Teams only when a site is there.
    const teamsSets: SubscriberSet[] = [];
    if (teamsSites.length > 0) {
      // Teams: the customer's adoption on its dial plans and classes of service, each site's on its site and its subscribers.
      const adopting = args.customer.adoption ? { adoption: args.customer.adoption } : {};
      const dialPlans = (args.dialPlans ?? []).map((d) => new DialPlan(child(`dial-plan-${d.name}`), { ...d, customer: code, ...adopting }, after));
      const classes = (args.classesOfService ?? []).map((c) => new ClassOfService(child(`cos-${c.name}`), { ...c, customer: code, ...adopting }, after));
      const sites = new Map(
        teamsSites.map((s) => {
          const { macros: _macros, cucm: _cucm, adoption: siteAdoption, ...site } = s;
          const adoptingSite = siteAdoption ? { adoption: siteAdoption } : {};
          return [s.code, new Site(child(`site-${s.code}`), { ...site, customer: code, ...adoptingSite }, { parent: this, dependsOn: [account, ...dialPlans] })];
        }),
      );
      const locations = Object.fromEntries([...sites].map(([site, resource]) => [site, resource.locationId]));
      const siteAdoption = Object.fromEntries(teamsSites.filter((s) => s.adoption !== undefined).map((s) => [s.code, s.adoption!]));
      const adoptingSites = Object.keys(siteAdoption).length > 0 ? { adoption: siteAdoption } : {};
      groupIntoSets(plan.teams, (s) => s.userId, setCount).forEach((members, index) =>
        teamsSets.push(
          new SubscriberSet(
            subscriberSetName(code, index, setCount),
            { customer: code, platform: "teams", set: index, sets: setCount, locations, ...adoptingSites, subscribers: Object.fromEntries(members.map((s) => [s.userId, teamsEntry(s)])) },
            { parent: this, dependsOn: [criteria, ...sites.values(), ...dialPlans, ...classes] },
          ),
        ),
      );
    }
    const cucmSets = buildCucmParts({ component: this, code, args, plan, child, account, criteria, setCount });
    this.subscriberSets = [...teamsSets, ...cucmSets];
    this.registerOutputs({ subscriberCount: plan.subscriberIds.length, unmatched: plan.unmatched });
  }
}

/** Whether a profile has a Teams bundle: anything Teams-only is set (all of it is optional), or the customer is on Teams only. */
function hasTeamsBundle(p: WithoutCustomer<SubscriberProfileInputs>): boolean {
  return p.enterpriseVoice !== undefined || p.numberType !== undefined || p.quickAddGroup.licenses !== undefined || p.quickAddGroup.policies !== undefined;
}

/** Whether a profile has a Unified CM bundle: the customer has clusters (every profile then has a line). */
function hasCucmBundle(_p: WithoutCustomer<SubscriberProfileInputs>, args: CustomerArgs): boolean {
  return (args.clusters ?? []).length > 0;
}

function cucmBundleOf(p: WithoutCustomer<SubscriberProfileInputs>) {
  const g = p.quickAddGroup;
  return {
    ...(g.phone ? { phone: g.phone } : {}),
    jabber: p.jabber ?? false,
    voicemail: p.voicemail ?? false,
    extensionMobility: p.extensionMobility ?? false,
    singleNumberReach: p.singleNumberReach ?? false,
    imAndPresence: p.imAndPresence ?? false,
    conferencing: p.conferencing ?? false,
    ...(g.serviceProfile ? { serviceProfile: g.serviceProfile } : {}),
    ...(g.credentialPolicy ? { credentialPolicy: g.credentialPolicy } : {}),
    ...(p.classOfService ? { classOfService: p.classOfService } : {}),
  };
}

/** A planned Teams subscriber as its set holds it: keyed by user id, so the id is not repeated. */
function teamsEntry(s: PlannedTeamsSubscriber) {
  return {
    userPrincipalName: s.userPrincipalName,
    site: s.site,
    profile: s.profile,
    criteria: s.criteria,
    usageLocation: s.usageLocation,
    licenses: s.licenses,
    enterpriseVoice: s.enterpriseVoice,
    ...(s.number ? { number: s.number } : {}),
    policies: s.policies,
    ...(s.role ? { role: s.role } : {}),
    ...(s.role && s.groups && s.groups.length > 0 ? { groups: [...s.groups] } : {}),
  };
}
