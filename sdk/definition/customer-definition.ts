// The customer definition the root program reads (stack config `customer`, or the file that
// `customerFile` names): one io-ts codec, built from the resource kinds' own codecs without their
// `customer` (the definition's `customer.code` fills it), plus every check across its parts that
// needs no platform. decodeCustomerDefinition returns the value, or every problem at once, each
// with its full path ("customer.sites[2].address.city") and a sentence saying what to write.
import { isRight } from "fp-ts/Either";
import * as t from "io-ts";
import { hasMalformedMacro, macrosIn, missingCallClassPatterns, planFlowThrough, validateDeleteThreshold, validateFilterCriteria, validateNumberInventory, type FlowThroughEntry } from "../../provider/plan";
import { listNames, show } from "../../provider/plan/messages";
import { LdapFilterSyntaxError, parseLdapFilter } from "../../provider/backends/ldap/filter-syntax";
import { validateClassOfService } from "../../provider/resources/class-of-service/provider";
import { validateCucmDialPlan } from "../../provider/resources/cluster-kind";
import { ClassOfServiceInputs } from "../../provider/resources/class-of-service/types";
import { AdoptionInput } from "../../provider/resources/adoption";
import { boundedArray, NonEmptyString, ObjectName } from "../../provider/resources/codecs";
import { CustomerInputs } from "../../provider/resources/customer/types";
import { ClusterDefinition, CucmSitePlacement } from "../../provider/resources/cucm/types";
import { validateDialPlan } from "../../provider/resources/dial-plan/provider";
import { DialPlanInputs } from "../../provider/resources/dial-plan/types";
import { DeleteThresholdInput, FlowThroughCriteriaInputs, FlowThroughEntryInput, RoleInput, SitePinInput } from "../../provider/resources/flow-through-criteria/types";
import { decodeInputs, problemsFromPlanner, strictObject, type InputProblem, type StrictObjectType } from "../../provider/resources/input-validation";
import { ModelFilterCriteriaInputs } from "../../provider/resources/model-filter-criteria/types";
import { NumberInventoryInputs } from "../../provider/resources/number-inventory/types";
import { validateSite } from "../../provider/resources/site/provider";
import { SiteInputs } from "../../provider/resources/site/types";
import { subscriberProfile } from "../../provider/resources/subscriber-profile/provider";
import { SubscriberProfileInputs } from "../../provider/resources/subscriber-profile/types";
import type { CustomerArgs } from "../components/customer";

/** How many subscriber sets a customer's subscribers are hashed into, unless `subscriberSets.count` says. */
export const DEFAULT_SUBSCRIBER_SET_COUNT = 20;
export const MAX_SUBSCRIBER_SET_COUNT = 1000;

/** List limits, so an oversized definition fails at preview rather than at the platform. */
export const DEFINITION_LIMITS = { sites: 5000, dialPlans: 5000, classesOfService: 100, profiles: 200, filters: 500, clusters: 50, roles: 200 } as const;

const MACRO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A site's own `{{site.*}}` macro values, e.g. `{ region: "Midwest" }`. */
const SiteMacros = new t.Type<Record<string, string>, Record<string, string>, unknown>(
  "SiteMacros",
  (u): u is Record<string, string> =>
    typeof u === "object" && u !== null && !Array.isArray(u) && Object.entries(u).every(([k, v]) => MACRO_NAME.test(k) && k !== "code" && typeof v === "string"),
  (u, c) => {
    if (typeof u !== "object" || u === null || Array.isArray(u)) {
      return t.failure(u, c, `must be an object of macro names and texts, e.g. {"region": "Midwest"} for {{site.region}}; got ${show(u)}`);
    }
    const errors: t.ValidationError[] = [];
    for (const [name, value] of Object.entries(u as Record<string, unknown>)) {
      const context = [...c, { key: name, type: t.string, actual: value }];
      if (!MACRO_NAME.test(name)) {
        errors.push({ value, context, message: `is not a macro name: names are letters, digits and _, starting with a letter or _, so that {{site.<name>}} can use them` });
      } else if (name === "code") {
        errors.push({ value, context, message: "cannot be set: {{site.code}} is always the site's code" });
      } else if (typeof value !== "string") {
        errors.push({ value, context, message: `must be a string (the text {{site.${name}}} stands for); got ${show(value)}` });
      }
    }
    return errors.length > 0 ? t.failures(errors) : t.success(u as Record<string, string>);
  },
  (a) => a,
);

const SubscriberSetCount = new t.Type<number, number, unknown>(
  "SubscriberSetCount",
  (u): u is number => typeof u === "number" && Number.isInteger(u) && u >= 1 && u <= MAX_SUBSCRIBER_SET_COUNT,
  (u, c) =>
    typeof u === "number" && Number.isInteger(u) && u >= 1 && u <= MAX_SUBSCRIBER_SET_COUNT
      ? t.success(u)
      : t.failure(u, c, `must be a whole number from 1 to ${MAX_SUBSCRIBER_SET_COUNT}; got ${show(u)}. Leave it out for ${DEFAULT_SUBSCRIBER_SET_COUNT}`),
  (a) => a,
);

