// The graph simulator's $filter parser and evaluator on their own (pure): grammar, precedence,
// escaping, lambdas, errors with positions, and which operators need an advanced query.
import { expect } from "chai";
import fc from "fast-check";
import { checkFilter, evaluateFilter, FilterSyntaxError, parseFilter, USER_FILTER_SCHEMA } from "../../../lab/microsoft";

const user: Record<string, unknown> = {
  city: "Chicago",
  department: "Sales",
  surname: "O'Brien",
  usageLocation: null,
  accountEnabled: true,
  onPremisesExtensionAttributes: { extensionAttribute11: "TeamsVoice" },
  assignedLicenses: [{ skuId: "06ebc4ee-1bb5-47dd-8120-11324bc54e06", disabledPlans: [] }],
  otherMails: ["a@example.com"],
};

function read(path: string): unknown {
  return path.split("/").reduce<unknown>((value, segment) => (typeof value === "object" && value !== null ? (value as Record<string, unknown>)[segment] : undefined), user);
}

const matches = (filter: string): boolean => evaluateFilter(parseFilter(filter), read);

describe("lab graph $filter parser", () => {
  it("evaluates comparisons case-insensitively, with null, booleans, in and functions", () => {
    expect(matches("city eq 'chicago'")).to.equal(true);
    expect(matches("city ne 'Chicago'")).to.equal(false);
    expect(matches("usageLocation eq null")).to.equal(true);
    expect(matches("department ne null")).to.equal(true);
    expect(matches("accountEnabled eq true")).to.equal(true);
    expect(matches("department in ('Finance', 'sales')")).to.equal(true);
    expect(matches("startsWith(city,'Chi') and endsWith(city,'GO')")).to.equal(true);
    expect(matches("startswith(city,'Bos') eq false")).to.equal(true);
    expect(matches("onPremisesExtensionAttributes/extensionAttribute11 eq 'TeamsVoice'")).to.equal(true);
  });

  it("reads '' inside a string literal as one quote", () => {
    expect(matches("surname eq 'O''Brien'")).to.equal(true);
    expect(matches("surname eq 'OBrien'")).to.equal(false);
  });

  it("gives and precedence over or, and honours parentheses and not", () => {
    expect(matches("city eq 'Boston' and department eq 'Sales' or accountEnabled eq true")).to.equal(true);
    expect(matches("city eq 'Boston' and (department eq 'Sales' or accountEnabled eq true)")).to.equal(false);
    expect(matches("not(city eq 'Boston')")).to.equal(true);
    expect(matches("not startsWith(city,'Chi')")).to.equal(false);
  });

  it("evaluates lambdas and collection counts", () => {
    expect(matches("assignedLicenses/any(x:x/skuId eq 06ebc4ee-1bb5-47dd-8120-11324bc54e06)")).to.equal(true);
    expect(matches("assignedLicenses/any(x:x/skuId eq e43b5b99-8dfb-405f-9987-dc307f34bcbd)")).to.equal(false);
    expect(matches("otherMails/any(m:startsWith(m,'a@'))")).to.equal(true);
    expect(matches("assignedLicenses/$count eq 1")).to.equal(true);
    expect(matches("assignedLicenses/any()")).to.equal(true);
  });

  it("reports syntax errors with their position", () => {
    for (const [filter, position] of [
      ["city eq 'Chicago", 8],
      ["city equals 'Chicago'", 5],
      ["city eq 'Chicago' and", 21],
      ["(city eq 'Chicago'", 18],
      ["city eq Chicago", 8],
    ] as const) {
      let error: unknown;
      try {
        parseFilter(filter);
      } catch (caught) {
        error = caught;
      }
      expect(error, filter).to.be.instanceOf(FilterSyntaxError);
      expect((error as FilterSyntaxError).position, filter).to.equal(position);
    }
  });

  it("tells which filters need an advanced query and which properties refuse an operator", () => {
    const check = (filter: string) => checkFilter(parseFilter(filter), USER_FILTER_SCHEMA);
    expect(check("city eq 'Chicago' and startsWith(displayName,'A')").needsAdvanced).to.equal(false);
    expect(check(`assignedLicenses/any(x:x/skuId eq 06ebc4ee-1bb5-47dd-8120-11324bc54e06)`).needsAdvanced).to.equal(false);
    for (const filter of ["city ne 'Chicago'", "not(city eq 'Chicago')", "endsWith(mail,'.com')", "usageLocation eq null", "assignedLicenses/$count eq 0", "onPremisesExtensionAttributes/extensionAttribute1 eq 'x'"]) {
      expect(check(filter).needsAdvanced, filter).to.equal(true);
    }
    expect(check("startsWith(department,'S')").problems[0]).to.deep.equal({ kind: "unsupported", message: "Unsupported or invalid query filter clause specified for property 'department' of resource 'User'." });
    expect(check("shoeSize eq 'x'").problems[0]?.kind).to.equal("badRequest");
    expect(check("accountEnabled eq 'yes'").problems[0]?.message).to.contain("incompatible types");
  });

  it("round-trips any string through a quoted literal", () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const literal = `'${value.replace(/'/g, "''")}'`;
        const node = parseFilter(`city eq ${literal}`);
        return node.kind === "compare" && node.value.type === "string" && node.value.value === value;
      }),
    );
  });
});
