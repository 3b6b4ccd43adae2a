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

/** " (did you mean dialPlan?)" when a known name is one or two edits away from `key`, ignoring case; otherwise "". */
export function didYouMean(key: string, known: Iterable<string>): string {
  const wanted = key.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(wanted, name.toLowerCase());
    if (distance <= Math.min(2, Math.floor(name.length / 3)) && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best === undefined ? "" : ` (did you mean ${best.name}?)`;
}

/** Edit distance where swapping two neighbours counts once ("ctiy" is one edit from "city"): optimal string alignment. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
