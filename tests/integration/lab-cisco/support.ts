// Shared set-up of the AXL simulator tests: a lab running one axl service (its own clock when a
// test needs to move time), raw HTTPS + XML requests the way a hand-written client sends them,
// and readers for answers and faults. Answers are parsed with a namespace-aware XML parser and
// looked up by local name, as a client would.
import { expect } from "chai";
import { mkdtemp, rm } from "node:fs/promises";
import * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import { LabControlClient, startLab, type LabHandle } from "../../../lab";
import { createAxlService, LAB_AXL_ADMIN, parseXml, type AxlServiceOptions, type XmlElement } from "../../../lab/cisco";

export interface AxlLab {
  readonly lab: LabHandle;
  readonly control: LabControlClient;
  /** https://127.0.0.1:<port> */
  readonly baseUrl: string;
  /** The AXL endpoint, https://127.0.0.1:<port>/axl/ */
  readonly axlUrl: string;
  readonly stateDir: string;
  stop(): Promise<void>;
}

export async function startAxlLab(options: AxlServiceOptions = {}, stateDir?: string): Promise<AxlLab> {
  const tlsDir = process.env.UCFLOW_TEST_TLS_DIR;
  if (!tlsDir) throw new Error("the AXL lab tests need UCFLOW_TEST_TLS_DIR (the test runner sets it)");
  const dir = stateDir ?? (await mkdtemp(path.join(os.tmpdir(), "ucflow-lab-axl-")));
  const lab = await startLab({ stateDir: dir, tlsDir, services: [createAxlService(options)], ldap: false, log: () => undefined });
  const baseUrl = lab.endpoints.services[options.name ?? "axl"] as string;
  return {
    lab,
    control: new LabControlClient(lab.endpoints.control, lab.caCertPem),
    baseUrl,
    axlUrl: `${baseUrl}/axl/`,
    stateDir: dir,
    stop: async () => {
      await lab.stop();
      if (!stateDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One lab for the file, reset before each test, stopped after. */
export function withAxlLab(ready: (env: AxlLab) => void, options: AxlServiceOptions = {}): void {
  let env: AxlLab | undefined;
  before(async () => {
    env = await startAxlLab(options);
    ready(env);
  });
  after(async () => {
    await env?.stop();
  });
  beforeEach(async () => {
    await env?.control.reset();
  });
}

export interface Credentials {
  readonly userid: string;
  readonly password: string;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export function basic(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.userid}:${credentials.password}`).toString("base64")}`;
}

/** A raw HTTPS request to the simulator. */
export function httpRequest(env: AxlLab, method: string, url: string, body: string | undefined, headers: Record<string, string>): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method, ca: env.lab.caCertPem, headers: { ...headers, ...(body !== undefined ? { "content-length": String(Buffer.byteLength(body)) } : {}) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}

export interface EnvelopeOptions {
  /** Schema version of the namespace (default 15.0). */
  readonly version?: string;
  readonly prefix?: string;
  readonly envelopePrefix?: string;
  /** Attributes of the operation element, e.g. sequence="7". */
  readonly attributes?: string;
}

/** A SOAP 1.1 request as CUCM's samples write it (namespace declared on the Envelope). */
export function envelope(operation: string, inner: string, options: EnvelopeOptions = {}): string {
  const p = options.prefix ?? "ns";
  const e = options.envelopePrefix ?? "soapenv";
  const ns = `http://www.cisco.com/AXL/API/${options.version ?? "15.0"}`;
  const declaration = p === "" ? "" : ` xmlns:${p}="${ns}"`;
  const opName = p === "" ? operation : `${p}:${operation}`;
  const opNamespace = p === "" ? ` xmlns="${ns}"` : "";
  return `<${e}:Envelope xmlns:${e}="http://schemas.xmlsoap.org/soap/envelope/"${declaration}><${e}:Body><${opName}${opNamespace}${options.attributes ? ` ${options.attributes}` : ""}>${inner}</${opName}></${e}:Body></${e}:Envelope>`;
}

export interface CallOptions extends EnvelopeOptions {
  readonly credentials?: Credentials | null;
  /** The SOAPAction header; default `"CUCM:DB ver=<version> <operation>"`, null for none. */
  readonly soapAction?: string | null;
  readonly headers?: Record<string, string>;
  readonly url?: string;
}

/** POSTs an AXL operation with Basic auth and SOAPAction. */
export function axl(env: AxlLab, operation: string, inner: string, options: CallOptions = {}): Promise<HttpAnswer> {
  const soapAction = options.soapAction === undefined ? `"CUCM:DB ver=${options.version ?? "15.0"} ${operation}"` : options.soapAction;
  const credentials = options.credentials === undefined ? LAB_AXL_ADMIN : options.credentials;
  return httpRequest(env, "POST", options.url ?? env.axlUrl, envelope(operation, inner, options), {
    "content-type": "text/xml; charset=utf-8",
    ...(credentials ? { authorization: basic(credentials) } : {}),
    ...(soapAction !== null ? { soapaction: soapAction } : {}),
    ...options.headers,
  });
}

export function child(element: XmlElement | undefined, local: string): XmlElement {
  const found = element?.children.find((candidate) => candidate.local === local);
  if (!found) throw new Error(`no ${local} under ${element?.local ?? "nothing"}`);
  return found;
}

export function children(element: XmlElement, local: string): XmlElement[] {
  return element.children.filter((candidate) => candidate.local === local);
}

/** The text at a path of local names below an element. */
export function textAt(element: XmlElement, ...names: string[]): string {
  let current = element;
  for (const name of names) current = child(current, name);
  return current.text;
}

/** The <return> element of a 200 answer (fails the test otherwise). */
export function returnOf(answer: HttpAnswer, operation: string): XmlElement {
  expect(answer.status, answer.body).to.equal(200);
  expect(String(answer.headers["content-type"])).to.match(/^text\/xml/);
  const root = parseXml(answer.body);
  const response = child(child(root, "Body"), `${operation}Response`);
  expect(response.uri).to.match(/^http:\/\/www\.cisco\.com\/AXL\/API\//);
  return child(response, "return");
}

export interface AxlFaultAnswer {
  readonly faultcode: string;
  readonly faultstring: string;
  readonly axlcode: number;
  readonly axlmessage: string;
  readonly request: string;
}

/** The SOAP fault of a 500 answer, with its axlError detail. */
export function faultOf(answer: HttpAnswer): AxlFaultAnswer {
  expect(answer.status, answer.body).to.equal(500);
  const fault = child(child(parseXml(answer.body), "Body"), "Fault");
  const error = child(child(fault, "detail"), "axlError");
  return {
    faultcode: textAt(fault, "faultcode"),
    faultstring: textAt(fault, "faultstring"),
    axlcode: Number(textAt(error, "axlcode")),
    axlmessage: textAt(error, "axlmessage"),
    request: textAt(error, "request"),
  };
}

/** Adds an object and returns its uuid (fails the test on a fault). */
export async function addOk(env: AxlLab, kind: string, element: string, inner: string): Promise<string> {
  return textOf(returnOf(await axl(env, `add${kind}`, `<${element}>${inner}</${element}>`), `add${kind}`));
}

export function textOf(element: XmlElement): string {
  return element.text;
}

export const UUID = /^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/;

/** get<Kind> and the object element of its answer. */
export async function getOk(env: AxlLab, kind: string, element: string, key: string, returnedTags = ""): Promise<XmlElement> {
  const answer = await axl(env, `get${kind}`, `${key}${returnedTags ? `<returnedTags>${returnedTags}</returnedTags>` : ""}`);
  return child(returnOf(answer, `get${kind}`), element);
}

/** update<Kind> (fails the test on a fault) and its returned uuid. */
export async function updateOk(env: AxlLab, kind: string, inner: string): Promise<string> {
  return returnOf(await axl(env, `update${kind}`, inner), `update${kind}`).text;
}

/** remove<Kind> (fails the test on a fault) and its returned uuid. */
export async function removeOk(env: AxlLab, kind: string, key: string): Promise<string> {
  return returnOf(await axl(env, `remove${kind}`, key), `remove${kind}`).text;
}

/** The items of a list element: their texts, or (with `field`) a field's text of each. */
export function itemTexts(element: XmlElement, item: string, ...field: string[]): string[] {
  return children(element, item).map((entry) => (field.length === 0 ? entry.text : textAt(entry, ...field)));
}
