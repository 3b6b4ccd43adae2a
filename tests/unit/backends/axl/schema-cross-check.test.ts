// Every request the AXL client sends, validated against Cisco's own AXLSoap.xsd for its
// version: the files of the npm package cisco-axl (devDependency, exact version; MIT; never
// copied into this repository), read at test time, validated with libxml2 (xmllint-wasm).
// The requests are the exact bytes the client hands to its transport, made by node-soap from
// ucflow's WSDL through the typed operations. Set AXL_CROSSCHECK_REPORT=<file> to write the
// per-operation results as JSON.
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { memoryPages, validateXML } from "xmllint-wasm";
import { AXL_SCHEMA_VERSIONS, type AxlSchemaVersion, operationNames } from "../../../../provider/backends/axl/schema/description";
import { bodyElement, testClient } from "./fixture";
import { AnsweringTransport, PAYLOAD_CASES, type PayloadCase } from "./payloads";

/** Where cisco-axl keeps Cisco's schema files. */
export function ciscoSchemaDir(version: AxlSchemaVersion): string {
  return path.join(path.dirname(require.resolve("cisco-axl/package.json")), "schema", version);
}

export interface Validated {
  readonly operation: string;
  readonly kind: PayloadCase["kind"];
  readonly xml: string;
  readonly errors: string[];
}

/** Runs every case through a client of `version` and validates each request body against `xsd`. */
export async function crossCheck(version: AxlSchemaVersion, xsd: string, options: { readonly schemaDir?: string } = {}): Promise<Validated[]> {
  const transport = new AnsweringTransport();
  const client = testClient(transport.send, { version, ...(options.schemaDir ? { schemaDir: options.schemaDir } : {}) });
  const results: { operation: string; kind: PayloadCase["kind"]; xml: string }[] = [];
  for (const testCase of PAYLOAD_CASES) {
    const before = transport.bodies.length;
    await testCase.run(client);
    const sent = transport.bodies.slice(before);
    expect(sent.map((s) => s.operation), `${testCase.operation} (${testCase.kind}) sends one request`).to.deep.equal([testCase.operation]);
    results.push({ operation: testCase.operation, kind: testCase.kind, xml: bodyElement(sent[0].body) });
  }
  const outcome = await validateXML({
    xml: results.map((r, i) => ({ fileName: `request-${i}.xml`, contents: r.xml })),
    schema: [{ fileName: "AXLSoap.xsd", contents: xsd }],
    maxMemoryPages: memoryPages.GiB,
  });
  const errors = new Map<number, string[]>();
  for (const error of outcome.errors) {
    const index = /^request-(\d+)\.xml$/.exec(error.loc?.fileName ?? "")?.[1];
    if (index === undefined) continue;
    const list = errors.get(Number(index)) ?? [];
    list.push(error.message);
    errors.set(Number(index), list);
  }
  return results.map((r, i) => ({ ...r, errors: errors.get(i) ?? [] }));
}

function describeFailures(results: readonly Validated[]): string {
  return results
    .filter((r) => r.errors.length > 0)
    .map((r) => `${r.operation} (${r.kind}):\n    ${r.errors.join("\n    ")}\n    ${r.xml}`)
    .join("\n");
}

/**
 * Elements Cisco's XSD marks required that the minimal requests leave out on purpose: CUCM does
 * not enforce minOccurs (reference §2.1) and Cisco's own samples omit these. Every other
 * element of a minimal request must validate.
 */
export const MINIMAL_OMISSIONS: Readonly<Record<string, readonly string[]>> = {};

