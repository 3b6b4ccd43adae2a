// What the root program reads before it declares a customer: the users (Entra ID, an LDAP
// directory, or a cluster's end users, as the definition's `directory` says), the tenant when
// the users come from Entra ID, the Teams policy names when a site is on Teams, and each Unified
// CM cluster as it is now (lines and users, so extensions are allocated around what is there).
// Everything is read in parallel, at preview and at up alike; nothing is written.
import * as pulumi from "@pulumi/pulumi";
import { type AxlClient } from "../../provider/backends/axl/client";
import { ConfigurationError, isConfigurationError } from "../../provider/core/errors";
import type { RoleDefinition } from "../../provider/plan/roles";
import { referencedPolicyTypes } from "../../provider/plan/teams-references";
import type { CustomerArgs } from "../components/customer";
import type { CustomerDefinition } from "../definition/customer-definition";
import { configuredAxlClient, listCucmEndUsers, readCucmCluster, readCucmEndUsers } from "./cucm";
import { readEntraTenant } from "./entra";
import { readLdapDirectory } from "./ldap";
import { configuredTeamsAdminClient, readTeamsPolicyCatalog } from "./teams-policies";

export type CustomerSources = Pick<CustomerArgs, "tenant" | "users" | "policies" | "clusterSnapshots">;

export interface CustomerSourceOptions {
  /** @default new pulumi.Config("ucflow") */
  readonly config?: pulumi.Config;
  /**
   * The AXL client of a cluster the definition uses (called once per cluster).
   * @default - configuredAxlClient: from ucflow:clusters.<name>
   */
  readonly axlClient?: (cluster: string) => AxlClient;
}

/** Reads what `definition` plans against. Errors name the backend and what was being read. */
export async function readCustomerSources(definition: CustomerDefinition, options: CustomerSourceOptions = {}): Promise<CustomerSources> {
  const config = options.config ?? new pulumi.Config("ucflow");
  const directory = definition.directory ?? { source: "entra" as const };
  const onTeams = definition.sites.some((s) => s.cucm === undefined);
  const policyTypes = onTeams ? referencedPolicyTypes(definition) : [];
  const clients = clusterClients(clustersRead(definition), (cluster) => (options.axlClient ? options.axlClient(cluster) : configuredAxlClient(cluster, config)));
  // The directory's cluster lists its users once, for its snapshot and for the directory.
  const directoryCluster = directoryClusterOf(definition);
  const endUsers = directoryCluster === undefined ? undefined : listCucmEndUsers(clients.get(directoryCluster)!, directoryCluster);
  endUsers?.catch(() => undefined); // awaited below; a failure is reported there, once
  const [tenant, users, policies, snapshots] = await Promise.all([
    directory.source === "entra" ? readEntraTenant({ config, groups: onTeams && rolesGrantTeamsGroups(definition) }) : undefined,
    directory.source === "ldap"
      ? readLdapDirectory({ config, ...(directory.ldapFilter ? { ldapFilter: directory.ldapFilter } : {}) })
      : directoryCluster !== undefined
        ? readCucmEndUsers(clients.get(directoryCluster)!, { cluster: directoryCluster, users: endUsers! })
        : undefined,
    policyTypes.length === 0 ? undefined : readTeamsPolicyCatalog(configuredTeamsAdminClient(config), policyTypes),
    Promise.all(
      [...clients].filter(([cluster]) => definition.sites.some((s) => s.cucm?.cluster === cluster)).map(async ([cluster, client]) =>
        [cluster, await readCucmCluster(client, { cluster, existingNames: namesExisting(definition, cluster), ...(cluster === directoryCluster ? { users: endUsers! } : {}) })] as const,
      ),
    ),
  ]);
  return {
    ...(tenant ? { tenant } : {}),
    ...(users ? { users } : {}),
    ...(policies ? { policies } : {}),
    ...(snapshots.length > 0 ? { clusterSnapshots: Object.fromEntries(snapshots) } : {}),
  };
}

/** Whether a role grants Entra groups, so the tenant's groups are read (and not otherwise: a Teams read costs no more without roles). */
export function rolesGrantTeamsGroups(definition: { readonly roles?: readonly RoleDefinition[] }): boolean {
  return (definition.roles ?? []).some((role) => (role.teams?.groups.length ?? 0) > 0);
}

/** The clusters read: those the sites are on, and the directory's (source cucm), in definition order. */
export function clustersRead(definition: CustomerDefinition): string[] {
  const directoryCluster = directoryClusterOf(definition);
  return [...new Set([...definition.sites.flatMap((s) => (s.cucm ? [s.cucm.cluster] : [])), ...(directoryCluster ? [directoryCluster] : [])])];
}

/** The cluster whose end users are the directory (source cucm): the one named, else the only one (the definition's checks ensure there is one). */
function directoryClusterOf(definition: CustomerDefinition): string | undefined {
  const directory = definition.directory;
  return directory?.source === "cucm" ? (directory.cluster ?? (definition.clusters ?? [])[0]?.name) : undefined;
}

/** One client per cluster; every cluster's missing or invalid settings reported at once. */
function clusterClients(clusters: readonly string[], client: (cluster: string) => AxlClient): Map<string, AxlClient> {
  const clients = new Map<string, AxlClient>();
  const problems: string[] = [];
  for (const cluster of clusters) {
    try {
      clients.set(cluster, client(cluster));
    } catch (error) {
      if (!isConfigurationError(error)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ConfigurationError(`cannot read Unified CM cluster${clusters.length === 1 ? "" : "s"} ${clusters.join(", ")}`, [...new Set(problems)]);
  return clients;
}

/** Whether the definition names objects already on `cluster` for adoption (existingDialPlan, cucm.existing): their names are then checked at preview. */
function namesExisting(definition: CustomerDefinition, cluster: string): boolean {
  return (definition.clusters ?? []).some((c) => c.name === cluster && c.existingDialPlan !== undefined) || definition.sites.some((s) => s.cucm?.cluster === cluster && s.cucm.existing !== undefined);
}
