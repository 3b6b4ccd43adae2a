// Compiling filter rows to a Microsoft Graph `$filter`, so a tenant of 50,000 users is not read
// in full to find the 300 at one site. What Graph cannot express is left to evaluateFilter.
//
// What compiles (property = the attribute map's Graph property, v = an OData string literal):
//   equals      → `property eq v`                (boolean properties: `property eq true|false`)
//   in          → `property in (v1, v2)`
//   startsWith  → `startsWith(property, v)`
//   endsWith    → `endsWith(property, v)`        (advanced query)
//   NOT equals  → `property ne v`                (advanced query; `not(property eq v)` when only `not` is allowed)
//   NOT in      → `property ne v1 and property ne v2` (advanced; `not(property in (...))` when only `not` is allowed)
//   NOT startsWith / endsWith → `not(startsWith(property, v))` / `not(endsWith(property, v))` (advanced)
// What does not: `contains` and `regex` (Graph has no such operators on user properties),
// attributes missing from the attribute map, operators the map does not list for the property,
// `in` on boolean properties, and boolean values other than true/false. Such rows are dropped from
// the server filter, which then selects a superset, and `needsLocalEvaluation` is set.
//
// Graph compares directory strings ignoring case, like evaluateFilter. Graph's own example
// `companyName ne null and NOT(companyName eq 'Microsoft')` shows that `ne`/`not` select users
// without a value, as the negated rows of evaluateFilter do (docs-contrib concepts/aad-advanced-queries.md).
import { PlanError } from "./errors";
import { assertEvaluable, FilterCriteria, FilterRow, orOfAndGroups } from "./filter";
import { lookupProperty } from "./identifiers";

/** `$filter` operators a Graph property may support (reference: microsoft-graph-and-teams.md §2.3). */
export type GraphFilterOperator = "eq" | "ne" | "not" | "in" | "startsWith" | "endsWith";

/** How one filter attribute maps to a Graph user property. */
export interface GraphFilterAttribute {
  /** Graph property path, e.g. `city` or `onPremisesExtensionAttributes/extensionAttribute11`. */
  readonly property: string;
  /** The `$filter` operators Graph supports on the property. */
  readonly operators: readonly GraphFilterOperator[];
  /** @default "string" */
  readonly type?: "string" | "boolean";
  /** True when any filter on the property needs `ConsistencyLevel: eventual` + `$count=true`. @default false */
  readonly advancedQuery?: boolean;
}

/** Filter attribute name (looked up ignoring case) → Graph property. */
export type GraphAttributeMap = Readonly<Record<string, GraphFilterAttribute>>;

const EQ_IN_NOT: readonly GraphFilterOperator[] = ["eq", "ne", "not", "in"];
const WITH_STARTS: readonly GraphFilterOperator[] = [...EQ_IN_NOT, "startsWith"];

/**
 * The single-valued user properties Graph can filter, with their operators (docs-contrib
 * aad-advanced-queries.md and resources/user.md). `mail` and `userPrincipalName` are the only
 * ones with `endsWith`. Extension attributes are always queried as advanced queries, as Graph's
 * own examples do. Multi-valued properties (proxyAddresses) need lambdas and are not mapped.
 */
export const GRAPH_USER_FILTER_ATTRIBUTES: GraphAttributeMap = {
  department: { property: "department", operators: EQ_IN_NOT },
  usageLocation: { property: "usageLocation", operators: WITH_STARTS },
  city: { property: "city", operators: WITH_STARTS },
  country: { property: "country", operators: WITH_STARTS },
  officeLocation: { property: "officeLocation", operators: WITH_STARTS },
  companyName: { property: "companyName", operators: WITH_STARTS },
  jobTitle: { property: "jobTitle", operators: WITH_STARTS },
  employeeId: { property: "employeeId", operators: WITH_STARTS },
  employeeType: { property: "employeeType", operators: WITH_STARTS },
  displayName: { property: "displayName", operators: WITH_STARTS },
  mail: { property: "mail", operators: [...WITH_STARTS, "endsWith"] },
  userPrincipalName: { property: "userPrincipalName", operators: [...WITH_STARTS, "endsWith"] },
  accountEnabled: { property: "accountEnabled", operators: EQ_IN_NOT, type: "boolean" },
  onPremisesSyncEnabled: { property: "onPremisesSyncEnabled", operators: EQ_IN_NOT, type: "boolean" },
  ...Object.fromEntries(
    Array.from({ length: 15 }, (_, i) => [
      `extensionAttribute${i + 1}`,
      { property: `onPremisesExtensionAttributes/extensionAttribute${i + 1}`, operators: EQ_IN_NOT, advancedQuery: true },
    ]),
  ),
};

/** The result of {@link compileToOData}. */
export interface ODataFilter {
  /**
   * The `$filter` expression, not URL-encoded; undefined when no row compiles and every user
   * must be read. Put it in a URL only through `encodeURIComponent`: the Graph client 3.0.7
   * joins query parameters without encoding them, so a `&` or `#` in a value would cut the URL.
   */
  readonly filter: string | undefined;
  /** Send `ConsistencyLevel: eventual` and `$count=true` (the filter uses ne, not or endsWith). */
  readonly advancedQuery: boolean;
  /** The filter selects a superset; pass each returned user through evaluateFilter. */
  readonly needsLocalEvaluation: boolean;
  /** Why each row left out of the server filter was left out, e.g. `rows[1] (contains): ...`. */
  readonly localOnly: readonly string[];
}

