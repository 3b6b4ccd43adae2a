// A Microsoft Teams customer from stack config: the definition itself in `customer`, or a YAML
// or JSON file named by `customerFile` (see README.md beside this file). The directory and the
// tenant's Teams policies are read when the program runs, so every preview plans against who is
// in Entra ID now and fails, before anything is registered, on a policy that does not exist.
import * as pulumi from "@pulumi/pulumi";
import {
  configuredTeamsAdminClient,
  loadCustomerDefinition,
  readEntraTenant,
  readTeamsPolicyCatalog,
  referencedPolicyTypes,
  Customer,
} from "ucflow";

export = async () => {
  const definition = loadCustomerDefinition(new pulumi.Config());
  const ucflow = new pulumi.Config("ucflow");
  const policyTypes = referencedPolicyTypes(definition);
  const [tenant, policies] = await Promise.all([
    readEntraTenant(),
    policyTypes.length === 0 ? {} : readTeamsPolicyCatalog(configuredTeamsAdminClient(ucflow), policyTypes),
  ]);
  const customer = new Customer(definition.customer.code, {
    ...definition,
    flowThrough: { ...definition.flowThrough, allowMassDeprovision: ucflow.getBoolean("allowMassDeprovision") ?? false },
    tenant,
    policies,
  });
  return {
    subscribers: customer.subscribers.teams.length,
    unmatched: customer.unmatched.length,
  };
};
