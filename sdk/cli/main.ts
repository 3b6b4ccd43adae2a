#!/usr/bin/env node
// The `ucflow` command (package.json `bin`).
import { runCommandLine } from "./command-line";
import { VERBS } from "./verbs";

void runCommandLine(process.argv.slice(2), VERBS, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
}).then((code) => {
  process.exitCode = code;
});
