// The `ucflow` command's dispatcher: picks the verb, answers --help, and turns a bad verb or
// flag into exit 2 with one line and the usage. Verbs live in verbs.ts.
import type { CommandIo, Verb, VerbImplementation } from "./verb";
import { UsageError } from "./verb";

/** The documented exit codes (docs/ucflow-command.md). */
export const EXIT = { ok: 0, found: 1, error: 2 } as const;

export function commandUsage(verbs: readonly Verb[]): string {
  const width = Math.max(...verbs.map((v) => v.name.length));
  return [
    "usage: ucflow <verb> [flags]",
    "",
    "verbs:",
    ...verbs.map((v) => `  ${v.name.padEnd(width)}  ${v.summary}`),
    "",
    "`ucflow <verb> --help` describes a verb's flags. Exit codes: 0 done, 1 found what the verb",
    "looks for (drift), 2 usage error or failure.",
  ].join("\n");
}

function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

/** parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown flags and missing values. */
function isParseArgsError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | undefined)?.code;
  return error instanceof Error && typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_");
}

/** Runs `ucflow <args>` and resolves with the exit code; never exits the process itself. */
export async function runCommandLine(args: readonly string[], verbs: readonly Verb[], io: CommandIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const usage = commandUsage(verbs);
    if (name === undefined) {
      io.stderr(`ucflow: no verb given\n${usage}\n`);
      return EXIT.error;
    }
    io.stdout(`${usage}\n`);
    return EXIT.ok;
  }
  const verb = verbs.find((v) => v.name === name);
  if (!verb) {
    io.stderr(`ucflow: unknown verb ${JSON.stringify(name)}; verbs are ${verbs.map((v) => v.name).join(", ")}\n${commandUsage(verbs)}\n`);
    return EXIT.error;
  }
  let implementation: VerbImplementation;
  try {
    implementation = verb.load();
  } catch (error) {
    io.stderr(`ucflow ${verb.name}: ${(error as Error).message}\n`);
    return EXIT.error;
  }
  if (asksForHelp(rest)) {
    io.stdout(`${implementation.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await implementation.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr(`ucflow ${verb.name}: ${(error as Error).message}\n${implementation.usage}\n`);
      return EXIT.error;
    }
    io.stderr(`ucflow ${verb.name}: ${(error as Error).message}\n`);
    return EXIT.error;
  }
}
