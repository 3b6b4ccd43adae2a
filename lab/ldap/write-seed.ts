// Rewrites lab/ldap/seed.ldif from lab/ldap/seed-directory.ts:
//   node dist/lab/ldap/write-seed.js
// (from the build in dist/, the LDIF in the source tree is two levels up).
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { renderSeedLdif } from "./seed-directory";

/** The seed LDIF in the source tree, from lab/ldap (ts-node) or dist/lab/ldap (the build). */
export function seedLdifSourcePath(dir: string = __dirname): string {
  return path.basename(path.resolve(dir, "../..")) === "dist" ? path.resolve(dir, "../../../lab/ldap/seed.ldif") : path.join(dir, "seed.ldif");
}

if (require.main === module) {
  const target = seedLdifSourcePath();
  writeFileSync(target, renderSeedLdif());
  process.stdout.write(`wrote ${target}\n`);
}
