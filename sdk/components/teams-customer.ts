// One Microsoft Teams customer, declared whole: tenant, dial plans, classes of service, sites,
// number inventory, subscriber profiles, model filter criteria, flow-through criteria, and the
// subscribers the flow-through plan selects from the directory snapshot, held in subscriber
// sets (a fixed number per customer, each subscriber in the set its id hashes to). One per stack.
import * as pulumi from "@pulumi/pulumi";
import {
  DEFAULT_SUBSCRIBER_SET_COUNT,
  groupIntoSets,
  planTeamsSubscribers,
  subscriberSetName,
  type FilterCriteria,
  checkTeamsReferences,
  type PlannedTeamsSubscriber,
  type TeamsPolicyCatalog,
  type TenantSnapshot,
} from "../../provider/plan";
import type { ClassOfServiceInputs } from "../../provider/resources/class-of-service/types";
import type { CustomerInputs } from "../../provider/resources/customer/types";
import type { DialPlanInputs } from "../../provider/resources/dial-plan/types";
import type { FlowThroughCriteriaInputs } from "../../provider/resources/flow-through-criteria/types";
import type { ModelFilterCriteriaInputs } from "../../provider/resources/model-filter-criteria/types";
import type { NumberInventoryInputs } from "../../provider/resources/number-inventory/types";
import type { SiteInputs } from "../../provider/resources/site/types";
import type { SubscriberProfileInputs } from "../../provider/resources/subscriber-profile/types";
import { ClassOfService } from "../resources/class-of-service";
import { Customer } from "../resources/customer";
import { DialPlan } from "../resources/dial-plan";
import { FlowThroughCriteria } from "../resources/flow-through-criteria";
import { ModelFilterCriteria } from "../resources/model-filter-criteria";
import { NumberInventory } from "../resources/number-inventory";
import type { Plain } from "../resources/resource-args";
import { Site } from "../resources/site";
import { SubscriberSet } from "../resources/subscriber-set";
import { SubscriberProfile } from "../resources/subscriber-profile";

type WithoutCustomer<T> = Omit<Plain<T>, "customer">;

export interface TeamsCustomerArgs {
  readonly customer: Plain<CustomerInputs>;
  readonly dialPlans?: readonly WithoutCustomer<DialPlanInputs>[];
  readonly classesOfService?: readonly WithoutCustomer<ClassOfServiceInputs>[];
  /** Sites; `{{site.city}}` in filters is the address's city unless `macros` say otherwise. */
  readonly sites: readonly (WithoutCustomer<SiteInputs> & { readonly macros?: Readonly<Record<string, string>> })[];
  readonly numberInventory: WithoutCustomer<NumberInventoryInputs>;
  readonly profiles: readonly WithoutCustomer<SubscriberProfileInputs>[];
  readonly filters: readonly Plain<ModelFilterCriteriaInputs>[];
  readonly flowThrough: Omit<WithoutCustomer<FlowThroughCriteriaInputs>, "subscribers">;
  /**
   * How many subscriber sets (Pulumi resources) the customer's subscribers are spread over.
   * Fixed for the life of the stack: a change is refused at preview.
   * @default 20 (about 500 subscribers a set at 10,000)
   */
  readonly subscriberSets?: { readonly count?: number };
  /** The directory and tenant as read now (readEntraTenant). */
  readonly tenant: TenantSnapshot;
  /**
   * The tenant's Teams policy names (readTeamsPolicyCatalog), for the types the definition names
   * (referencedPolicyTypes): a profile's or site's policy that neither exists nor is created by
   * the definition then fails the preview. @default - references are not checked
   */
  readonly policies?: TeamsPolicyCatalog;
}

export class TeamsCustomer extends pulumi.ComponentResource {
  /** The subscriber sets, by set index. */
  readonly subscriberSets: readonly SubscriberSet[];
  /** Planned subscribers, sorted by Entra user id. */
  readonly subscribers: readonly PlannedTeamsSubscriber[];
  /** Users no flow-through entry matched. */
  readonly unmatched: readonly string[];
  /** Number changes a reviewer should know about. */
  readonly notes: readonly string[];

