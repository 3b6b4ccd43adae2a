import { expect } from "chai";
import fc from "fast-check";
import { FilterParser } from "ldapts";
import { parseLdapFilter, type LdapFilterNode } from "../../../provider/backends/ldap/filter-syntax";
import { evaluateFilter, type FilterRow, isPlanError, PlanError, resolveMacros } from "../../../provider/plan";
import { compileToLdap, escapeLdapFilterValue, type LdapAttributeMap, type LdapFilter } from "../../../provider/plan/ldap-filter";

const row = (attribute: string, condition: FilterRow["condition"], value: FilterRow["value"], extra: Partial<FilterRow> = {}): FilterRow => ({ attribute, condition, value, ...extra });
const exact = (filter: string): LdapFilter => ({ filter, needsLocalEvaluation: false, localOnly: [] });

const MAP: LdapAttributeMap = {
  city: { attribute: "l" },
  department: { attribute: "departmentNumber" },
  mail: { attribute: "mail" },
  userId: { attribute: "uid" },
  telephoneNumber: { attribute: "telephoneNumber", loose: true },
  employeeId: { attribute: "employeeNumber", substrings: false },
};

describe("plan/ldap-filter compileToLdap", () => {
  it("compiles every condition but regex, each to one RFC 4515 assertion", () => {
    expect(compileToLdap([row("city", "equals", "Dallas")], MAP)).to.deep.equal(exact("(l=Dallas)"));
    expect(compileToLdap([row("city", "startsWith", "Dal")], MAP)).to.deep.equal(exact("(l=Dal*)"));
    expect(compileToLdap([row("mail", "endsWith", "@example.com")], MAP)).to.deep.equal(exact("(mail=*@example.com)"));
    expect(compileToLdap([row("department", "contains", "Labs")], MAP)).to.deep.equal(exact("(departmentNumber=*Labs*)"));
    expect(compileToLdap([row("department", "in", ["Sales", "Support"])], MAP)).to.deep.equal(exact("(|(departmentNumber=Sales)(departmentNumber=Support))"));
    expect(compileToLdap([row("department", "in", ["Sales"])], MAP)).to.deep.equal(exact("(departmentNumber=Sales)"));
  });

  it("negates with (!...) and looks attributes up ignoring case", () => {
    expect(compileToLdap([row("City", "equals", "Dallas", { not: true })], MAP)).to.deep.equal(exact("(!(l=Dallas))"));
    expect(compileToLdap([row("department", "in", ["Sales", "Support"], { not: true })], MAP)).to.deep.equal(
      exact("(!(|(departmentNumber=Sales)(departmentNumber=Support)))"),
    );
  });

  it("binds AND tighter than OR, as evaluateFilter does", () => {
    const rows = [
      row("city", "equals", "Dallas", { join: "and" }),
      row("department", "equals", "Sales", { join: "or" }),
      row("city", "equals", "Denver", { join: "and" }),
      row("userId", "startsWith", "a", { not: true }),
    ];
    expect(compileToLdap(rows, MAP)).to.deep.equal(exact("(|(&(l=Dallas)(departmentNumber=Sales))(&(l=Denver)(!(uid=a*))))"));
    expect(compileToLdap([row("city", "equals", "Dallas", { join: "and" }), row("department", "equals", "Sales")], MAP)).to.deep.equal(
      exact("(&(l=Dallas)(departmentNumber=Sales))"),
    );
  });

  it("escapes *, (, ), \\ and NUL, control characters and non-ASCII as UTF-8 bytes", () => {
    expect(escapeLdapFilterValue("a*b(c)d\\e\0f")).to.equal("a\\2ab\\28c\\29d\\5ce\\00f");
    expect(escapeLdapFilterValue("José")).to.equal("Jos\\c3\\a9");
    expect(escapeLdapFilterValue("€ 😀")).to.equal("\\e2\\82\\ac \\f0\\9f\\98\\80");
    expect(escapeLdapFilterValue("tab\there\x7f")).to.equal("tab\\09here\\7f");
    expect(escapeLdapFilterValue("R&D = Labs, Inc.")).to.equal("R&D = Labs, Inc.");
  });

  it("keeps a hostile value inside its assertion: *)(uid=* matches one literal text", () => {
    expect(compileToLdap([row("userId", "equals", "*)(uid=*")], MAP).filter).to.equal("(uid=\\2a\\29\\28uid=\\2a)");
    expect(parseLdapFilter("(uid=\\2a\\29\\28uid=\\2a)")).to.deep.equal({ type: "equality", attribute: "uid", value: "*)(uid=*" });
    expect(compileToLdap([row("city", "contains", "x)(|(l=*")], MAP).filter).to.equal("(l=*x\\29\\28|\\28l=\\2a*)");
  });

  it("substitutes macros first, then escapes what they bring", () => {
    const { rows } = resolveMacros([row("city", "equals", "{{site.city}}", { join: "and" }), row("department", "startsWith", "{{site.dept}}*")], {
      site: { city: "Saint-Étienne (Loire)", dept: "R&D" },
    });
    expect(compileToLdap(rows, MAP).filter).to.equal("(&(l=Saint-\\c3\\89tienne \\28Loire\\29)(departmentNumber=R&D\\2a*))");
  });

  it("says a regex row cannot be compiled and is evaluated locally", () => {
    expect(compileToLdap([row("city", "regex", "^Dal")], MAP)).to.deep.equal({
      filter: undefined,
      needsLocalEvaluation: true,
      localOnly: ["rows[0] (regex): LDAP filters have no regular expressions"],
    });
    expect(compileToLdap([row("city", "equals", "Dallas", { join: "and" }), row("userId", "regex", "^a")], MAP)).to.deep.equal({
      filter: "(l=Dallas)",
      needsLocalEvaluation: true,
      localOnly: ["rows[1] (regex): LDAP filters have no regular expressions"],
    });
  });

  it("leaves to local evaluation what the server would match differently", () => {
    const local = (r: FilterRow) => compileToLdap([r], MAP).localOnly;
    expect(compileToLdap([row("telephoneNumber", "equals", "+12145550101")], MAP)).to.deep.equal(exact("(telephoneNumber=+12145550101)"));
    expect(local(row("telephoneNumber", "equals", "+12145550101", { not: true }))).to.deep.equal([
      "rows[0] (not equals): the server matches telephoneNumber more loosely than by case alone (spaces and hyphens ignored), so its NOT would drop users the filter keeps",
    ]);
    expect(local(row("city", "equals", "Zürich", { not: true }))[0]).to.match(/non-ASCII characters or leading, trailing or repeated spaces/);
    expect(local(row("city", "equals", "New  York", { not: true }))[0]).to.match(/repeated spaces/);
    expect(compileToLdap([row("city", "equals", "Zürich")], MAP).filter).to.equal("(l=Z\\c3\\bcrich)");
    expect(local(row("employeeId", "startsWith", "20"))).to.deep.equal(["rows[0] (startsWith): employeeNumber has no substrings matching rule, so startsWith cannot be sent to the server"]);
    expect(compileToLdap([row("employeeId", "equals", "2001")], MAP).filter).to.equal("(employeeNumber=2001)");
  });

  it("drops the server filter when an OR branch compiles to nothing", () => {
    expect(compileToLdap([row("city", "equals", "Dallas", { join: "or" }), row("nickname", "equals", "Al")], MAP)).to.deep.equal({
      filter: undefined,
      needsLocalEvaluation: true,
      localOnly: ['rows[1] (equals): attribute "nickname" is not in the LDAP attribute map'],
    });
  });

  it("throws for unresolved macros, text LDAP cannot carry and malformed attribute names", () => {
    expect(() => compileToLdap([row("city", "equals", "{{site.city}}")], MAP)).to.throw(PlanError, "macro {{site.city}} has not been resolved");
    expect(() => compileToLdap([row("city", "in", ["ok", "bad\uD800"])], MAP)).to.throw(PlanError, "rows[0].value[1]");
    try {
      compileToLdap([row("city", "equals", "x")], { city: { attribute: "l)(uid=*" } });
      expect.fail("a malformed attribute name was accepted");
    } catch (e) {
      expect(isPlanError(e)).to.equal(true);
      expect((e as PlanError).problems).to.deep.equal(['attribute "city" maps to "l)(uid=*", which is not an LDAP attribute name such as "l", "departmentNumber" or "2.5.4.7"']);
    }
  });

  // Any text without lone surrogates or macro braces: what a filter row can hold.
  const anyText = fc.string({ unit: "grapheme", minLength: 1 }).filter((s) => !/\{\{|\}\}/.test(s));

  it("never lets a value change the shape of the filter, for any text", () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        const rows = [row("city", "startsWith", a, { join: "or" }), row("department", "in", [b, `${b}!`], { join: "and" }), row("mail", "endsWith", a, { not: true })];
        const { filter, localOnly } = compileToLdap(rows, MAP);
        const negationCompiles = localOnly.length === 0;
        const department: LdapFilterNode = { type: "or", filters: [b, `${b}!`].map((value) => ({ type: "equality", attribute: "departmentNumber", value })) };
        const mailNot: LdapFilterNode = { type: "not", filter: { type: "substrings", attribute: "mail", any: [], final: a } };
        expect(parseLdapFilter(filter as string)).to.deep.equal({
          type: "or",
          filters: [{ type: "substrings", attribute: "l", initial: a, any: [] }, negationCompiles ? { type: "and", filters: [department, mailNot] } : department],
        });
      }),
    );
  });

  it("is read by ldapts' own parser as the same assertions (ASCII values)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."aZ09*()\\=&|!~<>: ,.-_'\"\t\0") as fc.Arbitrary<string>, minLength: 1 }), (value) => {
        const { filter } = compileToLdap([row("city", "equals", value, { join: "or" }), row("department", "endsWith", value)], MAP);
        const parsed = FilterParser.parseString(filter as string) as unknown as { filters: { attribute: string; value?: string; final?: string }[] };
        expect(parsed.filters.map((f) => [f.attribute, f.value ?? f.final])).to.deep.equal([
          ["l", value],
          ["departmentNumber", value],
        ]);
      }),
    );
  });

  it("selects exactly the users evaluateFilter matches, or a superset when it says so", () => {
    // a: substrings; b: no substrings rule; c: loose (like telephoneNumber); d: not in the map.
    const map: LdapAttributeMap = { a: { attribute: "a" }, b: { attribute: "b", substrings: false }, c: { attribute: "c", loose: true } };
    const text = fc.constantFrom("x", "X", "xy", "yx", "é", "É", "*", "(x)", "a\\b");
    const value = fc.option(fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 })), { nil: undefined });
    const arbRow = fc.record({
      not: fc.boolean(),
      attribute: fc.constantFrom("a", "b", "c", "d"),
      condition: fc.constantFrom("equals", "contains", "startsWith", "endsWith", "regex", "in") as fc.Arbitrary<FilterRow["condition"]>,
      values: fc.array(text, { minLength: 1, maxLength: 3 }),
      join: fc.constantFrom("and", "or") as fc.Arbitrary<"and" | "or">,
    });
    fc.assert(
      fc.property(fc.array(arbRow, { minLength: 1, maxLength: 5 }), fc.array(fc.record({ a: value, b: value, c: value, d: value }), { minLength: 1, maxLength: 8 }), (specs, users) => {
        const rows: FilterRow[] = specs.map((s, i) => ({
          not: s.not,
          attribute: s.attribute,
          condition: s.condition,
          value: s.condition === "in" ? s.values : s.condition === "regex" ? "^x" : (s.values[0] as string),
          ...(i < specs.length - 1 ? { join: s.join } : {}),
        }));
        const compiled = compileToLdap(rows, map);
        if (compiled.filter === undefined) {
          expect(compiled.needsLocalEvaluation).to.equal(true);
          return;
        }
        const tree = parseLdapFilter(compiled.filter);
        for (const attributes of users) {
          const local = evaluateFilter(rows, { id: "u", attributes });
          const server = evalLdap(tree, attributes);
          if (compiled.needsLocalEvaluation) expect(!local || server, `${compiled.filter} missed ${JSON.stringify(attributes)}`).to.equal(true);
          else expect(server, `${compiled.filter} on ${JSON.stringify(attributes)}`).to.equal(local);
        }
      }),
    );
  });
});

