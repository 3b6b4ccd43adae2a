// The root program: one customer from stack config, on Microsoft Teams, Unified CM or both. The
// definition is in `customer`, or in a YAML or JSON file named by `customerFile` (examples in
// ../teams-customer, ../cucm-customer, ../hybrid-customer). The users, the tenant, the Teams
// policy names and the clusters are read when the program runs, so every preview plans against
// what is there now and fails, before anything is registered, on a name that does not exist.
import * as pulumi from "@pulumi/pulumi";
import { Customer, customerDefinitionRoot, loadCustomerDefinition, readCustomerSources } from "ucflow";

export = async () => {
  const config = new pulumi.Config();
  const definition = loadCustomerDefinition(config);
  // Problems found against the platforms name the value's path as the user wrote it (customer.sites[0].dialPlan).
  const definitionRoot = customerDefinitionRoot(config);
  const ucflow = new pulumi.Config("ucflow");
  const sources = await readCustomerSources(definition, { config: ucflow, definitionRoot });
  const { directory: _source, ...declared } = definition;
  const customer = new Customer(definition.customer.code, {
    ...declared,
    definitionRoot,
    flowThrough: { ...definition.flowThrough, allowMassDeprovision: ucflow.getBoolean("allowMassDeprovision") ?? false },
    ...sources,
  });
  return {
    subscribers: customer.subscribers.teams.length + customer.subscribers.cucm.length,
    teamsSubscribers: customer.subscribers.teams.length,
    cucmSubscribers: customer.subscribers.cucm.length,
    unmatched: customer.unmatched.length,
  };
};
