// The account slapd runs as. As root we never run slapd as root: it gets the `openldap` account
// the Debian package creates (or `nobody`). As anyone else it runs as that user.
import { execFileSync } from "node:child_process";

export interface SlapdAccount {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

/** undefined when the lab is not root: slapd then simply inherits our (unprivileged) identity. */
export function slapdAccount(): SlapdAccount | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ["openldap", "nobody"]) {
    const account = lookupAccount(name);
    if (account && account.uid !== 0) return account;
  }
  throw new Error("the lab runs as root and found neither an `openldap` nor a `nobody` account to run slapd as; create one (useradd --system openldap)");
}

function lookupAccount(name: string): SlapdAccount | undefined {
  let line: string;
  try {
    line = execFileSync("getent", ["passwd", name], { encoding: "utf8" }).trim();
  } catch {
    return undefined; // getent exits 2 for an unknown account
  }
  const fields = line.split(":");
  const uid = Number(fields[2]);
  const gid = Number(fields[3]);
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) return undefined;
  return { name, uid, gid };
}
