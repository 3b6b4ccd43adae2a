// How directory entries become users: which attribute is the immutable id, which entries are
// users at all, and which LDAP attribute each user attribute is read from. Two defaults, for
// OpenLDAP-style inetOrgPerson directories and for Active Directory (docs/ldap-directory.md).
// Keys are user attribute names as filters and flow-through criteria use them (`city`,
// `department`); the same names work for a directory of either kind.

/** A user attribute read from one LDAP attribute. */
export interface LdapAttributeRead {
  /** The LDAP attribute, e.g. `l`, `departmentNumber`, `department`. */
  readonly ldap: string;
  /**
   * "server": filter rows on it compile into the search filter; "local": they are evaluated
   * only on what the search returns (the attribute has no usable matching rule, e.g. the lab's
   * msuser.schema attributes, or a case-exact one). @default "server"
   */
  readonly match?: "server" | "local";
  /** The attribute has a SUBSTR rule (startsWith, endsWith, contains compile). @default true */
  readonly substrings?: boolean;
  /** Its matching rule ignores more than case (telephoneNumberMatch): negated rows stay local. @default false */
  readonly loose?: boolean;
}

/**
 * A user attribute computed from the entry: its DN, or Active Directory's account-enabled flag
 * (bit 2 of userAccountControl clear). Always evaluated locally.
 */
export interface LdapAttributeDerived {
  readonly derived: "distinguishedName" | "accountEnabled";
}

export type LdapAttributeSpec = LdapAttributeRead | LdapAttributeDerived;

export interface LdapUserSchema {
  /** For messages: "inetOrgPerson", "activeDirectory" or your own. */
  readonly name: string;
  /** The immutable id: `entryUUID` (OpenLDAP, RFC 4530) or `objectGUID` (Active Directory). Never the DN, which changes on rename or move. */
  readonly idAttribute: string;
  /** "uuid": the id is text (entryUUID); "guid": 16 bytes in Microsoft's GUID layout (objectGUID), shown as a GUID string. */
  readonly idSyntax: "uuid" | "guid";
  /** RFC 4515 filter selecting user entries; ANDed with every other filter of the search. */
  readonly userFilter: string;
  /** User attribute name → where it comes from. */
  readonly attributes: Readonly<Record<string, LdapAttributeSpec>>;
}

const telephone = (ldap: string): LdapAttributeRead => ({ ldap, loose: true });

/** Attributes both kinds of directory name the same way (X.500 person attributes). */
const PERSON_ATTRIBUTES: Readonly<Record<string, LdapAttributeSpec>> = {
  commonName: { ldap: "cn" },
  displayName: { ldap: "displayName" },
  firstName: { ldap: "givenName" },
  lastName: { ldap: "sn" },
  mail: { ldap: "mail" },
  telephoneNumber: telephone("telephoneNumber"),
  mobile: telephone("mobile"),
  city: { ldap: "l" },
  state: { ldap: "st" },
  title: { ldap: "title" },
  distinguishedName: { derived: "distinguishedName" },
};

/**
 * OpenLDAP and other RFC 2798 directories: id entryUUID, users `(objectClass=inetOrgPerson)`
 * (Unified CM's own default for OpenLDAP). Matching rules from core, cosine and
 * inetorgperson.schema: all caseIgnore with substrings, telephone numbers telephoneNumberMatch.
 */
export const INET_ORG_PERSON_SCHEMA: LdapUserSchema = {
  name: "inetOrgPerson",
  idAttribute: "entryUUID",
  idSyntax: "uuid",
  userFilter: "(objectClass=inetOrgPerson)",
  attributes: {
    userId: { ldap: "uid" },
    ...PERSON_ATTRIBUTES,
    department: { ldap: "departmentNumber" },
    employeeId: { ldap: "employeeNumber" },
    employeeType: { ldap: "employeeType" },
  },
};

/**
 * Active Directory: id objectGUID, users as Unified CM's default AD filter selects them
 * (people, not computers, not disabled; reference/ldap.md §3.1); `userId` is sAMAccountName
 * (Unified CM's default "LDAP Attribute for User ID"), `accountEnabled` comes from
 * userAccountControl.
 */
export const ACTIVE_DIRECTORY_SCHEMA: LdapUserSchema = {
  name: "activeDirectory",
  idAttribute: "objectGUID",
  idSyntax: "guid",
  userFilter: "(&(objectClass=user)(!(objectClass=computer))(!(userAccountControl:1.2.840.113556.1.4.803:=2)))",
  attributes: {
    userId: { ldap: "sAMAccountName" },
    userPrincipalName: { ldap: "userPrincipalName" },
    ...PERSON_ATTRIBUTES,
    department: { ldap: "department" },
    company: { ldap: "company" },
    employeeId: { ldap: "employeeID" },
    userAccountControl: { ldap: "userAccountControl", substrings: false },
    accountEnabled: { derived: "accountEnabled" },
  },
};

export const LDAP_USER_SCHEMAS: Readonly<Record<string, LdapUserSchema>> = {
  inetOrgPerson: INET_ORG_PERSON_SCHEMA,
  activeDirectory: ACTIVE_DIRECTORY_SCHEMA,
};

