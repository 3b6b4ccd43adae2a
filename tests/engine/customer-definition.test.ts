// The root program's customer definition on the real Pulumi CLI against the lab: a wrong
// definition (in `customer`) or a reference to a Teams policy the tenant does not have fails
// `pulumi preview` with every problem named by its path, no JavaScript stack trace, and no
// write to the lab; a definition too large for stack config previews from a YAML file named by
// `customerFile`, and a problem found against the tenant in such a file names its line and
// column. One lab, one stack, previews only.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { stringify } from "yaml";
import { startLab, type LabHandle } from "../../lab";
import { LabControlClient } from "../../lab/control/control-client";
import { createMicrosoftServices } from "../../lab/microsoft";
import { type CliRun, compiledProgram, EngineProject } from "./harness";
import { setMicrosoftLabConfig } from "./microsoft-lab-config";

const CONTOSO = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../examples/teams-customer/contoso.json"), "utf8"));

/** What the CLI printed. */
function printed(run: CliRun): string {
  return run.stdout + run.stderr;
}

/** Pulumi printed the program's error as a message, not as a crash. */
function expectNoStackTrace(run: CliRun): void {
  expect(printed(run)).to.not.match(/^ {4}at /m);
  expect(printed(run)).to.not.include("unhandled exception");
}

