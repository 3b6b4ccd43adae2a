// The generated parts of docs/resources/*.md: each page's inputs table comes from its kind's io-ts
// codec (names, types, required) and the doc comments beside the codec in the sources (the
// description and its `@default`); its outputs table from the SDK class's declared properties.
// `npm run docs:resources` rewrites them between their markers; tests/unit/docs/resource-pages.test.ts
// fails when a page is out of date, so a codec change cannot leave its page behind.
import * as fs from "node:fs";
import * as path from "node:path";
import type * as t from "io-ts";
import * as ts from "typescript";
import { parse as parseYaml } from "yaml";
import { ClassOfServiceInputs } from "../provider/resources/class-of-service/types";
import { ClusterDialPlanInputs } from "../provider/resources/cluster-dial-plan/types";
import { CucmSiteInputs } from "../provider/resources/cucm-site/types";
import { CustomerInputs } from "../provider/resources/customer/types";
import { DialPlanInputs } from "../provider/resources/dial-plan/types";
import { FlowThroughCriteriaInputs } from "../provider/resources/flow-through-criteria/types";
import type { StrictObjectType } from "../provider/resources/input-validation";
import { ModelFilterCriteriaInputs } from "../provider/resources/model-filter-criteria/types";
import { NumberInventoryInputs } from "../provider/resources/number-inventory/types";
import { SiteInputs } from "../provider/resources/site/types";
import { SubscriberProfileInputs } from "../provider/resources/subscriber-profile/types";
import { CucmSubscriberEntry, SubscriberSetInputs, TeamsSubscriberEntry } from "../provider/resources/subscriber-set/types";
import {
  ClassOfServiceDefinition,
  CustomerDefinition,
  DialPlanDefinition,
  FlowThroughDefinition,
  NumberInventoryDefinition,
  SiteDefinition,
  SubscriberProfileDefinition,
} from "../sdk/definition/customer-definition";
import type { ResourceKind } from "../sdk/resource-kinds";

type ObjectCodec = StrictObjectType<unknown>;

/** One page of docs/resources/. */
export interface ResourcePage {
  /** The file in docs/resources/. */
  readonly file: string;
  /** The resource kind it documents (sdk/resource-kinds.ts); none for the Customer component. */
  readonly kind?: ResourceKind;
  /** The codec whose properties are the inputs. */
  readonly codec: ObjectCodec;
  /** The SDK class whose declared properties are the outputs. */
  readonly outputs: { readonly file: string; readonly className: string };
  /** Objects the inputs hold without their codec saying so (a subscriber set's entries), documented after the inputs. */
  readonly entries?: readonly ObjectCodec[];
  /** Where the kind sits in a customer definition, when users write it there, and the definition's codec for it. */
  readonly definition?: { readonly path: string; readonly codec: ObjectCodec };
}

const codec = (c: unknown) => c as ObjectCodec;

export const RESOURCE_PAGES: readonly ResourcePage[] = [
  { file: "customer.md", codec: codec(CustomerDefinition), outputs: { file: "sdk/components/customer.ts", className: "Customer" } },
  { file: "customer-account.md", kind: "Customer", codec: codec(CustomerInputs), outputs: { file: "sdk/resources/customer-account.ts", className: "CustomerAccount" }, definition: { path: "customer", codec: codec(CustomerDefinition.required.customer) } },
  { file: "site.md", kind: "Site", codec: codec(SiteInputs), outputs: { file: "sdk/resources/site.ts", className: "Site" }, definition: { path: "sites[]", codec: codec(SiteDefinition) } },
  { file: "cucm-site.md", kind: "CucmSite", codec: codec(CucmSiteInputs), outputs: { file: "sdk/resources/cucm-site.ts", className: "CucmSite" } },
  { file: "dial-plan.md", kind: "DialPlan", codec: codec(DialPlanInputs), outputs: { file: "sdk/resources/dial-plan.ts", className: "DialPlan" }, definition: { path: "dialPlans[]", codec: codec(DialPlanDefinition) } },
  { file: "cluster-dial-plan.md", kind: "ClusterDialPlan", codec: codec(ClusterDialPlanInputs), outputs: { file: "sdk/resources/cluster-dial-plan.ts", className: "ClusterDialPlan" } },
  { file: "class-of-service.md", kind: "ClassOfService", codec: codec(ClassOfServiceInputs), outputs: { file: "sdk/resources/class-of-service.ts", className: "ClassOfService" }, definition: { path: "classesOfService[]", codec: codec(ClassOfServiceDefinition) } },
  { file: "number-inventory.md", kind: "NumberInventory", codec: codec(NumberInventoryInputs), outputs: { file: "sdk/resources/number-inventory.ts", className: "NumberInventory" }, definition: { path: "numberInventory", codec: codec(NumberInventoryDefinition) } },
  { file: "subscriber-profile.md", kind: "SubscriberProfile", codec: codec(SubscriberProfileInputs), outputs: { file: "sdk/resources/subscriber-profile.ts", className: "SubscriberProfile" }, definition: { path: "profiles[]", codec: codec(SubscriberProfileDefinition) } },
  { file: "model-filter-criteria.md", kind: "ModelFilterCriteria", codec: codec(ModelFilterCriteriaInputs), outputs: { file: "sdk/resources/model-filter-criteria.ts", className: "ModelFilterCriteria" }, definition: { path: "filters[]", codec: codec(ModelFilterCriteriaInputs) } },
  { file: "flow-through-criteria.md", kind: "FlowThroughCriteria", codec: codec(FlowThroughCriteriaInputs), outputs: { file: "sdk/resources/flow-through-criteria.ts", className: "FlowThroughCriteria" }, definition: { path: "flowThrough", codec: codec(FlowThroughDefinition) } },
  { file: "subscriber-set.md", kind: "SubscriberSet", codec: codec(SubscriberSetInputs), outputs: { file: "sdk/resources/subscriber-set.ts", className: "SubscriberSet" }, entries: [codec(TeamsSubscriberEntry), codec(CucmSubscriberEntry)] },
];

