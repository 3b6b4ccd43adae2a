// Loading the customer definition from stack config: `customer` (the definition) or
// `customerFile` (a YAML or JSON file in the project), never both; parse errors with file, line
// and column; every problem in one RunError, which Pulumi prints without a stack trace.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { stringify } from "yaml";
import { customerDefinitionError, customerDefinitionRoot, loadCustomerDefinition } from "../../../sdk/definition/load-definition";

const PROJECT = "ucflow-definition-test";
const CONTOSO = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../../examples/teams-customer/contoso.json"), "utf8"));

/** The message of the RunError `load` throws. */
function failureOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(pulumi.RunError.isInstance(error), `a RunError, not ${String(error)}`).to.equal(true);
    return (error as Error).message;
  }
  throw new Error("expected the definition to be refused, but it loaded");
}

describe("loading the customer definition", () => {
  let project: string;
  const config = (values: Record<string, string>) => {
    pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(values).map(([k, v]) => [`${PROJECT}:${k}`, v])));
    return new pulumi.Config(PROJECT);
  };
  const write = (name: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
    fs.writeFileSync(path.join(project, name), text);
  };

  beforeEach(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), "ucflow-definition-"));
  });
  afterEach(() => {
    fs.rmSync(project, { recursive: true, force: true });
    pulumi.runtime.setAllConfig({});
  });

  it("says where problems found later are: under the customer key, or in the file customerFile names, by line and column", () => {
    expect(customerDefinitionRoot(config({ customer: JSON.stringify(CONTOSO) }), project)).to.deep.equal({ root: "customer" });
    write("customers/contoso.yaml", stringify(CONTOSO));
    const source = customerDefinitionRoot(config({ customerFile: "customers/contoso.yaml" }), project);
    expect(source.root).to.equal("customers/contoso.yaml");
    const lines = fs.readFileSync(path.join(project, "customers/contoso.yaml"), "utf8").split("\n");
    const [, line, column] = /^:(\d+):(\d+)$/.exec(source.position!("profiles[1].quickAddGroup.licenses[0].sku")) ?? [];
    expect(lines[Number(line) - 1]!.slice(Number(column) - 1)).to.equal(CONTOSO.profiles[1].quickAddGroup.licenses[0].sku);
    // A path the file does not have: where its nearest enclosing value starts.
    expect(source.position!("profiles[1].quickAddGroup.licenses[7]")).to.equal(source.position!("profiles[1].quickAddGroup.licenses"));
    write("customers/contoso.json", JSON.stringify(CONTOSO, null, 2));
    expect(customerDefinitionRoot(config({ customerFile: "customers/contoso.json" }), project).position!("sites[2].dialPlan")).to.match(/^:\d+:\d+$/);
  });

  it("reads the definition from the customer key", () => {
    expect(loadCustomerDefinition(config({ customer: JSON.stringify(CONTOSO) }), project)).to.deep.equal(CONTOSO);
  });

  it("reads it from a YAML file relative to the project directory", () => {
    write("customers/contoso.yaml", stringify(CONTOSO));
    expect(loadCustomerDefinition(config({ customerFile: "customers/contoso.yaml" }), project)).to.deep.equal(CONTOSO);
  });

  it("reads it from a .yml or a JSON file, and YAML anchors work", () => {
    write("contoso.json", JSON.stringify(CONTOSO, null, 2));
    expect(loadCustomerDefinition(config({ customerFile: "contoso.json" }), project)).to.deep.equal(CONTOSO);
    // The second profile's licenses refer to the first's.
    const yaml = stringify(CONTOSO).replace("licenses:\n        - sku: SPE_E5", "licenses: &e5\n        - sku: SPE_E5").replace("licenses:\n        - sku: SPE_E5", "licenses: *e5");
    expect(yaml).to.include("licenses: *e5");
    write("contoso.yml", yaml);
    expect(loadCustomerDefinition(config({ customerFile: "contoso.yml" }), project)).to.deep.equal(CONTOSO);
  });

  it("reads the example contoso.yaml as the same definition as contoso.json", () => {
    const examples = path.resolve(__dirname, "../../../../examples/teams-customer");
    expect(loadCustomerDefinition(config({ customerFile: "contoso.yaml" }), examples)).to.deep.equal(CONTOSO);
  });

  it("refuses both keys, and neither", () => {
    expect(failureOf(() => loadCustomerDefinition(config({ customer: "{}", customerFile: "contoso.yaml" }), project))).to.equal(
      "the customer definition has 1 problem; nothing was changed:\n" +
        '  - both customer and customerFile are set in the stack config, and the definition must come from one: remove one (pulumi config rm customer, to use the file "contoso.yaml")',
    );
    expect(failureOf(() => loadCustomerDefinition(config({}), project))).to.equal(
      "the customer definition has 1 problem; nothing was changed:\n" +
        "  - the stack config has no customer definition: name a YAML or JSON file with customerFile (pulumi config set customerFile customers/contoso.yaml), " +
        'or give the definition itself as customer (pulumi config set customer "$(cat contoso.json)")',
    );
  });

  it("refuses a customer key that holds a file name instead of the definition", () => {
    expect(failureOf(() => loadCustomerDefinition(config({ customer: "contoso.json" }), project))).to.equal(
      "the customer definition has 1 problem; nothing was changed:\n" +
        '  - customer: must be the definition as an object; got the text "contoso.json". Set it with pulumi config set customer "$(cat contoso.json)", or to name a file use customerFile instead',
    );
  });

  it("says where it looked for a missing file, and refuses other file types", () => {
    const missing = failureOf(() => loadCustomerDefinition(config({ customerFile: "customers/contoso.yaml" }), project));
    expect(missing).to.equal(
      "the customer definition has 1 problem; nothing was changed:\n" +
        `  - customerFile: "customers/contoso.yaml" does not exist: looked for ${path.join(project, "customers/contoso.yaml")} (the path is relative to the project directory, ${project})`,
    );
    expect(failureOf(() => loadCustomerDefinition(config({ customerFile: "contoso.toml" }), project))).to.equal(
      "the customer definition has 1 problem; nothing was changed:\n" +
        '  - customerFile: "contoso.toml" is not a .yaml, .yml, .json file; name a YAML or JSON file, e.g. customers/contoso.yaml',
    );
  });

  it("names the file, line and column of a YAML syntax error", () => {
    write("contoso.yaml", "customer:\n  code: Cu1\nsites: [\n  - code: Cu1Si1\n");
    expect(failureOf(() => loadCustomerDefinition(config({ customerFile: "contoso.yaml" }), project))).to.match(
      /^the customer definition has \d+ problems?; nothing was changed:\n {2}- contoso\.yaml:\d+:\d+: \S/,
    );
    write("repeated.yaml", "customer:\n  code: Cu1\n  code: Cu2\n");
    expect(failureOf(() => loadCustomerDefinition(config({ customerFile: "repeated.yaml" }), project))).to.equal(
      "the customer definition has 1 problem; nothing was changed:\n  - repeated.yaml:3:3: Map keys must be unique",
    );
  });

  it("names the file, line and column of a JSON syntax error, and refuses a repeated key JSON would drop", () => {
    write("broken.json", '{\n  "customer": { "code": "Cu1" }\n  "sites": []\n}\n');
    expect(failureOf(() => loadCustomerDefinition(config({ customerFile: "broken.json" }), project))).to.equal(
      "the customer definition has 1 problem; nothing was changed:\n  - broken.json:3:3: is not valid JSON: Expected ',' or '}' after property value",
    );
    write("twice.json", '{\n  "sites": [],\n  "sites": []\n}\n');
    expect(failureOf(() => loadCustomerDefinition(config({ customerFile: "twice.json" }), project))).to.equal(
      "the customer definition has 1 problem; nothing was changed:\n  - twice.json:3:3: Map keys must be unique; JSON would keep only the last",
    );
  });

  it("refuses an empty file and a file of several YAML documents", () => {
    write("empty.yaml", "# nothing yet\n");
    expect(failureOf(() => loadCustomerDefinition(config({ customerFile: "empty.yaml" }), project))).to.equal(
      "the customer definition has 1 problem; nothing was changed:\n  - empty.yaml: is empty; it must hold the customer definition",
    );
    write("two.yaml", `${stringify(CONTOSO)}---\n${stringify(CONTOSO)}`);
    expect(failureOf(() => loadCustomerDefinition(config({ customerFile: "two.yaml" }), project))).to.match(
      /^the customer definition has 1 problem; nothing was changed:\n {2}- two\.yaml:\d+:1: holds 2 YAML documents \(separated by ---\); put the whole definition in one$/,
    );
  });

  it("gives the line of each problem in a file, and says to quote what YAML reads as a number", () => {
    write(
      "contoso.yaml",
      stringify(CONTOSO)
        .replace('postalCode: "02110"', "postalCode: 02110")
        .replace("    dialPlan: Cu1Si3-Austin\n", "    dialplan: Cu1Si3-Austin\n"),
    );
    const message = failureOf(() => loadCustomerDefinition(config({ customerFile: "contoso.yaml" }), project));
    const lines = stringify(CONTOSO).split("\n");
    const postal = lines.findIndex((l) => l.includes('postalCode: "02110"')) + 1;
    const dialPlan = lines.findIndex((l) => l.includes("dialPlan: Cu1Si3-Austin")) + 1;
    expect(message).to.equal(
      "the customer definition has 2 problems; nothing was changed:\n" +
        `  - contoso.yaml:${postal}:19: sites[1].address.postalCode (site Cu1Si2): must be a string; got 2110; an unquoted 02110 is read as the number 2110: write it in quotes, "02110"\n` +
        `  - contoso.yaml:${dialPlan}:15: sites[2].dialplan (site Cu1Si3): is not a property of Site (did you mean dialPlan?); the properties are code, name, address, dialPlan, usageLocation, timeZone, macros, cucm, adoption`,
    );
  });

  it("lists at most 100 problems in one error, and counts the rest", () => {
    const message = customerDefinitionError(Array.from({ length: 130 }, (_, i) => `problem ${i}`)).message.split("\n");
    expect(message[0]).to.equal("the customer definition has 130 problems; nothing was changed:");
    expect(message).to.have.length(102);
    expect(message[100]).to.equal("  - problem 99");
    expect(message[101]).to.equal("  - ... and 30 more");
  });
});
