// Where Debian's OpenLDAP programs live, and installing them when they are missing (as the
// project's bootstrap does on CI). /usr/sbin is not on a non-root PATH, hence fixed paths.
import { execFile } from "node:child_process";
import { access, constants } from "node:fs/promises";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface SlapdBinaries {
  readonly slapd: string;
  readonly slapadd: string;
  readonly ldapadd: string;
}

const BINARIES: SlapdBinaries = { slapd: "/usr/sbin/slapd", slapadd: "/usr/sbin/slapadd", ldapadd: "/usr/bin/ldapadd" };
const INSTALL_HINT = "install the Debian packages slapd and ldap-utils as root (apt-get install slapd ldap-utils), or start the lab without LDAP (--no-ldap; `ldap: false` for startLab)";

/** Returns the program paths, installing the packages first when they are missing and we are root on Debian. */
export async function ensureSlapdBinaries(log: (line: string) => void): Promise<SlapdBinaries> {
  const missing = await missingBinaries();
  if (missing.length === 0) return BINARIES;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !(await executable("/usr/bin/apt-get"))) {
    throw new Error(`OpenLDAP is not installed (missing ${missing.join(", ")}); ${INSTALL_HINT}`);
  }
  log(`installing OpenLDAP (Debian packages slapd, ldap-utils) because ${missing.join(", ")} is missing`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    await run("/usr/bin/apt-get", ["update", "-qq"], { env, maxBuffer: 64 * 1024 * 1024 });
    await run("/usr/bin/apt-get", ["install", "-y", "-qq", "--no-install-recommends", "slapd", "ldap-utils"], { env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim().split("\n").slice(-5).join("\n");
    throw new Error(`apt-get could not install slapd and ldap-utils: ${(error as Error).message.split("\n")[0]}${stderr ? `\n${stderr}` : ""}`);
  }
  const stillMissing = await missingBinaries();
  if (stillMissing.length > 0) throw new Error(`apt-get installed slapd and ldap-utils but ${stillMissing.join(", ")} is still missing`);
  return BINARIES;
}

async function missingBinaries(): Promise<string[]> {
  const missing: string[] = [];
  for (const file of Object.values(BINARIES)) if (!(await executable(file))) missing.push(file);
  return missing;
}

async function executable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