/** The objects of the Customer component's definition that have a page of their own: linked, not repeated. */
const OWN_PAGES: Readonly<Record<string, string>> = {
  DialPlan: "dial-plan.md",
  ClassOfService: "class-of-service.md",
  Site: "site.md",
  NumberInventory: "number-inventory.md",
  SubscriberProfile: "subscriber-profile.md",
  ModelFilterCriteria: "model-filter-criteria.md",
  FlowThrough: "flow-through-criteria.md",
};

/** The sources whose doc comments describe the codecs' properties and value types. */
const DOC_SOURCES = [
  "provider/resources/codecs.ts",
  "provider/resources/adoption.ts",
  "provider/resources/cucm/types.ts",
  "provider/resources/customer/types.ts",
  "provider/resources/site/types.ts",
  "provider/resources/cucm-site/types.ts",
  "provider/resources/dial-plan/types.ts",
  "provider/resources/cluster-dial-plan/types.ts",
  "provider/resources/class-of-service/types.ts",
  "provider/resources/number-inventory/types.ts",
  "provider/resources/subscriber-profile/types.ts",
  "provider/resources/model-filter-criteria/types.ts",
  "provider/resources/flow-through-criteria/types.ts",
  "provider/resources/subscriber-set/types.ts",
  "sdk/definition/customer-definition.ts",
];

export const INPUTS_BEGIN = "<!-- inputs: generated by `npm run docs:resources` from the codec; edit the doc comments in its types.ts, not this table -->";
const INPUTS_END = "<!-- end of inputs -->";
const OUTPUTS_BEGIN = "<!-- outputs: generated by `npm run docs:resources` from the SDK class -->";
const OUTPUTS_END = "<!-- end of outputs -->";

/** A doc comment split into its text and its `@default`. */
interface Doc {
  readonly text: string;
  readonly default?: string;
}

/** Doc comments by codec name ("Site") and property, and of the codecs themselves by name. */
interface DocIndex {
  readonly properties: Map<string, Doc>;
  readonly codecs: Map<string, Doc>;
}

function docOf(node: ts.Node, source: ts.SourceFile): Doc | undefined {
  const ranges = ts.getLeadingCommentRanges(source.text, node.getFullStart()) ?? [];
  const last = [...ranges].reverse().find((r) => source.text.startsWith("/**", r.pos));
  if (last === undefined) return undefined;
  const body = source.text
    .slice(last.pos + 3, last.end - 2)
    .split("\n")
    .map((line) => line.replace(/^\s*\*\s?/, ""))
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
  const at = body.indexOf("@default");
  if (at < 0) return { text: body };
  const value = body.slice(at + "@default".length).trim();
  return { text: body.slice(0, at).trim(), default: value.replace(/^- /, "") };
}