/** A directory entry as ldapts returns it: the DN and each attribute's value(s). */
export interface LdapEntry {
  readonly dn: string;
  readonly [attribute: string]: string | Buffer | readonly (string | Buffer)[];
}

/** A user read from the directory: the immutable id, the DN, and the mapped attributes. */
export interface LdapUser {
  readonly id: string;
  readonly dn: string;
  readonly attributes: Readonly<Record<string, string | boolean | readonly string[]>>;
}

/** The LDAP attributes a search must ask for: the id and every attribute read. */
export function requestedAttributes(schema: LdapUserSchema): string[] {
  const names = [schema.idAttribute];
  for (const spec of Object.values(schema.attributes)) {
    if ("ldap" in spec) names.push(spec.ldap);
    else if (spec.derived === "accountEnabled") names.push("userAccountControl");
  }
  return [...new Set(names)];
}

/** Attributes returned as bytes rather than text. */
export function binaryAttributes(schema: LdapUserSchema): string[] {
  return schema.idSyntax === "guid" ? [schema.idAttribute] : [];
}

/**
 * For compileToLdap: user attribute → LDAP attribute, for the attributes the server can match
 * (shaped as provider/plan's LdapAttributeMap).
 */
export function filterAttributeMap(schema: LdapUserSchema): Record<string, { attribute: string; substrings: boolean; loose: boolean }> {
  const map: Record<string, { attribute: string; substrings: boolean; loose: boolean }> = {};
  for (const [name, spec] of Object.entries(schema.attributes)) {
    if (!("ldap" in spec) || spec.match === "local") continue;
    map[name] = { attribute: spec.ldap, substrings: spec.substrings !== false, loose: spec.loose === true };
  }
  return map;
}

/** Why an entry cannot become a user (no id, or an id of the wrong shape). */
export type EntryProblem = { readonly dn: string; readonly problem: string };

/** The user an entry describes, or the reason it cannot be one. */
export function userFromEntry(entry: LdapEntry, schema: LdapUserSchema): LdapUser | EntryProblem {
  const id = immutableId(entry, schema);
  if (typeof id !== "string") return { dn: entry.dn, problem: id.problem };
  const attributes: Record<string, string | boolean | readonly string[]> = {};
  for (const [name, spec] of Object.entries(schema.attributes)) {
    if ("derived" in spec) {
      if (spec.derived === "distinguishedName") attributes[name] = entry.dn;
      else {
        const uac = textValues(entry, "userAccountControl")[0];
        if (uac !== undefined && /^-?\d+$/.test(uac)) attributes[name] = (Number(uac) & 2) === 0;
      }
      continue;
    }
    const values = textValues(entry, spec.ldap);
    if (values.length === 1) attributes[name] = values[0] as string;
    else if (values.length > 1) attributes[name] = values;
  }
  return { id, dn: entry.dn, attributes };
}

/**
 * objectGUID bytes as the GUID string AD tools show: the first three groups are stored
 * little-endian (Microsoft's GUID layout), the last two as written.
 */
export function formatObjectGuid(bytes: Buffer): string {
  if (bytes.length !== 16) throw new Error(`an objectGUID has 16 bytes; got ${bytes.length}`);
  const hex = (from: number, to: number, reverse: boolean) => {
    const part = Buffer.from(bytes.subarray(from, to));
    return (reverse ? part.reverse() : part).toString("hex");
  };
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}`;
}

function immutableId(entry: LdapEntry, schema: LdapUserSchema): string | { problem: string } {
  const raw = valuesOf(entry, schema.idAttribute);
  if (raw.length === 0) return { problem: `has no ${schema.idAttribute}, the immutable id users are keyed by` };
  if (raw.length > 1) return { problem: `has ${raw.length} values of ${schema.idAttribute}; the immutable id must be single-valued` };
  const value = raw[0] as string | Buffer;
  if (schema.idSyntax === "guid") {
    if (!Buffer.isBuffer(value) || value.length !== 16) {
      return { problem: `has an ${schema.idAttribute} that is not 16 bytes (${Buffer.isBuffer(value) ? `${value.length} bytes` : "text"}); Active Directory's objectGUID is a 16-byte GUID` };
    }
    return formatObjectGuid(value);
  }
  const text = Buffer.isBuffer(value) ? value.toString("utf8") : value;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) return { problem: `has an ${schema.idAttribute} that is not a UUID: ${JSON.stringify(text.slice(0, 60))}` };
  return text.toLowerCase();
}

/** The values of an attribute, found ignoring case (servers answer with the schema's spelling). */
function valuesOf(entry: LdapEntry, attribute: string): (string | Buffer)[] {
  const lower = attribute.toLowerCase();
  for (const [key, value] of Object.entries(entry)) {
    if (key === "dn" || key.toLowerCase() !== lower) continue;
    const list = Array.isArray(value) ? value : [value];
    return (list as (string | Buffer)[]).filter((v) => (Buffer.isBuffer(v) ? v.length > 0 : v !== ""));
  }
  return [];
}

/** Text values; stray binary values of a text attribute are shown as base64. */
function textValues(entry: LdapEntry, attribute: string): string[] {
  return valuesOf(entry, attribute).map((v) => (Buffer.isBuffer(v) ? v.toString("base64") : v));
}