  constructor(name: string, args: TeamsCustomerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ucflow:index:TeamsCustomer", name, {}, opts);
    const code = args.customer.code;
    const child = (suffix: string) => `${name}-${suffix}`;
    const parent = { parent: this };

    // Plan first: a definition or tenant problem fails the program (and so the preview)
    // before any resource is registered.
    const plan = planTeamsSubscribers(
      {
        customer: code,
        sites: args.sites.map((s) => ({
          code: s.code,
          macros: { city: s.address.city, name: s.name, ...s.macros },
          usageLocation: s.usageLocation ?? s.address.country,
          ...(s.dialPlan ? { dialPlan: s.dialPlan } : {}),
        })),
        profiles: args.profiles.map((p) => ({
          name: p.name,
          enterpriseVoice: p.enterpriseVoice,
          numberType: p.numberType,
          licenses: p.quickAddGroup.licenses,
          policies: (p.quickAddGroup.policies ?? {}) as Record<string, string>,
        })),
        filters: Object.fromEntries(args.filters.map((f) => [f.name, f.rows as FilterCriteria])),
        flowThrough: args.flowThrough.entries,
        inventory: { ranges: args.numberInventory.ranges, reserved: args.numberInventory.reserved ?? [], cooling: args.numberInventory.cooling ?? [] },
      },
      args.tenant,
    );
    const problems = [...(args.policies ? checkTeamsReferences(args, args.policies) : []), ...plan.problems];
    if (problems.length > 0) {
      // A RunError: Pulumi prints the message alone, without a stack trace.
      throw new pulumi.RunError(`customer ${code} cannot be planned; nothing was changed:\n  - ${problems.join("\n  - ")}`);
    }
    for (const note of plan.notes) pulumi.log.warn(note, this);
    this.unmatched = plan.unmatched;
    this.notes = plan.notes;

    const customer = new Customer(child("customer"), args.customer, parent);
    const after = { parent: this, dependsOn: [customer] };
    const dialPlans = (args.dialPlans ?? []).map((d) => new DialPlan(child(`dial-plan-${d.name}`), { ...d, customer: code }, after));
    const classes = (args.classesOfService ?? []).map((c) => new ClassOfService(child(`cos-${c.name}`), { ...c, customer: code }, after));
    const sites = new Map(
      args.sites.map((s) => {
        const { macros: _macros, ...site } = s;
        return [s.code, new Site(child(`site-${s.code}`), { ...site, customer: code }, { parent: this, dependsOn: [customer, ...dialPlans] })];
      }),
    );
    const inventory = new NumberInventory(child("numbers"), { ...args.numberInventory, customer: code }, after);
    const profiles = args.profiles.map((p) => new SubscriberProfile(child(`profile-${p.name}`), { ...p, customer: code }, after));
    const filters = args.filters.map((f) => new ModelFilterCriteria(child(`filter-${f.name}`), f, parent));
    const criteria = new FlowThroughCriteria(
      child("flow-through"),
      { ...args.flowThrough, customer: code, subscribers: plan.subscribers.map((s) => s.userId) },
      { parent: this, dependsOn: [...filters, ...profiles, inventory] },
    );

    // Subscribers wait for the guard (flow-through criteria) and for every object they reference.
    const count = args.subscriberSets?.count ?? DEFAULT_SUBSCRIBER_SET_COUNT;
    const locations = Object.fromEntries([...sites].map(([site, resource]) => [site, resource.locationId]));
    const sets = groupIntoSets(plan.subscribers, (s) => s.userId, count);
    this.subscriberSets = sets.map(
      (members, index) =>
        new SubscriberSet(
          subscriberSetName(code, index, count),
          {
            customer: code,
            platform: "teams",
            set: index,
            sets: count,
            locations,
            subscribers: Object.fromEntries(members.map((s) => [s.userId, subscriberEntry(s)])),
          },
          { parent: this, dependsOn: [criteria, ...sites.values(), ...dialPlans, ...classes] },
        ),
    );
    this.subscribers = plan.subscribers;
    this.registerOutputs({ subscriberCount: plan.subscribers.length, unmatched: plan.unmatched });
  }
}

/** A planned subscriber as its set holds it: keyed by user id, so the id is not repeated. */
function subscriberEntry(s: PlannedTeamsSubscriber) {
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
  };
}
