// Where a program the tests run is on PATH (the toolchain puts the built tools there).
import { spawnSync } from "node:child_process";

/** The absolute path of `command` on PATH; throws naming how to get it. */
export function commandOnPath(command: string): string {
  const found = spawnSync("bash", ["-c", 'command -v -- "$1"', "bash", command], { encoding: "utf8" });
  const resolved = found.stdout.trim();
  if (found.status !== 0 || resolved === "") {
    throw new Error(`${command} is not on PATH: run the tests through scripts/toolchain.sh, which brings it in (scripts/test-tools.sh)`);
  }
  return resolved;
}
