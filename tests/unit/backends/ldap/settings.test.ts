import { expect } from "chai";
import { ACTIVE_DIRECTORY_SCHEMA } from "../../../../provider/backends/ldap/schema";
import { ldapDirectoryFromSettings, readLdapSettings } from "../../../../provider/backends/ldap/settings";
import { ConfigurationError } from "../../../../provider/core/errors";
import { redactText } from "../../../../provider/core/redaction";

const noConfig = () => undefined;

describe("ldap settings", () => {
  it("reads stack config before the environment and registers the password for redaction", () => {
    const config = (name: string) => ({ ldapUrl: "ldaps://dc1.corp.example.com", ldapSchema: "activeDirectory" })[name];
    const settings = readLdapSettings(config, {
      UCFLOW_LDAP_URL: "ldap://ignored",
      UCFLOW_LDAP_BIND_DN: "svc-ucflow@corp.example.com",
      UCFLOW_LDAP_BIND_PASSWORD: "Corp-Bind-Secret-19",
      UCFLOW_LDAP_BASE_DN: "OU=Users,DC=corp,DC=example,DC=com",
      UCFLOW_LDAP_PAGE_SIZE: "1000",
    });
    expect(settings.ldapUrl).to.deep.equal({ value: "ldaps://dc1.corp.example.com", from: "ucflow:ldapUrl" });
    expect(redactText("bind with Corp-Bind-Secret-19")).to.equal("bind with REDACTED");
    const directory = ldapDirectoryFromSettings(settings);
    expect(directory.schema).to.equal(ACTIVE_DIRECTORY_SCHEMA);
    expect(directory).to.deep.include({ baseDn: "OU=Users,DC=corp,DC=example,DC=com", pageSize: 1000 });
    expect(directory.connection).to.deep.equal({ url: "ldaps://dc1.corp.example.com", bindDn: "svc-ucflow@corp.example.com", bindPassword: "Corp-Bind-Secret-19", timeoutMs: 30_000 });
  });

  it("names every missing setting with its environment fallback", () => {
    expect(() => ldapDirectoryFromSettings(readLdapSettings(noConfig, {}))).to.throw(ConfigurationError,
      "set ucflow:ldapUrl (or UCFLOW_LDAP_URL), ucflow:ldapBindDn (or UCFLOW_LDAP_BIND_DN), ucflow:ldapBindPassword (or UCFLOW_LDAP_BIND_PASSWORD), ucflow:ldapBaseDn (or UCFLOW_LDAP_BASE_DN)");
  });

  it("names the setting behind each invalid value, reads the CA file and replaces the user filter", () => {
    const env = {
      UCFLOW_LDAP_URL: "ldap://ldap.example.com",
      UCFLOW_LDAP_START_TLS: "maybe",
      UCFLOW_LDAP_BIND_DN: "cn=ucflow-sync,dc=example,dc=com",
      UCFLOW_LDAP_BIND_PASSWORD: "secret-password-1",
      UCFLOW_LDAP_BASE_DN: "dc=example,dc=com",
      UCFLOW_LDAP_SCHEMA: "novell",
      UCFLOW_LDAP_PAGE_SIZE: "0",
      UCFLOW_LDAP_CA_CERT_PATH: "/nowhere/ca.pem",
      UCFLOW_LDAP_USER_FILTER: "(objectClass=inetOrgPerson",
    };
    try {
      ldapDirectoryFromSettings(readLdapSettings(noConfig, env), () => {
        throw new Error("ENOENT: no such file");
      });
      expect.fail("accepted");
    } catch (error) {
      expect((error as ConfigurationError).problems).to.deep.equal([
        'UCFLOW_LDAP_SCHEMA must be one of inetOrgPerson, activeDirectory; got "novell"',
        'UCFLOW_LDAP_CA_CERT_PATH: cannot read "/nowhere/ca.pem": ENOENT: no such file',
        'UCFLOW_LDAP_START_TLS must be true or false; got "maybe"',
        'UCFLOW_LDAP_PAGE_SIZE must be a whole number from 1 to 1000; got "0"',
      ]);
    }
    const ok = ldapDirectoryFromSettings(readLdapSettings(noConfig, { ...env, UCFLOW_LDAP_START_TLS: "true", UCFLOW_LDAP_SCHEMA: "inetOrgPerson", UCFLOW_LDAP_PAGE_SIZE: "50", UCFLOW_LDAP_USER_FILTER: "(&(objectClass=inetOrgPerson)(employeeType=Employee))" }), () => "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n");
    expect(ok.schema.userFilter).to.equal("(&(objectClass=inetOrgPerson)(employeeType=Employee))");
    expect(ok.connection.caCertificates).to.have.length(1);
    expect(() => ldapDirectoryFromSettings(readLdapSettings(noConfig, { ...env, UCFLOW_LDAP_START_TLS: "false", UCFLOW_LDAP_SCHEMA: "inetOrgPerson", UCFLOW_LDAP_PAGE_SIZE: "50", UCFLOW_LDAP_CA_CERT_PATH: "" }))).to.throw(
      ConfigurationError,
      'UCFLOW_LDAP_START_TLS: startTls is off for ldap.example.com',
    );
  });
});
