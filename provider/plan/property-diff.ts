// The diff a dynamic provider reports to the engine: which input properties differ between the
// state Pulumi holds and the desired inputs, and whether any of them forces a replacement.
// Pure, so previews are explainable and tested without a platform.

export interface PropertyDiff {
  /** True when any compared property differs. */
  readonly changes: boolean;
  /** Changed properties whose change replaces the object (e.g. its name). */
  readonly replaces: readonly string[];
  /** Every changed property, in the order given. */
  readonly changed: readonly string[];
}

/**
 * Compares `keys` of the old state and the new inputs by value (objects by content, regardless
 * of key order; arrays in order). A missing property equals `undefined`; `null` does not.
 */
export function diffProperties(
  olds: Readonly<Record<string, unknown>>,
  news: Readonly<Record<string, unknown>>,
  keys: readonly string[],
  replaceOn: readonly string[] = [],
): PropertyDiff {
  const changed = keys.filter((k) => canonical(olds[k]) !== canonical(news[k]));
  return { changes: changed.length > 0, replaces: changed.filter((k) => replaceOn.includes(k)), changed };
}

/** JSON with object keys sorted, so equal content gives equal text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v,
  ) ?? "undefined";
}
