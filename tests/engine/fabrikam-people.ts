// The Fabrikam customer's people (examples/cucm-customer/fabrikam.yaml on the lab's LDAP seed)
// and what the definition gives each, worked out here without ucflow's planner, for the Unified
// CM engine tests to assert against.
import { SEED_ENTRIES, SEED_PEOPLE, type SeedPerson } from "../../lab/ldap/seed-directory";

export const PINNED = "4ac4b60c-df0c-4c75-974f-1f6a7eb79b67"; // ethan.flores, an engineer pinned to Dallas
const SITE_OF_CITY: Record<string, string> = { Dallas: "Cu2Si1", Denver: "Cu2Si2" };
const ENGINEERING = ["Engineering", "R&D (Labs)"];

export interface Person {
  readonly id: string;
  readonly dn: string;
  readonly userid: string;
  readonly city: string;
  readonly department: string;
  readonly mobile?: string;
}

function seedAttribute(dn: string, name: string): string | undefined {
  const value = SEED_ENTRIES.find((e) => e.dn === dn)?.attributes.find(([key]) => key === name)?.[1];
  return typeof value === "string" ? value : undefined;
}

/** What the definition says a person should get, worked out here without ucflow's planner. */
export function expectedFor(person: Person): { site: string; profile: "Sales" | "Engineering" | "Office"; classOfService: string } | undefined {
  if (person.id === PINNED) return { site: "Cu2Si1", profile: "Engineering", classOfService: "Cu2-National" };
  const site = SITE_OF_CITY[person.city];
  if (site === undefined) return undefined;
  if (person.department === "Sales") return { site, profile: "Sales", classOfService: "Cu2-International" };
  if (ENGINEERING.includes(person.department)) return { site: "Cu2Si2", profile: "Engineering", classOfService: "Cu2-National" };
  return { site, profile: "Office", classOfService: "Cu2-National" };
}

export const employees: Person[] = SEED_PEOPLE.filter((p: SeedPerson) => p.kind === "person" && seedAttribute(p.dn, "employeeType") === "Employee").map((p) => ({
  id: p.entryUUID,
  dn: p.dn,
  userid: p.userId,
  city: p.city ?? "",
  department: p.department ?? "",
  ...(seedAttribute(p.dn, "mobile") ? { mobile: seedAttribute(p.dn, "mobile")! } : {}),
}));
