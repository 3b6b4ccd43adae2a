// `ucflow demo` (and `npm run demo`): a fresh lab, then each demo customer through the real
// Pulumi CLI with the root program: the review a UC engineer reads on the pull request (`ucflow
// preview --markdown`, rendered for the terminal), up, a preview that must show no changes, and
// destroy back to the lab's seed. In lab/ for the reason `ucflow lab` is (lab/cli-lab.ts).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { runPreview } from "../sdk/cli/preview-command";
import type { CommandIo, VerbImplementation } from "../sdk/cli/verb";
import { UsageError } from "../sdk/cli/verb";
import { LabControlClient } from "./control/control-client";
import { DEMO_CUSTOMERS, demoCustomersNamed, type DemoCustomer } from "./demo-customers";
import { DemoStack } from "./demo-stack";
import type { LabHandle } from "./lab";
import { runLabUntilSignalled } from "./main";
import { labStackSettings } from "./stack-settings";
import { renderMarkdownForTerminal, wantsColor } from "./terminal-markdown";

const USAGE = `usage: ucflow demo [--customer NAME]...
  Starts a fresh local lab (as ucflow lab does, its state in a temporary directory) and takes
  each demo customer through the real Pulumi CLI with the root program (examples/customer), on a
  throwaway stack with its own file:// backend: first the review ucflow preview --markdown would
  post on the pull request, as the terminal shows it; then up; a preview that must show no
  changes; and destroy, checked back to the lab's seed. Then stops the lab. A few minutes.
  --customer NAME   ${DEMO_CUSTOMERS.map((c) => c.name).join(" or ")} (repeatable; default all, in that order):
${DEMO_CUSTOMERS.map((c) => `                      ${c.name}: ${c.definitionFile}`).join("\n")}
  Needs a build (npm run build) and the Pulumi CLI on PATH; npm run demo brings in both.
  NO_COLOR or FORCE_COLOR decide colour; otherwise colour on a terminal only.
  exit 0 every customer went through and destroy left the lab as seeded, 1 the lab could not
  start, a step failed (its message on stderr) or Ctrl-C stopped it, 2 bad flags`;

/** Where the demo finds the repository it was built in, and what it needs there. */
interface DemoPaths {
  readonly repository: string;
  readonly program: string;
}

function demoPaths(): DemoPaths {
  // This file runs as dist/lab/cli-demo.js.
  const repository = path.resolve(__dirname, "..", "..");
  const program = path.join(repository, "dist", "examples", "customer", "index.js");
  if (!fs.existsSync(program)) throw new Error(`the root program is not built (${program} is missing): run npm run build, or npm run demo, which builds first`);
  if (!fs.existsSync(path.join(repository, "node_modules", "ucflow"))) {
    throw new Error(`${path.join(repository, "node_modules", "ucflow")} is missing (the link through which programs import ucflow): run npm run demo, or bash scripts/toolchain.sh once`);
  }
  return { repository, program };
}

async function run(args: readonly string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { customer: { type: "string", multiple: true } }, strict: true, allowPositionals: true });
  if (positionals.length > 0) throw new UsageError(`takes no arguments, got ${JSON.stringify(positionals[0])}`);
  let customers: DemoCustomer[];
  try {
    customers = demoCustomersNamed(values.customer ?? []);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const paths = demoPaths();
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "ucflow-demo-lab-"));
  let done = false;
  try {
    const code = await runLabUntilSignalled(
      { stateDir, log: (line) => io.stderr(`ucflow demo: lab: ${line}\n`) },
      {
        prefix: "ucflow demo",
        started: async (lab) => {
          try {
            await runDemo(lab, customers, paths, io);
            done = true;
          } catch (error) {
            io.stderr(`ucflow demo: ${(error as Error).message}\n`);
            throw new Error("the demo failed (see above)");
          }
        },
      },
    );
    // Stopped by a signal before the last customer: the lab stopped cleanly, the demo did not finish.
    return code === 0 && !done ? 1 : code;
  } finally {
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

async function runDemo(lab: LabHandle, customers: readonly DemoCustomer[], paths: DemoPaths, io: CommandIo): Promise<void> {
  const control = new LabControlClient(lab.endpoints.control, lab.caCertPem);
  // The command's streams are the process's (sdk/cli/main.ts): colour only on a terminal.
  const render = { width: Math.min(process.stdout.columns ?? 100, 160), color: wantsColor(io.env, process.stdout.isTTY === true) };
  io.stdout(`ucflow demo: the lab is running (${Object.keys(lab.endpoints.services).join(", ")}${lab.endpoints.ldap ? ", OpenLDAP" : ""})\n`);
  for (const [index, customer] of customers.entries()) {
    io.stdout(`\n== ${index + 1}. ${customer.title} (${customer.definitionFile})\n`);
    const stack = await DemoStack.create({ project: "ucflow-demo", stack: customer.name, program: paths.program, repository: paths.repository, env: { NODE_EXTRA_CA_CERTS: lab.caCertPath } });
    try {
      // The settings `ucflow lab` prints, and the definition file as a user's stack names it.
      await stack.configure([...labStackSettings(lab), { key: "customerFile", value: path.join(paths.repository, customer.definitionFile), secret: false, path: false }]);
      const seed = await customer.read(control);
      io.stdout(`the lab as seeded: ${seed.summary}\n\nThe review on the pull request (ucflow preview --markdown --stack ${customer.name}):\n\n`);
      io.stdout(indent(renderMarkdownForTerminal(await review(stack), render)));
      const up = await stack.up();
      const changes = Object.entries(up.changes).map(([op, n]) => `${n} ${op === "create" ? "created" : op === "update" ? "updated" : op === "delete" ? "deleted" : op}`).join(", ");
      io.stdout(`\nup: ${changes || "no changes"} (${up.seconds.toFixed(0)} s); now ${(await customer.read(control)).summary}\n`);
      await stack.expectNoChanges();
      io.stdout("second preview: no changes\n");
      await stack.destroy();
      const after = await customer.read(control);
      if (after.key !== seed.key) throw new Error(`after destroy the lab differs from its seed for ${customer.name}: ${after.summary} (seeded: ${seed.summary})`);
      io.stdout(`destroy: the lab is as seeded (${after.summary})\n`);
    } finally {
      stack.dispose();
    }
  }
  io.stdout("\nucflow demo: done\n");
}

/** The Markdown `ucflow preview --markdown` prints for the stack; rejects with its messages when the preview failed. */
async function review(stack: DemoStack): Promise<string> {
  let markdown = "";
  let errors = "";
  const code = await runPreview({ cwd: stack.dir, stack: stack.stack, markdown: true }, { stdout: (text) => void (markdown += text), stderr: (text) => void (errors += text), env: stack.environment() });
  if (code !== 0) throw new Error(errors.trim() || `ucflow preview --markdown exited ${code} on stack ${stack.stack}`);
  return markdown;
}

function indent(text: string): string {
  return text.replace(/^(?=.)/gm, "  ");
}

export const demoVerb: VerbImplementation = { usage: USAGE, run };
