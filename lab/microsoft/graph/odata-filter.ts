// An OData `$filter` parser and evaluator for the subset Microsoft Graph supports on directory
// objects and Teams collections: eq ne gt ge lt le, in (...), not, and/or with parentheses,
// startsWith/endsWith/contains, null, true/false, numbers, GUID and date literals, single-quoted
// strings with '' escaping, property paths (onPremisesExtensionAttributes/extensionAttribute11),
// lambda any (assignedLicenses/any(x:x/skuId eq <guid>), capabilities/any(c:c eq 'x')) and
// collection counts (assignedLicenses/$count eq 0). Pure: what a resource allows is a
// FilterSchema, checked separately (checkFilter).

export type ComparisonOperator = "eq" | "ne" | "gt" | "ge" | "lt" | "le";

export type Literal =
  | { readonly type: "string"; readonly value: string }
  | { readonly type: "boolean"; readonly value: boolean }
  | { readonly type: "null" }
  | { readonly type: "number"; readonly value: number }
  | { readonly type: "guid"; readonly value: string }
  | { readonly type: "datetime"; readonly value: string };

export type FilterNode =
  | { readonly kind: "and" | "or"; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly kind: "not"; readonly operand: FilterNode }
  | { readonly kind: "compare"; readonly op: ComparisonOperator; readonly path: string; readonly value: Literal }
  | { readonly kind: "in"; readonly path: string; readonly values: readonly Literal[] }
  | { readonly kind: "function"; readonly name: "startsWith" | "endsWith" | "contains"; readonly path: string; readonly value: Literal }
  | { readonly kind: "any"; readonly path: string; readonly variable: string; readonly body: FilterNode | undefined }
  | { readonly kind: "count"; readonly path: string; readonly op: ComparisonOperator; readonly value: number };

export class FilterSyntaxError extends Error {
  override readonly name = "FilterSyntaxError";
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

type Token =
  | { readonly kind: "punct"; readonly text: "(" | ")" | "," | ":" | "/"; readonly at: number }
  | { readonly kind: "word"; readonly text: string; readonly at: number }
  | { readonly kind: "literal"; readonly literal: Literal; readonly at: number };

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})/;
const NUMBER = /^-?\d+(\.\d+)?/;
const WORD = /^[A-Za-z_$][A-Za-z0-9_]*/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "(" || ch === ")" || ch === "," || ch === ":" || ch === "/") {
      tokens.push({ kind: "punct", text: ch, at: i });
      i++;
      continue;
    }
    if (ch === "'") {
      let value = "";
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new FilterSyntaxError(`unterminated string literal starting at position ${i}`, i);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      tokens.push({ kind: "literal", literal: { type: "string", value }, at: i });
      i = j + 1;
      continue;
    }
    const rest = text.slice(i);
    const guid = GUID.exec(rest);
    if (guid && !/[0-9A-Za-z_-]/.test(rest[guid[0].length] ?? "")) {
      tokens.push({ kind: "literal", literal: { type: "guid", value: guid[0].toLowerCase() }, at: i });
      i += guid[0].length;
      continue;
    }
    const datetime = DATETIME.exec(rest);
    if (datetime) {
      tokens.push({ kind: "literal", literal: { type: "datetime", value: datetime[0] }, at: i });
      i += datetime[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: "literal", literal: { type: "number", value: Number(number[0]) }, at: i });
      i += number[0].length;
      continue;
    }
    const word = WORD.exec(rest);
    if (word) {
      const lower = word[0];
      if (lower === "true" || lower === "false") tokens.push({ kind: "literal", literal: { type: "boolean", value: lower === "true" }, at: i });
      else if (lower === "null") tokens.push({ kind: "literal", literal: { type: "null" }, at: i });
      else tokens.push({ kind: "word", text: word[0], at: i });
      i += word[0].length;
      continue;
    }
    throw new FilterSyntaxError(`unexpected character '${ch}' at position ${i}`, i);
  }
  return tokens;
}

const COMPARISON: ReadonlySet<string> = new Set(["eq", "ne", "gt", "ge", "lt", "le"]);
const FUNCTIONS: Readonly<Record<string, "startsWith" | "endsWith" | "contains">> = { startswith: "startsWith", endswith: "endsWith", contains: "contains" };

class Parser {
  private index = 0;
  private readonly variables: string[] = [];

  constructor(
    private readonly tokens: readonly Token[],
    private readonly text: string,
  ) {}

