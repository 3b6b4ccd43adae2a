// Renders ucflow's AXL WSDL and XSD for one schema version from description.ts. Pure: the
// committed files under schema/<version>/ are this output (a test checks they are current), and
// the client renders the same text in memory, so the files need not ship with the package.
//
// Shaped like Cisco's toolkit files so clients built on either are wire-identical (reference
// §1, §4): namespace http://www.cisco.com/AXL/API/<version>, SOAPAction
// "CUCM:DB ver=<version> <operation>", service AXLAPIService, port AXLPort, binding
// AXLAPIBinding, document/literal. Unlike Cisco's, message names equal element names
// (`addPhone`, `addPhoneResponse`), which npm `soap`'s server needs to parse requests
// (reference §5.1), and the element prefix is `ns`, as CUCM and Cisco's samples write it.
import { ACTIONS, type AxlObject, type AxlSchemaVersion, type AxlVerb, type Field, OBJECTS, parseFields, TYPES } from "./description";

export const AXL_SERVICE_NAMESPACE = "http://www.cisco.com/AXLAPIService/";

/** The namespace of AXL requests and responses for a schema version. */
export function axlNamespace(version: string): string {
  return `http://www.cisco.com/AXL/API/${version}`;
}

/** The SOAPAction header value (without its quotes) of an operation. */
export function soapAction(version: string, operation: string): string {
  return `CUCM:DB ver=${version} ${operation}`;
}

const GENERATED = "DO NOT EDIT: generated from provider/backends/axl/schema/description.ts by render.ts; regenerate with `npm run axl-schema`.";
const NOT_CISCO =
  "ucflow's own minimal, lax subset of the AXL schema (names and order as in Cisco's AXL schema reference; every element optional text). Not Cisco's file: to use your cluster's AXL toolkit files instead, see docs/credentials-cucm.md (schemaDir).";