type Compiled = { readonly expr: string; readonly advanced: boolean; readonly compound: boolean } | { readonly reason: string };

/**
 * Compiles rows (macros resolved) to a Graph `$filter`. AND-groups keep the rows that compile;
 * dropping a row from an AND-group only widens it, so the result is exact when every row
 * compiles and a superset otherwise. If a group keeps no row, the filter would be `true`, so
 * `filter` is undefined. Values are OData string literals with single quotes doubled, so no
 * value can end its literal. Throws a {@link PlanError} for invalid rows or attribute map entries.
 */
export function compileToOData(rows: FilterCriteria, attributeMap: GraphAttributeMap = GRAPH_USER_FILTER_ATTRIBUTES): ODataFilter {
  assertEvaluable(rows);
  assertAttributeMap(rows, attributeMap);
  const localOnly: string[] = [];
  let advancedQuery = false;
  let unfiltered = false;
  const groups = orOfAndGroups(rows).map((group) => {
    const exprs: Compiled[] = group.map(({ row, index }) => {
      const compiled = compileRow(row, lookupProperty(attributeMap, row.attribute));
      if ("reason" in compiled) localOnly.push(`rows[${index}] (${row.not === true ? "not " : ""}${row.condition}): ${compiled.reason}`);
      return compiled;
    });
    const kept = exprs.filter((c): c is Extract<Compiled, { expr: string }> => "expr" in c);
    if (kept.length === 0) unfiltered = true;
    advancedQuery ||= kept.some((c) => c.advanced);
    return kept;
  });
  if (unfiltered) return { filter: undefined, advancedQuery: false, needsLocalEvaluation: true, localOnly };
  const several = groups.length > 1;
  const filter = groups
    .map((kept) => {
      const text = kept.map((c) => c.expr).join(" and ");
      return several && (kept.length > 1 || kept[0].compound) ? `(${text})` : text;
    })
    .join(" or ");
  return { filter, advancedQuery, needsLocalEvaluation: localOnly.length > 0, localOnly };
}

/** An OData string literal: single quotes doubled, nothing else can end it. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function compileRow(row: FilterRow, attribute: GraphFilterAttribute | undefined): Compiled {
  if (row.condition === "contains") return { reason: "Graph $filter has no contains operator for user properties" };
  if (row.condition === "regex") return { reason: "Graph $filter has no regular expressions" };
  if (attribute === undefined) return { reason: `attribute "${row.attribute}" is not in the Graph attribute map` };
  const p = attribute.property;
  const supports = (op: GraphFilterOperator) => attribute.operators.includes(op);
  const unsupported = (op: string) => ({ reason: `Graph cannot filter ${p} with ${op}` });
  const advanced = attribute.advancedQuery === true;
  const negate = row.not === true;

  let literals: string[];
  if (attribute.type === "boolean") {
    const value = typeof row.value === "string" ? row.value.toLowerCase() : undefined;
    if (row.condition !== "equals" || (value !== "true" && value !== "false")) {
      return { reason: `${p} is true or false and compiles only for equals "true" or "false"` };
    }
    literals = [value];
  } else {
    literals = (typeof row.value === "string" ? [row.value] : row.value).map(odataString);
  }

  if (row.condition === "equals" || row.condition === "in") {
    const op = row.condition === "equals" ? "eq" : "in";
    if (!supports(op)) return unsupported(op);
    const positive = op === "eq" ? `${p} eq ${literals[0]}` : `${p} in (${literals.join(", ")})`;
    if (!negate) return { expr: positive, advanced, compound: false };
    if (supports("ne")) return { expr: literals.map((l) => `${p} ne ${l}`).join(" and "), advanced: true, compound: literals.length > 1 };
    if (supports("not")) return { expr: `not(${positive})`, advanced: true, compound: false };
    return unsupported("ne or not");
  }
  const fn = row.condition; // startsWith | endsWith
  if (!supports(fn)) return unsupported(fn);
  const positive = `${fn}(${p}, ${literals[0]})`;
  const needsAdvanced = advanced || fn === "endsWith";
  if (!negate) return { expr: positive, advanced: needsAdvanced, compound: false };
  if (supports("not")) return { expr: `not(${positive})`, advanced: true, compound: false };
  return unsupported("not");
}

// Property paths go into the filter unquoted; they come from code, but one malformed entry
// must not be able to change the shape of the expression.
const PROPERTY_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;

function assertAttributeMap(rows: FilterCriteria, attributeMap: GraphAttributeMap): void {
  const problems: string[] = [];
  for (const name of new Set(rows.map((r) => r.attribute))) {
    const entry = lookupProperty(attributeMap, name);
    if (entry !== undefined && !PROPERTY_PATH.test(entry.property)) {
      problems.push(`attribute "${name}" maps to ${JSON.stringify(entry.property)}, which is not a Graph property path such as "city" or "onPremisesExtensionAttributes/extensionAttribute1"`);
    }
  }
  if (problems.length > 0) throw new PlanError("the Graph attribute map", problems);
}
