// What the root program reads before it declares a customer: the users (Entra ID, an LDAP
// directory, or a cluster's end users, as the definition's `directory` says), the tenant when
// the users come from Entra ID, the Teams policy names when a site is on Teams, and each Unified
// CM cluster as it is now (lines and users, so extensions are allocated around what is there).
// Everything is read in parallel, at preview and at up alike; nothing is written.
import * as pulumi from "@pulumi/pulumi";
import { type AxlClient } from "../../provider/backends/axl/client";
import { type CupiClient } from "../../provider/backends/cupi/client";
import { listUserTemplates } from "../../provider/backends/cupi/users";
import { listConfigurations } from "../../provider/backends/teams/configurations";
import { cupiClientFromSettings } from "../../provider/resources/cupi-session";
import { DEFAULT_VOICEMAIL_TEMPLATE } from "../../provider/resources/subscriber-set/cucm-objects";
import { ConfigurationError, isConfigurationError, isUcflowError } from "../../provider/core/errors";
import type { RoleDefinition } from "../../provider/plan/roles";
import { isPlanError } from "../../provider/plan/errors";
import { referencedPolicyTypes } from "../../provider/plan/teams-references";
import type { CustomerArgs } from "../components/customer";
import { atDefinitionPath, type CustomerDefinition, type DefinitionSource } from "../definition/customer-definition";
import { configuredAxlClient, CUCM_END_USER_ATTRIBUTES, listCucmEndUsers, readCucmCluster, readCucmEndUsers } from "./cucm";
import { ENTRA_FILTER_ATTRIBUTES, readEntraTenant } from "./entra";
import { ldapDirectoryAttributes, readLdapDirectory } from "./ldap";
import { configuredTeamsAdminClient, readTeamsPolicyCatalog } from "./teams-policies";

export type CustomerSources = Pick<CustomerArgs, "tenant" | "users" | "policies" | "clusterSnapshots" | "directoryAttributes" | "pstnGateways">;

export interface CustomerSourceOptions {
  /** @default new pulumi.Config("ucflow") */
  readonly config?: pulumi.Config;
  /**
   * The AXL client of a cluster the definition uses (called once per cluster).
   * @default - configuredAxlClient: from ucflow:clusters.<name>
   */
  readonly axlClient?: (cluster: string) => AxlClient;
  /** The CUPI client of a Unity Connection server a cluster's voicemail uses. @default - from ucflow:unityConnections.<name> */
  readonly cupiClient?: (server: string) => CupiClient;
  /**
   * What the paths of problems start with, as for the Customer component's `definitionRoot`:
   * `customer` gives `customer.clusters[0].voicemail.template: ...`.
   * @default "definition" (the argument: `definition.clusters[0].voicemail.template`)
   */
  readonly definitionRoot?: string | DefinitionSource;
}

/** Reads what `definition` plans against. Errors name the backend and what was being read. */
export async function readCustomerSources(definition: CustomerDefinition, options: CustomerSourceOptions = {}): Promise<CustomerSources> {
  try {
    return await readSources(definition, options);
  } catch (error) {
    throw asProgramError(error, options.definitionRoot ?? "definition");
  }
}

/**
 * Settings that cannot work, and a platform that cannot be read (each with its backend, object
 * and code), are the user's to fix: Pulumi prints a RunError as its message, without the
 * JavaScript stack trace an unexpected error keeps. A problem with a value of the definition
 * names its path under `root`.
 */
function asProgramError(error: unknown, root: string | DefinitionSource): unknown {
  if (isConfigurationError(error)) {
    const problems = error.problems.map((p) => `  - ${atDefinitionPath(root, p)}`);
    return new pulumi.RunError(`${error.message.split(":\n")[0]}; nothing was changed:\n${problems.join("\n")}`);
  }
  if (isUcflowError(error) || isPlanError(error)) return new pulumi.RunError(`${(error as Error).message}; nothing was changed`);
  return error;
}

