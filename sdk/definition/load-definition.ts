// Where the root program's customer definition comes from: the stack config key `customer` (the
// definition itself) or `customerFile` (a YAML or JSON file in the project), never both. Pulumi
// hands stack config to the program in one environment variable, which Linux caps at 128 KiB,
// so a large definition has to be a file; a file also gives the reviewer of a pull request a
// readable diff. Every problem is thrown at once, as a pulumi.RunError, which Pulumi prints
// without a stack trace.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { isScalar, LineCounter, parseAllDocuments, parseDocument, type Document } from "yaml";
import { show } from "../../provider/plan/messages";
import { type CustomerDefinition, decodeCustomerDefinition, type DefinitionProblem, type DefinitionSource, describeDefinitionProblem } from "./customer-definition";

/** The stack config key that holds the definition itself. */
export const CUSTOMER_CONFIG_KEY = "customer";
/** The stack config key that names a YAML or JSON file holding the definition, relative to the project directory. */
export const CUSTOMER_FILE_CONFIG_KEY = "customerFile";

const FILE_EXTENSIONS = [".yaml", ".yml", ".json"];
/** Problems listed in one error; past this the rest are counted, not listed. */
const MAX_LISTED_PROBLEMS = 100;

/**
 * The customer definition from stack config: `customer` (an object) or `customerFile` (a
 * `.yaml`, `.yml` or `.json` file, relative to `projectDir`). Throws a pulumi.RunError listing
 * every problem.
 *
 * @param projectDir @default - the directory of Pulumi.yaml, else the working directory. Not the
 *   working directory first: Pulumi runs a program whose Pulumi.yaml sets `main` (as the root
 *   program's does) in the directory of `main`.
 */
export function loadCustomerDefinition(config: pulumi.Config, projectDir: string = pulumi.runtime.getRootDirectory() || process.cwd()): CustomerDefinition {
  const inline = config.get(CUSTOMER_CONFIG_KEY);
  const file = config.get(CUSTOMER_FILE_CONFIG_KEY);
  if (inline !== undefined && file !== undefined) {
    throw customerDefinitionError([
      `both ${CUSTOMER_CONFIG_KEY} and ${CUSTOMER_FILE_CONFIG_KEY} are set in the stack config, and the definition must come from one: ` +
        `remove one (pulumi config rm ${CUSTOMER_CONFIG_KEY}, to use the file ${show(file)})`,
    ]);
  }
  if (file !== undefined) return fromFile(file, projectDir);
  if (inline !== undefined) return fromConfig(inline);
  throw customerDefinitionError([
    `the stack config has no customer definition: name a YAML or JSON file with ${CUSTOMER_FILE_CONFIG_KEY} ` +
      `(pulumi config set ${CUSTOMER_FILE_CONFIG_KEY} customers/contoso.yaml), or give the definition itself as ${CUSTOMER_CONFIG_KEY} ` +
      `(pulumi config set ${CUSTOMER_CONFIG_KEY} "$(cat contoso.json)")`,
  ]);
}

/**
 * Where loadCustomerDefinition found the definition, so problems found against the platforms
 * name paths as the decoder's do: in the file `customerFile` names, with line and column
 * (`customers/contoso.yaml:93:11: profiles[0]...`), else under the config key
 * (`customer.profiles[0]...`). Pass it to the Customer component and readCustomerSources as
 * `definitionRoot`. Call it after loadCustomerDefinition, which reports a file that cannot be read.
 *
 * @param projectDir as for loadCustomerDefinition
 */
export function customerDefinitionRoot(config: pulumi.Config, projectDir: string = pulumi.runtime.getRootDirectory() || process.cwd()): DefinitionSource {
  const file = config.get(CUSTOMER_FILE_CONFIG_KEY);
  if (file === undefined) return { root: CUSTOMER_CONFIG_KEY };
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(projectDir, file), "utf8");
  } catch {
    return { root: file };
  }
  // YAML reads JSON too, with the position of each value.
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  if (document.errors.length > 0) return { root: file };
  return { root: file, position: (property) => positionOf(property, document, lines)?.at ?? "" };
}

/** The error for a definition's problems: one sentence, then one line per problem. Nothing has been registered yet. */
export function customerDefinitionError(problems: readonly string[]): pulumi.RunError {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => `  - ${p}`);
  if (problems.length > MAX_LISTED_PROBLEMS) listed.push(`  - ... and ${problems.length - MAX_LISTED_PROBLEMS} more`);
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  return new pulumi.RunError(`the customer definition has ${count}; nothing was changed:\n${listed.join("\n")}`);
}

function fromConfig(text: string): CustomerDefinition {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw customerDefinitionError([
      `${CUSTOMER_CONFIG_KEY}: must be the definition as an object; got the text ${show(text)}. ` +
        `Set it with pulumi config set ${CUSTOMER_CONFIG_KEY} "$(cat contoso.json)", or to name a file use ${CUSTOMER_FILE_CONFIG_KEY} instead`,
    ]);
  }
  const decoded = decodeCustomerDefinition(raw, CUSTOMER_CONFIG_KEY);
  if (!decoded.ok) throw customerDefinitionError(decoded.problems.map(describeDefinitionProblem));
  return decoded.value;
}