/**
 * A directory server's reading of the filter, for values without spaces: case-insensitive
 * equality and substrings (caseIgnoreMatch), any value of a multi-valued attribute, and FALSE
 * for an absent attribute (so its NOT is TRUE).
 */
function evalLdap(node: LdapFilterNode, attributes: Record<string, string | string[] | undefined>): boolean {
  const values = (name: string): string[] => {
    const v = attributes[name];
    return v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => x.toLowerCase());
  };
  switch (node.type) {
    case "and":
      return node.filters.every((f) => evalLdap(f, attributes));
    case "or":
      return node.filters.some((f) => evalLdap(f, attributes));
    case "not":
      return !evalLdap(node.filter, attributes);
    case "equality":
      return values(node.attribute).includes(String(node.value).toLowerCase());
    case "substrings":
      return values(node.attribute).some((v) => {
        const initial = node.initial?.toLowerCase() ?? "";
        const final = node.final?.toLowerCase() ?? "";
        if (!v.startsWith(initial)) return false;
        let at = initial.length;
        for (const part of node.any) {
          const found = v.indexOf(part.toLowerCase(), at);
          if (found < 0) return false;
          at = found + part.length;
        }
        return v.length - at >= final.length && v.endsWith(final);
      });
    default:
      throw new Error(`the compiler does not write ${node.type}`);
  }
}
