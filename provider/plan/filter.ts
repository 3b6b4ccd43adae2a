// Model filter criteria: the rows that decide which directory users a site or a flow-through
// entry takes. The same rows are evaluated here, compiled to an OData $filter (odata.ts) and
// later to an LDAP filter, so their meaning is defined once, in this file.
import { PlanError } from "./errors";
import { hasMalformedMacro, macrosIn, MacroContext, stubMacros, substituteMacros, unknownMacroMessage } from "./macros";
import { lookupProperty } from "./identifiers";
import { didYouMean, show } from "./messages";

/** How a row compares the attribute with its value. All comparisons ignore case. */
export const FILTER_CONDITIONS = ["equals", "contains", "startsWith", "endsWith", "regex", "in"] as const;
export type FilterCondition = (typeof FILTER_CONDITIONS)[number];

/** Links a row to the next row. */
export type FilterJoin = "and" | "or";

/**
 * Microsoft Graph accepts at most 15 values in one `in` list; rows are held to the same limit
 * so a filter that works locally also compiles.
 */
export const MAX_IN_VALUES = 15;

/** One row of a model filter: `[not] attribute condition value [and|or]`. */
export interface FilterRow {
  /** Negates the row. A user without the attribute does not match a row, so it matches the negated row. @default false */
  readonly not?: boolean;
  /** The user attribute to test, e.g. `city`, `department`, `extensionAttribute11`. Looked up ignoring case. */
  readonly attribute: string;
  readonly condition: FilterCondition;
  /**
   * The text to compare with; a list for `in`. May hold macros such as `{{site.city}}`, which
   * {@link resolveMacros} replaces before the filter is evaluated or compiled.
   */
  readonly value: string | readonly string[];
  /** Links this row to the next one; required on every row but the last. */
  readonly join?: FilterJoin;
}

/**
 * The rows of a model filter, read left to right. AND binds tighter than OR, as in SQL and
 * OData: `a AND b OR c AND d` means `(a AND b) OR (c AND d)`. There are no parentheses; write
 * `a AND (b OR c)` as `a AND b OR a AND c`.
 */
export type FilterCriteria = readonly FilterRow[];

