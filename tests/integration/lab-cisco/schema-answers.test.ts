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
import { KIND_SPECS, parseXml, type KindSpec, type XmlElement } from "../../../lab/cisco";
import { axl, faultOf, type AxlLab, type HttpAnswer, withAxlLab } from "./support";

const AXL_15 = "http://www.cisco.com/AXL/API/15.0";

function ciscoXsd(): string {
  return fs.readFileSync(path.join(path.dirname(require.resolve("cisco-axl/package.json")), "schema", "15.0", "AXLSoap.xsd"), "utf8");
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

/** The tags of a kind's list type: what listX can return. */
function listTags(spec: KindSpec): string {
  return spec.fields.filter((field) => !field.notInList && !field.writeOnly).map((field) => `<${field.name}/>`).join("");
}

function uuidsIn(xml: string, element: string): string[] {
  return [...xml.matchAll(new RegExp(`<${element}(?: ctiid="\\d+")? uuid="([^"]+)"`, "g"))].map((match) => match[1]);
}

/** Cisco's searchCriteria children of List<suffix>Req, from the schema itself. */
function ciscoSearchCriteria(schema: XmlElement, suffix: string): string[] | undefined {
  const request = schema.children.find((child) => child.local === "complexType" && child.attributes.name === `List${suffix}Req`);
  if (!request) return undefined;
  const elements = (element: XmlElement): XmlElement[] => element.children.flatMap((child) => (child.local === "element" ? [child] : elements(child)));
  const criteria = elements(request).find((element) => element.attributes.name === "searchCriteria");
  return criteria ? elements(criteria).map((element) => String(element.attributes.name)) : undefined;
}

describe("lab AXL simulator answers as Cisco's AXLSoap.xsd 15.0 defines them", function () {
  this.timeout(120_000);
  let env: AxlLab;
  withAxlLab((lab) => (env = lab));
  let xsd: string;
  before(() => (xsd = ciscoXsd()));

  it("answers get and list of every kind in Cisco's R and L types: element names, order, nesting, choices, uuids", async () => {
    const answers: Answer[] = [];
    for (const spec of KIND_SPECS) {
      const list = await axl(env, `list${spec.suffix}`, `<searchCriteria><${spec.searchCriteria[0]}>%</${spec.searchCriteria[0]}></searchCriteria><returnedTags>${listTags(spec)}</returnedTags>`);
      answers.push({ name: `list${spec.suffix}`, xml: responseDocument(list, `list${spec.suffix}`) });
      for (const uuid of uuidsIn(list.body, spec.element).slice(0, 4)) {
        const get = await axl(env, `get${spec.suffix}`, `<uuid>${uuid}</uuid>`);
        answers.push({ name: `get${spec.suffix} ${uuid}`, xml: responseDocument(get, `get${spec.suffix}`) });
      }
    }
    // Every kind has objects in the seeded cluster, so each get was checked too.
    expect(answers.filter((a) => a.name.startsWith("get")).length).to.be.greaterThan(KIND_SPECS.length);
    expect(await schemaErrors(xsd, answers)).to.deep.equal({});
  });

  it("answers add, update and remove as StandardResponse ({UUID}) and getCCMVersion as GetCCMVersionRes", async () => {
    const answers: Answer[] = [];
    const steps: [string, string][] = [
      ["addRoutePartition", "<routePartition><name>Schema-PT</name><description>schema check</description></routePartition>"],
      ["updateRoutePartition", "<name>Schema-PT</name><description>changed</description>"],
      ["addCss", "<css><description>d</description><members><member><routePartitionName>Schema-PT</routePartitionName><index>1</index></member></members><name>Schema-CSS</name></css>"],
      ["updateCss", "<name>Schema-CSS</name><removeMembers><member><routePartitionName>Schema-PT</routePartitionName><index>1</index></member></removeMembers>"],
      ["removeCss", "<name>Schema-CSS</name>"],
      ["removeRoutePartition", "<name>Schema-PT</name>"],
      ["getCCMVersion", "<processNodeName/>"],
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

  it("takes as searchCriteria of each list only elements Cisco's List<Kind>Req has", () => {
    const schema = parseXml(xsd);
    const extra: Record<string, string[]> = {};
    for (const spec of KIND_SPECS) {
      const cisco = ciscoSearchCriteria(schema, spec.suffix);
      expect(cisco, `Cisco's schema has List${spec.suffix}Req`).to.not.equal(undefined);
      const notCisco = spec.searchCriteria.filter((criterion) => !cisco!.includes(criterion));
      if (notCisco.length > 0) extra[spec.suffix] = notCisco;
    }
    expect(extra).to.deep.equal({});
  });
});
