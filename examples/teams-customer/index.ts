// A Microsoft Teams customer from structured stack config: `pulumi config set --path` or a
// Pulumi.<stack>.yaml holding `customer:` (see README.md beside this file). The directory is
// read when the program runs, so every preview plans against who is in Entra ID now.
import * as pulumi from "@pulumi/pulumi";
import { readEntraTenant, TeamsCustomer, type TeamsCustomerArgs } from "ucflow";

export = async () => {
  const config = new pulumi.Config();
  const definition = config.requireObject<Omit<TeamsCustomerArgs, "tenant">>("customer");
  const ucflow = new pulumi.Config("ucflow");
  const tenant = await readEntraTenant();
  const customer = new TeamsCustomer(definition.customer.code, {
    ...definition,
    flowThrough: { ...definition.flowThrough, allowMassDeprovision: ucflow.getBoolean("allowMassDeprovision") ?? false },
    tenant,
  });
  return {
    subscribers: customer.subscribers.length,
    unmatched: customer.unmatched.length,
  };
};
