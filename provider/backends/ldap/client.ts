// Reading a directory over LDAP with ldapts: connect (ldaps://, or ldap:// upgraded with
// StartTLS), verify the server's certificate and name, simple-bind, then one paged search
// (RFC 2696) that returns every matching entry however small the server's size limit. A
// failure part-way restarts the whole read (paging cookies die with their connection); the
// read is side-effect free, so that is safe, and it is bounded by the retry policy.
import * as tls from "node:tls";
import { Client, type ClientOptions, type Filter, type SearchOptions } from "ldapts";
import { type Clock, type RandomSource, systemClock } from "../../core/clock";
import { ConfigurationError, UcflowError } from "../../core/errors";
import { type Logger, silentLogger } from "../../core/logging";
import { redactText, registerSecret } from "../../core/redaction";
import { backoffDelay, RetryPolicy } from "../../core/retry";
import { isTransientLdapFailure, ldapError, type LdapStep } from "./errors";
import { andOf, LdapFilterSyntaxError, parseLdapFilter, toLdaptsFilter } from "./filter-syntax";
import type { LdapEntry } from "./schema";

export interface LdapConnectionOptions {
  /** `ldaps://host[:port]` or `ldap://host[:port]` (no path). */
  readonly url: string;
  /** Upgrade an ldap:// connection with StartTLS before binding. Only loopback hosts may turn it off. @default true for ldap:// */
  readonly startTls?: boolean;
  /**
   * PEM certificates of the CAs that sign the directory's certificate, trusted besides Node's
   * own (and NODE_EXTRA_CA_CERTS). Verification always stays on. @default - none extra
   */
  readonly caCertificates?: readonly string[];
  /** The account to bind as, e.g. `cn=ucflow-sync,dc=example,dc=com` or `svc-ucflow@corp.example.com`. */
  readonly bindDn: string;
  /** Its password. Never logged, never in an error message. */
  readonly bindPassword: string;
  /** Longest wait for one LDAP operation. @default 30000 (1000 to 600000) */
  readonly timeoutMs?: number;
  /** Longest wait for the TCP (and TLS) connection. @default 10000 (1000 to 120000) */
  readonly connectTimeoutMs?: number;
}

export interface LdapSearch {
  /** Where to search, e.g. `ou=People,dc=example,dc=com`. */
  readonly baseDn: string;
  /** @default "sub" */
  readonly scope?: "sub" | "one";
  /** RFC 4515 filters, ANDed. At least one, e.g. the schema's user filter. */
  readonly filters: readonly string[];
  readonly attributes: readonly string[];
  /** Attributes to return as bytes (objectGUID). @default [] */
  readonly binaryAttributes?: readonly string[];
  /** Entries per page (RFC 2696). Active Directory's MaxPageSize is 1000. @default 500 (1 to 1000) */
  readonly pageSize?: number;
  /** A read returning more entries than this fails instead of filling memory (a base DN that covers a forest). @default 200000 */
  readonly maxEntries?: number;
}

/** The part of ldapts' Client the reader uses; tests pass a fake through `createClient`. */
export interface LdapSession {
  startTLS(options: tls.ConnectionOptions): Promise<void>;
  bind(dn: string, password: string): Promise<void>;
  searchPaginated(base: string, options: SearchOptions): AsyncIterable<{ searchEntries: readonly LdapEntry[] }>;
  unbind(): Promise<void>;
}

export interface LdapReadOptions {
  /** Attempts and backoff for transient failures (connection refused or dropped, busy, unavailable). @default - new RetryPolicy({ maxAttempts: 3 }) */
  readonly retry?: RetryPolicy;
  /** @default - silent */
  readonly logger?: Logger;
  /** @default systemClock */
  readonly clock?: Clock;
  /** @default Math.random */
  readonly random?: RandomSource;
  /** @default - a real ldapts Client */
  readonly createClient?: (options: ClientOptions) => LdapSession;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "[::1]", "localhost"]);

interface CheckedConnection {
  readonly url: URL;
  readonly secure: boolean;
  readonly startTls: boolean;
  readonly tlsOptions: tls.ConnectionOptions;
  readonly clientOptions: ClientOptions;
  readonly bindDn: string;
  readonly bindPassword: string;
}

interface CheckedSearch {
  readonly baseDn: string;
  readonly scope: "sub" | "one";
  readonly filter: Filter;
  readonly attributes: string[];
  readonly binaryAttributes: string[];
  readonly pageSize: number;
  readonly maxEntries: number;
}

