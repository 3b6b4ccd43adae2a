// What ucflow gave a Teams subscriber, kept on the Entra user itself as an open extension, so
// it survives a failed step, a killed run and a lost checkpoint: deprovisioning reads it back
// and takes back exactly that. Open extensions hold primitives and arrays of primitives only,
// so the footprint is flattened here (and read back defensively: an administrator can edit it).
import { type GivenNumber, type SubscriberFootprint } from "../../plan";

/** The extension's name on each user ucflow provisions. */
export const FOOTPRINT_EXTENSION = "io.ucflow.subscriber";

/** Bumped when the layout changes; an unknown version is refused rather than misread. */
const FORMAT = 1;

export interface FootprintRecord {
  /** The customer (stack) whose subscriber the user is. */
  readonly customer: string;
  readonly footprint: SubscriberFootprint;
}

/** The extension's data for a footprint (2 KB at most on Graph; this is ~300 bytes). */
export function footprintToExtension(record: FootprintRecord): Record<string, string | number | string[]> {
  const f = record.footprint;
  return {
    format: FORMAT,
    customer: record.customer,
    licensesAdded: [...f.licensesAdded],
    numbers: f.numbers.map((n) => [n.telephoneNumber, n.numberType, n.locationId ?? ""].join("|")),
    policiesReplaced: Object.entries(f.policiesReplaced)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([type, before]) => `${type}=${before ?? ""}`),
    ...(f.usageLocationBefore !== undefined ? { usageLocationBefore: f.usageLocationBefore } : {}),
    // Written only when there are some: records of subscribers without a role's groups stay as
    // they were (and readers that predate groups ignore the key). 39 bytes a group.
    ...(f.groupsAdded !== undefined && f.groupsAdded.length > 0 ? { groupsAdded: [...f.groupsAdded] } : {}),
  };
}

/** The footprint in an extension ucflow wrote; a sentence saying what is wrong otherwise. */
export function footprintFromExtension(data: Readonly<Record<string, unknown>>): FootprintRecord | string {
  if (data.format !== FORMAT) return `has format ${JSON.stringify(data.format)}, which this version of ucflow does not read (it writes ${FORMAT})`;
  if (typeof data.customer !== "string" || data.customer === "") return "names no customer";
  const strings = (key: string): string[] | string => {
    const value = data[key] ?? [];
    return Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : `${key} is not a list of texts`;
  };
  const licenses = strings("licensesAdded");
  const numbers = strings("numbers");
  const policies = strings("policiesReplaced");
  const groups = strings("groupsAdded");
  for (const field of [licenses, numbers, policies, groups]) if (typeof field === "string") return field;
  const groupsAdded = [...new Set((groups as string[]).map((g) => g.toLowerCase()))].sort();
  const given: GivenNumber[] = [];
  for (const text of numbers as string[]) {
    const [telephoneNumber, numberType, locationId] = text.split("|");
    if (!telephoneNumber || !numberType) return `numbers holds ${JSON.stringify(text)}, not "number|type|location"`;
    given.push({ telephoneNumber, numberType, ...(locationId ? { locationId } : {}) });
  }
  const policiesReplaced: Record<string, string | null> = {};
  for (const text of policies as string[]) {
    const at = text.indexOf("=");
    if (at <= 0) return `policiesReplaced holds ${JSON.stringify(text)}, not "PolicyType=before"`;
    policiesReplaced[text.slice(0, at)] = text.slice(at + 1) || null;
  }
  if (data.usageLocationBefore !== undefined && typeof data.usageLocationBefore !== "string") return "usageLocationBefore is not a text";
  return {
    customer: data.customer,
    footprint: {
      licensesAdded: [...(licenses as string[])].map((s) => s.toLowerCase()).sort(),
      numbers: given,
      policiesReplaced,
      ...(typeof data.usageLocationBefore === "string" ? { usageLocationBefore: data.usageLocationBefore } : {}),
      ...(groupsAdded.length > 0 ? { groupsAdded } : {}),
    },
  };
}