async function readSources(definition: CustomerDefinition, options: CustomerSourceOptions): Promise<CustomerSources> {
  const config = options.config ?? new pulumi.Config("ucflow");
  const directory = definition.directory ?? { source: "entra" as const };
  const onTeams = definition.sites.some((s) => s.cucm === undefined);
  const policyTypes = onTeams ? referencedPolicyTypes(definition) : [];
  const clients = clusterClients(clustersRead(definition), (cluster) => (options.axlClient ? options.axlClient(cluster) : configuredAxlClient(cluster, config)));
  // The directory's cluster lists its users once, for its snapshot and for the directory.
  const directoryCluster = directoryClusterOf(definition);
  const endUsers = directoryCluster === undefined ? undefined : listCucmEndUsers(clients.get(directoryCluster)!, directoryCluster);
  endUsers?.catch(() => undefined); // awaited below; a failure is reported there, once
  const gatewaysNamed = onTeams && (definition.classesOfService ?? []).some((c) => (c.pstnGateways ?? []).length > 0);
  const [, tenant, users, policies, snapshots, gateways] = await Promise.all([
    checkVoicemailServers(definition, options.cupiClient ?? ((server) => cupiClientFromSettings((name) => config.get(name), server))).then(() => undefined),
    directory.source === "entra"
      ? readEntraTenant({
          config,
          groups: onTeams && rolesGrantTeamsGroups(definition),
          attributes: filterAttributes(definition, ENTRA_FILTER_ATTRIBUTES),
          ...(definition.customer.tenantId ? { tenantId: definition.customer.tenantId, tenantIdProperty: "customer.tenantId" } : {}),
        })
      : undefined,
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
    gatewaysNamed ? listConfigurations(configuredTeamsAdminClient(config), "OnlinePSTNGateway").then((items) => items.map((g) => g.Identity)) : undefined,
  ]);
  return {
    directoryAttributes: directoryAttributes(directory.source, config),
    ...(tenant ? { tenant } : {}),
    ...(gateways ? { pstnGateways: gateways } : {}),
    ...(users ? { users } : {}),
    ...(policies ? { policies } : {}),
    ...(snapshots.length > 0 ? { clusterSnapshots: Object.fromEntries(snapshots) } : {}),
  };
}

/**
 * Each cluster's voicemail names a Unity Connection server configured in stack config and a user
 * template that server has: checked at preview, since a mailbox made from a template that is not
 * there fails at up, after the lines and phones were made.
 */
async function checkVoicemailServers(definition: CustomerDefinition, client: (server: string) => CupiClient): Promise<void> {
  const problems: string[] = [];
  const used = (definition.clusters ?? []).flatMap((cluster, i) => (cluster.voicemail && definition.sites.some((s) => s.cucm?.cluster === cluster.name) ? [{ i, voicemail: cluster.voicemail }] : []));
  await Promise.all(
    used.map(async ({ i, voicemail }) => {
      let cupi: CupiClient;
      try {
        cupi = client(voicemail.unityConnection);
      } catch (error) {
        if (!isConfigurationError(error)) throw error;
        problems.push(...error.problems.map((p) => `clusters[${i}].voicemail.unityConnection: ${p}`));
        return;
      }
      const template = voicemail.template ?? DEFAULT_VOICEMAIL_TEMPLATE;
      const templates = (await listUserTemplates(cupi)).map((t) => t.Alias);
      if (!templates.some((alias) => alias.toLowerCase() === template.toLowerCase())) {
        problems.push(`clusters[${i}].voicemail.template: Unity Connection ${voicemail.unityConnection} has no user template ${JSON.stringify(template)}; it has ${templates.join(", ") || "none"}; name one it has`);
      }
    }),
  );
  if (problems.length > 0) throw new ConfigurationError("the voicemail cannot work", problems);
}

/** The attributes the source's users carry, for the check of filter rows. */
function directoryAttributes(source: "entra" | "ldap" | "cucm", config: pulumi.Config): readonly string[] {
  if (source === "entra") return ENTRA_FILTER_ATTRIBUTES;
  if (source === "cucm") return Object.keys(CUCM_END_USER_ATTRIBUTES);
  return ldapDirectoryAttributes({ config });
}

/** The attributes the definition's filters test that the source can give (an unknown one is reported by the check, not sent). */
function filterAttributes(definition: CustomerDefinition, known: readonly string[]): string[] {
  const names = new Set<string>(definition.filters.flatMap((f) => f.rows.map((r) => r.attribute)));
  return known.filter((name) => names.has(name));
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
