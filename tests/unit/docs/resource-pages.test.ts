// Keeps docs/resources/*.md true: a page per resource kind, its generated tables as the codecs
// and SDK classes are now (`npm run docs:resources` rewrites them), its inputs table naming
// exactly the codec's properties, and every example decoding as the page says it does.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { parse } from "yaml";
import { decodeInputs } from "../../../provider/resources/input-validation";
import { decodeCustomerDefinition, describeDefinitionProblem } from "../../../sdk/definition/customer-definition";
import { RESOURCE_KINDS } from "../../../sdk/resource-kinds";
import { INPUTS_BEGIN, RESOURCE_PAGES, updatedPage, type ResourcePage } from "../../../scripts/resource-pages";

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

/** Each example: what the comment before it says it is, and the YAML or JSON in the fence after. */
function examplesIn(text: string): { readonly kind: string; readonly body: string }[] {
  const found: { kind: string; body: string }[] = [];
  const pattern = /<!-- example: ([^>]+?) -->\s*\n```(?:yaml|json)\n([\s\S]*?)\n```/g;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) found.push({ kind: m[1]!.trim(), body: m[2]! });
  return found;
}

/** A definition with a fragment added: lists grow by the fragment's entries, objects merge, other values are replaced. */
function addTo(base: unknown, fragment: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(fragment)) return [...base, ...fragment];
  if (isObject(base) && isObject(fragment)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(fragment)) out[key] = key in base ? addTo(base[key], value) : value;
    return out;
  }
  return fragment;
}

function isObject(u: unknown): u is Record<string, unknown> {
  return typeof u === "object" && u !== null && !Array.isArray(u);
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
        const examples = examplesIn(text);
        expect(examples, `${page.file} has an example`).to.not.be.empty;
        for (const [i, example] of examples.entries()) {
          const where = `${page.file} example ${i + 1}`;
          const body: unknown = parse(example.body);
          if (example.kind === "definition") {
            decodeDefinition(body, where);
          } else if (example.kind.startsWith("adds to ")) {
            const base: unknown = parse(fs.readFileSync(path.join(ROOT, example.kind.slice("adds to ".length)), "utf8"));
            decodeDefinition(addTo(base, body), where);
          } else if (example.kind === "inputs") {
            const decoded = decodeInputs(page.codec, body);
            expect(decoded.ok ? [] : decoded.problems, `${where} decodes with the ${page.codec.name} codec`).to.deep.equal([]);
          } else {
            expect.fail(`${where}: unknown example kind ${JSON.stringify(example.kind)} (definition, adds to <file>, inputs)`);
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

  it("finds each example with the comment that says what it is", () => {
    const text = "<!-- example: inputs -->\n```yaml\na: 1\n```\ntext\n<!-- example: adds to x.yaml -->\n\n```json\n{}\n```\n```yaml\nignored: true\n```";
    expect(examplesIn(text)).to.deep.equal([
      { kind: "inputs", body: "a: 1" },
      { kind: "adds to x.yaml", body: "{}" },
    ]);
  });
});
