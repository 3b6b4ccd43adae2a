// readLdapDirectory against the lab's real slapd (size limit 5, so every read pages): StartTLS
// and ldaps:// verified with the lab CA, the inetOrgPerson and Active Directory mappings,
// criteria compiled into the search (and hostile values kept literal), typed errors.
import { expect } from "chai";
import { Client, type ClientOptions } from "ldapts";
import { startLab, type LabHandle } from "../../../lab";
import { SEED_PEOPLE, seedObjectGuid } from "../../../lab/ldap/seed-directory";
import type { LdapConnectionOptions, LdapSession } from "../../../provider/backends/ldap/client";
import { ACTIVE_DIRECTORY_SCHEMA, type LdapAttributeSpec, type LdapUserSchema } from "../../../provider/backends/ldap/schema";
import { isTransportError, type UcflowError } from "../../../provider/core/errors";
import type { FilterRow } from "../../../provider/plan";
import { readLdapDirectory } from "../../../sdk/directory/ldap";
import { rejectionOf } from "../../unit/backends/replay";
import { temporaryStateDir } from "./fixtures/lab-test-support";

const noConfig = { get: () => undefined };

describe("LDAP directory source against the lab's slapd", function () {
  this.timeout(60_000);
  let lab: LabHandle;
  let state: { dir: string; remove: () => Promise<void> };
  const ldap = () => lab.endpoints.ldap as NonNullable<LabHandle["endpoints"]["ldap"]>;
  const startTls = (): LdapConnectionOptions => ({ url: ldap().url, caCertificates: [lab.caCertPem], bindDn: ldap().bindDn, bindPassword: ldap().bindPassword });
  /** Counts the entries the server returns, to see that a filter narrowed the search itself. */
  const counting = () => {
    const seen = { entries: 0, pages: 0 };
    const createClient = (options: ClientOptions): LdapSession => {
      const client = new Client(options);
      return {
        startTLS: (o) => client.startTLS(o),
        bind: (dn, password) => client.bind(dn, password),
        unbind: () => client.unbind(),
        async *searchPaginated(base, o) {
          for await (const page of client.searchPaginated(base, o)) {
            seen.pages += 1;
            seen.entries += page.searchEntries.length;
            yield page;
          }
        },
      };
    };
    return { seen, createClient };
  };
  const people = (where: (p: (typeof SEED_PEOPLE)[number]) => boolean) => SEED_PEOPLE.filter(where).map((p) => p.userId).sort();
  const userIds = (users: { attributes: Readonly<Record<string, unknown>> }[]) => users.map((u) => u.attributes.userId as string).sort();

  before(async () => {
    state = await temporaryStateDir();
    lab = await startLab({ stateDir: state.dir, services: [], log: () => undefined });
  });

  after(async () => {
    await lab?.stop();
    await state?.remove();
  });

  it("reads every inetOrgPerson over StartTLS, paging past the size limit, keyed by the seeded entryUUIDs and sorted", async () => {
    const { seen, createClient } = counting();
    const users = await readLdapDirectory({ connection: startTls(), baseDn: ldap().baseDn, pageSize: 4, read: { createClient } });
    const expected = SEED_PEOPLE.filter((p) => p.kind !== "ad-user");
    expect(users.map((u) => u.id)).to.deep.equal(expected.map((p) => p.entryUUID).sort());
    expect(seen).to.deep.equal({ entries: expected.length, pages: Math.ceil(expected.length / 4) });
    const diana = users.find((u) => u.attributes.userId === "diana.ellis");
    expect(diana?.attributes).to.deep.equal({
      userId: "diana.ellis",
      commonName: "Diana Ellis",
      displayName: "Diana Ellis",
      firstName: "Diana",
      lastName: "Ellis",
      mail: "diana.ellis@example.com",
      telephoneNumber: "4001",
      mobile: "+14695550104",
      department: "Sales",
      city: "Dallas",
      state: "TX",
      title: "Account Executive",
      employeeId: "2004",
      employeeType: "Employee",
      distinguishedName: "uid=diana.ellis,ou=Dallas,ou=People,dc=example,dc=com",
    });
  });

  it("reads over ldaps:// with the lab CA and fails without it, as a TLS error that is not retried", async () => {
    const users = await readLdapDirectory({ connection: { ...startTls(), url: ldap().ldapsUrl }, baseDn: `ou=Denver,ou=People,${ldap().baseDn}`, pageSize: 5 });
    expect(userIds(users)).to.deep.equal(people((p) => p.city === "Denver" && p.kind === "person"));
    for (const url of [ldap().ldapsUrl, ldap().url]) {
      const error = await rejectionOf<UcflowError>(readLdapDirectory({ connection: { ...startTls(), url, caCertificates: [] }, baseDn: ldap().baseDn, pageSize: 5 }));
      expect(isTransportError(error), error.message).to.equal(true);
      expect(error.operation).to.equal(url.startsWith("ldaps") ? "binding to" : "starting TLS with");
      expect([error.code, error.retryable]).to.deep.equal(["SELF_SIGNED_CERT_IN_CHAIN", false]);
    }
  });

  it("narrows the search with compiled criteria and returns exactly the users they match", async () => {
    const criteria: FilterRow[] = [
      { attribute: "city", condition: "equals", value: "Dallas", join: "and" },
      { attribute: "department", condition: "in", value: ["Sales", "Support"], join: "and" },
      { attribute: "employeeType", condition: "equals", value: "Employee", join: "or" },
      { attribute: "city", condition: "equals", value: "Denver", join: "and" },
      { attribute: "title", condition: "startsWith", value: "Research" },
    ];
    const { seen, createClient } = counting();
    const users = await readLdapDirectory({ connection: startTls(), baseDn: ldap().baseDn, criteria, pageSize: 5, read: { createClient } });
    const expected = people((p) => p.kind === "person" && ((p.city === "Dallas" && (p.department === "Sales" || p.department === "Support")) || (p.city === "Denver" && ["stefan.yates", "tanya.zeller"].includes(p.userId))));
    expect(userIds(users)).to.deep.equal(expected);
    expect(seen.entries, "the server filtered").to.equal(expected.length);
  });

  it("keeps hostile and special values literal: *)(uid=* matches nothing, José, R&D (Labs) and a backslash match their people", async () => {
    const read = (criteria: FilterRow[]) => readLdapDirectory({ connection: startTls(), baseDn: ldap().baseDn, criteria, pageSize: 5 }).then(userIds);
    expect(await read([{ attribute: "userId", condition: "equals", value: "*)(uid=*" }])).to.deep.equal([]);
    expect(await read([{ attribute: "userId", condition: "in", value: ["*)(uid=*", "diana.ellis", "*"] }])).to.deep.equal(["diana.ellis"]);
    expect(await read([{ attribute: "city", condition: "contains", value: "*)(|(l=*" }])).to.deep.equal([]);
    expect(await read([{ attribute: "firstName", condition: "equals", value: "josé" }])).to.deep.equal(["jose.munoz"]);
    expect(await read([{ attribute: "lastName", condition: "startsWith", value: "Ång" }])).to.deep.equal(["zoe.angstrom"]);
    expect(await read([{ attribute: "department", condition: "equals", value: "R&D (Labs)" }])).to.deep.equal(people((p) => p.kind === "person" && p.department === "R&D (Labs)"));
    expect(await read([{ attribute: "department", condition: "equals", value: "Support\\Tier 2" }])).to.deep.equal(["jonah.quick"]);
    expect(await read([{ attribute: "title", condition: "contains", value: "* L" }])).to.deep.equal(["oscar.price"]);
  });

  it("leaves out leavers, rooms and service accounts with a user filter and criteria, and evaluates regex rows locally", async () => {
    const users = await readLdapDirectory({
      connection: startTls(),
      baseDn: `ou=People,${ldap().baseDn}`,
      ldapFilter: "(employeeType=Employee)",
      criteria: [{ attribute: "telephoneNumber", condition: "regex", value: "^400\\d$" }],
      pageSize: 5,
    });
    expect(users.map((u) => [u.attributes.userId, u.attributes.telephoneNumber])).to.have.deep.members([
      ["diana.ellis", "4001"], ["hannah.irwin", "4003"], ["laura.mendez", "4005"], ["marcus.nolan", "4005"], ["rafael.reyes", "4008"],
    ]);
  });

  it("maps the Active-Directory-like tree: objectGUID ids, disabled accounts left out by the default user filter", async () => {
    // The lab's msuser.schema gives these attributes no matching rule, so filter rows on them
    // are evaluated locally; against a real Active Directory the defaults filter on the server.
    const local = (spec: LdapAttributeSpec): LdapAttributeSpec => ("ldap" in spec && ["sAMAccountName", "department", "employeeID", "userPrincipalName", "company"].includes(spec.ldap) ? { ...spec, match: "local" } : spec);
    const schema: LdapUserSchema = { ...ACTIVE_DIRECTORY_SCHEMA, attributes: Object.fromEntries(Object.entries(ACTIVE_DIRECTORY_SCHEMA.attributes).map(([k, v]) => [k, local(v)])) };
    const base = `ou=Corp,${ldap().baseDn}`;
    const users = await readLdapDirectory({ connection: startTls(), baseDn: base, schema, pageSize: 5 });
    const enabled = SEED_PEOPLE.filter((p) => p.dn.endsWith(base) && ((p.userAccountControl as number) & 2) === 0);
    expect(users.map((u) => u.id)).to.deep.equal(enabled.map((p) => seedObjectGuid(p.dn)).sort());
    expect(users.every((u) => u.attributes.accountEnabled === true)).to.equal(true);
    const aknight = users.find((u) => u.attributes.userId === "aknight");
    expect(aknight?.attributes).to.deep.include({ userPrincipalName: "aknight@corp.example.com", department: "Sales", city: "Austin", employeeId: "5001", company: "Example Corp", userAccountControl: "512" });

    const engineers = await readLdapDirectory({ connection: startTls(), baseDn: base, schema, pageSize: 5, criteria: [{ attribute: "department", condition: "equals", value: "engineering" }] });
    expect(userIds(engineers)).to.deep.equal(["cmiles", "dnorris", "eoneal"]);
  });

  it("reads its connection from settings (here the environment), with the CA from a file", async () => {
    const env = {
      UCFLOW_LDAP_URL: ldap().ldapsUrl,
      UCFLOW_LDAP_BIND_DN: ldap().bindDn,
      UCFLOW_LDAP_BIND_PASSWORD: ldap().bindPassword,
      UCFLOW_LDAP_BASE_DN: `ou=Dallas,ou=People,${ldap().baseDn}`,
      UCFLOW_LDAP_CA_CERT_PATH: lab.caCertPath,
      UCFLOW_LDAP_PAGE_SIZE: "5",
      UCFLOW_LDAP_USER_FILTER: "(&(objectClass=inetOrgPerson)(!(employeeType=Room)))",
    };
    const users = await readLdapDirectory({ config: noConfig, env });
    expect(users).to.have.length(30);
  });

  it("fails a wrong password as InvalidCredentials, without the password in the message", async () => {
    const wrong = `${ldap().bindPassword}-wrong`;
    const error = await rejectionOf<UcflowError>(readLdapDirectory({ connection: { ...startTls(), bindPassword: wrong }, baseDn: ldap().baseDn }));
    expect([error.backend, error.operation, error.code, error.retryable]).to.deep.equal(["ldap", "binding to", "InvalidCredentials", false]);
    expect(error.message).not.to.include(wrong);
  });

  it("pages with the default page size too: the lab's slapd lets paged searches past its size limit of 5", async () => {
    const users = await readLdapDirectory({ connection: startTls(), baseDn: ldap().baseDn });
    expect(users).to.have.length(SEED_PEOPLE.filter((p) => p.kind !== "ad-user").length);
    const unpaged = new Client({ url: ldap().url, timeout: 10_000 });
    await unpaged.bind(ldap().bindDn, ldap().bindPassword);
    const error = await unpaged.search(ldap().baseDn, { filter: "(objectClass=inetOrgPerson)" }).then(() => undefined, (e: Error) => e);
    await unpaged.unbind();
    expect(error?.constructor.name, "an unpaged search still hits the size limit").to.equal("SizeLimitExceededError");
  });
});
