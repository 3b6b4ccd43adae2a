// The simulator's answers checked against Cisco's own AXLSoap.xsd 15.0 (the files of the npm
// package cisco-axl, a devDependency; read at test time, never copied into this repository),
// validated with libxml2 (xmllint-wasm), as the client's requests are in
// tests/unit/backends/axl/schema-cross-check.test.ts: every kind's get and list answers (all
// the tags its list type returns), add/update/remove answers (StandardResponse), the fault
// detail (axlError), and each kind's list searchCriteria against Cisco's List<Kind>Req.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { memoryPages, validateXML } from "xmllint-wasm";
import { KIND_SPECS, parseXml, type FieldSpec, type KindSpec, type XmlElement } from "../../../lab/cisco";
import { axl, faultOf, type AxlLab, type HttpAnswer, withAxlLab } from "./support";

const AXL_15 = "http://www.cisco.com/AXL/API/15.0";

/** The schema versions the seeded cluster serves. */
const VERSIONS = ["12.5", "14.0", "15.0"] as const;

function ciscoXsd(version: string): string {
  return fs.readFileSync(path.join(path.dirname(require.resolve("cisco-axl/package.json")), "schema", version, "AXLSoap.xsd"), "utf8");
}

/**
 * CUCM 14 and later answer an empty reference as `<x uuid=""/>` (reference §1.1), which
 * Cisco's XFkType pattern does not allow: that one known disagreement between CUCM and its own
 * schema is the only error let through.
 */
const EMPTY_UUID = /attribute 'uuid': \[facet 'pattern'\] The value '' is not accepted/;

interface Answer {
  readonly name: string;
  /** The operation's response element (or the axlError element), as a document. */
  readonly xml: string;
}

/** Each answer's schema errors (empty references' uuid="" excepted), by name. */
async function schemaErrors(xsd: string, answers: readonly Answer[]): Promise<Record<string, string[]>> {
  const outcome = await validateXML({
    xml: answers.map((answer, i) => ({ fileName: `answer-${i}.xml`, contents: answer.xml })),
    schema: [{ fileName: "AXLSoap.xsd", contents: xsd }],
    maxMemoryPages: memoryPages.GiB,
  });
  const errors: Record<string, string[]> = {};
  for (const error of outcome.errors) {
    const index = /^answer-(\d+)\.xml$/.exec(error.loc?.fileName ?? "")?.[1];
    if (index === undefined || EMPTY_UUID.test(error.message)) continue;
    (errors[answers[Number(index)].name] ??= []).push(error.message.trim());
  }
  return errors;
}

/** The Body's operation response element of a 200 answer, as its own document. */
function responseDocument(answer: HttpAnswer, operation: string): string {
  expect(answer.status, `${operation}: ${answer.body}`).to.equal(200);
  const match = new RegExp(`<ns:${operation}Response[\\s\\S]*</ns:${operation}Response>`).exec(answer.body);
  expect(match, `${operation}: the Body holds ns:${operation}Response`).to.not.equal(null);
  return match![0];
}

/** A fault's detail/axlError, qualified as the schema's global element (its children stay unqualified). */
function axlErrorDocument(answer: HttpAnswer): string {
  faultOf(answer);
  const match = /<axlError>([\s\S]*)<\/axlError>/.exec(answer.body);
  expect(match, answer.body).to.not.equal(null);
  return `<ns:axlError xmlns:ns="${AXL_15}">${match![1]}</ns:axlError>`;
}

/** The tags of a kind's list type in a schema version: what listX can return. */
function listTags(spec: KindSpec, version: string): string {
  return spec.fields.filter((field) => !field.notInList && !field.writeOnly && Number(field.since ?? 0) <= Number(version)).map((field) => `<${field.name}/>`).join("");
}

function uuidsIn(xml: string, element: string): string[] {
  return [...xml.matchAll(new RegExp(`<${element}(?: ctiid="\\d+")? uuid="([^"]+)"`, "g"))].map((match) => match[1]);
}

