// A hybrid customer built from a shared profile library: Contoso with Chicago on Microsoft Teams
// and Boston on the Unified CM cluster Cluster1. What the service provider offers every customer
// (classes of service, roles, subscriber profiles) comes from ../profile-library; this program
// declares only what is Contoso's own: its tenant, cluster, sites, numbers, filters and
// flow-through. The definition gets the checks a definition file gets (every problem at once,
// each with its path) before the tenant and the cluster are read and anything is registered.
import * as pulumi from "@pulumi/pulumi";
import { Customer, customerDefinitionError, decodeCustomerDefinition, describeDefinitionProblem, readCustomerSources, type CustomerDefinitionInput } from "ucflow";
import { classesOfService, profiles, ROLES } from "../profile-library";

const CODE = "Cu1";

const contoso: CustomerDefinitionInput = {
  customer: { code: CODE, name: "Contoso", tenantId: "8f3c2a71-5b4e-4d0a-9c6f-2e1d7b9a4c35" },
  // Teams subscribers are Entra users; Unified CM ones the same users, their userid the part of
  // the user principal name before "@".
  directory: { source: "entra" },
  subscriberSets: { count: 2 },
  clusters: [
    {
      name: "Cluster1",
      dialPlan: { extensionLength: 4, countryCallingCode: "1", gateway: "Cu1-PSTN-RL" },
      voicemail: { profile: "Cu1-VM-Profile", unityConnection: "UCxn1" },
    },
  ],
  classesOfService: classesOfService(CODE, { countryCallingCode: "1", pstnGateways: ["sbc1.contoso.com"] }),
  roles: [...ROLES],
  profiles: profiles(CODE),
  sites: [
    { code: "Cu1Si1", name: "Chicago", address: { street: "233 S Wacker Dr", city: "Chicago", state: "IL", postalCode: "60606", country: "US" } },
    {
      code: "Cu1Si2",
      name: "Boston",
      cucm: { cluster: "Cluster1", classOfService: `${CODE}-National` },
      address: { street: "100 Summer St", city: "Boston", state: "MA", postalCode: "02110", country: "US" },
    },
  ],
  numberInventory: {
    ranges: [
      // Chicago's Direct Routing numbers (Teams).
      { start: "+13125550100", end: "+13125550149", site: "Cu1Si1" },
      // Boston's extensions (Unified CM lines); 4000-4009 are already on the cluster.
      { start: "4100", end: "4149", site: "Cu1Si2" },
    ],
  },
  filters: [
    { name: "in-site-city", rows: [{ attribute: "city", condition: "equals", value: "{{site.city}}" }] },
    {
      name: "sales-in-site-city",
      rows: [
        { attribute: "city", condition: "equals", value: "{{site.city}}", join: "and" },
        { attribute: "department", condition: "equals", value: "Sales" },
      ],
    },
  ],
  // First match wins: each site's salespeople get Sales, everyone else at their city's site Voice.
  flowThrough: {
    entries: [
      { name: "sales", filter: "sales-in-site-city", site: "{{site.code}}", profile: "Sales" },
      { name: "everyone", filter: "in-site-city", site: "{{site.code}}", profile: "Voice" },
    ],
  },
};

export = async () => {
  const decoded = decodeCustomerDefinition(contoso, "contoso");
  if (!decoded.ok) throw customerDefinitionError(decoded.problems.map(describeDefinitionProblem));
  const definition = decoded.value;
  const ucflow = new pulumi.Config("ucflow");
  // The tenant's users and policy names and the cluster, read now: every preview plans against what is there.
  const sources = await readCustomerSources(definition, { config: ucflow, definitionRoot: "contoso" });
  const { directory: _directory, ...declared } = definition;
  const customer = new Customer(CODE, {
    ...declared,
    // Problems found against the tenant or the cluster name the path in `contoso`, as the decoder's do.
    definitionRoot: "contoso",
    flowThrough: { ...definition.flowThrough, allowMassDeprovision: ucflow.getBoolean("allowMassDeprovision") ?? false },
    ...sources,
  });
  return {
    teamsSubscribers: customer.subscribers.teams.length,
    cucmSubscribers: customer.subscribers.cucm.length,
    unmatched: customer.unmatched.length,
  };
};
