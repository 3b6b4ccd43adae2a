// Deterministic identifiers for seed data (the same seed always gives the same ids) and random
// ones for objects created at run time.
import { createHash, randomUUID } from "node:crypto";

/** A GUID derived from `name`: stable across runs, shaped like a version-4 GUID. */
export function guidFrom(name: string): string {
  const hex = createHash("sha256").update(name).digest("hex");
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function newGuid(): string {
  return randomUUID();
}

/** An opaque, URL-safe id (Teams policy ids look like "VnMAaN3X..."). */
export function opaqueIdFrom(name: string): string {
  return createHash("sha256").update(name).digest("base64url").slice(0, 40);
}

export function isGuid(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
}