  parse(): FilterNode {
    if (this.tokens.length === 0) throw new FilterSyntaxError("the filter is empty", 0);
    const node = this.parseOr();
    const extra = this.peek();
    if (extra) throw this.error(`unexpected '${tokenText(extra)}'`, extra);
    return node;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.index + offset];
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (!token) throw new FilterSyntaxError(`the filter ends too early: '${this.text}'`, this.text.length);
    this.index++;
    return token;
  }

  private isWord(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.kind === "word" && token.text === text;
  }

  private isPunct(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.kind === "punct" && token.text === text;
  }

  private expectPunct(text: string): void {
    const token = this.next();
    if (token.kind !== "punct" || token.text !== text) throw this.error(`expected '${text}' but found '${tokenText(token)}'`, token);
  }

  private error(message: string, token: Token): FilterSyntaxError {
    return new FilterSyntaxError(`Syntax error: ${message} at position ${token.at} in '${this.text}'.`, token.at);
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (this.isWord("or")) {
      this.index++;
      left = { kind: "or", left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    while (this.isWord("and")) {
      this.index++;
      left = { kind: "and", left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    if (this.isWord("not")) {
      this.index++;
      return { kind: "not", operand: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): FilterNode {
    if (this.isPunct("(")) {
      this.index++;
      const inner = this.parseOr();
      this.expectPunct(")");
      return inner;
    }
    const token = this.peek();
    if (token?.kind === "word" && this.isPunct("(", 1) && FUNCTIONS[token.text.toLowerCase()] !== undefined) {
      return this.withOptionalBooleanComparison(this.parseFunction());
    }
    if (!token || token.kind !== "word") throw this.error(`expected a property name but found '${token ? tokenText(token) : "the end"}'`, token ?? this.next());
    const path = this.parsePath();
    if (path.lambda === "any") return path.node;
    if (path.lambda === "count") {
      const op = this.next();
      if (op.kind !== "word" || !COMPARISON.has(op.text)) throw this.error(`expected a comparison operator after '${path.path}/$count'`, op);
      const value = this.next();
      if (value.kind !== "literal" || value.literal.type !== "number") throw this.error(`expected a number after '${path.path}/$count ${op.text}'`, value);
      return { kind: "count", path: path.path, op: op.text as ComparisonOperator, value: value.literal.value };
    }
    const op = this.next();
    if (op.kind === "word" && op.text === "in") {
      this.expectPunct("(");
      const values: Literal[] = [];
      for (;;) {
        const value = this.next();
        if (value.kind !== "literal") throw this.error(`expected a literal in the list of 'in'`, value);
        values.push(value.literal);
        if (this.isPunct(",")) {
          this.index++;
          continue;
        }
        this.expectPunct(")");
        break;
      }
      return { kind: "in", path: path.path, values };
    }
    if (op.kind !== "word" || !COMPARISON.has(op.text)) throw this.error(`expected an operator (eq, ne, gt, ge, lt, le, in) after '${path.path}' but found '${tokenText(op)}'`, op);
    const value = this.next();
    if (value.kind !== "literal") throw this.error(`expected a literal value after '${path.path} ${op.text}' (strings are single-quoted)`, value);
    return { kind: "compare", op: op.text as ComparisonOperator, path: path.path, value: value.literal };
  }

  /** `startsWith(x, 'a') eq true` is the long form of `startsWith(x, 'a')`. */
  private withOptionalBooleanComparison(node: FilterNode): FilterNode {
    if (this.isWord("eq") || this.isWord("ne")) {
      const op = this.next() as { text: string };
      const value = this.next();
      if (value.kind !== "literal" || value.literal.type !== "boolean") throw this.error("a function result compares only with true or false", value);
      const positive = (op.text === "eq") === value.literal.value;
      return positive ? node : { kind: "not", operand: node };
    }
    return node;
  }

  private parseFunction(): FilterNode {
    const nameToken = this.next() as { text: string; at: number };
    const name = FUNCTIONS[nameToken.text.toLowerCase()] as "startsWith" | "endsWith" | "contains";
    this.expectPunct("(");
    const first = this.peek();
    if (!first || first.kind !== "word") throw this.error(`${name} needs a property as its first argument`, first ?? this.next());
    const path = this.parsePath();
    if (path.lambda !== undefined) throw this.error(`${name} needs a property as its first argument`, first);
    this.expectPunct(",");
    const value = this.next();
    if (value.kind !== "literal") throw this.error(`${name} needs a literal as its second argument`, value);
    this.expectPunct(")");
    return { kind: "function", name, path: path.path, value: value.literal };
  }

  /** A property path, possibly ending in /any(v: ...) or /$count. */
  private parsePath(): { path: string; lambda?: undefined } | { path: string; lambda: "any"; node: FilterNode } | { path: string; lambda: "count" } {
    const segments: string[] = [(this.next() as { text: string }).text];
    while (this.isPunct("/")) {
      this.index++;
      const segment = this.next();
      if (segment.kind !== "word") throw this.error("expected a property name after '/'", segment);
      if (segment.text === "$count") return { path: segments.join("/"), lambda: "count" };
      if ((segment.text === "any" || segment.text === "all") && this.isPunct("(")) {
        if (segment.text === "all") throw this.error("the lambda operator 'all' is not supported", segment);
        this.index++;
        if (this.isPunct(")")) {
          this.index++;
          return { path: segments.join("/"), lambda: "any", node: { kind: "any", path: segments.join("/"), variable: "", body: undefined } };
        }
        const variable = this.next();
        if (variable.kind !== "word") throw this.error("expected a lambda variable", variable);
        this.expectPunct(":");
        this.variables.push(variable.text);
        const body = this.parseOr();
        this.variables.pop();
        this.expectPunct(")");
        return { path: segments.join("/"), lambda: "any", node: { kind: "any", path: segments.join("/"), variable: variable.text, body } };
      }
      segments.push(segment.text);
    }
    return { path: segments.join("/") };
  }
}

function tokenText(token: Token): string {
  if (token.kind === "literal") return token.literal.type === "string" ? `'${token.literal.value}'` : token.literal.type === "null" ? "null" : String(token.literal.value);
  return token.text;
}

export function parseFilter(text: string): FilterNode {
  return new Parser(tokenize(text), text).parse();
}

// ---------------------------------------------------------------------------------------------
// evaluation

/** Reads a (slash-separated) property path of the object being tested. */
export type PropertyReader = (path: string) => unknown;

/**
 * The values `path` must equal for the filter to hold, when the filter says so (`path eq 'x'`,
 * `path in ('x','y')`, such clauses joined by `or`, or one of them within an `and`): what a
 * simulator can look up in an index instead of evaluating the filter on every item. undefined
 * when the filter does not pin `path` down. The filter must still be evaluated on what is found.
 */
export function equalityValues(node: FilterNode, path: string): string[] | undefined {
  const wanted = path.toLowerCase();
  const text = (literal: Literal): string | undefined => (literal.type === "string" || literal.type === "guid" ? literal.value : undefined);
  switch (node.kind) {
    case "compare": {
      if (node.op !== "eq" || node.path.toLowerCase() !== wanted) return undefined;
      const value = text(node.value);
      return value === undefined ? undefined : [value];
    }
    case "in": {
      if (node.path.toLowerCase() !== wanted) return undefined;
      const values = node.values.map(text);
      return values.every((value): value is string => value !== undefined) ? values : undefined;
    }
    case "and": {
      const left = equalityValues(node.left, path);
      const right = equalityValues(node.right, path);
      if (left && right) return left.length <= right.length ? left : right;
      return left ?? right;
    }
    case "or": {
      const left = equalityValues(node.left, path);
      const right = equalityValues(node.right, path);
      return left && right ? [...left, ...right] : undefined;
    }
    default:
      return undefined;
  }
}

export function evaluateFilter(node: FilterNode, read: PropertyReader): boolean {
  switch (node.kind) {
    case "and":
      return evaluateFilter(node.left, read) && evaluateFilter(node.right, read);
    case "or":
      return evaluateFilter(node.left, read) || evaluateFilter(node.right, read);
    case "not":
      return !evaluateFilter(node.operand, read);
    case "compare":
      return compare(read(node.path), node.op, node.value);
    case "in":
      return node.values.some((value) => compare(read(node.path), "eq", value));
    case "function": {
      const actual = read(node.path);
      if (typeof actual !== "string" || node.value.type !== "string") return false;
      const a = actual.toLowerCase();
      const b = node.value.value.toLowerCase();
      return node.name === "startsWith" ? a.startsWith(b) : node.name === "endsWith" ? a.endsWith(b) : a.includes(b);
    }
    case "any": {
      const items = read(node.path);
      if (!Array.isArray(items)) return false;
      if (node.body === undefined) return items.length > 0;
      const body = node.body;
      return items.some((item) => evaluateFilter(body, (path) => readInLambda(item, node.variable, path, read)));
    }
    case "count": {
      const items = read(node.path);
      return compare(Array.isArray(items) ? items.length : 0, node.op, { type: "number", value: node.value });
    }
  }
}

function readInLambda(item: unknown, variable: string, path: string, outer: PropertyReader): unknown {
  if (path === variable) return item;
  if (path.startsWith(`${variable}/`)) {
    let value: unknown = item;
    for (const segment of path.slice(variable.length + 1).split("/")) {
      value = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[segment] : undefined;
    }
    return value;
  }
  return outer(path);
}

function literalValue(literal: Literal): unknown {
  return literal.type === "null" ? null : literal.value;
}

function compare(actual: unknown, op: ComparisonOperator, literal: Literal): boolean {
  const expected = literalValue(literal);
  const a = actual === undefined || actual === "" ? null : actual;
  if (expected === null || a === null) {
    if (op === "eq") return a === expected;
    if (op === "ne") return a !== expected;
    return false;
  }
  // Directory string comparisons ignore case; GUIDs and dates compare as text.
  const left = typeof a === "string" ? a.toLowerCase() : a;
  const right = typeof expected === "string" ? expected.toLowerCase() : expected;
  switch (op) {
    case "eq":
      return left === right;
    case "ne":
      return left !== right;
    case "gt":
      return (left as string | number) > (right as string | number);
    case "ge":
      return (left as string | number) >= (right as string | number);
    case "lt":
      return (left as string | number) < (right as string | number);
    case "le":
      return (left as string | number) <= (right as string | number);
  }
}

// ---------------------------------------------------------------------------------------------
// schema checks

/** What a filter may do with one property. `null` is "eq null / ne null". */
export type FilterCapability = ComparisonOperator | "not" | "in" | "startsWith" | "endsWith" | "contains" | "null" | "any" | "count";

export type EdmType = "Edm.String" | "Edm.Boolean" | "Edm.Guid" | "Edm.Int32" | "Edm.DateTimeOffset";

export interface FilterProperty {
  readonly type: EdmType;
  readonly capabilities: ReadonlySet<FilterCapability>;
  /** Capabilities served only by an advanced query ($count=true + ConsistencyLevel: eventual); "all" for every use. */
  readonly advanced?: ReadonlySet<FilterCapability> | "all";
  /** For collections used with any(): the properties of an element ("" for a collection of primitives). */
  readonly element?: Readonly<Record<string, FilterProperty>>;
}

export interface FilterSchema {
  /** "User", "numberAssignment": for messages. */
  readonly resource: string;
  readonly odataType: string;
  readonly properties: Readonly<Record<string, FilterProperty>>;
  /** Advanced-only capabilities on any property (ne, not, endsWith, null comparisons, $count). */
  readonly advancedEverywhere: ReadonlySet<FilterCapability>;
  /** Properties that cannot be filtered at all, with the reason (numberAssignments: id and city). */
  readonly refused?: Readonly<Record<string, string>>;
}

export type FilterProblem =
  /** 400 BadRequest: unknown property, incompatible literal. */
  | { readonly kind: "badRequest"; readonly message: string }
  /** 400 Request_UnsupportedQuery: operator not supported on the property. */
  | { readonly kind: "unsupported"; readonly message: string }
  /** 400 Request_UnsupportedQuery: needs an advanced query. */
  | { readonly kind: "advanced"; readonly message: string; readonly operator: string };

export interface FilterCheck {
  readonly problems: readonly FilterProblem[];
  /** The filter uses something only advanced queries serve. */
  readonly needsAdvanced: boolean;
  /** First operator that needs an advanced query, for the error message. */
  readonly advancedOperator?: string;
}

/** Checks a parsed filter against what the resource supports; properties match case-insensitively. */
export function checkFilter(node: FilterNode, schema: FilterSchema): FilterCheck {
  const problems: FilterProblem[] = [];
  let advancedOperator: string | undefined;
  const lookup = new Map(Object.entries(schema.properties).map(([name, property]) => [name.toLowerCase(), { name, property }]));

  const use = (path: string, capability: FilterCapability, operatorText: string, negated: boolean, elementScope?: { variable: string; element: Readonly<Record<string, FilterProperty>> }): FilterProperty | undefined => {
    let found: { name: string; property: FilterProperty } | undefined;
    if (elementScope && (path === elementScope.variable || path.startsWith(`${elementScope.variable}/`))) {
      const inner = path === elementScope.variable ? "" : path.slice(elementScope.variable.length + 1);
      const entry = Object.entries(elementScope.element).find(([name]) => name.toLowerCase() === inner.toLowerCase());
      if (entry) found = { name: entry[0] === "" ? path : entry[0], property: entry[1] };
    } else {
      const refusal = schema.refused && Object.entries(schema.refused).find(([name]) => name.toLowerCase() === path.toLowerCase());
      if (refusal) {
        problems.push({ kind: "badRequest", message: refusal[1] });
        return undefined;
      }
      found = lookup.get(path.toLowerCase());
    }
    if (!found) {
      problems.push({ kind: "badRequest", message: `Could not find a property named '${path.split("/").pop() ?? path}' on type '${schema.odataType}'.` });
      return undefined;
    }
    const { property } = found;
    const needed: FilterCapability[] = [capability];
    if (negated) needed.push("not");
    for (const need of needed) {
      if (!property.capabilities.has(need)) {
        problems.push({ kind: "unsupported", message: `Unsupported or invalid query filter clause specified for property '${found.name}' of resource '${schema.resource}'.` });
        return property;
      }
    }
    const advanced = property.advanced === "all" || needed.some((need) => (property.advanced instanceof Set && property.advanced.has(need)) || schema.advancedEverywhere.has(need));
    if (advanced && advancedOperator === undefined) advancedOperator = negated && schema.advancedEverywhere.has("not") ? "not" : operatorText;
    return property;
  };

  const typeCheck = (path: string, property: FilterProperty | undefined, literal: Literal, operatorKind: string): void => {
    if (!property || literal.type === "null") return;
    const literalType: EdmType = literal.type === "string" ? "Edm.String" : literal.type === "boolean" ? "Edm.Boolean" : literal.type === "guid" ? "Edm.Guid" : literal.type === "datetime" ? "Edm.DateTimeOffset" : "Edm.Int32";
    // A date-time property compares with a date-time literal; a string one accepts nothing else.
    if (literalType !== property.type) {
      problems.push({ kind: "badRequest", message: `A binary operator with incompatible types was detected. Found operand types '${property.type}' and '${literalType}' for operator kind '${operatorKind}'.` });
    }
    void path;
  };

  const walk = (current: FilterNode, negated: boolean, scope?: { variable: string; element: Readonly<Record<string, FilterProperty>> }): void => {
    switch (current.kind) {
      case "and":
      case "or":
        walk(current.left, negated, scope);
        walk(current.right, negated, scope);
        return;
      case "not":
        walk(current.operand, !negated, scope);
        return;
      case "compare": {
        const isNull = current.value.type === "null";
        const capability: FilterCapability = isNull ? (current.op === "eq" || current.op === "ne" ? "null" : current.op) : current.op;
        // "ne null" is reported as operator ne, "eq null" as "eq null".
        const property = use(current.path, capability, isNull ? (current.op === "ne" ? "ne" : "eq null") : current.op, negated, scope);
        if (isNull && current.op === "ne" && property && !property.capabilities.has("ne")) {
          problems.push({ kind: "unsupported", message: `Unsupported or invalid query filter clause specified for property '${current.path}' of resource '${schema.resource}'.` });
        }
        typeCheck(current.path, property, current.value, OPERATOR_KINDS[current.op]);
        return;
      }
      case "in": {
        const property = use(current.path, "in", "in", negated, scope);
        for (const value of current.values) typeCheck(current.path, property, value, "Equal");
        return;
      }
      case "function": {
        const property = use(current.path, current.name, current.name, negated, scope);
        typeCheck(current.path, property, current.value, current.name);
        return;
      }
      case "any": {
        const property = use(current.path, "any", "any", negated, scope);
        if (property && current.body !== undefined) {
          if (!property.element) {
            problems.push({ kind: "unsupported", message: `Unsupported or invalid query filter clause specified for property '${current.path}' of resource '${schema.resource}'.` });
            return;
          }
          walk(current.body, false, { variable: current.variable, element: property.element });
        }
        return;
      }
      case "count":
        use(current.path, "count", "$count", negated, scope);
        return;
    }
  };
  walk(node, false);
  return { problems, needsAdvanced: advancedOperator !== undefined, ...(advancedOperator !== undefined ? { advancedOperator } : {}) };
}

const OPERATOR_KINDS: Readonly<Record<ComparisonOperator, string>> = {
  eq: "Equal",
  ne: "NotEqual",
  gt: "GreaterThan",
  ge: "GreaterThanOrEqual",
  lt: "LessThan",
  le: "LessThanOrEqual",
};

/** Shorthand for schema tables. */
export function capabilities(...items: FilterCapability[]): ReadonlySet<FilterCapability> {
  return new Set(items);
}