/** A kind's codec without its `customer` property. */
function withoutCustomer<A, R extends t.Props & { customer: t.Mixed }, O extends t.Props>(codec: StrictObjectType<A, R, O>): StrictObjectType<t.TypeOf<t.TypeC<Omit<R, "customer">>> & Partial<t.TypeOf<t.TypeC<O>>>, Omit<R, "customer">, O> {
  const { customer: _customer, ...required } = codec.required;
  return strictObject(codec.name, required as Omit<R, "customer">, codec.optional);
}

/** The customer: its code, name and (when a site is on Teams) tenant; its clusters come from `clusters`. */
const { clusters: _customerClusters, ...customerOptional } = CustomerInputs.optional;
const CustomerDefinitionCustomer = strictObject("Customer", CustomerInputs.required, {
  ...customerOptional,
  /** Whether the customer-level objects that already exist (Teams dial plans, policies, voice routes; a cluster's partitions, CSSs, route patterns) are adopted. @default - refused */
  adoption: AdoptionInput,
});

// Dial plans and classes of service take the customer's `adoption`; the definition has it once, on the customer.
const { adoption: _dialPlanAdoption, ...dialPlanOptional } = DialPlanInputs.optional;
export const DialPlanDefinition = withoutCustomer(strictObject(DialPlanInputs.name, DialPlanInputs.required, dialPlanOptional));
const { adoption: _classAdoption, ...classOptional } = ClassOfServiceInputs.optional;
export const ClassOfServiceDefinition = withoutCustomer(strictObject(ClassOfServiceInputs.name, ClassOfServiceInputs.required, classOptional));
const { customer: _siteCustomer, ...siteRequired } = SiteInputs.required;
/** A site; `{{site.city}}` and `{{site.name}}` are its address's city and its name unless `macros` say otherwise. */
// `adoption` last, as before the Site kind took it.
const { adoption: _siteAdoption, ...siteOptional } = SiteInputs.optional;
export const SiteDefinition = strictObject("Site", siteRequired, {
  ...siteOptional,
  /** The site's own `{{site.*}}` macro values, e.g. `{ region: "Midwest" }` for `{{site.region}}`. @default - city and name only */
  macros: SiteMacros,
  /** The site is on this Unified CM cluster; without it the site is on Teams. */
  cucm: CucmSitePlacement,
  /** Whether the site's objects and its subscribers' users, phones and lines that already exist are adopted. @default - refused */
  adoption: AdoptionInput,
});
export const NumberInventoryDefinition = withoutCustomer(NumberInventoryInputs);
export const SubscriberProfileDefinition = withoutCustomer(SubscriberProfileInputs);
/**
 * Flow-through criteria: ordered entries, users pinned to a site by hand, and the delete
 * threshold. The subscribers they select
 * are computed by the program, and a large removal is acknowledged in stack config
 * (`ucflow:allowMassDeprovision`), so neither is part of the definition.
 */
export const FlowThroughDefinition = strictObject(
  "FlowThrough",
  { entries: FlowThroughCriteriaInputs.required.entries },
  {
    deleteThreshold: strictObject("DeleteThreshold", {}, DeleteThresholdInput.props),
    pins: FlowThroughCriteriaInputs.optional.pins,
    defaultRole: FlowThroughCriteriaInputs.optional.defaultRole,
  },
);
/** `count`: how many subscriber sets the customer's subscribers are hashed into; fixed for the life of the stack. @default 20 */
export const SubscriberSetsDefinition = strictObject(
  "SubscriberSets",
  {},
  {
    /** How many subscriber sets (Pulumi resources) hold the subscribers of each platform and cluster, 1 to 1000; fixed for the life of the stack. @default 20 */
    count: SubscriberSetCount,
  },
);

/**
 * Where the customer's users come from. Entra ID (Microsoft 365) for Teams and hybrid customers;
 * an LDAP directory, or the end users of a Unified CM cluster, for customers on Unified CM only.
 * Connections and credentials are in stack config (docs/ldap-directory.md, docs/credentials-cucm.md).
 */
export const DirectoryDefinition = strictObject(
  "Directory",
  {
    /** `entra`: Entra ID users through Microsoft Graph; `ldap`: an LDAP directory; `cucm`: the end users of a cluster. */
    source: t.keyof({ entra: null, ldap: null, cucm: null }),
  },
  {
    /** ldap: an RFC 4515 filter ANDed into the search, e.g. (employeeType=Employee). @default - every user under the base */
    ldapFilter: NonEmptyString,
    /** cucm: the cluster whose end users are read. @default - the only cluster */
    cluster: ObjectName,
  },
);
export type DirectoryDefinition = t.TypeOf<typeof DirectoryDefinition>;

/**
 * A whole customer, as the root program reads it: the single source of truth for its shape.
 * Its sites are on Microsoft Teams, on Unified CM clusters, or some on each (a hybrid customer).
 */
