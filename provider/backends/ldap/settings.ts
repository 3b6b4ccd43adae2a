// The LDAP directory's settings, from stack config (`ucflow:ldap*`) or the environment
// (UCFLOW_LDAP_*), never from resource inputs. See docs/ldap-directory.md.
import { readFileSync } from "node:fs";
import { ConfigurationError } from "../../core/errors";
import { booleanSetting, integerSetting, readSettingTable, type SettingLookup, settingName, type SettingSource, type SettingValue } from "../../core/settings";
import { type LdapConnectionOptions, validateLdapOptions } from "./client";
import { LDAP_USER_SCHEMAS, type LdapUserSchema } from "./schema";

export const LDAP_SETTINGS = {
  /** ldaps://host[:port] or ldap://host[:port]. */
  ldapUrl: { configKey: "ucflow:ldapUrl", env: "UCFLOW_LDAP_URL", secret: false },
  /** For ldap:// URLs; default true. */
  ldapStartTls: { configKey: "ucflow:ldapStartTls", env: "UCFLOW_LDAP_START_TLS", secret: false },
  /** A PEM file of the CA(s) that sign the directory's certificate. */
  ldapCaCertPath: { configKey: "ucflow:ldapCaCertPath", env: "UCFLOW_LDAP_CA_CERT_PATH", secret: false },
  /** The same PEM, inline. */
  ldapCaCert: { configKey: "ucflow:ldapCaCert", env: undefined, secret: false },
  ldapBindDn: { configKey: "ucflow:ldapBindDn", env: "UCFLOW_LDAP_BIND_DN", secret: false },
  ldapBindPassword: { configKey: "ucflow:ldapBindPassword", env: "UCFLOW_LDAP_BIND_PASSWORD", secret: true },
  ldapBaseDn: { configKey: "ucflow:ldapBaseDn", env: "UCFLOW_LDAP_BASE_DN", secret: false },
  /** "inetOrgPerson" (default) or "activeDirectory": id attribute, user filter and attribute mapping. */
  ldapSchema: { configKey: "ucflow:ldapSchema", env: "UCFLOW_LDAP_SCHEMA", secret: false },
  /** Replaces the schema's user filter, e.g. (&(objectClass=inetOrgPerson)(employeeType=Employee)). */
  ldapUserFilter: { configKey: "ucflow:ldapUserFilter", env: "UCFLOW_LDAP_USER_FILTER", secret: false },
  ldapPageSize: { configKey: "ucflow:ldapPageSize", env: "UCFLOW_LDAP_PAGE_SIZE", secret: false },
  ldapTimeoutSeconds: { configKey: "ucflow:ldapTimeoutSeconds", env: "UCFLOW_LDAP_TIMEOUT_SECONDS", secret: false },
} as const satisfies Readonly<Record<string, SettingSource>>;

export type LdapSettingName = keyof typeof LDAP_SETTINGS;
export type LdapSettings = { readonly [K in LdapSettingName]?: SettingValue };

/** Settings from stack config, else the environment; the password is registered for redaction. */
export function readLdapSettings(config: SettingLookup, env: Readonly<Record<string, string | undefined>> = process.env): LdapSettings {
  return readSettingTable(LDAP_SETTINGS, config, env);
}

/** What the settings describe: how to connect, where to search, how entries become users. */
export interface LdapDirectorySettings {
  readonly connection: LdapConnectionOptions;
  readonly baseDn: string;
  readonly schema: LdapUserSchema;
  readonly pageSize: number;
}

// Which setting an option's problem is about, so messages name what the user sets.
const OPTION_SETTING: Readonly<Record<string, LdapSettingName>> = {
  url: "ldapUrl",
  startTls: "ldapStartTls",
  bindDn: "ldapBindDn",
  bindPassword: "ldapBindPassword",
  timeoutMs: "ldapTimeoutSeconds",
  baseDn: "ldapBaseDn",
  pageSize: "ldapPageSize",
};

/**
 * The directory the settings describe, or one ConfigurationError listing every missing or
 * invalid setting by name (never its value when secret). `readFile` reads ldapCaCertPath.
 */
export function ldapDirectoryFromSettings(settings: LdapSettings, readFile: (path: string) => string = (p) => readFileSync(p, "utf8")): LdapDirectorySettings {
  const problems: string[] = [];
  const missing = (["ldapUrl", "ldapBindDn", "ldapBindPassword", "ldapBaseDn"] as const).filter((name) => settings[name] === undefined);
  if (missing.length > 0) problems.push(`set ${missing.map((name) => settingName(LDAP_SETTINGS[name])).join(", ")}`);

  const schemaName = settings.ldapSchema?.value ?? "inetOrgPerson";
  const base = LDAP_USER_SCHEMAS[schemaName];
  if (!base) problems.push(`${settings.ldapSchema?.from} must be one of ${Object.keys(LDAP_USER_SCHEMAS).join(", ")}; got ${JSON.stringify(schemaName)}`);
  const schema = base && settings.ldapUserFilter ? { ...base, userFilter: settings.ldapUserFilter.value } : (base ?? LDAP_USER_SCHEMAS.inetOrgPerson as LdapUserSchema);

  const caCertificates: string[] = [];
  if (settings.ldapCaCertPath) {
    try {
      caCertificates.push(readFile(settings.ldapCaCertPath.value));
    } catch (error) {
      problems.push(`${settings.ldapCaCertPath.from}: cannot read ${JSON.stringify(settings.ldapCaCertPath.value)}: ${(error as Error).message}`);
    }
  }
  if (settings.ldapCaCert) caCertificates.push(settings.ldapCaCert.value);

  const startTls = settings.ldapStartTls === undefined ? undefined : booleanSetting(settings.ldapStartTls, true, problems);
  const timeoutSeconds = integerSetting(settings.ldapTimeoutSeconds, 30, 1, 600, problems);
  const pageSize = integerSetting(settings.ldapPageSize, 500, 1, 1000, problems);
  const connection: LdapConnectionOptions = {
    url: settings.ldapUrl?.value ?? "",
    ...(startTls !== undefined ? { startTls } : {}),
    ...(caCertificates.length > 0 ? { caCertificates } : {}),
    bindDn: settings.ldapBindDn?.value ?? "",
    bindPassword: settings.ldapBindPassword?.value ?? "",
    timeoutMs: timeoutSeconds * 1000,
  };
  const baseDn = settings.ldapBaseDn?.value ?? "";
  if (missing.length === 0) {
    for (const problem of validateLdapOptions(connection, { baseDn, filters: [schema.userFilter], attributes: [schema.idAttribute], pageSize })) {
      const option = /^(\w+) /.exec(problem)?.[1];
      const setting = option === undefined ? undefined : settings[OPTION_SETTING[option] as LdapSettingName];
      problems.push(setting ? `${setting.from}: ${problem}` : problem.includes("is not an RFC 4515") && settings.ldapUserFilter ? `${settings.ldapUserFilter.from}: ${problem}` : problem);
    }
  }
  if (problems.length > 0) throw new ConfigurationError("the LDAP directory settings cannot work", problems);
  return { connection, baseDn, schema, pageSize };
}
