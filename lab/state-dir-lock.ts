// <stateDir>/lab.json records the running lab (pid, endpoints, its slapd), so two labs never
// share a state directory, tools can find a running lab, and a lab killed with SIGKILL (which
// runs no exit handler) has its slapd cleaned up by the next start.
import { readFileSync, rmSync } from "node:fs";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import * as path from "node:path";

export interface LabRecord {
  readonly pid: number;
  readonly startedAt: string;
  readonly control: string;
  readonly services: Readonly<Record<string, string>>;
  readonly slapd?: { readonly pid: number; readonly dir: string; readonly url: string };
}

/** State directories held by labs in this process (tests start several). */
const heldHere = new Set<string>();

export function labRecordPath(stateDir: string): string {
  return path.join(stateDir, "lab.json");
}

/**
 * Takes the state directory for this lab. Refuses when a live lab holds it; when the holder
 * died without cleaning up, kills the slapd it left behind.
 */
export async function claimStateDir(stateDir: string, log: (line: string) => void): Promise<void> {
  if (heldHere.has(stateDir)) throw new Error(`the lab state directory ${stateDir} is in use by another lab in this process; stop it first or use another state directory`);
  const previous = await readRecord(stateDir);
  if (previous) {
    if (previous.pid !== process.pid && isAlive(previous.pid)) {
      throw new Error(`the lab state directory ${stateDir} is in use by a running lab (pid ${previous.pid}, control ${previous.control}); stop it or use another state directory (delete ${labRecordPath(stateDir)} if that pid is not a lab)`);
    }
    if (previous.slapd && isAlive(previous.slapd.pid) && commandLineOf(previous.slapd.pid).includes(previous.slapd.dir)) {
      log(`killing slapd pid ${previous.slapd.pid} left behind by lab pid ${previous.pid}, which did not shut down cleanly`);
      process.kill(previous.slapd.pid, "SIGKILL");
    }
    if (previous.slapd) rmSync(previous.slapd.dir, { recursive: true, force: true });
    await rm(labRecordPath(stateDir), { force: true });
  }
  heldHere.add(stateDir);
}

export async function writeLabRecord(stateDir: string, record: LabRecord): Promise<void> {
  const file = labRecordPath(stateDir);
  await writeFile(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}

export async function releaseStateDir(stateDir: string): Promise<void> {
  await rm(labRecordPath(stateDir), { force: true });
  heldHere.delete(stateDir);
}

async function readRecord(stateDir: string): Promise<LabRecord | undefined> {
  let text: string;
  try {
    text = await readFile(labRecordPath(stateDir), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`cannot read ${labRecordPath(stateDir)}: ${(error as Error).message}`);
  }
  try {
    const record = JSON.parse(text) as LabRecord;
    if (typeof record.pid !== "number") throw new Error("no pid");
    return record;
  } catch (error) {
    throw new Error(`${labRecordPath(stateDir)} is damaged (${(error as Error).message}); delete it if no lab is running`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}