export const CustomerDefinition = strictObject(
  "CustomerDefinition",
  {
    customer: CustomerDefinitionCustomer,
    sites: boundedArray(SiteDefinition, DEFINITION_LIMITS.sites, "Sites"),
    numberInventory: NumberInventoryDefinition,
    profiles: boundedArray(SubscriberProfileDefinition, DEFINITION_LIMITS.profiles, "SubscriberProfiles"),
    filters: boundedArray(ModelFilterCriteriaInputs, DEFINITION_LIMITS.filters, "ModelFilterCriteria"),
    flowThrough: FlowThroughDefinition,
  },
  {
    dialPlans: boundedArray(DialPlanDefinition, DEFINITION_LIMITS.dialPlans, "DialPlans"),
    classesOfService: boundedArray(ClassOfServiceDefinition, DEFINITION_LIMITS.classesOfService, "ClassesOfService"),
    subscriberSets: SubscriberSetsDefinition,
    /** The Unified CM clusters the customer's sites use. */
    clusters: boundedArray(ClusterDefinition, DEFINITION_LIMITS.clusters, "Clusters"),
    /** Where the users come from. @default - Entra ID (source entra) */
    directory: DirectoryDefinition,
    /** Named sets of memberships (Entra security groups, Unified CM access control groups) that entries, pins, profiles or flowThrough.defaultRole give. @default - none */
    roles: boundedArray(RoleInput, DEFINITION_LIMITS.roles, "Roles"),
  },
);
export type CustomerDefinition = t.TypeOf<typeof CustomerDefinition>;
/** A definition as a program writes it, before decodeCustomerDefinition checks it: the same shape, plain strings where the checked one has branded names. */
export type CustomerDefinitionInput = Unbranded<CustomerDefinition>;
type Unbranded<T> = T extends t.Brand<unknown>
  ? T extends string ? string : T extends number ? number : T
  : T extends readonly (infer E)[]
    ? Unbranded<E>[]
    : T extends object
      ? { [K in keyof T]: Unbranded<T[K]> }
      : T;
type Site = CustomerDefinition["sites"][number];

// The definition is what the component takes, less the tenant it reads itself.
const _fitsTheComponent: Omit<CustomerArgs, "tenant" | "users" | "clusterSnapshots" | "policies"> = {} as Omit<CustomerDefinition, "directory">;
void _fitsTheComponent;

/** One problem with a definition. */
export interface DefinitionProblem {
  /** The full path, root first: `customer.sites[2].address.city`. */
  readonly path: string;
  /** The path below the root: `sites[2].address.city` (empty for the whole definition). */
  readonly property: string;
  /** The named part the path is in, e.g. `site Cu1Si3`, to find it in a long list. */
  readonly subject?: string;
  /** A sentence: what is wrong, the value given, what is allowed or how to fix it. */
  readonly reason: string;
}

export type DecodedCustomerDefinition =
  | { readonly ok: true; readonly value: CustomerDefinition }
  | { readonly ok: false; readonly problems: readonly DefinitionProblem[] };

/**
 * Decodes a customer definition: its shape, then every check across its parts that needs no
 * platform (duplicate names; flow-through entries, dial plans, sites and number ranges naming
 * what does not exist; the resource kinds' own rules; flow-through macros against each site).
 * `root` starts each path: the stack config key ("customer": `customer.sites[2].address.city`)
 * or the file's name ("contoso.yaml": `contoso.yaml: sites[2].address.city`).
 */
export function decodeCustomerDefinition(raw: unknown, root: string): DecodedCustomerDefinition {
  const shape = decodeInputs(CustomerDefinition, raw);
  const problems: InputProblem[] = shape.ok ? [] : [...shape.problems];
  problems.push(...crossChecks(partsOf(raw)));
  if (problems.length === 0 && shape.ok) problems.push(...flowThroughProblems(shape.value));
  if (problems.length === 0 && shape.ok) return { ok: true, value: shape.value };
  return {
    ok: false,
    problems: problems.map((p) => {
      const subject = subjectOf(raw, p.property);
      return { path: pathFrom(root, p.property), property: p.property, ...(subject ? { subject } : {}), reason: p.reason };
    }),
  };
}

/** `customer.sites[2].address.city (site Cu1Si3): is required: ...`. */
export function describeDefinitionProblem(problem: DefinitionProblem): string {
  return `${problem.path}${problem.subject ? ` (${problem.subject})` : ""}: ${problem.reason}`;
}

/** The values of a site's `{{site.*}}` macros: its address's city and its name, then its own macros. */
export function siteMacros(site: Pick<Site, "name" | "address" | "macros">): Record<string, string> {
  return { city: site.address.city, name: site.name, ...site.macros };
}

/** A path below the definition, from one of its own properties: `profiles[0].quickAddGroup.licenses[1].sku`. */
const PATH_BELOW_DEFINITION = new RegExp(`^(?:${CustomerDefinition.propertyNames.join("|")})(?:\\[\\d+\\]|\\.[A-Za-z_$][\\w$]*)*(?=: | \\()`);

/**
 * Where a definition came from, for the paths of problems found after it decoded: `root` as
 * decodeCustomerDefinition takes it, and for a file the line and column of a property in it.
 */
export interface DefinitionSource {
  /** The stack config key (`customer`), the file's name (`customers/contoso.yaml`) or a program's variable (`contoso`). */
  readonly root: string;
  /** `:14:9` for the value at `sites[2].dialPlan` (or the nearest enclosing one) in the file; "" where unknown. */
  readonly position?: (property: string) => string;
}

/**
 * A problem found against the platforms, which the planner words from the definition's own
 * properties (`profiles[0].quickAddGroup.licenses[1].sku (profile Voice): ...`), with the path as
 * the user wrote it, as the decoder gives it: `customer.profiles[0]...` below the stack config key
 * `customer`, `customers/contoso.yaml:93:11: profiles[0]...` in a file, `contoso.profiles[0]...`
 * below a program's variable. A message about no one path (a user, a number) is returned as it is.
 */
