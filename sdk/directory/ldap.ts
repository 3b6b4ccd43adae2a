// The LDAP directory source: the program reads the directory when it runs, at preview and at up
// alike, so the flow-through plan reflects who is in the directory now. Connection settings and
// the bind password come from stack config (`ucflow:ldap*`) or the environment (UCFLOW_LDAP_*),
// as for the providers; nothing read here becomes a resource input except the plan's results.
import * as pulumi from "@pulumi/pulumi";
import { searchDirectory, type LdapConnectionOptions, type LdapReadOptions } from "../../provider/backends/ldap/client";
import { filterAttributeMap, INET_ORG_PERSON_SCHEMA, requestedAttributes, binaryAttributes, userFromEntry, type LdapUser, type LdapUserSchema } from "../../provider/backends/ldap/schema";
import { ldapDirectoryFromSettings, readLdapSettings } from "../../provider/backends/ldap/settings";
import { UcflowError } from "../../provider/core/errors";
import { compareIds } from "../../provider/plan/identifiers";
import { compileFilter, type DirectoryUser, type FilterCriteria } from "../../provider/plan/filter";
import { compileToLdap } from "../../provider/plan/ldap-filter";

export interface LdapDirectoryOptions {
  /**
   * Model filter rows, macros resolved: compiled to an LDAP filter that narrows the search
   * (compileToLdap), and applied to what comes back, so exactly the users they match are
   * returned. @default - every user
   */
  readonly criteria?: FilterCriteria;
  /** An RFC 4515 filter ANDed into the search, e.g. `(employeeType=Employee)`. @default - none */
  readonly ldapFilter?: string;
  /** Where to search; required with `connection`. @default - ucflow:ldapBaseDn (UCFLOW_LDAP_BASE_DN) */
  readonly baseDn?: string;
  /** Id attribute, user filter and attribute mapping. @default - per ucflow:ldapSchema, else INET_ORG_PERSON_SCHEMA */
  readonly schema?: LdapUserSchema;
  /** How to connect, instead of the ucflow:ldap* settings (none are read then). @default - from the settings */
  readonly connection?: LdapConnectionOptions;
  /** Entries per page. @default - ucflow:ldapPageSize, else 500 */
  readonly pageSize?: number;
  /** Where settings come from: a pulumi.Config("ucflow") or anything with get(). @default - new pulumi.Config("ucflow") */
  readonly config?: { get(key: string): string | undefined };
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Retries, logging, clock (tests). */
  readonly read?: LdapReadOptions;
}

/** The search readLdapDirectory sends: for previews and for checking a filter before running it. */
export interface LdapSearchPlan {
  /** The RFC 4515 filters ANDed into the search: the user filter, ldapFilter, the compiled criteria. */
  readonly filters: readonly string[];
  readonly attributes: readonly string[];
  /** Criteria rows evaluated only on what comes back, each with the reason. */
  readonly localOnly: readonly string[];
}

/** The filters and attributes a read with these criteria sends (pure; throws a PlanError for invalid rows). */
export function planLdapSearch(schema: LdapUserSchema, criteria?: FilterCriteria, ldapFilter?: string): LdapSearchPlan {
  const compiled = criteria === undefined ? undefined : compileToLdap(criteria, filterAttributeMap(schema));
  const filters = [schema.userFilter, ...(ldapFilter !== undefined ? [ldapFilter] : []), ...(compiled?.filter !== undefined ? [compiled.filter] : [])];
  return { filters, attributes: requestedAttributes(schema), localOnly: compiled?.localOnly ?? [] };
}

/**
 * Reads the directory's users, keyed by their immutable id (entryUUID or objectGUID, never the
 * DN), sorted by id, with attributes named as the schema maps them (`city`, `department`, ...).
 * Throws a ConfigurationError for missing or invalid settings before connecting, a PlanError for
 * invalid criteria, and a UcflowError with backend "ldap" for what the server says.
 */
export async function readLdapDirectory(options: LdapDirectoryOptions = {}): Promise<DirectoryUser[]> {
  // With a connection in code, nothing comes from settings; otherwise the settings say it all
  // and the options override where to search and how entries map.
  const settings = options.connection ? undefined : ldapSettings(options);
  const schema = options.schema ?? settings?.schema ?? INET_ORG_PERSON_SCHEMA;
  const connection = options.connection ?? (settings as NonNullable<typeof settings>).connection;
  const baseDn = options.baseDn ?? settings?.baseDn ?? "";
  const plan = planLdapSearch(schema, options.criteria, options.ldapFilter);
  const entries = await searchDirectory(connection, {
    baseDn,
    filters: plan.filters,
    attributes: plan.attributes,
    binaryAttributes: binaryAttributes(schema),
    pageSize: options.pageSize ?? settings?.pageSize ?? 500,
  }, options.read);

  const users: LdapUser[] = [];
  const problems: string[] = [];
  for (const entry of entries) {
    const user = userFromEntry(entry, schema);
    if ("problem" in user) problems.push(`${user.dn} ${user.problem}`);
    else users.push(user);
  }
  const seen = new Map<string, string>();
  for (const user of users) {
    const other = seen.get(user.id);
    if (other !== undefined) problems.push(`${user.dn} and ${other} have the same ${schema.idAttribute} ${user.id}`);
    seen.set(user.id, user.dn);
  }
  if (problems.length > 0) {
    throw new UcflowError({ backend: "ldap", operation: "reading users under", object: baseDn }, {
      code: "UnusableEntries",
      detail: `${problems.length} entries cannot be users: ${problems.slice(0, 5).join("; ")}${problems.length > 5 ? `; and ${problems.length - 5} more` : ""}; exclude them with the user filter (ucflow:ldapUserFilter) or fix them`,
      retryable: false,
    });
  }
  const directoryUsers = users.map((u): DirectoryUser => ({ id: u.id, attributes: u.attributes }));
  directoryUsers.sort((a, b) => compareIds(a.id, b.id));
  if (options.criteria === undefined) return directoryUsers;
  const matches = compileFilter(options.criteria);
  return directoryUsers.filter(matches);
}

/** The attributes the directory's users carry as the schema maps them (`city`, `department`, ...): the names a filter row may test. */
export function ldapDirectoryAttributes(options: Pick<LdapDirectoryOptions, "config" | "env" | "schema" | "connection"> = {}): string[] {
  const schema = options.schema ?? (options.connection ? undefined : ldapSettings(options).schema) ?? INET_ORG_PERSON_SCHEMA;
  return Object.keys(schema.attributes);
}

function ldapSettings(options: LdapDirectoryOptions) {
  const config = options.config ?? new pulumi.Config("ucflow");
  return ldapDirectoryFromSettings(readLdapSettings((name) => config.get(name), options.env ?? process.env));
}
