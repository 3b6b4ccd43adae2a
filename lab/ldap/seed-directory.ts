// The lab directory's people, as data, and the LDIF rendered from them (lab/ldap/seed.ldif is
// this file's output: `node dist/lab/ldap/write-seed.js` rewrites it, a test checks they agree).
// Deterministic: every entry has a fixed entryUUID (and the AD-like ones a fixed objectGUID)
// derived from its DN, so ids, plans and goldens are the same on every start.
//
// Layout, as a mid-size company keeps it (see docs/ldap-directory.md):
//   ou=People                 36 people at Chicago, Boston, London, Paris (the original seed),
//                             two of them Active-Directory-like `user` entries (msuser.schema)
//     ou=Dallas               30 people, 5 on bare extensions 4001..4008 (one number twice),
//                             2 without a number, 2 conference rooms (employeeType Room)
//     ou=Denver               24 people
//     ou=Disabled             4 former employees (employeeType Former Employee)
//     ou=Service Accounts     2 service accounts (employeeType Service)
//   ou=Corp / ou=Austin       14 Active-Directory-like `user` entries with objectGUID,
//                             sAMAccountName, userPrincipalName, userAccountControl (2 disabled)
// Numbers come from ranges reserved for fiction (NANP 555-0100..0199, Ofcom 020 7946 0xxx,
// ARCEP 01 99 00 xx xx); the bare extensions 4000-4009 are what a seeded Unified CM uses.
import { guidFrom } from "../microsoft/tenant/ids";

export const SEED_SUFFIX = "dc=example,dc=com";
export const SEED_PEOPLE_BASE = `ou=People,${SEED_SUFFIX}`;

/** One attribute line: a value, or several for a multi-valued attribute; binary values are Buffers. */
type AttributeValue = string | Buffer | readonly string[];

export interface SeedEntry {
  readonly dn: string;
  /** In LDIF order. */
  readonly attributes: readonly (readonly [string, AttributeValue])[];
}

/** What a person of the seed is, for tests and docs to count by. */
export type SeedKind = "person" | "ad-user" | "disabled" | "room" | "service";

export interface SeedPerson {
  readonly dn: string;
  readonly kind: SeedKind;
  /** uid (inetOrgPerson) or sAMAccountName (AD-like). */
  readonly userId: string;
  readonly city: string | undefined;
  readonly department: string | undefined;
  readonly telephoneNumber: string | undefined;
  readonly entryUUID: string;
  /** AD-like entries only: the objectGUID as a GUID string. */
  readonly objectGUID?: string;
  /** AD-like entries only. */
  readonly userAccountControl?: number;
}

