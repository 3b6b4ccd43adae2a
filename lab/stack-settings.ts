// The stack settings that point a ucflow stack at a running lab: the lab's endpoints with the
// accounts its simulators are seeded with, as `pulumi config set` lines. `ucflow lab` prints and
// writes them; only the platforms the lab runs are included.
import type { LabHandle } from "./lab";
import { LAB_AXL_ADMIN } from "./cisco";
import { LAB_CUPI_PASSWORD, LAB_CUPI_USERNAME } from "./cisco/cupi";
import { LAB_TENANT_ID, LAB_UCFLOW_CLIENT_ID, LAB_UCFLOW_CLIENT_SECRET } from "./microsoft";

/** One `pulumi config set`: `path` for a key into a structured value (ucflow:clusters.Cluster1.host). */
export interface StackSetting {
  readonly key: string;
  readonly value: string;
  readonly secret: boolean;
  readonly path: boolean;
}

/** The names the lab's definitions (examples/) give the cluster and the Unity Connection. */
export const LAB_CLUSTER_NAME = "Cluster1";
export const LAB_UNITY_CONNECTION_NAME = "UCxn1";

export function labStackSettings(lab: Pick<LabHandle, "endpoints">): StackSetting[] {
  const settings: StackSetting[] = [];
  const set = (key: string, value: string, options: { secret?: boolean; path?: boolean } = {}): void => {
    settings.push({ key, value, secret: options.secret ?? false, path: options.path ?? false });
  };
  const { services, ldap } = lab.endpoints;
  if (services.entra && services.graph && services.teams) {
    set("ucflow:tenantId", LAB_TENANT_ID);
    set("ucflow:clientId", LAB_UCFLOW_CLIENT_ID);
    set("ucflow:clientSecret", LAB_UCFLOW_CLIENT_SECRET, { secret: true });
    set("ucflow:authorityHost", services.entra);
    // Graph request paths are resolved against the base URL: without the slash, /v1.0 is lost.
    set("ucflow:graphBaseUrl", `${services.graph}/`);
    set("ucflow:teamsAdminBaseUrl", `${services.teams}/`);
  }
  if (ldap) {
    set("ucflow:ldapUrl", ldap.ldapsUrl);
    set("ucflow:ldapBindDn", ldap.bindDn);
    set("ucflow:ldapBindPassword", ldap.bindPassword, { secret: true });
    set("ucflow:ldapBaseDn", ldap.baseDn);
  }
  if (services.axl) {
    set(`ucflow:clusters.${LAB_CLUSTER_NAME}.host`, services.axl, { path: true });
    set(`ucflow:clusters.${LAB_CLUSTER_NAME}.username`, LAB_AXL_ADMIN.userid, { path: true });
    set(`ucflow:clusters.${LAB_CLUSTER_NAME}.password`, LAB_AXL_ADMIN.password, { path: true, secret: true });
  }
  if (services.cupi) {
    set(`ucflow:unityConnections.${LAB_UNITY_CONNECTION_NAME}.baseUrl`, services.cupi, { path: true });
    set(`ucflow:unityConnections.${LAB_UNITY_CONNECTION_NAME}.username`, LAB_CUPI_USERNAME, { path: true });
    set(`ucflow:unityConnections.${LAB_UNITY_CONNECTION_NAME}.password`, LAB_CUPI_PASSWORD, { path: true, secret: true });
  }
  return settings;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** One setting as the command a user runs; `--` keeps a value that starts with a dash a value. */
export function formatConfigCommand(setting: StackSetting): string {
  return ["pulumi config set", ...(setting.path ? ["--path"] : []), setting.secret ? "--secret" : "--plaintext", "--", setting.key, shellQuote(setting.value)].join(" ");
}

/**
 * A script to `source` in a project directory: sets the current stack's config and exports
 * NODE_EXTRA_CA_CERTS, which every pulumi run against the lab needs (Node reads it at start).
 */
export function formatLabStackScript(settings: readonly StackSetting[], caCertPath: string): string {
  return [
    "# Points the current Pulumi stack at the ucflow lab. In the project directory: source this file",
    "# (the export must reach the shell that runs pulumi). The lab's accounts are throwaway fixtures.",
    `export NODE_EXTRA_CA_CERTS=${shellQuote(caCertPath)}`,
    ...settings.map(formatConfigCommand),
    "",
  ].join("\n");
}
