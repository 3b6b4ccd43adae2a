// `ucflow preview --markdown`: runs `pulumi preview --json` and renders the PR comment
// (preview-markdown.ts holds every decision; this file only runs the CLI and writes the text).
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { type PreviewDigest, previewMarkdown } from "./preview-markdown";
import { type CommandIo, UsageError, type VerbImplementation } from "./verb";

const PROCESS_IO = { stdout: (text: string) => void process.stdout.write(text), stderr: (text: string) => void process.stderr.write(text) };

export interface PreviewArgs {
  /** The Pulumi project directory. @default the current directory */
  readonly cwd?: string;
  /** The stack to preview. @default the selected stack */
  readonly stack?: string;
  /** Render the PR comment (Markdown); otherwise print the engine's JSON as it came. */
  readonly markdown: boolean;
  /** Write the output to this file instead of stdout. */
  readonly out?: string;
  /** Passed to previewMarkdown. @default 65,536 */
  readonly maxChars?: number;
}

/** What one CLI run printed. */
interface CliOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runPulumi(args: readonly string[], cwd: string | undefined, env: NodeJS.ProcessEnv | undefined): Promise<CliOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", args, { cwd, ...(env ? { env } : {}), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (err) => reject(new Error(`running the Pulumi CLI (is \`pulumi\` on PATH?): ${err.message}`)));
    child.on("close", (code) => resolve({ exitCode: code ?? -1, stdout, stderr }));
  });
}

/** The digest `pulumi preview --json` prints, or undefined when stdout holds none (the CLI failed before the engine ran). */
export function parsePreviewDigest(stdout: string): PreviewDigest | undefined {
  try {
    const doc = JSON.parse(stdout);
    return doc && typeof doc === "object" && (Array.isArray(doc.steps) || Array.isArray(doc.diagnostics)) ? (doc as PreviewDigest) : undefined;
  } catch {
    return undefined;
  }
}

/** The engine's error messages, for the user when the preview failed. */
export function previewErrors(run: CliOutput, digest: PreviewDigest | undefined): string {
  const errors = (digest?.diagnostics ?? []).filter((d) => d.severity === "error").map((d) => d.message.trim());
  const text = errors.length > 0 ? errors.join("\n") : (run.stderr.trim() || run.stdout.trim());
  return text || `pulumi preview exited ${run.exitCode} and printed nothing`;
}

/**
 * Runs the preview and prints (or writes to `out`) the Markdown. Exit code 0 when the preview
 * ran, with changes or without; 2 when it failed (the engine's messages go to stderr). A
 * failing preview that still printed a digest (a guard refused) is also rendered, so the PR
 * comment says why.
 */
export async function runPreview(args: PreviewArgs, io: Pick<CommandIo, "stdout" | "stderr"> & { readonly env?: NodeJS.ProcessEnv } = PROCESS_IO): Promise<number> {
  const cliArgs = ["preview", "--json", "--non-interactive", ...(args.stack ? ["--stack", args.stack] : [])];
  let run: CliOutput;
  try {
    run = await runPulumi(cliArgs, args.cwd, io.env);
  } catch (err) {
    io.stderr(`ucflow preview: ${(err as Error).message}\n`);
    return 2;
  }
  const digest = parsePreviewDigest(run.stdout);
  const stack = args.stack ?? (await selectedStack(args.cwd, io.env)) ?? "(selected stack)";
  const output = args.markdown && digest ? previewMarkdown({ stack, events: digest, options: { maxChars: args.maxChars } }) : run.stdout;
  if (digest || run.exitCode === 0) {
    if (args.out) fs.writeFileSync(args.out, output);
    else io.stdout(output.endsWith("\n") ? output : `${output}\n`);
  }
  if (run.exitCode !== 0) {
    io.stderr(`ucflow preview: pulumi preview failed on stack ${stack}:\n${previewErrors(run, digest)}\n`);
    return 2;
  }
  return 0;
}

/** The stack `pulumi` would use, for the heading when none was given. */
async function selectedStack(cwd: string | undefined, env: NodeJS.ProcessEnv | undefined): Promise<string | undefined> {
  const run = await runPulumi(["stack", "--show-name", "--non-interactive"], cwd, env).catch(() => undefined);
  return run && run.exitCode === 0 ? run.stdout.trim() || undefined : undefined;
}

const USAGE = `usage: ucflow preview [--markdown] [--stack NAME] [--cwd DIR] [--out FILE] [--max-chars N]
  Runs pulumi preview --json on the stack. With --markdown, prints the pull-request comment
  (docs/preview-markdown.md): what changes per site and platform, each subscriber and object
  that changes, the guards' refusals, secrets masked, folded under --max-chars (default 65536,
  GitHub's comment limit); without it, the engine's JSON as it came.
  --stack NAME   the stack (default the project's current stack)
  --cwd DIR      the Pulumi project directory (default the current one)
  --out FILE     write the output to FILE instead of stdout
  exit 0 the preview ran (with changes or none), 2 error (pulumi failed, a guard refused the
  plan: the comment is still written, leading with the refusal; or bad flags)`;

async function runVerb(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { markdown: { type: "boolean" }, stack: { type: "string", short: "s" }, cwd: { type: "string", short: "C" }, out: { type: "string" }, "max-chars": { type: "string" } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`takes no arguments, got ${JSON.stringify(positionals[0])}`);
  const maxChars = values["max-chars"] === undefined ? undefined : Number(values["max-chars"]);
  if (maxChars !== undefined && !(Number.isInteger(maxChars) && maxChars >= 1)) throw new UsageError(`--max-chars must be a whole number of at least 1, got ${JSON.stringify(values["max-chars"])}`);
  return runPreview(
    {
      cwd: values.cwd ?? io.cwd,
      markdown: values.markdown === true,
      ...(values.stack !== undefined ? { stack: values.stack } : {}),
      ...(values.out !== undefined ? { out: values.out } : {}),
      ...(maxChars !== undefined ? { maxChars } : {}),
    },
    { stdout: io.stdout, stderr: io.stderr, env: io.env },
  );
}

export const previewVerb: VerbImplementation = { usage: USAGE, run: runVerb };
