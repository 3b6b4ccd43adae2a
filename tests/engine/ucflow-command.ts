// Runs the built `ucflow` command (dist/sdk/cli/main.js) as a user would, in a project's
// directory and environment, and echoes the run like the harness echoes pulumi's.
import { spawn } from "node:child_process";
import * as path from "node:path";

const UCFLOW = path.resolve(__dirname, "../../sdk/cli/main.js");

export interface UcflowRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function ucflow(args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<UcflowRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [UCFLOW, ...args], { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      console.log(`      $ ucflow ${args.join(" ")} -> exit ${code}`);
      resolve({ exitCode: code, stdout, stderr });
    });
  });
}
