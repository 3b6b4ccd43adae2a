// The lab's real OpenLDAP through ldapts (reference/ldap.md §10): the size limit bites unpaged
// searches, paging returns every seeded person, wrong passwords fail, ldaps verifies with the
// lab CA; and the control endpoint seeds and resets the directory.
import { expect } from "chai";
import { readFile, stat } from "node:fs/promises";
import * as path from "node:path";
import { Client, InvalidCredentialsError, SizeLimitExceededError } from "ldapts";
import { LabControlClient, startLab, type LabHandle } from "../../../lab";
import { SEED_ENTRIES, SEED_PEOPLE, seedEntryUuid } from "../../../lab/ldap/seed-directory";
import { processIsRunning, processUid, temporaryStateDir } from "./fixtures/lab-test-support";

/** DNs of every person-like entry of the seed (people, AD-like users, leavers, rooms, service accounts). */
function seededPeople(): string[] {
  return SEED_PEOPLE.map((person) => person.dn.toLowerCase());
}

describe("lab OpenLDAP (slapd) with ldapts", () => {
  let lab: LabHandle;
  let state: { dir: string; remove: () => Promise<void> };
  let people: string[];
  let client: Client;

  const ldap = () => lab.endpoints.ldap as NonNullable<LabHandle["endpoints"]["ldap"]>;
  const peopleBase = () => `ou=People,${ldap().baseDn}`;

  before(async () => {
    people = seededPeople();
    state = await temporaryStateDir();
    lab = await startLab({ stateDir: state.dir, services: [], log: () => undefined });
  });

  after(async () => {
    await lab?.stop();
    await state?.remove();
  });

  beforeEach(async () => {
    client = new Client({ url: ldap().url, timeout: 10_000, connectTimeout: 5_000 });
    await client.bind(ldap().bindDn, ldap().bindPassword);
  });

  afterEach(async () => {
    await client.unbind();
  });

  it("seeds 100+ people with department, city, number, mail, uid and a fixed entryUUID", async () => {
    expect(people.length).to.be.at.least(100);
    const { searchEntries } = await client.search(peopleBase(), {
      filter: "(uid=alice.adams)", attributes: ["uid", "mail", "telephoneNumber", "departmentNumber", "l", "entryUUID"],
    });
    expect(searchEntries).to.have.length(1);
    expect(searchEntries[0]).to.deep.include({ uid: "alice.adams", mail: "alice.adams@example.com", telephoneNumber: "+13125550101", departmentNumber: "Engineering", l: "Chicago" });
    expect(searchEntries[0]?.entryUUID).to.equal(seedEntryUuid("uid=alice.adams,ou=People,dc=example,dc=com"));
  });

  it("binds clients as an ordinary sync account, not the rootdn", () => {
    expect(ldap().bindDn).to.equal("cn=ucflow-sync,dc=example,dc=com");
    expect(ldap().adminDn).to.equal("cn=admin,dc=example,dc=com");
    expect(lab.env.UCFLOW_LAB_LDAP_BIND_DN).to.equal(ldap().bindDn);
  });

  it("fails an unpaged search past the size limit with SizeLimitExceededError (code 4)", async () => {
    const error = await client.search(peopleBase(), { filter: "(objectClass=person)" }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(SizeLimitExceededError);
    expect((error as SizeLimitExceededError).code).to.equal(4);
  });

  it("returns every seeded person across several pages with searchPaginated", async () => {
    const pageSize = 4;
    const pages: number[] = [];
    const dns: string[] = [];
    for await (const page of client.searchPaginated(ldap().baseDn, { scope: "sub", filter: "(objectClass=person)", attributes: ["cn"], paged: { pageSize } })) {
      pages.push(page.searchEntries.length);
      dns.push(...page.searchEntries.map((entry) => entry.dn.toLowerCase()));
    }
    expect(pages.length).to.equal(Math.ceil(people.length / pageSize));
    expect(pages.every((size) => size <= pageSize)).to.equal(true);
    expect(dns.sort()).to.deep.equal([...people].sort());
  });

  it("evaluates the Active Directory disabled-account filter on the AD-like entries", async () => {
    const { searchEntries } = await client.search(peopleBase(), {
      filter: "(&(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))", attributes: ["sAMAccountName", "department"],
    });
    expect(searchEntries.map((entry) => entry.sAMAccountName)).to.deep.equal(["bbrown"]);
  });

  it("rejects a wrong password with InvalidCredentialsError", async () => {
    const other = new Client({ url: ldap().url, timeout: 10_000 });
    const error = await other.bind(ldap().bindDn, `${ldap().bindPassword}-wrong`).then(() => undefined, (e: unknown) => e);
    await other.unbind();
    expect(error).to.be.instanceOf(InvalidCredentialsError);
  });

  it("serves ldaps:// that verifies with the lab CA and fails without it", async () => {
    const secure = new Client({ url: ldap().ldapsUrl, timeout: 10_000, tlsOptions: { ca: [lab.caCertPem] } });
    await secure.bind(ldap().bindDn, ldap().bindPassword);
    const { searchEntries } = await secure.search(peopleBase(), { filter: "(uid=alice.adams)", attributes: ["uid"] });
    expect(searchEntries).to.have.length(1);
    await secure.unbind();

    const untrusted = new Client({ url: ldap().ldapsUrl, timeout: 10_000, connectTimeout: 5_000 });
    const error = await untrusted.bind(ldap().bindDn, ldap().bindPassword).then(() => undefined, (e: NodeJS.ErrnoException) => e);
    await untrusted.unbind().catch(() => undefined);
    expect(error?.code).to.be.oneOf(["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "SELF_SIGNED_CERT_IN_CHAIN"]);
  });

  it("runs slapd as an unprivileged account", () => {
    const pid = lab.slapdPid as number;
    expect(processIsRunning(pid)).to.equal(true);
    expect(processUid(pid)).to.not.equal(0);
  });

  it("seeds LDIF through POST /seed, reports it in GET /state/ldap and drops it on POST /reset", async () => {
    const control = new LabControlClient(lab.endpoints.control, lab.caCertPem);
    const dn = `uid=zed.new,${peopleBase()}`;
    await control.seed("ldap", `dn: ${dn}\nobjectClass: inetOrgPerson\nuid: zed.new\ncn: Zed New\nsn: New\nl: Boston\n`);
    const found = await client.search(peopleBase(), { filter: "(uid=zed.new)", attributes: ["l"] });
    expect(found.searchEntries).to.have.length(1);
    const snapshot = (await control.state("ldap")) as { entries: { dn: string }[] };
    expect(snapshot.entries.map((entry) => entry.dn.toLowerCase())).to.include(dn.toLowerCase());
    // every seed entry, the sync account and zed.new: all of them, past the size limit
    expect(snapshot.entries.length).to.equal(SEED_ENTRIES.length + 2);

    const rejected = await control.seed("ldap", `dn: ${dn}\nobjectClass: inetOrgPerson\nuid: zed.new\ncn: Zed New\nsn: New\n`).then(() => undefined, (e: unknown) => e);
    expect(rejected).to.include({ status: 400, code: "LdifRejected" });
    expect((rejected as Error).message).to.match(/Already exists \(68\)/);

    const pidBefore = lab.slapdPid;
    await client.unbind();
    await control.reset("ldap");
    expect(lab.slapdPid).to.not.equal(pidBefore);
    client = new Client({ url: ldap().url, timeout: 10_000 });
    await client.bind(ldap().bindDn, ldap().bindPassword);
    const afterReset = await client.search(peopleBase(), { filter: "(uid=zed.new)" });
    expect(afterReset.searchEntries).to.have.length(0);
    const record = JSON.parse(await readFile(path.join(state.dir, "lab.json"), "utf8")) as { slapd: { pid: number } };
    expect(record.slapd.pid, "lab.json follows the restarted slapd").to.equal(lab.slapdPid);
  });

  it("stops slapd and removes its temporary directory on stop", async () => {
    const other = await temporaryStateDir();
    const second = await startLab({ stateDir: other.dir, services: [], log: () => undefined });
    const pid = second.slapdPid as number;
    const record = JSON.parse(await readFile(path.join(other.dir, "lab.json"), "utf8")) as { slapd: { dir: string } };
    expect(processIsRunning(pid)).to.equal(true);
    await second.stop();
    expect(processIsRunning(pid)).to.equal(false);
    expect(await stat(record.slapd.dir).then(() => "exists", () => "gone")).to.equal("gone");
    await other.remove();
  });
});