/** Every problem with the options, as sentences naming the option; empty when usable. */
export function validateLdapOptions(connection: LdapConnectionOptions, search: LdapSearch): string[] {
  const problems: string[] = [];
  checkConnection(connection, problems);
  checkSearch(search, problems);
  return problems;
}

/**
 * Reads every entry the search selects, paging through the server's size limit. Throws a
 * ConfigurationError (before connecting) for options that cannot work, and a UcflowError with
 * backend "ldap" for what the server says.
 */
export async function searchDirectory(connection: LdapConnectionOptions, search: LdapSearch, options: LdapReadOptions = {}): Promise<LdapEntry[]> {
  const problems: string[] = [];
  const checkedConnection = checkConnection(connection, problems);
  const checkedSearch = checkSearch(search, problems);
  if (problems.length > 0 || !checkedConnection || !checkedSearch) throw new ConfigurationError("the LDAP directory options cannot work", problems);
  registerSecret(connection.bindPassword);

  const policy = options.retry ?? new RetryPolicy({ maxAttempts: 3 });
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const logger = options.logger ?? silentLogger;
  const createClient = options.createClient ?? ((o: ClientOptions) => new Client(o) as unknown as LdapSession);
  let waitedMs = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await readOnce(checkedConnection, checkedSearch, createClient);
    } catch (error) {
      const retryable = isTransientLdapFailure(error);
      const delayMs = backoffDelay(attempt, policy, random);
      if (!retryable || attempt >= policy.maxAttempts || waitedMs + delayMs > policy.maxTotalWaitMs) throw error;
      logger.debug(redactText(`ldap: reading ${checkedConnection.clientOptions.url} failed (${(error as Error).message}); attempt ${attempt + 1} of ${policy.maxAttempts} after ${delayMs} ms`));
      await clock.sleep(delayMs);
      waitedMs += delayMs;
    }
  }
}