export function atDefinitionPath(source: string | DefinitionSource, message: string): string {
  const property = PATH_BELOW_DEFINITION.exec(message)?.[0];
  if (property === undefined) return message;
  const { root, position } = typeof source === "string" ? { root: source, position: undefined } : source;
  return `${pathFrom(`${root}${position?.(property) ?? ""}`, property)}${message.slice(property.length)}`;
}

/** `customer.sites[2]` below a config key; `customers/contoso.yaml: sites[2]` below a file name. */
function pathFrom(root: string, property: string): string {
  if (property === "") return root;
  if (!/^[A-Za-z_$][\w$]*$/.test(root)) return `${root}: ${property}`;
  return property.startsWith("[") ? `${root}${property}` : `${root}.${property}`;
}

/** A list's entries that decode on their own, with their positions, so one bad entry hides no other's problems. */
type Entries<A> = readonly (readonly [index: number, value: A])[];

/**
 * What the checks across sections work from. Names come from the raw entries (a site with a bad
 * address still has its code), but only when every entry of the list has one, so a list with a
 * nameless entry causes no "unknown name" problems of its own. The kinds' rules run on each
 * entry that decodes.
 */
interface Parts {
  readonly codeOf: { readonly customer?: string };
  readonly names: {
    readonly sites?: readonly string[];
    readonly dialPlans?: readonly string[];
    readonly classesOfService?: readonly string[];
    readonly profiles?: readonly string[];
    readonly filters?: readonly string[];
    readonly entries?: readonly string[];
    readonly clusters?: readonly string[];
    readonly roles?: readonly string[];
  };
  readonly sites: Entries<Site>;
  readonly dialPlans: Entries<t.TypeOf<typeof DialPlanDefinition>>;
  readonly classesOfService: Entries<t.TypeOf<typeof ClassOfServiceDefinition>>;
  readonly profiles: Entries<t.TypeOf<typeof SubscriberProfileDefinition>>;
  readonly filters: Entries<t.TypeOf<typeof ModelFilterCriteriaInputs>>;
  readonly entries: Entries<CustomerDefinition["flowThrough"]["entries"][number]>;
  readonly pins: Entries<t.TypeOf<typeof SitePinInput>>;
  readonly numberInventory?: t.TypeOf<typeof NumberInventoryDefinition>;
  readonly deleteThreshold?: unknown;
  readonly clusters: Entries<ClusterDefinition>;
  readonly roles: Entries<RoleInput>;
  readonly defaultRole?: unknown;
  readonly tenantId?: unknown;
  readonly directory?: DirectoryDefinition;
  readonly directoryGiven: boolean;
}

function partsOf(raw: unknown): Parts {
  const record = isObject(raw) ? raw : {};
  const flowThrough = isObject(record.flowThrough) ? record.flowThrough : {};
  const inventory = NumberInventoryDefinition.decode(record.numberInventory);
  const directory = DirectoryDefinition.decode(record.directory ?? { source: "entra" });
  const customer = isObject(record.customer) && typeof record.customer.code === "string" ? record.customer.code : undefined;
  return {
    codeOf: customer === undefined ? {} : { customer },
    names: {
      ...namesIn(record.sites, "code", "sites"),
      ...namesIn(record.dialPlans ?? [], "name", "dialPlans"),
      ...namesIn(record.classesOfService ?? [], "name", "classesOfService"),
      ...namesIn(record.profiles, "name", "profiles"),
      ...namesIn(record.filters, "name", "filters"),
      ...namesIn(flowThrough.entries, "name", "entries"),
      ...namesIn(record.clusters ?? [], "name", "clusters"),
      ...namesIn(record.roles ?? [], "name", "roles"),
    },
    sites: entriesOf(record.sites, SiteDefinition),
    dialPlans: entriesOf(record.dialPlans, DialPlanDefinition),
    classesOfService: entriesOf(record.classesOfService, ClassOfServiceDefinition),
    profiles: entriesOf(record.profiles, SubscriberProfileDefinition),
    filters: entriesOf(record.filters, ModelFilterCriteriaInputs),
    entries: entriesOf(flowThrough.entries, FlowThroughEntryInput),
    pins: entriesOf(flowThrough.pins, SitePinInput),
    ...(isRight(inventory) ? { numberInventory: inventory.right } : {}),
    ...(flowThrough.deleteThreshold === undefined ? {} : { deleteThreshold: flowThrough.deleteThreshold }),
    clusters: entriesOf(record.clusters, ClusterDefinition),
    roles: entriesOf(record.roles, RoleInput),
    ...(flowThrough.defaultRole === undefined ? {} : { defaultRole: flowThrough.defaultRole }),
    ...(isObject(record.customer) && record.customer.tenantId !== undefined ? { tenantId: record.customer.tenantId } : {}),
    ...(isRight(directory) ? { directory: directory.right } : {}),
    directoryGiven: record.directory !== undefined,
  };
}

