// `ucflow drift`: `pulumi refresh --preview-only --json` in the current project and stack
// (nothing is written to the state), then the report of drift-report.ts. Exit 0 clean, 1
// drift, 2 error.
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { EXIT } from "./command-line";
import { findDrift, formatDriftReport, parseRefreshPreview } from "./drift-report";
import type { CommandIo, VerbImplementation } from "./verb";
import { UsageError } from "./verb";

const USAGE = `usage: ucflow drift [--stack NAME] [--cwd DIR]
  Reads every ucflow resource of the stack back from its platform (pulumi refresh --preview-only:
  the state is not changed) and reports each change made outside ucflow: the resource, then
  one sentence per drifted field naming the object and who is affected.
  --stack NAME   the stack (default the project's current stack; passed to pulumi --stack)
  --cwd DIR      the Pulumi project directory (default the current one; passed to pulumi --cwd)
  exit 0 no drift, 1 drift found, 2 error (pulumi failed, or bad flags)
  Pulumi's own environment applies (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, ...).`;

interface PulumiRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runPulumi(args: readonly string[], io: CommandIo): Promise<PulumiRun> {
  return new Promise((resolve, reject) => {
    // Streamed events carry each resource's state as read; the one-document form does not.
    const env = { ...io.env, PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" };
    const child = spawn("pulumi", args, { cwd: io.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (error) => reject(new Error(`could not run the Pulumi CLI (is pulumi on PATH?): ${error.message}`)));
    child.on("close", (code, signal) => resolve({ exitCode: code ?? (signal ? 128 : -1), stdout, stderr }));
  });
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { stack: { type: "string", short: "s" }, cwd: { type: "string", short: "C" } }, strict: true, allowPositionals: true });
  if (positionals.length > 0) throw new UsageError(`takes no arguments, got ${JSON.stringify(positionals[0])}`);
  const pulumiArgs = [
    "refresh",
    "--preview-only",
    "--json",
    "--non-interactive",
    ...(values.stack !== undefined ? ["--stack", values.stack] : []),
    ...(values.cwd !== undefined ? ["--cwd", values.cwd] : []),
  ];
  const result = await runPulumi(pulumiArgs, io);
  const preview = parseRefreshPreview(result.stdout);
  if (result.exitCode !== 0 || preview.result !== "succeeded") {
    const why = preview.errors.length > 0 ? preview.errors.join("\n") : result.stderr.trim() || result.stdout.trim().slice(-2000) || "(pulumi printed nothing)";
    io.stderr(`ucflow drift: pulumi ${pulumiArgs.join(" ")} failed (exit ${result.exitCode}); no drift report:\n${why}\n`);
    return EXIT.error;
  }
  const findings = findDrift(preview);
  io.stdout(formatDriftReport(findings, values.stack ?? "(current)"));
  return findings.length === 0 ? EXIT.ok : EXIT.found;
}

export const driftVerb: VerbImplementation = { usage: USAGE, run };