/** Cisco's named complex types, and the child elements of a type or element (through sequences, choices and extensions). */
class CiscoSchema {
  private readonly types = new Map<string, XmlElement>();
  constructor(xsd: string) {
    for (const child of parseXml(xsd).children) if (child.local === "complexType") this.types.set(child.attributes.name, child);
  }

  type(name: string): XmlElement | undefined {
    return this.types.get(name);
  }

  /** The elements directly inside a complexType (or an inline one), a base type's first. */
  elements(node: XmlElement): XmlElement[] {
    return node.children.flatMap((child) => {
      if (child.local === "element") return [child];
      if (child.local === "annotation" || child.local === "attribute") return [];
      const base = child.local === "extension" ? this.types.get(child.attributes.base?.replace(/^axlapi:/, "") ?? "") : undefined;
      return [...(base ? this.elements(base) : []), ...this.elements(child)];
    });
  }

  /** The child elements of an element: its inline type's, or its named type's. */
  childrenOf(element: XmlElement): XmlElement[] {
    const inline = element.children.find((child) => child.local === "complexType");
    if (inline) return this.elements(inline);
    const named = this.types.get(element.attributes.type?.replace(/^axlapi:/, "") ?? "");
    return named ? this.elements(named) : [];
  }

  /** Cisco's searchCriteria children of List<suffix>Req. */
  searchCriteria(suffix: string): string[] | undefined {
    const request = this.types.get(`List${suffix}Req`);
    const criteria = request && this.elements(request).find((element) => element.attributes.name === "searchCriteria");
    return criteria ? this.childrenOf(criteria).map((element) => element.attributes.name) : undefined;
  }
}

/** Paths of the lab's request fields (nested ones too) that Cisco's elements lack. */
function missingFromCisco(schema: CiscoSchema, fields: readonly FieldSpec[], cisco: readonly XmlElement[], path: string): string[] {
  const byName = new Map(cisco.map((element) => [element.attributes.name, element]));
  return fields.flatMap((field) => {
    if (field.kind === "computed" || field.readOnly) return [];
    const element = byName.get(field.name);
    if (!element) return [`${path}/${field.name}`];
    if (field.kind === "group") return missingFromCisco(schema, field.fields, schema.childrenOf(element), `${path}/${field.name}`);
    if (field.kind === "list") return missingFromCisco(schema, [field.item], schema.childrenOf(element), `${path}/${field.name}`);
    return [];
  });
}