function readDocIndex(root: string): DocIndex {
  const index: DocIndex = { properties: new Map(), codecs: new Map() };
  // Docs by the variable a codec is assigned to, for codecs built from another's properties.
  const byVariable = new Map<string, Doc>();
  const borrowed: [name: string, variable: string][] = [];
  for (const file of DOC_SOURCES) {
    const source = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), "utf8"), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ["strictObject", "refinedString", "boundedArray"].includes(node.expression.text)) {
        const nameArg = node.expression.text === "boundedArray" ? node.arguments[2] : node.arguments[0];
        if (nameArg && ts.isStringLiteral(nameArg)) {
          const name = nameArg.text;
          const statement = ancestor(node, ts.isVariableStatement);
          const own = statement ? docOf(statement, source) : undefined;
          if (own && statement && statement.declarationList.declarations[0]?.initializer === node && !index.codecs.has(name)) index.codecs.set(name, own);
          if (node.expression.text === "strictObject") {
            for (const arg of node.arguments.slice(1)) {
              // `strictObject("DeleteThreshold", {}, DeleteThresholdInput.props)`: the docs are where those props are written.
              if (ts.isPropertyAccessExpression(arg) && ts.isIdentifier(arg.expression)) borrowed.push([name, arg.expression.text]);
              if (!ts.isObjectLiteralExpression(arg)) continue;
              for (const property of arg.properties) {
                if (!ts.isPropertyAssignment(property) || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) continue;
                const doc = docOf(property, source);
                if (doc === undefined) continue;
                const key = `${name}.${property.name.text}`;
                if (!index.properties.has(key)) index.properties.set(key, doc);
                const variable = ancestor(node, ts.isVariableDeclaration);
                if (variable && ts.isIdentifier(variable.name)) byVariable.set(`${variable.name.text}.${property.name.text}`, doc);
              }
            }
          }
        }
      }
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ["partial", "type"].includes(node.expression.name.text)) {
        const variable = node.parent && ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name) ? node.parent.name.text : undefined;
        const literal = node.arguments[0];
        if (variable && literal && ts.isObjectLiteralExpression(literal)) {
          for (const property of literal.properties) {
            const doc = ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) ? docOf(property, source) : undefined;
            if (doc && ts.isIdentifier(property.name!)) byVariable.set(`${variable}.${property.name.text}`, doc);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  for (const [name, variable] of borrowed) {
    for (const [key, doc] of byVariable) {
      const [owner, property] = key.split(".");
      if (owner === variable && !index.properties.has(`${name}.${property}`)) index.properties.set(`${name}.${property}`, doc);
    }
  }
  return index;
}

function ancestor<T extends ts.Node>(node: ts.Node, is: (n: ts.Node) => n is T): T | undefined {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) if (is(n)) return n;
  return undefined;
}

function isObjectCodec(c: unknown): c is ObjectCodec {
  return typeof c === "object" && c !== null && "propertyNames" in c && "required" in c && "optional" in c;
}

function listItem(c: t.Mixed): t.Mixed | undefined {
  const tagged = c as unknown as { _tag?: string; type?: t.Mixed; item?: t.Mixed };
  if (tagged.item !== undefined) return tagged.item;
  if (tagged._tag === "ArrayType" || tagged._tag === "ReadonlyArrayType") return tagged.type;
  return undefined;
}

/** Renders tables for one page: the named objects reached from its codec, each once. */
class TableWriter {
  private readonly queue: ObjectCodec[] = [];
  private readonly anchors = new Map<ObjectCodec, string>();
  readonly valueTypes = new Set<string>();

  constructor(
    private readonly docs: DocIndex,
    private readonly links: Readonly<Record<string, string>>,
  ) {}