/** One request/response pair. */
interface Operation {
  readonly name: string;
  readonly requestType: string;
  readonly responseType: string;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function operationsOf(object: AxlObject): readonly Operation[] {
  return object.verbs.map((verb) => {
    const name = `${verb}${object.name}`;
    const base = upperFirst(name);
    const standard = verb === "add" || verb === "update" || verb === "remove";
    return { name, requestType: `${base}Req`, responseType: standard ? "StandardResponse" : `${base}Res` };
  });
}

/** Every operation of the description, objects first, in description order. */
export function allOperations(): readonly Operation[] {
  return [
    ...OBJECTS.flatMap(operationsOf),
    ...ACTIONS.map((action) => ({ name: action.name, requestType: `${upperFirst(action.name)}Req`, responseType: action.returns ? `${upperFirst(action.name)}Res` : "StandardResponse" })),
  ];
}

function elementXml(field: Field, indent: string): string {
  const type = field.kind === "text" ? "xsd:string" : field.kind === "foreignKey" ? "axlapi:XFkType" : `axlapi:${field.type}`;
  return `${indent}<xsd:element name="${field.name}" type="${type}" minOccurs="0"${field.repeated ? ' maxOccurs="unbounded"' : ""}/>`;
}

function complexTypeXml(name: string, fields: readonly Field[], attributes: readonly string[]): string {
  const lines = [`  <xsd:complexType name="${name}">`];
  if (fields.length > 0) {
    lines.push("    <xsd:sequence>", ...fields.map((f) => elementXml(f, "      ")), "    </xsd:sequence>");
  }
  lines.push(...attributes.map((a) => `    <xsd:attribute name="${a}" type="xsd:string"/>`), "  </xsd:complexType>");
  return lines.join("\n");
}

function text(name: string, repeated = false): Field {
  return { name, kind: "text", repeated };
}

function complex(name: string, type: string, repeated = false): Field {
  return { name, kind: "complex", type, repeated };
}

/** The request and response types of one object's verb. */
function objectTypesXml(object: AxlObject, verb: AxlVerb): string[] {
  const base = upperFirst(`${verb}${object.name}`);
  const request = ["sequence"];
  switch (verb) {
    case "add":
      return [complexTypeXml(`${base}Req`, [complex(object.element, object.type!)], request)];
    case "get":
      return [
        complexTypeXml(`${base}Req`, parseFields(object.key), request),
        complexTypeXml(`${base}Res`, [complex("return", `${base}Return`)], request),
        complexTypeXml(`${base}Return`, [complex(object.element, object.type!)], []),
      ];
    case "update":
      return [complexTypeXml(`${base}Req`, [...parseFields(object.updateKey ?? object.key), ...parseFields(object.update ?? "")], request)];
    case "remove":
      return [complexTypeXml(`${base}Req`, parseFields(object.key), request)];
    case "list":
      return [
        complexTypeXml(`${base}Req`, [complex("searchCriteria", `${base}SearchCriteria`), complex("returnedTags", `L${object.name}`), text("skip"), text("first")], request),
        complexTypeXml(`${base}SearchCriteria`, parseFields(object.searchCriteria), []),
        complexTypeXml(`L${object.name}`, parseFields(object.listFields), object.attributes),
        complexTypeXml(`${base}Res`, [complex("return", `${base}Return`)], request),
        complexTypeXml(`${base}Return`, [complex(object.element, `L${object.name}`, true)], []),
      ];
  }
}

/** The XSD body: elements and types, without the schema element. */
function schemaContent(): string {
  const parts: string[] = [];
  parts.push('  <xsd:element name="axlError" type="axlapi:AXLError"/>');
  parts.push(complexTypeXml("AXLError", [text("axlcode"), text("axlmessage"), text("request")], []));
  for (const operation of allOperations()) {
    parts.push(`  <xsd:element name="${operation.name}" type="axlapi:${operation.requestType}"/>`);
    parts.push(`  <xsd:element name="${operation.name}Response" type="axlapi:${operation.responseType}"/>`);
  }
  parts.push(
    [
      '  <xsd:complexType name="XFkType">',
      "    <xsd:simpleContent>",
      '      <xsd:extension base="xsd:string">',
      '        <xsd:attribute name="uuid" type="xsd:string"/>',
      "      </xsd:extension>",
      "    </xsd:simpleContent>",
      "  </xsd:complexType>",
    ].join("\n"),
  );
  parts.push(complexTypeXml("StandardResponse", [text("return")], ["sequence"]));
  for (const object of OBJECTS) for (const verb of object.verbs) parts.push(...objectTypesXml(object, verb));
  for (const action of ACTIONS) {
    const base = upperFirst(action.name);
    parts.push(complexTypeXml(`${base}Req`, parseFields(action.request), ["sequence"]));
    if (action.returns) {
      parts.push(complexTypeXml(`${base}Res`, [complex("return", `${base}Return`)], ["sequence"]));
      parts.push(complexTypeXml(`${base}Return`, parseFields(action.returns), []));
    }
  }
  for (const [name, type] of Object.entries(TYPES)) parts.push(complexTypeXml(name, parseFields(type.fields), type.attributes ?? []));
  return parts.join("\n");
}

/**
 * The schema element. Standalone it uses Cisco's prefix `axlapi`; inside the WSDL it uses the
 * WSDL's `ns`, so node-soap declares no second prefix and both forms send identical bytes.
 */
function schemaElement(version: AxlSchemaVersion, indent: string, prefix: "axlapi" | "ns"): string {
  const namespace = axlNamespace(version);
  const open = `<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:axlapi="${namespace}" targetNamespace="${namespace}" elementFormDefault="unqualified" attributeFormDefault="unqualified" version="${version}">`;
  const body = schemaContent()
    .split("\n")
    .map((line) => indent + line)
    .join("\n");
  const text = `${indent}${open}\n${body}\n${indent}</xsd:schema>`;
  // "axlapi" occurs only as this prefix, in xmlns:axlapi= and in type="axlapi:…".
  return prefix === "axlapi" ? text : text.replace(/xmlns:axlapi=/g, "xmlns:ns=").replace(/"axlapi:/g, '"ns:');
}

/** AXLSoap.xsd for one version. */
export function renderAxlSchema(version: AxlSchemaVersion): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!-- ${GENERATED} -->\n<!-- ${NOT_CISCO} -->\n${schemaElement(version, "", "axlapi")}\n`;
}

export interface RenderWsdlOptions {
  /** Put the schema inside the WSDL's <types> instead of importing AXLSoap.xsd beside it. @default false */
  readonly inlineSchema?: boolean;
}

/** AXLAPI.wsdl for one version. */
export function renderAxlWsdl(version: AxlSchemaVersion, options: RenderWsdlOptions = {}): string {
  const namespace = axlNamespace(version);
  const operations = allOperations();
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- ${GENERATED} -->`,
    `<!-- ${NOT_CISCO} -->`,
    `<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:s0="${AXL_SERVICE_NAMESPACE}" xmlns:ns="${namespace}" targetNamespace="${AXL_SERVICE_NAMESPACE}">`,
    options.inlineSchema ? `  <types>\n${schemaElement(version, "    ", "ns")}\n  </types>` : `  <import location="AXLSoap.xsd" namespace="${namespace}"/>`,
    '  <message name="AXLError">',
    '    <part element="ns:axlError" name="parameters"/>',
    "  </message>",
  ];
  for (const op of operations) {
    for (const message of [op.name, `${op.name}Response`]) {
      lines.push(`  <message name="${message}">`, `    <part element="ns:${message}" name="axlParams"/>`, "  </message>");
    }
  }
  lines.push('  <portType name="AXLPort">');
  for (const op of operations) {
    lines.push(
      `    <operation name="${op.name}">`,
      `      <input message="s0:${op.name}"/>`,
      `      <output message="s0:${op.name}Response"/>`,
      '      <fault name="fault" message="s0:AXLError"/>',
      "    </operation>",
    );
  }
  lines.push("  </portType>", '  <binding name="AXLAPIBinding" type="s0:AXLPort">', '    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>');
  for (const op of operations) {
    lines.push(
      `    <operation name="${op.name}">`,
      `      <soap:operation soapAction="${soapAction(version, op.name)}" style="document"/>`,
      '      <input><soap:body use="literal"/></input>',
      '      <output><soap:body use="literal"/></output>',
      '      <fault name="fault"><soap:fault name="fault" use="literal"/></fault>',
      "    </operation>",
    );
  }
  lines.push(
    "  </binding>",
    '  <service name="AXLAPIService">',
    '    <port binding="s0:AXLAPIBinding" name="AXLPort">',
    '      <soap:address location="https://CCMSERVERNAME:8443/axl/"/>',
    "    </port>",
    "  </service>",
    "</definitions>",
  );
  return `${lines.join("\n")}\n`;
}

/** The committed files: path under provider/backends/axl/schema/ to content. */
export function renderAxlSchemaFiles(versions: readonly AxlSchemaVersion[]): ReadonlyMap<string, string> {
  const files = new Map<string, string>();
  for (const version of versions) {
    files.set(`${version}/AXLAPI.wsdl`, renderAxlWsdl(version));
    files.set(`${version}/AXLSoap.xsd`, renderAxlSchema(version));
  }
  return files;
}
