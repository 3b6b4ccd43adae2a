// Reading RFC 4515 filter text into a tree, and the tree into ldapts filter objects. ldapts can
// parse filter strings itself, but it turns each `\xx` escape into one UTF-16 unit and writes
// the result back as UTF-8, so an escaped non-ASCII value (`\c3\a9` for "é") reaches the
// server double-encoded and matches nothing. Here escapes are collected as bytes and decoded
// as UTF-8 once; the tree then goes to the server as ldapts objects, whose values are sent as
// raw octet strings.
import {
  AndFilter,
  ApproximateFilter,
  EqualityFilter,
  ExtensibleFilter,
  type Filter,
  GreaterThanEqualsFilter,
  LessThanEqualsFilter,
  NotFilter,
  OrFilter,
  PresenceFilter,
  SubstringFilter,
} from "ldapts";

/**
 * One node of an LDAP filter. Values are text; a value whose bytes are not UTF-8 (a binary
 * objectGUID written as `\xx` escapes) is a Buffer, allowed only in equality assertions.
 */
export type LdapFilterNode =
  | { readonly type: "and" | "or"; readonly filters: readonly LdapFilterNode[] }
  | { readonly type: "not"; readonly filter: LdapFilterNode }
  | { readonly type: "equality"; readonly attribute: string; readonly value: string | Buffer }
  | { readonly type: "greaterOrEqual" | "lessOrEqual" | "approx"; readonly attribute: string; readonly value: string }
  | { readonly type: "present"; readonly attribute: string }
  | { readonly type: "substrings"; readonly attribute: string; readonly initial?: string; readonly any: readonly string[]; readonly final?: string }
  | { readonly type: "extensible"; readonly attribute?: string; readonly rule?: string; readonly dnAttributes: boolean; readonly value: string };

/** Filter text that is not RFC 4515; the message names the position and what was expected. */
export class LdapFilterSyntaxError extends Error {
  override readonly name = "LdapFilterSyntaxError";
  constructor(
    readonly filter: string,
    readonly position: number,
    problem: string,
  ) {
    super(`${JSON.stringify(filter.length > 120 ? `${filter.slice(0, 117)}...` : filter)} is not an RFC 4515 LDAP filter: at position ${position}, ${problem}`);
  }
}

