// The lab directory's seed: the committed LDIF is exactly what lab/ldap/seed-directory.ts
// renders, and it holds what flow-through tests need (100+ people in several cities and
// departments, leavers and non-people to exclude, numbers that collide with Unified CM's).
import { expect } from "chai";
import { readFile } from "node:fs/promises";
import * as path from "node:path";
import {
  asciiName,
  guidToObjectGuidBytes,
  renderSeedLdif,
  SEED_ENTRIES,
  SEED_PEOPLE,
  seedEntryUuid,
} from "../../../lab/ldap/seed-directory";
import { seedLdifSourcePath } from "../../../lab/ldap/write-seed";

const SOURCE = path.resolve(__dirname, "../../../../lab/ldap/seed.ldif");

describe("lab LDAP seed", () => {
  it("is committed exactly as seed-directory.ts renders it (run node dist/lab/ldap/write-seed.js after a change)", async () => {
    expect(seedLdifSourcePath(path.resolve(__dirname, "../../../lab/ldap"))).to.equal(SOURCE);
    expect(await readFile(SOURCE, "utf8")).to.equal(renderSeedLdif());
  });

  it("has 100+ people over seven cities and six departments, each DN, uid and id once", () => {
    const people = SEED_PEOPLE.filter((p) => p.kind === "person" || p.kind === "ad-user");
    expect(people.length).to.be.at.least(100);
    const cities = new Map<string, number>();
    for (const p of people) cities.set(p.city as string, (cities.get(p.city as string) ?? 0) + 1);
    expect(Object.fromEntries(cities)).to.deep.equal({ Chicago: 11, Boston: 11, London: 7, Paris: 7, Dallas: 30, Denver: 24, Austin: 14 });
    expect(new Set(people.map((p) => p.department)).size).to.be.at.least(6);
    const unique = (values: string[]) => expect(new Set(values).size).to.equal(values.length);
    unique(SEED_ENTRIES.map((e) => e.dn.toLowerCase()));
    unique(SEED_PEOPLE.map((p) => p.userId));
    unique(SEED_PEOPLE.map((p) => p.entryUUID));
    for (const p of SEED_PEOPLE) expect(p.entryUUID).to.equal(seedEntryUuid(p.dn));
  });

  it("has leavers, rooms, service accounts and disabled AD accounts to exclude", () => {
    const count = (kind: string) => SEED_PEOPLE.filter((p) => p.kind === kind).length;
    expect([count("disabled"), count("room"), count("service")]).to.deep.equal([4, 2, 2]);
    const disabledAd = SEED_PEOPLE.filter((p) => p.userAccountControl !== undefined && (p.userAccountControl & 2) !== 0).map((p) => p.userId);
    expect(disabledAd).to.deep.equal(["ddisabled", "mwolfe", "nyoung"]);
  });

  it("puts bare extensions 4000-4009 on Dallas people, one of them twice", () => {
    const extensions = SEED_PEOPLE.filter((p) => /^400\d$/.test(p.telephoneNumber ?? "")).map((p) => [p.userId, p.telephoneNumber]);
    expect(extensions).to.deep.equal([
      ["diana.ellis", "4001"],
      ["hannah.irwin", "4003"],
      ["laura.mendez", "4005"],
      ["marcus.nolan", "4005"],
      ["rafael.reyes", "4008"],
    ]);
  });

  it("writes values LDIF cannot carry as text in base64, and AD's objectGUID in Microsoft's byte order", () => {
    const ldif = renderSeedLdif();
    expect(ldif).to.include(`cn:: ${Buffer.from("José Muñoz").toString("base64")}`);
    expect(ldif).to.include("departmentNumber: R&D (Labs)");
    expect(asciiName("Ångström")).to.equal("angstrom");
    expect(guidToObjectGuidBytes("00112233-4455-6677-8899-aabbccddeeff").toString("hex")).to.equal("33221100554477668899aabbccddeeff");
  });
});