/** A directory user as the planners see it: an immutable id and the attributes a source returned. */
export interface DirectoryUser {
  /** Immutable id (Entra object id, LDAP objectGUID, CUCM pkid); plans are ordered by it. */
  readonly id: string;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/** An attribute as a source returns it; multi-valued attributes (proxyAddresses) are lists. */
export type AttributeValue = string | boolean | number | null | undefined | readonly string[];

/**
 * Every problem with the rows, each naming the row (`rows[2].value`) and saying what to write
 * instead. Rows may still hold macros: a regex row is checked here with each macro standing for
 * plain text (macro values are escaped when substituted), and checked again once resolved.
 */
export function validateFilterCriteria(rows: FilterCriteria): string[] {
  if (!Array.isArray(rows)) return [`the filter must be a list of rows; got ${show(rows)}`];
  if (rows.length === 0) return ["the filter has no rows; add at least one row (an empty filter would match every user)"];
  return rows.flatMap((row, i) => validateRow(row, i, i === rows.length - 1));
}

function validateRow(row: FilterRow, i: number, last: boolean): string[] {
  const at = `rows[${i}]`;
  if (typeof row !== "object" || row === null || Array.isArray(row)) {
    return [`${at}: must be a row with attribute, condition and value; got ${show(row)}`];
  }
  const r = row as Partial<Record<keyof FilterRow, unknown>>;
  if (r.attribute === undefined && r.condition === undefined && r.value === undefined) {
    return [`${at}: is empty; give it an attribute, a condition and a value, or remove it`];
  }
  const problems: string[] = [];
  if (r.not !== undefined && typeof r.not !== "boolean") problems.push(`${at}.not: must be true or false; got ${show(r.not)}`);
  if (typeof r.attribute !== "string" || r.attribute.trim() === "") {
    problems.push(`${at}.attribute: ${r.attribute === undefined || r.attribute === "" ? "is empty" : `must be an attribute name; got ${show(r.attribute)}`}; name the user attribute to test, e.g. "city" or "department"`);
  }
  if (!FILTER_CONDITIONS.includes(r.condition as FilterCondition)) {
    problems.push(`${at}.condition: ${r.condition === undefined ? "is missing" : `${show(r.condition)} is not a condition`}; use one of ${FILTER_CONDITIONS.join(", ")}`);
  } else {
    problems.push(...validateValue(r.value, r.condition as FilterCondition, `${at}.value`));
  }
  if (last && r.join !== undefined) {
    problems.push(`${at}.join: the last row has join ${show(r.join)} but no row follows it; remove the join or add a row after it`);
  } else if (!last && r.join === undefined) {
    problems.push(`${at}.join: is missing; say "and" or "or" to link this row to rows[${i + 1}]`);
  } else if (r.join !== undefined && r.join !== "and" && r.join !== "or") {
    problems.push(`${at}.join: must be "and" or "or"; got ${show(r.join)}`);
  }
  return problems;
}

function validateValue(value: unknown, condition: FilterCondition, at: string): string[] {
  if (value === undefined) return [`${at}: is missing; give the ${condition === "in" ? "list of values" : "text"} to compare the attribute with`];
  if (condition === "in") {
    if (!Array.isArray(value)) {
      return [
        typeof value === "string"
          ? `${at}: condition "in" takes a list of values, e.g. ["Chicago", "Boston"]; got the single value ${show(value)} (use condition "equals" for one value)`
          : `${at}: condition "in" takes a list of values, e.g. ["Chicago", "Boston"]; got ${show(value)}`,
      ];
    }
    if (value.length === 0) return [`${at}: is an empty list; condition "in" needs 1 to ${MAX_IN_VALUES} values`];
    const problems =
      value.length > MAX_IN_VALUES
        ? [`${at}: has ${value.length} values; condition "in" takes at most ${MAX_IN_VALUES} (Microsoft Graph's limit for in); split it into several "in" rows joined with "or"`]
        : [];
    return problems.concat(value.flatMap((v, j) => validateText(v, `${at}[${j}]`)));
  }
  if (Array.isArray(value)) {
    return [`${at}: condition "${condition}" takes one value; got a list of ${value.length} (use condition "in" to match any of several values)`];
  }
  const problems = validateText(value, at);
  if (problems.length === 0 && condition === "regex") {
    const problem = regexProblem(value as string);
    if (problem !== undefined) problems.push(`${at}: ${show(value)} is not a valid regular expression: ${problem}`);
  }
  return problems;
}

function validateText(value: unknown, at: string): string[] {
  if (typeof value !== "string") return [`${at}: must be text; got ${show(value)}`];
  if (value === "") return [`${at}: is empty; give the text to compare the attribute with`];
  if (hasMalformedMacro(value)) return [`${at}: ${show(value)} has a malformed macro; write macros as {{scope.name}}, e.g. {{site.city}}`];
  return [];
}

/** Why a regex row's pattern does not compile, with its macros standing for plain text. */
function regexProblem(pattern: string): string | undefined {
  const source = stubMacros(pattern);
  try {
    new RegExp(source, "i");
    return undefined;
  } catch (e) {
    const message = (e as Error).message;
    const prefix = `Invalid regular expression: /${source}/i: `;
    return message.startsWith(prefix) ? message.slice(prefix.length) : message;
  }
}

/** Rows with their macros replaced, and a problem for each macro the context cannot resolve. */
export interface ResolvedFilter {
  readonly rows: FilterCriteria;
  readonly problems: readonly string[];
}

/**
 * Replaces macros such as `{{site.city}}`, `{{site.code}}` and `{{customer.code}}` in row values
 * with their values from `context` (`{ site: { city: "Chicago" }, customer: { code: "Cu1" } }`).
 * In regex rows the value is escaped, so it matches literally inside the pattern. An unknown
 * macro is a problem naming it; it stays in its row, which then cannot be evaluated.
 */
export function resolveMacros(rows: FilterCriteria, context: MacroContext): ResolvedFilter {
  const problems: string[] = [];
  const substitute = (text: string, at: string, encode?: (v: string) => string): string => {
    const { text: resolved, unresolved } = substituteMacros(text, context, encode);
    for (const macro of unresolved) problems.push(`${at}: ${unknownMacroMessage(macro, context)}`);
    return resolved;
  };
  const resolved = rows.map((row, i): FilterRow => {
    const at = `rows[${i}].value`;
    if (typeof row.value === "string") {
      return { ...row, value: substitute(row.value, at, row.condition === "regex" ? escapeRegExp : undefined) };
    }
    if (Array.isArray(row.value)) {
      return { ...row, value: row.value.map((v, j) => (typeof v === "string" ? substitute(v, `${at}[${j}]`) : v)) };
    }
    return row;
  });
  return { rows: resolved, problems };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A row with its position, so compilers can name the rows they could not translate. */
export interface IndexedRow {
  readonly row: FilterRow;
  readonly index: number;
}

/**
 * The rows as an OR of AND-groups: `a AND b OR c` → `[[a, b], [c]]`. Every evaluator and
 * compiler goes through this, so they cannot disagree on precedence.
 */
export function orOfAndGroups(rows: FilterCriteria): IndexedRow[][] {
  const groups: IndexedRow[][] = [[]];
  rows.forEach((row, index) => {
    groups[groups.length - 1].push({ row, index });
    if (row.join === "or" && index < rows.length - 1) groups.push([]);
  });
  return groups;
}

/**
 * Validates the rows, checks that no macro is left, and returns a predicate over users.
 * Compile once and apply to many users; throws a {@link PlanError} listing every problem.
 */
export function compileFilter(rows: FilterCriteria): (user: DirectoryUser) => boolean {
  assertEvaluable(rows);
  const groups = orOfAndGroups(rows).map((group) => group.map(({ row }) => compileRow(row)));
  return (user) => groups.some((group) => group.every((matches) => matches(user)));
}

/**
 * Whether the user matches the rows. Case-insensitive; a missing attribute (absent, null, empty
 * text or an empty list) matches no row, so it matches the row's NOT. A list attribute matches
 * when any of its values does, and its NOT when none does. Use {@link compileFilter} to test
 * many users against the same rows.
 */
export function evaluateFilter(rows: FilterCriteria, user: DirectoryUser): boolean {
  return compileFilter(rows)(user);
}

/** Throws unless the rows are valid and hold no macro; compilers call this first. */
export function assertEvaluable(rows: FilterCriteria): void {
  const problems = validateFilterCriteria(rows);
  if (problems.length === 0) {
    rows.forEach((row, i) => {
      for (const [j, v] of (typeof row.value === "string" ? [row.value] : row.value).entries()) {
        for (const macro of macrosIn(v)) {
          const at = typeof row.value === "string" ? `rows[${i}].value` : `rows[${i}].value[${j}]`;
          problems.push(`${at}: macro {{${macro}}} has not been resolved; resolve macros for the site before evaluating the filter`);
        }
      }
    });
  }
  if (problems.length > 0) throw new PlanError("the filter", problems);
}

function compileRow(row: FilterRow): (user: DirectoryUser) => boolean {
  const test = compileTest(row);
  const negate = row.not === true;
  return (user) => {
    const values = valuesOf(lookupProperty(user.attributes, row.attribute));
    return values.some(test) !== negate;
  };
}

function compileTest(row: FilterRow): (value: string) => boolean {
  if (row.condition === "in") {
    const wanted = new Set((row.value as readonly string[]).map((v) => v.toLowerCase()));
    return (s) => wanted.has(s.toLowerCase());
  }
  const value = row.value as string;
  const lower = value.toLowerCase();
  switch (row.condition) {
    case "equals":
      return (s) => s.toLowerCase() === lower;
    case "contains":
      return (s) => s.toLowerCase().includes(lower);
    case "startsWith":
      return (s) => s.toLowerCase().startsWith(lower);
    case "endsWith":
      return (s) => s.toLowerCase().endsWith(lower);
    case "regex": {
      const re = new RegExp(value, "i");
      return (s) => re.test(s);
    }
  }
}

/** The attribute's values as text; absent, null and empty text give none. */
function valuesOf(value: AttributeValue): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string" && v !== "");
  const text = String(value);
  return text === "" ? [] : [text];
}

/**
 * Rows naming an attribute the directory's users do not carry: such a row never matches, so a
 * typo ("ctiy") would silently leave most of a site out. `attributes` are the names the
 * directory source gives (the Entra user properties ucflow reads, the LDAP schema's mapping,
 * the Unified CM end user fields).
 */
export function unknownAttributeProblems(filters: readonly { readonly name: string; readonly rows: FilterCriteria }[], attributes: readonly string[]): string[] {
  const known = new Set(attributes);
  return filters.flatMap((filter, f) =>
    filter.rows.flatMap((row, r) =>
      known.has(row.attribute)
        ? []
        : [`filters[${f}].rows[${r}].attribute (filter ${filter.name}): ${show(row.attribute)} is not an attribute of the directory's users${didYouMean(row.attribute, known)}; the attributes are ${[...known].sort().join(", ")}`],
    ),
  );
}

