import { expect } from "chai";
import fc from "fast-check";
import {
  compileFilter,
  DirectoryUser,
  evaluateFilter,
  FilterCriteria,
  FilterRow,
  isPlanError,
  orOfAndGroups,
  PlanError,
  resolveMacros,
  validateFilterCriteria,
} from "../../../provider/plan";

const user = (attributes: DirectoryUser["attributes"], id = "u1"): DirectoryUser => ({ id, attributes });
const row = (attribute: string, condition: FilterRow["condition"], value: FilterRow["value"], extra: Partial<FilterRow> = {}): FilterRow => ({
  attribute,
  condition,
  value,
  ...extra,
});

describe("plan/filter", () => {
  describe("validateFilterCriteria", () => {
    it("accepts valid rows", () => {
      expect(
        validateFilterCriteria([
          row("city", "equals", "Chicago", { join: "and" }),
          row("department", "in", ["Sales", "Support"], { join: "or", not: true }),
          row("jobTitle", "regex", "^eng(ineer)?$", { join: "and" }),
          row("city", "equals", "{{site.city}}"),
        ]),
      ).to.deep.equal([]);
    });

    it("rejects an empty filter rather than matching everyone", () => {
      expect(validateFilterCriteria([])).to.deep.equal(["the filter has no rows; add at least one row (an empty filter would match every user)"]);
    });

    it("names the row and field of every problem, with what to write instead", () => {
      const rows = [
        {} as FilterRow,
        row("", "eq" as FilterRow["condition"], "x", { join: "and" }),
        row("city", "regex", "(Chicago", { join: "AND" as FilterRow["join"] }),
        row("department", "in", "Sales", { join: "or" }),
        row("department", "in", [], { join: "or" }),
        row("department", "in", Array.from({ length: 16 }, (_, i) => `D${i}`), { join: "or" }),
        row("department", "in", ["Sales", ""], { join: "or" }),
        row("city", "equals", ["A", "B"], { join: "and" }),
        row("city", "startsWith", ""),
        row("city", "equals", "{{site city}}", { not: "yes" as unknown as boolean }),
        row("city", "contains", "x", { join: "or" }),
      ];
      expect(validateFilterCriteria(rows)).to.deep.equal([
        "rows[0]: is empty; give it an attribute, a condition and a value, or remove it",
        'rows[1].attribute: is empty; name the user attribute to test, e.g. "city" or "department"',
        'rows[1].condition: "eq" is not a condition; use one of equals, contains, startsWith, endsWith, regex, in',
        'rows[2].value: "(Chicago" is not a valid regular expression: Unterminated group',
        'rows[2].join: must be "and" or "or"; got "AND"',
        'rows[3].value: condition "in" takes a list of values, e.g. ["Chicago", "Boston"]; got the single value "Sales" (use condition "equals" for one value)',
        'rows[4].value: is an empty list; condition "in" needs 1 to 15 values',
        `rows[5].value: has 16 values; condition "in" takes at most 15 (Microsoft Graph's limit for in); split it into several "in" rows joined with "or"`,
        "rows[6].value[1]: is empty; give the text to compare the attribute with",
        'rows[7].value: condition "equals" takes one value; got a list of 2 (use condition "in" to match any of several values)',
        "rows[8].value: is empty; give the text to compare the attribute with",
        'rows[8].join: is missing; say "and" or "or" to link this row to rows[9]',
        'rows[9].not: must be true or false; got "yes"',
        'rows[9].value: "{{site city}}" has a malformed macro; write macros as {{scope.name}}, e.g. {{site.city}}',
        'rows[9].join: is missing; say "and" or "or" to link this row to rows[10]',
        'rows[10].join: the last row has join "or" but no row follows it; remove the join or add a row after it',
      ]);
    });

    it("checks a regex with macros as if each macro were plain text", () => {
      expect(validateFilterCriteria([row("city", "regex", "^{{site.city}}$")])).to.deep.equal([]);
      expect(validateFilterCriteria([row("city", "regex", "^({{site.city}}$")])).to.deep.equal([
        'rows[0].value: "^({{site.city}}$" is not a valid regular expression: Unterminated group',
      ]);
    });

    it("accepts exactly 15 values for in", () => {
      expect(validateFilterCriteria([row("city", "in", Array.from({ length: 15 }, (_, i) => `C${i}`))])).to.deep.equal([]);
    });
  });

  describe("resolveMacros", () => {
    const context = { site: { code: "Cu1Si1", city: "St. Louis" }, customer: { code: "Cu1" } };

    it("replaces macros from the context, with or without spaces in the braces", () => {
      const { rows, problems } = resolveMacros(
        [row("city", "equals", "{{ site.city }}", { join: "and" }), row("department", "in", ["{{customer.code}}-Sales", "x"])],
        context,
      );
      expect(problems).to.deep.equal([]);
      expect(rows).to.deep.equal([row("city", "equals", "St. Louis", { join: "and" }), row("department", "in", ["Cu1-Sales", "x"])]);
    });

    it("escapes macro values inside a regex, so a dot matches only a dot", () => {
      const { rows } = resolveMacros([row("city", "regex", "^{{site.city}}$")], context);
      expect(rows[0].value).to.equal("^St\\. Louis$");
      expect(evaluateFilter(rows, user({ city: "st. louis" }))).to.equal(true);
      expect(evaluateFilter(rows, user({ city: "StX Louis" }))).to.equal(false);
    });

    it("names each unknown macro and lists the defined ones", () => {
      const { rows, problems } = resolveMacros([row("city", "equals", "{{site.citty}}", { join: "or" }), row("city", "in", ["a", "{{region.name}}"])], context);
      expect(problems).to.deep.equal([
        "rows[0].value: unknown macro {{site.citty}}; the macros defined here are {{customer.code}}, {{site.city}}, {{site.code}}",
        "rows[1].value[1]: unknown macro {{region.name}}; the macros defined here are {{customer.code}}, {{site.city}}, {{site.code}}",
      ]);
      expect(rows[0].value).to.equal("{{site.citty}}");
    });

    it("treats an empty or null macro value as undefined", () => {
      expect(resolveMacros([row("city", "equals", "{{site.city}}")], { site: { city: "" } }).problems).to.deep.equal([
        "rows[0].value: unknown macro {{site.city}}; no macros are defined here",
      ]);
    });
  });

  describe("evaluateFilter", () => {
    it("compares ignoring case for every condition", () => {
      const u = user({ city: "Chicago", mail: "Ann@Contoso.com" });
      expect(evaluateFilter([row("city", "equals", "CHICAGO")], u)).to.equal(true);
      expect(evaluateFilter([row("city", "contains", "icag")], u)).to.equal(true);
      expect(evaluateFilter([row("city", "startsWith", "chi")], u)).to.equal(true);
      expect(evaluateFilter([row("mail", "endsWith", "@CONTOSO.COM")], u)).to.equal(true);
      expect(evaluateFilter([row("city", "regex", "^ch.*O$")], u)).to.equal(true);
      expect(evaluateFilter([row("city", "in", ["Boston", "chicago"])], u)).to.equal(true);
      expect(evaluateFilter([row("city", "equals", "Chicag")], u)).to.equal(false);
      expect(evaluateFilter([row("city", "in", ["Boston"])], u)).to.equal(false);
    });

    it("looks attributes up ignoring case, and never on the prototype", () => {
      expect(evaluateFilter([row("City", "equals", "Chicago")], user({ city: "Chicago" }))).to.equal(true);
      expect(evaluateFilter([row("constructor", "contains", "Object")], user({}))).to.equal(false);
      expect(evaluateFilter([row("toString", "regex", ".*", { not: true })], user({}))).to.equal(true);
    });

    it("never matches a missing attribute, so its NOT always matches", () => {
      for (const missing of [{}, { city: null }, { city: undefined }, { city: "" }, { city: [] }]) {
        expect(evaluateFilter([row("city", "regex", ".*")], user(missing)), JSON.stringify(missing)).to.equal(false);
        expect(evaluateFilter([row("city", "regex", ".*", { not: true })], user(missing)), JSON.stringify(missing)).to.equal(true);
      }
    });

    it("matches a list attribute when any value matches, and its NOT when none does", () => {
      const u = user({ proxyAddresses: ["SMTP:ann@contoso.com", "smtp:ann@fabrikam.com"] });
      expect(evaluateFilter([row("proxyAddresses", "endsWith", "@fabrikam.com")], u)).to.equal(true);
      expect(evaluateFilter([row("proxyAddresses", "endsWith", "@fabrikam.com", { not: true })], u)).to.equal(false);
      expect(evaluateFilter([row("proxyAddresses", "endsWith", "@example.com", { not: true })], u)).to.equal(true);
    });

    it("compares numbers and booleans as their text", () => {
      expect(evaluateFilter([row("accountEnabled", "equals", "TRUE")], user({ accountEnabled: true }))).to.equal(true);
      expect(evaluateFilter([row("floor", "in", ["3", "4"])], user({ floor: 4 }))).to.equal(true);
    });

    it("binds AND tighter than OR: a AND b OR c is (a AND b) OR c", () => {
      const rows: FilterCriteria = [row("a", "equals", "1", { join: "and" }), row("b", "equals", "1", { join: "or" }), row("c", "equals", "1")];
      expect(evaluateFilter(rows, user({ a: "0", b: "0", c: "1" }))).to.equal(true); // a AND (b OR c) would be false
      expect(evaluateFilter(rows, user({ a: "1", b: "0", c: "0" }))).to.equal(false); // (a AND b) OR c: false
      expect(evaluateFilter(rows, user({ a: "1", b: "1", c: "0" }))).to.equal(true);
      expect(orOfAndGroups(rows).map((g) => g.map((r) => r.index))).to.deep.equal([[0, 1], [2]]);
    });

    it("refuses rows that still hold a macro, and invalid rows, with every problem at once", () => {
      const rows = [row("city", "equals", "{{site.city}}", { join: "and" }), row("department", "in", ["x", "{{customer.code}}"])];
      expect(() => evaluateFilter(rows, user({}))).to.throw(
        PlanError,
        "the filter has 2 problems:\n" +
          "  - rows[0].value: macro {{site.city}} has not been resolved; resolve macros for the site before evaluating the filter\n" +
          "  - rows[1].value[1]: macro {{customer.code}} has not been resolved; resolve macros for the site before evaluating the filter",
      );
      try {
        compileFilter([row("city", "regex", "(")]);
        expect.fail("compileFilter accepted an invalid regex");
      } catch (e) {
        expect(isPlanError(e)).to.equal(true);
        expect((e as PlanError).problems).to.deep.equal(['rows[0].value: "(" is not a valid regular expression: Unterminated group']);
      }
    });

    it("agrees with a direct reading of the rows as an OR of AND-groups, for any rows and users", () => {
      const attr = fc.constantFrom("a", "b", "c");
      const text = fc.constantFrom("x", "X", "y", "xy");
      const arbRow = fc.record({
        not: fc.boolean(),
        attribute: attr,
        condition: fc.constantFrom("equals", "contains", "startsWith", "endsWith", "in") as fc.Arbitrary<FilterRow["condition"]>,
        text,
        join: fc.constantFrom("and", "or") as fc.Arbitrary<"and" | "or">,
      });
      const arbUser = fc.record({ a: fc.option(text, { nil: undefined }), b: fc.option(text, { nil: undefined }), c: fc.option(text, { nil: undefined }) });
      fc.assert(
        fc.property(fc.array(arbRow, { minLength: 1, maxLength: 6 }), arbUser, (specs, attrs) => {
          const rows: FilterRow[] = specs.map((s, i) => ({
            not: s.not,
            attribute: s.attribute,
            condition: s.condition,
            value: s.condition === "in" ? [s.text] : s.text,
            ...(i < specs.length - 1 ? { join: s.join } : {}),
          }));
          const term = (s: (typeof specs)[number]): boolean => {
            const v = attrs[s.attribute as "a" | "b" | "c"]?.toLowerCase();
            const t = s.text.toLowerCase();
            const hit =
              v !== undefined &&
              { equals: v === t, in: v === t, contains: v.includes(t), startsWith: v.startsWith(t), endsWith: v.endsWith(t), regex: false }[s.condition];
            return s.not ? !hit : hit;
          };
          // Reference: split the text "t0 j0 t1 j1 ..." at every "or".
          let expected = false;
          let group = true;
          specs.forEach((s, i) => {
            group = group && term(s);
            if (i === specs.length - 1 || s.join === "or") {
              expected = expected || group;
              group = true;
            }
          });
          return evaluateFilter(rows, user(attrs)) === expected;
        }),
      );
    });
  });
});