async function readOnce(connection: CheckedConnection, search: CheckedSearch, createClient: (options: ClientOptions) => LdapSession): Promise<LdapEntry[]> {
  const target = connection.clientOptions.url;
  const client = createClient(connection.clientOptions);
  const step = async <T>(name: LdapStep, object: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw ldapError(name, object, error);
    }
  };
  try {
    // A copy: ldapts puts the plain socket into the options it is given.
    if (connection.startTls) await step("starting TLS with", target, () => client.startTLS({ ...connection.tlsOptions }));
    await step("binding to", `${target} as ${connection.bindDn}`, () => client.bind(connection.bindDn, connection.bindPassword));
    const entries: LdapEntry[] = [];
    await step("searching", `${search.baseDn} on ${target}`, async () => {
      const pages = client.searchPaginated(search.baseDn, {
        scope: search.scope,
        filter: search.filter,
        attributes: search.attributes,
        explicitBufferAttributes: search.binaryAttributes,
        paged: { pageSize: search.pageSize },
      });
      for await (const page of pages) {
        entries.push(...page.searchEntries);
        if (entries.length > search.maxEntries) {
          throw new UcflowError({ backend: "ldap", operation: "searching", object: `${search.baseDn} on ${target}` }, {
            code: "TooManyEntries",
            detail: `the search returned more than ${search.maxEntries} entries; narrow the base DN or the user filter (ucflow:ldapBaseDn, ucflow:ldapUserFilter)`,
            retryable: false,
          });
        }
      }
    });
    return entries;
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

function checkConnection(connection: LdapConnectionOptions, problems: string[]): CheckedConnection | undefined {
  let url: URL | undefined;
  try {
    url = new URL(connection.url);
  } catch {
    problems.push(`url must be ldaps://host[:port] or ldap://host[:port]; got ${JSON.stringify(connection.url)}`);
  }
  if (url && url.protocol !== "ldap:" && url.protocol !== "ldaps:") {
    problems.push(`url must use ldaps:// or ldap:// (with StartTLS); got ${JSON.stringify(connection.url)}`);
    url = undefined;
  }
  if (url && ((url.pathname !== "" && url.pathname !== "/") || url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "")) {
    problems.push(`url must be only scheme, host and port (put the base DN in ldapBaseDn, credentials in ldapBindDn and ldapBindPassword); got ${JSON.stringify(redactText(connection.url))}`);
    url = undefined;
  }
  const secure = url?.protocol === "ldaps:";
  const startTls = connection.startTls ?? !secure;
  if (url && secure && connection.startTls === true) problems.push("startTls applies to ldap:// URLs; an ldaps:// connection is TLS from the start, so drop startTls");
  if (url && !secure && !startTls && !LOOPBACK.has(url.hostname)) {
    problems.push(`startTls is off for ${url.host}: the bind password would cross the network in clear text; use ldaps:// or StartTLS (plain ldap:// is allowed only to a loopback address, such as the lab's)`);
  }
  if (typeof connection.bindDn !== "string" || connection.bindDn.trim() === "") problems.push("bindDn is empty; give the DN (or, on Active Directory, the UPN) of the account ucflow reads the directory as");
  if (typeof connection.bindPassword !== "string" || connection.bindPassword === "") problems.push("bindPassword is empty; an empty password is an anonymous bind, which ucflow does not do");
  const timeoutMs = connection.timeoutMs ?? 30_000;
  const connectTimeoutMs = connection.connectTimeoutMs ?? 10_000;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1000 || timeoutMs > 600_000) problems.push(`timeoutMs must be an integer from 1000 to 600000; got ${timeoutMs}`);
  if (!Number.isInteger(connectTimeoutMs) || connectTimeoutMs < 1000 || connectTimeoutMs > 120_000) problems.push(`connectTimeoutMs must be an integer from 1000 to 120000; got ${connectTimeoutMs}`);
  const extraCas = connection.caCertificates ?? [];
  extraCas.forEach((pem, i) => {
    if (typeof pem !== "string" || !pem.includes("-----BEGIN CERTIFICATE-----")) problems.push(`caCertificates[${i}] is not a PEM certificate (-----BEGIN CERTIFICATE-----)`);
  });
  if (!url) return undefined;
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  // Verification stays on: Node's trust store plus the given CAs, and the host name checked
  // against the certificate, also after StartTLS (where tls.connect would otherwise check "localhost").
  const ca = extraCas.length > 0 ? [...defaultCertificates(), ...extraCas] : undefined;
  const tlsOptions: tls.ConnectionOptions = {
    host: hostname,
    ...(isIpAddress(hostname) ? {} : { servername: hostname }),
    rejectUnauthorized: true,
    ...(ca ? { ca } : {}),
  };
  return {
    url,
    secure,
    startTls: !secure && startTls,
    tlsOptions,
    clientOptions: { url: `${url.protocol}//${url.host}`, timeout: timeoutMs, connectTimeout: connectTimeoutMs, ...(secure ? { tlsOptions } : {}) },
    bindDn: connection.bindDn,
    bindPassword: connection.bindPassword,
  };
}

function checkSearch(search: LdapSearch, problems: string[]): CheckedSearch | undefined {
  if (typeof search.baseDn !== "string" || search.baseDn.trim() === "") problems.push("baseDn is empty; give the DN to search under, e.g. ou=People,dc=example,dc=com");
  const pageSize = search.pageSize ?? 500;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) problems.push(`pageSize must be an integer from 1 to 1000 (Active Directory's MaxPageSize); got ${pageSize}`);
  const maxEntries = search.maxEntries ?? 200_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) problems.push(`maxEntries must be a positive integer; got ${maxEntries}`);
  if (search.attributes.length === 0) problems.push("attributes is empty; name the attributes to read");
  if (search.filters.length === 0) problems.push("filters is empty; give at least the user filter, e.g. (objectClass=inetOrgPerson)");
  const nodes = search.filters.map((text) => {
    try {
      return parseLdapFilter(text);
    } catch (error) {
      if (error instanceof LdapFilterSyntaxError) problems.push(error.message);
      else throw error;
      return undefined;
    }
  });
  if (problems.length > 0 || nodes.some((n) => n === undefined)) return undefined;
  return {
    baseDn: search.baseDn,
    scope: search.scope ?? "sub",
    filter: toLdaptsFilter(andOf(nodes as NonNullable<(typeof nodes)[number]>[])),
    attributes: [...search.attributes],
    binaryAttributes: [...(search.binaryAttributes ?? [])],
    pageSize,
    maxEntries,
  };
}

function defaultCertificates(): string[] {
  // Node 22.15+/23.10+: the bundled roots, the system store if enabled, and NODE_EXTRA_CA_CERTS.
  const get = (tls as unknown as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  return get ? get("default") : [...tls.rootCertificates];
}

function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(":");
}
