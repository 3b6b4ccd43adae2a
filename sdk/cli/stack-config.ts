// A stack's config as the ucflow command reads it outside a Pulumi program: `pulumi config
// --json --show-secrets` in the project, so a verb that talks to a platform itself (export)
// connects with exactly the `ucflow:*` settings the providers get. Secrets are decrypted by the
// CLI (PULUMI_CONFIG_PASSPHRASE, ...) and reach only the settings readers, which register them
// for redaction.
import { spawn } from "node:child_process";
import type { ConfigLookup } from "../../provider/core/settings-map";

export interface StackConfigTarget {
  readonly stack?: string;
  readonly cwd?: string;
}

/** One key as `pulumi config --json` prints it; structured values come as JSON text in `value`. */
interface ConfigEntry {
  readonly value?: unknown;
  readonly objectValue?: unknown;
  readonly secret?: boolean;
}

/** The `ucflow:*` keys of the stack's config, by short name ("graphBaseUrl"), as providers' `configure` sees them. */
export function ucflowConfigLookup(printed: string): ConfigLookup {
  let parsed: unknown;
  try {
    parsed = JSON.parse(printed);
  } catch {
    throw new Error("pulumi config --json printed something that is not JSON");
  }
  const entries = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<string, ConfigEntry>;
  const values = new Map<string, string>();
  for (const [key, entry] of Object.entries(entries)) {
    if (!key.startsWith("ucflow:")) continue;
    const value = entry?.value ?? (entry?.objectValue === undefined ? undefined : JSON.stringify(entry.objectValue));
    if (value !== undefined && value !== null) values.set(key.slice("ucflow:".length), typeof value === "string" ? value : JSON.stringify(value));
  }
  return (name) => values.get(name);
}

/** Runs `pulumi config --json --show-secrets` for the stack; throws with Pulumi's message when it fails. */
export function readStackConfig(target: StackConfigTarget, env: NodeJS.ProcessEnv, cwd: string): Promise<ConfigLookup> {
  const args = ["config", "--json", "--show-secrets", "--non-interactive", ...(target.stack !== undefined ? ["--stack", target.stack] : []), ...(target.cwd !== undefined ? ["--cwd", target.cwd] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (error) => reject(new Error(`could not run the Pulumi CLI (is pulumi on PATH?): ${error.message}`)));
    child.on("close", (code) => {
      if (code !== 0) {
        // Never echo stdout: it holds decrypted secrets.
        reject(new Error(`reading the stack's config failed (pulumi config --json${target.stack ? ` --stack ${target.stack}` : ""}, exit ${code}): ${stderr.trim() || "pulumi printed no reason"}`));
        return;
      }
      try {
        resolve(ucflowConfigLookup(stdout));
      } catch (error) {
        reject(error);
      }
    });
  });
}
