// AXL unique ids (reference §1.2): answered upper case in braces, taken in either case with or
// without braces.
import { createHash, randomUUID } from "node:crypto";

const BARE = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/** "{A8D94FF0-4627-EECC-0D8D-E2EE69123B32}" from any accepted spelling; undefined if it is not a uuid. */
export function canonicalUuid(value: string): string | undefined {
  const trimmed = value.trim();
  const bare = trimmed.startsWith("{") && trimmed.endsWith("}") ? trimmed.slice(1, -1) : trimmed;
  return BARE.test(bare) ? `{${bare.toUpperCase()}}` : undefined;
}

export function newAxlUuid(): string {
  return `{${randomUUID().toUpperCase()}}`;
}

/** Uuids from a seed string and a counter: the seeded cluster has the same ids every time. */
export function deterministicUuids(seed: string): () => string {
  let counter = 0;
  return () => {
    const hex = createHash("sha256").update(`${seed}:${counter++}`).digest("hex").toUpperCase();
    return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}}`;
  };
}