describe("AXL requests validate against Cisco's AXL XSD (cisco-axl package)", function () {
  this.timeout(120_000);
  const report: Record<string, unknown> = {};

  after(() => {
    if (process.env.AXL_CROSSCHECK_REPORT) fs.writeFileSync(process.env.AXL_CROSSCHECK_REPORT, JSON.stringify(report, null, 2));
  });

  it("has a payload for every operation of the schema description", () => {
    expect([...new Set(PAYLOAD_CASES.map((c) => c.operation))].sort()).to.deep.equal([...operationNames()].sort());
    for (const operation of operationNames()) {
      expect(PAYLOAD_CASES.some((c) => c.operation === operation && c.kind !== "minimal"), `${operation} has a realistic or maximal payload`).to.equal(true);
    }
  });

  it("rejects what Cisco's schema does not allow (the check can fail)", async () => {
    const xsd = fs.readFileSync(path.join(ciscoSchemaDir("15.0"), "AXLSoap.xsd"), "utf8");
    const ns = 'xmlns:ns="http://www.cisco.com/AXL/API/15.0"';
    const outcome = await validateXML({
      xml: [
        { fileName: "order.xml", contents: `<ns:addLine ${ns}><line><usage>Device</usage><pattern>4001</pattern></line></ns:addLine>` },
        { fileName: "name.xml", contents: `<ns:addLine ${ns}><line><pattern>4001</pattern><usage>Device</usage><partition>P</partition></line></ns:addLine>` },
        { fileName: "good.xml", contents: `<ns:addLine ${ns}><line><pattern>4001</pattern><usage>Device</usage></line></ns:addLine>` },
      ],
      schema: [{ fileName: "AXLSoap.xsd", contents: xsd }],
      maxMemoryPages: memoryPages.GiB,
    });
    const failed = new Set(outcome.errors.map((e) => e.loc?.fileName).filter((f): f is string => f !== undefined));
    expect([...failed].sort()).to.deep.equal(["name.xml", "order.xml"]);
  });

  it("sends the same bytes with Cisco's own AXLAPI.wsdl (schemaDir) as with ucflow's, but for the namespace prefix", async function () {
    // Cisco's 15.0 WSDL: about half a second and ~40 MB of heap to parse (reference §5.2).
    const bodies = async (schemaDir?: string) => {
      const transport = new AnsweringTransport();
      const client = testClient(transport.send, schemaDir ? { schemaDir } : {});
      for (const testCase of PAYLOAD_CASES) await testCase.run(client);
      return transport.bodies.map((b) => ({ operation: b.operation, body: bodyElement(b.body) }));
    };
    const ours = await bodies();
    const cisco = (await bodies(ciscoSchemaDir("15.0"))).map((b) => ({ ...b, body: b.body.replace(/xsd1:/g, "ns:").replace(/xmlns:xsd1=/g, "xmlns:ns=") }));
    expect(cisco).to.have.length(PAYLOAD_CASES.length);
    expect(cisco).to.deep.equal(ours);
  });

  for (const version of AXL_SCHEMA_VERSIONS) {
    it(`every realistic and maximal request validates against Cisco's ${version} AXLSoap.xsd`, async () => {
      const xsd = fs.readFileSync(path.join(ciscoSchemaDir(version), "AXLSoap.xsd"), "utf8");
      expect(xsd).to.include(`targetNamespace="http://www.cisco.com/AXL/API/${version}"`);
      const results = await crossCheck(version, xsd);
      report[version] = results.map((r) => ({ operation: r.operation, kind: r.kind, valid: r.errors.length === 0, errors: r.errors }));
      const full = results.filter((r) => r.kind !== "minimal");
      expect(describeFailures(full), "requests Cisco's schema rejects").to.equal("");
      // Minimal requests: only the documented omissions.
      for (const r of results.filter((x) => x.kind === "minimal")) {
        const missing = r.errors.flatMap((e) => /Missing child element\(s\)\. Expected is \( (\w+) \)/.exec(e)?.[1] ?? `unexpected: ${e}`);
        expect(missing, `${r.operation} (minimal): ${r.xml}`).to.deep.equal(MINIMAL_OMISSIONS[r.operation] ?? []);
      }
    });
  }
});
