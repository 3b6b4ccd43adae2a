// Unity Connection settings, from stack config (`ucflow:cupi*`) or the environment
// (UCFLOW_CUPI_*), never from resource inputs.
import { ConfigurationError } from "../../core/errors";
import { integerSetting, readSettingTable, type SettingLookup, settingName, type SettingSource, type SettingValue } from "../../core/settings";
import { CupiClient, type CupiClientOptions } from "./client";

export const CUPI_SETTINGS = {
  /** The server's root URL, e.g. https://cuc1.example.com/ (a host name alone means https on 443). */
  cupiBaseUrl: { configKey: "ucflow:cupiBaseUrl", env: "UCFLOW_CUPI_BASE_URL", secret: false },
  cupiUsername: { configKey: "ucflow:cupiUsername", env: "UCFLOW_CUPI_USERNAME", secret: false },
  cupiPassword: { configKey: "ucflow:cupiPassword", env: "UCFLOW_CUPI_PASSWORD", secret: true },
  cupiMaxInFlight: { configKey: "ucflow:cupiMaxInFlight", env: "UCFLOW_CUPI_MAX_IN_FLIGHT", secret: false },
} as const satisfies Readonly<Record<string, SettingSource>>;

export type CupiSettingName = keyof typeof CUPI_SETTINGS;
export type CupiSettings = { readonly [K in CupiSettingName]?: SettingValue };

/** Settings from stack config, else the environment; the password is registered for redaction. */
export function readCupiSettings(config: SettingLookup, env: Readonly<Record<string, string | undefined>> = process.env): CupiSettings {
  return readSettingTable(CUPI_SETTINGS, config, env);
}

/** The client the settings describe, or one ConfigurationError naming every missing or invalid setting. */
export function cupiClientFromSettings(settings: CupiSettings, options: Omit<CupiClientOptions, "baseUrl" | "username" | "password" | "maxInFlight"> = {}): CupiClient {
  const problems: string[] = [];
  const missing = (["cupiBaseUrl", "cupiUsername", "cupiPassword"] as const).filter((name) => settings[name] === undefined);
  if (missing.length > 0) problems.push(`set ${missing.map((name) => settingName(CUPI_SETTINGS[name])).join(", ")}`);
  const maxInFlight = integerSetting(settings.cupiMaxInFlight, 4, 1, 32, problems);
  if (problems.length > 0) throw new ConfigurationError("the Unity Connection settings cannot work", problems);
  const base = (settings.cupiBaseUrl as SettingValue).value;
  const baseUrl = /^[a-z]+:\/\//i.test(base) ? base : `https://${base}/`;
  try {
    return new CupiClient({ ...options, baseUrl, username: (settings.cupiUsername as SettingValue).value, password: (settings.cupiPassword as SettingValue).value, maxInFlight });
  } catch (error) {
    if (error instanceof ConfigurationError) {
      const named = error.problems.map((p) => (p.startsWith("baseUrl") ? `${settings.cupiBaseUrl?.from}: ${p}` : p.startsWith("username") ? `${settings.cupiUsername?.from}: ${p}` : p));
      throw new ConfigurationError("the Unity Connection settings cannot work", named);
    }
    throw error;
  }
}
