import { expect } from "chai";
import { EqualityFilter, ExtensibleFilter, SubstringFilter } from "ldapts";
import { andOf, LdapFilterSyntaxError, parseLdapFilter, toLdaptsFilter } from "../../../../provider/backends/ldap/filter-syntax";

describe("ldap filter syntax (RFC 4515)", () => {
  it("reads Unified CM's default Active Directory filter", () => {
    expect(parseLdapFilter("(&(objectclass=user)(!(objectclass=Computer))(!(UserAccountControl:1.2.840.113556.1.4.803:=2)))")).to.deep.equal({
      type: "and",
      filters: [
        { type: "equality", attribute: "objectclass", value: "user" },
        { type: "not", filter: { type: "equality", attribute: "objectclass", value: "Computer" } },
        { type: "not", filter: { type: "extensible", attribute: "UserAccountControl", rule: "1.2.840.113556.1.4.803", dnAttributes: false, value: "2" } },
      ],
    });
  });

  it("reads presence, substrings, ordering, approximate and every extensible form", () => {
    expect(parseLdapFilter("(mail=*)")).to.deep.equal({ type: "present", attribute: "mail" });
    expect(parseLdapFilter("(cn=Jo*n*Do*e)")).to.deep.equal({ type: "substrings", attribute: "cn", initial: "Jo", any: ["n", "Do"], final: "e" });
    expect(parseLdapFilter("(cn=*x*)")).to.deep.equal({ type: "substrings", attribute: "cn", any: ["x"] });
    expect(parseLdapFilter("(employeeNumber>=2001)")).to.deep.equal({ type: "greaterOrEqual", attribute: "employeeNumber", value: "2001" });
    expect(parseLdapFilter("(employeeNumber<=2001)")).to.deep.equal({ type: "lessOrEqual", attribute: "employeeNumber", value: "2001" });
    expect(parseLdapFilter("(sn~=smith)")).to.deep.equal({ type: "approx", attribute: "sn", value: "smith" });
    expect(parseLdapFilter("(ou:dn:=People)")).to.deep.equal({ type: "extensible", attribute: "ou", dnAttributes: true, value: "People" });
    expect(parseLdapFilter("(:caseExactMatch:=Fred)")).to.deep.equal({ type: "extensible", rule: "caseExactMatch", dnAttributes: false, value: "Fred" });
    expect(parseLdapFilter("(cn;lang-de=x)")).to.deep.equal({ type: "equality", attribute: "cn;lang-de", value: "x" });
    expect(parseLdapFilter("(2.5.4.3=x)")).to.deep.equal({ type: "equality", attribute: "2.5.4.3", value: "x" });
  });

  it("decodes escapes as UTF-8 bytes, and keeps non-UTF-8 bytes as a Buffer for equality", () => {
    expect(parseLdapFilter("(cn=Jos\\c3\\a9 Mu\\C3\\B1oz)")).to.deep.equal({ type: "equality", attribute: "cn", value: "José Muñoz" });
    expect(parseLdapFilter("(cn=José)")).to.deep.equal({ type: "equality", attribute: "cn", value: "José" });
    expect(parseLdapFilter("(uid=\\2a\\29\\28uid=\\2a)")).to.deep.equal({ type: "equality", attribute: "uid", value: "*)(uid=*" });
    expect(parseLdapFilter("(objectGUID=\\33\\22\\11\\00\\ff)")).to.deep.equal({ type: "equality", attribute: "objectGUID", value: Buffer.from([0x33, 0x22, 0x11, 0x00, 0xff]) });
  });

  const bad: [string, RegExp][] = [
    ["", /the filter is empty/],
    ["uid=x", /position 0, expected "\("/],
    ["(uid=x", /expected "\)" but found the end/],
    ["(uid=x))", /unexpected "\)" after/],
    ["(uid=a(b)", /"\(" must be escaped/],
    ["(uid=\\zz)", /two hex digits/],
    ["(&)", /"&" needs at least one filter/],
    ["(=x)", /expected an attribute name/],
    ["(cn=a**b)", /empty substring/],
    ["(cn>=\\ff)", /not UTF-8 text/],
    ["(:=x)", /needs a matching rule/],
  ];
  for (const [text, message] of bad) {
    it(`refuses ${JSON.stringify(text)} with a message saying where and why`, () => {
      expect(() => parseLdapFilter(text)).to.throw(LdapFilterSyntaxError, message);
    });
  }

  it("builds ldapts filters whose values go to the server as raw UTF-8, not re-escaped text", () => {
    const filter = toLdaptsFilter(andOf([parseLdapFilter("(cn=Jos\\c3\\a9)"), parseLdapFilter("(sn=M*z)"), parseLdapFilter("(a:1.2.3:=b)")])) as unknown as { filters: unknown[] };
    const [eq, sub, ext] = filter.filters as [EqualityFilter, SubstringFilter, ExtensibleFilter];
    expect([eq.value, sub.initial, sub.final, ext.rule, ext.matchType]).to.deep.equal(["José", "M", "z", "1.2.3", "a"]);
    expect(andOf([parseLdapFilter("(a=b)")])).to.deep.equal({ type: "equality", attribute: "a", value: "b" });
  });
});
