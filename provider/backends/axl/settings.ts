// Cluster settings from stack config: one structured value, `ucflow:clusters`, a map from the
// cluster's name to its settings. Pulumi config keys have one colon (`<namespace>:<name>`), so
// `ucflow:cucm:<cluster>:host` cannot exist; a structured value keeps each cluster's settings
// together and Pulumi encrypts its secret leaves (`pulumi config set --secret --path
// 'ucflow:clusters.<name>.password'`). docs/credentials-cucm.md is the user's guide.
import { type ConfigLookup, type FileReader, passwordVariableFor, readSettingsMap, readTextFile, type SettingsEntry, type SettingsMapKind } from "../../core/settings-map";
import { type AxlClientOptions, MAX_AXL_MAX_IN_FLIGHT, schemaVersionOf } from "./client";
import { type AxlSchemaVersion } from "./schema/description";
import { SUPPORTED_VERSIONS_TEXT } from "./wsdl";

export type { ConfigLookup } from "../../core/settings-map";

export const CLUSTERS_CONFIG_KEY = "ucflow:clusters";

/** One cluster's settings, checked. */
export interface ClusterSettings {
  /** The key under ucflow:clusters, which sites and customers name. */
  readonly name: string;
  readonly host: string;
  readonly username: string;
  /** Secret; registered for redaction when read. */
  readonly password: string;
  readonly version?: AxlSchemaVersion;
  /** PEM text (from `ca`, or read from `caFile`). */
  readonly ca?: string;
  readonly maxInFlight?: number;
  readonly schemaDir?: string;
  readonly requestTimeoutSeconds?: number;
}

const CLUSTERS: SettingsMapKind = {
  name: "clusters",
  entry: "cluster",
  example: '{"cu1-cucm": {"host": "cucm-pub.example.com", ...}}',
  keys: ["host", "username", "password", "version", "ca", "caFile", "maxInFlight", "schemaDir", "requestTimeoutSeconds"],
};

/** The environment variable that may hold a cluster's password: UCFLOW_CLUSTER_<NAME>_PASSWORD, name upper-cased, other characters as "_". */
export function passwordVariable(cluster: string): string {
  return passwordVariableFor("CLUSTER", cluster);
}

/**
 * Every cluster in `ucflow:clusters` (empty when unset). All problems are reported at once,
 * each naming the setting path; secret values are never repeated.
 */
export function readClusterSettings(config: ConfigLookup, env: Readonly<Record<string, string | undefined>> = process.env, readFile: FileReader = readTextFile): ReadonlyMap<string, ClusterSettings> {
  return readSettingsMap(config, CLUSTERS, (entry) => clusterSettings(entry, env), readFile);
}

function clusterSettings(entry: SettingsEntry, env: Readonly<Record<string, string | undefined>>): ClusterSettings | undefined {
  const host = entry.text("host");
  const username = entry.text("username");
  if (host === undefined) entry.problems.push(`${entry.at("host")} is required: the publisher's host name, or https://<publisher>:8443/axl/`);
  if (username === undefined) entry.problems.push(`${entry.at("username")} is required: an application user with the "Standard AXL API Access" role`);
  const password = entry.password("password", passwordVariable(entry.name), env);
  const versionText = entry.text("version");
  const version = versionText === undefined ? undefined : schemaVersionOf(versionText);
  if (versionText !== undefined && version === undefined) entry.problems.push(`${entry.at("version")} must be one of ${SUPPORTED_VERSIONS_TEXT} (or unset, to detect it); got ${JSON.stringify(versionText)}`);
  const ca = entry.pem("ca", "caFile");
  const maxInFlight = entry.integer("maxInFlight", 1, MAX_AXL_MAX_IN_FLIGHT);
  const requestTimeoutSeconds = entry.integer("requestTimeoutSeconds", 1, 600);
  const schemaDir = entry.text("schemaDir");
  if (host === undefined || username === undefined || password === undefined) return undefined;
  return {
    name: entry.name,
    host,
    username,
    password,
    ...(version ? { version } : {}),
    ...(ca ? { ca } : {}),
    ...(maxInFlight !== undefined ? { maxInFlight } : {}),
    ...(schemaDir ? { schemaDir } : {}),
    ...(requestTimeoutSeconds !== undefined ? { requestTimeoutSeconds } : {}),
  };
}

/** AxlClient options for a cluster's settings (plus test or logging extras). */
export function axlClientOptions(settings: ClusterSettings, extra: Partial<AxlClientOptions> = {}): AxlClientOptions {
  return {
    cluster: settings.name,
    host: settings.host,
    username: settings.username,
    password: settings.password,
    ...(settings.version ? { version: settings.version } : {}),
    ...(settings.ca ? { ca: settings.ca } : {}),
    ...(settings.maxInFlight !== undefined ? { maxInFlight: settings.maxInFlight } : {}),
    ...(settings.schemaDir ? { schemaDir: settings.schemaDir } : {}),
    ...(settings.requestTimeoutSeconds !== undefined ? { requestTimeoutMs: settings.requestTimeoutSeconds * 1000 } : {}),
    ...extra,
  };
}
