// Keeps docs/resources/*.md true: a page per resource kind, its generated tables as the codecs
// and SDK classes are now (`npm run docs:resources` rewrites them), its inputs table naming
// exactly the codec's properties, and every example decoding as the page says it does.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { decodeInputs } from "../../../provider/resources/input-validation";
import { CucmSubscriberEntry, TeamsSubscriberEntry } from "../../../provider/resources/subscriber-set/types";
import { decodeCustomerDefinition, describeDefinitionProblem } from "../../../sdk/definition/customer-definition";
import { RESOURCE_KINDS } from "../../../sdk/resource-kinds";
import { addTo, INPUTS_BEGIN, pageExamples, RESOURCE_PAGES, updatedPage, type ResourcePage } from "../../../scripts/resource-pages";

const ROOT = path.resolve(__dirname, "../../../..");
const PAGES = path.join(ROOT, "docs/resources");

function read(page: ResourcePage): string {
  return fs.readFileSync(path.join(PAGES, page.file), "utf8");
}

/** The names in the first column of the first table after the inputs marker. */
function inputsTableNames(text: string): string[] {
  const after = text.slice(text.indexOf(INPUTS_BEGIN) + INPUTS_BEGIN.length).split("\n");
  const start = after.findIndex((line) => line.startsWith("| name |"));
  const names: string[] = [];
  for (const line of after.slice(start + 2)) {
    const match = /^\| `([^`]+)` \|/.exec(line);
    if (!match) break;
    names.push(match[1]!);
  }
  return names;
}

function decodeDefinition(raw: unknown, where: string): void {
  const decoded = decodeCustomerDefinition(raw, where);
  expect(decoded.ok ? [] : decoded.problems.map(describeDefinitionProblem), `${where} decodes as a customer definition`).to.deep.equal([]);
}

describe("docs/resources: one page per resource kind", () => {
  it("has a page for every kind in sdk/resource-kinds.ts, and one for the Customer component", () => {
    const documented = RESOURCE_PAGES.flatMap((p) => (p.kind ? [p.kind] : []));
    expect([...documented].sort()).to.deep.equal(Object.keys(RESOURCE_KINDS).sort());
    expect(RESOURCE_PAGES.filter((p) => p.kind === undefined).map((p) => p.file)).to.deep.equal(["customer.md"]);
  });

  it("lists every page in docs/resources/README.md", () => {
    const index = fs.readFileSync(path.join(PAGES, "README.md"), "utf8");
    for (const page of RESOURCE_PAGES) expect(index, page.file).to.include(`(${page.file})`);
  });

  for (const page of RESOURCE_PAGES) {
    describe(page.file, () => {
      it("is up to date with its codec and SDK class (run npm run docs:resources)", () => {
        const text = read(page);
        expect(updatedPage(text, page, ROOT) === text, `docs/resources/${page.file} is stale: run npm run docs:resources`).to.equal(true);
      });

      it("names exactly the codec's properties in its inputs table", () => {
        expect(inputsTableNames(read(page))).to.deep.equal([...Object.keys(page.codec.required), ...Object.keys(page.codec.optional)]);
      });

      it("has sections for each platform, permissions and an example, and every example decodes", () => {
        const text = read(page);
        for (const heading of ["## Inputs", "## Outputs", "## On Microsoft Teams", "## On Unified CM", "## Permissions", "## Example"]) {
          expect(text, `${page.file} has ${heading}`).to.include(`\n${heading}\n`);
        }
        const examples = pageExamples(page.file, text, ROOT);
        expect(examples, `${page.file} has an example`).to.not.be.empty;
        for (const example of examples) {
          if (example.kind === "definition") {
            decodeDefinition(example.value, example.where);
          } else {
            const decoded = decodeInputs(page.codec, example.value);
            expect(decoded.ok ? [] : decoded.problems, `${example.where} decodes with the ${page.codec.name} codec`).to.deep.equal([]);
            // A set's codec takes its entries as they come; each has its platform's shape.
            if (page.kind === "SubscriberSet" && decoded.ok) {
              const set = decoded.value as { platform: string; subscribers: Record<string, unknown> };
              for (const [id, subscriber] of Object.entries(set.subscribers)) {
                const one = set.platform === "teams" ? decodeInputs(TeamsSubscriberEntry, subscriber) : decodeInputs(CucmSubscriberEntry, subscriber);
                expect(one.ok ? [] : one.problems, `${example.where}: subscriber ${id} decodes as a ${set.platform} subscriber entry`).to.deep.equal([]);
              }
            }
          }
        }
      });
    });
  }
});

describe("docs/resources examples: adding a fragment to a definition", () => {
  it("appends list entries, merges objects and replaces other values", () => {
    expect(addTo({ sites: [{ code: "A" }], customer: { code: "Cu1", name: "X" } }, { sites: [{ code: "B" }], customer: { name: "Y" } })).to.deep.equal({
      sites: [{ code: "A" }, { code: "B" }],
      customer: { code: "Cu1", name: "Y" },
    });
  });

  it("finds each example with the comment that says what it is, and refuses an unknown kind", () => {
    const text = "<!-- example: inputs -->\n```yaml\na: 1\n```\ntext\n<!-- example: definition -->\n\n```json\n{}\n```\n```yaml\nignored: true\n```";
    expect(pageExamples("x.md", text, ROOT)).to.deep.equal([
      { kind: "inputs", where: "x.md example 1", value: { a: 1 } },
      { kind: "definition", where: "x.md example 2", value: {} },
    ]);
    expect(() => pageExamples("x.md", "<!-- example: input -->\n```yaml\na: 1\n```", ROOT)).to.throw(/x.md example 1: unknown example kind "input"/);
  });
});