// The original 36-person seed's inetOrgPerson entries, unchanged:
// uid, first, last, telephoneNumber, departmentNumber, l, title, employeeNumber.
type HqRow = readonly [string, string, string, string | undefined, string, string, string, string];
const HQ_PEOPLE: readonly HqRow[] = [
  ["alice.adams", "Alice", "Adams", "+13125550101", "Engineering", "Chicago", "Software Engineer", "1001"],
  ["aaron.baker", "Aaron", "Baker", "+13125550102", "Engineering", "Chicago", "Engineering Manager", "1002"],
  ["carmen.diaz", "Carmen", "Diaz", "+13125550103", "Sales", "Chicago", "Account Executive", "1003"],
  ["daniel.evans", "Daniel", "Evans", "+13125550104", "Sales", "Chicago", "Sales Director", "1004"],
  ["emma.foster", "Emma", "Foster", "+13125550105", "Support", "Chicago", "Support Engineer", "1005"],
  ["farid.ghani", "Farid", "Ghani", "+13125550106", "Support", "Chicago", "Support Engineer", "1006"],
  ["grace.hill", "Grace", "Hill", "+13125550107", "Finance", "Chicago", "Controller", "1007"],
  ["hiro.ito", "Hiro", "Ito", "+13125550108", "Engineering", "Chicago", "Site Reliability Engineer", "1008"],
  ["isabel.jones", "Isabel", "Jones", "+13125550109", "Marketing", "Chicago", "Marketing Manager", "1009"],
  ["jamal.king", "Jamal", "King", "+13125550110", "Engineering", "Chicago", "Software Engineer", "1010"],
  ["karen.lopez", "Karen", "Lopez", "+16175550101", "Sales", "Boston", "Account Executive", "1011"],
  ["liam.murphy", "Liam", "Murphy", "+16175550102", "Sales", "Boston", "Sales Engineer", "1012"],
  ["maya.nguyen", "Maya", "Nguyen", "+16175550103", "Engineering", "Boston", "Software Engineer", "1013"],
  ["noah.obrien", "Noah", "O'Brien", "+16175550104", "Engineering", "Boston", "Architect", "1014"],
  ["olivia.patel", "Olivia", "Patel", "+16175550105", "Support", "Boston", "Support Lead", "1015"],
  ["pedro.quinn", "Pedro", "Quinn", "+16175550106", "Finance", "Boston", "Accountant", "1016"],
  ["quinn.rossi", "Quinn", "Rossi", "+16175550107", "Marketing", "Boston", "Content Writer", "1017"],
  ["rosa.silva", "Rosa", "Silva", "+16175550108", "Support", "Boston", "Support Engineer", "1018"],
  ["samuel.turner", "Samuel", "Turner", "+16175550109", "Engineering", "Boston", "QA Engineer", "1019"],
  ["tara.usman", "Tara", "Usman", "+16175550110", "Sales", "Boston", "Inside Sales", "1020"],
  ["uma.vance", "Uma", "Vance", "+442079460001", "Engineering", "London", "Software Engineer", "1021"],
  ["victor.walsh", "Victor", "Walsh", "+442079460002", "Sales", "London", "Account Executive", "1022"],
  ["wendy.xu", "Wendy", "Xu", "+442079460003", "Support", "London", "Support Engineer", "1023"],
  ["xavier.young", "Xavier", "Young", "+442079460004", "Finance", "London", "Financial Analyst", "1024"],
  ["yasmin.zaman", "Yasmin", "Zaman", "+442079460005", "Marketing", "London", "Marketing Lead", "1025"],
  ["zoe.abbott", "Zoe", "Abbott", "+442079460006", "Engineering", "London", "Engineering Manager", "1026"],
  ["ben.carter", "Ben", "Carter", "+442079460007", "Sales", "London", "Sales Manager", "1027"],
  ["chloe.dubois", "Chloe", "Dubois", "+33199000001", "Engineering", "Paris", "Software Engineer", "1028"],
  ["david.lefevre", "David", "Lefevre", "+33199000002", "Sales", "Paris", "Account Executive", "1029"],
  ["elodie.martin", "Elodie", "Martin", "+33199000003", "Support", "Paris", "Support Engineer", "1030"],
  ["felix.moreau", "Felix", "Moreau", "+33199000004", "Marketing", "Paris", "Product Marketing", "1031"],
  ["gaelle.petit", "Gaelle", "Petit", "+33199000005", "Finance", "Paris", "Accountant", "1032"],
  ["hugo.roux", "Hugo", "Roux", undefined, "Engineering", "Paris", "Intern", "1033"],
  ["ines.garnier", "Ines", "Garnier", undefined, "Engineering", "Paris", "Contractor", "1034"],
];

/** A person at one of the new sites: names, department, title; numbers and ids are derived. */
interface SitePerson {
  readonly first: string;
  readonly last: string;
  readonly department: string;
  readonly title: string;
  /** Overrides the site's E.164 number: a bare extension, or null for none yet. */
  readonly phone?: string | null;
}

const p = (first: string, last: string, department: string, title: string, phone?: string | null): SitePerson =>
  phone === undefined ? { first, last, department, title } : { first, last, department, title, phone };

