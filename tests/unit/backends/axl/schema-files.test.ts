// ucflow's AXL WSDL/XSD: the committed files are the renderer's current output, they carry
// Cisco's names and SOAPActions, the in-memory form the client uses sends the same bytes as
// the two-file form, and node-soap can serve them (what the lab's simulator needs, §5.1).
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as soap from "soap";
import { memoryPages, validateXML } from "xmllint-wasm";
import { ACTIONS, AXL_SCHEMA_VERSIONS, OBJECTS, operationNames, parseFields } from "../../../../provider/backends/axl/schema/description";
import { axlNamespace, renderAxlSchema, renderAxlSchemaFiles, renderAxlWsdl, soapAction } from "../../../../provider/backends/axl/schema/render";
import { SCHEMA_SOURCE_DIR } from "../../../../provider/backends/axl/schema/write-files";
import { bodyElement, testClient } from "./fixture";
import { AnsweringTransport, PAYLOAD_CASES } from "./payloads";

describe("AXL schema files", function () {
  this.timeout(60_000);

  it("are current: the committed files equal the renderer's output (regenerate with npm run axl-schema)", () => {
    const files = renderAxlSchemaFiles(AXL_SCHEMA_VERSIONS);
    expect([...files.keys()].sort()).to.deep.equal(AXL_SCHEMA_VERSIONS.flatMap((v) => [`${v}/AXLAPI.wsdl`, `${v}/AXLSoap.xsd`]).sort());
    for (const [file, content] of files) {
      const committed = fs.readFileSync(path.join(SCHEMA_SOURCE_DIR, file), "utf8");
      expect(committed === content, `${file} is stale: run npm run axl-schema`).to.equal(true);
      expect(committed).to.include("DO NOT EDIT");
    }
  });

  it("name Cisco's service, port, binding, namespace and SOAPAction for every operation", () => {
    for (const version of AXL_SCHEMA_VERSIONS) {
      const wsdl = renderAxlWsdl(version);
      expect(wsdl).to.include('<service name="AXLAPIService">');
      expect(wsdl).to.include('<port binding="s0:AXLAPIBinding" name="AXLPort">');
      expect(wsdl).to.include('<binding name="AXLAPIBinding" type="s0:AXLPort">');
      expect(wsdl).to.include('<portType name="AXLPort">');
      expect(wsdl).to.include(`<import location="AXLSoap.xsd" namespace="${axlNamespace(version)}"/>`);
      for (const operation of operationNames()) {
        expect(wsdl).to.include(`<soap:operation soapAction="CUCM:DB ver=${version} ${operation}" style="document"/>`);
        // Message names equal element names, so node-soap's server can parse requests.
        expect(wsdl).to.include(`<message name="${operation}">\n    <part element="ns:${operation}" name="axlParams"/>`);
      }
      expect(renderAxlSchema(version)).to.include(`targetNamespace="${axlNamespace(version)}"`);
    }
    expect(soapAction("14.0", "addLine")).to.equal("CUCM:DB ver=14.0 addLine");
  });

  it("are well-formed XML Schema: libxml2 compiles ucflow's XSD and requests validate against it", async () => {
    const transport = new AnsweringTransport();
    const client = testClient(transport.send);
    for (const testCase of PAYLOAD_CASES) await testCase.run(client);
    const outcome = await validateXML({
      xml: transport.bodies.map((b, i) => ({ fileName: `r${i}.xml`, contents: bodyElement(b.body) })),
      schema: [{ fileName: "AXLSoap.xsd", contents: renderAxlSchema("15.0") }],
      maxMemoryPages: memoryPages.GiB,
    });
    expect(outcome.errors.map((e) => e.rawMessage)).to.deep.equal([]);
  });

  it("send the same bytes whether the schema is inline (what the client loads) or imported from AXLSoap.xsd", async () => {
    const fromFiles = new AnsweringTransport();
    const inline = new AnsweringTransport();
    // schemaDir with ucflow's own files goes through node-soap's file loading and import.
    const fileClient = testClient(fromFiles.send, { schemaDir: path.join(SCHEMA_SOURCE_DIR, "15.0") });
    const inlineClient = testClient(inline.send);
    for (const testCase of PAYLOAD_CASES) {
      await testCase.run(fileClient);
      await testCase.run(inlineClient);
    }
    expect(inline.bodies).to.have.length(PAYLOAD_CASES.length);
    expect(inline.bodies).to.deep.equal(fromFiles.bodies);
  });

  it("drive node-soap's server: a request from the client reaches the handler with its arguments", async () => {
    let received: unknown;
    const server = await soap.createServerless({
      path: "/axl/",
      xml: renderAxlWsdl("15.0", { inlineSchema: true }),
      envelopeKey: "soapenv",
      services: {
        AXLAPIService: {
          AXLPort: {
            addLine: (args: unknown) => {
              received = args;
              return { return: "{A8D94FF0-4627-EECC-0D8D-E2EE69123B32}" };
            },
          },
        },
      },
    });
    const transport = new AnsweringTransport();
    await PAYLOAD_CASES.find((c) => c.operation === "addLine" && c.kind === "realistic")!.run(testClient(transport.send));
    const answer = await server.processRequest(transport.bodies[0].body, { url: "/axl/", method: "POST", headers: { "content-type": "text/xml" } });
    expect(answer.statusCode).to.equal(200);
    expect(answer.body).to.include("<return>{A8D94FF0-4627-EECC-0D8D-E2EE69123B32}</return>");
    expect(received).to.deep.include({ line: { ...(received as { line: object }).line, pattern: "4001", usage: "Device", routePartitionName: "Cu1Si1-Internal" } });
  });

  it("description: field lists parse, types resolve, and no object lists a field twice", () => {
    for (const object of OBJECTS) {
      for (const list of [object.key, object.updateKey ?? "", object.update ?? "", object.searchCriteria, object.listFields]) expect(() => parseFields(list)).not.to.throw();
      expect(object.verbs.length).to.be.greaterThan(0);
    }
    for (const action of ACTIONS) expect(() => parseFields(action.request)).not.to.throw();
    expect(() => parseFields("name Unknown:XNoSuchType")).to.throw(/malformed|unknown type/);
    expect(() => parseFields("name name")).to.throw(/twice/);
  });
});