const ATTRIBUTE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)(?:;[A-Za-z0-9-]+)*/;
const RULE = /^(?:[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)+)/;
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Parses filter text such as `(&(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))`. */
export function parseLdapFilter(text: string): LdapFilterNode {
  let pos = 0;
  const fail = (problem: string, at = pos): never => {
    throw new LdapFilterSyntaxError(text, at, problem);
  };
  const expect = (ch: string): void => {
    if (text[pos] !== ch) fail(`expected "${ch}" but found ${pos < text.length ? JSON.stringify(text[pos]) : "the end"}`);
    pos += 1;
  };

  const filter = (): LdapFilterNode => {
    expect("(");
    const node = component();
    expect(")");
    return node;
  };

  const component = (): LdapFilterNode => {
    const ch = text[pos];
    if (ch === "&" || ch === "|") {
      pos += 1;
      const filters: LdapFilterNode[] = [];
      while (text[pos] === "(") filters.push(filter());
      if (filters.length === 0) fail(`"${ch}" needs at least one filter in parentheses`);
      return { type: ch === "&" ? "and" : "or", filters };
    }
    if (ch === "!") {
      pos += 1;
      return { type: "not", filter: filter() };
    }
    return item();
  };

  const item = (): LdapFilterNode => {
    const start = pos;
    const attributeMatch = ATTRIBUTE.exec(text.slice(pos));
    const attribute = attributeMatch?.[0];
    if (attribute !== undefined) pos += attribute.length;
    if (text[pos] === ":") return extensible(attribute, start);
    if (attribute === undefined) fail(`expected an attribute name such as "uid" or "2.5.4.3", or "&", "|", "!"`);
    const op = text.slice(pos, pos + 2);
    if (op === "~=" || op === ">=" || op === "<=") {
      pos += 2;
      const value = assertionValue(false);
      if (Buffer.isBuffer(value)) fail(`the value of ${attribute}${op} is not UTF-8 text; only equality (=) takes binary values`, start);
      return { type: op === "~=" ? "approx" : op === ">=" ? "greaterOrEqual" : "lessOrEqual", attribute: attribute as string, value: value as string };
    }
    expect("=");
    // Unescaped stars split the value into substrings; "=*" alone is presence.
    const parts: (string | Buffer)[] = [assertionValue(true)];
    while (text[pos] === "*") {
      pos += 1;
      parts.push(assertionValue(true));
    }
    if (parts.length === 1) return { type: "equality", attribute: attribute as string, value: parts[0] as string | Buffer };
    if (parts.length === 2 && parts[0] === "" && parts[1] === "") return { type: "present", attribute: attribute as string };
    if (parts.some((p) => Buffer.isBuffer(p))) fail(`a substring value of ${attribute} is not UTF-8 text; only equality (=) takes binary values`, start);
    const [initial, ...rest] = parts as string[];
    const final = rest.pop() as string;
    if (rest.some((p) => p === "")) fail(`${attribute} has "**", an empty substring`, start);
    return { type: "substrings", attribute: attribute as string, ...(initial !== "" ? { initial } : {}), any: rest, ...(final !== "" ? { final } : {}) };
  };

  const extensible = (attribute: string | undefined, start: number): LdapFilterNode => {
    let dnAttributes = false;
    let rule: string | undefined;
    if (text.slice(pos, pos + 4).toLowerCase() === ":dn:" || text.slice(pos, pos + 5).toLowerCase() === ":dn:=") {
      dnAttributes = true;
      pos += 3;
    }
    if (text[pos] === ":" && text[pos + 1] !== "=") {
      pos += 1;
      const ruleMatch = RULE.exec(text.slice(pos));
      if (!ruleMatch) fail("expected a matching rule name or OID after \":\"");
      rule = (ruleMatch as RegExpExecArray)[0];
      pos += rule.length;
    }
    if (attribute === undefined && rule === undefined) fail("an extensible match without an attribute needs a matching rule, e.g. (:caseExactMatch:=x)", start);
    expect(":");
    expect("=");
    const value = assertionValue(false);
    if (Buffer.isBuffer(value)) fail("the value of an extensible match is not UTF-8 text; only equality (=) takes binary values", start);
    return { type: "extensible", ...(attribute !== undefined ? { attribute } : {}), ...(rule !== undefined ? { rule } : {}), dnAttributes, value: value as string };
  };

  /** A value up to ")" (or "*" when `stars` split substrings); escapes collected as bytes. */
  const assertionValue = (stars: boolean): string | Buffer => {
    const bytes: number[] = [];
    while (pos < text.length) {
      const ch = text[pos] as string;
      if (ch === ")" || (stars && ch === "*")) break;
      if (ch === "(" || ch === "*" || ch === "\0") fail(`${JSON.stringify(ch)} must be escaped in a value (as ${ch === "(" ? "\\28" : ch === "*" ? "\\2a" : "\\00"})`);
      if (ch === "\\") {
        const hex = text.slice(pos + 1, pos + 3);
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) fail(`"\\" must be followed by two hex digits (RFC 4515), found ${JSON.stringify(hex)}`);
        bytes.push(parseInt(hex, 16));
        pos += 3;
        continue;
      }
      const codePoint = text.codePointAt(pos) as number;
      const char = String.fromCodePoint(codePoint);
      for (const byte of Buffer.from(char, "utf8")) bytes.push(byte);
      pos += char.length;
    }
    const buffer = Buffer.from(bytes);
    try {
      return UTF8.decode(buffer);
    } catch {
      return buffer;
    }
  };

  if (typeof text !== "string" || text === "") throw new LdapFilterSyntaxError(String(text), 0, "the filter is empty; write one such as (objectClass=inetOrgPerson)");
  const node = filter();
  if (pos !== text.length) fail(`unexpected ${JSON.stringify(text.slice(pos, pos + 10))} after the filter's closing parenthesis`);
  return node;
}

/** `(&a b ...)` of the filters given, leaving out none; one filter stands alone. */
export function andOf(filters: readonly LdapFilterNode[]): LdapFilterNode {
  if (filters.length === 0) throw new Error("andOf needs at least one filter");
  return filters.length === 1 ? (filters[0] as LdapFilterNode) : { type: "and", filters };
}

/** The tree as ldapts filter objects, for Client.search. */
export function toLdaptsFilter(node: LdapFilterNode): Filter {
  switch (node.type) {
    case "and":
      return new AndFilter({ filters: node.filters.map(toLdaptsFilter) });
    case "or":
      return new OrFilter({ filters: node.filters.map(toLdaptsFilter) });
    case "not":
      return new NotFilter({ filter: toLdaptsFilter(node.filter) });
    case "equality":
      return new EqualityFilter({ attribute: node.attribute, value: node.value });
    case "greaterOrEqual":
      return new GreaterThanEqualsFilter({ attribute: node.attribute, value: node.value });
    case "lessOrEqual":
      return new LessThanEqualsFilter({ attribute: node.attribute, value: node.value });
    case "approx":
      return new ApproximateFilter({ attribute: node.attribute, value: node.value });
    case "present":
      return new PresenceFilter({ attribute: node.attribute });
    case "substrings":
      return new SubstringFilter({ attribute: node.attribute, any: [...node.any], ...(node.initial !== undefined ? { initial: node.initial } : {}), ...(node.final !== undefined ? { final: node.final } : {}) });
    case "extensible":
      return new ExtensibleFilter({ dnAttributes: node.dnAttributes, value: node.value, ...(node.attribute !== undefined ? { matchType: node.attribute } : {}), ...(node.rule !== undefined ? { rule: node.rule } : {}) });
  }
}
