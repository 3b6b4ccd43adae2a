import { expect } from "chai";
import { ACTIVE_DIRECTORY_SCHEMA, filterAttributeMap, formatObjectGuid, INET_ORG_PERSON_SCHEMA, requestedAttributes, userFromEntry } from "../../../../provider/backends/ldap/schema";

describe("ldap user schemas", () => {
  it("maps an inetOrgPerson entry: entryUUID as the id, attributes by their user names, lists for multi-valued ones", () => {
    const user = userFromEntry({
      dn: "uid=diana.ellis,ou=Dallas,ou=People,dc=example,dc=com",
      entryUUID: "1B4E28BA-2FA1-41D2-883F-0016D3CCA427",
      uid: "diana.ellis",
      l: "Dallas",
      departmentNumber: "Sales",
      telephoneNumber: ["4001", "+12145550104"],
      mobile: [],
      title: "",
    }, INET_ORG_PERSON_SCHEMA);
    expect(user).to.deep.equal({
      id: "1b4e28ba-2fa1-41d2-883f-0016d3cca427",
      dn: "uid=diana.ellis,ou=Dallas,ou=People,dc=example,dc=com",
      attributes: { userId: "diana.ellis", city: "Dallas", department: "Sales", telephoneNumber: ["4001", "+12145550104"], distinguishedName: "uid=diana.ellis,ou=Dallas,ou=People,dc=example,dc=com" },
    });
  });

  it("maps an Active Directory entry: objectGUID as a GUID string, accountEnabled from userAccountControl", () => {
    const guid = Buffer.from("33221100554477668899aabbccddeeff", "hex");
    const user = userFromEntry({ dn: "CN=Alan Knight,OU=Austin,DC=corp", objectGUID: guid, sAMAccountName: "aknight", department: "Sales", userAccountControl: "66048" }, ACTIVE_DIRECTORY_SCHEMA);
    expect(user).to.deep.include({ id: "00112233-4455-6677-8899-aabbccddeeff" });
    expect((user as { attributes: object }).attributes).to.deep.include({ userId: "aknight", department: "Sales", userAccountControl: "66048", accountEnabled: true });
    const disabled = userFromEntry({ dn: "CN=x", objectGUID: guid, userAccountControl: "514" }, ACTIVE_DIRECTORY_SCHEMA) as unknown as { attributes: { accountEnabled: boolean } };
    expect(disabled.attributes.accountEnabled).to.equal(false);
  });

  it("says why an entry cannot be a user", () => {
    expect(userFromEntry({ dn: "uid=a" }, INET_ORG_PERSON_SCHEMA)).to.deep.equal({ dn: "uid=a", problem: "has no entryUUID, the immutable id users are keyed by" });
    expect(userFromEntry({ dn: "uid=a", entryUUID: "not-a-uuid" }, INET_ORG_PERSON_SCHEMA)).to.deep.equal({ dn: "uid=a", problem: 'has an entryUUID that is not a UUID: "not-a-uuid"' });
    expect(userFromEntry({ dn: "CN=a", objectGUID: "text" }, ACTIVE_DIRECTORY_SCHEMA)).to.have.property("problem").that.matches(/not 16 bytes \(text\)/);
    expect(() => formatObjectGuid(Buffer.alloc(3))).to.throw("16 bytes");
  });

  it("asks for every mapped attribute and lets only server-matchable ones into compiled filters", () => {
    expect(requestedAttributes(ACTIVE_DIRECTORY_SCHEMA)).to.include.members(["objectGUID", "sAMAccountName", "userAccountControl", "department"]);
    expect(requestedAttributes(ACTIVE_DIRECTORY_SCHEMA)).not.to.include("distinguishedName");
    const map = filterAttributeMap({ ...INET_ORG_PERSON_SCHEMA, attributes: { ...INET_ORG_PERSON_SCHEMA.attributes, department: { ldap: "departmentNumber", match: "local" } } });
    expect(map.city).to.deep.equal({ attribute: "l", substrings: true, loose: false });
    expect(map.telephoneNumber).to.deep.equal({ attribute: "telephoneNumber", substrings: true, loose: true });
    expect(map).not.to.have.any.keys("department", "distinguishedName");
  });
});