function crossChecks(parts: Parts): InputProblem[] {
  const { names } = parts;
  const problems: InputProblem[] = [];

  if (names.sites) problems.push(...repeated(names.sites, "sites", "code", "site"));
  if (names.dialPlans) problems.push(...repeated(names.dialPlans, "dialPlans", "name", "dial plan"));
  if (names.classesOfService) problems.push(...repeated(names.classesOfService, "classesOfService", "name", "class of service"));
  if (names.profiles) problems.push(...repeated(names.profiles, "profiles", "name", "profile"));
  if (names.filters) problems.push(...repeated(names.filters, "filters", "name", "filter"));
  if (names.entries) problems.push(...repeated(names.entries, "flowThrough.entries", "name", "flow-through entry"));

  for (const [i, entry] of parts.entries) {
    const at = `flowThrough.entries[${i}]`;
    if (names.filters && !names.filters.includes(entry.filter)) {
      problems.push({ property: `${at}.filter`, reason: unknownName(entry.filter, names.filters, "filters", "a model filter criteria") });
    }
    if (names.profiles && !names.profiles.includes(entry.profile)) {
      problems.push({ property: `${at}.profile`, reason: unknownName(entry.profile, names.profiles, "profiles", "a subscriber profile") });
    }
    if (hasMalformedMacro(entry.site)) {
      problems.push({ property: `${at}.site`, reason: `${show(entry.site)} has a malformed macro; write a site code, or macros such as {{site.code}} or {{user.extensionAttribute5}}` });
    } else if (names.sites && macrosIn(entry.site).length === 0 && !names.sites.some((code) => same(code, entry.site))) {
      problems.push({ property: `${at}.site`, reason: `${show(entry.site)} is not the code of any of the definition's sites; the sites are ${listNames(names.sites)} (or use a macro such as {{site.code}})` });
    }
  }

  for (const [i, pin] of parts.pins) {
    const at = `flowThrough.pins[${i}]`;
    if (names.sites && !names.sites.some((code) => same(code, pin.site))) {
      problems.push({ property: `${at}.site`, reason: `${show(pin.site)} is not the code of any of the definition's sites; the sites are ${listNames(names.sites)}` });
    }
    if (names.profiles && !names.profiles.includes(pin.profile)) {
      problems.push({ property: `${at}.profile`, reason: unknownName(pin.profile, names.profiles, "profiles", "a subscriber profile") });
    }
  }

  for (const [i, plan] of parts.dialPlans) {
    if (plan.scope === "site" && plan.site !== undefined && names.sites && !names.sites.some((code) => same(code, plan.site!))) {
      problems.push({ property: `dialPlans[${i}].site`, reason: `${show(plan.site)} is not the code of any of the definition's sites; the sites are ${listNames(names.sites)}` });
    }
  }
  for (const [i, site] of parts.sites) {
    const plan = site.dialPlan === undefined ? undefined : parts.dialPlans.find(([, d]) => same(d.name, site.dialPlan!))?.[1];
    // A plan for a site that does not exist is reported on the plan, not again on every site.
    if (plan?.scope === "site" && plan.site !== undefined && !same(plan.site, site.code) && names.sites?.some((code) => same(code, plan.site!))) {
      problems.push({
        property: `sites[${i}].dialPlan`,
        reason: `${show(site.dialPlan)} is the dial plan of site ${plan.site} (its scope is "site"); give site ${site.code} its own dial plan, or make ${show(plan.name)} a customer dial plan (scope "customer", no site)`,
      });
    }
  }

  if (names.clusters) problems.push(...repeated(names.clusters, "clusters", "name", "cluster"));
  problems.push(...roleChecks(parts));
  problems.push(...platformChecks(parts));

  // The kinds' own rules, which their `check` would otherwise report one resource at a time.
  // None of them reads `customer`; it is only there to make the kind's inputs.
  const customer = (parts.codeOf.customer ?? "") as CustomerDefinition["customer"]["code"];
  for (const [i, plan] of parts.dialPlans) problems.push(...under(`dialPlans[${i}]`, validateDialPlan({ ...plan, customer })));
  // A class of service is a Teams resource only when a site is on Teams (on Unified CM it is calling search spaces).
  if (parts.sites.some(([, s]) => s.cucm === undefined)) {
    for (const [i, cos] of parts.classesOfService) problems.push(...under(`classesOfService[${i}]`, validateClassOfService({ ...cos, customer })));
  }
  for (const [i, cluster] of parts.clusters) problems.push(...under(`clusters[${i}]`, validateCucmDialPlan(cluster.dialPlan)));
  // The Site kind (a Teams emergency location, whose address rules these are) is made for Teams sites only.
  for (const [i, site] of parts.sites) {
    const { macros: _macros, cucm, ...inputs } = site;
    if (cucm === undefined) problems.push(...under(`sites[${i}]`, validateSite({ ...inputs, customer })));
  }
  for (const [i, profile] of parts.profiles) problems.push(...under(`profiles[${i}]`, subscriberProfile.validate!({ ...profile, customer }, undefined)));
  for (const [i, filter] of parts.filters) problems.push(...under(`filters[${i}]`, problemsFromPlanner(validateFilterCriteria(filter.rows), "rows")));
  if (parts.numberInventory) {
    const { ranges, reserved = [], cooling = [] } = parts.numberInventory;
    problems.push(...under("numberInventory", problemsFromPlanner(validateNumberInventory({ ranges, reserved, cooling }, names.sites), "ranges")));
  }
  const threshold = FlowThroughDefinition.optional.deleteThreshold.decode(parts.deleteThreshold);
  if (parts.deleteThreshold !== undefined && isRight(threshold)) {
    for (const message of validateDeleteThreshold(threshold.right)) {
      const [, field, reason] = /^(\w+): ([\s\S]*)$/.exec(message) ?? [undefined, "", message];
      problems.push({ property: `flowThrough.deleteThreshold${field ? `.${field}` : ""}`, reason: reason as string });
    }
  }
  return problems;
}

