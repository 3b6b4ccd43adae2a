// Settings of a backend read from stack config (`ucflow:*`) first and the environment second,
// never from resource inputs (those are stored in state). Secret values are registered with
// redaction as they are read, so they are masked in every log line and error from then on.
import { registerSecret } from "./redaction";

/** Where one setting comes from: its stack config key and its environment variable. */
export interface SettingSource {
  readonly configKey: string | undefined;
  readonly env: string | undefined;
  readonly secret: boolean;
}

/** A setting's value and where it came from ("ucflow:ldapUrl" or "UCFLOW_LDAP_URL"), for messages. */
export interface SettingValue {
  readonly value: string;
  readonly from: string;
}

/** Reads a key of the `ucflow` config namespace by its short name ("ldapUrl"). */
export type SettingLookup = (name: string) => string | undefined;

/** Every setting of `table` that is set (empty counts as unset), config before environment. */
export function readSettingTable<K extends string>(
  table: Readonly<Record<K, SettingSource>>,
  config: SettingLookup,
  env: Readonly<Record<string, string | undefined>> = process.env,
): { readonly [P in K]?: SettingValue } {
  const settings: { [P in K]?: SettingValue } = {};
  for (const [name, source] of Object.entries(table) as [K, SettingSource][]) {
    const fromConfig = source.configKey === undefined ? undefined : config(source.configKey.replace(/^ucflow:/, ""))?.trim();
    const fromEnv = source.env === undefined ? undefined : env[source.env]?.trim();
    const setting = fromConfig ? { value: fromConfig, from: source.configKey as string } : fromEnv ? { value: fromEnv, from: source.env as string } : undefined;
    if (setting === undefined) continue;
    if (source.secret) registerSecret(setting.value);
    settings[name] = setting;
  }
  return settings;
}

/** "ucflow:ldapUrl (or UCFLOW_LDAP_URL)": how a message names a setting to set. */
export function settingName(source: SettingSource): string {
  return [source.configKey, source.env].filter((s) => s !== undefined).join(" (or ") + (source.configKey && source.env ? ")" : "");
}

/** A whole number within bounds, or a problem naming the setting; `fallback` when unset. */
export function integerSetting(setting: SettingValue | undefined, fallback: number, min: number, max: number, problems: string[]): number {
  if (setting === undefined) return fallback;
  const value = Number(setting.value);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${setting.from} must be a whole number from ${min} to ${max}; got ${JSON.stringify(setting.value)}`);
    return fallback;
  }
  return value;
}

/** true/false (also yes/no, on/off, 1/0), or a problem naming the setting; `fallback` when unset. */
export function booleanSetting(setting: SettingValue | undefined, fallback: boolean, problems: string[]): boolean {
  if (setting === undefined) return fallback;
  if (/^(true|yes|on|1)$/i.test(setting.value)) return true;
  if (/^(false|no|off|0)$/i.test(setting.value)) return false;
  problems.push(`${setting.from} must be true or false; got ${JSON.stringify(setting.value)}`);
  return fallback;
}
