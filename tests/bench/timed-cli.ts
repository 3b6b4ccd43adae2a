// Runs the Pulumi CLI for the bench: wall time, CPU time of the CLI and everything it started
// (language host, program, dynamic-provider process), a time limit after which the whole
// process group is stopped, and only the tail of the output kept (10,000 resources print a lot).
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";

export interface TimedRun {
  readonly args: readonly string[];
  /** null when the run was stopped by a signal (timeout or interrupt). */
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly seconds: number;
  /**
   * CPU seconds (user + system) of the CLI and its descendants, from this process's
   * children-times counters: counted once each process has been waited for, which the CLI does
   * for its plugins and language host.
   */
  readonly childCpuSeconds: number;
  /** Largest sum of resident memory of the CLI and its descendants seen at once (sampled every 250 ms), bytes. */
  readonly peakRssBytes: number;
  /** Largest resident memory of any one of them, bytes. */
  readonly peakProcessRssBytes: number;
  /** Last 64 KiB of each stream. */
  readonly stdoutTail: string;
  readonly stderrTail: string;
}

const TAIL_BYTES = 64 * 1024;
const running = new Set<ChildProcess>();

/** CPU seconds (user + system) of this process and of its reaped descendants, from /proc. */
export function cpuTimes(): { self: number; children: number } {
  const ticksPerSecond = 100; // USER_HZ on Linux
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[0] is field 3 (state): utime 14, stime 15, cutime 16, cstime 17.
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
    return { self: (utime! + stime!) / ticksPerSecond, children: (cutime! + cstime!) / ticksPerSecond };
  } catch {
    const usage = process.cpuUsage();
    return { self: (usage.user + usage.system) / 1e6, children: Number.NaN };
  }
}

/** Busy CPU seconds of the whole machine since boot (every process, ours and others'), from /proc/stat. */
export function machineBusySeconds(): number {
  try {
    const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!;
    const [, ...ticks] = line.trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user)
    const [user, nice, system, , , irq, softirq, steal] = ticks;
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / 100;
  } catch {
    return Number.NaN;
  }
}

/** `pulumi <args> --non-interactive` in `cwd`; resolves (never rejects on a failed run). */
export function runPulumi(cwd: string, env: Readonly<Record<string, string>>, args: readonly string[], timeoutMs: number, logFile?: string): Promise<TimedRun> {
  const fullArgs = [...args, "--non-interactive"];
  // The whole output, for a run that fails far from its end (a cancellation is printed when it happens).
  const log = logFile ? fs.createWriteStream(logFile) : undefined;
  log?.write(`$ pulumi ${fullArgs.join(" ")}\n`);
  const cpuBefore = cpuTimes().children;
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout stops the CLI and the processes it started.
    const child = spawn("pulumi", fullArgs, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    running.add(child);
    let stdout = "";
    let stderr = "";
    const keep = (tail: string, chunk: Buffer): string => {
      const text = tail + chunk.toString("utf8");
      return text.length > TAIL_BYTES ? text.slice(-TAIL_BYTES) : text;
    };
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout = keep(stdout, chunk);
      log?.write(chunk);
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr = keep(stderr, chunk);
      log?.write(chunk);
    });
    let peakRssBytes = 0;
    let peakProcessRssBytes = 0;
    const sampler = setInterval(() => {
      if (child.pid === undefined) return;
      const sizes = groupRss(child.pid);
      peakRssBytes = Math.max(peakRssBytes, sizes.reduce((a, b) => a + b, 0));
      peakProcessRssBytes = Math.max(peakProcessRssBytes, ...sizes, 0);
    }, 250);
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      stopGroup(child, "SIGTERM");
      killTimer = setTimeout(() => stopGroup(child, "SIGKILL"), 15_000);
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      clearInterval(sampler);
      running.delete(child);
      reject(new Error(`could not run the Pulumi CLI (is it on PATH? run through npm run bench): ${error.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      clearInterval(sampler);
      if (killTimer) clearTimeout(killTimer);
      running.delete(child);
      log?.end(`\n[exit ${code ?? signal}${timedOut ? ", stopped at its time limit" : ""}]\n`);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolve({
        args: fullArgs,
        exitCode: code,
        timedOut,
        seconds,
        childCpuSeconds: cpuTimes().children - cpuBefore,
        peakRssBytes,
        peakProcessRssBytes,
        stdoutTail: stdout,
        stderrTail: stderr,
      });
    });
  });
}

/** Resident memory (bytes) of each process in process group `pgid`, from /proc. */
function groupRss(pgid: number): number[] {
  const sizes: number[] = [];
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return sizes;
  }
  for (const pid of entries) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      // Fields after the command: state, ppid, pgrp, ...; rss (pages) is field 24.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      sizes.push(Number(fields[21]) * 4096);
    } catch {
      // gone meanwhile
    }
  }
  return sizes;
}

function stopGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Stops every CLI run still going (on Ctrl-C): SIGTERM to each group, SIGKILL shortly after. */
export async function stopAllRuns(): Promise<void> {
  const children = [...running];
  for (const child of children) stopGroup(child, "SIGTERM");
  if (children.length === 0) return;
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  for (const child of children) if (running.has(child)) stopGroup(child, "SIGKILL");
}

/**
 * The `Resources:` block of the CLI's plain output as counts, e.g. `{ create: 1016 }` for
 * "+ 1016 created" or "+ 1016 to create", `{ same: 1016 }` for "1016 unchanged".
 */
export function resourceSummary(stdout: string): Record<string, number> | undefined {
  const at = stdout.lastIndexOf("\nResources:");
  if (at < 0) return undefined;
  const summary: Record<string, number> = {};
  const words: Record<string, string> = {
    created: "create", create: "create", updated: "update", update: "update", deleted: "delete", delete: "delete",
    replaced: "replace", replace: "replace", unchanged: "same",
  };
  for (const line of stdout.slice(at + 1).split("\n").slice(1)) {
    const match = /^\s+(?:[-+~]+\s+)?(\d+) (?:to )?(\w+)\s*$/.exec(line);
    if (!match) {
      if (line.trim() === "" || /^\s+\d+ resources?$/.test(line) || /^\s+\d+ errored$/.test(line)) continue;
      break;
    }
    const op = words[match[2]!];
    if (op) summary[op] = (summary[op] ?? 0) + Number(match[1]);
  }
  return summary;
}
