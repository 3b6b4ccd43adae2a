// Decoding resource inputs with io-ts, turning decode errors into check failures a UC engineer
// can act on: the property path ("ranges[2].start") and a sentence ("must be an E.164 number
// ...; got "0415"").
import * as t from "io-ts";
import { isLeft } from "fp-ts/Either";
import { didYouMean, show } from "../plan/messages";

/** One problem with one input property, as Pulumi's `check` reports it. */
export interface InputProblem {
  readonly property: string;
  readonly reason: string;
}

export type Decoded<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly problems: InputProblem[] };

export function decodeInputs<A, O>(codec: t.Type<A, O, unknown>, inputs: unknown, options: { readonly controlCharacters?: "refuse" | "allow" } = {}): Decoded<A> {
  const result = codec.decode(inputs);
  const unprintable = options.controlCharacters === "allow" ? [] : controlCharacterProblems(inputs);
  if (!isLeft(result) && unprintable.length === 0) return { ok: true, value: result.right };
  return { ok: false, problems: [...(isLeft(result) ? mergeByProperty(result.left.map(problemOf)) : []), ...unprintable] };
}

// C0 and C1 control characters and DEL. A name, address or filter value a user wrote never holds
// one on purpose (a paste from a terminal or a spreadsheet does), and the platforms store them
// as given: a BEL in a site name reaches emergency addresses and phone displays. A description
// may run over lines.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
const MULTI_LINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Every string in `value` that holds a control character, by property path, with the character and where it is. */
export function controlCharacterProblems(value: unknown, property = ""): InputProblem[] {
  if (typeof value === "string") {
    const key = /(?:^|\.)(\w+)$/.exec(property)?.[1];
    const found = (key === "description" ? MULTI_LINE : CONTROL_CHARACTER).exec(value);
    if (!found) return [];
    const code = `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
    return [{ property, reason: `holds the control character ${code} at position ${found.index + 1} (${show(value.slice(0, 40))}); remove it (names, addresses and filter values must be printable text)` }];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => controlCharacterProblems(item, `${property}[${i}]`));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => controlCharacterProblems(v, property === "" ? k : `${property}.${k}`));
  }
  return [];
}

/**
 * Planner messages start with the path they are about ("rows[0].value: ..." or "ranges[1] (...)
 * overlaps ..."); report them on that property, under `parent` when the path is relative.
 */
export function problemsFromPlanner(messages: readonly string[], fallbackProperty: string): InputProblem[] {
  return messages.map((message) => {
    const match = /^([A-Za-z]\w*\[\d+\](?:\.\w+)*)(: )?/.exec(message);
    if (!match) return { property: fallbackProperty, reason: message };
    return { property: match[1], reason: match[2] ? message.slice(match[0].length) : message };
  });
}

/** Formats problems as one message, one line per problem. */
export function describeProblems(subject: string, problems: readonly InputProblem[]): string {
  return `${subject} has ${problems.length === 1 ? "a problem" : `${problems.length} problems`}:\n` +
    problems.map((p) => `  - ${p.property || "(inputs)"}: ${p.reason}`).join("\n");
}

/** A string refinement whose failure message is a sentence about the value. */
export function refinedString<B extends { readonly [K in keyof B]: symbol }>(
  name: string,
  accept: (s: string) => boolean,
  requirement: string,
): t.Type<t.Branded<string, B>, string, unknown> {
  return new t.Type<t.Branded<string, B>, string, unknown>(
    name,
    (u): u is t.Branded<string, B> => typeof u === "string" && accept(u),
    (u, c) =>
      typeof u === "string" && accept(u)
        ? t.success(u as t.Branded<string, B>)
        : t.failure(u, c, u === undefined ? `is required: it ${requirement}` : `${requirement}; got ${show(u)}`),
    (a) => a,
  );
}

/**
 * An object type that also rejects properties it does not know, naming them: a misspelt
 * `sitecode` must fail at preview rather than be silently ignored. It keeps its property codecs
 * (`required`, `optional`), so a codec for a larger document can reuse them (leaving one out).
 */
export function strictObject<R extends t.Props, O extends t.Props = {}>(
  name: string,
  required: R,
  optional?: O,
): StrictObjectType<t.TypeOf<t.TypeC<R>> & Partial<t.TypeOf<t.TypeC<O>>>, R, O> {
  const shape = optional ? t.intersection([t.type(required), t.partial(optional)]) : t.type(required);
  const known = new Set([...Object.keys(required), ...Object.keys(optional ?? {})]);
  const codec = new t.Type(
    name,
    (u): u is any => shape.is(u),
    (u, c) => {
      if (u === undefined) return t.failure(u, c, `is required: give ${describeObject(name, required, optional)}`);
      if (typeof u !== "object" || u === null || Array.isArray(u)) return t.failure(u, c, `must be ${describeObject(name, required, optional)}; got ${show(u)}`);
      const unknown: t.ValidationError[] = Object.keys(u)
        .filter((k) => !known.has(k) && (u as Record<string, unknown>)[k] !== undefined)
        .map((k) => ({
          value: (u as Record<string, unknown>)[k],
          context: [...c, { key: k, type: t.unknown, actual: (u as Record<string, unknown>)[k] }],
          message: `is not a property of ${name}${didYouMean(k, known)}; the properties are ${[...known].join(", ")}`,
        }));
      // The extra entry lets pathOf see the intersection and skip its member indexes.
      const result = shape.validate(u, [...c, { key: "", type: shape, actual: u }]) as t.Validation<any>;
      // Every problem at once: unknown properties and those of the known ones.
      if (unknown.length === 0) return result;
      return t.failures(isLeft(result) ? [...unknown, ...result.left] : unknown);
    },
    (a) => shape.encode(a),
  );
  return Object.assign(codec, { propertyNames: [...known] as readonly string[], required, optional: (optional ?? {}) as O });
}

/** An object codec that knows its property names (the provider diffs exactly those) and codecs. */
export type StrictObjectType<A, R extends t.Props = t.Props, O extends t.Props = t.Props> = t.Type<A, unknown, unknown> & {
  readonly propertyNames: readonly string[];
  readonly required: R;
  readonly optional: O;
};


/** "an Address object with street, city, postalCode, country (optional: state)". */
function describeObject(name: string, required: t.Props, optional: t.Props | undefined): string {
  const must = Object.keys(required);
  const may = Object.keys(optional ?? {});
  const parts = [must.length > 0 ? `with ${must.join(", ")}` : "", may.length > 0 ? `(${must.length > 0 ? "optional: " : "any of "}${may.join(", ")})` : ""].filter((p) => p !== "");
  return [`${article(name)} object`, ...parts].join(" ");
}

function problemOf(error: t.ValidationError): InputProblem {
  const property = pathOf(error.context);
  if (error.message) return { property, reason: error.message };
  const type = error.context[error.context.length - 1]?.type;
  const expected = expectation(type);
  if (error.value === undefined) return { property, reason: `is required: ${expected}` };
  const tag = (type as { _tag?: string } | undefined)?._tag;
  if ((tag === "ArrayType" || tag === "ReadonlyArrayType") && typeof error.value === "object" && error.value !== null) {
    return { property, reason: `must be ${expected}; got one object ${show(error.value)}; write a list, even of one entry: [ {...} ] in JSON, or "- " before the entry in YAML` };
  }
  return { property, reason: `must be ${expected}; got ${show(error.value)}` };
}

/** What a codec accepts, in words: "a string", "true or false", "one of "customer", "site"", "a list (of Site)". */
function expectation(type: t.Decoder<unknown, unknown> | undefined): string {
  if (type === undefined) return "a value";
  const tagged = type as { _tag?: string; keys?: Record<string, unknown>; type?: t.Decoder<unknown, unknown> };
  if (tagged._tag === "BooleanType") return "true or false";
  if (tagged._tag === "KeyofType" && tagged.keys) return `one of ${Object.keys(tagged.keys).map((k) => JSON.stringify(k)).join(", ")}`;
  if ((tagged._tag === "ArrayType" || tagged._tag === "ReadonlyArrayType") && tagged.type) return `a list (of ${tagged.type.name})`;
  return article(type.name);
}

/** Keeps keys that name a property or an index; skips union members and intersection parts. */
function pathOf(context: t.Context): string {
  let path = "";
  for (let i = 1; i < context.length; i++) {
    const tag = (context[i - 1].type as { _tag?: string })._tag;
    const key = context[i].key;
    if (tag === "UnionType" || tag === "IntersectionType" || key === "") continue;
    if (tag === "ArrayType" || tag === "ReadonlyArrayType" || tag === "TupleType") path += `[${key}]`;
    else path += path ? `.${key}` : key;
  }
  return path;
}

/** A union reports once per member; report each property once, listing what it may be. */
function mergeByProperty(problems: InputProblem[]): InputProblem[] {
  const byProperty = new Map<string, string[]>();
  for (const p of problems) {
    const reasons = byProperty.get(p.property) ?? [];
    if (!reasons.includes(p.reason)) reasons.push(p.reason);
    byProperty.set(p.property, reasons);
  }
  return [...byProperty].map(([property, reasons]) => ({
    property,
    reason: reasons.length === 1 ? reasons[0] : `must match one of: ${reasons.join(" | ")}`,
  }));
}

function article(typeName: string): string {
  return /^[aeiou]/i.test(typeName) ? `an ${typeName}` : `a ${typeName}`;
}

