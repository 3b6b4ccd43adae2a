// Wording shared by planner messages: counts, plurals, quoted values, repeated entries.

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

/** The duplicates in a list, each once, in first-seen order. */
export function duplicatesOf(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

/** `a, b, c` or, past `max` names, `a, b, ... j and 5 more`: what exists, without flooding a message. */
export function listNames(names: readonly string[], max = 10): string {
  if (names.length === 0) return "none";
  if (names.length <= max) return names.join(", ");
  return `${names.slice(0, max).join(", ")} and ${formatCount(names.length - max)} more`;
}