// Dallas: the site a seeded Unified CM cluster serves with extensions 4000-4009, so five people
// already carry one of those (4005 twice: a duplicate the number planner must report).
const DALLAS: readonly SitePerson[] = [
  p("Adrian", "Bell", "Sales", "Account Executive"),
  p("Beatriz", "Campos", "Sales", "Sales Manager (Interim)"),
  p("Caleb", "Dawson", "Sales", "Inside Sales"),
  p("Diana", "Ellis", "Sales", "Account Executive", "4001"),
  p("Ethan", "Flores", "Engineering", "Software Engineer"),
  p("Fatima", "Greene", "Engineering", "Software Engineer"),
  p("Gavin", "Hayes", "Engineering", "Engineering Manager"),
  p("Hannah", "Irwin", "Engineering", "QA Engineer", "4003"),
  p("Ivan", "Jensen", "R&D (Labs)", "Research Engineer"),
  p("Julia", "Kramer", "R&D (Labs)", "Research Engineer"),
  p("Kevin", "Larsen", "R&D (Labs)", "Lab Manager"),
  p("Laura", "Mendez", "Support", "Support Engineer", "4005"),
  p("Marcus", "Nolan", "Support", "Support Engineer", "4005"),
  p("Nadia", "Ortiz", "Support", "Support Lead"),
  p("Oscar", "Price", "Support", "On-Call * Lead"),
  p("Priya", "Quarles", "Finance", "Accountant"),
  p("Rafael", "Reyes", "Finance", "Financial Analyst", "4008"),
  p("Sofia", "Shah", "Finance", "Controller"),
  p("Tomas", "Tran", "Operations", "Facilities Coordinator"),
  p("Ursula", "Underwood", "Operations", "Operations Manager"),
  p("Vikram", "Vaughn", "Operations", "IT Technician"),
  p("Wanda", "Webb", "Marketing", "Marketing Manager"),
  p("Xander", "York", "Marketing", "Designer"),
  p("Yara", "Zimmer", "Marketing", "Content Writer"),
  p("José", "Muñoz", "Sales", "Account Executive"),
  p("Amelia", "Brooks", "Engineering", "Software Engineer"),
  p("Brandon", "Cole", "Engineering", "Site Reliability Engineer"),
  p("Cecilia", "Duran", "Sales", "Sales Engineer"),
  p("Derek", "Ford", "Engineering", "Intern", null),
  p("Elena", "Garza", "Support", "Support Engineer", null),
];

const DENVER: readonly SitePerson[] = [
  p("Aisha", "Hughes", "Engineering", "Software Engineer"),
  p("Brian", "Ingram", "Engineering", "Software Engineer"),
  p("Carla", "Jordan", "Engineering", "Architect"),
  p("Dmitri", "Keller", "Engineering", "Engineering Manager"),
  p("Esther", "Lambert", "Engineering", "QA Engineer"),
  p("Felipe", "Moss", "Sales", "Account Executive"),
  p("Gloria", "Nash", "Sales", "Sales Director"),
  p("Henry", "Owens", "Sales", "Inside Sales"),
  p("Irene", "Parks", "Support", "Support Engineer"),
  p("Jonah", "Quick", "Support\\Tier 2", "Support Engineer"),
  p("Keiko", "Ramos", "Support", "Support Lead"),
  p("Lucas", "Stone", "Finance", "Accountant"),
  p("Mei", "Tanaka", "Finance", "Financial Analyst"),
  p("Nikolai", "Ulrich", "Operations", "Operations Manager"),
  p("Olga", "Voss", "Operations", "Facilities Coordinator"),
  p("Paulo", "Wade", "Marketing", "Product Marketing"),
  p("Rina", "Xiong", "Marketing", "Marketing Lead"),
  p("Stefan", "Yates", "R&D (Labs)", "Research Engineer"),
  p("Tanya", "Zeller", "R&D (Labs)", "Research Scientist"),
  p("Zoë", "Ångström", "Engineering", "Software Engineer"),
  p("Umar", "Ahmed", "Sales", "Sales Engineer"),
  p("Vera", "Bishop", "Support", "Support Engineer"),
  p("Walter", "Cruz", "Engineering", "Site Reliability Engineer"),
  p("Ximena", "Delgado", "Finance", "Payroll Specialist"),
];

// Former employees: still in the directory (as leavers often are), kept apart in ou=Disabled.
const DISABLED: readonly (SitePerson & { readonly city: string })[] = [
  { ...p("Arthur", "Fenwick", "Sales", "Account Executive"), city: "Dallas" },
  { ...p("Bianca", "Gill", "Engineering", "Software Engineer"), city: "Denver" },
  { ...p("Conrad", "Holt", "Support", "Support Engineer"), city: "Chicago" },
  { ...p("Delia", "Ivers", "Finance", "Accountant"), city: "Dallas" },
];