describe("lab AXL simulator answers as Cisco's AXLSoap.xsd 15.0 defines them", function () {
  this.timeout(120_000);
  let env: AxlLab;
  withAxlLab((lab) => (env = lab));
  let xsd: string;
  before(() => (xsd = ciscoXsd("15.0")));

  for (const version of VERSIONS) {
    it(`answers get and list of every kind in Cisco's R and L types of schema ${version}: element names, order, nesting, choices, uuids`, async () => {
      const answers: Answer[] = [];
      const kinds = KIND_SPECS.filter((spec) => Number(spec.since ?? 0) <= Number(version));
      for (const spec of kinds) {
        const list = await axl(env, `list${spec.suffix}`, `<searchCriteria><${spec.searchCriteria[0]}>%</${spec.searchCriteria[0]}></searchCriteria><returnedTags>${listTags(spec, version)}</returnedTags>`, { version });
        answers.push({ name: `list${spec.suffix}`, xml: responseDocument(list, `list${spec.suffix}`) });
        for (const uuid of uuidsIn(list.body, spec.element).slice(0, 4)) {
          const get = await axl(env, `get${spec.suffix}`, `<uuid>${uuid}</uuid>`, { version });
          answers.push({ name: `get${spec.suffix} ${uuid}`, xml: responseDocument(get, `get${spec.suffix}`) });
        }
      }
      // Every kind has objects in the seeded cluster, so each get was checked too.
      expect(answers.filter((a) => a.name.startsWith("get")).length).to.be.greaterThan(kinds.length);
      expect(await schemaErrors(version === "15.0" ? xsd : ciscoXsd(version), answers)).to.deep.equal({});
    });
  }

  it("answers add, update and remove as StandardResponse ({UUID}), getCCMVersion as GetCCMVersionRes, a list without match as an empty return", async () => {
    const answers: Answer[] = [];
    const steps: [string, string][] = [
      ["addRoutePartition", "<routePartition><name>Schema-PT</name><description>schema check</description></routePartition>"],
      ["updateRoutePartition", "<name>Schema-PT</name><description>changed</description>"],
      ["addCss", "<css><description>d</description><members><member><routePartitionName>Schema-PT</routePartitionName><index>1</index></member></members><name>Schema-CSS</name></css>"],
      ["updateCss", "<name>Schema-CSS</name><removeMembers><member><routePartitionName>Schema-PT</routePartitionName><index>1</index></member></removeMembers>"],
      ["removeCss", "<name>Schema-CSS</name>"],
      ["removeRoutePartition", "<name>Schema-PT</name>"],
      ["getCCMVersion", "<processNodeName/>"],
      // No match: an empty <return/>.
      ["listRoutePartition", "<searchCriteria><name>No-Such-%</name></searchCriteria><returnedTags><name/></returnedTags>"],
    ];
    for (const [operation, inner] of steps) answers.push({ name: operation, xml: responseDocument(await axl(env, operation, inner), operation) });
    expect(await schemaErrors(xsd, answers)).to.deep.equal({});
  });

  it("puts axlError{axlcode, axlmessage, request} in every fault's detail: not found, duplicate, in use, invalid", async () => {
    const faults: [string, string, string, number][] = [
      ["not found", "getRoutePartition", "<name>No-Such-PT</name>", 5007],
      ["duplicate", "addRoutePartition", "<routePartition><name>Cu1-DirNum-PT</name></routePartition>", -239],
      ["in use", "removeRoutePartition", "<name>Cu1-DirNum-PT</name>", -692],
      ["invalid", "addUser", "<user><userid>schema-x</userid></user>", 5003],
    ];
    const answers: Answer[] = [];
    for (const [name, operation, inner, code] of faults) {
      const answer = await axl(env, operation, inner);
      expect(faultOf(answer).axlcode, name).to.equal(code);
      expect(faultOf(answer).request, name).to.equal(operation);
      answers.push({ name, xml: axlErrorDocument(answer) });
    }
    expect(await schemaErrors(xsd, answers)).to.deep.equal({});
  });

  it("takes in add requests only elements Cisco's X<Kind> types have, nested ones too", () => {
    const schema = new CiscoSchema(xsd);
    const missing: string[] = [];
    for (const spec of KIND_SPECS) {
      const type = schema.type(`X${spec.suffix}`);
      expect(type, `Cisco's schema has X${spec.suffix}`).to.not.equal(undefined);
      missing.push(...missingFromCisco(schema, spec.fields, schema.elements(type!), `X${spec.suffix}`));
    }
    expect(missing).to.deep.equal([]);
  });

  it("takes as searchCriteria of each list only elements Cisco's List<Kind>Req has", () => {
    const schema = new CiscoSchema(xsd);
    const extra: Record<string, string[]> = {};
    for (const spec of KIND_SPECS) {
      const cisco = schema.searchCriteria(spec.suffix);
      expect(cisco, `Cisco's schema has List${spec.suffix}Req`).to.not.equal(undefined);
      const notCisco = spec.searchCriteria.filter((criterion) => !cisco!.includes(criterion));
      if (notCisco.length > 0) extra[spec.suffix] = notCisco;
    }
    expect(extra).to.deep.equal({});
  });
});
