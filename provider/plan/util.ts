// Small helpers shared by the planners. Nothing here may depend on the locale or the clock:
// the same inputs must give the same plan on every machine.

/**
 * Orders identifiers by UTF-16 code units. `localeCompare` would depend on the host's ICU data
 * and locale, so two CI runners could order the same users differently.
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `1234567` → `"1,234,567"`, without depending on the host's locale. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** `1` → `"1 subscriber"`, `2` → `"2 subscribers"`. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/** JSON-quotes a value for a message, cut short so one bad input cannot flood the output. */
export function show(u: unknown): string {
  const text = typeof u === "number" && !Number.isFinite(u) ? String(u) : (JSON.stringify(u) ?? String(u));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Reads a property by name: the exact key first, then any key equal ignoring case (Graph
 * property names are case-insensitive, and VOSS users write `City` where Graph returns `city`).
 * Only own properties count, so an attribute called `constructor` is not found on the prototype.
 */
export function lookupProperty<V>(record: Readonly<Record<string, V>>, name: string): V | undefined {
  if (Object.prototype.hasOwnProperty.call(record, name)) return record[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(record)) if (key.toLowerCase() === lower) return record[key];
  return undefined;
}

/** The duplicates in a list, each once, in first-seen order. */
export function duplicatesOf(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}
