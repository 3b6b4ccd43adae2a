// The Unified CM bench customer: N generated people for the lab's OpenLDAP directory, spread
// over the three sites of tests/bench/bench-cucm-customer.json (their cities in turn, eight
// departments in turn), the definition with each site's extension range just large enough, the
// LDIF that adds them, and the LDIF of the move phase. Pure and deterministic.
import * as fs from "node:fs";
import * as path from "node:path";
import type { BenchRange, BenchSite } from "./tenant";

/** The definition in the repository (read from the source tree, so it is not copied to dist). */
export const BENCH_CUCM_DEFINITION_FILE = path.resolve(__dirname, "../../../tests/bench/bench-cucm-customer.json");

/** The generated people live under their own OU; the bench points ucflow:ldapBaseDn at it, so the seed's people are not read. */
export const BENCH_PEOPLE_OU = "ou=Bench People";

/** Departments in turn: Sales and Engineering have their own profiles, the rest get Office. */
const DEPARTMENTS = ["Engineering", "Sales", "Support", "Finance", "Marketing", "Operations", "Legal", "Human Resources"] as const;

/** Mobile numbers (single number reach) per site: area codes of the sites' cities, 555 exchange, as the lab seed's. */
const MOBILE_PREFIX: Readonly<Record<string, string>> = { Dallas: "+1469555", Denver: "+1720555", Houston: "+1832555" };

interface ProfileDefinition {
  readonly name: string;
  readonly voicemail?: boolean;
  readonly jabber?: boolean;
  readonly extensionMobility?: boolean;
  readonly singleNumberReach?: boolean;
  readonly quickAddGroup?: { readonly phone?: unknown };
}

export interface BenchCucmDefinition {
  readonly sites: readonly { readonly code: string; readonly address: { readonly city: string; readonly state: string } }[];
  readonly numberInventory: { readonly ranges: readonly BenchRange[] };
  readonly profiles: readonly ProfileDefinition[];
  readonly [key: string]: unknown;
}

export interface GeneratedPerson {
  readonly dn: string;
  readonly uid: string;
  readonly givenName: string;
  readonly sn: string;
  readonly cn: string;
  readonly mail: string;
  readonly mobile: string;
  readonly department: string;
  readonly title: string;
  readonly city: string;
  readonly state: string;
  readonly employeeNumber: string;
  /** The profile the definition's flow-through gives this person. */
  readonly profile: "Sales" | "Engineering" | "Office";
}

/** What one subscriber of a profile gets, as the profile says (for the chain of round trips). */
export interface CucmProfileShape {
  readonly deskPhone: boolean;
  readonly jabber: boolean;
  readonly extensionMobility: boolean;
  readonly singleNumberReach: boolean;
  readonly voicemail: boolean;
}

export interface BenchCucmCustomer {
  /** What `customer` is set to: the bench definition with each site's range just large enough. */
  readonly definition: BenchCucmDefinition;
  readonly people: readonly GeneratedPerson[];
  /** Subscribers the definition should select: every generated person. */
  readonly expectedSubscribers: number;
  /** People per profile. */
  readonly byProfile: Readonly<Record<string, number>>;
  /** Each profile's shape, by name, from the definition. */
  readonly profiles: Readonly<Record<string, CucmProfileShape>>;
  /** The LDIF that adds the OU and the people under `suffix`, in parts of at most `perPart` people. */
  ldif(suffix: string, perPart?: number): string[];
  /** The move phase: every tenth person's city (and state) becomes the next site's. LDIF modify records, and how many. */
  moves(suffix: string): { readonly ldif: string; readonly moved: number; readonly profiles: readonly string[] };
}

