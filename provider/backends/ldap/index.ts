/**
 * Reading users from an LDAP directory (OpenLDAP, Active Directory) with ldapts: TLS always
 * verified, simple bind, paged search, typed errors. See docs/ldap-directory.md.
 * @packageDocumentation
 */
export * from "./client";
export * from "./errors";
export * from "./filter-syntax";
export * from "./schema";
export * from "./settings";
