// What the root program reads before it declares a customer: the users (Entra ID, an LDAP
// directory, or a cluster's end users, as the definition's `directory` says), the tenant when
// the users come from Entra ID, the Teams policy names when a site is on Teams, and each Unified
// CM cluster as it is now (lines and users, so extensions are allocated around what is there).
// Everything is read in parallel, at preview and at up alike; nothing is written.
import * as pulumi from "@pulumi/pulumi";
import { referencedPolicyTypes } from "../../provider/plan/teams-references";
import type { CustomerArgs } from "../components/customer";
import type { CustomerDefinition } from "../definition/customer-definition";
import { readEntraTenant } from "./entra";
import { readLdapDirectory } from "./ldap";
import { configuredTeamsAdminClient, readTeamsPolicyCatalog } from "./teams-policies";

export type CustomerSources = Pick<CustomerArgs, "tenant" | "users" | "policies" | "clusterSnapshots">;

export interface CustomerSourceOptions {
  /** @default new pulumi.Config("ucflow") */
  readonly config?: pulumi.Config;
}

/** Reads what `definition` plans against. Errors name the backend and what was being read. */
export async function readCustomerSources(definition: CustomerDefinition, options: CustomerSourceOptions = {}): Promise<CustomerSources> {
  const config = options.config ?? new pulumi.Config("ucflow");
  const directory = definition.directory ?? { source: "entra" as const };
  const onTeams = definition.sites.some((s) => s.cucm === undefined);
  const policyTypes = onTeams ? referencedPolicyTypes(definition) : [];
  const [tenant, users, policies] = await Promise.all([
    directory.source === "entra" ? readEntraTenant({ config }) : undefined,
    directory.source === "ldap" ? readLdapDirectory({ config, ...(directory.ldapFilter ? { ldapFilter: directory.ldapFilter } : {}) }) : undefined,
    policyTypes.length === 0 ? undefined : readTeamsPolicyCatalog(configuredTeamsAdminClient(config), policyTypes),
  ]);
  return {
    ...(tenant ? { tenant } : {}),
    ...(users ? { users } : {}),
    ...(policies ? { policies } : {}),
  };
}