  /** The type column: `string`, `CustomerCode`, one of `a`, `b`, list of [Address](#address) (at most 50). */
  typeText(c: t.Mixed): string {
    const tagged = c as unknown as { _tag?: string; keys?: Record<string, unknown>; types?: t.Mixed[]; props?: t.Props; domain?: t.Mixed; codomain?: t.Mixed };
    const item = listItem(c);
    if (item !== undefined) {
      const max = (c as unknown as { maxItems?: number }).maxItems;
      return `list of ${this.typeText(item)}${max === undefined ? "" : ` (at most ${max.toLocaleString("en-US")})`}`;
    }
    if (isObjectCodec(c)) return this.objectLink(c);
    switch (tagged._tag) {
      case "StringType":
        return "string";
      case "NumberType":
        return "number";
      case "BooleanType":
        return "boolean";
      case "UnknownType":
        return "any";
      case "KeyofType":
        return `one of ${Object.keys(tagged.keys ?? {}).map((k) => `\`${k}\``).join(", ")}`;
      case "UnionType":
        return (tagged.types ?? []).map((m) => this.typeText(m)).join(" or ");
      case "DictionaryType":
        return `map of ${this.typeText(tagged.domain!)} to ${this.typeText(tagged.codomain!)}`;
      case "PartialType":
      case "InterfaceType": {
        const props = Object.entries(tagged.props ?? {});
        const types = [...new Set(props.map(([, p]) => this.typeText(p as t.Mixed)))];
        const keys = props.map(([k]) => `\`${k}\``).join(", ");
        return types.length === 1 ? `object of ${keys} (each ${types[0]}${tagged._tag === "PartialType" ? ", optional" : ""})` : `object of ${keys}`;
      }
    }
    // A named refinement (CustomerCode, E164, ...): listed under "Value types" with its doc.
    if (this.docs.codecs.has(c.name)) this.valueTypes.add(c.name);
    return `\`${c.name}\``;
  }

  private objectLink(c: ObjectCodec): string {
    const page = this.links[c.name];
    if (page !== undefined) return `[${c.name}](${page})`;
    let anchor = this.anchors.get(c);
    if (anchor === undefined) {
      const taken = new Set(this.anchors.values());
      anchor = c.name;
      for (let n = 2; taken.has(anchor); n++) anchor = `${c.name}-${n}`;
      this.anchors.set(c, anchor);
      this.queue.push(c);
    }
    return `[${anchor}](#${anchor.toLowerCase()})`;
  }

  /** One row per property, required first, each in its codec's order. */
  table(c: ObjectCodec, skip: readonly string[] = []): string {
    const rows = [
      ...Object.entries(c.required).map(([name, p]) => [name, p, true] as const),
      ...Object.entries(c.optional).map(([name, p]) => [name, p, false] as const),
    ].filter(([name]) => !skip.includes(name));
    const lines = ["| name | type | required | default | description |", "|---|---|---|---|---|"];
    for (const [name, property, required] of rows) {
      const doc = this.describe(c.name, name, property as t.Mixed);
      lines.push(`| \`${name}\` | ${this.typeText(property as t.Mixed)} | ${required ? "yes" : "no"} | ${cell(doc.default ?? "")} | ${cell(doc.text)} |`);
    }
    return lines.join("\n");
  }

  /** The tables of the objects the written tables refer to, until none is left. */
  nestedTables(): string[] {
    const out: string[] = [];
    for (let c = this.queue.shift(); c !== undefined; c = this.queue.shift()) {
      const intro = this.docs.codecs.get(c.name)?.text;
      out.push(`### ${this.anchors.get(c)}\n\n${intro ? `${intro}\n\n` : ""}${this.table(c)}`);
    }
    return out;
  }

  private describe(codecName: string, property: string, c: t.Mixed): Doc {
    const own = this.docs.properties.get(`${codecName}.${property}`);
    if (own !== undefined) return own;
    // Fall back to what the property's object (or its list's item) is; a value type such as
    // ObjectName says nothing about the property, and is described under "Value types".
    const item = listItem(c) ?? c;
    const named = isObjectCodec(item) ? this.docs.codecs.get(item.name) : undefined;
    return named === undefined ? { text: "" } : { text: named.text };
  }
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The generated inputs section of a page. */
function inputsSection(page: ResourcePage, root: string, docs: DocIndex = readDocIndex(root)): string {
  const writer = new TableWriter(docs, page.kind === undefined ? OWN_PAGES : {});
  const parts = [writer.table(page.codec)];
  if (page.definition !== undefined) {
    const extra = page.definition.codec;
    const added = extra.propertyNames.filter((n) => !page.codec.propertyNames.includes(n));
    const left = page.codec.propertyNames.filter((n) => !extra.propertyNames.includes(n));
    const sentence =
      `In a customer definition this is \`${page.definition.path}\`` +
      (left.length > 0 ? `, without ${left.map((n) => `\`${n}\``).join(", ")} (the [Customer component](customer.md) fills ${left.length === 1 ? "it" : "them"})` : "") +
      (added.length > 0 ? `, and with these too:` : ".");
    parts.push(sentence);
    if (added.length > 0) parts.push(writer.table(extra, extra.propertyNames.filter((n) => !added.includes(n))));
  }
  for (const entry of page.entries ?? []) writer.typeText(entry);
  parts.push(...writer.nestedTables());
  if (writer.valueTypes.size > 0) {
    const lines = ["### Value types", "", "| type | what it is |", "|---|---|"];
    for (const name of [...writer.valueTypes].sort()) lines.push(`| \`${name}\` | ${cell(docs.codecs.get(name)!.text)} |`);
    parts.push(lines.join("\n"));
  }
  return parts.join("\n\n");
}