/**
 * Roles: unique names, each granting something on some platform, and every role that an entry,
 * a pin, a profile or the default names is defined. Which groups exist is for the planner (it
 * needs the tenant and the clusters).
 */
function roleChecks(parts: Parts): InputProblem[] {
  const roles = parts.names.roles;
  if (roles === undefined) return [];
  const problems: InputProblem[] = [...repeated(roles, "roles", "name", "role")];
  for (const [i, role] of parts.roles) {
    if (role.teams === undefined && role.cucm === undefined) {
      problems.push({ property: `roles[${i}]`, reason: `role ${role.name} grants nothing: give it teams.groups (Entra security groups) or cucm.accessControlGroups (Unified CM access control groups), or both` });
    }
  }
  const unknown = (property: string, name: string) => {
    if (roles.includes(name)) return;
    problems.push({ property, reason: roles.length === 0 ? `names role ${show(name)}, but the definition has no roles; add it under roles` : unknownName(name, roles, "roles", "a role") });
  };
  for (const [i, entry] of parts.entries) if (entry.role !== undefined) unknown(`flowThrough.entries[${i}].role`, entry.role);
  for (const [i, pin] of parts.pins) if (pin.role !== undefined) unknown(`flowThrough.pins[${i}].role`, pin.role);
  for (const [i, profile] of parts.profiles) if (profile.role !== undefined) unknown(`profiles[${i}].role`, profile.role);
  if (typeof parts.defaultRole === "string" && parts.defaultRole !== "") unknown("flowThrough.defaultRole", parts.defaultRole);
  return problems;
}

/**
 * What follows from where each site is: a Teams site needs the customer's tenant and may have a
 * tenant dial plan; a Unified CM site names one of the clusters, and its extension ranges have
 * that cluster's extension length; classes of service used on Teams name their SBCs.
 */
function platformChecks(parts: Parts): InputProblem[] {
  const problems: InputProblem[] = [];
  const onTeams = parts.sites.filter(([, s]) => s.cucm === undefined);
  if (onTeams.length > 0 && parts.tenantId === undefined) {
    problems.push({
      property: "customer.tenantId",
      reason: `is required: site${onTeams.length === 1 ? "" : "s"} ${onTeams.map(([, s]) => s.code).join(", ")} ${onTeams.length === 1 ? "is" : "are"} on Teams (no cucm placement), so ucflow needs the customer's Entra tenant id`,
    });
  }
  for (const [i, site] of parts.sites) {
    if (site.cucm === undefined) continue;
    if (site.dialPlan !== undefined) {
      problems.push({ property: `sites[${i}].dialPlan`, reason: `site ${site.code} is on Unified CM cluster ${site.cucm.cluster}; a tenant dial plan applies to Teams sites only (the cluster's dialPlan builds the site's dial plan)` });
    }
    if (parts.names.clusters && parts.names.clusters.length > 0 && !parts.names.clusters.includes(site.cucm.cluster)) {
      problems.push({ property: `sites[${i}].cucm.cluster`, reason: unknownName(site.cucm.cluster, parts.names.clusters, "clusters", "a cluster") });
    } else if ((parts.names.clusters ?? []).length === 0) {
      problems.push({ property: `sites[${i}].cucm.cluster`, reason: `names cluster ${show(site.cucm.cluster)}, but the definition has no clusters; add it under clusters` });
    }
    if (site.cucm.classOfService !== undefined && parts.names.classesOfService && !parts.names.classesOfService.includes(site.cucm.classOfService)) {
      problems.push({ property: `sites[${i}].cucm.classOfService`, reason: unknownName(site.cucm.classOfService, parts.names.classesOfService, "classesOfService", "a class of service") });
    }
    const cluster = parts.clusters.find(([, c]) => c.name === site.cucm!.cluster)?.[1];
    for (const [r, range] of (parts.numberInventory?.ranges ?? []).entries()) {
      if (range.site === undefined || !same(range.site, site.code)) continue;
      // E.164 ranges of a Unified CM site are its DIDs; its extension ranges have the cluster's length.
      if (range.start.startsWith("+") || cluster === undefined) continue;
      if (range.start.length !== cluster.dialPlan.extensionLength) {
        problems.push({
          property: `numberInventory.ranges[${r}]`,
          reason: `${range.start} to ${range.end} has ${range.start.length} digits, but site ${site.code}'s cluster ${cluster.name} dials ${cluster.dialPlan.extensionLength}-digit extensions (clusters[].dialPlan.extensionLength)`,
        });
      }
    }
  }
  for (const [, site] of onTeams) {
    for (const [r, range] of (parts.numberInventory?.ranges ?? []).entries()) {
      if (range.site !== undefined && same(range.site, site.code) && !range.start.startsWith("+")) {
        problems.push({ property: `numberInventory.ranges[${r}]`, reason: `${range.start} to ${range.end} are extensions, but site ${site.code} is on Teams, where numbers are E.164: give the range as E.164 numbers such as +12145550100 to +12145550199` });
      }
    }
  }
  if ((parts.names.clusters ?? []).length === 0) {
    // Teams only: every profile's users need a license to use Teams.
    for (const [i, profile] of parts.profiles) {
      if (profile.quickAddGroup.licenses === undefined) problems.push({ property: `profiles[${i}].quickAddGroup.licenses`, reason: "is required: on Teams a subscriber needs a license, e.g. [{\"sku\": \"SPE_E5\"}]" });
    }
  }
  for (const [i, profile] of parts.profiles) {
    if (profile.classOfService !== undefined && parts.names.classesOfService && !parts.names.classesOfService.includes(profile.classOfService)) {
      problems.push({ property: `profiles[${i}].classOfService`, reason: unknownName(profile.classOfService, parts.names.classesOfService, "classesOfService", "a class of service") });
    }
  }
  problems.push(...directoryChecks(parts, onTeams.length > 0));

  // A class of service on a cluster needs route patterns for every call class it allows.
  const onCucm = parts.sites.filter(([, s]) => s.cucm !== undefined);
  const clustersOf = new Map<string, Set<string>>();
  for (const [, site] of onCucm) {
    const used = [site.cucm!.classOfService, ...parts.profiles.map(([, p]) => p.classOfService)].flatMap((c) => (c === undefined ? [] : [c as string]));
    for (const cos of used) clustersOf.set(cos, new Set([...(clustersOf.get(cos) ?? []), site.cucm!.cluster]));
  }
  for (const [i, cos] of parts.classesOfService) {
    for (const name of clustersOf.get(cos.name) ?? []) {
      const cluster = parts.clusters.find(([, c]) => c.name === name)?.[1];
      if (cluster === undefined) continue;
      for (const callClass of cos.allows) {
        const missing = missingCallClassPatterns({ ...cluster.dialPlan, customer: "" }, callClass);
        if (missing !== undefined) problems.push({ property: `classesOfService[${i}].allows`, reason: `allows ${callClass} calls on cluster ${name}, but ${missing}` });
      }
    }
  }
  if (onTeams.length > 0) {
    for (const [i, cos] of parts.classesOfService) {
      if (cos.pstnGateways === undefined) {
        problems.push({ property: `classesOfService[${i}].pstnGateways`, reason: `is required: the customer has sites on Teams, where class of service ${cos.name} is a voice routing policy whose voice routes need Direct Routing SBCs (FQDNs)` });
      }
    }
  }
  return problems;
}

