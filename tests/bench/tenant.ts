// The bench customer: N generated Entra users spread over the three sites of
// tests/bench/bench-customer.json, the number ranges and SKU units they need, and the seed
// data that puts them in the lab (graph seed API, docs/lab-microsoft.md).
import * as fs from "node:fs";
import * as path from "node:path";
import { LAB_TENANT_DEFAULT_DOMAIN } from "../../lab/microsoft";

/** The definition in the repository (read from the source tree, so it is not copied to dist). */
export const BENCH_DEFINITION_FILE = path.resolve(__dirname, "../../../tests/bench/bench-customer.json");

/** Departments in turn; Sales gets the Sales profile, the back office Messaging, the rest Voice. */
const DEPARTMENTS = ["Engineering", "Sales", "Support", "Finance", "Marketing", "Operations", "Legal", "Human Resources"] as const;
const BACK_OFFICE = new Set(["Finance", "Legal", "Human Resources"]);

export interface BenchSite {
  readonly code: string;
  readonly city: string;
  readonly state: string;
}

export interface BenchRange {
  readonly start: string;
  readonly end: string;
  readonly site: string;
}

interface BenchDefinition {
  readonly sites: readonly { readonly code: string; readonly address: { readonly city: string; readonly state: string } }[];
  readonly numberInventory: { readonly ranges: readonly BenchRange[] };
  readonly [key: string]: unknown;
}

export interface GeneratedUser {
  readonly userPrincipalName: string;
  readonly displayName: string;
  readonly givenName: string;
  readonly surname: string;
  readonly department: string;
  readonly jobTitle: string;
  readonly city: string;
  readonly state: string;
  readonly country: string;
  readonly companyName: string;
  readonly employeeId: string;
  readonly accountEnabled: boolean;
}

export interface GeneratedNumber {
  readonly telephoneNumber: string;
  readonly numberType: "directRouting";
  readonly city: string;
}

export interface BenchTenant {
  /** What `customer` is set to: the bench definition with ranges just large enough. */
  readonly definition: BenchDefinition;
  readonly users: readonly GeneratedUser[];
  readonly numbers: readonly GeneratedNumber[];
  /** Subscribers the definition should select: every generated user. */
  readonly expectedSubscribers: number;
  /** Generated users that get a number (Voice and Sales). */
  readonly withNumber: number;
  /** SKU units to make available on top of the lab seed's, per part number. */
  readonly skuUnits: Readonly<Record<string, number>>;
  /**
   * The move phase's seed: every tenth generated user moves to the next site's city. Takes the
   * lab's users (for their ids) and returns graph seed user changes.
   */
  moves(labUsers: readonly { readonly id: string; readonly userPrincipalName: string }[]): { id: string; city: string; state: string }[];
}

/** Users, numbers and definition for `n` subscribers. Deterministic. */
export function generateTenant(n: number): BenchTenant {
  const template = JSON.parse(fs.readFileSync(BENCH_DEFINITION_FILE, "utf8")) as BenchDefinition;
  const sites: BenchSite[] = template.sites.map((s) => ({ code: s.code, city: s.address.city, state: s.address.state }));
  const users: GeneratedUser[] = [];
  const numbersPerSite = new Map<string, number>(sites.map((s) => [s.code, 0]));
  let e5 = 0;
  let e3 = 0;
  for (let i = 0; i < n; i++) {
    const site = sites[i % sites.length]!;
    const department = DEPARTMENTS[Math.floor(i / sites.length) % DEPARTMENTS.length]!;
    const id = String(i).padStart(5, "0");
    users.push({
      userPrincipalName: `bench.user${id}@${LAB_TENANT_DEFAULT_DOMAIN}`,
      displayName: `Bench User ${id}`,
      givenName: "Bench",
      surname: `User ${id}`,
      department,
      jobTitle: department === "Sales" ? "Account Executive" : "Specialist",
      city: site.city,
      state: site.state,
      country: "US",
      companyName: "Contoso",
      employeeId: `B${id}`,
      accountEnabled: true,
    });
    if (BACK_OFFICE.has(department)) {
      e3 += 1;
    } else {
      e5 += 1;
      numbersPerSite.set(site.code, (numbersPerSite.get(site.code) ?? 0) + 1);
    }
  }

  // Each site's range starts at its template start and holds what the site needs plus 10%.
  const numbers: GeneratedNumber[] = [];
  const ranges: BenchRange[] = template.numberInventory.ranges.map((range) => {
    const site = sites.find((s) => s.code === range.site);
    if (!site) throw new Error(`${BENCH_DEFINITION_FILE}: range ${range.start} names unknown site ${range.site}`);
    const needed = numbersPerSite.get(site.code) ?? 0;
    const size = Math.max(needed + Math.max(5, Math.ceil(needed * 0.2)), 1);
    const first = Number(range.start.slice(1));
    const last = first + size - 1;
    if (last > Number(range.end.slice(1))) throw new Error(`${n} subscribers need ${size} numbers at ${site.code}, more than ${range.start}..${range.end} holds`);
    for (let k = first; k <= last; k++) numbers.push({ telephoneNumber: `+${k}`, numberType: "directRouting", city: site.city });
    return { start: range.start, end: `+${last}`, site: range.site };
  });

  const moves = (labUsers: readonly { readonly id: string; readonly userPrincipalName: string }[]) => {
    const idOf = new Map(labUsers.map((u) => [u.userPrincipalName.toLowerCase(), u.id]));
    return users.flatMap((user, i) => {
      if (i % 10 !== 0) return [];
      const to = sites[(sites.findIndex((s) => s.city === user.city) + 1) % sites.length]!;
      const id = idOf.get(user.userPrincipalName.toLowerCase());
      if (!id) throw new Error(`the lab has no user ${user.userPrincipalName}`);
      return [{ id, city: to.city, state: to.state }];
    });
  };

  return {
    moves,
    definition: { ...template, numberInventory: { ...template.numberInventory, ranges } },
    users,
    numbers,
    expectedSubscribers: n,
    withNumber: e5,
    skuUnits: { SPE_E5: e5, SPE_E3: e3 },
  };
}

/** Splits a list into chunks for seeding (control requests are limited to 32 MB). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