function fromFile(file: string, projectDir: string): CustomerDefinition {
  const key = CUSTOMER_FILE_CONFIG_KEY;
  if (file.trim() === "") throw customerDefinitionError([`${key}: is empty; name a YAML or JSON file, e.g. customers/contoso.yaml`]);
  const extension = path.extname(file).toLowerCase();
  if (!FILE_EXTENSIONS.includes(extension)) {
    throw customerDefinitionError([`${key}: ${show(file)} is not a ${FILE_EXTENSIONS.join(", ")} file; name a YAML or JSON file, e.g. customers/contoso.yaml`]);
  }
  const absolute = path.resolve(projectDir, file);
  let text: string;
  try {
    text = fs.readFileSync(absolute, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "does not exist" : code === "EISDIR" ? "is a directory" : code === "EACCES" ? "cannot be read (permission denied)" : `cannot be read (${(error as Error).message})`;
    throw customerDefinitionError([`${key}: ${show(file)} ${why}: looked for ${absolute} (the path is relative to the project directory, ${projectDir})`]);
  }
  const parsed = extension === ".json" ? parseJson(text, file) : parseYaml(text, file);
  if (!parsed.ok) throw customerDefinitionError(parsed.problems);
  const decoded = decodeCustomerDefinition(parsed.value, file);
  if (!decoded.ok) throw customerDefinitionError(decoded.problems.map((p) => describeInFile(p, file, text, parsed.document, parsed.lines)));
  return decoded.value;
}

type Parsed =
  | { readonly ok: true; readonly value: unknown; readonly document: Document | undefined; readonly lines: LineCounter }
  | { readonly ok: false; readonly problems: readonly string[] };

function parseYaml(text: string, file: string): Parsed {
  const lines = new LineCounter();
  const documents = [...parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true })];
  const problems: string[] = [];
  for (const document of documents) {
    for (const issue of [...document.errors, ...document.warnings]) {
      const at = issue.linePos?.[0];
      problems.push(`${file}${at ? `:${at.line}:${at.col}` : ""}: ${firstLine(issue.message)}`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  if (documents.length === 0 || documents[0]!.contents === null) return { ok: false, problems: [`${file}: is empty; it must hold the customer definition`] };
  if (documents.length > 1) {
    const second = lines.linePos(documents[1]!.range[0]);
    return { ok: false, problems: [`${file}:${second.line}:${second.col}: holds ${documents.length} YAML documents (separated by ---); put the whole definition in one`] };
  }
  const document = documents[0]!;
  try {
    return { ok: true, value: document.toJS({ maxAliasCount: 1000 }), document, lines };
  } catch (error) {
    return { ok: false, problems: [`${file}: ${(error as Error).message}`] };
  }
}

function parseJson(text: string, file: string): Parsed {
  // YAML reads JSON too: its document gives the line of each value, and it refuses a repeated key, which JSON.parse would let win.
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position \d+ \(line (\d+) column (\d+)\)/.exec(message);
    const fallback = document.errors[0]?.linePos?.[0];
    const at = position ? `:${position[1]}:${position[2]}` : fallback ? `:${fallback.line}:${fallback.col}` : "";
    // V8 quotes the whole text in some messages ("Unexpected token '}', "{..." is not valid JSON"): keep the first clause.
    const reason = message.replace(/ in JSON at position[\s\S]*$/, "").replace(/, "[\s\S]*$/, "");
    return { ok: false, problems: [`${file}${at}: is not valid JSON: ${reason}`] };
  }
  const repeated = document.errors.filter((e) => e.code === "DUPLICATE_KEY");
  if (repeated.length > 0) {
    return { ok: false, problems: repeated.map((e) => `${file}${e.linePos ? `:${e.linePos[0].line}:${e.linePos[0].col}` : ""}: ${firstLine(e.message)}; JSON would keep only the last`) };
  }
  return { ok: true, value, document: document.errors.length === 0 ? document : undefined, lines };
}

/**
 * `customers/contoso.yaml:14:9: sites[2].address (site Cu1Si3): is required ...`: the line and
 * column of the value the problem is about (or of the nearest enclosing one that exists).
 */
function describeInFile(problem: DefinitionProblem, file: string, text: string, document: Document | undefined, lines: LineCounter): string {
  const where = problem.property === "" ? "the definition" : problem.property;
  const subject = problem.subject ? ` (${problem.subject})` : "";
  const found = document === undefined ? undefined : positionOf(problem.property, document, lines);
  let hint = "";
  // YAML reads 02110 and +13125550100 unquoted as numbers, where the definition wants text.
  if (found?.exact && isScalar(found.node) && typeof found.node.value === "number" && problem.reason.endsWith(`got ${show(found.node.value)}`)) {
    const source = text.slice(found.range[0], found.range[1]);
    hint = `; an unquoted ${source} is read as the number ${show(found.node.value)}: write it in quotes, "${source}"`;
  }
  return `${file}${found?.at ?? ""}: ${where}${subject}: ${problem.reason}${hint}`;
}

/** `:14:9`, where the value at `property` starts (or the nearest enclosing one that exists), and whether it is that value. */
function positionOf(property: string, document: Document, lines: LineCounter): { at: string; node: unknown; range: [number, number, number]; exact: boolean } | undefined {
  const segments = segmentsOf(property);
  for (let n = segments.length; n >= 0; n--) {
    const node = n === 0 ? document.contents : document.getIn(segments.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (!range) continue;
    const position = lines.linePos(range[0]);
    return { at: `:${position.line}:${position.col}`, node, range, exact: n === segments.length };
  }
  return undefined;
}

/** `sites[2].address.city` -> ["sites", 2, "address", "city"]. */
function segmentsOf(property: string): (string | number)[] {
  return [...property.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : (m[1] as string)));
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}