// Austin, in an Active-Directory-like tree: `user` entries with AD's attributes. The lab's
// msuser.schema gives sAMAccountName, department, employeeID and userPrincipalName no matching
// rule, so the server cannot filter on them (filter rows on them are evaluated locally).
interface AdRow extends SitePerson {
  readonly sam: string;
  /** 512 normal, 514 disabled, 66048 normal with a password that never expires. */
  readonly uac: number;
}
const ad = (sam: string, first: string, last: string, department: string, title: string, uac = 512): AdRow => ({ sam, first, last, department, title, uac });
const AUSTIN: readonly AdRow[] = [
  ad("aknight", "Alan", "Knight", "Sales", "Account Executive"),
  ad("blowe", "Brenda", "Lowe", "Sales", "Sales Manager"),
  ad("cmiles", "Colin", "Miles", "Engineering", "Software Engineer"),
  ad("dnorris", "Dana", "Norris", "Engineering", "Software Engineer", 66048),
  ad("eoneal", "Erin", "O'Neal", "Engineering", "Engineering Manager"),
  ad("fpierce", "Frank", "Pierce", "Support", "Support Engineer"),
  ad("gquintero", "Gina", "Quintero", "Support", "Support Lead"),
  ad("hrhodes", "Harold", "Rhodes", "Finance", "Accountant"),
  ad("isims", "Ivy", "Sims", "Finance", "Controller"),
  ad("jtodd", "Jake", "Todd", "Operations", "IT Technician"),
  ad("kupton", "Kara", "Upton", "Marketing", "Designer"),
  ad("lvega", "Leo", "Vega", "R&D (Labs)", "Research Engineer"),
  ad("mwolfe", "Mona", "Wolfe", "Sales", "Inside Sales", 514),
  ad("nyoung", "Nate", "Young", "Engineering", "Contractor", 514),
];

interface Site {
  readonly ou: string;
  readonly city: string;
  readonly state: string;
  /** E.164 prefix of the site's DIDs; a person's number is prefix + (0101 + index). */
  readonly didPrefix: string;
  readonly mobilePrefix: string;
  readonly firstEmployeeNumber: number;
  readonly people: readonly SitePerson[];
}

const SITES: readonly Site[] = [
  { ou: "Dallas", city: "Dallas", state: "TX", didPrefix: "+1214555", mobilePrefix: "+1469555", firstEmployeeNumber: 2001, people: DALLAS },
  { ou: "Denver", city: "Denver", state: "CO", didPrefix: "+1303555", mobilePrefix: "+1720555", firstEmployeeNumber: 3001, people: DENVER },
];

const ROOMS: readonly { readonly uid: string; readonly name: string; readonly phone: string }[] = [
  { uid: "room.dallas.boardroom", name: "Dallas Boardroom", phone: "+12145550190" },
  { uid: "room.dallas.huddle1", name: "Dallas Huddle 1", phone: "+12145550191" },
];

const SERVICE_ACCOUNTS: readonly { readonly uid: string; readonly name: string; readonly description: string }[] = [
  { uid: "svc-backup", name: "Backup Service", description: "Nightly backup job; not a person" },
  { uid: "svc-paging", name: "Paging Gateway", description: "Overhead paging integration; not a person" },
];

/** ASCII letters only, for uids and mail: "José" → "jose", "O'Brien" → "obrien", "Ångström" → "angstrom". */
export function asciiName(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z]/g, "");
}

/** The entryUUID of a seed entry: derived from its DN, so the same on every start. */
export function seedEntryUuid(dn: string): string {
  return guidFrom(`ucflow-lab-ldap:entryUUID:${dn.toLowerCase()}`);
}

/** The objectGUID of an AD-like seed entry, as the GUID string AD tools show. */
export function seedObjectGuid(dn: string): string {
  return guidFrom(`ucflow-lab-ldap:objectGUID:${dn.toLowerCase()}`);
}

