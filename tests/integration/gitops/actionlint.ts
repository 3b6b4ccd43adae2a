// Runs the built actionlint (scripts/test-tools.sh puts it on PATH) on a copy of a workflow kit,
// with ShellCheck on the workflows' `run:` scripts, and returns what it found.
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { commandOnPath } from "../../command-on-path";

/** One finding, as actionlint's `-format '{{json .}}'` prints it. */
export interface ActionlintFinding {
  readonly message: string;
  readonly filepath: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}

/**
 * A copy of `kit` (a directory holding `.github/`) in a temporary directory, marked as a project
 * root the way actionlint finds one (a `.git` directory), so local actions
 * (`uses: ./.github/actions/...`) and reusable workflows resolve inside the kit. `change` may
 * edit the copy before it is checked.
 */
export function copyKit(kit: string, change?: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ucflow-gitops-kit-"));
  fs.cpSync(kit, dir, { recursive: true });
  fs.mkdirSync(path.join(dir, ".git"));
  change?.(dir);
  return dir;
}

/** actionlint over every workflow of the project at `dir`; its findings (none when clean). */
export function actionlint(dir: string): ActionlintFinding[] {
  const binary = commandOnPath("actionlint");
  const shellcheck = commandOnPath("shellcheck");
  const run = spawnSync(binary, ["-no-color", "-format", "{{json .}}", `-shellcheck=${shellcheck}`, "-pyflakes="], { cwd: dir, encoding: "utf8" });
  // Exit 0: clean; 1: findings; anything else (bad flag, unreadable project) is not a lint result.
  if (run.status !== 0 && run.status !== 1) {
    throw new Error(`actionlint exited ${run.status ?? run.signal} in ${dir}:\n${run.stderr}${run.stdout}`);
  }
  const findings = JSON.parse(run.stdout.trim() === "" ? "[]" : run.stdout) as ActionlintFinding[];
  if (run.status === 1 && findings.length === 0) throw new Error(`actionlint exited 1 with no findings:\n${run.stderr}`);
  return findings;
}

export function actionlintVersion(): string {
  return execFileSync(commandOnPath("actionlint"), ["-version"], { encoding: "utf8" }).split("\n")[0]!.trim();
}

/** Findings as lines a test failure can show. */
export function describeFindings(findings: readonly ActionlintFinding[]): string {
  return findings.map((f) => `${f.filepath}:${f.line}:${f.column}: ${f.message} [${f.kind}]`).join("\n");
}