describe("customer definition problems at preview (real Pulumi CLI, the lab)", function () {
  this.timeout(600_000);
  let lab: LabHandle;
  let control: LabControlClient;
  let project: EngineProject;
  const labState = async () => ({ graph: await control.state("graph"), teams: await control.state("teams") });

  /** `pulumi preview` with `definition` in `customer`: it must fail, and the lab must be as it was. */
  async function failingPreviewOf(definition: unknown): Promise<CliRun> {
    await project.setConfig("customer", definition);
    const before = await labState();
    const run = await project.failingPreview();
    expect(await labState(), "the lab received no write").to.deep.equal(before);
    expectNoStackTrace(run);
    return run;
  }

  before(async () => {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "ucflow-definition-lab-"));
    lab = await startLab({ stateDir, tlsDir: process.env.UCFLOW_TEST_TLS_DIR, services: createMicrosoftServices().all, ldap: false, log: () => undefined });
    control = new LabControlClient(lab.endpoints.control, lab.caCertPem);
    project = await EngineProject.create({
      name: "teams-customer",
      main: compiledProgram("../../examples/customer/index.js"),
      env: { NODE_EXTRA_CA_CERTS: lab.caCertPath },
    });
    await setMicrosoftLabConfig(project, lab);
  });

  after(async () => {
    await project?.dispose();
    await lab?.stop();
  });

  it("a definition with several mistakes fails the preview, naming each config path", async () => {
    const wrong = structuredClone(CONTOSO);
    wrong.filter = wrong.filters;
    delete wrong.sites[1].address;
    wrong.numberInventory.reserved = ["+0415"];
    wrong.profiles[2].name = "voice";
    wrong.dialPlans[0].scope = "Site";
    const run = await failingPreviewOf(wrong);
    const output = printed(run);
    expect(output).to.include("the customer definition has 6 problems; nothing was changed:");
    for (const expected of [
      "customer.filter: is not a property of CustomerDefinition (did you mean filters?)",
      "customer.sites[1].address (site Cu1Si2): is required: give an Address object with street, city, postalCode, country (optional: state)",
      'customer.numberInventory.reserved[0]: must be an E.164 number (+ then 8 to 15 digits, e.g. +14155550100) or an extension (1 to 15 digits, e.g. 4001); got "+0415"',
      'customer.profiles[2].name (profile voice): "voice" is already the name of profiles[0]',
      'customer.dialPlans[0].scope (dial plan Cu1Si1-Chicago): must be one of "customer", "site"; got "Site"',
      'customer.flowThrough.entries[1].profile (flow-through entry back-office): "Messaging" is not the name of a subscriber profile in this definition',
    ]) {
      expect(output).to.include(expected);
    }
  });

  it("a misspelt policy type, then an unknown policy name, fail the preview naming the config path and the profile", async () => {
    const misspelt = structuredClone(CONTOSO);
    misspelt.profiles[0].quickAddGroup.policies = { OnlineVoiceRoutingPolicy: "Cu1-National", TeamsCallingPolicyy: "Cu1-National" };
    const typeRun = await failingPreviewOf(misspelt);
    expect(printed(typeRun)).to.include(
      "customer.profiles[0].quickAddGroup.policies.TeamsCallingPolicyy (profile Voice): is not a Teams policy type a profile can grant (did you mean TeamsCallingPolicy?)",
    );

    const unknown = structuredClone(CONTOSO);
    unknown.profiles[1].quickAddGroup.policies.TeamsCallingPolicy = "Cu1-Internationl";
    unknown.sites[2].dialPlan = "US-Austin";
    const nameRun = await failingPreviewOf(unknown);
    const output = printed(nameRun);
    expect(output).to.include("customer Cu1 cannot be planned; nothing was changed:");
    expect(output, "no stack trace").to.not.match(/^\s+at /m);
    expect(output).to.include(
      'customer.profiles[1].quickAddGroup.policies.TeamsCallingPolicy (profile Sales): "Cu1-Internationl" is neither a TeamsCallingPolicy in the tenant nor one this definition creates; ' +
        "the tenant has Global, AllowCalling, DisallowCalling; this definition creates Cu1-National, Cu1-International (names ignore case)",
    );
    expect(output).to.include('customer.sites[2].dialPlan (site Cu1Si3): "US-Austin" is neither a TenantDialPlan in the tenant nor a dial plan of this definition');
  });

  it("a definition over 200 KiB previews from a YAML file named by customerFile", async () => {
    const large = structuredClone(CONTOSO);
    // In a range of their own no site uses, so allocation is unchanged; only the definition grows.
    large.numberInventory.ranges.push({ start: "+13125560000", end: "+13125569999" });
    large.numberInventory.reserved = Array.from({ length: 9000 }, (_, i) => `+1312556${String(i).padStart(4, "0")}`);
    large.numberInventory.cooling = Array.from({ length: 1000 }, (_, i) => ({ number: `+1312557${String(i).padStart(4, "0")}`, until: "2020-01-01" }));
    const text = stringify(large);
    expect(Buffer.byteLength(text), "bigger than Pulumi can pass as stack config").to.be.greaterThan(200 * 1024);
    fs.mkdirSync(path.join(project.dir, "customers"), { recursive: true });
    fs.writeFileSync(path.join(project.dir, "customers", "contoso.yaml"), text);
    await project.pulumi(["config", "rm", "customer"]);
    await project.pulumi(["config", "set", "customerFile", "customers/contoso.yaml"]);

    const before = await labState();
    const preview = await project.preview();
    expect(await labState(), "a preview writes nothing").to.deep.equal(before);
    const inventory = preview.steps.find((step) => step.urn.endsWith("::Cu1-numbers"));
    expect(inventory?.op).to.equal("create");
    expect((inventory?.newState?.inputs?.reserved as unknown[] | undefined)?.length).to.equal(9000);
    const sets = preview.steps.filter((step) => step.urn.includes("SubscriberSet::"));
    expect(sets.length).to.equal(4);
    expect(sets.reduce((n, step) => n + Object.keys((step.newState?.inputs?.subscribers ?? {}) as object).length, 0)).to.be.greaterThan(20);
  });

  it("from a file, a policy the tenant lacks is named by the file, line and column and the path, as the decoder names its problems", async () => {
    const wrong = structuredClone(CONTOSO);
    wrong.profiles[1].quickAddGroup.policies.TeamsCallingPolicy = "Cu1-Internationl";
    const text = stringify(wrong);
    fs.mkdirSync(path.join(project.dir, "customers"), { recursive: true });
    fs.writeFileSync(path.join(project.dir, "customers", "wrong.yaml"), text);
    await project.pulumi(["config", "rm", "customer"], { allowFailure: true });
    await project.pulumi(["config", "set", "customerFile", "customers/wrong.yaml"]);
    const before = await labState();
    const run = await project.failingPreview();
    expect(await labState(), "the lab received no write").to.deep.equal(before);
    expectNoStackTrace(run);
    // The only line holding the misspelt name, and the column its value starts at.
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes("Cu1-Internationl"));
    const column = lines[line]!.indexOf("Cu1-Internationl");
    expect(printed(run)).to.include(
      `customers/wrong.yaml:${line + 1}:${column + 1}: profiles[1].quickAddGroup.policies.TeamsCallingPolicy (profile Sales): "Cu1-Internationl" is neither a TeamsCallingPolicy in the tenant`,
    );
  });
});