/**
 * A GUID string as AD stores objectGUID: the first three groups little-endian, the last two as
 * written (Microsoft's GUID layout), so "00112233-4455-6677-8899-aabbccddeeff" is stored as
 * 33 22 11 00 55 44 77 66 88 99 aa bb cc dd ee ff.
 */
export function guidToObjectGuidBytes(guid: string): Buffer {
  const hex = guid.replace(/-/g, "");
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a GUID: ${guid}`);
  const bytes = Buffer.from(hex, "hex");
  return Buffer.concat([Buffer.from(bytes.subarray(0, 4)).reverse(), Buffer.from(bytes.subarray(4, 6)).reverse(), Buffer.from(bytes.subarray(6, 8)).reverse(), bytes.subarray(8)]);
}

function organizationalUnit(dn: string, ou: string, description?: string): SeedEntry {
  return { dn, attributes: [["objectClass", "organizationalUnit"], ["ou", ou], ...(description ? [["description", description] as const] : [])] };
}

function withUuid(entry: SeedEntry): SeedEntry {
  return { dn: entry.dn, attributes: [...entry.attributes, ["entryUUID", seedEntryUuid(entry.dn)]] };
}

interface Built {
  readonly entries: SeedEntry[];
  readonly people: SeedPerson[];
}

function build(): Built {
  const entries: SeedEntry[] = [];
  const people: SeedPerson[] = [];
  const add = (entry: SeedEntry, person?: Omit<SeedPerson, "dn" | "entryUUID">): void => {
    entries.push(withUuid(entry));
    if (person) people.push({ dn: entry.dn, entryUUID: seedEntryUuid(entry.dn), ...person });
  };
  const inetOrgPerson = (dn: string, o: {
    uid: string; first?: string; last: string; cn: string; mail?: string; phone?: string; mobile?: string; department?: string;
    city?: string; state?: string; title?: string; employeeNumber?: string; employeeType?: string; description?: string;
  }): SeedEntry => ({
    dn,
    attributes: [
      ["objectClass", "inetOrgPerson"],
      ["uid", o.uid],
      ["cn", o.cn],
      ["sn", o.last],
      ...(o.first !== undefined ? [["givenName", o.first] as const] : []),
      ["displayName", o.cn],
      ...(o.mail !== undefined ? [["mail", o.mail] as const] : []),
      ...(o.phone !== undefined ? [["telephoneNumber", o.phone] as const] : []),
      ...(o.mobile !== undefined ? [["mobile", o.mobile] as const] : []),
      ...(o.department !== undefined ? [["departmentNumber", o.department] as const] : []),
      ...(o.city !== undefined ? [["l", o.city] as const] : []),
      ...(o.state !== undefined ? [["st", o.state] as const] : []),
      ...(o.title !== undefined ? [["title", o.title] as const] : []),
      ...(o.employeeNumber !== undefined ? [["employeeNumber", o.employeeNumber] as const] : []),
      ...(o.employeeType !== undefined ? [["employeeType", o.employeeType] as const] : []),
      ...(o.description !== undefined ? [["description", o.description] as const] : []),
    ],
  });

  add({ dn: SEED_SUFFIX, attributes: [["objectClass", "dcObject"], ["objectClass", "organization"], ["o", "Example"], ["dc", "example"]] });
  add(organizationalUnit(SEED_PEOPLE_BASE, "People"));

  for (const [uid, first, last, phone, department, city, title, employeeNumber] of HQ_PEOPLE) {
    const dn = `uid=${uid},${SEED_PEOPLE_BASE}`;
    add(inetOrgPerson(dn, { uid, first, last, cn: `${first} ${last}`, mail: `${uid}@example.com`, ...(phone ? { phone } : {}), department, city, title, employeeNumber }),
      { kind: "person", userId: uid, city, department, telephoneNumber: phone });
  }
  const hqAdUser = (cn: string, first: string, last: string, sam: string, phone: string, department: string, city: string, title: string, uac: number): void => {
    const dn = `CN=${cn},${SEED_PEOPLE_BASE}`;
    add({
      dn,
      attributes: [
        ["objectClass", ["user", "extensibleObject"]],
        ["cn", cn], ["sn", last], ["givenName", first], ["displayName", cn],
        ["sAMAccountName", sam], ["userPrincipalName", `${sam}@example.com`], ["mail", `${sam}@example.com`],
        ["telephoneNumber", phone], ["department", department], ["l", city], ["title", title],
        ["userAccountControl", String(uac)], ["instanceType", "4"],
        ["objectCategory", "CN=Person,CN=Schema,CN=Configuration,DC=example,DC=com"], ["nTSecurityDescriptor", Buffer.from([0])],
      ],
    }, { kind: "ad-user", userId: sam, city, department, telephoneNumber: phone, userAccountControl: uac });
  };
  hqAdUser("Bob Brown", "Bob", "Brown", "bbrown", "+13125550111", "Sales", "Chicago", "Account Executive", 512);
  hqAdUser("Dana Disabled", "Dana", "Disabled", "ddisabled", "+16175550111", "Support", "Boston", "Former Support Engineer", 514);

  for (const site of SITES) {
    const base = `ou=${site.ou},${SEED_PEOPLE_BASE}`;
    add(organizationalUnit(base, site.ou, `${site.city}, ${site.state}`));
    site.people.forEach((person, i) => {
      const uid = `${asciiName(person.first)}.${asciiName(person.last)}`;
      const dn = `uid=${uid},${base}`;
      const suffix = String(101 + i).padStart(4, "0");
      const phone = person.phone === null ? undefined : (person.phone ?? `${site.didPrefix}${suffix}`);
      add(inetOrgPerson(dn, {
        uid, first: person.first, last: person.last, cn: `${person.first} ${person.last}`, mail: `${uid}@example.com`,
        ...(phone !== undefined ? { phone } : {}), mobile: `${site.mobilePrefix}${suffix}`, department: person.department,
        city: site.city, state: site.state, title: person.title, employeeNumber: String(site.firstEmployeeNumber + i), employeeType: "Employee",
      }), { kind: "person", userId: uid, city: site.city, department: person.department, telephoneNumber: phone });
    });
    if (site.ou === "Dallas") {
      for (const room of ROOMS) {
        const dn = `uid=${room.uid},${base}`;
        add(inetOrgPerson(dn, { uid: room.uid, last: room.name, cn: room.name, phone: room.phone, city: site.city, state: site.state, employeeType: "Room", description: "Conference room; not a person" }),
          { kind: "room", userId: room.uid, city: site.city, department: undefined, telephoneNumber: room.phone });
      }
    }
  }

  const disabledBase = `ou=Disabled,${SEED_PEOPLE_BASE}`;
  add(organizationalUnit(disabledBase, "Disabled", "Former employees, kept for records; never provisioned"));
  DISABLED.forEach((person, i) => {
    const uid = `${asciiName(person.first)}.${asciiName(person.last)}`;
    const dn = `uid=${uid},${disabledBase}`;
    add(inetOrgPerson(dn, {
      uid, first: person.first, last: person.last, cn: `${person.first} ${person.last}`, mail: `${uid}@example.com`, department: person.department,
      city: person.city, title: person.title, employeeNumber: String(9001 + i), employeeType: "Former Employee",
    }), { kind: "disabled", userId: uid, city: person.city, department: person.department, telephoneNumber: undefined });
  });

  const serviceBase = `ou=Service Accounts,${SEED_PEOPLE_BASE}`;
  add(organizationalUnit(serviceBase, "Service Accounts"));
  for (const account of SERVICE_ACCOUNTS) {
    const dn = `uid=${account.uid},${serviceBase}`;
    add(inetOrgPerson(dn, { uid: account.uid, last: account.name, cn: account.name, employeeType: "Service", description: account.description }),
      { kind: "service", userId: account.uid, city: undefined, department: undefined, telephoneNumber: undefined });
  }

  const corp = `ou=Corp,${SEED_SUFFIX}`;
  add(organizationalUnit(corp, "Corp", "An Active-Directory-like tree (user entries from msuser.schema)"));
  const austin = `ou=Austin,${corp}`;
  add(organizationalUnit(austin, "Austin", "Austin, TX"));
  AUSTIN.forEach((person, i) => {
    const cn = `${person.first} ${person.last}`;
    const dn = `CN=${cn},${austin}`;
    const suffix = String(101 + i).padStart(4, "0");
    const objectGUID = seedObjectGuid(dn);
    add({
      dn,
      attributes: [
        ["objectClass", ["user", "extensibleObject"]],
        ["cn", cn], ["sn", person.last], ["givenName", person.first], ["displayName", cn],
        ["sAMAccountName", person.sam], ["userPrincipalName", `${person.sam}@corp.example.com`], ["mail", `${person.sam}@corp.example.com`],
        ["telephoneNumber", `+1512555${suffix}`], ["mobile", `+1737555${suffix}`], ["department", person.department],
        ["company", "Example Corp"], ["l", "Austin"], ["st", "TX"], ["title", person.title], ["employeeID", String(5001 + i)],
        ["userAccountControl", String(person.uac)], ["objectGUID", guidToObjectGuidBytes(objectGUID)], ["instanceType", "4"],
        ["objectCategory", "CN=Person,CN=Schema,CN=Configuration,DC=example,DC=com"], ["nTSecurityDescriptor", Buffer.from([0])],
      ],
    }, { kind: "ad-user", userId: person.sam, city: "Austin", department: person.department, telephoneNumber: `+1512555${suffix}`, objectGUID, userAccountControl: person.uac });
  });
  return { entries, people };
}

const BUILT = build();

/** Every entry of the seed, in LDIF order (parents before children). */
export const SEED_ENTRIES: readonly SeedEntry[] = BUILT.entries;

/** Every person-like entry (people, AD-like users, former employees, rooms, service accounts). */
export const SEED_PEOPLE: readonly SeedPerson[] = BUILT.people;

const HEADER = `# The lab's OpenLDAP seed: loaded with slapadd into a fresh database at every start and on
# POST /reset {"service":"ldap"}. GENERATED by lab/ldap/seed-directory.ts: do not edit by hand;
# change that file and run \`node dist/lab/ldap/write-seed.js\` (a test checks the two agree).
# ${SEED_PEOPLE.filter((x) => x.kind === "person" || x.kind === "ad-user").length} people (${SEED_PEOPLE.filter((x) => x.kind === "ad-user").length} of them Active-Directory-like \`user\` entries), ${SEED_PEOPLE.filter((x) => x.kind === "disabled").length} former employees, ${SEED_PEOPLE.filter((x) => x.kind === "room").length} rooms and ${SEED_PEOPLE.filter((x) => x.kind === "service").length} service accounts,
# in Chicago, Boston, London, Paris, Dallas, Denver and Austin. See docs/ldap-directory.md.
# Numbers come from ranges reserved for fiction: NANP 555-0100..0199, Ofcom 020 7946 0xxx,
# ARCEP 01 99 00 xx xx; bare extensions 4000-4009 are the ones a seeded Unified CM uses.
`;

/** The seed as LDIF (RFC 2849): values that are not plain ASCII are base64 (`attr:: ...`). */
export function renderSeedLdif(entries: readonly SeedEntry[] = SEED_ENTRIES): string {
  const blocks = entries.map((entry) => {
    const lines = [ldifLine("dn", entry.dn)];
    for (const [name, value] of entry.attributes) {
      for (const item of Array.isArray(value) ? value : [value]) lines.push(ldifLine(name, item as string | Buffer));
    }
    return lines.join("\n");
  });
  return `${HEADER}\n${blocks.join("\n\n")}\n`;
}

// RFC 2849 SAFE-STRING: no NUL, LF, CR or non-ASCII; must not start with space, ':' or '<', nor end with a space.
function ldifLine(name: string, value: string | Buffer): string {
  if (Buffer.isBuffer(value)) return `${name}:: ${value.toString("base64")}`;
  const safe = /^[\x01-\x09\x0b\x0c\x0e-\x1f\x21-\x39\x3b\x3d-\x7f][\x01-\x09\x0b\x0c\x0e-\x7f]*$/.test(value) && !value.endsWith(" ");
  return safe ? `${name}: ${value}` : `${name}:: ${Buffer.from(value, "utf8").toString("base64")}`;
}
