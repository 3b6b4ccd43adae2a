// slapd.conf for the lab's throw-away OpenLDAP (reference/ldap.md §8): Debian's module build,
// one mdb database, and a size limit that is small on purpose but lets paged searches through.

export interface SlapdConfigInput {
  /** The temporary directory slapd owns: pidfile, argsfile, database. */
  readonly dir: string;
  readonly suffix: string;
  readonly rootDn: string;
  readonly rootPassword: string;
  /** Entries an unpaged search may return before SizeLimitExceeded (code 4). */
  readonly sizeLimit: number;
  /** PEM files for the ldaps:// listener, inside `dir`. */
  readonly tls?: { readonly caFile: string; readonly certFile: string; readonly keyFile: string };
}

const SCHEMAS = ["core", "cosine", "inetorgperson", "nis", "msuser"];

export function renderSlapdConfig(input: SlapdConfigInput): string {
  for (const [field, value] of Object.entries({ dir: input.dir, suffix: input.suffix, rootDn: input.rootDn, rootPassword: input.rootPassword })) {
    // slapd.conf has no escaping for these; a quote or newline would change the configuration.
    if (/["\r\n\\]/.test(value)) throw new Error(`slapd config value ${field} must not contain quotes, backslashes or newlines: ${JSON.stringify(value)}`);
  }
  if (!Number.isSafeInteger(input.sizeLimit) || input.sizeLimit < 1) throw new Error(`slapd sizeLimit must be a positive integer, got ${input.sizeLimit}`);
  const lines = [
    ...SCHEMAS.map((schema) => `include /etc/ldap/schema/${schema}.schema`),
    `pidfile "${input.dir}/slapd.pid"`,
    `argsfile "${input.dir}/slapd.args"`,
    // Debian builds backends as modules.
    "modulepath /usr/lib/ldap",
    "moduleload back_mdb",
    // Small soft/hard limits so clients must page, as against Active Directory's MaxPageSize;
    // size.prtotal=unlimited lets a paged search go past them (without it OpenLDAP stops the
    // whole paged search at the limit, reference/ldap.md §2).
    `sizelimit size.soft=${input.sizeLimit} size.hard=${input.sizeLimit} size.prtotal=unlimited`,
  ];
  if (input.tls) {
    lines.push(
      `TLSCACertificateFile "${input.tls.caFile}"`,
      `TLSCertificateFile "${input.tls.certFile}"`,
      `TLSCertificateKeyFile "${input.tls.keyFile}"`,
    );
  }
  lines.push(
    "database mdb",
    // The map is sparse; room for benchmark-sized directories.
    "maxsize 1073741824",
    `suffix "${input.suffix}"`,
    `rootdn "${input.rootDn}"`,
    `rootpw "${input.rootPassword}"`,
    `directory "${input.dir}/db"`,
    "index objectClass eq",
    "index uid,mail,telephoneNumber eq",
    "index entryUUID eq",
    // Passwords only for binding; everything else readable, as a sync account needs.
    "access to attrs=userPassword",
    "  by self write",
    "  by anonymous auth",
    "  by * none",
    "access to *",
    "  by * read",
    "",
  );
  return lines.join("\n");
}