/** The generated outputs section of a page: the SDK class's declared properties. */
function outputsSection(page: ResourcePage, root: string): string {
  const file = page.outputs.file;
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(root, file), "utf8"), ts.ScriptTarget.ES2022, true);
  const declaration = source.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === page.outputs.className);
  if (declaration === undefined) throw new Error(`generating docs/resources/${page.file}: ${file} has no class ${page.outputs.className}`);
  const lines = ["Every input is an output too, as last applied. Besides them:", "", "| name | type | description |", "|---|---|---|"];
  for (const member of declaration.members) {
    if (!ts.isPropertyDeclaration(member) || !ts.isIdentifier(member.name)) continue;
    const modifiers = ts.getModifiers(member) ?? [];
    if (modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
    const type = (member.type?.getText(source) ?? "").replace(/^pulumi\.Output<([\s\S]*)>$/, "$1").replace(/\s+/g, " ");
    const doc = docOf(member, source);
    lines.push(`| \`${member.name.text}\` | \`${cell(type)}\` | ${cell([doc?.text, doc?.default ? `Default: ${doc.default}.` : undefined].filter(Boolean).join(" "))} |`);
  }
  return lines.length === 4 ? "Every input is an output too, as last applied; there are no others." : lines.join("\n");
}

/** The page with its generated sections replaced; throws when a marker is missing. */
export function updatedPage(text: string, page: ResourcePage, root: string): string {
  const docs = readDocIndex(root);
  let out = replaceBetween(text, INPUTS_BEGIN, INPUTS_END, inputsSection(page, root, docs), page.file);
  out = replaceBetween(out, OUTPUTS_BEGIN, OUTPUTS_END, outputsSection(page, root), page.file);
  return out;
}

function replaceBetween(text: string, begin: string, end: string, content: string, file: string): string {
  const from = text.indexOf(begin);
  const to = text.indexOf(end, from);
  if (from < 0 || to < 0) throw new Error(`docs/resources/${file} needs the lines\n${begin}\n${end}\nwhere the generated table goes`);
  return `${text.slice(0, from + begin.length)}\n\n${content}\n\n${text.slice(to)}`;
}

/**
 * One example of a page, ready to check: a whole customer definition (written whole, or a
 * fragment added to a definition file of the repository), or the kind's own inputs.
 */
export interface PageExample {
  readonly kind: "definition" | "inputs";
  /** `site.md example 2`, for messages. */
  readonly where: string;
  readonly value: unknown;
}

/**
 * A page's examples: each YAML or JSON fence preceded by `<!-- example: definition -->`,
 * `<!-- example: adds to <file> -->` (a fragment added to that definition file with addTo) or
 * `<!-- example: inputs -->`. Throws on any other kind, so a typo cannot skip an example.
 */
export function pageExamples(file: string, text: string, root: string): PageExample[] {
  const pattern = /<!-- example: ([^>]+?) -->\s*\n```(?:yaml|json)\n([\s\S]*?)\n```/g;
  return [...text.matchAll(pattern)].map((match, i) => {
    const kind = match[1]!.trim();
    const where = `${file} example ${i + 1}`;
    const value: unknown = parseYaml(match[2]!);
    if (kind === "definition" || kind === "inputs") return { kind, where, value };
    if (kind.startsWith("adds to ")) return { kind: "definition", where, value: addTo(parseYaml(fs.readFileSync(path.join(root, kind.slice("adds to ".length)), "utf8")), value) };
    throw new Error(`${where}: unknown example kind ${JSON.stringify(kind)}; write definition, adds to <file>, or inputs`);
  });
}

/** A definition with a fragment added: lists grow by the fragment's entries, objects merge, other values are replaced. */
export function addTo(base: unknown, fragment: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(fragment)) return [...base, ...fragment];
  if (isPlainObject(base) && isPlainObject(fragment)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(fragment)) out[key] = key in base ? addTo(base[key], value) : value;
    return out;
  }
  return fragment;
}

function isPlainObject(u: unknown): u is Record<string, unknown> {
  return typeof u === "object" && u !== null && !Array.isArray(u);
}

/** The repository root, from dist/scripts/ or scripts/. */
function repositoryRoot(): string {
  return path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? "../.." : "..");
}

function main(): void {
  const root = repositoryRoot();
  for (const page of RESOURCE_PAGES) {
    const file = path.join(root, "docs/resources", page.file);
    const text = fs.readFileSync(file, "utf8");
    const updated = updatedPage(text, page, root);
    if (updated !== text) {
      fs.writeFileSync(file, updated);
      process.stdout.write(`updated docs/resources/${page.file}\n`);
    }
  }
}

if (require.main === module) main();
