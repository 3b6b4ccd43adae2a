// Structured stack config values that hold one entry per named server: `ucflow:clusters`
// (Unified CM), `ucflow:unityConnections` (Unity Connection). Pulumi config keys have one
// colon, so `ucflow:cucm:<name>:host` cannot exist; one structured value keeps each server's
// settings together and Pulumi encrypts its secret leaves (`pulumi config set --secret --path
// 'ucflow:clusters.<name>.password'`). Every problem is collected, each naming its setting path;
// secret values are never repeated.
import * as fs from "node:fs";
import { ConfigurationError } from "./errors";
import { registerSecret } from "./redaction";

/** Names without the `ucflow:` namespace, as provider `configure` lookups give them. */
export type ConfigLookup = (name: string) => string | undefined;

/** Reads a file (tests pass their own). */
export type FileReader = (path: string) => string;

export const readTextFile: FileReader = (path) => fs.readFileSync(path, "utf8");

const ENTRY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** What a map is for messages: its config name ("clusters"), its entries ("cluster"), an example. */
export interface SettingsMapKind {
  /** The name under `ucflow:`, e.g. "clusters". */
  readonly name: string;
  /** One entry, e.g. "cluster", "Unity Connection server". */
  readonly entry: string;
  /** An example value for the "not JSON" message. */
  readonly example: string;
  /** The keys an entry may have. */
  readonly keys: readonly string[];
}

/** The environment variable that may hold an entry's password: UCFLOW_<PREFIX>_<NAME>_PASSWORD, name upper-cased, other characters as "_". */
export function passwordVariableFor(prefix: string, name: string): string {
  return `UCFLOW_${prefix}_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_PASSWORD`;
}

/** One entry being read: typed values by key, each problem recorded with the entry's path. */
export class SettingsEntry {
  constructor(
    readonly kind: SettingsMapKind,
    readonly name: string,
    private readonly value: Readonly<Record<string, unknown>>,
    readonly problems: string[],
    private readonly readFile: FileReader,
  ) {
    for (const key of Object.keys(value)) if (!kind.keys.includes(key)) problems.push(`${this.at(key)} is not a ${kind.entry} setting; allowed: ${kind.keys.join(", ")}`);
  }

  /** `ucflow:<map>.<name>.<key>`. */
  at(key: string): string {
    return `ucflow:${this.kind.name}.${this.name}.${key}`;
  }

  /** Text (numbers too, except for secrets); undefined when unset or empty. */
  text(key: string, options: { readonly secret?: boolean } = {}): string | undefined {
    const item = this.value[key];
    if (item === undefined || item === null || item === "") return undefined;
    if (typeof item === "string") {
      if (options.secret) registerSecret(item);
      return item;
    }
    if (typeof item === "number" && !options.secret) return String(item);
    this.problems.push(`${this.at(key)} must be text${options.secret ? "" : `; got ${JSON.stringify(item)}`}`);
    return undefined;
  }

  /** A whole number within bounds; undefined when unset. */
  integer(key: string, min: number, max: number): number | undefined {
    const raw = this.text(key);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problems.push(`${this.at(key)} must be a whole number from ${min} to ${max}; got ${JSON.stringify(raw)}`);
      return undefined;
    }
    return n;
  }

  /** The password from config, else from `variable` in the environment; registered for redaction. */
  password(key: string, variable: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
    const password = this.text(key, { secret: true }) ?? (env[variable] || undefined);
    if (password === undefined) this.problems.push(`${this.at(key)} is required (set it with --secret), or set ${variable}`);
    registerSecret(password);
    return password;
  }

  /** PEM text from `caKey`, or read from the file `caFileKey` names (not both). */
  pem(caKey: string, caFileKey: string): string | undefined {
    let ca = this.text(caKey);
    const caFile = this.text(caFileKey);
    if (ca !== undefined && caFile !== undefined) this.problems.push(`${this.at(caKey)} and ${this.at(caFileKey)} are both set; keep one`);
    if (ca !== undefined && !ca.includes("-----BEGIN CERTIFICATE-----")) this.problems.push(`${this.at(caKey)} must be PEM text ("-----BEGIN CERTIFICATE-----" ...); for a file use ${this.at(caFileKey)}`);
    if (caFile !== undefined && ca === undefined) {
      try {
        ca = this.readFile(caFile);
        if (!ca.includes("-----BEGIN CERTIFICATE-----")) this.problems.push(`${this.at(caFileKey)}: ${caFile} holds no PEM certificate`);
      } catch (error) {
        this.problems.push(`${this.at(caFileKey)}: cannot read ${caFile} (${(error as Error).message})`);
      }
    }
    return ca;
  }
}

/**
 * Every entry of the map `ucflow:<kind.name>` (empty when unset), each read by `entry`, which
 * returns undefined when the entry has problems. Throws one ConfigurationError listing them all.
 */
export function readSettingsMap<T>(config: ConfigLookup, kind: SettingsMapKind, entry: (reader: SettingsEntry) => T | undefined, readFile: FileReader = readTextFile): ReadonlyMap<string, T> {
  const key = `ucflow:${kind.name}`;
  const text = config(kind.name);
  const result = new Map<string, T>();
  if (text === undefined || text.trim() === "") return result;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigurationError("invalid ucflow settings", [`${key} must be an object of ${kind.entry}s, e.g. ${kind.example}; it is not JSON`]);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ConfigurationError("invalid ucflow settings", [`${key} must be an object whose keys are ${kind.entry} names; got ${Array.isArray(parsed) ? "a list" : typeof parsed}`]);
  }
  const problems: string[] = [];
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (!ENTRY_NAME.test(name)) problems.push(`${key}: ${kind.entry} name ${JSON.stringify(name)} must be 1 to 63 letters, digits, ".", "_" or "-", starting with a letter or digit`);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      problems.push(`${key}.${name} must be an object with ${kind.keys.slice(0, 3).join(", ")}, ...`);
      continue;
    }
    const before = problems.length;
    const read = entry(new SettingsEntry(kind, name, value as Record<string, unknown>, problems, readFile));
    if (read !== undefined && problems.length === before) result.set(name, read);
  }
  if (problems.length > 0) throw new ConfigurationError("invalid ucflow settings", problems);
  return result;
}