/** The directory source fits the sites: Teams users are Entra ID users; a cluster source names a cluster. */
function directoryChecks(parts: Parts, hasTeamsSites: boolean): InputProblem[] {
  const directory = parts.directory;
  // Nothing to say about a definition that has no sites to read (its shape problem is reported).
  if (directory === undefined || parts.names.sites === undefined) return [];
  const problems: InputProblem[] = [];
  if (directory.source !== "entra" && hasTeamsSites) {
    problems.push({ property: "directory.source", reason: `is ${show(directory.source)}, but the customer has sites on Teams, whose subscribers are Entra ID users: use source "entra" (Unified CM sites then take the same users), or put every site on a cluster` });
  }
  if (directory.source === "entra" && parts.tenantId === undefined && !hasTeamsSites) {
    problems.push(
      parts.directoryGiven
        ? { property: "directory.source", reason: `is "entra", which needs customer.tenantId (the Entra tenant the users are read from); give it, or read the users from "ldap" or "cucm"` }
        : { property: "directory", reason: `is required: the customer has no Entra tenant (customer.tenantId), so say where its users come from, e.g. {"source": "ldap"} or {"source": "cucm"}` },
    );
  }
  if (directory.ldapFilter !== undefined && directory.source !== "ldap") {
    problems.push({ property: "directory.ldapFilter", reason: `applies to source "ldap" only; the source is ${show(directory.source)}` });
  } else if (directory.ldapFilter !== undefined) {
    const syntax = ldapFilterSyntaxProblem(directory.ldapFilter);
    if (syntax !== undefined) problems.push({ property: "directory.ldapFilter", reason: `${syntax}; write one RFC 4515 filter in parentheses, e.g. (employeeType=Employee) or (&(employeeType=Employee)(!(title=Contractor)))` });
  }
  if (directory.cluster !== undefined && directory.source !== "cucm") {
    problems.push({ property: "directory.cluster", reason: `applies to source "cucm" only; the source is ${show(directory.source)}` });
  }
  if (directory.source === "cucm") {
    const clusters = parts.names.clusters ?? [];
    if (directory.cluster !== undefined && !clusters.includes(directory.cluster)) {
      problems.push({ property: "directory.cluster", reason: clusters.length === 0 ? `names cluster ${show(directory.cluster)}, but the definition has no clusters` : unknownName(directory.cluster, clusters, "clusters", "a cluster") });
    } else if (directory.cluster === undefined && clusters.length !== 1) {
      problems.push({ property: "directory.cluster", reason: `is required with source "cucm" when the customer has ${clusters.length === 0 ? "no clusters" : `${clusters.length} clusters (${clusters.join(", ")})`}: name the cluster whose end users are read` });
    }
  }
  return problems;
}

