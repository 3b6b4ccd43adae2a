import { expect } from "chai";
import type * as tls from "node:tls";
import { BusyError, InvalidCredentialsError, NoSuchObjectError, type ClientOptions, type SearchOptions } from "ldapts";
import { searchDirectory, type LdapConnectionOptions, type LdapSearch, type LdapSession } from "../../../../provider/backends/ldap/client";
import type { LdapEntry } from "../../../../provider/backends/ldap/schema";
import { ConfigurationError, isTransportError, isUcflowError, type UcflowError } from "../../../../provider/core/errors";
import { RetryPolicy } from "../../../../provider/core/retry";
import { FakeClock } from "../../core/fake-clock";
import { CaptureLogger, rejectionOf } from "../replay";

const PASSWORD = "ldap-bind-password-77f1";
const CONNECTION: LdapConnectionOptions = { url: "ldap://ldap.example.com:389", bindDn: "cn=ucflow-sync,dc=example,dc=com", bindPassword: PASSWORD };
const SEARCH: LdapSearch = { baseDn: "ou=People,dc=example,dc=com", filters: ["(objectClass=inetOrgPerson)", "(l=Dallas)"], attributes: ["entryUUID", "uid"], pageSize: 2 };

/** A scripted ldapts session: records calls, fails the steps it is told to, pages the entries it holds. */
class FakeSession implements LdapSession {
  readonly calls: string[] = [];
  startTlsOptions: tls.ConnectionOptions | undefined;
  searchOptions: SearchOptions | undefined;
  constructor(
    private readonly entries: LdapEntry[],
    private readonly failures: Partial<Record<"startTLS" | "bind" | "search", unknown>> = {},
  ) {}
  async startTLS(options: tls.ConnectionOptions): Promise<void> {
    this.calls.push("startTLS");
    this.startTlsOptions = options;
    if (this.failures.startTLS) throw this.failures.startTLS;
  }
  async bind(dn: string): Promise<void> {
    this.calls.push(`bind ${dn}`);
    if (this.failures.bind) throw this.failures.bind;
  }
  async *searchPaginated(base: string, options: SearchOptions): AsyncIterable<{ searchEntries: readonly LdapEntry[] }> {
    this.calls.push(`search ${base}`);
    this.searchOptions = options;
    const size = (options.paged as { pageSize: number }).pageSize;
    for (let i = 0; i < this.entries.length; i += size) {
      if (this.failures.search && i > 0) throw this.failures.search;
      yield { searchEntries: this.entries.slice(i, i + size) };
    }
  }
  async unbind(): Promise<void> {
    this.calls.push("unbind");
  }
}

const entries = (n: number): LdapEntry[] => Array.from({ length: n }, (_, i) => ({ dn: `uid=u${i},ou=People,dc=example,dc=com`, uid: `u${i}` }));

function harness(sessions: FakeSession[]) {
  const created: ClientOptions[] = [];
  const clock = new FakeClock();
  const logger = new CaptureLogger();
  const read = {
    clock,
    logger,
    random: () => 0.5,
    retry: new RetryPolicy({ maxAttempts: 3, baseDelayMs: 100 }),
    createClient: (options: ClientOptions) => {
      created.push(options);
      const next = sessions.shift();
      if (!next) throw new Error("no session left");
      return next;
    },
  };
  return { created, clock, logger, read };
}

