// Cluster settings from stack config: one structured value, `ucflow:clusters`, a map from the
// cluster's name to its settings. Pulumi config keys have one colon (`<namespace>:<name>`), so
// `ucflow:cucm:<cluster>:host` cannot exist; a structured value keeps each cluster's settings
// together and Pulumi encrypts its secret leaves (`pulumi config set --secret --path
// 'ucflow:clusters.<name>.password'`). docs/credentials-cucm.md is the user's guide.
import * as fs from "node:fs";
import { ConfigurationError } from "../../core/errors";
import { registerSecret } from "../../core/redaction";
import { type AxlClientOptions, MAX_AXL_MAX_IN_FLIGHT, schemaVersionOf } from "./client";
import { type AxlSchemaVersion } from "./schema/description";
import { SUPPORTED_VERSIONS_TEXT } from "./wsdl";

/** Names without the `ucflow:` namespace, as provider `configure` lookups give them. */
export type ConfigLookup = (name: string) => string | undefined;

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

const KEYS = ["host", "username", "password", "version", "ca", "caFile", "maxInFlight", "schemaDir", "requestTimeoutSeconds"] as const;
const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** The environment variable that may hold a cluster's password: UCFLOW_CLUSTER_<NAME>_PASSWORD, name upper-cased, other characters as "_". */
export function passwordVariable(cluster: string): string {
  return `UCFLOW_CLUSTER_${cluster.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_PASSWORD`;
}

/**
 * Every cluster in `ucflow:clusters` (empty when unset). All problems are reported at once,
 * each naming the setting path; secret values are never repeated.
 */
export function readClusterSettings(config: ConfigLookup, env: Readonly<Record<string, string | undefined>> = process.env, readFile: (path: string) => string = (p) => fs.readFileSync(p, "utf8")): ReadonlyMap<string, ClusterSettings> {
  const text = config("clusters");
  const result = new Map<string, ClusterSettings>();
  if (text === undefined || text.trim() === "") return result;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigurationError("invalid ucflow settings", [`${CLUSTERS_CONFIG_KEY} must be an object of clusters, e.g. {"cu1-cucm": {"host": "cucm-pub.example.com", ...}}; it is not JSON`]);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ConfigurationError("invalid ucflow settings", [`${CLUSTERS_CONFIG_KEY} must be an object whose keys are cluster names; got ${Array.isArray(parsed) ? "a list" : typeof parsed}`]);
  }
  const problems: string[] = [];
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    const settings = clusterSettings(name, value, env, readFile, problems);
    if (settings) result.set(name, settings);
  }
  if (problems.length > 0) throw new ConfigurationError("invalid ucflow settings", problems);
  return result;
}

function clusterSettings(name: string, value: unknown, env: Readonly<Record<string, string | undefined>>, readFile: (path: string) => string, problems: string[]): ClusterSettings | undefined {
  const at = (key: string) => `${CLUSTERS_CONFIG_KEY}.${name}.${key}`;
  const before = problems.length;
  if (!CLUSTER_NAME.test(name)) problems.push(`${CLUSTERS_CONFIG_KEY}: cluster name ${JSON.stringify(name)} must be 1 to 63 letters, digits, ".", "_" or "-", starting with a letter or digit`);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.push(`${CLUSTERS_CONFIG_KEY}.${name} must be an object with host, username, password, ...`);
    return undefined;
  }
  const v = value as Record<string, unknown>;
  for (const key of Object.keys(v)) if (!(KEYS as readonly string[]).includes(key)) problems.push(`${at(key)} is not a cluster setting; allowed: ${KEYS.join(", ")}`);
  const text = (key: string): string | undefined => {
    const item = v[key];
    if (item === undefined || item === null || item === "") return undefined;
    if (typeof item === "string") return item;
    if (typeof item === "number" && key !== "password") return String(item);
    problems.push(`${at(key)} must be text${key === "password" ? "" : `; got ${JSON.stringify(item)}`}`);
    return undefined;
  };
  const host = text("host");
  const username = text("username");
  const password = text("password") ?? (env[passwordVariable(name)] || undefined);
  if (host === undefined) problems.push(`${at("host")} is required: the publisher's host name, or https://<publisher>:8443/axl/`);
  if (username === undefined) problems.push(`${at("username")} is required: an application user with the "Standard AXL API Access" role`);
  if (password === undefined) problems.push(`${at("password")} is required (set it with --secret), or set ${passwordVariable(name)}`);
  registerSecret(password);

  const versionText = text("version");
  const version = versionText === undefined ? undefined : schemaVersionOf(versionText);
  if (versionText !== undefined && version === undefined) problems.push(`${at("version")} must be one of ${SUPPORTED_VERSIONS_TEXT} (or unset, to detect it); got ${JSON.stringify(versionText)}`);

  let ca = text("ca");
  const caFile = text("caFile");
  if (ca !== undefined && caFile !== undefined) problems.push(`${at("ca")} and ${at("caFile")} are both set; keep one`);
  if (ca !== undefined && !ca.includes("-----BEGIN CERTIFICATE-----")) problems.push(`${at("ca")} must be PEM text ("-----BEGIN CERTIFICATE-----" ...); for a file use ${at("caFile")}`);
  if (caFile !== undefined && ca === undefined) {
    try {
      ca = readFile(caFile);
      if (!ca.includes("-----BEGIN CERTIFICATE-----")) problems.push(`${at("caFile")}: ${caFile} holds no PEM certificate`);
    } catch (error) {
      problems.push(`${at("caFile")}: cannot read ${caFile} (${(error as Error).message})`);
    }
  }

  const integer = (key: string, min: number, max: number): number | undefined => {
    const raw = text(key);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${at(key)} must be a whole number from ${min} to ${max}; got ${JSON.stringify(raw)}`);
      return undefined;
    }
    return n;
  };
  const maxInFlight = integer("maxInFlight", 1, MAX_AXL_MAX_IN_FLIGHT);
  const requestTimeoutSeconds = integer("requestTimeoutSeconds", 1, 600);
  const schemaDir = text("schemaDir");
  if (problems.length > before || host === undefined || username === undefined || password === undefined) return undefined;
  return {
    name,
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
