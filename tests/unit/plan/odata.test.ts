import { expect } from "chai";
import fc from "fast-check";
import { compileToOData, evaluateFilter, FilterRow, GraphAttributeMap, isPlanError, ODataFilter, PlanError } from "../../../provider/plan";

const row = (attribute: string, condition: FilterRow["condition"], value: FilterRow["value"], extra: Partial<FilterRow> = {}): FilterRow => ({
  attribute,
  condition,
  value,
  ...extra,
});
const exact = (filter: string, advancedQuery = false): ODataFilter => ({ filter, advancedQuery, needsLocalEvaluation: false, localOnly: [] });

describe("plan/odata compileToOData", () => {
  it("compiles equals, in and startsWith without advanced query parameters", () => {
    expect(compileToOData([row("city", "equals", "Chicago")])).to.deep.equal(exact("city eq 'Chicago'"));
    expect(compileToOData([row("department", "in", ["Sales", "Support"])])).to.deep.equal(exact("department in ('Sales', 'Support')"));
    expect(compileToOData([row("city", "startsWith", "Chi")])).to.deep.equal(exact("startsWith(city, 'Chi')"));
  });

  it("parenthesises AND-groups joined by OR", () => {
    const rows = [
      row("city", "equals", "Chicago", { join: "and" }),
      row("department", "in", ["Sales", "Support"], { join: "or" }),
      row("jobTitle", "startsWith", "Eng"),
    ];
    expect(compileToOData(rows)).to.deep.equal(exact("(city eq 'Chicago' and department in ('Sales', 'Support')) or startsWith(jobTitle, 'Eng')"));
  });

  it("compiles negations to ne / not, which need advanced query parameters", () => {
    expect(compileToOData([row("city", "equals", "Chicago", { not: true })])).to.deep.equal(exact("city ne 'Chicago'", true));
    expect(compileToOData([row("city", "startsWith", "Chi", { not: true })])).to.deep.equal(exact("not(startsWith(city, 'Chi'))", true));
    expect(
      compileToOData([row("department", "in", ["Sales", "Support"], { not: true, join: "or" }), row("city", "equals", "Chicago")]),
    ).to.deep.equal(exact("(department ne 'Sales' and department ne 'Support') or city eq 'Chicago'", true));
  });

  it("falls back to not(...) when a property allows not but not ne", () => {
    const map: GraphAttributeMap = { site: { property: "officeLocation", operators: ["eq", "in", "not"] } };
    expect(compileToOData([row("site", "equals", "HQ", { not: true })], map)).to.deep.equal(exact("not(officeLocation eq 'HQ')", true));
    expect(compileToOData([row("site", "in", ["HQ", "DC"], { not: true })], map)).to.deep.equal(exact("not(officeLocation in ('HQ', 'DC'))", true));
  });

  it("compiles endsWith only where Graph has it, as an advanced query", () => {
    expect(compileToOData([row("mail", "endsWith", "@contoso.com")])).to.deep.equal(exact("endsWith(mail, '@contoso.com')", true));
    expect(compileToOData([row("city", "endsWith", "go")])).to.deep.equal({
      filter: undefined,
      advancedQuery: false,
      needsLocalEvaluation: true,
      localOnly: ["rows[0] (endsWith): Graph cannot filter city with endsWith"],
    });
  });

  it("maps extension attributes to their Graph path and always queries them as advanced", () => {
    expect(compileToOData([row("extensionAttribute11", "equals", "Cu1Si1")])).to.deep.equal(
      exact("onPremisesExtensionAttributes/extensionAttribute11 eq 'Cu1Si1'", true),
    );
  });

  it("writes booleans unquoted and leaves other values of boolean properties to local evaluation", () => {
    expect(compileToOData([row("accountEnabled", "equals", "True")])).to.deep.equal(exact("accountEnabled eq true"));
    expect(compileToOData([row("accountEnabled", "equals", "true", { not: true })])).to.deep.equal(exact("accountEnabled ne true", true));
    expect(compileToOData([row("accountEnabled", "equals", "yes")]).localOnly).to.deep.equal([
      'rows[0] (equals): accountEnabled is true or false and compiles only for equals "true" or "false"',
    ]);
  });

  it("keeps what compiles of an AND-group and marks the result for local evaluation", () => {
    const rows = [
      row("city", "equals", "Chicago", { join: "and" }),
      row("displayName", "contains", "Lab", { join: "and", not: true }),
      row("jobTitle", "regex", "^eng", { join: "or" }),
      row("department", "startsWith", "Sal", { join: "and" }),
      row("country", "equals", "US"),
    ];
    expect(compileToOData(rows)).to.deep.equal({
      filter: "city eq 'Chicago' or country eq 'US'",
      advancedQuery: false,
      needsLocalEvaluation: true,
      localOnly: [
        "rows[1] (not contains): Graph $filter has no contains operator for user properties",
        "rows[2] (regex): Graph $filter has no regular expressions",
        "rows[3] (startsWith): Graph cannot filter department with startsWith",
      ],
    });
  });

  it("drops the server filter when an OR branch compiles to nothing", () => {
    expect(compileToOData([row("city", "equals", "Chicago", { join: "or" }), row("nickname", "equals", "Al")])).to.deep.equal({
      filter: undefined,
      advancedQuery: false,
      needsLocalEvaluation: true,
      localOnly: ['rows[1] (equals): attribute "nickname" is not in the Graph attribute map'],
    });
  });

  it("doubles single quotes, so a hostile value stays one literal", () => {
    expect(compileToOData([row("city", "equals", "x' or 1 eq 1 or '")]).filter).to.equal("city eq 'x'' or 1 eq 1 or '''");
    expect(compileToOData([row("department", "in", ["a')) or (city eq 'b"])]).filter).to.equal("department in ('a'')) or (city eq ''b')");
    expect(parseODataFilter("city eq 'x'' or 1 eq 1 or '''")).to.deep.equal({ op: "eq", property: "city", values: ["x' or 1 eq 1 or '"] });
  });

  it("leaves URL encoding to the caller: encodeURIComponent keeps & and # inside the parameter", () => {
    const { filter } = compileToOData([row("department", "equals", "R&D #1")]);
    expect(filter).to.equal("department eq 'R&D #1'");
    expect(new URLSearchParams(`$filter=${encodeURIComponent(filter as string)}&$count=true`).get("$filter")).to.equal(filter);
  });

  it("throws for rows that are invalid or still hold macros, and for a malformed property path", () => {
    expect(() => compileToOData([row("city", "equals", "{{site.city}}")])).to.throw(PlanError, "macro {{site.city}} has not been resolved");
    try {
      compileToOData([row("city", "equals", "x")], { city: { property: "city) or (true", operators: ["eq"] } });
      expect.fail("a malformed property path was accepted");
    } catch (e) {
      expect(isPlanError(e)).to.equal(true);
      expect((e as PlanError).problems).to.deep.equal([
        'attribute "city" maps to "city) or (true", which is not a Graph property path such as "city" or "onPremisesExtensionAttributes/extensionAttribute1"',
      ]);
    }
  });

  it("never lets a value change the shape of the filter, for any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }).filter((s) => s !== "" && !/\{\{|\}\}/.test(s)), (value) => {
        const { filter } = compileToOData([row("city", "startsWith", value, { join: "or" }), row("department", "in", [value, "x"])]);
        expect(parseODataFilter(filter as string)).to.deep.equal({
          op: "or",
          args: [
            { op: "startsWith", property: "city", values: [value] },
            { op: "in", property: "department", values: [value, "x"] },
          ],
        });
      }),
    );
  });

  it("selects exactly the users evaluateFilter matches, or a superset when it says so", () => {
    // a: every operator; b: eq and in only; c: not in the map.
    const map: GraphAttributeMap = {
      a: { property: "a", operators: ["eq", "ne", "not", "in", "startsWith", "endsWith"] },
      b: { property: "b", operators: ["eq", "in"] },
    };
    const text = fc.constantFrom("x", "X", "xy", "y'");
    const arbRow = fc.record({
      not: fc.boolean(),
      attribute: fc.constantFrom("a", "b", "c"),
      condition: fc.constantFrom("equals", "contains", "startsWith", "endsWith", "regex", "in") as fc.Arbitrary<FilterRow["condition"]>,
      values: fc.array(text, { minLength: 1, maxLength: 3 }),
      join: fc.constantFrom("and", "or") as fc.Arbitrary<"and" | "or">,
    });
    const attrs = fc.record({ a: fc.option(text, { nil: undefined }), b: fc.option(text, { nil: undefined }), c: fc.option(text, { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(arbRow, { minLength: 1, maxLength: 5 }), fc.array(attrs, { minLength: 1, maxLength: 8 }), (specs, users) => {
        const rows: FilterRow[] = specs.map((s, i) => ({
          not: s.not,
          attribute: s.attribute,
          condition: s.condition,
          value: s.condition === "in" ? s.values : s.condition === "regex" ? `^${s.values[0]}` : s.values[0],
          ...(i < specs.length - 1 ? { join: s.join } : {}),
        }));
        const compiled = compileToOData(rows, map);
        if (compiled.filter === undefined) {
          expect(compiled.needsLocalEvaluation).to.equal(true);
          return;
        }
        const ast = parseODataFilter(compiled.filter);
        expect(compiled.advancedQuery).to.equal(/ ne |not\(|endsWith\(/.test(compiled.filter));
        for (const attributes of users) {
          const local = evaluateFilter(rows, { id: "u", attributes });
          const server = evalOData(ast, attributes);
          if (compiled.needsLocalEvaluation) expect(!local || server, `${compiled.filter} missed ${JSON.stringify(attributes)}`).to.equal(true);
          else expect(server, `${compiled.filter} on ${JSON.stringify(attributes)}`).to.equal(local);
        }
      }),
    );
  });
});

// A small reader of the $filter subset the compiler writes, standing in for Graph: it parses
// literals as OData does (a quote ends a literal unless doubled), so it also proves quoting.
type Ast =
  | { op: "or" | "and"; args: Ast[] }
  | { op: "not"; arg: Ast }
  | { op: "eq" | "ne" | "in" | "startsWith" | "endsWith"; property: string; values: (string | boolean)[] };

function parseODataFilter(text: string): Ast {
  const tokens = [...text.matchAll(/\s*('(?:[^']|'')*'|[A-Za-z_][A-Za-z0-9_/]*|[(),])/gy)].map((m) => m[1]);
  if (tokens.join("").length !== text.replace(/\s+(?=(?:[^']*'[^']*')*[^']*$)/g, "").length) throw new Error(`cannot tokenize ${text}`);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (expected?: string) => {
    const t = tokens[pos++];
    if (t === undefined || (expected !== undefined && t !== expected)) throw new Error(`expected ${expected ?? "a token"} at ${pos - 1} in ${text}, got ${t}`);
    return t;
  };
  const literal = (): string | boolean => {
    const t = take();
    if (t === "true" || t === "false") return t === "true";
    if (!t.startsWith("'")) throw new Error(`expected a literal, got ${t}`);
    return t.slice(1, -1).replace(/''/g, "'");
  };
  const list = (op: "or" | "and", next: () => Ast): Ast => {
    const args = [next()];
    while (peek() === op) {
      take();
      args.push(next());
    }
    return args.length === 1 ? args[0] : { op, args };
  };
  const expr = (): Ast => list("or", () => list("and", unary));
  const unary = (): Ast => {
    if (peek() === "not") {
      take();
      take("(");
      const arg = expr();
      take(")");
      return { op: "not", arg };
    }
    if (peek() === "(") {
      take();
      const e = expr();
      take(")");
      return e;
    }
    const first = take();
    if (first === "startsWith" || first === "endsWith") {
      take("(");
      const property = take();
      take(",");
      const value = literal();
      take(")");
      return { op: first, property, values: [value] };
    }
    const op = take();
    if (op === "eq" || op === "ne") return { op, property: first, values: [literal()] };
    if (op !== "in") throw new Error(`unexpected ${op}`);
    take("(");
    const values = [literal()];
    while (peek() === ",") {
      take();
      values.push(literal());
    }
    take(")");
    return { op: "in", property: first, values };
  };
  const ast = expr();
  if (pos !== tokens.length) throw new Error(`trailing tokens in ${text}`);
  return ast;
}

function evalOData(ast: Ast, attributes: Record<string, string | undefined>): boolean {
  switch (ast.op) {
    case "or":
      return ast.args.some((a) => evalOData(a, attributes));
    case "and":
      return ast.args.every((a) => evalOData(a, attributes));
    case "not":
      return !evalOData(ast.arg, attributes);
    default: {
      const v = attributes[ast.property]?.toLowerCase();
      const values = ast.values.map((x) => String(x).toLowerCase());
      if (v === undefined) return ast.op === "ne"; // OData: null ne 'x' is true, every other comparison false
      if (ast.op === "eq") return v === values[0];
      if (ast.op === "ne") return v !== values[0];
      if (ast.op === "in") return values.includes(v);
      if (ast.op === "startsWith") return v.startsWith(values[0]);
      return v.endsWith(values[0]);
    }
  }
}
