// The corpus of wrong definitions (tests/engine/wrong-definitions/cases.ts) on the real Pulumi
// CLI against one lab serving both platforms: every case's preview fails (or, for an
// injection-shaped filter value, warns) with the message its entry names, without a JavaScript
// stack trace or credential, and the lab receives no write. UCFLOW_CORPUS_PRINT=<file> writes what each case
// printed instead of asserting (to review messages when adding cases).
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse, stringify } from "yaml";
import { LAB_AXL_ADMIN } from "../../lab/cisco";
import { LAB_CUPI_PASSWORD } from "../../lab/cisco/cupi";
import { LAB_UCFLOW_CLIENT_SECRET } from "../../lab/microsoft";
import { FABRIKAM_DEFINITION_FILE, readDefinition, startCiscoLab, type CiscoLab } from "./cucm-lab";
import type { CliRun } from "./harness";
import { WRONG_DEFINITIONS, type Definition } from "./wrong-definitions/cases";

const CONTOSO = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../examples/teams-customer/contoso.json"), "utf8"));
const FABRIKAM = readDefinition(FABRIKAM_DEFINITION_FILE);
const PRINT = process.env.UCFLOW_CORPUS_PRINT;

function printed(run: CliRun): string {
  return run.stdout + run.stderr;
}

describe("wrong definitions: every mistake fails at preview, readably, with no write (real Pulumi CLI, both platforms)", function () {
  this.timeout(1_800_000);
  let env: CiscoLab;
  const seen: Record<string, { exitCode: number; output: string }> = {};
  const secrets = () => [LAB_UCFLOW_CLIENT_SECRET, LAB_AXL_ADMIN.password, LAB_CUPI_PASSWORD, env.lab.endpoints.ldap!.bindPassword];
  const labState = async () => Promise.all(["graph", "teams", "axl", "cupi"].map((service) => env.control.state(service)));

  /** As `pulumi config set customer`, or for a definition too large for one command-line argument, as a user edits the stack's file. */
  async function setDefinition(definition: Definition): Promise<void> {
    const text = JSON.stringify(definition);
    if (text.length < 100_000) return env.project.setConfig("customer", definition);
    const file = path.join(env.project.dir, `Pulumi.${env.project.stack}.yaml`);
    const settings = (parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    settings.config = { ...settings.config, "wrong-definitions:customer": text };
    fs.writeFileSync(file, stringify(settings));
  }

  before(async () => {
    env = await startCiscoLab({ name: "wrong-definitions", definition: FABRIKAM, teams: true });
  });

  after(async () => {
    if (PRINT) fs.writeFileSync(PRINT, JSON.stringify(seen, null, 2));
    await env?.dispose();
  });

  it("has at least 60 cases across both platforms, each with an expectation", () => {
    expect(WRONG_DEFINITIONS.length).to.be.at.least(60);
    expect(new Set(WRONG_DEFINITIONS.map((c) => c.id)).size, "unique ids").to.equal(WRONG_DEFINITIONS.length);
    for (const platform of ["teams", "cucm"]) expect(WRONG_DEFINITIONS.filter((c) => c.platform === platform).length).to.be.at.least(25);
    if (!PRINT) for (const c of WRONG_DEFINITIONS) expect([...(c.fails ?? []), ...(c.warns ?? [])], `${c.id} names what it must print`).to.not.be.empty;
  });

  for (const wrong of WRONG_DEFINITIONS) {
    it(`${wrong.id} (${wrong.kind})`, async () => {
      const definition: Definition = structuredClone(wrong.platform === "teams" ? CONTOSO : FABRIKAM);
      wrong.change(definition);
      await setDefinition(definition);
      const before = await labState();
      const run = await env.project.pulumi(["preview"], { allowFailure: true });
      const output = printed(run);
      seen[wrong.id] = { exitCode: run.exitCode, output };
      expect(await labState(), "the lab received no write").to.deep.equal(before);
      if (PRINT) return;
      // What the user reads names values, never the credentials in the stack config.
      for (const secret of secrets()) expect(output.includes(secret), "no credential in the output").to.equal(false);
      expect(output, "no JavaScript stack trace").to.not.match(/^ {4}at /m);
      expect(output).to.not.include("unhandled exception");
      if (wrong.fails) expect(run.exitCode, `the preview of ${wrong.id} fails`).to.not.equal(0);
      else expect(run.exitCode, `the preview of ${wrong.id} succeeds with a warning`).to.equal(0);
      for (const text of [...(wrong.fails ?? []), ...(wrong.warns ?? [])]) expect(output).to.include(text);
    });
  }
});
