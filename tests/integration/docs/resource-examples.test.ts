// Every customer definition the resource pages show (written whole, or a fragment added to an
// example file) is planned against the lab as the root program plans it: the definition decoded,
// the tenant, directory and clusters read (readCustomerSources), the Customer component declared
// under Pulumi's mocks. A definition that decodes but cannot be planned (a site with users and no
// numbers, a service plan the SKU does not have) fails here, so the pages' examples stay runnable.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { startLab, type LabHandle } from "../../../lab";
import { labStackSettings } from "../../../lab/stack-settings";
import { pageExamples, RESOURCE_PAGES } from "../../../scripts/resource-pages";
import { Customer } from "../../../sdk/components/customer";
import { decodeCustomerDefinition, describeDefinitionProblem } from "../../../sdk/definition/customer-definition";
import { readCustomerSources } from "../../../sdk/directory/customer-sources";

const ROOT = path.resolve(__dirname, "../../../..");

/** The lab's stack settings as Pulumi's runtime holds config: structured (path) keys as one JSON object each. */
function runtimeConfig(lab: LabHandle): Record<string, string> {
  const config: Record<string, string> = {};
  const structured: Record<string, Record<string, unknown>> = {};
  for (const setting of labStackSettings(lab)) {
    if (!setting.path) {
      config[setting.key] = setting.value;
      continue;
    }
    const [key, ...rest] = setting.key.split(".");
    let at = (structured[key!] ??= {});
    for (const part of rest.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
    at[rest[rest.length - 1]!] = setting.value;
  }
  for (const [key, value] of Object.entries(structured)) config[key] = JSON.stringify(value);
  return config;
}

/** Resolves once every subscriber set of the customer is registered. */
function registered(customer: Customer): Promise<unknown> {
  return Promise.all(customer.subscriberSets.map((set) => new Promise((resolve) => set.urn.apply(resolve))));
}

const examples = RESOURCE_PAGES.flatMap((page) =>
  pageExamples(page.file, fs.readFileSync(path.join(ROOT, "docs/resources", page.file), "utf8"), ROOT).filter((e) => e.kind === "definition"),
);

describe("docs/resources: the definitions the pages show plan against the lab", function () {
  this.timeout(120_000);
  let lab: LabHandle;
  let stateDir: string;

  before(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "ucflow-docs-examples-lab-"));
    lab = await startLab({ stateDir, tlsDir: process.env.UCFLOW_TEST_TLS_DIR, log: () => undefined });
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          const { __provider: _p, ...inputs } = args.inputs;
          return { id: `${args.name}-id`, state: { ...inputs, locationId: `${args.name}-location` } };
        },
        call: () => ({}),
      },
      "docs-examples",
      "test",
      false,
    );
    pulumi.runtime.setAllConfig(runtimeConfig(lab));
  });

  after(async () => {
    await lab?.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it("has definitions to plan", () => {
    expect(examples.length).to.be.greaterThan(10);
  });

  for (const example of examples) {
    it(`${example.where} plans`, async () => {
      const decoded = decodeCustomerDefinition(example.value, example.where);
      if (!decoded.ok) expect.fail(decoded.problems.map(describeDefinitionProblem).join("\n"));
      const definition = decoded.value;
      const sources = await readCustomerSources(definition, { config: new pulumi.Config("ucflow") });
      const { directory: _source, ...declared } = definition;
      // As the root program does (examples/customer/index.ts); a plan problem throws here.
      const customer = new Customer(`${definition.customer.code}-${path.basename(example.where)}`.replace(/\W+/g, "-"), {
        ...declared,
        flowThrough: { ...definition.flowThrough, allowMassDeprovision: false },
        ...sources,
      });
      await registered(customer);
      expect(customer.subscribers.teams.length + customer.subscribers.cucm.length, "the example provisions someone").to.be.greaterThan(0);
    });
  }
});
