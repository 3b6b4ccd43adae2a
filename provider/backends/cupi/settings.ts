// Unity Connection servers from stack config: one structured value, `ucflow:unityConnections`,
// a map from the name a cluster's voicemail refers to (`voicemail.unityConnection`) to the
// server's settings, read like `ucflow:clusters` (core/settings-map.ts). Never from resource
// inputs; the password may come from UCFLOW_UNITY_CONNECTION_<NAME>_PASSWORD instead.
// docs/credentials-unity-connection.md is the user's guide.
import { type ConfigLookup, type FileReader, passwordVariableFor, readSettingsMap, readTextFile, type SettingsEntry, type SettingsMapKind } from "../../core/settings-map";
import { cupiBaseUrl, type CupiClientOptions } from "./client";

export const UNITY_CONNECTIONS_CONFIG_KEY = "ucflow:unityConnections";
export const DEFAULT_CUPI_MAX_IN_FLIGHT = 4;

/** One server's settings, checked. */
export interface UnityConnectionSettings {
  /** The key under ucflow:unityConnections. */
  readonly name: string;
  /** The server's root URL, ending in "/" (from `baseUrl`, or https://<host>/). */
  readonly baseUrl: string;
  readonly username: string;
  /** Secret; registered for redaction when read. */
  readonly password: string;
  /** PEM text (from `ca`, or read from `caFile`). */
  readonly ca?: string;
  readonly maxInFlight?: number;
  readonly requestTimeoutSeconds?: number;
}

const UNITY_CONNECTIONS: SettingsMapKind = {
  name: "unityConnections",
  entry: "Unity Connection server",
  example: '{"cuc1": {"host": "cuc1.example.com", ...}}',
  keys: ["host", "baseUrl", "username", "password", "ca", "caFile", "maxInFlight", "requestTimeoutSeconds"],
};

/** The environment variable that may hold a server's password: UCFLOW_UNITY_CONNECTION_<NAME>_PASSWORD. */
export function unityConnectionPasswordVariable(server: string): string {
  return passwordVariableFor("UNITY_CONNECTION", server);
}

/** Every server in `ucflow:unityConnections` (empty when unset); all problems at once, each with its setting path. */
export function readUnityConnectionSettings(
  config: ConfigLookup,
  env: Readonly<Record<string, string | undefined>> = process.env,
  readFile: FileReader = readTextFile,
): ReadonlyMap<string, UnityConnectionSettings> {
  return readSettingsMap(config, UNITY_CONNECTIONS, (entry) => serverSettings(entry, env), readFile);
}

function serverSettings(entry: SettingsEntry, env: Readonly<Record<string, string | undefined>>): UnityConnectionSettings | undefined {
  const host = entry.text("host");
  const base = entry.text("baseUrl");
  let baseUrl: string | undefined;
  if (host !== undefined && base !== undefined) entry.problems.push(`${entry.at("host")} and ${entry.at("baseUrl")} are both set; keep one`);
  else if (host !== undefined) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host) || host.includes("/")) entry.problems.push(`${entry.at("host")} must be a host name (and port), e.g. cuc1.example.com; for a URL use ${entry.at("baseUrl")}`);
    else baseUrl = `https://${host}/`;
  } else if (base !== undefined) baseUrl = base;
  else entry.problems.push(`${entry.at("host")} (or ${entry.at("baseUrl")}) is required: the Unity Connection server's host name, or its root URL https://<server>/`);
  const username = entry.text("username");
  if (username === undefined) entry.problems.push(`${entry.at("username")} is required: an account that may provision users (System Administrator)`);
  const password = entry.password("password", unityConnectionPasswordVariable(entry.name), env);
  const ca = entry.pem("ca", "caFile");
  const maxInFlight = entry.integer("maxInFlight", 1, 32);
  const requestTimeoutSeconds = entry.integer("requestTimeoutSeconds", 1, 600);
  if (baseUrl === undefined || username === undefined || password === undefined) return undefined;
  // The client's rules for the URL (https, no credentials, no /vmrest), naming the setting.
  const urlProblems: string[] = [];
  const root = cupiBaseUrl(baseUrl, urlProblems);
  const setting = base !== undefined ? entry.at("baseUrl") : entry.at("host");
  entry.problems.push(...urlProblems.map((p) => `${setting}: ${p}`));
  if (urlProblems.length > 0) return undefined;
  return {
    name: entry.name,
    baseUrl: root,
    username,
    password,
    ...(ca ? { ca } : {}),
    ...(maxInFlight !== undefined ? { maxInFlight } : {}),
    ...(requestTimeoutSeconds !== undefined ? { requestTimeoutSeconds } : {}),
  };
}

/** CupiClient options for a server's settings (plus test or logging extras). */
export function cupiClientOptions(settings: UnityConnectionSettings, extra: Partial<CupiClientOptions> = {}): CupiClientOptions {
  return {
    server: settings.name,
    baseUrl: settings.baseUrl,
    username: settings.username,
    password: settings.password,
    maxInFlight: settings.maxInFlight ?? DEFAULT_CUPI_MAX_IN_FLIGHT,
    ...(settings.ca ? { ca: settings.ca } : {}),
    ...(settings.requestTimeoutSeconds !== undefined ? { requestTimeoutMs: settings.requestTimeoutSeconds * 1000 } : {}),
    ...extra,
  };
}
