// Compiling filter rows to an LDAP search filter (RFC 4515), so a directory of 50,000 people is
// not read in full to find the 300 at one site. What LDAP cannot express is left to
// evaluateFilter, exactly as compileToOData leaves it for Graph.
//
// What compiles (a = the attribute map's LDAP attribute, v = the value escaped per RFC 4515):
//   equals      → (a=v)
//   startsWith  → (a=v*)        endsWith → (a=*v)        contains → (a=*v*)
//   in          → (|(a=v1)(a=v2))   (one value: (a=v1))
//   NOT x       → (!x)
//   a AND b OR c → (|(&ab)c)  (AND binds tighter than OR, through orOfAndGroups as in filter.ts)
// What does not: regex (LDAP has no regular expressions), attributes missing from the map,
// substring conditions on attributes without a substrings rule, and negated rows on "loose"
// attributes (below). Such rows are dropped from the server filter, which then selects a
// superset, and `needsLocalEvaluation` is set.
//
// LDAP semantics agree with evaluateFilter where it matters: comparisons are case-insensitive
// (caseIgnoreMatch, caseIgnoreIA5Match and their substring rules), a multi-valued attribute
// matches when any value does, and an entry without the attribute fails (a=v) and passes
// (!(a=v)), as a missing attribute matches a row's NOT. Where the server's rules are looser
// than evaluateFilter, a positive row selects a superset (readers evaluate the rows locally on
// what comes back), but its NOT would drop users evaluateFilter keeps, so it stays local:
//   - caseIgnoreMatch also ignores leading, trailing and repeated spaces and folds case the
//     Unicode way (RFC 4518: "Straße" equals "STRASSE"): a NOT compiles only for a value of
//     printable ASCII without such spaces;
//   - "loose" rules ignore more: telephoneNumberMatch ignores spaces and hyphens, so no NOT on
//     such an attribute compiles.
// An attribute whose rule is case-exact, or that has no matching rule at all (the lab's
// msuser.schema gives sAMAccountName none), must not be in the map.
import { PlanError } from "./errors";
import { assertEvaluable, FilterCriteria, FilterRow, orOfAndGroups } from "./filter";
import { lookupProperty } from "./identifiers";
import { show } from "./messages";

/** How one filter attribute maps to an LDAP attribute. */
export interface LdapFilterAttribute {
  /** The LDAP attribute description, e.g. `l`, `departmentNumber`, `mail`. */
  readonly attribute: string;
  /** The attribute has a SUBSTR rule, so startsWith, endsWith and contains compile. @default true */
  readonly substrings?: boolean;
  /**
   * The attribute's matching rule ignores more than case (telephoneNumberMatch ignores spaces
   * and hyphens), so only positive rows compile. @default false
   */
  readonly loose?: boolean;
}

/** Filter attribute name (looked up ignoring case) → LDAP attribute. */
export type LdapAttributeMap = Readonly<Record<string, LdapFilterAttribute>>;

/** The result of {@link compileToLdap}. */
export interface LdapFilter {
  /**
   * The RFC 4515 filter, always parenthesised; undefined when no row compiles and every user
   * (of the reader's own user filter) must be read.
   */
  readonly filter: string | undefined;
  /** The filter selects a superset; pass each returned user through evaluateFilter. */
  readonly needsLocalEvaluation: boolean;
  /** Why each row left out of the server filter was left out, e.g. `rows[1] (regex): ...`. */
  readonly localOnly: readonly string[];
}

type Compiled = { readonly expr: string } | { readonly reason: string };

/**
 * Compiles rows (macros resolved) to an LDAP filter. AND-groups keep the rows that compile;
 * dropping a row from an AND-group only widens it, so the result is exact when every row
 * compiles (up to the matching-rule differences above) and a superset otherwise. If a group
 * keeps no row, the filter would be "everyone", so `filter` is undefined. Every value is
 * escaped with {@link escapeLdapFilterValue}, so no value can end its assertion. Throws a
 * {@link PlanError} for invalid rows, values LDAP cannot carry, or a malformed attribute map.
 */
export function compileToLdap(rows: FilterCriteria, attributeMap: LdapAttributeMap): LdapFilter {
  assertEvaluable(rows);
  assertLdapValues(rows);
  assertAttributeMap(rows, attributeMap);
  const localOnly: string[] = [];
  let unfiltered = false;
  const groups = orOfAndGroups(rows).map((group) => {
    const kept: string[] = [];
    for (const { row, index } of group) {
      const compiled = compileRow(row, lookupProperty(attributeMap, row.attribute));
      if ("reason" in compiled) localOnly.push(`rows[${index}] (${row.not === true ? "not " : ""}${row.condition}): ${compiled.reason}`);
      else kept.push(compiled.expr);
    }
    if (kept.length === 0) unfiltered = true;
    return kept.length === 1 ? (kept[0] as string) : `(&${kept.join("")})`;
  });
  if (unfiltered) return { filter: undefined, needsLocalEvaluation: true, localOnly };
  return { filter: groups.length === 1 ? groups[0] : `(|${groups.join("")})`, needsLocalEvaluation: localOnly.length > 0, localOnly };
}

