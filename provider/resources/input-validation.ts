// Decoding resource inputs with io-ts, turning decode errors into check failures a UC engineer
// can act on: the property path ("ranges[2].start") and a sentence ("must be an E.164 number
// ...; got "0415"").
import * as t from "io-ts";
import { isLeft } from "fp-ts/Either";
import { show } from "../plan/messages";

/** One problem with one input property, as Pulumi's `check` reports it. */
export interface InputProblem {
  readonly property: string;
  readonly reason: string;
}

export type Decoded<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly problems: InputProblem[] };

export function decodeInputs<A, O>(codec: t.Type<A, O, unknown>, inputs: unknown): Decoded<A> {
  const result = codec.decode(inputs);
  if (!isLeft(result)) return { ok: true, value: result.right };
  return { ok: false, problems: mergeByProperty(result.left.map(problemOf)) };
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
 * `sitecode` must fail at preview rather than be silently ignored.
 */
export function strictObject<R extends t.Props, O extends t.Props = {}>(
  name: string,
  required: R,
  optional?: O,
): StrictObjectType<t.TypeOf<t.TypeC<R>> & Partial<t.TypeOf<t.TypeC<O>>>> {
  const shape = optional ? t.intersection([t.type(required), t.partial(optional)]) : t.type(required);
  const known = new Set([...Object.keys(required), ...Object.keys(optional ?? {})]);
  const codec = new t.Type(
    name,
    (u): u is any => shape.is(u),
    (u, c) => {
      if (typeof u !== "object" || u === null || Array.isArray(u)) return t.failure(u, c, `must be an object; got ${show(u)}`);
      const unknown = Object.keys(u).filter((k) => !known.has(k) && (u as Record<string, unknown>)[k] !== undefined);
      if (unknown.length > 0) {
        return t.failures(
          unknown.map((k) => ({
            value: (u as Record<string, unknown>)[k],
            context: [...c, { key: k, type: t.unknown, actual: (u as Record<string, unknown>)[k] }],
            message: `is not a property of ${name}; the properties are ${[...known].join(", ")}`,
          })),
        );
      }
      // The extra entry lets pathOf see the intersection and skip its member indexes.
      return shape.validate(u, [...c, { key: "", type: shape, actual: u }]) as t.Validation<any>;
    },
    (a) => shape.encode(a),
  );
  return Object.assign(codec, { propertyNames: [...known] as readonly string[] });
}

/** An object codec that knows its property names (the provider diffs exactly those). */
export type StrictObjectType<A> = t.Type<A, unknown, unknown> & { readonly propertyNames: readonly string[] };

function problemOf(error: t.ValidationError): InputProblem {
  const property = pathOf(error.context);
  if (error.message) return { property, reason: error.message };
  const expected = error.context[error.context.length - 1]?.type.name ?? "a value";
  if (error.value === undefined) return { property, reason: `is required (${expected})` };
  return { property, reason: `must be ${article(expected)}; got ${show(error.value)}` };
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

