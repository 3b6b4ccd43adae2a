// `ucflow lab`: the lab of `npm run lab`, printing and writing the stack settings that point a
// stack at it. It lives in lab/ because it imports the lab, which sdk/ (the dispatcher in
// sdk/cli/verbs.ts) must not; the dispatcher requires this file by path when the verb runs.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { CommandIo, VerbImplementation } from "../sdk/cli/verb";
import { UsageError } from "../sdk/cli/verb";
import { formatBanner, LAB_FLAGS, LAB_FLAGS_USAGE, labOptionsFromFlags, runLabUntilSignalled } from "./main";
import { formatConfigCommand, formatLabStackScript, labStackSettings } from "./stack-settings";

export const DEFAULT_SETTINGS_FILE = "ucflow-lab.sh";

const USAGE = `usage: ucflow lab [--out FILE] [lab flags]
  Runs the local lab until Ctrl-C (SIGINT) or SIGTERM, then stops it and exits 0. Prints the
  stack settings that point a stack at it and writes them to FILE as a script: in the Pulumi
  project directory, \`source FILE\` sets the current stack's config and exports
  NODE_EXTRA_CA_CERTS.
  --out FILE          where to write the settings (default ./${DEFAULT_SETTINGS_FILE}); removed on stop
${LAB_FLAGS_USAGE}
  exit 0 stopped cleanly, 1 the lab could not start or stop, 2 bad flags`;

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { ...LAB_FLAGS, out: { type: "string", short: "o" } }, strict: true, allowPositionals: true });
  if (positionals.length > 0) throw new UsageError(`takes no arguments, got ${JSON.stringify(positionals[0])}`);
  let options;
  try {
    options = labOptionsFromFlags(values, io.env);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const out = path.resolve(io.cwd, values.out ?? DEFAULT_SETTINGS_FILE);
  const stateDir = options.stateDir ? path.resolve(io.cwd, options.stateDir) : path.join(io.cwd, ".lab");
  let wrote = false;
  const code = await runLabUntilSignalled(
    { ...options, stateDir },
    {
      prefix: "ucflow lab",
      started: (lab) => {
        const settings = labStackSettings(lab);
        // Written whole under a temporary name and renamed, so a reader never sees half a file.
        fs.writeFileSync(`${out}.tmp`, formatLabStackScript(settings, lab.caCertPath), { mode: 0o600 });
        fs.renameSync(`${out}.tmp`, out);
        wrote = true;
        io.stdout(
          [
            // The banner's stop hint goes last, after the settings.
            formatBanner(lab).replace(/\nStop with .*\n?$/, "").trimEnd(),
            "",
            `# Stack settings for the lab (also in ${out}; source it in the project directory):`,
            `export NODE_EXTRA_CA_CERTS='${lab.caCertPath}'`,
            ...settings.map(formatConfigCommand),
            "",
            "Stop with Ctrl-C (SIGINT) or SIGTERM.",
            "",
          ].join("\n"),
        );
        return new Promise<never>(() => undefined);
      },
    },
  );
  if (wrote) fs.rmSync(out, { force: true });
  return code;
}

export const labVerb: VerbImplementation = { usage: USAGE, run };
