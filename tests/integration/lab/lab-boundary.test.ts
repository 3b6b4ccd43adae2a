// DESIGN §2: the lab is a product feature but never a dependency of the provider or the SDK.
// Scans their sources for imports of lab/ (relative or through the package export).
import { expect } from "chai";
import { readdir, readFile } from "node:fs/promises";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../../../..");

async function typeScriptFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await typeScriptFiles(full)));
    else if (entry.name.endsWith(".ts")) files.push(full);
  }
  return files;
}

describe("lab boundary", () => {
  it("is imported by nothing in provider/ or sdk/", async () => {
    const offenders: string[] = [];
    for (const folder of ["provider", "sdk"]) {
      for (const file of await typeScriptFiles(path.join(ROOT, folder))) {
        const text = await readFile(file, "utf8");
        for (const match of text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)["']([^"']+)["']/g)) {
          const specifier = match[1] as string;
          const target = specifier.startsWith(".") ? path.resolve(path.dirname(file), specifier) : specifier;
          if (target === "ucflow/lab" || target.startsWith("ucflow/lab/") || target === path.join(ROOT, "lab") || target.startsWith(path.join(ROOT, "lab") + path.sep)) {
            offenders.push(`${path.relative(ROOT, file)} imports ${specifier}`);
          }
        }
      }
    }
    expect(offenders).to.deep.equal([]);
  });
});