/** Why `filter` is not RFC 4515 filter text (the position and what was expected), or undefined when it is. */
function ldapFilterSyntaxProblem(filter: string): string | undefined {
  try {
    parseLdapFilter(filter);
    return undefined;
  } catch (error) {
    if (error instanceof LdapFilterSyntaxError) return error.message;
    throw error;
  }
}

function isObject(u: unknown): u is Record<string, unknown> {
  return typeof u === "object" && u !== null && !Array.isArray(u);
}

/** `{ sites: [...codes] }` when the list is a list and every entry has a text `key`; `{}` otherwise. */
function namesIn<K extends string>(list: unknown, key: string, as: K): Partial<Record<K, readonly string[]>> {
  if (!Array.isArray(list)) return {};
  const names = list.map((item) => (isObject(item) ? item[key] : undefined));
  return names.every((n): n is string => typeof n === "string") ? ({ [as]: names } as unknown as Partial<Record<K, readonly string[]>>) : {};
}

function entriesOf<A>(list: unknown, codec: t.Decoder<unknown, A>): Entries<A> {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item, index) => {
    const decoded = codec.decode(item);
    return isRight(decoded) ? [[index, decoded.right] as const] : [];
  });
}

/**
 * Flow-through with no users: what the planner finds in the entries before any user is read
 * (macro scopes, `{{site.*}}` in a site without a site filter, filter macros a site cannot
 * resolve). Run last, on a definition with no other problem, so nothing is reported twice.
 */
function flowThroughProblems(definition: CustomerDefinition): InputProblem[] {
  const rows = new Map(definition.filters.map((f) => [f.name, f.rows]));
  const entries: FlowThroughEntry[] = definition.flowThrough.entries.map((e) => ({
    name: e.name,
    filter: rows.get(e.filter) ?? [],
    site: e.site,
    profile: e.profile,
    ...(e.role === undefined ? {} : { role: e.role }),
  }));
  const plan = planFlowThrough(
    [],
    entries,
    definition.sites.map((s) => ({ code: s.code, macros: siteMacros(s) })),
    { customer: { code: definition.customer.code }, profiles: definition.profiles.map((p) => p.name) },
  );
  return plan.problems.map((message) => {
    const entry = /^criteria\[(\d+)\](?: "(?:[^"\\]|\\.)*")?(\.\w+)?: ([\s\S]*)$/.exec(message);
    if (entry) return { property: `flowThrough.entries[${entry[1]}]${entry[2] ?? ""}`, reason: entry[3] as string };
    return { property: "flowThrough", reason: message };
  });
}

/** Names used twice in a list, compared ignoring case (Teams compares its identities that way). */
function repeated(names: readonly string[], list: string, key: string, noun: string): InputProblem[] {
  const first = new Map<string, number>();
  const problems: InputProblem[] = [];
  names.forEach((name, i) => {
    const j = first.get(name.toLowerCase());
    if (j === undefined) first.set(name.toLowerCase(), i);
    else problems.push({ property: `${list}[${i}].${key}`, reason: `${show(name)} is already the ${key} of ${list}[${j}]; give each ${noun} its own ${key} (compared ignoring case)` });
  });
  return problems;
}

function unknownName(name: string, names: readonly string[], list: string, what: string): string {
  const close = names.find((n) => same(n, name));
  return (
    `${show(name)} is not the name of ${what} in this definition; the ${list} are ${listNames(names)}` +
    (close === undefined ? "" : ` (names are case-sensitive: did you mean ${show(close)}?)`)
  );
}

function under(prefix: string, problems: readonly InputProblem[]): InputProblem[] {
  return problems.map((p) => ({ property: p.property ? `${prefix}.${p.property}` : prefix, reason: p.reason }));
}

const SUBJECTS: readonly { readonly list: RegExp; readonly noun: string; readonly key: string }[] = [
  { list: /^sites\[(\d+)\]/, noun: "site", key: "code" },
  { list: /^dialPlans\[(\d+)\]/, noun: "dial plan", key: "name" },
  { list: /^classesOfService\[(\d+)\]/, noun: "class of service", key: "name" },
  { list: /^profiles\[(\d+)\]/, noun: "profile", key: "name" },
  { list: /^filters\[(\d+)\]/, noun: "filter", key: "name" },
  { list: /^flowThrough\.entries\[(\d+)\]/, noun: "flow-through entry", key: "name" },
  { list: /^clusters\[(\d+)\]/, noun: "cluster", key: "name" },
  { list: /^roles\[(\d+)\]/, noun: "role", key: "name" },
];

/** `site Cu1Si3` for a path inside `sites[2]`, when that site has a code. */
function subjectOf(raw: unknown, property: string): string | undefined {
  for (const { list, noun, key } of SUBJECTS) {
    const match = list.exec(property);
    if (!match) continue;
    const path = match[0].replace(/\[\d+\]$/, "").split(".");
    let items: unknown = raw;
    for (const segment of path) items = typeof items === "object" && items !== null ? (items as Record<string, unknown>)[segment] : undefined;
    const item = Array.isArray(items) ? items[Number(match[1])] : undefined;
    const name = typeof item === "object" && item !== null ? (item as Record<string, unknown>)[key] : undefined;
    return typeof name === "string" && name.trim() !== "" ? `${noun} ${name.length > 60 ? `${name.slice(0, 57)}...` : name}` : undefined;
  }
  return undefined;
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