/**
 * A value for an LDAP filter assertion (RFC 4515 §3): `*`, `(`, `)`, `\` and NUL, every other
 * control character, and every non-ASCII character (as its UTF-8 bytes) become `\xx`, so the
 * value stays one assertion value whatever it holds: `*)(uid=*` → `\2a\29\28uid=\2a`.
 */
export function escapeLdapFilterValue(value: string): string {
  let out = "";
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (code >= 0x20 && code < 0x7f && ch !== "*" && ch !== "(" && ch !== ")" && ch !== "\\") {
      out += ch;
      continue;
    }
    for (const byte of Buffer.from(ch, "utf8")) out += `\\${byte.toString(16).padStart(2, "0")}`;
  }
  return out;
}

function compileRow(row: FilterRow, attribute: LdapFilterAttribute | undefined): Compiled {
  if (row.condition === "regex") return { reason: "LDAP filters have no regular expressions" };
  if (attribute === undefined) return { reason: `attribute "${row.attribute}" is not in the LDAP attribute map` };
  const a = attribute.attribute;
  const negate = row.not === true;
  if (negate && attribute.loose === true) {
    return { reason: `the server matches ${a} more loosely than by case alone (spaces and hyphens ignored), so its NOT would drop users the filter keeps` };
  }
  if (negate && !(typeof row.value === "string" ? [row.value] : row.value).every(plainForNegation)) {
    return { reason: "the value has non-ASCII characters or leading, trailing or repeated spaces, which the server matches more loosely, so its NOT would drop users the filter keeps" };
  }
  let positive: string;
  if (row.condition === "equals" || row.condition === "in") {
    const values = typeof row.value === "string" ? [row.value] : [...new Set(row.value)];
    const assertions = values.map((v) => `(${a}=${escapeLdapFilterValue(v)})`);
    positive = assertions.length === 1 ? (assertions[0] as string) : `(|${assertions.join("")})`;
  } else {
    if (attribute.substrings === false) return { reason: `${a} has no substrings matching rule, so ${row.condition} cannot be sent to the server` };
    const v = escapeLdapFilterValue(row.value as string);
    positive = row.condition === "startsWith" ? `(${a}=${v}*)` : row.condition === "endsWith" ? `(${a}=*${v})` : `(${a}=*${v}*)`;
  }
  return { expr: negate ? `(!${positive})` : positive };
}

/** Printable ASCII without leading, trailing or repeated spaces: where LDAP's caseIgnore rules and evaluateFilter agree exactly. */
function plainForNegation(value: string): boolean {
  return /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/.test(value);
}

// RFC 4512 attribute descriptions: a name (letter, then letters, digits, hyphens) or a numeric
// OID, with options such as ;lang-en. They go into the filter unescaped, so one malformed map
// entry must not be able to change the filter's shape.
const ATTRIBUTE_DESCRIPTION = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)(?:;[A-Za-z0-9-]+)*$/;

function assertAttributeMap(rows: FilterCriteria, attributeMap: LdapAttributeMap): void {
  const problems: string[] = [];
  for (const name of new Set(rows.map((r) => r.attribute))) {
    const entry = lookupProperty(attributeMap, name);
    if (entry !== undefined && (typeof entry.attribute !== "string" || !ATTRIBUTE_DESCRIPTION.test(entry.attribute))) {
      problems.push(`attribute "${name}" maps to ${show(entry.attribute)}, which is not an LDAP attribute name such as "l", "departmentNumber" or "2.5.4.7"`);
    }
  }
  if (problems.length > 0) throw new PlanError("the LDAP attribute map", problems);
}

// LDAP strings are UTF-8; a lone UTF-16 surrogate has no UTF-8 form and would silently become
// U+FFFD, a different value.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function assertLdapValues(rows: FilterCriteria): void {
  const problems: string[] = [];
  rows.forEach((row, i) => {
    const values = typeof row.value === "string" ? [row.value] : row.value;
    values.forEach((v, j) => {
      if (LONE_SURROGATE.test(v)) {
        problems.push(`${typeof row.value === "string" ? `rows[${i}].value` : `rows[${i}].value[${j}]`}: ${show(v)} holds a lone UTF-16 surrogate, which LDAP (UTF-8) cannot carry; fix the text`);
      }
    });
  });
  if (problems.length > 0) throw new PlanError("the filter", problems);
}
