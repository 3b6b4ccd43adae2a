// Identifiers and attribute names compared the same way on every machine: no locale, no ICU.

/**
 * Orders identifiers by UTF-16 code units. `localeCompare` would depend on the host's ICU data
 * and locale, so two CI runners could order the same users differently.
 */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
