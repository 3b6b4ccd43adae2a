// Macros let one definition serve many sites: `{{site.city}}` in a filter value becomes each
// site's city, `{{user.city}}` in a flow-through site becomes the user's city. A macro that
// cannot be resolved is always a problem: substituting nothing would silently match nobody.
import { lookupProperty } from "./identifiers";

/** A value a macro can take; only strings, numbers and booleans resolve, anything else is undefined. */
export type MacroValue = string | number | boolean | null | undefined | readonly string[];

/** The values of one macro scope, e.g. the `site` scope `{ code: "Cu1Si1", city: "Chicago" }`. */
export type MacroScope = Readonly<Record<string, MacroValue>>;

/** Macro scopes by name: `{ site: {...}, customer: {...} }` resolves `{{site.city}}` and `{{customer.code}}`. */
export type MacroContext = Readonly<Record<string, MacroScope | undefined>>;

// `{{ scope.name }}`, spaces allowed inside the braces as VOSS writes them.
const MACRO = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The macros a text uses, as `scope.name`, in order of appearance, each once. */
export function macrosIn(text: string): string[] {
  return [...new Set([...text.matchAll(MACRO)].map((m) => `${m[1]}.${m[2]}`))];
}

/** True when the text has `{{` or `}}` that is not part of a well-formed `{{scope.name}}`. */
export function hasMalformedMacro(text: string): boolean {
  const rest = text.replace(MACRO, "");
  return rest.includes("{{") || rest.includes("}}");
}

/** The text with every well-formed macro replaced by plain text, to check a pattern before its macros are known. */
export function stubMacros(text: string): string {
  return text.replace(MACRO, "x");
}

/**
 * The value of `{{scope.name}}`, or undefined when the scope or name is missing or the value is
 * not one piece of text (null, empty, a list). Names are looked up ignoring case, like attributes.
 */
export function macroValue(context: MacroContext, scope: string, name: string): string | undefined {
  const values = lookupProperty(context, scope);
  if (values === undefined) return undefined;
  const value = lookupProperty(values, name);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Every macro the context can resolve, as `{{scope.name}}`, sorted: for "the macros defined here are ...". */
export function definedMacros(context: MacroContext): string[] {
  const names: string[] = [];
  for (const [scope, values] of Object.entries(context)) {
    if (values === undefined) continue;
    for (const name of Object.keys(values)) {
      if (macroValue(context, scope, name) !== undefined) names.push(`{{${scope}.${name}}}`);
    }
  }
  return names.sort();
}

export interface Substitution {
  /** The text with every resolvable macro replaced. */
  readonly text: string;
  /** Macros (`scope.name`) that could not be resolved; they stay in the text as written. */
  readonly unresolved: readonly string[];
}

/**
 * Replaces every macro in the text with its value, passed through `encode` first (a regex row
 * escapes the value so a city such as "St. Louis" matches literally).
 */
export function substituteMacros(text: string, context: MacroContext, encode: (value: string) => string = (v) => v): Substitution {
  const unresolved: string[] = [];
  const result = text.replace(MACRO, (whole, scope: string, name: string) => {
    const value = macroValue(context, scope, name);
    if (value !== undefined) return encode(value);
    if (!unresolved.includes(`${scope}.${name}`)) unresolved.push(`${scope}.${name}`);
    return whole;
  });
  return { text: result, unresolved };
}

/** Describes an unresolved macro and lists what is defined, so a typo is easy to spot. */
export function unknownMacroMessage(macro: string, context: MacroContext): string {
  const defined = definedMacros(context);
  return `unknown macro {{${macro}}}; ${defined.length === 0 ? "no macros are defined here" : `the macros defined here are ${defined.join(", ")}`}`;
}