/** The largest N the template's ranges hold (each site's range: its people plus 20 %, at least 5 more). */
export function maxCucmBenchSubscribers(definition: BenchCucmDefinition = readTemplate()): number {
  const fits = (n: number): boolean => {
    try {
      sizedRanges(definition, siteCounts(definition, n));
      return true;
    } catch {
      return false;
    }
  };
  // Fitting is monotonic in n: the largest n that fits, by bisection.
  let low = 0;
  let high = 100_000;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

function readTemplate(): BenchCucmDefinition {
  return JSON.parse(fs.readFileSync(BENCH_CUCM_DEFINITION_FILE, "utf8")) as BenchCucmDefinition;
}

function sitesOf(definition: BenchCucmDefinition): BenchSite[] {
  return definition.sites.map((s) => ({ code: s.code, city: s.address.city, state: s.address.state }));
}

function siteCounts(definition: BenchCucmDefinition, n: number): Map<string, number> {
  const sites = sitesOf(definition);
  const counts = new Map<string, number>(sites.map((s) => [s.code, 0]));
  for (let i = 0; i < n; i++) {
    const code = sites[i % sites.length]!.code;
    counts.set(code, counts.get(code)! + 1);
  }
  return counts;
}

/**
 * Each site's range starts at its template start and holds the site's people plus 20 % (at least
 * 5 more): room for the move phase's arrivals, which take new extensions before the old ones go.
 */
function sizedRanges(definition: BenchCucmDefinition, counts: ReadonlyMap<string, number>): BenchRange[] {
  return definition.numberInventory.ranges.map((range) => {
    if (!counts.has(range.site)) throw new Error(`${BENCH_CUCM_DEFINITION_FILE}: range ${range.start} names unknown site ${range.site}`);
    const needed = counts.get(range.site)!;
    const size = Math.max(needed + Math.max(5, Math.ceil(needed * 0.2)), 1);
    const first = Number(range.start);
    const last = first + size - 1;
    if (last > Number(range.end)) throw new Error(`${needed} subscribers at ${range.site} need ${size} extensions, more than ${range.start}..${range.end} holds`);
    return { start: range.start, end: String(last).padStart(range.start.length, "0"), site: range.site };
  });
}

function profileOf(department: string): GeneratedPerson["profile"] {
  return department === "Sales" ? "Sales" : department === "Engineering" ? "Engineering" : "Office";
}

/** An LDIF value line; the generated values are plain ASCII without leading spaces or colons. */
function line(attribute: string, value: string): string {
  if (!/^[\x20-\x7e]*$/.test(value) || /^[ :<]/.test(value)) return `${attribute}:: ${Buffer.from(value, "utf8").toString("base64")}`;
  return `${attribute}: ${value}`;
}

/** People, definition and LDIF for `n` subscribers. Deterministic. */
export function generateCucmCustomer(n: number, template: BenchCucmDefinition = readTemplate()): BenchCucmCustomer {
  const sites = sitesOf(template);
  const ranges = sizedRanges(template, siteCounts(template, n));
  const people: GeneratedPerson[] = [];
  const byProfile: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const site = sites[i % sites.length]!;
    const department = DEPARTMENTS[Math.floor(i / sites.length) % DEPARTMENTS.length]!;
    const id = String(i).padStart(5, "0");
    // Short enough that the Jabber device name (CSF and the first 12 letters or digits of the
    // userid, Cisco's 15-character limit) differs for every person.
    const uid = `bench.u${id}`;
    const mobilePrefix = MOBILE_PREFIX[site.city];
    if (!mobilePrefix) throw new Error(`no mobile prefix for ${site.city}: add it to MOBILE_PREFIX in tests/bench/cucm-directory.ts`);
    const profile = profileOf(department);
    byProfile[profile] = (byProfile[profile] ?? 0) + 1;
    people.push({
      dn: `uid=${uid},${BENCH_PEOPLE_OU}`,
      uid,
      givenName: "Bench",
      sn: `User ${id}`,
      cn: `Bench User ${id}`,
      mail: `${uid}@fabrikam.example`,
      // Unique per person: one remote destination per number on a cluster.
      mobile: `${mobilePrefix}${String(2000 + Math.floor(i / sites.length)).padStart(4, "0")}`,
      department,
      title: department === "Sales" ? "Account Executive" : "Specialist",
      city: site.city,
      state: site.state,
      employeeNumber: `B${id}`,
      profile,
    });
  }
  if (people.length > 0 && new Set(people.map((p) => p.mobile)).size !== people.length) throw new Error(`${n} people need more mobile numbers than MOBILE_PREFIX gives`);

  const profiles: Record<string, CucmProfileShape> = {};
  for (const p of template.profiles) {
    profiles[p.name] = {
      deskPhone: p.quickAddGroup?.phone !== undefined,
      jabber: p.jabber === true,
      extensionMobility: p.extensionMobility === true,
      singleNumberReach: p.singleNumberReach === true,
      voicemail: p.voicemail === true,
    };
  }

  const ldif = (suffix: string, perPart = 500): string[] => {
    const records = people.map((p) => {
      const attributes: [string, string][] = [
        ["uid", p.uid], ["cn", p.cn], ["sn", p.sn], ["givenName", p.givenName], ["displayName", p.cn], ["mail", p.mail], ["mobile", p.mobile],
        ["departmentNumber", p.department], ["l", p.city], ["st", p.state], ["title", p.title], ["employeeNumber", p.employeeNumber], ["employeeType", "Employee"],
      ];
      return [`dn: ${p.dn},${suffix}`, "objectClass: inetOrgPerson", ...attributes.map(([a, v]) => line(a, v))].join("\n");
    });
    const ou = [`dn: ${BENCH_PEOPLE_OU},${suffix}`, "objectClass: organizationalUnit", line("ou", BENCH_PEOPLE_OU.slice(3))].join("\n");
    const parts: string[] = [];
    for (let k = 0; k < records.length; k += perPart) parts.push(`${[...(k === 0 ? [ou] : []), ...records.slice(k, k + perPart)].join("\n\n")}\n`);
    return parts.length > 0 ? parts : [`${ou}\n`];
  };

  const moves = (suffix: string) => {
    const moving = people.filter((_, i) => i % 10 === 0);
    const records = moving.map((p) => {
      const to = sites[(sites.findIndex((s) => s.city === p.city) + 1) % sites.length]!;
      return [`dn: ${p.dn},${suffix}`, "changetype: modify", "replace: l", line("l", to.city), "-", "replace: st", line("st", to.state), "-"].join("\n");
    });
    return { ldif: `${records.join("\n\n")}\n`, moved: moving.length, profiles: [...new Set(moving.map((p) => p.profile))] };
  };

  return {
    definition: { ...template, numberInventory: { ...template.numberInventory, ranges } },
    people,
    expectedSubscribers: n,
    byProfile,
    profiles,
    ldif,
    moves,
  };
}
