// The verbs of the `ucflow` command, in the order `ucflow --help` lists them. A verb's
// implementation is required only when it runs.
import * as path from "node:path";
import type { Verb, VerbImplementation } from "./verb";

/**
 * lab/ may import provider/ and sdk/, never the reverse (the SDK and providers ship without the
 * lab: package.json `files`). So `ucflow lab` lives in lab/cli-lab.ts and is required here by a
 * computed path at run time: the compiler sees no import, and a package installed without the
 * lab says so instead of failing to load the whole command.
 */
function loadLabVerb(): VerbImplementation {
  const file = path.join(__dirname, "..", "..", "lab", "cli-lab.js");
  try {
    return (require(file) as { labVerb: VerbImplementation }).labVerb;
  } catch (error) {
    if ((error as { code?: string }).code === "MODULE_NOT_FOUND" && String((error as Error).message).includes(file)) {
      throw new Error(`the lab is not installed here (${file} is missing): it ships with the ucflow repository, not the package; run \`npm run build\` in a checkout and use its dist/sdk/cli/main.js`);
    }
    throw error;
  }
}

export const VERBS: readonly Verb[] = [
  { name: "lab", summary: "run the local lab and print (and write) the stack settings that point a stack at it", load: loadLabVerb },
  { name: "preview", summary: "preview the stack; with --markdown, the pull-request comment a reviewer reads", load: () => require("./preview-command").previewVerb as VerbImplementation },
  { name: "export", summary: "read a live tenant or cluster and write the customer definition that holds it as it is (adopting it)", load: () => require("./export-command").exportVerb as VerbImplementation },
  { name: "drift", summary: "refresh in preview mode and report what changed outside ucflow (exit 1 on drift)", load: () => require("./drift").driftVerb as VerbImplementation },
];
