// SOAP 1.1 as AXL speaks it: the request's Body operation element, and the answers CUCM writes
// (soapenv prefix, the operation's response element carrying `xmlns:ns`, text/xml UTF-8).
import type { LabResponse } from "../../../http/lab-http";
import { escapeXml, parseXml, XmlSyntaxError, type XmlElement } from "../xml/xml-tree";
import { type AxlFault, SoapFault } from "./axl-fault";

export const SOAP_11_NAMESPACE = "http://schemas.xmlsoap.org/soap/envelope/";
export const SOAP_12_NAMESPACE = "http://www.w3.org/2003/05/soap-envelope";
export const AXL_CONTENT_TYPE = "text/xml;charset=UTF-8";

/** The operation element inside the Body of a SOAP 1.1 envelope. */
export function readOperation(text: string): XmlElement {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new SoapFault(error.message);
    throw error;
  }
  if (root.local !== "Envelope" || (root.uri !== SOAP_11_NAMESPACE && root.uri !== SOAP_12_NAMESPACE)) {
    throw new SoapFault(`the request body is not a SOAP envelope: its root element is {${root.uri}}${root.local}`);
  }
  if (root.uri === SOAP_12_NAMESPACE) {
    throw new SoapFault("AXL speaks SOAP 1.1 (envelope namespace http://schemas.xmlsoap.org/soap/envelope/), not SOAP 1.2", "soapenv:VersionMismatch");
  }
  const body = root.children.find((child) => child.local === "Body" && child.uri === SOAP_11_NAMESPACE);
  if (!body) throw new SoapFault("the SOAP envelope has no Body");
  const operation = body.children[0];
  if (!operation || body.children.length > 1) throw new SoapFault(`the SOAP Body must hold exactly one operation element, it holds ${body.children.length}`);
  return operation;
}

function envelope(content: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="${SOAP_11_NAMESPACE}"><soapenv:Body>${content}</soapenv:Body></soapenv:Envelope>`;
}

/** `<ns:<op>Response xmlns:ns="..."><return>...</return></ns:...>` in a 200 answer. */
export function soapResponse(operation: string, namespace: string, returnContent: string, sequence: string | undefined): LabResponse {
  const sequenceAttribute = sequence !== undefined ? ` sequence="${escapeXml(sequence)}"` : "";
  const returnElement = returnContent === "" ? "<return/>" : `<return>${returnContent}</return>`;
  return {
    status: 200,
    headers: { "content-type": AXL_CONTENT_TYPE },
    body: envelope(`<ns:${operation}Response xmlns:ns="${escapeXml(namespace)}"${sequenceAttribute}>${returnElement}</ns:${operation}Response>`),
  };
}

/** HTTP 500 with `detail/axlError{axlcode, axlmessage, request}`. */
export function axlFaultResponse(fault: AxlFault, operation: string): LabResponse {
  const message = escapeXml(fault.message);
  return {
    status: 500,
    headers: { "content-type": AXL_CONTENT_TYPE },
    body: envelope(
      `<soapenv:Fault><faultcode>${fault.faultcode}</faultcode><faultstring>${message}</faultstring>` +
        `<detail><axlError><axlcode>${fault.axlcode}</axlcode><axlmessage>${message}</axlmessage><request>${escapeXml(operation)}</request></axlError></detail></soapenv:Fault>`,
    ),
  };
}

/** HTTP 500 with a bare SOAP fault (no axlError): the message never reached an AXL operation. */
export function soapFaultResponse(fault: SoapFault): LabResponse {
  return {
    status: 500,
    headers: { "content-type": AXL_CONTENT_TYPE },
    body: envelope(`<soapenv:Fault><faultcode>${fault.faultcode}</faultcode><faultstring>${escapeXml(fault.message)}</faultstring></soapenv:Fault>`),
  };
}

/** The `sequence` attribute of a request, echoed on its answer. */
export function sequenceOf(operation: XmlElement): string | undefined {
  return operation.attributes.sequence;
}