describe("ldap directory client", () => {
  it("upgrades ldap:// with StartTLS checking the server's name, binds, then pages through every entry", async () => {
    const session = new FakeSession(entries(5));
    const { created, read } = harness([session]);
    const result = await searchDirectory(CONNECTION, SEARCH, read);
    expect(result.map((e) => e.uid)).to.deep.equal(["u0", "u1", "u2", "u3", "u4"]);
    expect(session.calls).to.deep.equal(["startTLS", "bind cn=ucflow-sync,dc=example,dc=com", "search ou=People,dc=example,dc=com", "unbind"]);
    expect(session.startTlsOptions).to.deep.equal({ host: "ldap.example.com", servername: "ldap.example.com", rejectUnauthorized: true });
    expect(created[0]).to.deep.equal({ url: "ldap://ldap.example.com:389", timeout: 30_000, connectTimeout: 10_000 });
    expect(session.searchOptions).to.deep.include({ scope: "sub", attributes: ["entryUUID", "uid"], explicitBufferAttributes: [], paged: { pageSize: 2 } });
    expect(String(session.searchOptions?.filter)).to.equal("(&(objectclass=inetOrgPerson)(l=Dallas))".replace("objectclass", "objectClass"));
  });

  it("uses ldaps:// as is, with the extra CAs added to Node's, never replacing verification", async () => {
    const session = new FakeSession([]);
    const { created, read } = harness([session]);
    const ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    await searchDirectory({ ...CONNECTION, url: "ldaps://10.0.0.5:636", caCertificates: [ca] }, SEARCH, read);
    expect(session.calls[0]).to.equal("bind cn=ucflow-sync,dc=example,dc=com");
    const tlsOptions = created[0]?.tlsOptions as tls.ConnectionOptions;
    expect(tlsOptions).to.include({ host: "10.0.0.5", rejectUnauthorized: true });
    expect(tlsOptions).not.to.have.property("servername");
    expect((tlsOptions.ca as string[]).at(-1)).to.equal(ca);
    expect((tlsOptions.ca as string[]).length).to.be.greaterThan(100);
  });

  it("refuses options that cannot work before connecting, listing every problem", async () => {
    const { read } = harness([]);
    const error = await rejectionOf<ConfigurationError>(searchDirectory(
      { url: "ldap://ldap.example.com/dc=example", bindDn: "", bindPassword: "", startTls: false },
      { baseDn: "", filters: ["(l=Dallas"], attributes: [], pageSize: 5000 },
      read,
    ));
    expect(error).to.be.instanceOf(ConfigurationError);
    expect(error.problems).to.deep.equal([
      'url must be only scheme, host and port (put the base DN in ldapBaseDn, credentials in ldapBindDn and ldapBindPassword); got "ldap://ldap.example.com/dc=example"',
      "bindDn is empty; give the DN (or, on Active Directory, the UPN) of the account ucflow reads the directory as",
      "bindPassword is empty; an empty password is an anonymous bind, which ucflow does not do",
      "baseDn is empty; give the DN to search under, e.g. ou=People,dc=example,dc=com",
      "pageSize must be an integer from 1 to 1000 (Active Directory's MaxPageSize); got 5000",
      "attributes is empty; name the attributes to read",
      '"(l=Dallas" is not an RFC 4515 LDAP filter: at position 9, expected ")" but found the end',
    ]);
  });

  it("sends a password in clear text only to a loopback address", async () => {
    const error = await rejectionOf<ConfigurationError>(searchDirectory({ ...CONNECTION, startTls: false }, SEARCH, harness([]).read));
    expect(error.problems[0]).to.match(/^startTls is off for ldap\.example\.com:389: the bind password would cross the network in clear text/);
    const session = new FakeSession([]);
    await searchDirectory({ ...CONNECTION, url: "ldap://127.0.0.1:3890", startTls: false }, SEARCH, harness([session]).read);
    expect(session.calls[0]).to.match(/^bind /);
  });

  it("reads again from the start after a dropped connection or a busy server, within the retry policy", async () => {
    const dropped = new FakeSession(entries(4), { search: new Error("Connection closed before message response was received. Message type: SearchRequest (0x63)") });
    const busy = new FakeSession([], { bind: new BusyError("server busy") });
    const ok = new FakeSession(entries(4));
    const { read, clock } = harness([dropped, busy, ok]);
    const result = await searchDirectory(CONNECTION, SEARCH, read);
    expect(result).to.have.length(4);
    expect(clock.sleeps).to.deep.equal([75, 150]);
    expect([dropped.calls.at(-1), busy.calls.at(-1)]).to.deep.equal(["unbind", "unbind"]);
  });

  it("gives up after the policy's attempts with the last error, typed and in context", async () => {
    const sessions = [1, 2, 3].map(() => new FakeSession([], { bind: Object.assign(new Error("connect ECONNREFUSED 10.0.0.9:389"), { code: "ECONNREFUSED" }) }));
    const { read } = harness(sessions);
    const error = await rejectionOf<UcflowError>(searchDirectory(CONNECTION, SEARCH, read));
    expect(isTransportError(error)).to.equal(true);
    expect(error.message).to.equal("ldap: binding to ldap://ldap.example.com:389 as cn=ucflow-sync,dc=example,dc=com: ECONNREFUSED: could not connect: connect ECONNREFUSED 10.0.0.9:389");
    expect(error.retryable).to.equal(true);
  });

  it("does not retry a wrong password, and names the settings to check, never the password", async () => {
    const session = new FakeSession([], { bind: new InvalidCredentialsError(`Invalid Credentials ${PASSWORD}`) });
    const { read, clock, logger } = harness([session]);
    const error = await rejectionOf<UcflowError>(searchDirectory(CONNECTION, SEARCH, read));
    expect(isUcflowError(error)).to.equal(true);
    expect([error.backend, error.operation, error.code, error.retryable]).to.deep.equal(["ldap", "binding to", "InvalidCredentials", false]);
    expect(error.message).to.include("(result code 49); the bind DN or password is wrong (ucflow:ldapBindDn, ucflow:ldapBindPassword)");
    expect(error.message).not.to.include(PASSWORD);
    expect(clock.sleeps).to.deep.equal([]);
    expect(logger.lines.join("\n")).not.to.include(PASSWORD);
  });

  it("explains a missing base DN and a TLS failure", async () => {
    const noBase = await rejectionOf<UcflowError>(searchDirectory(CONNECTION, SEARCH, harness([new FakeSession(entries(3), { search: new NoSuchObjectError("No Such Object") })]).read));
    expect(noBase.message).to.equal("ldap: searching ou=People,dc=example,dc=com on ldap://ldap.example.com:389: NoSuchObject: No Such Object (result code 32); the base DN does not exist on this server; check ucflow:ldapBaseDn");
    const untrusted = await rejectionOf<UcflowError>(searchDirectory(CONNECTION, SEARCH, harness([new FakeSession([], { startTLS: Object.assign(new Error("self-signed certificate in certificate chain"), { code: "SELF_SIGNED_CERT_IN_CHAIN" }) })]).read));
    expect(isTransportError(untrusted)).to.equal(true);
    expect([untrusted.operation, untrusted.code, untrusted.retryable]).to.deep.equal(["starting TLS with", "SELF_SIGNED_CERT_IN_CHAIN", false]);
    expect(untrusted.message).to.include("set ucflow:ldapCaCertPath");
  });

  it("stops a read that returns more entries than maxEntries", async () => {
    const error = await rejectionOf<UcflowError>(searchDirectory(CONNECTION, { ...SEARCH, maxEntries: 3 }, harness([new FakeSession(entries(6))]).read));
    expect([error.code, error.retryable]).to.deep.equal(["TooManyEntries", false]);
  });
});
